"""Real servers on 127.0.0.1, started and stopped by the program that needs them.

The drill (`portal exercice`) runs a whole publication against three local mirrors, and the
tests run publish and verify against the same servers: a plain HTTP server that serves a
folder read-only (the public address patients read), a WebDAV server (wsgidav on cheroot)
and an OpenSSH server with throwaway keys (the target of an rsync mirror). Each is a
context manager: whatever happens in the block, the server is stopped at its end. None
listens on anything but the loopback address.
"""

from __future__ import annotations

import functools
import getpass
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
SYSTEM_FOLDERS = "/usr/sbin:/usr/local/sbin"
"""Where Debian puts sshd: outside most users' PATH, looked up there after PATH."""

WsgiApp = Callable[[dict[str, Any], Any], Any]


class MissingComponent(Exception):
    """A program a server needs is not installed; the message says which and how to get it."""


def free_port() -> int:
    """A port nobody listens on, on 127.0.0.1 (for a server, or for an unreachable mirror)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def program(name: str, package: str) -> str:
    """The path of an installed program (PATH, then the system folders), or
    `MissingComponent` naming the Debian package that brings it."""
    found = shutil.which(name) or shutil.which(name, path=SYSTEM_FOLDERS)
    if found is None:
        raise MissingComponent(f"{name} absent : installez-le (sudo apt-get install {package})")
    return found


@contextmanager
def running(server: http.server.ThreadingHTTPServer) -> Iterator[str]:
    """`server` answering from a thread while the block runs; yields its base URL (no
    trailing slash), and closes it afterwards."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietFiles(http.server.SimpleHTTPRequestHandler):
    """Serves a folder read-only (GET and HEAD only), without a line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def static_server(root: Path) -> Iterator[str]:
    """`root` served read-only over HTTP on a free loopback port, in a thread of this
    process; yields the base URL (no trailing slash)."""
    handler = functools.partial(QuietFiles, directory=str(root))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    server.daemon_threads = True
    with running(server) as url:
        yield url


@contextmanager
def static_server_process(root: Path) -> Iterator[str]:
    """`root` served read-only over HTTP by Python's own server in a child process, as a
    mirror is another machine: its work does not slow the program that reads it. Yields
    the base URL (no trailing slash). HTTP/1.0, one connection per file: with Python's
    server, keep-alive cost the reading client more CPU, not less (measured)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", HOST,
                                "--directory", str(root)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, process, "http.server")
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def webdav_server(root: Path, user: str, password: str,
                  wrap: Callable[[WsgiApp, Callable[[], None]], WsgiApp] | None = None
                  ) -> Iterator[str]:
    """Serve `root` over WebDAV with basic auth (one account); yields the URL, with a
    trailing slash. `wrap(app, stop)` may put a WSGI middleware around the app, which may
    stop the server (tests inject faults)."""
    try:
        from cheroot import wsgi
        from wsgidav.wsgidav_app import WsgiDAVApp  # type: ignore[import-untyped]
    except ImportError as exc:
        raise MissingComponent(f"{exc.name} absent : réinstallez l'outil "
                               "(pip install portail-crise)") from exc
    config = {"host": HOST, "port": 0, "provider_mapping": {"/": str(root)},
              "http_authenticator": {"domain_controller": None, "accept_basic": True,
                                     "accept_digest": False, "default_to_digest": False},
              "simple_dc": {"user_mapping": {"*": {user: {"password": password}}}},
              "verbose": 0, "logging": {"enable": False}, "lock_storage": True}
    app: WsgiApp = WsgiDAVApp(config)
    server = wsgi.Server((HOST, 0), app)
    if wrap is not None:
        server.wsgi_app = wrap(app, server.stop)
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.bind_addr[1]}/"
    finally:
        server.stop()
        thread.join(timeout=10)


@contextmanager
def ssh_server(work: Path) -> Iterator[tuple[int, Path]]:
    """An OpenSSH server on 127.0.0.1 for this user, key-only, with throwaway host and client
    keys written in `work`; yields (port, client key). `MissingComponent` without sshd or
    ssh-keygen."""
    sshd = program("sshd", "openssh-server")
    keygen = program("ssh-keygen", "openssh-client")
    work.mkdir(parents=True, exist_ok=True)
    for name in ("host", "client"):
        subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(work / name)],
                       check=True)
    (work / "authorized_keys").write_text((work / "client.pub").read_text())
    port = free_port()
    (work / "sshd_config").write_text(
        f"Port {port}\nListenAddress {HOST}\nHostKey {work / 'host'}\n"
        f"AuthorizedKeysFile {work / 'authorized_keys'}\nPidFile {work / 'sshd.pid'}\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
        "StrictModes no\nPermitRootLogin prohibit-password\n"
        f"AllowUsers {getpass.getuser()}\nSubsystem sftp internal-sftp\n")
    Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory
    process = subprocess.Popen([sshd, "-D", "-e", "-f", str(work / "sshd_config")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, process, "sshd")
        yield port, work / "client"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen[bytes], name: str,
              seconds: float = 10.0) -> None:
    """Until the server accepts connections; `MissingComponent` if it died or never did."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with socket.socket() as client:
            if client.connect_ex((HOST, port)) == 0:
                return
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise MissingComponent(f"le serveur {name} n'a pas démarré sur {HOST}:{port}")

"""Real servers on 127.0.0.1 for the publish and verify tests.

A WebDAV server (wsgidav on cheroot) with an optional fault (it dies) and a log of every
request it received; the same folder is also served read-only over plain HTTP, as the
public address patients read. A scripted HTTP server whose every byte is chosen by the
test: hostile mirrors (one byte every few seconds, endless bodies, server errors).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cheroot import wsgi
from wsgidav.wsgidav_app import WsgiDAVApp

USER, PASSWORD = "portail", "secret-de-test"


def free_port() -> int:
    """A port nobody listens on, on 127.0.0.1 (for a server, or for an unreachable mirror)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def webdav_server(root: Path, die_after_puts: int | None = None,
                  log: list[tuple[str, str, str]] | None = None) -> Iterator[str]:
    """Serve `root` over WebDAV with basic auth; yields the URL. `die_after_puts`: the
    server stops (connections refused) after that many successful uploads. `log` receives
    (method, path as received, Content-Type) for every request."""
    config = {"host": "127.0.0.1", "port": 0, "provider_mapping": {"/": str(root)},
              "http_authenticator": {"domain_controller": None, "accept_basic": True,
                                     "accept_digest": False, "default_to_digest": False},
              "simple_dc": {"user_mapping": {"*": {USER: {"password": PASSWORD}}}},
              "verbose": 0, "logging": {"enable": False}, "lock_storage": True}
    app = WsgiDAVApp(config)
    server = wsgi.Server(("127.0.0.1", 0), _Faulty(app, die_after_puts, log))
    server.prepare()
    server._faulty_stop = server.stop  # type: ignore[attr-defined]
    app_wrapper: _Faulty = server.wsgi_app
    app_wrapper.server = server
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.bind_addr[1]}/"
    finally:
        server.stop()


class _Faulty:
    def __init__(self, app: Any, die_after_puts: int | None,
                 log: list[tuple[str, str, str]] | None) -> None:
        self.app, self.limit, self.puts, self.log = app, die_after_puts, 0, log
        self.server: Any = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self.log is not None:
            self.log.append((environ["REQUEST_METHOD"], environ.get("RAW_URI")
                             or environ["PATH_INFO"], environ.get("CONTENT_TYPE", "")))
        if environ["REQUEST_METHOD"] == "PUT" and self.limit is not None:
            if self.puts >= self.limit:
                threading.Thread(target=self.server.stop, daemon=True).start()
                start_response("503 Service Unavailable", [("Content-Length", "0")])
                return [b""]
            self.puts += 1
        return self.app(environ, start_response)


@contextmanager
def s3_server() -> Iterator[str]:
    """moto's S3-compatible server in its own process on 127.0.0.1; yields its URL."""
    import shutil
    import subprocess
    import sys
    import time

    import httpx

    port = free_port()
    command = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    assert command, "moto_server absent : « make test » installe les dépendances de test"
    process = subprocess.Popen([command, "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


SSHD = "/usr/sbin/sshd"


@contextmanager
def ssh_server(work: Path) -> Iterator[tuple[int, Path]]:
    """An OpenSSH server on 127.0.0.1 for this user, key-only; yields (port, client key)."""
    import getpass
    import socket
    import subprocess
    import time

    work.mkdir(parents=True, exist_ok=True)
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(work / name)],
                       check=True)
    (work / "authorized_keys").write_text((work / "client.pub").read_text())
    port = free_port()
    (work / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {work / 'host'}\n"
        f"AuthorizedKeysFile {work / 'authorized_keys'}\nPidFile {work / 'sshd.pid'}\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
        "StrictModes no\nPermitRootLogin prohibit-password\n"
        f"AllowUsers {getpass.getuser()}\nSubsystem sftp internal-sftp\n")
    Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory
    process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(work / "sshd_config")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield port, work / "client"
    finally:
        process.terminate()
        process.wait(timeout=10)


Answer = Callable[[str], Iterable[bytes]]
"""The raw HTTP response to a request for a path, as chunks written one after the other
(a generator may sleep between them, or never end)."""


@contextmanager
def scripted_server(answer: Answer) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 that answers each GET with `answer(path)`; yields its
    URL. A client that hangs up ends the answer (its thread stops writing)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            try:
                for chunk in answer(self.path):
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with running(server) as url:
        yield url + "/"


@contextmanager
def running(server: ThreadingHTTPServer) -> Iterator[str]:
    """`server` answering from a thread while the block runs; yields its base URL (no
    trailing slash), and closes it afterwards."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def http_response(body: bytes, status: str = "200 OK") -> list[bytes]:
    """A whole, ordinary response."""
    return [f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n".encode(), body]

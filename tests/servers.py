"""Real servers on 127.0.0.1 for the publish and verify tests.

A WebDAV server (wsgidav on cheroot) with an optional fault (it dies) and a log of every
request it received; the same folder is also served read-only over plain HTTP, as the
public address patients read. A scripted HTTP server whose every byte is chosen by the
test: hostile mirrors (one byte every few seconds, endless bodies, server errors).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from generator.drill import loopback
from generator.drill.loopback import free_port, running, ssh_server

__all__ = ["PASSWORD", "SSHD", "USER", "free_port", "http_response", "running",
           "s3_server", "scripted_server", "ssh_server", "webdav_server"]

USER, PASSWORD = "portail", "secret-de-test"


@contextmanager
def webdav_server(root: Path, die_after_puts: int | None = None,
                  log: list[tuple[str, str, str]] | None = None) -> Iterator[str]:
    """Serve `root` over WebDAV with basic auth; yields the URL. `die_after_puts`: the
    server stops (connections refused) after that many successful uploads. `log` receives
    (method, path as received, Content-Type) for every request."""
    def wrap(app: Any, stop: Callable[[], None]) -> Any:
        return _Faulty(app, stop, die_after_puts, log)

    with loopback.webdav_server(root, USER, PASSWORD, wrap) as url:
        yield url


class _Faulty:
    """The WebDAV app, logging each request and stopping the server after `limit` PUTs."""

    def __init__(self, app: Any, stop: Callable[[], None], die_after_puts: int | None,
                 log: list[tuple[str, str, str]] | None) -> None:
        self.app, self.stop, self.limit, self.puts, self.log = app, stop, die_after_puts, 0, log

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self.log is not None:
            self.log.append((environ["REQUEST_METHOD"], environ.get("RAW_URI")
                             or environ["PATH_INFO"], environ.get("CONTENT_TYPE", "")))
        if environ["REQUEST_METHOD"] == "PUT" and self.limit is not None:
            if self.puts >= self.limit:
                threading.Thread(target=self.stop, daemon=True).start()
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


def http_response(body: bytes, status: str = "200 OK") -> list[bytes]:
    """A whole, ordinary response."""
    return [f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n".encode(), body]

"""Real components for browser tests: Debian's Chromium driven by Playwright, a loopback server.

Chromium is installed by `make test` (`make browser`); outside CI a missing browser skips
these tests, under `CI=true` it fails them, as the project's rules require.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import IN_CI, REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Without the background-networking flags, Chromium calls Google services at start-up.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-default-apps", "--disable-features=Translate,MediaRouter"]


def require(path: str | Path, what: str) -> None:
    """Skip when a real component is missing, except in CI where that is a failure."""
    if not Path(path).exists():
        message = f"{what} absent ({path}) : lancez « make test », qui l'installe"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """`root` over HTTP on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

"""Real components for browser tests: Debian's Chromium driven by Playwright, a loopback server.

Chromium is installed by `make test` (`make browser`); outside CI a missing browser skips
these tests, under `CI=true` it fails them, as the project's rules require.
"""

from __future__ import annotations

import fnmatch
import functools
import gzip
import http.server
import io
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI, REPO
from tests.servers import running

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
def serve_directory(root: Path, compress: bool = False,
                    headers: dict[str, str] | Callable[[str], dict[str, str]] | None = None,
                    ) -> Iterator[str]:
    """`root` over HTTP on 127.0.0.1 (a free port); yields the base URL.

    `compress` gzips text responses, as any real host does (for measurements); `headers`
    are added to every response (security headers), or given for each path by a function.
    """
    base = _GzipHandler if compress else _QuietHandler
    fixed = headers or {}
    for_path = headers if callable(headers) else (lambda path: fixed)
    handler_class = type("Handler", (base,), {"headers_for": staticmethod(for_path)})
    handler = functools.partial(handler_class, directory=str(root))
    with running(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as url:
        yield url


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    @staticmethod
    def headers_for(path: str) -> dict[str, str]:  # one subclass per server sets it
        return {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in self.headers_for(self.path.split("?")[0]).items():
            self.send_header(name, value)
        super().end_headers()


class _GzipHandler(_QuietHandler):
    """Serves text files gzip-compressed when the browser accepts it."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or not path.is_file() or path.suffix not in _TEXT_TYPES:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", _TEXT_TYPES[path.suffix])
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


_TEXT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
               ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml"}


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright, for a module's tests (required under CI)."""
    require(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def header_rules(site: Path) -> list[tuple[str, dict[str, str]]]:
    """The rules of the generated `_headers`: (path pattern, headers), comments left out."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in (site / "_headers").read_text("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            rules.append((line.strip(), {}))
        else:
            name, value = line.strip().split(": ", 1)
            rules[-1][1][name] = value
    return rules


def host_headers(site: Path, prefix: str = "") -> Callable[[str], dict[str, str]]:
    """Headers for a path as Netlify sends them from `_headers`: every matching rule in
    order, a later value replacing an earlier one. `prefix`: where the site is served."""
    rules = header_rules(site)

    def for_path(path: str) -> dict[str, str]:
        relative = "/" + path.removeprefix(prefix).lstrip("/")
        found: dict[str, str] = {}
        for pattern, headers in rules:
            if fnmatch.fnmatchcase(relative, pattern):
                found.update(headers)
        return found

    return for_path

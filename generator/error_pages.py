"""The 404 page once per path the site is officially published under.

A host serves its 404 page at any missing address, at any depth (`/crise/ghvf/a/b/c.html`),
so the page cannot find the site's root from its own address, and the site's security policy
allows neither an inline style nor an inline script to work it out. Its links are therefore
absolute paths, written by MkDocs from a base: `404.html` takes `site_url`'s path ("/"
without one), and each other path of `adresses_officielles` gets its own copy,
`404-crise-ghvf.html` for `/crise/ghvf/`, the file that host's error page names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

ERROR_PAGE = "404.html"


def error_page_bases(addresses: Iterable[str], site_url: str | None) -> dict[str, str]:
    """{file name: base path} of the extra 404 pages, one per path `404.html` does not fit."""
    default = _folder(site_url or "/")
    bases = {}
    for address in addresses:
        base = _folder(address)
        if base != default:
            bases[error_page_name(base)] = base
    return bases


def error_page_name(base: str) -> str:
    """`/crise/ghvf/` → `404-crise-ghvf.html`, `/` → `404-racine.html` (when `site_url` has a
    path: `404.html` is always the one for `site_url`)."""
    parts = [re.sub(r"[^A-Za-z0-9._~]+", "-", part) for part in base.split("/") if part]
    return "-".join(["404", *(parts or ["racine"])]) + ".html"


def _folder(url: str) -> str:
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"

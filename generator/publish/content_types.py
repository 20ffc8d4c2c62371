"""The Content-Type each kind of published file is served with, for every mirror kind.

One explicit table rather than Python's `mimetypes`, whose answers depend on the machine
(`/etc/mime.types`) and change for the whole process when anyone calls `add_type`. A
compressed file is sent as the bytes it is (`application/gzip`), never with a
Content-Encoding: the manifest's digest is the digest of those bytes.
"""

from __future__ import annotations

from pathlib import PurePosixPath

FALLBACK = "application/octet-stream"
"""Unknown kinds are downloaded, never interpreted by the browser."""

_TEXT = "; charset=utf-8"

BY_NAME = {
    "atom.xml": "application/atom+xml" + _TEXT,
    "_headers": "text/plain" + _TEXT,
    "manifest.json.sig": "text/plain" + _TEXT,
}
"""Files whose name, not only their suffix, says what they are."""

BY_SUFFIX = {
    ".html": "text/html" + _TEXT,
    ".css": "text/css" + _TEXT,
    ".js": "text/javascript" + _TEXT,
    ".mjs": "text/javascript" + _TEXT,
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml" + _TEXT,
    ".txt": "text/plain" + _TEXT,
    ".conf": "text/plain" + _TEXT,
    ".sig": "text/plain" + _TEXT,
    ".csv": "text/csv" + _TEXT,
    ".gz": "application/gzip",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/vnd.microsoft.icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}


def content_type(path: str) -> str:
    """`sitemap.xml.gz` → `application/gzip`: the last suffix decides, lower-cased."""
    name = PurePosixPath(path).name
    if name in BY_NAME:
        return BY_NAME[name]
    return BY_SUFFIX.get(PurePosixPath(name.lower()).suffix, FALLBACK)

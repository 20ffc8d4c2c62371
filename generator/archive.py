"""The offline copy: the site's pages and what they load, in one zip, to hand around on a
USB key or a share.

Unzipped anywhere and opened from file://, it works as the site does (relative links,
`x.html` pages, the portal's own search page). It holds every file of the site but those
listed in `NOT_IN_THE_COPY`, files for hosts and robots that no page loads: a new file is
in the copy unless someone decides otherwise. Pages in the copy do not offer to download
the copy. The archive is byte-for-byte the same for the same site: entries sorted, one
fixed timestamp, fixed permissions.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from fnmatch import fnmatchcase
from pathlib import Path

ARCHIVE_NAME = "copie-hors-ligne.zip"
FOLDER = "portail-hors-ligne"
"""Unzipping gives one folder, not files spread over the desktop."""
NOT_IN_THE_COPY = (
    ARCHIVE_NAME,
    "_headers", "entetes-securite/*",  # a host's configuration (generator/headers.py)
    "sitemap.xml", "sitemap.xml.gz", "robots.txt",  # for search engines
    "404.html", "404-*.html",  # a host's error page, with absolute links (error_pages.py)
)
"""Paths (`fnmatch` patterns, from the site's root) no page of the copy loads or links to."""

_OFFER = re.compile(rf'<p><a href="(?:\.\./)*{re.escape(ARCHIVE_NAME)}"[^>]*>.*?</p>\n?', re.S)
"""The paragraph offering the copy for download (templates/home.html), dropped."""
_LINK = re.compile(rf'<a [^>]*href="(?:\.\./)*{re.escape(ARCHIVE_NAME)}"[^>]*>(.*?)</a>', re.S)
"""Any other link to the copy (written in a page of content/): its text stays, not the link."""


def write_offline_archive(site: Path, moment: dt.datetime) -> Path:
    """Zip the files of `site` the pages use into `site/ARCHIVE_NAME`."""
    archive = site / ARCHIVE_NAME
    stamp = max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # zip dates start in 1980
    files = sorted(p for p in site.rglob("*") if p.is_file() and in_the_copy(p, site))
    partial = archive.with_suffix(".zip.part")
    # Level 1: a third of the time of the default, for a few percent more bytes.
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for path in files:
            entry = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site).as_posix()}", stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zipped.writestr(entry, _as_in_the_copy(path), compresslevel=1)
    partial.rename(archive)
    return archive


def in_the_copy(path: Path, site: Path) -> bool:
    """Whether the file `path` of `site` goes into the offline copy."""
    relative = path.relative_to(site).as_posix()
    return path != site / f"{ARCHIVE_NAME}.part" \
        and not any(fnmatchcase(relative, pattern) for pattern in NOT_IN_THE_COPY)


def _as_in_the_copy(path: Path) -> bytes:
    """A page without its offer of the copy (the copy does not hold itself); other files as
    they are."""
    data = path.read_bytes()
    if path.suffix != ".html" or ARCHIVE_NAME.encode() not in data:
        return data
    text = _OFFER.sub("", data.decode("utf-8"))
    return _LINK.sub(r"\1", text).encode("utf-8")

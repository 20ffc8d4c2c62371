"""Search engines find one official copy: canonical addresses, `sitemap.xml`, `robots.txt`.

Every mirror publishes the same bytes (the manifest is the same everywhere), so every copy
names the same primary address: the first of `adresses_officielles`. A search engine that
finds the backup copy, or a fraudulent one made from it, is told where the original lives.
No MkDocs import: `generator.build` sets what MkDocs prints from these values.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote, urlsplit, urlunsplit

ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"


def primary_address(official: Sequence[str], site_url: str | None) -> str | None:
    """The folder address every copy names as the original: the first official address,
    else mkdocs.yml's `site_url`; without a query or fragment, ending with `/`, its path
    percent-encoded (a sitemap takes only URL characters: `/crisé/` is `/cris%C3%A9/`)."""
    address = official[0] if official else site_url
    if not address:
        return None
    parts = urlsplit(address)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, quote(path, safe="/%!$&'()*+,;=:@~"), "", ""))


def canonical_url(primary: str, page_url: str) -> str:
    """The page's address at the primary copy; the home page is the address itself.

    `page_url` is MkDocs' (relative, already percent-encoded): `services/x.html`.
    """
    return primary if page_url in ("", "./", "index.html") else primary + page_url


def robots_txt(primary: str | None) -> str:
    """Everything may be crawled; the sitemap is named in full, as the protocol requires."""
    lines = ["User-agent: *", "Allow: /"]
    if primary:
        lines.append(f"Sitemap: {primary}{SITEMAP}")
    return "\n".join(lines) + "\n"

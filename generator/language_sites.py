"""One site per language under one build: French at the root, each other language in a
folder of its own (`en/`), page for page at the same paths.

Every page names its versions in the other languages twice: for search engines
(`<link rel="alternate" hreflang>`, absolute at the primary copy when there is one) and for
patients (a plain link in the header, relative, so it works from file:// and under any
path, without JavaScript). Engine-free: the MkDocs plugin hands these to the theme.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from pathlib import Path

from markupsafe import escape

from generator.i18n import SOURCE_LANGUAGE
from generator.search_engines import ROBOTS, SITEMAP, canonical_url
from generator.theme_texts import language_name

DEFAULT = "x-default"
"""hreflang of the version for readers of any other language: the French one."""
_URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
_END = "</urlset>"


def written_in_french(html: str) -> str:
    """A hand-written page of `content/` shown in another language's site, marked as the
    French it is, for screen readers and translation tools."""
    return f'<div lang="{SOURCE_LANGUAGE}">\n{html}\n</div>'


def language_folder(language: str) -> str:
    """Where a language's site lives in the build: `""` for French, `"en/"` for English."""
    return "" if language == SOURCE_LANGUAGE else f"{language}/"


def build_root(language: str) -> str:
    """From a language's site, the build's root, where the files of the whole build are
    (the offline copy, the manifest): `""` for French, `"../"` for the others."""
    return "../" * language_folder(language).count("/")


def language_primary(primary: str | None, language: str) -> str | None:
    """The primary copy's address for a language's site (`…/en/` for English)."""
    return None if primary is None else primary + language_folder(language)


def page_in(page_url: str, language: str, other: str) -> str:
    """From the page `page_url` (relative to its own site) of the `language` site, the
    relative link to the same page in the `other` language's site."""
    depth = page_url.count("/") + (0 if language == SOURCE_LANGUAGE else 1)
    return "../" * depth + language_folder(other) + (page_url or "index.html")


def alternates(page_url: str, language: str, languages: Sequence[str],
               primary: str | None) -> list[dict[str, str]]:
    """`hreflang` and address of the page in every language of the build (itself included,
    as search engines ask), then `x-default`: absolute at the primary copy, else relative.
    `primary`: the French site's primary address. Escaped for the theme."""
    if len(languages) < 2:
        return []
    links = []
    for other in [*languages, DEFAULT]:
        target = SOURCE_LANGUAGE if other == DEFAULT else other
        href = (canonical_url(primary + language_folder(target), page_url) if primary
                else page_in(page_url, language, target))
        links.append({"hreflang": other, "href": str(escape(href))})
    return links


def language_switch(page_url: str, language: str,
                    languages: Sequence[str]) -> list[dict[str, str]]:
    """The header's links to the page in each other language, named in that language."""
    return [{"lang": other, "name": str(escape(language_name(other))),
             "href": str(escape(page_in(page_url, language, other)))}
            for other in languages if other != language]


def merge_sitemaps(site: Path, languages: Sequence[str]) -> None:
    """One `sitemap.xml` at the root (the one robots.txt names) listing the pages of every
    language; each language's own, which no robots.txt names, removed with its robots.txt.
    Its `.gz`, if the engine wrote one, is written again with the date it had, so builds
    stay reproducible."""
    root = site / SITEMAP
    if not root.is_file():
        return  # no primary address: MkDocs wrote no page addresses
    text = root.read_text("utf-8")
    for language in languages:
        folder = site / language_folder(language)
        if folder == site:
            continue
        own = folder / SITEMAP
        if own.is_file():
            entries = own.read_text("utf-8").partition(_URLSET)[2].rpartition(_END)[0]
            text = text.replace(_END, entries.strip("\n") + "\n" + _END, 1)
        for name in (SITEMAP, f"{SITEMAP}.gz", ROBOTS):
            (folder / name).unlink(missing_ok=True)
    root.write_text(text, "utf-8")
    packed = site / f"{SITEMAP}.gz"
    if not packed.is_file():
        return  # Zensical writes none
    with gzip.open(packed) as previous:
        previous.read()
        moment = previous.mtime
    with gzip.GzipFile(packed, "wb", mtime=moment) as archive:
        archive.write(text.encode("utf-8"))

"""Stage (b) with Zensical: the docs folder stage (a) wrote → a site, finished as the MkDocs
plugin finishes its pages.

Zensical (from Material's authors) reads mkdocs.yml and Material's template overrides, but
runs no plugin: nothing can add pages while it builds. So the portal writes every file it
generates into a folder first (`write_docs_folder`), hands Zensical a configuration made
from the project's mkdocs.yml (the plugin's data as `extra:` values, the portal's theme as
`custom_dir`, its Markdown extension for what happens to each page's text), and finishes the
site after it: canonical addresses and schema.org data in each page's `<head>`, the menu's
name, the inline-script refusal, the sitemap and the 404 page for each official path.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import subprocess
import sys
from html import unescape
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import yaml
from markupsafe import escape

from generator.context import BuildContext
from generator.error_pages import ERROR_PAGE
from generator.finished_pages import UnsafePage, finished_page
from generator.generate import ASSETS_DIR, Generation, theme_data, write_docs_folder
from generator.i18n import SOURCE_LANGUAGE
from generator.identity import PALETTE
from generator.language_sites import (
    alternates,
    language_folder,
    language_switch,
    written_in_french,
)
from generator.search_engines import SITEMAP, canonical_url
from generator.zensical_markdown import NAME as MARKDOWN_EXTENSION

ENGINE = "zensical"
THEME_DIR = resources.files("generator").joinpath("theme")
OWN_PAGES = "pages-du-portail.json"
"""Beside the docs folder: the pages the portal generated (generator/zensical_markdown.py)."""
UNUSED = ("assets/javascripts", "search.json", "assets/images/favicon.png")
"""What Zensical's theme copies into every site and the portal never loads (theme/main.html
loads neither bundle.js nor a search index; the favicon is the hospital's)."""


class ZensicalFailed(Exception):
    """Zensical could not build the site; the message says why, in French."""


class NavPagesMissing(Exception):
    """mkdocs.yml's menu leads to pages that do not exist (Zensical would leave dead links)."""

    def __init__(self, targets: list[str]) -> None:
        super().__init__(", ".join(targets))
        self.targets = targets


def build_with_zensical(config: dict[str, Any], context: BuildContext,
                        generation: Generation, work: Path,
                        languages: tuple[str, ...] = (SOURCE_LANGUAGE,)) -> None:
    """The site in `context.site_dir` (an empty folder), built by Zensical in `work` (a
    folder of its own, removed by the caller). `config`: mkdocs.yml as written, made
    `generation.language`'s; `languages`: the whole build's, each page links its versions."""
    write_docs_folder(generation, context.content_dir, work)
    if missing := [t for t in _nav_targets(config.get("nav") or [])
                   if not (work / "docs" / t).is_file()]:
        raise NavPagesMissing(missing)
    pages = sorted(generation.site.pages)
    (work / OWN_PAGES).write_text(json.dumps({
        "generated": pages, "html": [p for p in pages if _all_html(p, generation)]}), "utf-8")
    config_file = work / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(_zensical_config(config, context, generation, work),
                                          allow_unicode=True), "utf-8")
    _run(config_file)
    context.site_dir.rmdir()  # Zensical writes only inside its project: its site moves here
    (work / "site").rename(context.site_dir)
    finish_site(context, generation, work / "docs", languages)


def _nav_targets(nav: object) -> list[str]:
    """The pages mkdocs.yml's `nav:` names (not its addresses elsewhere), in order."""
    if isinstance(nav, str):
        return [] if "://" in nav or nav.startswith(("/", "#")) else [nav.split("#")[0]]
    if isinstance(nav, list):
        return [target for item in nav for target in _nav_targets(item)]
    if isinstance(nav, dict):
        return [target for value in nav.values() for target in _nav_targets(value)]
    return []


def _all_html(path: str, generation: Generation) -> bool:
    """The portal's own pages; a communiqué's page holds comms-written Markdown."""
    folder = generation.site.replaced_folder + "/"
    return not path.startswith(folder) or path == folder + "index.md"


def _zensical_config(config: dict[str, Any], context: BuildContext, generation: Generation,
                     work: Path) -> dict[str, Any]:
    """mkdocs.yml for Zensical: the portal plugin's work as plain settings. Its templates
    print names as they are, like MkDocs' (no autoescaping): they go in escaped."""
    data = theme_data(generation)
    theme = dict(config.get("theme") or {})
    theme.update(custom_dir=str(THEME_DIR), logo=generation.identity.logo,
                 favicon=generation.identity.favicon)
    extensions = [e for e in config.get("markdown_extensions") or []
                  if e != MARKDOWN_EXTENSION]
    extensions.append({MARKDOWN_EXTENSION: {"own_pages": str(work / OWN_PAGES)}})
    extra = dict(config.get("extra") or {})
    extra.update(alternate=True, portal_banner=data["portal_banner"],
                 portal_emergencies=data["portal_emergencies"],
                 portal_texts=data["portal_texts"],
                 portal_header_name=str(escape(generation.identity.header_name)))
    return {**config, "docs_dir": "docs", "site_dir": "site",
            "site_name": str(escape(generation.identity.name)), "plugins": [], "theme": theme,
            "use_directory_urls": False, "markdown_extensions": extensions, "extra": extra,
            "extra_css": [*(config.get("extra_css") or []), f"{ASSETS_DIR}/portal.css",
                          PALETTE]}


def _run(config_file: Path) -> None:
    """`zensical build`, in its own process: its Rust runtime keeps state between builds."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", ENGINE, "build", "--clean", "--config-file",
             str(config_file)], cwd=config_file.parent, capture_output=True, text=True,
            check=False)
    except OSError as exc:
        raise ZensicalFailed(f"Zensical n'a pas pu être lancé : {exc.strerror}") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise ZensicalFailed("Zensical n'a pas pu construire le site"
                             + (f" ; il dit : « {said[-1]} »" if said else ""))


def finish_site(context: BuildContext, generation: Generation, docs: Path,
                languages: tuple[str, ...] = (SOURCE_LANGUAGE,)) -> None:
    """What the MkDocs plugin does page by page, done over Zensical's output folder; `docs`:
    the folder it was built from."""
    site = context.site_dir
    for unused in _theme_files_unused(site, context.content_dir):
        unused.unlink()
        for folder in unused.parents:  # the folders it leaves empty go too
            if folder == site or any(folder.iterdir()):
                break
            folder.rmdir()
    pages = _built_pages(site, docs)
    for path, url in pages.items():
        _finish_page(site / path, path, url, generation, languages)
    primary = generation.primary  # without one, the sitemap is empty, as MkDocs writes it
    _write_sitemap(site, [canonical_url(primary, url) for url in pages.values()]
                   if primary else [], context.epoch)
    _finish_error_page(site / ERROR_PAGE, generation)
    _write_error_pages(site, generation.error_pages)


def _finish_error_page(page: Path, generation: Generation) -> None:
    """The theme's 404 page (no source in the docs folder), finished like the pages."""
    if not page.is_file():
        return
    html = _name_escaped_once(page.read_text("utf-8"), generation.identity.name)
    try:
        html = finished_page(html, ERROR_PAGE)
    except UnsafePage as exc:
        raise ZensicalFailed(str(exc)) from None
    page.write_text(html, "utf-8")


def _theme_files_unused(site: Path, content: Path) -> list[Path]:
    """Zensical's scripts, search index, default favicon and source maps; a file of
    `content/` by such a name stays."""
    found = [site / name for name in UNUSED if (site / name).is_file()]
    found += [f for name in UNUSED if (site / name).is_dir() for f in (site / name).rglob("*")]
    found += site.rglob("*.map")
    return sorted({f for f in found if f.is_file()
                   and not (content / f.relative_to(site)).is_file()})


def _built_pages(site: Path, docs: Path) -> dict[str, str]:
    """{HTML file: its page address} for each page built from a Markdown source (the pages
    MkDocs lists in its sitemap; an HTML file of `content/` is copied, not a page)."""
    pages = {}
    for source in sorted(docs.rglob("*.md")):
        path = source.relative_to(docs).with_suffix(".html").as_posix()
        if (site / path).is_file():
            pages[path] = "" if path == "index.html" else path
    return pages


def _finish_page(file: Path, path: str, url: str, generation: Generation,
                 languages: tuple[str, ...]) -> None:
    html = file.read_text("utf-8")
    head = []
    primary, language = generation.primary, generation.language
    if primary is not None:
        address = canonical_url(primary, url)
        head.append(f'<link rel="canonical" href="{xml_escape(address, {chr(34): "&quot;"})}">')
    french_primary = primary.removesuffix(language_folder(language)) if primary else None
    head += [f'<link rel="alternate" hreflang="{link["hreflang"]}" href="{link["href"]}">'
             for link in alternates(path, language, languages, french_primary)]
    html = _with_language_switch(html, path, language, languages)
    html = _name_escaped_once(html, generation.identity.name)
    source = path.removesuffix(".html") + ".md"
    if language != SOURCE_LANGUAGE and source not in generation.site.pages:
        html = _ARTICLE_TEXT.sub(lambda text: text[1] + written_in_french(text[2]) + text[3],
                                 html, 1)
    json_ld = generation.site.structured_data.get(path.removesuffix(".html") + ".md")
    if json_ld:
        head.append(f'<script type="application/ld+json">{json_ld}</script>')
    if head:
        html = html.replace("</head>", "\n".join(head) + "\n</head>", 1)
    try:
        html = finished_page(html, path)
    except UnsafePage as exc:
        raise ZensicalFailed(str(exc)) from None
    file.write_text(html, "utf-8")


def _name_escaped_once(html: str, name: str) -> str:
    """Zensical's drawer escapes the group's name a second time (`title="{{ config.site_name
    | e }}"`, given escaped): a name with « & » or quotes would read « &amp;amp; »."""
    once = str(escape(name))
    if once == name:
        return html
    return _TITLE.sub(lambda found: f'title="{once}"' if unescape(found[1]) == once
                      else found[0], html)


_TITLE = re.compile(r'title="([^"]*)"')
_ARTICLE_TEXT = re.compile(r'(<a id="__skip" tabindex="-1"></a>\s*)(.*?)(\s*</article>)', re.S)
"""A page's text in Zensical's layout: a page of `content/` is marked as French there."""
_REMINDER = re.compile(r'<div class="portal-crisis-reminder"><a class="md-grid" [^>]*>.*?</a>',
                       re.S)


def _with_language_switch(html: str, path: str, language: str,
                          languages: tuple[str, ...]) -> str:
    """The header's links to the page in the other languages, at the end of the crisis
    reminder's line or on a line of their own, as theme/partials/languages.html prints
    them under MkDocs."""
    links = "".join(f'<span class="portal-language"><a href="{s["href"]}" '
                    f'hreflang="{s["lang"]}" lang="{s["lang"]}">{s["name"]}</a></span>'
                    for s in language_switch(path, language, languages))
    if not links:
        return html
    if _REMINDER.search(html):
        return _REMINDER.sub(lambda reminder: reminder[0] + links, html, 1)
    return html.replace("</header>", f'<div class="portal-language-row">{links}</div>\n'
                        "</header>", 1)


def _write_sitemap(site: Path, addresses: list[str], epoch: int | None) -> None:
    """The sitemap MkDocs' theme writes: every page at the primary copy, dated from the data."""
    moment = dt.datetime.fromtimestamp(epoch, dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    day = moment.strftime("%Y-%m-%d")
    entries = "".join(f"    <url>\n         <loc>{xml_escape(a)}</loc>\n"
                      f"         <lastmod>{day}</lastmod>\n    </url>\n" for a in addresses)
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9">\n{entries}</urlset>')
    (site / SITEMAP).write_text(text, "utf-8")
    with gzip.GzipFile(site / f"{SITEMAP}.gz", "wb", mtime=int(moment.timestamp())) as packed:
        packed.write(text.encode())


_ROOT_LINK = re.compile(r'((?:href|src)=")/(?!/)')


def _write_error_pages(site: Path, bases: dict[str, str]) -> None:
    """The 404 page again for each other official path: its links start from that path."""
    page = site / ERROR_PAGE
    if not page.exists():
        return
    html = page.read_text("utf-8")
    for name, base in bases.items():
        (site / name).write_text(_from_base(html, base), "utf-8")


def _from_base(html: str, base: str) -> str:
    """Root-relative links (`/assets/…`) made relative to `base` (`/crise/ghvf/assets/…`)."""
    return _ROOT_LINK.sub(lambda link: link[1] + base, html)

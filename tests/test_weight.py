"""What a first visit and the offline copy weigh (issue 10, finding 10): no Material bundle.js,
a service page ≤ 40 kB gzip, a drawer that still opens, a zip holding only what pages use."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from generator.archive import ARCHIVE_NAME, FOLDER
from tests.browser import launched_chromium, serve_directory
from tests.conftest import build_sample, themed_pages

pytestmark = pytest.mark.slow

FIRST_LOAD_GOAL = 40_000
"""Gzip bytes of a service page's first load (issue 10, finding 10)."""
SERVICE = "services/cardiologie-consultations.html"
PHONE = {"width": 360, "height": 640}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample portal, built once at a fixed moment."""
    out = tmp_path_factory.mktemp("weight") / "site"
    build_sample(out)
    return out


@pytest.fixture(scope="module")
def copy(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline copy, unzipped as a patient would."""
    target = tmp_path_factory.mktemp("copy")
    with zipfile.ZipFile(site / ARCHIVE_NAME) as archive:
        archive.extractall(target)
    return target / FOLDER


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


def test_no_page_loads_material_s_bundle(site: Path) -> None:
    """No page names bundle.js, and neither it nor lunr, the search worker or any source map
    is published; every page loads the portal's own small script instead."""
    pages = themed_pages(site)
    assert len(pages) > 100
    assert [p.name for p in pages if re.search(r"bundle\.[0-9a-f]+\.min\.js|lunr|workers/",
                                               p.read_text("utf-8"))] == []
    assert all('assets/portal/drawer.js"></script>' in p.read_text("utf-8") for p in pages)
    published = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert [p for p in published if p.startswith("assets/javascripts/") or p.endswith(".map")
            or "lunr" in p or "material-" in p] == []


def test_a_service_page_s_first_load_is_at_most_40_kb_gzip(browser: Any, site: Path) -> None:
    """Every byte Chromium receives for a service page, cold cache, gzip-served: ≤ 40 kB."""
    with serve_directory(site, compress=True) as base:
        page = browser.new_page(viewport=PHONE)
        responses: list[Any] = []
        page.on("response", lambda response: responses.append(response))
        page.goto(f"{base}/{SERVICE}", wait_until="networkidle")
        received = sum(r.request.sizes()["responseBodySize"] for r in responses)
        urls = [r.url.removeprefix(base) for r in responses]
        page.close()
    assert f"/{SERVICE}" in urls and "/assets/portal/portal.css" in urls
    assert all(r.status == 200 for r in responses)
    assert 10_000 < received <= FIRST_LOAD_GOAL, (received, urls)


@pytest.mark.parametrize("javascript", [True, False])
def test_the_drawer_opens_from_the_keyboard_and_by_touch(browser: Any, site: Path,
                                                         javascript: bool) -> None:
    """On a phone: Tab reaches the menu (its focus shown on the button), Space opens it, its
    links are reached by Tab; Escape (with JavaScript) or Space closes it; a tap opens it."""
    context = browser.new_context(viewport=PHONE, has_touch=True, java_script_enabled=javascript)
    page = context.new_page()
    page.goto((site / SERVICE).as_uri())
    drawer = page.locator("nav.md-nav--primary")
    a_to_z = drawer.get_by_role("link", name="Annuaire de A à Z")
    button = page.locator("label.md-header__button[for=__drawer]")
    assert not a_to_z.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "__drawer"
    assert button.evaluate("b => getComputedStyle(b).outlineStyle") == "solid"
    assert page.get_by_role("checkbox", name="Menu", exact=True).evaluate(
        "box => box === document.activeElement")  # named for a screen reader, even without JS
    page.keyboard.press("Space")
    a_to_z.wait_for(state="visible")
    for _ in range(40):  # the skip link, the banner's and the header's links, then the drawer
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Annuaire de A à Z":
            break
    else:
        pytest.fail("le lien « Annuaire de A à Z » du menu n'est pas atteint au clavier")
    if javascript:
        page.keyboard.press("Escape")
    else:
        page.locator("#__drawer").focus()
        page.keyboard.press("Space")
    a_to_z.wait_for(state="hidden")
    button.tap()
    a_to_z.wait_for(state="visible")
    a_to_z.tap()
    page.wait_for_url("**/annuaire.html")
    context.close()


def test_the_offline_copy_holds_only_what_pages_use(site: Path) -> None:
    """No source map, lunr, search worker or Material script; no host or robot file."""
    with zipfile.ZipFile(site / ARCHIVE_NAME) as archive:
        names = [n.removeprefix(f"{FOLDER}/") for n in archive.namelist()]
    assert "index.html" in names and SERVICE in names and "assets/portal/drawer.js" in names
    assert [n for n in names if n.endswith((".map", ".zip")) or "lunr" in n or "worker" in n
            or n.startswith("assets/javascripts/")] == []
    assert [n for n in names if n in ("_headers", "sitemap.xml", "404.html")
            or n.startswith("entetes-securite/")] == []


def test_every_reference_in_the_offline_copy_is_in_it(copy: Path) -> None:
    """Every `src`, `href` and form `action` of every page of the unzipped copy names a file
    of the copy: no link to the zip itself, no missing style, script or page."""
    pages = sorted(copy.rglob("*.html"))
    assert len(pages) > 100
    missing = {f"{page.relative_to(copy)} → {ref}" for page in pages
               for ref in local_references(page.read_text("utf-8"))
               if not (page.parent / unquote(urlsplit(ref).path)).resolve().is_file()}
    assert sorted(missing) == []
    home = (copy / "index.html").read_text("utf-8")
    assert ARCHIVE_NAME not in home and "Télécharger une copie hors ligne" not in home
    assert "Où ce site est-il officiellement publié ?" in home  # the paragraph before stays


def local_references(html: str) -> list[str]:
    """The page's references to files beside it (no scheme, not only a fragment)."""
    collector = _References()
    collector.feed(html)
    return [ref for ref in collector.found
            if ref and not ref.startswith("#") and not urlsplit(ref).scheme
            and not ref.startswith("//")]


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs
                       if name in ("src", "href", "action") and value is not None]

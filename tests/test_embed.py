"""What partners put on their sites: framed status pages, a badge, the code to copy."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator.embed import EMBED_CSS, EMBED_HEIGHT, GROUP_BADGE, GROUP_EMBED
from generator.model import Directory
from tests.browser import header_rules, host_headers, launched_chromium, serve_directory
from tests.conftest import Project, sample_and_site
from tests.test_build import hostile_project

EMBED_BUDGET = 5 * 1024
"""A framed page and its stylesheet together: a partner's page stays light."""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Directory, Path]:
    return sample_and_site(tmp_path_factory.mktemp("embed") / "site")


def embed_pages(site: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in (site / "integration").glob("*.html")}


def test_a_small_page_without_script_for_the_group_and_each_establishment(
        sample: tuple[Directory, Path]) -> None:
    directory, site = sample
    pages = embed_pages(site)
    expected = {"groupe.html"} | {f"etablissement-{e.id}.html" for e in directory.establishments}
    assert set(pages) == expected
    css = (site / EMBED_CSS).stat().st_size
    for name, text in pages.items():
        assert len(text.encode()) + css <= EMBED_BUDGET, name
        assert "<script" not in text and '<html lang="fr">' in text, name
        assert re.findall(r'<link[^>]*href="([^"]*)"', text) == ["integration.css"], name
        for href in re.findall(r'href="([^"]*)"', text):
            assert href.startswith(("tel:", "sms:", "../", "integration.css")), (name, href)


def test_the_group_page_tells_the_mode_the_vital_number_and_every_switchboard(
        sample: tuple[Directory, Path]) -> None:
    directory, site = sample
    text = (site / GROUP_EMBED).read_text("utf-8")
    assert "Fonctionnement perturbé" in text  # the sample's crisis
    assert 'href="tel:15"' in text
    for establishment in directory.establishments:
        assert establishment.switchboard.display in text
    assert 'href="../index.html" target="_blank" rel="noopener"' in text
    assert 'Information du <time datetime="2026-11-23T12:00+01:00">' in text


def test_an_establishment_page_tells_its_own_mode_and_numbers(
        sample: tuple[Directory, Path]) -> None:
    _, site = sample
    pages = embed_pages(site)
    saint_aubin = pages["etablissement-hopital-saint-aubin.html"]
    assert "Fonctionnement dégradé" in saint_aubin
    assert "02 61 91 00 00" in saint_aubin and "02 61 91 10 00" in saint_aubin  # its emergencies
    assert "02 61 91 40 00" not in saint_aubin  # another site's switchboard
    assert 'href="../etablissements/hopital-saint-aubin.html"' in saint_aubin


def test_the_badge_is_an_inert_svg_that_says_the_mode(sample: tuple[Directory, Path]) -> None:
    directory, site = sample
    root = ET.fromstring((site / GROUP_BADGE).read_bytes())
    svg = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{svg}svg" and root.get("role") == "img"
    assert root.get("aria-label") == f"{directory.group.name} : Fonctionnement perturbé"
    words = " ".join(t.text or "" for t in root.iter(f"{svg}text"))
    assert "Fonctionnement perturbé" in words
    allowed = {f"{svg}{tag}" for tag in ("svg", "title", "rect", "g", "text")}
    assert {e.tag for e in root.iter()} <= allowed
    for badge in (site / "integration").glob("*.svg"):
        ET.fromstring(badge.read_bytes())


def test_only_the_status_pages_may_be_framed(sample: tuple[Directory, Path]) -> None:
    """`_headers`, nginx and Apache: `frame-ancestors *` for integration/ (the English
    site's too), 'none' elsewhere."""
    _, site = sample
    headers = host_headers(site)
    page = headers("/index.html")
    framed = headers("/integration/groupe.html")
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors *" in framed["Content-Security-Policy"]
    assert framed["Content-Security-Policy"].replace("frame-ancestors *", "") == \
        page["Content-Security-Policy"].replace("frame-ancestors 'none'", "")
    assert [pattern for pattern, _ in header_rules(site)] == [
        "/*", "/integration/*", "/en/integration/*"]  # the English site's status pages too
    assert headers("/en/integration/groupe.html") == framed
    assert headers("/en/index.html") == page
    nginx = (site / "entetes-securite" / "nginx.conf").read_text("utf-8")
    apache = (site / "entetes-securite" / "apache.conf").read_text("utf-8")
    for snippet in (nginx, apache):
        assert framed["Content-Security-Policy"] in snippet
        assert page["Content-Security-Policy"] in snippet
    block = nginx.split("location ~ /integration/[^/]*$ {", 1)[1]
    assert "X-Frame-Options" not in block and "nosniff" in block
    assert "Header always unset X-Frame-Options" in apache


class _Snippet(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def snippets(partners_html: str) -> list[list[tuple[str, dict[str, str | None]]]]:
    """The code shown for copying, as the partner's browser will parse it."""
    found = []
    for code in re.findall(r"<pre><code>(.*?)</code></pre>", partners_html, re.DOTALL):
        parser = _Snippet()
        parser.feed(html.unescape(code))
        found.append(parser.tags)
    return found


def test_the_partners_page_gives_code_with_the_official_address(
        sample: tuple[Directory, Path]) -> None:
    directory, site = sample
    page = (site / "partenaires.html").read_text("utf-8")
    official = directory.group.official_addresses[0].url.rstrip("/") + "/"
    frame, badge = snippets(page)
    assert frame == [("iframe", {"src": official + GROUP_EMBED,
                                 "title": f"État de fonctionnement – {directory.group.name}",
                                 "width": "340", "height": str(EMBED_HEIGHT),
                                 "style": "border:0"})]
    assert badge[0] == ("a", {"href": official})
    assert badge[1][1]["src"] == official + GROUP_BADGE
    assert 'src="integration/groupe.html"' in page  # the preview, relative
    assert 'href="annuaire-autonome.html" download' in page
    assert 'href="partenaires.html"' in (site / "adresses-officielles.html").read_text("utf-8")


def test_without_an_official_address_the_code_says_what_to_replace(tmp_path: Path) -> None:
    project = Project(tmp_path)
    assert project.portal("build") == 0
    page = (project.site / "partenaires.html").read_text("utf-8")
    frame, _ = snippets(page)
    assert frame[0][1]["src"] == "ADRESSE-DU-PORTAIL/" + GROUP_EMBED
    assert "remplacez <code>ADRESSE-DU-PORTAIL/</code>" in page


def test_hostile_names_stay_text_in_pages_badges_and_code(tmp_path: Path) -> None:
    project = hostile_project(Project(tmp_path))
    assert project.portal("build") == 0
    for path in (project.site / "integration").iterdir():
        text = path.read_text("utf-8")
        assert "<script>alert(1)" not in text and "<img src=x" not in text, path
        if path.suffix == ".svg":
            ET.fromstring(text)
    page = (project.site / "partenaires.html").read_text("utf-8")
    for tags in snippets(page):
        assert [tag for tag, _ in tags] in (["iframe"], ["a", "img"])


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


PARTNER_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Site d'un partenaire</title></head><body><h1>Mairie de Testville</h1>
<iframe id="etat" src="{portal}/integration/groupe.html" title="État" width="340"
 height="{height}" style="border:0"></iframe>
<iframe id="accueil" src="{portal}/index.html" title="Accueil" width="340" height="200"></iframe>
<img id="badge" src="{portal}/integration/groupe.svg" alt="État" height="20">
</body></html>"""


@pytest.mark.slow
def test_framed_from_another_origin(browser: Any, sample: tuple[Directory, Path],
                                    tmp_path: Path) -> None:
    """A partner on another origin frames the status page: it shows, with no CSP violation
    and no request elsewhere; the home page, framed the same way, is refused."""
    _, site = sample
    with serve_directory(site, headers=host_headers(site)) as portal:
        (tmp_path / "index.html").write_text(
            PARTNER_PAGE.format(portal=portal, height=EMBED_HEIGHT), "utf-8")
        with serve_directory(tmp_path) as partner:
            assert partner != portal  # two ports: two origins
            page = browser.new_page(viewport={"width": 412, "height": 915})
            requests: list[str] = []
            messages: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda message: messages.append(message.text))
            page.goto(partner + "/index.html", wait_until="networkidle")
            frames = {f.url: f for f in page.frames}
            status = frames[portal + "/integration/groupe.html"]
            assert "Fonctionnement perturbé" in status.locator("main").inner_text()
            assert status.evaluate(
                "getComputedStyle(document.querySelector('main')).borderLeftStyle") == "solid"
            height = status.evaluate("document.documentElement.scrollHeight")
            assert height <= EMBED_HEIGHT  # the code's frame shows it all, no inner scroll
            assert page.locator("#badge").evaluate("img => img.naturalWidth") > 50
            refused = [m for m in messages if "frame-ancestors" in m]
            assert len(refused) == 1 and portal in refused[0], messages  # the home page only
            assert [m for m in messages if "Content Security Policy" in m
                    and "frame-ancestors" not in m] == []
            assert all(url.startswith((portal + "/", partner + "/")) for url in requests)
            page.close()

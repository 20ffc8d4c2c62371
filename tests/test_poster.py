"""The A4 posters and the staff page of texts: one printed page, a QR code that scans."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from generator.announcements import announcement
from generator.poster import POSTER, qr_svg, render_announcement_page, render_posters
from generator.project import check_project
from generator.status import snapshot
from tests.browser import AXE, launched_chromium, require
from tests.conftest import NOW, REPO, Project, build_sample
from tests.test_announcements import held_out

pytestmark = pytest.mark.slow

SAMPLE_ADDRESS = "https://www.ars-vallee-fictive.example/crise/ghvf/"
HELD_OUT_ADDRESS = "https://information-patients.chu-saint-eloi-des-marais-fictifs.example/crise/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("poster") / "site")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


def printed(browser: Any, poster: Path) -> tuple[int, list[str], str]:
    """Print `poster` to A4 PDF (its page count), then decode the QR codes of its print view."""
    page = browser.new_page(java_script_enabled=False)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(poster.as_uri())
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    found = [r.text for r in zxingcpp.read_barcodes(shot)]
    text = page.inner_text("body")
    assert all(url.startswith("file://") for url in requests), requests  # no third party
    page.close()
    return pages, found, text


def test_sample_poster_prints_on_one_a4_page_and_its_qr_gives_the_address(
        site: Path, browser: Any) -> None:
    pages, codes, text = printed(browser, site / "affiche.html")
    assert pages == 1
    assert codes == [SAMPLE_ADDRESS]
    assert SAMPLE_ADDRESS in text  # the address in text too, for those who cannot scan
    assert "Le groupe hospitalier est victime d'une cyberattaque." in text
    assert "Standard" in text and "02 61 91 00 00" in text
    assert re.search(r"Urgence vitale, appelez le\s+15\s+ou\s+112", text)


def test_every_establishment_poster_prints_on_one_page(site: Path, browser: Any) -> None:
    posters = sorted(site.glob("affiche-*.html"))
    assert len(posters) == 5
    for poster in posters:
        pages, codes, _ = printed(browser, poster)
        assert (poster.name, pages, codes) == (poster.name, 1, [SAMPLE_ADDRESS])
    _, _, text = printed(browser, site / "affiche-hopital-saint-aubin.html")
    assert "Hôpital Saint-Aubin\n\nFonctionnement dégradé" in text
    assert "02 61 91 20 00 Urgences pédiatriques de l'Hôpital Saint-Aubin" in text
    assert "114 (SMS) Urgences pour personnes sourdes" in text  # national numbers too
    assert "Centre hospitalier de Bourg-Fictif" not in text  # only its own switchboard


def test_poster_qr_code_is_named_for_screen_readers(site: Path) -> None:
    html = (site / "affiche.html").read_text("utf-8")
    assert re.search('<div class="poster__qr" role="img" aria-label="Code QR vers '
                     "l(?:'|&#39;)adresse officielle " + re.escape(SAMPLE_ADDRESS)
                     + '"><svg aria-hidden="true"', html)
    assert "<script" not in html and "style=" not in html  # the site's CSP allows neither


def test_held_out_poster_with_long_names_prints_on_one_page(project: Project,
                                                            browser: Any) -> None:
    held_out(project)
    assert project.portal("build") == 0
    pages, codes, text = printed(browser, project.site / "affiche.html")
    assert (pages, codes) == (1, [HELD_OUT_ADDRESS])
    assert "Pôle de gériatrie, de soins de suite et de réadaptation" in text
    pages, codes, _ = printed(browser, project.site / "affiche-site-oeuvre-notre-dame.html")
    assert (pages, codes) == (1, [HELD_OUT_ADDRESS])


def test_staff_page_shows_the_texts_outside_the_menu(site: Path) -> None:
    html = (site / "textes-a-diffuser.html").read_text("utf-8")
    assert '<meta name="robots" content="noindex">' in html
    assert re.search(r'<textarea id="sms-texte"[^>]*readonly[^>]*>GH Vallée-Fictive : ', html)
    assert re.search(r"\d+ caractères GSM sur 160", html)
    assert '<a href="affiche.html">Affiche du groupe</a>' in html
    assert "textes-a-diffuser.html" not in (site / "index.html").read_text("utf-8")


def sample_directory() -> Any:
    checked = check_project(REPO, NOW)
    assert checked.directory is not None
    return checked.directory


def test_poster_and_staff_page_escape_what_comes_from_data() -> None:
    """A name or a text holding markup shows as text: never a tag, never a broken attribute."""
    directory = sample_directory()
    hostile = '<script>alert(1)</script> "Groupe" & <b>co</b>'
    group = directory.group.model_copy(update={"name": hostile})
    directory = directory.model_copy(update={"group": group})
    state = snapshot(directory, NOW)
    poster = render_posters(directory, state)[POSTER]
    assert "<script>alert" not in poster and "<b>co" not in poster
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;Groupe&#34; &amp; &lt;b&gt;co&lt;/b&gt;" \
        in poster
    texts = announcement(directory, state, None)
    assert texts is not None
    texts = dataclasses.replace(texts, sms=dataclasses.replace(
        texts.sms, text="</textarea><script>alert(2)</script>"))
    page = render_announcement_page(directory, state, texts)
    assert "<script>alert" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;</textarea>" in page


def test_poster_without_crisis_or_official_address_still_lists_the_numbers() -> None:
    """Normal times: no situation box; no official address: no QR code, never an empty one."""
    directory = sample_directory()
    group = directory.group.model_copy(update={"official_addresses": ()})
    directory = directory.model_copy(update={"group": group, "crisis": None})
    state = snapshot(directory, NOW)
    poster = render_posters(directory, state)[POSTER]
    assert "poster__situation" not in poster and "<svg" not in poster
    assert '<span class="poster__big">15</span>' in poster
    assert "02 61 91 00 00" in poster
    page = render_announcement_page(directory, state, announcement(directory, state, None))
    assert "Aucune crise en cours" in page and "<textarea" not in page


def test_qr_code_keeps_its_quiet_zone_and_scales() -> None:
    """Four light modules around the code (scanners need them), no fixed size, no style."""
    svg = str(qr_svg(SAMPLE_ADDRESS))
    assert svg.startswith('<svg aria-hidden="true" focusable="false" viewBox="0 0 45 45"')
    assert "width=" not in svg.split(">")[0] and "style" not in svg
    assert re.search(r'<path class="qrline" stroke="#000" d="M4 4\.5h7', svg)


@pytest.mark.parametrize("name", [POSTER, "affiche-hopital-saint-aubin.html",
                                  "textes-a-diffuser.html"])
def test_axe_finds_no_violation_on_the_posters_and_the_staff_page(
        browser: Any, site: Path, name: str) -> None:
    """axe-core at WCAG 2.1 A and AA: the QR code is a named image, the text boxes labelled."""
    require(AXE, "axe-core")
    page = browser.new_page()
    page.goto((site / name).as_uri())
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    violations = [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"][:3]]}
                  for v in result["violations"]]
    page.close()
    assert violations == [], violations

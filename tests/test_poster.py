"""The A4 posters and the staff page of texts: one printed page, a QR code that scans."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from tests.browser import launched_chromium
from tests.conftest import Project, build_sample
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

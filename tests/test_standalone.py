"""The single-file directory a partner's CMS publishes as is (issue 12, part 5)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.model import Directory
from generator.standalone import STANDALONE
from tests.browser import AXE, launched_chromium, require
from tests.conftest import Project, sample_and_site
from tests.test_build import hostile_project

SAMPLE_NOW_TEXT = "23 novembre 2026"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Directory, Path]:
    return sample_and_site(tmp_path_factory.mktemp("standalone") / "site")


@pytest.fixture(scope="module")
def held_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Directory, Path]:
    """Another hospital's data: the test group of conftest, with an official address."""
    project = Project(tmp_path_factory.mktemp("held-out"))
    group = (project.root / "directory" / "groupe.yml").read_text("utf-8")
    project.write("directory/groupe.yml", group + (
        "adresses_officielles:\n"
        "  - adresse: https://crise.hopital-test.example/\n"
        "    hebergeur: Agence régionale de santé (fictive)\n"))
    assert project.portal("build") == 0
    checked = project.check()
    assert checked.directory is not None
    return checked.directory, project.site


def numbers(directory: Directory) -> tuple[set[str], set[str]]:
    """(every number a patient may call, every professional-only number), as displayed."""
    public = {e.number.display for e in directory.group.emergencies}
    public |= {e.switchboard.display for e in directory.establishments}
    public |= {p.number.display for s in directory.public_services for p in s.public_phones}
    hidden = {p.number.display for s in directory.services for p in s.phones if not p.public}
    return public, hidden - public


@pytest.mark.parametrize("which", ["sample", "held_out"])
def test_every_public_number_and_no_professional_one(which: str,
                                                     request: pytest.FixtureRequest) -> None:
    directory, site = request.getfixturevalue(which)
    html = (site / STANDALONE).read_text("utf-8")
    public, hidden = numbers(directory)
    assert len(public) >= 4
    assert [n for n in sorted(public) if n not in html] == []
    assert [n for n in sorted(hidden) if n in html] == []
    for service in directory.public_services:
        assert f'id="service-{service.id}"' in html
    for establishment in directory.establishments:
        assert f'id="etablissement-{establishment.id}"' in html


@pytest.mark.parametrize("which", ["sample", "held_out"])
def test_the_file_carries_its_date_and_the_official_addresses(
        which: str, request: pytest.FixtureRequest) -> None:
    """A copy re-typed into a CMS cannot be verified by `portal verify`: a reader can."""
    directory, site = request.getfixturevalue(which)
    html = (site / STANDALONE).read_text("utf-8")
    built = '<time datetime="2026-11-23T12:00+01:00">'
    assert f"Document produit le {built}{SAMPLE_NOW_TEXT}" in html
    assert directory.group.official_addresses
    for address in directory.group.official_addresses:
        assert f"<code>{address.url}</code>" in html


@pytest.mark.parametrize("which", ["sample", "held_out"])
def test_nothing_to_load_and_no_script(which: str, request: pytest.FixtureRequest) -> None:
    """Inline styles only; links are calls, SMS or anchors inside the file itself."""
    _, site = request.getfixturevalue(which)
    html = (site / STANDALONE).read_text("utf-8")
    assert html.startswith("<!doctype html>") and '<html lang="fr">' in html
    for forbidden in ("<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "srcset"):
        assert forbidden not in html.lower(), forbidden
    anchors = set(re.findall(r'\sid="([^"]+)"', html))
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("tel:", "sms:", "#")), href
        if href.startswith("#"):
            assert href[1:] in anchors, href


def test_the_sample_crisis_is_in_the_file(sample: tuple[Directory, Path]) -> None:
    """The situation, what changes and where to go instead: a partner's page tells it all."""
    _, site = sample
    html = (site / STANDALONE).read_text("utf-8")
    assert "Ce qui change pendant la crise" in html
    assert "Centre hospitalier de Rive-Fictive" in html  # an outside place to go instead
    assert 'href="#etablissement-hopital-saint-aubin"' in html  # a place of the group


def test_the_file_is_listed_in_the_signed_manifest(sample: tuple[Directory, Path]) -> None:
    _, site = sample
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    assert STANDALONE in json.dumps(manifest)


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    project = hostile_project(Project(tmp_path))
    assert project.portal("build") == 0
    html = (project.site / STANDALONE).read_text("utf-8")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.mark.slow
def test_opened_from_file_it_makes_no_request(browser: Any,
                                              sample: tuple[Directory, Path]) -> None:
    """From a USB key or a download: the file itself, then nothing; axe finds nothing."""
    _, site = sample
    page = browser.new_page(viewport={"width": 360, "height": 640})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    url = (site / STANDALONE).as_uri()
    page.goto(url, wait_until="networkidle")
    assert requests == [url]
    assert page.get_by_role("heading", name="Urgences", exact=True).is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # no sideways scrolling on a small phone
    require(AXE, "axe-core")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    assert [v["id"] for v in result["violations"]] == []
    page.close()


@pytest.mark.slow
def test_printed_to_pdf_as_documented(browser: Any, sample: tuple[Directory, Path],
                                      tmp_path: Path) -> None:
    """The PDF a partner makes with « Imprimer › Enregistrer en PDF » holds the numbers."""
    from pypdf import PdfReader

    directory, site = sample
    page = browser.new_page()
    page.goto((site / STANDALONE).as_uri())
    pdf = tmp_path / "annuaire.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    text = re.sub(r"\s+", " ", text)
    public, _ = numbers(directory)
    missing = [n for n in sorted(public) if n.replace("\u00a0", " ") not in text]
    assert missing == []
    assert SAMPLE_NOW_TEXT in text

"""The English site under en/, built from the sample beside the French one (issue 14, part 3).

A patient who does not read French must find the number to call: every English page is
free of the French interface, links its French version and back (for search engines and
for people, from a USB key too), says the same emergency numbers, is in the offline copy
and the manifest, passes the French site's browser checks, and its search understands
English words.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from generator.archive import ARCHIVE_NAME, FOLDER
from generator.manifest import MANIFEST
from tests.browser import serve_directory
from tests.conftest import Project, build_sample
from tests.test_browser import (  # noqa: F401 (the browser and French-site checks, run here)
    browser,
    page_under_sub_path,
    test_axe_finds_no_wcag_2_1_aa_violation,
    test_no_request_leaves_the_site,
    test_without_javascript_numbers_and_banner_are_there,
    visit,
)
from tests.test_i18n import _french_fragments, _text

pytestmark = pytest.mark.slow

PRIMARY = "https://www.ars-vallee-fictive.example/crise/ghvf/"
"""The sample's first official address (directory/groupe.yml)."""
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]*)">')
SWITCH = re.compile(r'<span class="portal-language"><a href="([^"]*)" '
                    r'hreflang="([^"]+)" lang="[^"]+">([^<]*)</a></span>')
EMERGENCIES = re.compile(r'<section [^>]*class="portal-emergency".*?</section>', re.S)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole build: French at the root, English under en/."""
    return build_sample(tmp_path_factory.mktemp("english") / "site")


@pytest.fixture(scope="module")
def chromium(browser: Any) -> Any:  # noqa: F811 (the imported fixture, taken by name)
    """The French checks' browser, under a name of this module's own tests."""
    return browser


@pytest.fixture(scope="module")
def site(built: Path) -> Path:
    """The English site, as the French site's browser checks take a site."""
    return built / "en"


def english_pages(built: Path) -> dict[str, str]:
    return {p.relative_to(built / "en").as_posix(): p.read_text("utf-8")
            for p in sorted((built / "en").rglob("*.html"))}


def test_every_french_page_has_its_english_page(built: Path) -> None:
    """Page for page at the same paths: a patient switching language never lands nowhere."""
    french = {p.relative_to(built).as_posix() for p in built.rglob("*.html")
              if not p.relative_to(built).as_posix().startswith("en/")}
    english = set(english_pages(built))
    assert len(english) > 100
    assert french - {"404.html", "404-crise-ghvf.html"} == english  # the host serves those


def test_english_pages_show_no_french_interface_text(built: Path) -> None:
    """Every English page as built (Material's layout, the portal's theme, its pages): no
    text of the French catalogue is left; the data stays French."""
    fragments = _french_fragments("en")
    assert {"Page introuvable", "Information patients",
            "État des services et consignes"} <= fragments  # the theme's texts are scanned
    left = sorted({(path, fragment) for path, markup in english_pages(built).items()
                   for fragment in fragments if fragment in _text(markup)})
    assert left == []


def test_english_pages_are_english_and_hand_written_ones_say_they_are_french(
        built: Path) -> None:
    pages = english_pages(built)
    assert all('<html lang="en"' in html for html in pages.values())
    assert "<title>Patient information – " in pages["index.html"]
    menu = re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', pages["index.html"])
    assert {"Home", "Service status", "Practical information", "Data leak"} <= set(menu)
    assert not {"Accueil", "Informations pratiques"} & set(menu)
    for page in ("infos-pratiques.html", "fuite-de-donnees.html"):  # content/, in French
        assert '<div lang="fr">\n<h1' in pages[page]
    assert '<div lang="fr">' not in pages["annuaire.html"]


def test_each_page_links_its_other_language_version_both_ways(built: Path) -> None:
    """hreflang fr, en and x-default (French), absolute at the primary copy, on each page
    of both languages; the sitemap lists both."""
    for page in ("index.html", "services/cardiologie-consultations.html",
                 "communiques/index.html", "infos-pratiques.html"):
        address = "" if page == "index.html" else page
        expected = [("fr", PRIMARY + address), ("en", PRIMARY + "en/" + address),
                    ("x-default", PRIMARY + address)]
        for html in ((built / page).read_text("utf-8"),
                     (built / "en" / page).read_text("utf-8")):
            assert ALTERNATE.findall(html) == expected
    listed = re.findall(r"<loc>([^<]*)</loc>", (built / "sitemap.xml").read_text("utf-8"))
    assert PRIMARY + "en/services/cardiologie-consultations.html" in listed
    assert PRIMARY + "services/cardiologie-consultations.html" in listed
    assert not (built / "en" / "sitemap.xml").exists()


def test_the_language_switch_is_a_relative_link_to_the_same_page(built: Path) -> None:
    page = "etablissements/hopital-saint-aubin.html"
    assert SWITCH.findall((built / page).read_text("utf-8")) == [
        ("../en/etablissements/hopital-saint-aubin.html", "en", "English")]
    assert SWITCH.findall((built / "en" / page).read_text("utf-8")) == [
        ("../../etablissements/hopital-saint-aubin.html", "fr", "Français")]
    assert SWITCH.findall((built / "en" / "index.html").read_text("utf-8")) == [
        ("../index.html", "fr", "Français")]


def test_emergency_numbers_are_the_same_in_both_languages(built: Path) -> None:
    """The numbers to call, their order and their tel: links: identical in both sites."""
    def numbers(html: str) -> list[list[str]]:
        sections = EMERGENCIES.findall(html)
        assert sections, html[:200]
        return [re.findall(r'href="(tel:[^"]+)"[^>]*>([^<]+)</a>', s) for s in sections]

    for page in ("index.html", "rechercher.html"):
        french = numbers((built / page).read_text("utf-8"))
        assert french and numbers((built / "en" / page).read_text("utf-8")) == french
    assert "In an emergency, call" in (built / "en" / "index.html").read_text("utf-8")


def test_the_offline_copy_and_the_manifest_cover_both_languages(built: Path) -> None:
    """One copy, one manifest for the whole build; the English home offers the copy at the
    build's root (there is none in en/)."""
    with zipfile.ZipFile(built / ARCHIVE_NAME) as archive:
        names = set(archive.namelist())
    assert f"{FOLDER}/en/index.html" in names and f"{FOLDER}/index.html" in names
    listed = json.loads((built / MANIFEST).read_text("utf-8"))["files"]
    assert {"en/index.html", "en/rechercher.html", "index.html"} <= set(listed)
    assert f'href="../{ARCHIVE_NAME}"' in (built / "en" / "index.html").read_text("utf-8")
    assert not (built / "en" / ARCHIVE_NAME).exists()


def test_the_switch_works_from_file_both_ways(chromium: Any, built: Path) -> None:
    """From a USB key: « Français » leads to the French page, « English » back again."""
    page_path = "services/cardiologie-consultations.html"
    page, requests = visit(chromium, (built / "en" / page_path).as_uri(), javascript=False)
    assert all(url.startswith("file://") for url in requests), requests
    page.get_by_role("link", name="Français").click()
    page.wait_for_load_state()
    assert page.url == (built / page_path).as_uri()
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url == (built / "en" / page_path).as_uri()
    page.close()


def test_the_english_site_works_under_a_sub_path(chromium: Any, built: Path,
                                                 tmp_path: Path) -> None:
    """Hosted at /crise/ghvf/: every request of an English page stays there and is
    answered; the switch leads to the French page there."""
    with page_under_sub_path(chromium, built, tmp_path,
                             "en/services/cardiologie-consultations.html") as (page, root):
        page.get_by_role("link", name="Français").click()
        page.wait_for_load_state()
        assert page.url == root + "services/cardiologie-consultations.html"


def english_search(page: Any, query: str) -> list[str]:
    """Tap the header's search button and type `query`, as a patient would; result names."""
    page.get_by_role("link", name="Find a service").first.click()
    page.wait_for_load_state()
    page.locator("#portal-q").press_sequentially(query, delay=20)
    page.locator("#portal-search-status").filter(has_text="found").wait_for()
    return page.locator("#portal-search-results .portal-entry__name").all_inner_texts()


@pytest.mark.parametrize(("query", "expected"), [
    ("heart", {"Cardiology outpatient clinic"}),
    ("x-ray", {"Medical imaging (X-ray, CT, MRI, ultrasound)",
               "Imagerie médicale (radiologie, scanner, échographie)"}),
    ("maternity", {"Maternité de Bourg-Fictif", "Maternity ward – after the birth"}),
    ("x-rays", {"Medical imaging (X-ray, CT, MRI, ultrasound)"}),
])
def test_english_search_finds_the_right_services(chromium: Any, built: Path, query: str,
                                                 expected: set[str]) -> None:
    """English words, plurals too, find the services, named in English where the data
    translates them, in French otherwise; the count is English."""
    with serve_directory(built) as base:
        page, _ = visit(chromium, f"{base}/en/index.html")
        names = english_search(page, query)
        assert expected <= set(names[:4]), names
        status = page.locator("#portal-search-status").inner_text()
        assert status == f"{len(names)} service(s) found."
        page.close()


def test_english_search_page_says_no_result_in_english(chromium: Any, built: Path) -> None:
    page, _ = visit(chromium, (built / "en" / "rechercher.html").as_uri() + "?q=zzzzqqq")
    assert page.locator("#portal-search-status").inner_text() == (
        "No service found. Try another word, or look in the A to Z directory.")
    page.close()


def test_french_search_still_counts_in_french(chromium: Any, built: Path) -> None:
    page, _ = visit(chromium, (built / "rechercher.html").as_uri() + "?q=cardiologie")
    assert re.fullmatch(r"\d+ service\(s\) trouvé\(s\)\.",
                        page.locator("#portal-search-status").inner_text())
    page.close()



def test_a_language_without_catalogue_is_refused_in_one_french_line(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """`langues: [de]` without a German catalogue: one sentence naming the option, the
    languages there are and where to read more; nothing is built."""
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("langues: [en]", "langues: [de]"),
                      "utf-8")
    assert project.portal("build") == 1
    assert ("mkdocs.yml › plugins › portal › langues : « de » n'est pas une langue traduite "
            "(langues possibles : en ; voir docs/langues.md)") in capsys.readouterr().err
    assert not project.site.exists()


def test_without_langues_the_site_is_french_only_and_names_no_other_version(
        project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(re.sub(r"\n\s*langues: \[en\].*", "", config.read_text("utf-8")),
                      "utf-8")
    assert project.portal("build") == 0
    assert not (project.site / "en").exists()
    home = (project.site / "index.html").read_text("utf-8")
    assert 'hreflang="' not in home and "portal-language" not in home


def test_without_a_crisis_the_switch_has_a_line_of_its_own(project: Project) -> None:
    """No crise.yml, no reminder: the switch still sits under the bar, not in it."""
    assert project.portal("build") == 0
    for page, expected in (("index.html", ("en/index.html", "en", "English")),
                           ("en/index.html", ("../index.html", "fr", "Français"))):
        html = (project.site / page).read_text("utf-8")
        row = re.search(r'<div class="portal-language-row">(.*?)</div>', html)
        assert row and SWITCH.findall(row[1]) == [expected]
        assert "portal-crisis-reminder" not in html


def test_the_english_a_to_z_marks_every_french_name_it_shows(built: Path) -> None:
    """Names and subjects the A–Z shortens from the data (« Hospitalisation de sevrage »
    under « Addictologie ») are French words of the data: marked `lang="fr"`, unless the
    data translates the service, whose English name is shown whole."""
    html = (built / "en" / "annuaire.html").read_text("utf-8")
    names = dict(re.findall(r'<a class="portal-entry__name" href="services/([^"]+)\.html">'
                            r'(.*?)</a>', html))
    assert names["addictologie-sevrage-genets"] == (
        '<span lang="fr">Hospitalisation de sevrage</span>')
    assert names["cardiologie-consultations"] == "Cardiology outpatient clinic"
    unmarked = {page: name for page, name in names.items()
                if not name.startswith('<span lang="fr">') and re.search(r"[éèàç]|\bde\b", name)}
    assert unmarked == {}
    headings = re.findall(r'<h3 id="sujet-[^"]*">(.*?)</h3>', html)
    assert len(headings) > 20
    assert [h for h in headings if re.search(r"[éèàç]", h) and 'lang="fr"' not in h] == []

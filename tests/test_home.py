"""The pages a patient lands on first (home, 404, search), read back from a real build."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from generator.error_pages import error_page_bases, error_page_name
from tests.conftest import Project, build_sample, theme_pages


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample portal (a crisis in force), built once at a fixed moment."""
    out = tmp_path_factory.mktemp("home") / "site"
    build_sample(out)
    return out


def content(site: Path, page: str) -> str:
    """The page's own text, after Material's header, banner and navigation."""
    html = (site / page).read_text("utf-8")
    return html[html.index('<article class="md-content__inner'):]


ERROR_PAGES = ["404.html", "404-crise-ghvf.html"]
"""The sample's 404 pages: one for `site_url`'s path, one per other official path."""


@pytest.mark.slow
@pytest.mark.parametrize("page", ["index.html", *ERROR_PAGES])
def test_the_emergency_numbers_come_before_anything_else(sample: Path, page: str) -> None:
    """Home and 404: after the page's one-line title, the numbers open the page, before the
    introduction and everything else."""
    html = content(sample, page)
    first = min(html.index(tag) for tag in ("<h1", "<p", "<ul", "<section"))
    assert html[first:].startswith("<h1>"), html[first:first + 80]
    after_title = html[html.index("</h1>") + len("</h1>"):].lstrip()
    assert after_title.startswith('<section class="portal-emergency"'), after_title[:80]
    assert html.index("<h1") < html.index('href="tel:15"') < html.index("<p")


def headings(html: str) -> list[int]:
    """The levels of the page's headings, in the order a screen reader meets them."""
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


@pytest.mark.slow
@pytest.mark.parametrize("page", ["index.html", *ERROR_PAGES])
def test_a_screen_reader_meets_the_h1_first_and_no_level_is_skipped(sample: Path,
                                                                  page: str) -> None:
    """The whole page, Material's header and navigation included: the first heading is the
    only h1, and each heading is at most one level below the one before (no h1 → h3)."""
    levels = headings((sample / page).read_text("utf-8"))
    assert levels[0] == 1 and levels.count(1) == 1, levels
    assert 2 in levels, levels  # the emergency numbers' heading, under the h1
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels)), levels


def test_headings_sees_every_level_and_only_headings() -> None:
    """The control of the test above: a skip and a late h1 are seen, <header> is no heading."""
    assert headings('<header><h2 id="x">a</h2><h1>b</h1><hr><h4>c</h4>') == [2, 1, 4]


REMINDER = re.compile(r'<div class="portal-crisis-reminder"><a class="md-grid" href="([^"]+)">'
                      r'<span aria-hidden="true">⚠</span> (?:Crise en cours · état des services'
                      r'|Ongoing crisis · service status)</a>')


@pytest.mark.slow
def test_during_a_crisis_every_header_leads_to_the_status_page(sample: Path) -> None:
    """The reminder sits inside the (sticky) header of every page, 404 copies included, and
    links to the status page (of its language) from wherever the page is."""
    pages = theme_pages(sample)
    assert len(pages) > 50
    for page in pages:
        html = page.read_text("utf-8")
        header = html[html.index('<header class="md-header'):html.index("</header>")]
        found = REMINDER.findall(header)
        assert len(found) == 1, page
        english = page.relative_to(sample).parts[0] == "en"
        if page.name in ERROR_PAGES and not english:  # the host serves the French ones
            expected = {"404.html": "/", "404-crise-ghvf.html": "/crise/ghvf/"}[page.name]
            assert found[0] == expected + "etat-des-services.html", page
        elif page.name not in ERROR_PAGES:
            target = (page.parent / found[0]).resolve()
            status = sample / ("en" if english else "") / "etat-des-services.html"
            assert target == status.resolve(), page


@pytest.mark.slow
def test_without_a_crisis_file_there_is_no_reminder(project: Project) -> None:
    """No crise.yml, no banner and no "Crise en cours" in the header."""
    assert project.portal("build") == 0
    for page in ("index.html", "annuaire.html", "404.html"):
        html = (project.site / page).read_text("utf-8")
        assert "Crise en cours" not in html and "portal-crisis-reminder" not in html
        assert "portal-banner" not in html


def test_each_official_path_gets_its_own_404_page() -> None:
    """`404.html` fits `site_url`'s path; every other official path has its copy, named after it."""
    addresses = ["https://www.ars.example/crise/ghvf/", "https://copie.example/",
                 "https://autre.example/crise/ghvf", "https://intranet.example/portail crise/"]
    assert error_page_bases(addresses, None) == {
        "404-crise-ghvf.html": "/crise/ghvf/", "404-portail-crise.html": "/portail crise/"}
    assert error_page_bases(addresses, "https://www.ars.example/crise/ghvf/") == {
        "404-racine.html": "/", "404-portail-crise.html": "/portail crise/"}
    assert error_page_bases([], None) == {}
    assert error_page_name("/a/b/") == "404-a-b.html"


@pytest.mark.slow
def test_the_404_page_links_from_the_path_of_its_host(sample: Path) -> None:
    """Absolute links and styles, from "/" in 404.html and from /crise/ghvf/ in its copy."""
    for page, base in (("404.html", "/"), ("404-crise-ghvf.html", "/crise/ghvf/")):
        html = (sample / page).read_text("utf-8")
        links = re.findall(r'(?:href|src)="([^"#]+)"', html)
        local = [link for link in links if not link.startswith(("tel:", "sms:"))]
        assert local and all(link.startswith(base) for link in local), page
        assert f'href="{base}assets/portal/portal.css"' in html
        assert f'l\'<a href="{base}annuaire.html">annuaire de A à Z</a>' in html


@pytest.mark.slow
def test_a_site_url_with_a_path_gives_404_html_that_path(project: Project) -> None:
    """With `site_url` under /crise/ghvf/, 404.html links there; the root gets its own copy."""
    config = (project.root / "mkdocs.yml").read_text("utf-8")
    project.write("mkdocs.yml", "site_url: https://www.ars.example/crise/ghvf/\n" + config)
    group = (project.root / "directory/groupe.yml").read_text("utf-8")
    project.write("directory/groupe.yml", group + "adresses_officielles:\n"
                  "  - adresse: https://www.ars.example/crise/ghvf/\n"
                  "  - adresse: https://copie.example/\n")
    assert project.portal("build") == 0
    assert 'href="/crise/ghvf/annuaire.html"' in (project.site / "404.html").read_text("utf-8")
    assert 'href="/annuaire.html"' in (project.site / "404-racine.html").read_text("utf-8")
    assert not (project.site / "404-crise-ghvf.html").exists()


@pytest.mark.slow
@pytest.mark.parametrize("page", ["index.html", "ce-qui-change.html"])
def test_interrupted_and_disturbed_are_told_apart_without_colour(sample: Path, page: str) -> None:
    """Each piece of advice carries its level: a cross for "interrompu", a sign for "perturbé"."""
    items = re.findall(r'<li class="portal-advice--(\w+)"><strong><span class="portal-level__icon"'
                       r' aria-hidden="true">(.)</span> [^<]*: ([^<]*)\.</strong>',
                       content(sample, page))
    assert {level for level, _, _ in items} == {"interrompu", "perturbe"}
    for level, icon, words in items:
        assert (icon, level) in (("✕", "interrompu"), ("⚠", "perturbe")), words
        assert words.endswith("interrompu" if level == "interrompu" else "perturbé"), words


@pytest.mark.slow
def test_official_addresses_need_no_article_and_break_only_after_a_slash(sample: Path) -> None:
    """No "Les informations de Groupe…"; each address is cut into unbreakable pieces."""
    html = content(sample, "adresses-officielles.html")
    assert "Les informations de" not in html
    assert "Ce site d'information est publié à ces adresses, et seulement à celles-ci :" in html
    assert ('<code class="portal-url"><span>https:</span>/<wbr><span></span>/<wbr>'
            '<span>www.ars-vallee-fictive.example</span>/<wbr><span>crise</span>/<wbr>'
            '<span>ghvf</span>/<wbr><span></span></code>') in html


@pytest.mark.slow
def test_without_javascript_the_search_page_leads_to_the_a_to_z_once(sample: Path) -> None:
    """The search page sends a browser without JavaScript on to the A–Z, and says it once."""
    html = content(sample, "rechercher.html")
    assert '<noscript><meta http-equiv="refresh" content="0; url=annuaire.html"></noscript>' in html
    assert html.count("annuaire de A à Z</a>") == 1

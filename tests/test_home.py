"""The pages a patient lands on first (home, 404, search), read back from a real build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main as portal_main
from generator.error_pages import error_page_bases, error_page_name
from tests.conftest import REPO, Project


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample portal (a crisis in force), built once at a fixed moment."""
    out = tmp_path_factory.mktemp("home") / "site"
    assert portal_main(["--project", str(REPO), "--now", "2026-11-23 12:00", "build",
                        "--site-dir", str(out)]) == 0
    return out


def content(site: Path, page: str) -> str:
    """The page's own text, after Material's header, banner and navigation."""
    html = (site / page).read_text("utf-8")
    return html[html.index('<article class="md-content__inner'):]


@pytest.mark.slow
@pytest.mark.parametrize("page", ["index.html", "404.html", "404-crise-ghvf.html"])
def test_the_emergency_numbers_come_before_anything_else(sample: Path, page: str) -> None:
    """Home and 404: the numbers open the page, before the title and the introduction."""
    html = content(sample, page)
    first = min(html.index(tag) for tag in ("<h1", "<p", "<ul", "<section"))
    assert html[first:].startswith('<section class="portal-emergency"'), html[first:first + 80]
    assert html.index('href="tel:15"') < html.index("<h1")


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

"""End to end: a real `portal build` (MkDocs or ProperDocs + Material), read back as the HTML
patients get; every test runs once per engine."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import Project, tree_snapshot

pytestmark = pytest.mark.slow

HOSTILE = ("<script>alert(1)</script> [x](javascript:alert(1)) **gras** "
           "<img src=x onerror=alert(2)> {{ 7*7 }} & \"q\" 'a'")
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def hostile_project(project: Project) -> Project:
    """Every free-text field of every block holds markup, a Markdown link and a template."""
    project.write("directory/groupe.yml", yaml.safe_dump({
        "nom": "Groupe " + HOSTILE, "description": HOSTILE,
        "urgences": [{"numero": "15", "nom": HOSTILE, "description": HOSTILE},
                     {"numero": "02 61 91 10 00", "nom": HOSTILE, "etablissement": "site-h"}],
    }, allow_unicode=True))
    service = {
        "id": "service-h", "nom": "Service " + HOSTILE, "type": "consultation",
        "specialite": HOSTILE, "description": HOSTILE + "\n\n" + HOSTILE,
        "localisation": {"batiment": HOSTILE, "etage": HOSTILE, "acces": HOSTILE},
        "telephones": [{"numero": "02 61 91 01 10", "libelle": HOSTILE,
                        "horaires": "lundi-vendredi 08:30-17:00"}],
        "horaires": ["tous les jours 13:00-20:00"], "rendez_vous": HOSTILE,
        "mots_cles": [HOSTILE], "statut": {"etat": "perturbe", "note": HOSTILE},
        "verifie_le": "2026-11-20"}
    project.write("directory/etablissements/hopital-test.yml", yaml.safe_dump({
        "etablissement": {"id": "site-h", "nom": "Site " + HOSTILE, "adresse": HOSTILE,
                          "standard": "02 61 91 00 00", "note": HOSTILE},
        "services": [service],
    }, allow_unicode=True))
    return project


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory, module_engine: str) -> Path:
    project = Project(tmp_path_factory.mktemp("sample"), module_engine)
    assert project.portal("build") == 0
    return project.site


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, module_engine: str) -> Path:
    project = hostile_project(Project(tmp_path_factory.mktemp("hostile"), module_engine))
    assert project.portal("build") == 0
    return project.site


@pytest.fixture
def project(tmp_path: Path, engine: str) -> Project:
    """This module's small projects are built with each engine in turn."""
    return Project(tmp_path, engine)


def html_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


def test_every_page_kind_is_built(sample_site: Path) -> None:
    """Home, A–Z, kinds, establishments and one page per public service exist."""
    pages = html_pages(sample_site)
    for page in ("index.html", "annuaire.html", "consultations.html", "hospitalisation.html",
                 "etablissements/index.html", "etablissements/hopital-test.html",
                 "services/cardiologie.html", "services/pneumologie-hospitalisation.html",
                 "infos-pratiques.html", "404.html"):
        assert page in pages


def test_service_page_shows_what_a_patient_needs(sample_site: Path) -> None:
    """Number as a tap-to-call link, hours in words, status, establishment, verification date."""
    html = (sample_site / "services/pneumologie-hospitalisation.html").read_text("utf-8")
    assert '<a class="portal-call" href="tel:+33261910220">02 61 91 02 20</a>' in html
    assert "24\u00a0h\u00a0sur\u00a024, 7\u00a0jours\u00a0sur\u00a07" in html  # never cut
    assert "Fonctionnement perturbé</strong> : Visites limitées." in html
    assert '<a href="../etablissements/hopital-test.html">Hôpital du Test</a>' in html
    assert '<time datetime="2026-11-21">21 novembre 2026</time>' in html
    assert "<title>Pneumologie – hospitalisation – Hôpital du Test - " in html


def test_home_lists_emergency_numbers_first(sample_site: Path) -> None:
    """The emergency block comes before any other section of the home page."""
    html = (sample_site / "index.html").read_text("utf-8")
    assert html.index('href="tel:15"') < html.index("Trouver le bon numéro")
    assert 'href="tel:+33261911000"' in html


def test_every_tel_link_is_e164_or_a_short_number(sample_site: Path) -> None:
    """A phone dials the same way from anywhere: `tel:+33…` or `tel:15`, nothing else."""
    links = set()
    for html in html_pages(sample_site).values():
        links.update(re.findall(r'href="(tel:[^"]*)"', html))
    assert links
    assert all(re.fullmatch(r"tel:(\+[1-9]\d{6,14}|\d{2,6})", link) for link in links), links


def test_professional_only_numbers_are_never_published(sample_site: Path) -> None:
    """A line marked `public: non` is in no page and not in the search index."""
    published = [p for p in sample_site.rglob("*") if p.is_file()
                 and p.suffix in (".html", ".json", ".xml", ".js")]
    assert len(published) > 10 and any(p.name.startswith("search-index") for p in published)
    for path in published:
        text = path.read_text("utf-8")
        assert "02 61 91 01 19" not in text and "33261910119" not in text, path


def test_no_third_party_resource_is_referenced(sample_site: Path) -> None:
    """Scripts, styles, images, fonts and links of every page stay on the site."""
    pages = html_pages(sample_site)
    assert len(pages) > 10 and list(sample_site.rglob("*.css"))
    for name, html in pages.items():
        for url in re.findall(r'(?:src|href)="([^"]*)"', html):
            assert not re.match(r"^(https?:)?//", url), (name, url)
    for css in sample_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text("utf-8")), css


def test_a_to_z_lists_every_public_service_with_its_numbers(sample_site: Path) -> None:
    """The one-page directory: letters, names, establishment and numbers."""
    html = (sample_site / "annuaire.html").read_text("utf-8")
    assert 'href="#lettre-c"' in html and 'id="lettre-p"' in html
    assert 'href="services/cardiologie.html"' in html
    assert 'href="tel:+33261910110"' in html


def test_hostile_text_is_shown_as_text_everywhere(hostile_site: Path) -> None:
    """Markup, Markdown links and template syntax from YAML never become code or links."""
    pages = html_pages(hostile_site)
    for name, html in pages.items():
        assert "<script>alert(1)" not in html, name
        assert "<img src=x" not in html, name
        assert 'href="javascript:' not in html.lower(), name
        assert "<strong>gras</strong>" not in html, name
        assert ">49<" not in html, name
    service = pages["services/service-h.html"]
    # Every field of the service shows the text, escaped: name, specialty, description ×2,
    # building, floor, access, phone label, booking, keyword, status note, establishment.
    assert service.count(ESCAPED_SCRIPT) >= 12
    assert "[x](javascript:alert(1)) **gras**" in service
    assert "{{ 7*7 }}" in service
    assert f"<title>Service {ESCAPED_SCRIPT}" in service  # then « – Site … »
    for page in ("index.html", "annuaire.html", "etablissements/site-h.html"):
        assert ESCAPED_SCRIPT in pages[page], page


def test_hostile_text_is_plain_data_in_the_search_index(hostile_site: Path) -> None:
    """The search page's index holds the text as JSON data (shown with textContent)."""
    (path,) = (hostile_site / "assets/portal").glob("search-index.*.js")
    script = path.read_text("utf-8")
    prefix = "window.PORTAL_SEARCH = "
    assert script.startswith(prefix) and script.endswith(";\n")
    index = json.loads(script[len(prefix):-2])
    names = {entry["name"] for entry in index["entries"]}
    assert "Service " + HOSTILE in names


def test_failed_check_leaves_previous_site_byte_identical(project: Project, capsys) -> None:  # type: ignore[no-untyped-def]
    """Broken YAML: exit 1 with file:line, and site/ exactly as it was."""
    assert project.portal("build") == 0
    (project.site / "marker.txt").write_text("previous build")
    before = tree_snapshot(project.site)
    project.write("directory/etablissements/hopital-test.yml", "etablissement:\n  id: [\n")
    capsys.readouterr()
    assert project.portal("build") == 1
    err = capsys.readouterr().err
    assert "directory/etablissements/hopital-test.yml:" in err
    assert "le site précédent n'a pas été modifié" in err.lower()
    assert tree_snapshot(project.site) == before
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".site")] == []


def test_failed_mkdocs_build_leaves_previous_site_byte_identical(project: Project,
                                                                  capsys) -> None:  # type: ignore[no-untyped-def]
    """Valid data but MkDocs fails (a content page takes a generated page's name)."""
    assert project.portal("build") == 0
    before = tree_snapshot(project.site)
    project.write("content/annuaire.md", "# Mon annuaire\n")
    capsys.readouterr()
    assert project.portal("build") == 1
    err = capsys.readouterr().err
    assert err.count("content/annuaire.md porte le nom d'une page générée") == 1, err
    assert tree_snapshot(project.site) == before
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".site")] == []


def test_generated_pages_go_neither_into_content_nor_beside_the_site(project: Project,
                                                                     capsys) -> None:  # type: ignore[no-untyped-def]
    """`portal build` writes what it generates into a folder of its own while MkDocs runs:
    after a build, and after one refused (a page of content/ named like a generated one),
    content/ is as the comms staff left it and nothing but site/ is left in the project."""
    names = sorted(p.name for p in project.root.iterdir())
    assert project.portal("build") == 0
    assert sorted(p.name for p in project.root.iterdir()) == sorted([*names, "site"])
    project.write("content/annuaire.md", "# Mon annuaire\n")
    content = tree_snapshot(project.root / "content")
    capsys.readouterr()
    assert project.portal("build") == 1
    assert "content/annuaire.md porte le nom d'une page générée" in capsys.readouterr().err
    assert tree_snapshot(project.root / "content") == content
    assert sorted(p.name for p in project.root.iterdir()) == sorted([*names, "site"])


def test_successful_build_replaces_the_whole_site(project: Project) -> None:
    """Files of an older build that no longer exist are gone; --site-dir is honoured."""
    target = project.root / "public"
    assert project.portal("build", "--site-dir", str(target)) == 0
    (target / "stale.html").write_text("old")
    assert project.portal("build", "--site-dir", str(target)) == 0
    assert not (target / "stale.html").exists()
    assert (target / "services/cardiologie.html").is_file()


def test_404_page_leads_to_the_directory_and_emergency_numbers(sample_site: Path) -> None:
    """A missing address still shows how to call for help and where the directory is."""
    html = (sample_site / "404.html").read_text("utf-8")
    assert "<h1>Page introuvable</h1>" in html
    assert 'href="tel:15"' in html and 'href="tel:+33261911000"' in html
    assert 'annuaire.html"' in html and "Not found" not in html


def test_security_header_snippets_agree(sample_site: Path) -> None:
    """`_headers`, nginx and Apache snippets carry the same policy: scripts from the site only."""
    headers = (sample_site / "_headers").read_text("utf-8")
    policy = re.search(r"Content-Security-Policy: (.*)", headers)
    assert policy and "script-src 'self';" in policy.group(1) and "sha256" not in policy.group(1)
    for snippet in ("nginx.conf", "apache.conf"):
        text = (sample_site / "entetes-securite" / snippet).read_text("utf-8")
        assert policy.group(1) in text, snippet

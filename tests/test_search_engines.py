"""Search engines find one official copy: canonical links, sitemap, robots.txt and JSON-LD,
read back from real builds with `extruct`, as a search engine reads them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import extruct
import pytest

from generator.json_ld import opening_hours, postal_address, script_text
from generator.model.hours import parse_hours_line
from generator.search_engines import canonical_url, primary_address, robots_txt
from generator.validate import check_directory
from tests.conftest import NOW, REPO, Project, build_sample

PRIMARY = "https://www.ars-vallee-fictive.example/crise/ghvf/"
"""The first of the sample's `adresses_officielles`."""
MKDOCS_PAGE = '<meta name="generator" content="mkdocs-'
HOSTILE = "Cardiologie </script><script>alert(1)</script> <!-- x"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seo") / "site"
    build_sample(out)
    return out


def pages(site: Path) -> dict[str, str]:
    """Every page of the site's layout a visitor can land on: not the hosts' 404 pages, nor
    the standalone documents (the single-file directory, the partners' framed pages)."""
    found = {p.relative_to(site).as_posix(): p.read_text("utf-8")
             for p in sorted(site.rglob("*.html")) if not p.name.startswith("404")}
    return {page: html for page, html in found.items() if MKDOCS_PAGE in html}


def canonical_links(html: str) -> list[str]:
    return re.findall(r'<link rel="canonical" href="([^"]*)">', html)


def json_ld(html: str) -> list[dict[str, Any]]:
    """The page's schema.org nodes, as `extruct` reads them (a `@graph` flattened)."""
    found = extruct.extract(html, syntaxes=["json-ld"], uniform=False)["json-ld"]
    return [node for item in found for node in item.get("@graph", [item])]


def every_node(value: object) -> list[dict[str, Any]]:
    """Each dict inside `value`, itself included, at any depth."""
    if isinstance(value, list):
        return [node for item in value for node in every_node(item)]
    if isinstance(value, dict):
        return [value, *(node for item in value.values() for node in every_node(item))]
    return []


def professional_numbers(project: Path) -> set[str]:
    """Every line marked `public: non`, as displayed and as dialled."""
    directory = check_directory(project / "directory", project, NOW).directory
    assert directory is not None
    hidden = {p.number for s in directory.services for p in s.phones if not p.public}
    assert hidden, "the data must hold professional lines for the test to mean anything"
    return {form for n in hidden for form in (n.display, n.dial, n.display.replace(" ", ""))}


def assert_one_official_copy(site: Path, primary: str) -> None:
    """One canonical link per page: `primary` + the page's path (a home page, French or
    English: its folder's address); sitemap.xml lists each page of both languages once by
    that address; robots.txt names it."""
    found = {page: canonical_links(html) for page, html in pages(site).items()}
    homes = {"index.html": primary, "en/index.html": primary + "en/"}
    expected = {page: [homes.get(page, primary + page)] for page in found}
    assert found == expected
    listed = re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text("utf-8"))
    assert sorted(listed) == sorted(link for [link] in expected.values())
    assert (site / "robots.txt").read_text("utf-8") == (
        f"User-agent: *\nAllow: /\nSitemap: {primary}sitemap.xml\n")


@pytest.mark.slow
def test_every_page_names_its_address_at_the_primary_copy(sample: Path) -> None:
    """The sample: its 130-odd pages at the first official address, in the sitemap too."""
    assert len(pages(sample)) > 100
    assert_one_official_copy(sample, PRIMARY)


@pytest.mark.slow
def test_the_json_ld_of_every_page_parses_and_holds_no_professional_number(
        sample: Path) -> None:
    """extruct reads every page's data; no number marked `public: non` is in it."""
    hidden = professional_numbers(REPO)
    for page, html in pages(sample).items():
        data = json.dumps(json_ld(html), ensure_ascii=False)
        assert [n for n in hidden if n in data] == [], page
        assert html.count('type="application/ld+json"') <= 1, page


@pytest.mark.slow
def test_services_and_establishments_say_where_and_how_to_call(sample: Path) -> None:
    """A service: `MedicalClinic` with address, telephone, contact points and hours; its
    establishment: `Hospital` with address and switchboard, part of the group."""
    [service] = json_ld((sample / "services/addictologie-consultations-genets.html")
                        .read_text("utf-8"))
    assert service["@type"] == "MedicalClinic"
    assert service["url"] == PRIMARY + "services/addictologie-consultations-genets.html"
    assert service["address"]["postalCode"] == "35993"
    assert service["telephone"].startswith("+33261")
    [contact] = service["contactPoint"]
    assert contact["@type"] == "ContactPoint" and contact["telephone"] == service["telephone"]
    assert {"@type": "OpeningHoursSpecification", "opens": "13:30", "closes": "19:30",
            "dayOfWeek": ["https://schema.org/Thursday"]} in contact["hoursAvailable"]
    [site] = json_ld((sample / "etablissements/hopital-saint-aubin.html").read_text("utf-8"))
    assert site["@type"] == "Hospital" and site["telephone"].startswith("+33261")
    assert site["address"] == {"@type": "PostalAddress", "streetAddress":
                               "12 avenue des Tilleuls", "postalCode": "35990",
                               "addressLocality": "Vallée-Fictive", "addressCountry": "FR"}
    assert site["parentOrganization"]["url"] == PRIMARY
    assert all(d["@type"] == "MedicalClinic" and d["url"].startswith(PRIMARY + "services/")
               for d in site["department"])
    group = json_ld((sample / "index.html").read_text("utf-8"))[0]
    assert group["@type"] == "MedicalOrganization" and group["url"] == PRIMARY
    assert {e["@type"] for e in group["subOrganization"]} == {"Hospital",
                                                               "MedicalOrganization"}
    assert all(e["address"] and e["telephone"] for e in group["subOrganization"])


@pytest.mark.slow
def test_every_directory_page_has_its_type_and_required_properties(sample: Path) -> None:
    """Each establishment: its type, name, address and switchboard; each service: a
    `MedicalClinic` with name, address and the establishment it belongs to; every number
    written as E.164 or a short number, as the page's call links dial it."""
    found = {page: json_ld(html) for page, html in pages(sample).items()}
    sites = [nodes for page, nodes in found.items()
             if page.startswith("etablissements/") and page != "etablissements/index.html"]
    services = [nodes for page, nodes in found.items() if page.startswith("services/")]
    assert len(sites) == 5 and len(services) > 80
    for [site] in sites:
        assert site["@type"] in ("Hospital", "MedicalOrganization")
        assert site["name"] and site["address"]["streetAddress"] and site["telephone"]
        assert site["department"] and all(d["name"] and d["telephone"]
                                          for d in site["department"])
    for [service] in services:
        assert service["@type"] == "MedicalClinic" and service["name"]
        assert service["address"]["addressCountry"] == "FR"
        parent = service["parentOrganization"]
        assert parent["url"].startswith(PRIMARY + "etablissements/")
        assert parent["address"] and parent["telephone"]
    for nodes in found.values():
        numbers = [n["telephone"] for n in every_node(nodes) if "telephone" in n]
        assert all(re.fullmatch(r"\+[1-9]\d{6,14}|\d{2,6}", t) for t in numbers), numbers


@pytest.mark.slow
def test_the_crisis_and_communiques_are_special_announcements(sample: Path) -> None:
    """The crisis on the home and status pages, posted when crise.yml says it was updated,
    expiring with the build; each communiqué with its date, and its expiry when it has one."""
    for page in ("index.html", "etat-des-services.html"):
        [crisis] = [n for n in json_ld((sample / page).read_text("utf-8"))
                    if n["@type"] == "SpecialAnnouncement"]
        assert crisis["datePosted"] == "2026-11-23T08:30:00+01:00"
        assert crisis["expires"] == "2026-11-26T12:00:00+01:00"  # the build's 72 hours
        assert crisis["text"].startswith("Le groupe hospitalier est victime d'une cyberattaque")
        assert crisis["url"] == PRIMARY + "etat-des-services.html"
    communiques = sorted((sample / "communiques").glob("2026-*.html"))
    assert communiques
    for path in communiques:
        [news] = json_ld(path.read_text("utf-8"))
        assert news["@type"] == "SpecialAnnouncement" and news["name"] and news["text"]
        assert news["publisher"] == {"@type": "MedicalOrganization", "url": PRIMARY,
                                     "name": "Groupe hospitalier de la Vallée-Fictive"}
        assert news["datePosted"].startswith(path.name[:10])
        assert news["url"] == PRIMARY + "communiques/" + path.name
    assert any("expires" in json_ld(p.read_text("utf-8"))[0] for p in communiques)


@pytest.mark.slow
def test_a_hostile_name_cannot_close_the_data_block(project: Project) -> None:
    """Held-out data: a service named with `</script>` stays inside its JSON string; no
    professional line in any page's data; every page at its own first official address."""
    project.write("directory/groupe.yml", (project.root / "directory/groupe.yml")
                  .read_text("utf-8") + "adresses_officielles:\n"
                  "  - adresse: https://crise.hopital-test.example/portail/\n"
                  "  - adresse: https://copie.example/\n")
    establishment = project.root / "directory/etablissements/hopital-test.yml"
    establishment.write_text(establishment.read_text("utf-8").replace(
        "nom: Consultations de cardiologie", f'nom: "{HOSTILE}"'), "utf-8")
    assert project.portal("build") == 0
    html = (project.site / "services/cardiologie.html").read_text("utf-8")
    block = html[html.index('<script type="application/ld+json">'):]
    block = block[:block.index("</script>")]
    assert "<" not in block.removeprefix("<script") and ">" not in block.split(">", 1)[1]
    [service] = json_ld(html)
    assert service["name"] == HOSTILE
    assert service["url"] == "https://crise.hopital-test.example/portail/services/cardiologie.html"
    hidden = professional_numbers(project.root)
    for page, text in pages(project.site).items():
        data = json.dumps(json_ld(text), ensure_ascii=False)
        assert [n for n in hidden if n in data] == [], page
    assert_one_official_copy(project.site, "https://crise.hopital-test.example/portail/")


@pytest.mark.slow
def test_without_an_official_address_one_warning_and_no_relative_address(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """No `adresses_officielles`: one French warning says what to add; no canonical link,
    an empty sitemap, robots.txt without a Sitemap line; the data has no `url` at all."""
    assert project.portal("build") == 0
    warnings = [line for line in capsys.readouterr().err.splitlines()
                if "adresses_officielles" in line]
    assert warnings == ["avertissement : directory/groupe.yml : aucune adresse officielle "
                        "(« adresses_officielles ») : les pages n'annoncent pas leur adresse "
                        "de référence et sitemap.xml reste vide, car un moteur de recherche "
                        "n'accepte que des adresses complètes ; ajoutez l'adresse où le "
                        "portail est publié en premier, par exemple « - adresse: "
                        "https://www.ars.example.fr/crise/ »"]
    site_pages = pages(project.site)
    assert all(canonical_links(html) == [] for html in site_pages.values())
    assert "<loc>" not in (project.site / "sitemap.xml").read_text("utf-8")
    assert (project.site / "robots.txt").read_text("utf-8") == "User-agent: *\nAllow: /\n"
    [service] = json_ld(site_pages["services/cardiologie.html"])
    assert not [n for n in every_node(service) if "url" in n]


@pytest.mark.slow
def test_a_robots_txt_of_content_stays_as_written(project: Project) -> None:
    """The hospital's own robots.txt (a mirror kept out of search engines) wins."""
    project.write("content/robots.txt", "User-agent: *\nDisallow: /\n")
    assert project.portal("build") == 0
    assert (project.site / "robots.txt").read_text("utf-8") == "User-agent: *\nDisallow: /\n"


def test_the_primary_address_is_a_folder_without_query() -> None:
    """The first official address wins over site_url; a page path is appended to it."""
    assert primary_address(["https://a.example/crise?x=1#y", "https://b.example/"],
                           "https://c.example/") == "https://a.example/crise/"
    assert primary_address([], "https://c.example") == "https://c.example/"
    assert primary_address([], None) is None
    assert primary_address(["https://a.example/crisé"], None) == "https://a.example/cris%C3%A9/"
    assert canonical_url("https://a.example/", "index.html") == "https://a.example/"
    assert canonical_url("https://a.example/", "etablissements/index.html") == \
        "https://a.example/etablissements/index.html"
    assert robots_txt(None) == "User-agent: *\nAllow: /\n"


def test_hours_become_opening_hours_specifications() -> None:
    """Each range of each line, its days by schema.org name; « 24h/24 » is 00:00–23:59."""
    lines = [parse_hours_line("lundi-mardi 08:30-12:30, 13:30-17:00"),
             parse_hours_line("24h/24")]
    specs = opening_hours(lines)
    assert [(s["dayOfWeek"], s["opens"], s["closes"]) for s in specs] == [
        (["https://schema.org/Monday", "https://schema.org/Tuesday"], "08:30", "12:30"),
        (["https://schema.org/Monday", "https://schema.org/Tuesday"], "13:30", "17:00"),
        ([f"https://schema.org/{d}" for d in ("Monday", "Tuesday", "Wednesday", "Thursday",
                                               "Friday", "Saturday", "Sunday")],
         "00:00", "23:59")]


def test_addresses_split_only_when_they_read_as_french_ones() -> None:
    assert postal_address("1 rue de l'Essai, 35990 Testville")["postalCode"] == "35990"
    assert postal_address("Bâtiment B, zone des Landes") == {
        "@type": "PostalAddress", "streetAddress": "Bâtiment B, zone des Landes",
        "addressCountry": "FR"}


def test_the_script_text_is_json_that_data_cannot_end() -> None:
    """`<`, `>`, `&` are escaped inside JSON strings: the same value once parsed."""
    text = script_text([{"@type": "MedicalClinic", "name": HOSTILE + " & >"}])
    assert not {"<", ">", "&"} & set(text)
    assert json.loads(text) == {"@context": "https://schema.org", "@type": "MedicalClinic",
                                "name": HOSTILE + " & >"}

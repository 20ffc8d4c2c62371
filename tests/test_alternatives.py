"""Finding 14: a state of ``crise.yml`` names where to go instead, and the relatives' line.

Checked as comms staff meet it (French ``fichier:ligne`` errors) and as patients see it
(the built pages: banner, status, « Ce qui change pour vous », establishment, service,
printout, home), with call links and every YAML text escaped.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main as portal_main
from generator.clock import PARIS
from generator.model.hours import NBSP
from generator.status import snapshot
from tests.browser import AXE, require, serve_directory
from tests.conftest import REPO, Project
from tests.test_browser import browser  # noqa: F401 (the shared Chromium fixture)

SECOND_SITE_YML = """\
etablissement:
  id: clinique-test
  nom: Clinique du Test
  adresse: 9 place de l'Essai, 35991 Testbourg
  standard: 02 61 91 50 00
services:
  - id: urgences-clinique
    nom: Urgences de la clinique
    type: urgences
    telephones:
      - numero: 02 61 91 51 00
        libelle: Accueil des urgences
"""

EMERGENCY_DEPARTMENT_YML = """\
etablissement: hopital-test
services:
  - id: urgences-test
    nom: Urgences du Test
    type: urgences
    telephones:
      - numero: 02 61 91 10 00
        libelle: Accueil des urgences
"""

CRISIS_YML = """\
situation: Cyberattaque en cours.
informations_familles:
  telephone: 02 61 91 00 50
  horaires: tous les jours 08:00-20:00
  note: Ayez le nom du patient <b>sous la main</b>.
fonctions:
  - id: urgences
    etablissement: hopital-test
    etats:
      - etat: interrompu
        note: Urgences fermées pour la nuit.
        du: 2026-11-23 08:00
        au: 2026-11-24 08:00
        alternatives:
          - etablissement: clinique-test
            note: adultes seulement
          - nom: Centre <script>alert(1)</script> de Rive
            adresse: 8 quai des Peupliers, 35994 Rive-Fictive
            telephone: 03 53 48 20 00
"""

OUTSIDE_HREF = 'href="tel:+33353482000"'
FAMILY_HREF = 'href="tel:+33261910050"'
CLINIC_EMERGENCY_HREF = 'href="tel:+33261915100"'
"""The clinic's emergency number, given in groupe.yml below (not its switchboard)."""


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=PARIS)


def _close_ed(project: Project) -> Project:
    project.write("directory/etablissements/clinique-test.yml", SECOND_SITE_YML)
    project.write("directory/services/urgences-test.yml", EMERGENCY_DEPARTMENT_YML)
    group = (project.root / "directory/groupe.yml").read_text("utf-8")
    project.write("directory/groupe.yml", group + """\
  - numero: 02 61 91 51 00
    nom: Urgences de la Clinique du Test
    etablissement: clinique-test
""")
    project.write("directory/crise.yml", CRISIS_YML)
    return project


@pytest.fixture
def closed_ed(project: Project) -> Project:
    """Hôpital du Test's emergency department closed for a night; go to the clinic or Rive."""
    return _close_ed(project)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build for all the read-only page tests (a build takes seconds)."""
    project = _close_ed(Project(tmp_path_factory.mktemp("closed-ed")))
    assert project.portal("build") == 0
    return project.site


def page(site: Path, name: str) -> str:
    return (site / name).read_text("utf-8")


def test_alternatives_are_in_force_only_inside_their_state_window(closed_ed: Project) -> None:
    """During the closure the redirect exists; the next morning, it is gone."""
    directory = closed_ed.check(at(23)).directory
    assert directory is not None
    during = snapshot(directory, at(23)).redirects
    assert [(r.subject, [p.name for p in r.places]) for r in during] == [
        ("Urgences – Hôpital du Test",
         ["Clinique du Test", "Centre <script>alert(1)</script> de Rive"])]
    assert snapshot(directory, at(24, 9)).redirects == []


def test_a_function_concerns_the_services_of_its_kind(closed_ed: Project) -> None:
    """`consultations` closed group-wide: the cardiology consultation lists the places."""
    closed_ed.write("directory/crise.yml", """\
    situation: Consultations fermées.
    fonctions:
      - id: consultations
        etats:
          - etat: interrompu
            alternatives:
              - etablissement: clinique-test
    """)
    directory = closed_ed.check().directory
    assert directory is not None
    state = snapshot(directory, at(23))
    sites = {e.id: e for e in directory.establishments}
    services = {s.id: s for s in directory.services}
    for service_id, site, expected in [("cardiologie", "hopital-test", ["Clinique du Test"]),
                                       ("urgences-test", "hopital-test", [])]:
        found = state.redirects_for_service(services[service_id], sites[site])
        assert [p.name for r in found for p in r.places] == expected, service_id


def test_banner_names_each_place_with_a_call_link(site: Path) -> None:
    """Every page's banner: the closure, each place and its first number as a tel: link."""
    banner = re.search(r'<p class="portal-banner">.*?</p>', page(site, "services/cardiologie.html"),
                       re.DOTALL)
    assert banner is not None
    text = banner.group(0)
    assert "Urgences – Hôpital du Test : service interrompu, allez à Clinique du Test (" in text
    assert CLINIC_EMERGENCY_HREF in text and OUTSIDE_HREF in text
    assert "<script>" not in text and "Centre &lt;script&gt;alert(1)&lt;/script&gt; de Rive" in text


@pytest.mark.parametrize("name", ["etat-des-services.html", "ce-qui-change.html",
                                  "etablissements/hopital-test.html",
                                  "services/urgences-test.html", "annuaire-a-imprimer.html"])
def test_pages_showing_the_state_list_the_places(site: Path, name: str) -> None:
    """Status, what changes, the establishment, its emergency department, the printout."""
    html = page(site, name)
    main = html.split('<article class="md-content__inner', 1)[1]
    assert "Où aller à la place" in main
    assert CLINIC_EMERGENCY_HREF in main and OUTSIDE_HREF in main
    assert "8 quai des Peupliers, 35994 Rive-Fictive" in main
    assert "9 place de l&#39;Essai, 35991 Testbourg" in main
    assert re.search(r'<a href="(\.\./)*etablissements/clinique-test\.html">Clinique du Test</a>',
                     main)
    assert "adultes seulement" in main
    assert "<script>alert" not in html


@pytest.mark.parametrize("name", ["services/cardiologie.html", "services/urgences-clinique.html",
                                  "etablissements/clinique-test.html"])
def test_unconcerned_pages_do_not_list_the_places(site: Path, name: str) -> None:
    """A consultation, and the place patients are sent to, carry no « go elsewhere » block."""
    main = page(site, name).split('<article class="md-content__inner', 1)[1]
    assert "Où aller à la place" not in main


@pytest.mark.parametrize("name", ["index.html", "etat-des-services.html", "ce-qui-change.html",
                                  "annuaire-a-imprimer.html"])
def test_family_line_is_shown_with_a_call_link(site: Path, name: str) -> None:
    """The relatives' number: a tel: link, its hours, its note escaped."""
    line = re.search(r'<p class="portal-family-line">.*?</p>', page(site, name), re.DOTALL)
    assert line is not None
    assert FAMILY_HREF in line.group(0)
    assert f"Tous les jours, de{NBSP}8{NBSP}h à{NBSP}20{NBSP}h" in line.group(0)
    assert "&lt;b&gt;sous la main&lt;/b&gt;" in line.group(0)


def test_family_line_comes_after_the_emergency_numbers(site: Path) -> None:
    """On the home page the 15 stays first: the family line is in « Situation actuelle »."""
    home = page(site, "index.html")
    assert home.index('href="tel:15"') < home.index('class="portal-family-line"')


def test_a_closed_establishment_sends_every_service_elsewhere(closed_ed: Project) -> None:
    """`mode: ferme` with alternatives: each service page of that site shows them."""
    closed_ed.write("directory/crise.yml", """\
    situation: Hôpital du Test fermé.
    etablissements:
      - etablissement: hopital-test
        etats:
          - mode: ferme
            alternatives:
              - etablissement: clinique-test
    """)
    assert closed_ed.portal("build") == 0
    cardiology = page(closed_ed.site, "services/cardiologie.html")
    main = cardiology.split('<article class="md-content__inner', 1)[1]
    assert "Hôpital du Test : fermé." in main and "Où aller à la place" in main
    assert 'href="tel:+33261915000"' in main  # the clinic's switchboard: not an emergency


CHECK_ERRORS_YML = """\
situation: Cyberattaque.
fonctions:
  - id: urgences
    etats:
      - etat: interrompu
        alternatives:
          - nom: Clinique du Lac
            adresse: 3 rue du Port
          - nom: Clinique du Val
            adresse: 4 rue du Val
            telephone: 02 61 91 AB 00
          - etablissement: hopital-test
            nom: Hôpital du Test
  - id: messagerie
    etats:
      - etat: normal
        alternatives:
          - etablissement: hopital-test
"""


def test_bad_alternatives_are_all_reported_in_french_with_their_line(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """Missing number, bad number, mixed place, alternatives on a normal state: all at once."""
    project.write("directory/crise.yml", CHECK_ERRORS_YML)
    assert project.portal("check") == 1
    err = capsys.readouterr().err
    assert ("directory/crise.yml:7: erreur : solution de repli sans « telephone » — pour un "
            "lieu hors du groupe, écrivez son nom, son adresse et son numéro") in err
    assert "directory/crise.yml:11: erreur : lettre « A » dans « 02 61 91 AB 00 »" in err
    assert ("directory/crise.yml:12: erreur : une solution de repli est soit un établissement "
            "du groupe") in err
    assert ("directory/crise.yml:16: erreur : un état « normal » ne peut pas avoir de solutions "
            "de repli (« alternatives »)") in err
    assert "Traceback" not in err and "Value error" not in err


def test_unknown_establishments_are_reported_with_their_line(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """An alternative, or a function's `etablissement`, naming no establishment of the group."""
    project.write("directory/crise.yml", """\
    situation: Cyberattaque.
    fonctions:
      - id: urgences
        etablissement: hopital-tset
        etats:
          - etat: interrompu
            alternatives:
              - etablissement: hopital-inconnu
    """)
    assert project.portal("check") == 1
    err = capsys.readouterr().err
    assert ("directory/crise.yml:4: erreur : établissement « hopital-tset » inconnu — vouliez-vous "
            "écrire « hopital-test » ?") in err
    assert "directory/crise.yml:8: erreur : établissement « hopital-inconnu » inconnu" in err


def test_the_same_function_may_be_written_for_the_group_and_for_one_site(
        project: Project) -> None:
    """`urgences` group-wide and `urgences` of hopital-test are two entries, not a duplicate."""
    project.write("directory/crise.yml", """\
    situation: Cyberattaque.
    fonctions:
      - id: urgences
        etats:
          - etat: normal
      - id: urgences
        etablissement: hopital-test
        etats:
          - etat: perturbe
    """)
    assert [d.code for d in project.check().diagnostics] == []


@pytest.mark.slow
@pytest.mark.parametrize("url", ["services/urgences-bourg.html",
                                 "etablissements/centre-hospitalier-bourg-fictif.html",
                                 "annuaire-a-imprimer.html"])
def test_sample_places_pass_axe_and_fit_a_small_phone(
        request: pytest.FixtureRequest, url: str,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """The sample's closed emergency department: axe 0 violations, nothing wider than 360 px,
    the other site's emergency number a visible call link."""
    require(AXE, "axe-core")
    chromium: Any = request.getfixturevalue("browser")
    out = tmp_path_factory.getbasetemp() / "sample-site"
    if not out.exists():
        assert portal_main(["--project", str(REPO), "--now", "2026-11-23 12:00", "build",
                            "--site-dir", str(out)]) == 0
    with serve_directory(out) as base:
        page = chromium.new_page(viewport={"width": 360, "height": 640})
        page.goto(f"{base}/{url}", wait_until="networkidle")
        block = page.locator("article .portal-redirect").first
        assert block.locator('a[href="tel:+33261911000"]').is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
        assert [v["id"] for v in result["violations"]] == []
        page.close()

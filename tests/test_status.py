"""The crisis: dated states in force at a given moment, their checks, banner and status page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.clock import PARIS
from generator.diagnostics import Severity
from generator.model import OperatingMode, StatusLevel
from generator.status import snapshot
from tests.conftest import ESTABLISHMENT_YML, Project, build_sample, theme_pages

CRISIS_YML = """\
situation: Cyberattaque en cours ; les urgences fonctionnent.
fonctions:
  - id: messagerie
    etats:
      - etat: interrompu
        du: 2026-11-18 07:00
      - etat: normal
        du: 2026-11-25 08:00
  - id: rendez-vous-en-ligne
    etats:
      - etat: interrompu
        note: Fermée.
        du: 2026-11-18 07:00
        au: 2026-11-20 12:00
  - id: navette
    nom: Navette entre les sites
    etats:
      - etat: perturbe
        consigne: Prévoyez un taxi.
etablissements:
  - etablissement: hopital-test
    etats:
      - mode: papier
        note: Dossiers sur papier.
        du: 2026-11-18 07:00
"""


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=PARIS)


@pytest.fixture
def crisis(project: Project) -> Project:
    project.write("directory/crise.yml", CRISIS_YML)
    return project


def levels_at(project: Project, moment: dt.datetime) -> dict[str, StatusLevel]:
    directory = project.check(moment).directory
    assert directory is not None
    return {f.id: f.level for f in snapshot(directory, moment).functions}


NORMAL, DISRUPTED, DOWN = StatusLevel.NORMAL, StatusLevel.PERTURBE, StatusLevel.INTERROMPU


@pytest.mark.parametrize(("moment", "expected"), [
    (at(17), {"messagerie": NORMAL, "rendez-vous-en-ligne": NORMAL, "navette": DISRUPTED}),
    (at(19), {"messagerie": DOWN, "rendez-vous-en-ligne": DOWN, "navette": DISRUPTED}),
    (at(20, 12), {"messagerie": DOWN, "rendez-vous-en-ligne": NORMAL, "navette": DISRUPTED}),
    (at(26), {"messagerie": NORMAL, "rendez-vous-en-ligne": NORMAL, "navette": DISRUPTED}),
])
def test_states_apply_only_inside_their_window(crisis: Project, moment: dt.datetime,
                                               expected: dict[str, StatusLevel]) -> None:
    """Before `du` and from `au` on, normal; inside the window, the state; later ones win."""
    assert levels_at(crisis, moment) == expected


def test_establishment_mode_and_service_status_follow_the_clock(crisis: Project) -> None:
    """Operating modes and a service's `statut` obey their windows too."""
    crisis.write("directory/services/plus.yml", """\
        etablissement: hopital-test
        services:
          - id: fermeture-prevue
            nom: Consultation déménagée
            type: consultation
            telephones: [{numero: 02 61 91 05 50, libelle: Accueil}]
            statut: {etat: interrompu, note: Fermé pour déménagement,
                     du: 2026-11-28 00:00, au: 2026-12-01 00:00}
        """)
    directory = crisis.check(at(23)).directory
    assert directory is not None
    before, during = snapshot(directory, at(23)), snapshot(directory, at(29))
    assert before.establishments[0].mode is OperatingMode.PAPIER
    assert snapshot(directory, at(17)).establishments[0].mode is OperatingMode.NORMAL
    assert "fermeture-prevue" not in before.service_statuses
    assert during.service_statuses["fermeture-prevue"].level is StatusLevel.INTERROMPU


def test_history_is_newest_first_and_excludes_the_future(crisis: Project) -> None:
    """Only states that have started, with their start time; undated ones have no date."""
    directory = crisis.check(at(23)).directory
    assert directory is not None
    state = snapshot(directory, at(23))
    assert [(c.when, c.subject) for c in state.history] == [
        (at(18, 7), "Prise de rendez-vous en ligne"),
        (at(18, 7), "Messagerie électronique"),
        (at(18, 7), "Hôpital du Test"),
    ]
    assert state.last_update == at(18, 7)


def test_advice_comes_from_data_or_the_usual_advice(crisis: Project) -> None:
    """An interrupted channel says what to do instead; a `consigne` overrides the default."""
    directory = crisis.check(at(19)).directory
    assert directory is not None
    advice = {f.id: f.advice for f in snapshot(directory, at(19)).advice}
    assert advice["messagerie"] is not None and "téléphonez" in advice["messagerie"]
    assert advice["navette"] == "Prévoyez un taxi."


@pytest.mark.parametrize(("replace", "by", "line", "code"), [
    ("id: messagerie", "id: messagrie", 3, "function.unknown"),
    ("  - id: rendez-vous-en-ligne", "  - id: messagerie", 9, "function.duplicate-id"),
    ("etablissement: hopital-test", "etablissement: hopital-tset", 21, "establishment.unknown"),
    ("au: 2026-11-20 12:00", "au: 2026-11-17 12:00", 11, "field.window"),
    ("du: 2026-11-25 08:00", "du: 25/11/2026 vers 8h", 8, "field.datetime"),
    ("mode: papier", "mode: crayon", 23, "field.choice"),
    ("situation: Cyberattaque", "situations: Cyberattaque", 1, "field.extra_forbidden"),
])
def test_each_crisis_error_is_reported_at_its_line(crisis: Project, replace: str, by: str,
                                                   line: int, code: str) -> None:
    """Unknown or duplicate functions, unknown sites, bad windows, dates and modes: one error."""
    crisis.write("directory/crise.yml", CRISIS_YML.replace(replace, by))
    found = [(d.path, d.line, d.code) for d in crisis.check(at(23)).diagnostics if d.is_error]
    assert found == [("directory/crise.yml", line, code)]


def test_new_function_without_advice_warns(crisis: Project) -> None:
    """A new function that is not normal must say what patients should do instead."""
    crisis.write("directory/crise.yml", CRISIS_YML.replace("consigne: Prévoyez un taxi.",
                                                           "note: Moins de navettes."))
    found = [(d.line, d.code, d.severity) for d in crisis.check(at(19)).diagnostics]
    assert (18, "function.no-advice", Severity.WARNING) in found


def test_unknown_function_suggests_a_known_one(crisis: Project) -> None:
    """A misspelt known function is named back, with how to add a new one."""
    crisis.write("directory/crise.yml", CRISIS_YML.replace("id: messagerie", "id: messagrie"))
    found = [d for d in crisis.check(at(23)).diagnostics if d.code == "function.unknown"]
    assert "« messagerie »" in found[0].hint and "nom:" in found[0].hint


def test_ended_states_are_warnings_not_errors(crisis: Project) -> None:
    """A state whose `au` has passed warns, dated, and does not block the build."""
    result = crisis.check(at(23))
    assert result.ok
    assert [(d.line, d.code, d.severity) for d in result.diagnostics] == [
        (1, "crisis.stale", Severity.WARNING), (14, "status.ended", Severity.WARNING)]
    assert "20/11/2026 à 12:00" in result.diagnostics[1].message
    assert [d for d in crisis.check(at(19)).diagnostics if d.code == "status.ended"] == []


def test_official_addresses_are_checked(project: Project) -> None:
    """An address must be a full web address people can compare with their address bar."""
    project.write("directory/groupe.yml", """\
        nom: G
        urgences: [{numero: "15", nom: SAMU}]
        adresses_officielles:
          - adresse: https://www.ars.example/crise/
          - adresse: www.sans-protocole.example
        """)
    assert [(d.line, d.code) for d in project.check().diagnostics] == [(5, "field.url")]


# --- In the built site ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def crisis_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = Project(tmp_path_factory.mktemp("crisis"))
    project.write("directory/crise.yml", CRISIS_YML.replace(
        "Cyberattaque en cours", "<script>alert(1)</script> Cyberattaque en cours"))
    assert project.portal("build", now="2026-11-19 12:00") == 0
    return project.site


BANNER = re.compile(r'<p class="portal-banner">(.*?)</p>', re.DOTALL)


@pytest.mark.slow
@pytest.mark.parametrize(("page", "status_link"), [
    ("index.html", "etat-des-services.html"),
    ("annuaire.html", "etat-des-services.html"),
    ("consultations.html", "etat-des-services.html"),
    ("etablissements/hopital-test.html", "../etat-des-services.html"),
    ("services/cardiologie.html", "../etat-des-services.html"),
    ("etat-des-services.html", "etat-des-services.html"),
    ("infos-pratiques.html", "etat-des-services.html"),
    ("404.html", "etat-des-services.html"),
])
def test_banner_is_on_every_page_type(crisis_site: Path, page: str, status_link: str) -> None:
    """Situation, last update (Paris time) and a working link to the status page, everywhere."""
    html = (crisis_site / page).read_text("utf-8")
    banner = BANNER.search(html)
    assert banner, page
    text = banner.group(1)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Cyberattaque en cours" in text
    assert '<time datetime="2026-11-18T07:00+01:00">18 novembre 2026 à\u00a07\u00a0h</time>' in text
    # MkDocs gives the 404 page absolute links: it is served at any missing address.
    link = "/" + status_link if page == "404.html" else status_link
    assert f'href="{link}"' in text
    assert (crisis_site / page).parent.joinpath(status_link).resolve().is_file()
    assert "md-banner__button" not in html  # cannot be dismissed


@pytest.mark.slow
def test_status_page_lists_interrupted_functions_and_paper_mode(crisis_site: Path) -> None:
    """Functions and establishments with their level in words, and the history."""
    html = (crisis_site / "etat-des-services.html").read_text("utf-8")
    assert re.search(r"Messagerie électronique</span> <span class=\"portal-level "
                     r"portal-level--interrompu\">.*?✕</span> Service interrompu", html)
    assert "Fonctionnement sur papier" in html and "Dossiers sur papier." in html
    assert "Historique des changements" in html
    changes = (crisis_site / "ce-qui-change.html").read_text("utf-8")
    assert "Prenez rendez-vous par téléphone" in changes
    assert "Prévoyez un taxi." in changes


@pytest.mark.slow
def test_no_banner_in_normal_times(project: Project) -> None:
    """Without crise.yml and with no service disrupted: no banner, and all is said normal."""
    project.write("directory/etablissements/hopital-test.yml", ESTABLISHMENT_YML.replace(
        "    statut:\n      etat: perturbe\n      note: Visites limitées.\n", ""))
    assert project.portal("build") == 0
    assert not BANNER.search((project.site / "index.html").read_text("utf-8"))
    assert "md-banner" not in (project.site / "index.html").read_text("utf-8")
    status = (project.site / "etat-des-services.html").read_text("utf-8")
    assert "Aucun incident en cours" in status
    changes = (project.site / "ce-qui-change.html").read_text("utf-8")
    assert "Rien ne change" in changes


@pytest.mark.slow
def test_a_disrupted_service_alone_is_not_called_normal(project: Project) -> None:
    """No crise.yml but a service `perturbe`: every summary says something is not normal."""
    assert "etat: perturbe" in ESTABLISHMENT_YML
    assert project.portal("build") == 0
    status = (project.site / "etat-des-services.html").read_text("utf-8")
    changes = (project.site / "ce-qui-change.html").read_text("utf-8")
    home = (project.site / "index.html").read_text("utf-8")
    for html in (status, changes, home):
        assert "ne fonctionnent pas normalement" in html
        assert "fonctionnent normalement" not in html.replace("ne fonctionnent pas normalement", "")
        assert "Rien ne change" not in html
    assert "Pneumologie – hospitalisation" in changes and "Visites limitées." in changes


HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(2)>"


@pytest.mark.slow
def test_hostile_text_in_every_crisis_field_is_escaped(project: Project) -> None:
    """Situation, names, notes, advice and modes: shown as text on every page that uses them."""
    quoted = HOSTILE.replace('"', '\\"')
    project.write("directory/crise.yml", f"""\
        situation: "{quoted}"
        fonctions:
          - id: nouvelle
            nom: "{quoted}"
            etats:
              - {{etat: interrompu, note: "{quoted}", consigne: "{quoted}",
                  du: 2026-11-18 07:00}}
        etablissements:
          - etablissement: hopital-test
            etats:
              - {{mode: ferme, note: "{quoted}", du: 2026-11-18 07:00}}
        """)
    assert project.portal("build") == 0
    for page in ("index.html", "etat-des-services.html", "ce-qui-change.html",
                 "etablissements/hopital-test.html", "annuaire.html"):
        html = (project.site / page).read_text("utf-8")
        assert "<script>alert(1)" not in html and "<img src=x" not in html, page
        assert 'href="javascript:' not in html, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page


@pytest.mark.slow
def test_the_sample_portal_tells_the_crisis(tmp_path: Path) -> None:
    """The repository's own sample, built on 23 Nov 2026: banner everywhere, status, feed."""
    import feedparser

    site = tmp_path / "site"
    build_sample(site)
    pages = theme_pages(site)
    assert len(pages) > 100
    for page in pages:
        banner = BANNER.search(page.read_text("utf-8"))
        english = page.relative_to(site).parts[0] == "en"
        assert banner and ("Updated" if english else "Mis à jour le") in banner.group(1), page
    status = (site / "etat-des-services.html").read_text("utf-8")
    for function in ("Messagerie électronique", "Téléconsultation",
                     "Prise de rendez-vous en ligne"):
        assert re.search(re.escape(function) + r"</span> <span class=\"portal-level "
                         r"portal-level--interrompu\"", status), function
    assert status.count("Fonctionnement sur papier") >= 3
    feed = feedparser.parse((site / "communiques/atom.xml").read_bytes())
    dates = [entry.published_parsed for entry in feed.entries]
    assert feed.bozo == 0 and len(dates) >= 5 and dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(("moment", "warned"), [(at(24, 8), False), (at(24, 9), True)])
def test_a_crisis_file_not_updated_for_a_day_warns(crisis: Project, moment: dt.datetime,
                                                   warned: bool) -> None:
    """Past 24 h after `mis_a_jour` (or the latest `du`), check warns at `mis_a_jour`."""
    crisis.write("directory/crise.yml", CRISIS_YML.replace(
        "fonctions:", "mis_a_jour: 2026-11-23 08:30\nfonctions:"))
    found = [d for d in crisis.check(moment).diagnostics if d.code == "crisis.stale"]
    assert [(d.line, d.severity) for d in found] == ([(2, Severity.WARNING)] if warned else [])
    if warned:
        assert "depuis 1 jour (dernière mise à jour le 23/11/2026 à 08:30)" in found[0].message


UPDATED = ('mis à jour le <time datetime="2026-11-18T07:00+01:00">18 novembre 2026 à\u00a07\u00a0h'
           '</time>')


@pytest.mark.slow
@pytest.mark.parametrize("page", ["etat-des-services.html", "ce-qui-change.html", "index.html",
                                  "etablissements/hopital-test.html", "annuaire.html",
                                  "services/pneumologie-hospitalisation.html"])
def test_every_page_showing_the_state_says_when_it_was_updated(crisis_site: Path,
                                                              page: str) -> None:
    """Day and time in full, next to the state, so that an old state is seen as old."""
    html = (crisis_site / page).read_text("utf-8")
    body = html[html.index('class="md-content"'):]  # not only in the banner
    assert UPDATED in body.replace("Mis à jour", "mis à jour")

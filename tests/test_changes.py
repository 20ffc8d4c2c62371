"""What patients see (`Snapshot`) and how a change of data is said (`compare`, `describe`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from generator.changes import (
    Change,
    ChangeKind,
    PublicCommunique,
    PublicEstablishment,
    PublicFunction,
    PublicNumber,
    PublicService,
    Snapshot,
    as_markdown,
    compare,
    describe,
    snapshot_of,
)
from generator.clock import PARIS
from generator.project import check_project
from tests.conftest import ESTABLISHMENT_YML, NOW, REPO, Project


def _snapshot(project: Project) -> Snapshot:
    result = project.check()
    assert result.directory is not None, [d.format() for d in result.diagnostics]
    return snapshot_of(result.directory, NOW)


def _edit(project: Project, old: str, new: str) -> None:
    path = project.root / "directory/etablissements/hopital-test.yml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_professional_numbers_and_services_never_enter_a_snapshot(project: Project) -> None:
    """`public: non` numbers and services are not in what patients see, nor in any change."""
    project.write("directory/etablissements/hopital-test.yml", ESTABLISHMENT_YML + """\
  - id: bloc-interne
    nom: Bloc interne
    type: autre
    public: non
    telephones:
      - numero: 02 61 91 03 30
        libelle: Bloc
""")
    before = _snapshot(project)
    assert "02 61 91 01 19" not in repr(before) and "Bloc interne" not in repr(before)
    assert "02 61 91 03 30" not in repr(before)
    _edit(project, "02 61 91 01 19", "02 61 91 01 18")
    _edit(project, "02 61 91 03 30", "02 61 91 03 31")
    assert compare(before, _snapshot(project)) == []


def test_a_changed_number_is_said_old_to_new(project: Project) -> None:
    before = _snapshot(project)
    _edit(project, "02 61 91 01 10", "02 61 91 01 20")
    changes = compare(before, _snapshot(project))
    assert describe(changes) == ["Consultations de cardiologie (Hôpital du Test) : numéro "
                                 "02 61 91 01 10 → 02 61 91 01 20 (Rendez-vous)"]
    assert changes[0].kind is ChangeKind.NUMBER_CHANGED
    assert (changes[0].service_id, changes[0].establishment_id) == ("cardiologie",
                                                                    "hopital-test")


def test_each_kind_of_edit_gives_its_own_line(project: Project) -> None:
    """Added and removed services, hours, statuses, labels, numbers added: all, in order."""
    before = _snapshot(project)
    _edit(project, "horaires: lundi-vendredi 08:30-17:00",
          "horaires: lundi-vendredi 09:00-17:00")
    _edit(project, "libelle: Unité de soins", "libelle: Unité de soins (infirmiers)")
    _edit(project, "etat: perturbe", "etat: interrompu")
    _edit(project, "  - id: pneumologie-hospitalisation", """\
  - id: dermatologie
    nom: Dermatologie
    type: consultation
    telephones:
      - numero: 02 61 91 04 40
        libelle: Secrétariat
  - id: pneumologie-hospitalisation""")
    _edit(project, "      - numero: 02 61 91 01 19\n", """\
      - numero: 01 99 00 01 10
        libelle: Ligne de secours
      - numero: 02 61 91 01 19
""")
    lines = describe(compare(before, _snapshot(project)))
    assert lines == [
        "Consultations de cardiologie (Hôpital du Test) : numéro ajouté 01 99 00 01 10 "
        "(Ligne de secours)",
        "Consultations de cardiologie (Hôpital du Test) : horaires du numéro « Rendez-vous » "
        "Du lundi au vendredi, de 8 h 30 à 17 h → Du lundi au vendredi, de 9 h à 17 h",
        "Dermatologie (Hôpital du Test) : service ajouté",
        "Pneumologie – hospitalisation (Hôpital du Test) : état Fonctionnement perturbé → "
        "Service interrompu (note inchangée)",
        "Pneumologie – hospitalisation (Hôpital du Test) : libellé « Unité de soins » → "
        "« Unité de soins (infirmiers) »",
    ]


def test_a_removed_service_and_its_establishment_changes(project: Project) -> None:
    before = _snapshot(project)
    _edit(project, "standard: 02 61 91 00 00", "standard: 02 61 91 00 01")
    project.write("directory/etablissements/hopital-test.yml",
                  ESTABLISHMENT_YML.split("  - id: pneumologie")[0].replace(
                      "02 61 91 00 00", "02 61 91 00 01"))
    lines = describe(compare(before, _snapshot(project)))
    assert lines == ["Hôpital du Test : numéro 02 61 91 00 00 → 02 61 91 00 01 (Standard)",
                     "Pneumologie – hospitalisation (Hôpital du Test) : service retiré"]


def test_the_sample_crisis_and_communiques_are_in_the_snapshot() -> None:
    """Crisis states in force and published communiqués come from the real sample."""
    checked = check_project(REPO, NOW)
    assert checked.directory is not None
    now = snapshot_of(checked.directory, NOW, checked.communiques)
    assert now.situation and any(f.state != "Fonctionnement normal" for f in now.functions)
    assert all(c.date <= NOW for c in now.communiques) and now.communiques
    earlier = replace(snapshot_of(checked.directory, dt.datetime(2026, 11, 1, tzinfo=PARIS),
                                  checked.communiques), situation=None)  # no crise.yml yet
    lines = describe(compare(earlier, now))
    assert any(line.startswith("Bandeau de crise : aucun → « ") for line in lines)
    assert f"Communiqué : ajouté « {now.communiques[0].title} » (18/11/2026 à " in "\n".join(
        lines)
    assert all("02 61 91 10 01" not in line for line in lines)  # a doctors-only line


def test_no_change_between_equal_snapshots(project: Project) -> None:
    assert compare(_snapshot(project), _snapshot(project)) == []


def test_markdown_escapes_what_comes_from_the_data() -> None:
    """A name with HTML, Markdown or a mention is shown as typed and pings nobody."""
    before = Snapshot()
    after = Snapshot(services=(PublicService("x", "<img src=x onerror=alert(1)> *gras* @equipe #1",
                                             "h"),),
                     communiques=(PublicCommunique("2026-11-20-a", "[lien](http://x)",
                                                   NOW),))
    text = as_markdown(compare(before, after), "Changements")
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "\\*gras\\*" in text and "&#64;equipe &#35;1" in text
    assert "[lien](" not in text and "\\[lien\\](http://x)" in text
    assert text.startswith("## Changements\n\n2 changements visibles par les patients :\n\n- ")


def test_markdown_says_when_nothing_changed() -> None:
    assert as_markdown([], "Diff") == "## Diff\n\nAucun changement visible par les patients.\n"


def test_a_change_names_its_service_in_the_stable_order() -> None:
    a = Change(ChangeKind.SERVICE_ADDED, "e", "E", "b", "B")
    b = Change(ChangeKind.SERVICE_ADDED, "e", "E", "a", "A")
    assert describe([a, b]) == ["B (E) : service ajouté", "A (E) : service ajouté"]


def test_an_explicit_normal_status_is_no_change(project: Project) -> None:
    """« etat: normal » without a note shows nothing on the page, so it changes nothing."""
    before = _snapshot(project)
    _edit(project, "    verifie_le: 2026-11-20\n",
          "    statut:\n      etat: normal\n    verifie_le: 2026-11-20\n")
    assert compare(before, _snapshot(project)) == []
    _edit(project, "      etat: normal\n", "      etat: normal\n      note: Tout est rétabli.\n")
    assert describe(compare(before, _snapshot(project))) == [
        "Consultations de cardiologie (Hôpital du Test) : note ajoutée « Tout est rétabli. »"]


def test_normal_written_out_or_left_out_is_the_same() -> None:
    """A copy may write « Fonctionnement normal » where today's build writes nothing."""
    before = Snapshot(services=(PublicService("x", "X", "e", status="Fonctionnement normal"),))
    assert compare(before, Snapshot(services=(PublicService("x", "X", "e"),))) == []


def test_every_group_and_establishment_change_is_said() -> None:
    """Banner, emergency numbers, an establishment's mode, address, switchboard, arrival and
    departure, a communiqué retitled or withdrawn: one line each, crisis first."""
    site = PublicEstablishment("a", "Hôpital A", "1 rue A", "02 61 91 00 00")
    gone = PublicEstablishment("b", "Hôpital B", "2 rue B", "02 61 91 00 50")
    when = dt.datetime(2026, 11, 20, 9, 30, tzinfo=PARIS)
    before = Snapshot(
        establishments=(site, gone),
        emergencies=(PublicNumber("SAMU", "15"), PublicNumber("Urgences A", "02 61 91 10 00")),
        situation="Cyberattaque en cours.",
        communiques=(PublicCommunique("2026-11-20-a", "Titre", when),
                     PublicCommunique("2026-11-20-b", "Retiré", when)))
    after = Snapshot(
        establishments=(replace(site, address="3 rue A", switchboard="02 61 91 00 01",
                                mode="Fermé — Travaux."),
                        PublicEstablishment("c", "Hôpital C", "4 rue C", "02 61 91 00 60")),
        emergencies=(PublicNumber("SAMU – Centre 15", "15"),
                     PublicNumber("Urgences A", "02 61 91 10 09")),
        situation=None,
        communiques=(PublicCommunique("2026-11-20-a", "Nouveau titre", when),))
    assert describe(compare(before, after)) == [
        "Bandeau de crise : « Cyberattaque en cours. » → aucun",
        "Numéros d'urgence : numéro 02 61 91 10 00 → 02 61 91 10 09 (Urgences A)",
        "Numéros d'urgence : libellé « SAMU » → « SAMU – Centre 15 »",
        "Hôpital A : adresse 1 rue A → 3 rue A",
        "Hôpital A : Fonctionnement normal → Fermé — Travaux.",
        "Hôpital A : numéro 02 61 91 00 00 → 02 61 91 00 01 (Standard)",
        "Hôpital C : établissement ajouté",
        "Hôpital B : établissement retiré",  # after the new site's own, in their old order
        "Communiqué : retiré « Retiré » (20/11/2026 à 9 h 30)",
        "Communiqué : « Titre » du 20/11/2026 à 9 h 30 → « Nouveau titre » du 20/11/2026 à "
        "9 h 30",
    ]


def test_the_same_function_at_two_establishments_is_two_functions() -> None:
    """Function ids repeat (« urgences » of the group, « urgences » of one site)."""
    group = PublicFunction("urgences", "Urgences", "Fonctionnement normal")
    site = PublicFunction("urgences", "Urgences de B", "Service interrompu", "b")
    before = Snapshot(functions=(group, site))
    after = Snapshot(functions=(group, replace(site, state="Fonctionnement normal")))
    assert describe(compare(before, after)) == [
        "Urgences de B : Service interrompu → Fonctionnement normal"]


def test_markdown_never_opens_a_list_inside_an_item() -> None:
    """A name starting like a list marker stays text in its item."""
    after = Snapshot(services=(PublicService("a", "1. Premier", "h"),
                               PublicService("b", "- Tiret", "h")))
    text = as_markdown(compare(Snapshot(), after), "T")
    assert "- 1\\. Premier (h) : service ajouté" in text
    assert "- \\- Tiret (h) : service ajouté" in text


def test_the_relatives_line_is_a_group_number() -> None:
    """crise.yml's `informations_familles`, on the home page, is compared like the others."""
    checked = check_project(REPO, NOW)
    assert checked.directory is not None
    now = snapshot_of(checked.directory, NOW)
    assert now.emergencies[-1] == PublicNumber(
        "Cellule d'information des familles", "02 61 91 00 50",
        ("Tous les jours, de 8 h à 20 h",))
    moved = replace(now, emergencies=(*now.emergencies[:-1],
                                      replace(now.emergencies[-1], number="02 61 91 00 51")))
    assert describe(compare(now, moved)) == [
        "Numéros d'urgence : numéro 02 61 91 00 50 → 02 61 91 00 51 (Cellule d'information "
        "des familles)"]

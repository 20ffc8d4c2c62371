"""`portal check`: every kind of problem, at its file and line, all reported at once."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.diagnostics import Severity
from tests.conftest import ESTABLISHMENT_YML, Project


def problems(project: Project) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.code) for d in project.check().diagnostics]


def test_sample_fixture_is_clean(project: Project) -> None:
    """The fixture data validates and is linked: services know their establishment."""
    result = project.check()
    assert result.diagnostics == []
    assert result.directory is not None
    assert [s.id for s in result.directory.services] == ["cardiologie",
                                                         "pneumologie-hospitalisation"]
    assert result.directory.establishment_of["cardiologie"].name == "Hôpital du Test"
    assert result.directory.data_date == dt.date(2026, 11, 21)


def test_phones_are_normalised_for_display_and_links(project: Project) -> None:
    """`0261910110`, `+33 2 61…` and `15` become the same display and tel: forms."""
    directory = project.check().directory
    assert directory is not None
    phone = directory.services[0].phones[0].number
    assert (phone.display, phone.href) == ("02 61 91 01 10", "tel:+33261910110")
    assert directory.group.emergencies[0].number.href == "tel:15"


SERVICE_ERRORS = """\
etablissement:
  id: hopital-b
  nom: Hôpital B
  adresse: 2 rue B
  standard: 02 61 91 00 01
services:
  - id: Service B
    nom: B
    type: consultaton
    telephons: []
    telephones:
      - numero: 02 61 91 01
        horaires: lundi 25:00-26:00
        public: peut-être
    verifie_le: 31/02/2026
  - id: c
    nom:
    type: urgences
    specialite: [a, b]
"""


@pytest.mark.parametrize(("line", "code", "words"), [
    (7, "field.identifier", "hint:« service-b »"),
    (9, "field.choice", "hint:consultation, hospitalisation"),
    (10, "field.extra_forbidden", "hint:« telephones »"),
    (12, "field.missing", "message:« libelle »"),
    (12, "field.phone", "message:8 chiffres"),
    (13, "field.hours", "message:« 25:00 »"),
    (14, "field.yes_no", "hint:« oui » ou « non »"),
    (15, "field.date", "hint:2026-11-20"),
    (17, "field.string_type", "message:« nom » est vide"),
    (19, "field.string_type", "message:simple texte"),
])
def test_each_field_error_is_reported_at_its_line(project: Project, line: int, code: str,
                                                  words: str) -> None:
    """Wrong ids, kinds, keys, phones, hours, yes/no, dates and types: line, code and advice."""
    project.write("directory/etablissements/hopital-b.yml", SERVICE_ERRORS)
    found = [d for d in project.check().diagnostics if (d.line, d.code) == (line, code)]
    assert found, project.check().diagnostics
    where, text = words.split(":", 1)
    assert text in getattr(found[0], where)
    assert found[0].path == "directory/etablissements/hopital-b.yml"


def test_all_problems_are_reported_at_once(project: Project) -> None:
    """One run lists the errors of every file, not just the first one."""
    project.write("directory/etablissements/hopital-b.yml", SERVICE_ERRORS)
    project.write("directory/etablissements/cassé.yml", "etablissement: [\n")
    project.write("directory/groupe.yml", "nom: G\nurgences: []\n")
    paths = {d.path for d in project.check().diagnostics}
    assert paths == {"directory/etablissements/hopital-b.yml",
                     "directory/etablissements/cassé.yml", "directory/groupe.yml"}
    assert len(project.check().diagnostics) >= 12


def test_duplicate_service_id_across_files_names_both_places(project: Project) -> None:
    """The second definition is reported, pointing at the first."""
    project.write("directory/services/extra.yml", """\
        etablissement: hopital-test
        services:
          - id: autre
            nom: Autre
            type: autre
            telephones: [{numero: 02 61 91 03 30, libelle: Accueil}]
          - id: cardiologie
            nom: Encore la cardiologie
            type: consultation
            telephones: [{numero: 02 61 91 03 31, libelle: Accueil}]
        """)
    found = [d for d in project.check().diagnostics if d.code == "service.duplicate-id"]
    assert [(d.path, d.line) for d in found] == [("directory/services/extra.yml", 7)]
    assert "directory/etablissements/hopital-test.yml:7" in found[0].message


def test_duplicate_establishment_id(project: Project) -> None:
    """Two files may not define the same establishment."""
    project.write("directory/etablissements/copie.yml",
                  ESTABLISHMENT_YML.split("services:")[0])
    assert problems(project) == [
        ("directory/etablissements/copie.yml", 2, "establishment.file-name"),
        ("directory/etablissements/hopital-test.yml", 2, "establishment.duplicate-id")]


def test_establishment_id_cannot_take_a_generated_page_name(project: Project) -> None:
    """`index` would overwrite the list of establishments."""
    project.write("directory/etablissements/index.yml",
                  ESTABLISHMENT_YML.split("services:")[0].replace("hopital-test", "index"))
    assert problems(project) == [("directory/etablissements/index.yml", 2,
                                  "establishment.reserved-id")]


def test_unknown_establishment_suggests_the_close_one(project: Project) -> None:
    """A services file or an emergency number pointing at a missing establishment."""
    project.write("directory/services/extra.yml", """\
        etablissement: hopital-tset
        services:
          - id: autre
            nom: Autre
            type: autre
        """)
    project.write("directory/groupe.yml", """\
        nom: G
        urgences:
          - numero: "15"
            nom: SAMU
          - numero: 02 61 91 10 00
            nom: Urgences
            etablissement: inconnu
        """)
    found = [d for d in project.check().diagnostics if d.code == "establishment.unknown"]
    assert [(d.path, d.line) for d in found] == [("directory/groupe.yml", 7),
                                                 ("directory/services/extra.yml", 1)]
    assert found[1].hint == "vouliez-vous écrire « hopital-test » ?"
    assert "hopital-test" in found[0].hint


def test_unreadable_establishment_file_does_not_cascade(project: Project) -> None:
    """A syntax error in an establishment file is reported once, not as "unknown" elsewhere."""
    project.write("directory/etablissements/hopital-test.yml", "etablissement:\n  id: [\n")
    assert [code for _, _, code in problems(project)] == ["yaml.syntax"]


def test_short_numbers_are_accepted_and_unknown_short_ones_refused(project: Project) -> None:
    """15, 112, 114, 3114 are valid; 999 is not a French short number."""
    project.write("directory/groupe.yml", """\
        nom: G
        urgences:
          - {numero: "15", nom: SAMU}
          - {numero: "112", nom: Europe}
          - {numero: "114", nom: Sourds}
          - {numero: "3114", nom: Prévention du suicide}
          - {numero: "999", nom: Faux}
        """)
    assert problems(project) == [("directory/groupe.yml", 7, "field.phone")]


def test_missing_group_file_and_stray_files(project: Project) -> None:
    """Without groupe.yml nothing can be built; a YAML file in an unknown place is flagged."""
    (project.root / "directory/groupe.yml").unlink()
    project.write("directory/divers.yml", "a: b\n")
    assert problems(project) == [("directory/divers.yml", 1, "file.unexpected"),
                                 ("directory/groupe.yml", 1, "file.missing-group")]
    assert project.check().directory is None


def test_warnings_do_not_block(project: Project) -> None:
    """An old verification date and a public service with no public number only warn."""
    project.write("directory/services/extra.yml", """\
        etablissement: hopital-test
        services:
          - id: ancien
            nom: Service ancien
            type: autre
            telephones: [{numero: 02 61 91 03 30, libelle: Médecins, public: non}]
            verifie_le: 2025-01-02
        """)
    result = project.check()
    assert result.ok
    assert [(d.line, d.code, d.severity) for d in result.diagnostics] == [
        (3, "service.no-public-phone", Severity.WARNING),
        (7, "service.stale", Severity.WARNING)]
    assert "2 janvier 2025" not in result.diagnostics[1].message  # dates shown as 02/01/2025
    assert "02/01/2025" in result.diagnostics[1].message


def test_cli_check_prints_path_line_message_and_exits_1(project: Project, capsys) -> None:  # type: ignore[no-untyped-def]
    """What a comms person reads: one line per problem, then a count; exit code 1."""
    project.write("directory/etablissements/hopital-test.yml",
                  ESTABLISHMENT_YML.replace("libelle: Rendez-vous", "libele: Rendez-vous"))
    assert project.portal("check") == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "directory/etablissements/hopital-test.yml:13: erreur : champ inconnu « libele » — "
        "vouliez-vous écrire « libelle » ?",
        "1 erreur(s), 0 avertissement(s) : corrigez les erreurs ci-dessus puis relancez.",
    ]


def test_cli_check_exits_0_when_clean(project: Project, capsys) -> None:  # type: ignore[no-untyped-def]
    """A clean directory says so, with counts."""
    assert project.portal("check") == 0
    assert "1 établissement(s), 2 service(s)" in capsys.readouterr().out

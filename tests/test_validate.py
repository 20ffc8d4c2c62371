"""`portal check`: every kind of problem, at its file and line, all reported at once."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.diagnostics import Diagnostic, Severity
from tests.conftest import ESTABLISHMENT_YML, GROUP_YML, Project


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
    assert [code for _, _, code in problems(project)] == ["yaml.quote"]


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


BAD_PHONES = """\
etablissement:
  id: hopital-b
  nom: Hôpital B
  adresse: 2 rue B
  standard: 02 6l 9l 61 1O
services:
  - id: b
    nom: B
    type: consultation
    telephones:
      - {numero: 02 61 91 01 10 x1234, libelle: Poste}
      - {numero: 08 99 12 34 56, libelle: Surtaxé}
      - {numero: "3617", libelle: Minitel}
      - {numero: ０２ ６１ ９１ ０１ １０, libelle: Pleine chasse}
      - {numero: 02 61 91 01 10 / 02 61 91 01 11, libelle: Deux}
      - {numero: "", libelle: Vide}
"""


@pytest.mark.parametrize(("line", "words"), [
    (5, "lettre « l »"), (11, "caractère « x »"), (12, "numéro surtaxé"),
    (13, "court surtaxé"), (14, "chiffre « ０ »"), (15, "deux numéros"), (16, "vide")])
def test_wrong_numbers_are_errors_at_their_line(project: Project, line: int,
                                                words: str) -> None:
    """No number is published reinterpreted: each is an error naming the problem, at its line."""
    project.write("directory/etablissements/hopital-b.yml", BAD_PHONES)
    found = [d for d in project.check().diagnostics if d.line == line]
    assert [(d.code, d.severity) for d in found] == [("field.phone", Severity.ERROR)]
    assert words in found[0].message


def test_unusual_numbers_warn_at_their_line_wherever_published(project: Project) -> None:
    """A non-geographic number warns in groupe.yml and in a service; a private line does not."""
    project.write("directory/groupe.yml", group_yml_with(
        "  - {numero: +44 306 999 0001, nom: Partenaire}\n"))
    project.write("directory/services/extra.yml", """\
        etablissement: hopital-test
        services:
          - id: autre
            nom: Autre
            type: autre
            telephones:
              - numero: +44 306 999 0002
                libelle: Accueil
              - {numero: +44 306 999 0003, libelle: Médecins, public: non}
              - {numero: +44 808 157 0000, libelle: Numéro gratuit}
        """)
    result = project.check()
    assert result.ok
    assert [(d.path, d.line, d.code, d.severity) for d in result.diagnostics] == [
        ("directory/groupe.yml", 10, "phone.unusual", Severity.WARNING),
        ("directory/services/extra.yml", 7, "phone.unusual", Severity.WARNING)]
    assert result.diagnostics[0].message.startswith("+44 306 999 0001 : numéro non géographique")


def group_yml_with(extra_emergencies: str, extra: str = "") -> str:
    """The fixture's groupe.yml with more emergency numbers (lines 10…) and more fields."""
    return GROUP_YML + extra_emergencies + extra


@pytest.mark.parametrize(("url", "words"), [
    ("https://www.ars-vallee-fictive.example@evil.example/", "en réalité sur « evil.example »"),
    ("https://admin:motdepasse-secret@evil.example/", "en réalité sur « evil.example »"),
    ("https://www.ars.example\\\\@evil.example/", "barre oblique inverse"),
    ("https://www.ars.example%2eevil.example/", "lit « www.ars.example.evil.example »"),
    ("https://www.ars.example./", "mal formé"),
    ("https://hôpital.example/", "« xn--hpital-ixa.example »"),
    ("https://xn--hpital-ixa.example/", "affiche « hôpital.example »"),
    ("http://2130706433/", "adresse IP « 2130706433 »"),
    ("javascript:alert(1)", "« javascript: » non prévue"),
    ("ftp://www.ars.example/", "« ftp: » non prévue"),
    ("www.ars.example/crise/", "doit commencer par « https:// »"),
    ("https:/www.ars.example/", "« // » manquant"),
    ("https:///crise/", "nom du site manquant"),
    ("https://www.ars.example:99999/", "port « 99999 »"),
    ("https://www.ars.example/ crise/", "espace ou un caractère invisible (U+0020)"),
    ("https://www.ars.example/a\\u00a0b", "espace ou un caractère invisible (U+00A0)"),
])
def test_official_addresses_lead_where_they_seem(project: Project, url: str,
                                                 words: str) -> None:
    """Userinfo, backslashes, encoded or homograph hosts: refused, showing the real host."""
    project.write("directory/groupe.yml", group_yml_with("", (
        "adresses_officielles:\n  - adresse: https://www.ars.example/crise/\n"
        f'  - adresse: "{url}"\n')))
    found = [(d.line, d.code, d.message) for d in project.check().diagnostics]
    assert [(line, code) for line, code, _ in found] == [(12, "field.url")]
    assert words in found[0][2]
    assert "motdepasse" not in found[0][2]


def test_plain_addresses_are_accepted(project: Project) -> None:
    """Ports, IP addresses, paths, queries: a plain address of any shape passes."""
    project.write("directory/groupe.yml", group_yml_with("", "adresses_officielles:\n" + "".join(
        f"  - adresse: {url}\n" for url in [
            "https://www.ars.example/crise/", "http://192.0.2.10:8080/portail/",
            "https://[2001:db8::1]/", "https://crise-ghvf.stockage.example/?v=1#haut",
            "HTTPS://WWW.ARS.EXAMPLE/", "http://localhost:8000/"])))
    assert project.check().diagnostics == []


@pytest.mark.parametrize(("field_line", "limit"), [
    ("    nom: {}\n", 200), ("    description: {}\n", 2000), ("    specialite: {}\n", 200),
    ("    rendez_vous: {}\n", 2000), ("    mots_cles: [{}]\n", 200)])
def test_text_fields_are_bounded(project: Project, field_line: str, limit: int) -> None:
    """A 1 MB name or an endless description is refused with the limit, never published."""
    service = ("services:\n  - id: x\n    type: autre\n"
               + ("    nom: X\n" if "nom:" not in field_line else ""))
    at_limit = service + field_line.format("a" * limit)
    too_long = service + field_line.format("é" * (limit + 1))
    head = ESTABLISHMENT_YML.split("services:")[0]
    project.write("directory/etablissements/hopital-test.yml", head + at_limit)
    assert project.check().ok
    project.write("directory/etablissements/hopital-test.yml", head + too_long)
    found = [d for d in project.check().diagnostics if d.is_error]
    assert [d.code for d in found] == ["field.string_too_long"]
    assert f"({limit + 1} caractères ; {limit} au plus)" in found[0].message
    project.write("directory/etablissements/hopital-test.yml",
                  head + service + field_line.format("a" * 1_000_000))
    assert [d.code for d in project.check().diagnostics if d.is_error] == [
        "field.string_too_long"]


def test_lists_are_bounded_in_count(project: Project) -> None:
    """Keywords, phone lines, emergency numbers: a French message gives the limit."""
    words = ", ".join(f"mot{i}" for i in range(41))
    project.write("directory/services/extra.yml", f"""\
        etablissement: hopital-test
        services:
          - id: x
            nom: X
            type: autre
            mots_cles: {words}
        """)
    found = [d for d in project.check().diagnostics if d.is_error]
    assert [(d.line, d.code) for d in found] == [(6, "field.too_long")]
    assert found[0].message == "« mots_cles » contient trop d'éléments (41 ; 40 au plus)"


def test_invisible_characters_are_refused_even_without_the_loader() -> None:
    """The model itself refuses bidi and zero-width characters (a future importer, say)."""
    from pydantic import ValidationError

    from generator.model import Group
    with pytest.raises(ValidationError) as caught:
        Group.model_validate({"nom": "Hôpital\u202e", "urgences": [
            {"numero": "15", "nom": "SAMU\u200b"}]})
    assert [e["type"] for e in caught.value.errors()][:2] == ["text", "text"]
    assert "U+202E" in caught.value.errors()[0]["msg"]


def test_pydantic_english_never_reaches_people(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A type pydantic checks itself (a port number) is explained in French."""
    from generator.load import load_yaml_text
    from generator.model.mirrors import MirrorsFile
    from generator.validate import validate_block
    loaded, _ = load_yaml_text("miroirs:\n  - nom: a\n    type: rsync\n"
                               "    cible: portail@partenaire.example:/srv/portail\n"
                               "    port_ssh: vingt-deux\n", "miroirs.yml")
    assert loaded is not None
    found: list[Diagnostic] = []
    validate_block(loaded, MirrorsFile, found)
    assert [(d.line, d.message) for d in found] == [(5, "valeur invalide pour « port_ssh »")]


def test_cli_check_names_hidden_characters_and_deep_nesting_everywhere(
        project: Project, capsys) -> None:  # type: ignore[no-untyped-def]
    """groupe.yml and a communiqué's front matter: path:line: erreur lines, no traceback."""
    project.write("directory/groupe.yml", group_yml_with("", "note: a\x0bb\n")
                  .replace("nom: Groupe", "nom: Groupe\u202e"))
    deep = "".join("  " * i + f"k{i}:\n" for i in range(100))  # 10 kB: under the size bound
    project.write("content/communiques/2026-11-20-profond.md",
                  f"---\ntitre: T\ndate: 2026-11-20 10:00\n{deep}---\nTexte.\n")
    project.write("content/communiques/2026-11-21-controle.md",
                  "---\ntitre: T\x1b[31m\ndate: 2026-11-21 10:00\n---\nTexte.\n")
    assert project.portal("check") == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/communiques/2026-11-20-profond.md:24: erreur : trop de niveaux imbriqués "
        "(plus de 20) — un fichier de l'annuaire n'a que quelques niveaux : vérifiez "
        "l'indentation, ou les crochets « [ » et accolades « { » ouverts mais jamais fermés",
        "content/communiques/2026-11-21-controle.md:2: erreur : caractère interdit : U+001B "
        "(caractère d'échappement) — supprimez-le : retapez ce passage au clavier plutôt que "
        "de le copier (Word, courriel, page web)",
        "directory/groupe.yml:1: erreur : caractère interdit : U+202E (forçage "
        "droite-à-gauche, qui inverse le texte affiché) — supprimez-le : retapez ce passage "
        "au clavier plutôt que de le copier (Word, courriel, page web)",
        "directory/groupe.yml:10: erreur : caractère interdit : U+000B (saut de ligne de "
        "Word, tabulation verticale) — remplacez-le par un espace ou un vrai retour à la ligne",
        "4 erreur(s), 0 avertissement(s) : corrigez les erreurs ci-dessus puis relancez.",
    ]


def test_every_message_stays_on_one_line(project: Project) -> None:
    """Keys, numbers and values with line breaks are quoted on one line: one problem, one line."""
    project.write("directory/services/extra.yml", """\
        etablissement: hopital-test
        services:
          - id: "a\\nb"
            "n\\nom": X
            nom: Y
            type: "autre\\nchose"
            telephones:
              - {numero: "02 61\\n91 AB CD", libelle: A}
            horaires: ["lundi 08:00-12:00\\nmardi 08:00-12:00", "\\r", "lundi\\r25:00"]
            "statut\\n": x
            statut: {etat: perturbe}
            statut: {etat: normal}
        """)
    found = project.check().diagnostics
    assert len(found) >= 6
    assert all(len(d.format().splitlines()) == 1 for d in found), found

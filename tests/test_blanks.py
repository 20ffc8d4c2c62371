"""A blank « [À COMPLÉTER : …] » left anywhere in a project is an error at its file:line, alone
on its line, and no command publishes a portal that still holds one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.project import check_project
from generator.validate.blanks import MAX_BLANKS_PER_FILE, find_blanks
from tests.conftest import NOW, REPO, Project, tree_snapshot, wall_clock_alarm

ESTABLISHMENT = "directory/etablissements/hopital-test.yml"
GROUP = "directory/groupe.yml"
PAGE = "content/infos-pratiques.md"
COMMUNIQUE = "content/communiques/2026-11-20-essai.md"


def replace(project: Project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def problems(project: Project) -> list[tuple[str, int, str]]:
    """(file, line, code) of every diagnostic of the whole project, as `portal check` sees it."""
    return [(d.path, d.line, d.code) for d in check_project(project.root, NOW).diagnostics]


def check_output(project: Project, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = project.portal("check")
    return code, capsys.readouterr().err.splitlines()


def test_the_fixture_has_no_blank(project: Project) -> None:
    """The project every test starts from checks clean: each problem below comes from a blank."""
    assert problems(project) == []


# --- A blank in each kind of YAML field: the blank's message, and no other, on its line ----

YAML_FIELDS = [
    ("name", ESTABLISHMENT, "nom: Hôpital du Test", 'nom: "[À COMPLÉTER : nom de l\'hôpital]"', 3),
    ("phone", ESTABLISHMENT, "standard: 02 61 91 00 00",
     'standard: "[À COMPLÉTER : numéro du standard]"', 5),
    ("phone-unquoted", ESTABLISHMENT, "numero: 02 61 91 01 10",
     "numero: [À COMPLÉTER : numéro des rendez-vous]", 12),
    ("hours", ESTABLISHMENT, "horaires: lundi-vendredi 08:30-17:00",
     'horaires: "lundi-vendredi [À COMPLÉTER : heures]"', 14),
    ("choice", ESTABLISHMENT, "type: consultation",
     'type: "[À COMPLÉTER : consultation ou hospitalisation]"', 9),
    ("date", ESTABLISHMENT, "verifie_le: 2026-11-20",
     'verifie_le: "[À COMPLÉTER : date de vérification]"', 19),
    ("service-id", ESTABLISHMENT, "- id: cardiologie",
     '- id: "[À COMPLÉTER : identifiant du service]"', 7),
    ("establishment-id", ESTABLISHMENT, "id: hopital-test",
     'id: "[À COMPLÉTER : identifiant de l\'établissement]"', 2),
    ("emergency-number", GROUP, "numero: 02 61 91 10 00",
     'numero: "[À COMPLÉTER : numéro des urgences]"', 7),
    ("url", GROUP, "urgences:",
     'adresses_officielles:\n  - adresse: "https://[À COMPLÉTER : adresse du portail]/"\n'
     "urgences:", 3),
]


@pytest.mark.parametrize(("relative", "old", "new", "line"),
                         [case[1:] for case in YAML_FIELDS], ids=[c[0] for c in YAML_FIELDS])
def test_a_blank_in_a_yaml_field_is_the_only_error(project: Project, relative: str, old: str,
                                                   new: str, line: int) -> None:
    """A phone, a date, an id or an address holding a blank: the blank is reported, not a
    wrong number or an unknown establishment (which would send the person the wrong way)."""
    replace(project, relative, old, new)
    assert problems(project) == [(relative, line, "blank")]


def test_the_message_says_what_to_write(project: Project,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The line names the file, the line, the indication, and the marker to replace."""
    replace(project, ESTABLISHMENT, "standard: 02 61 91 00 00",
            'standard: "[À COMPLÉTER : numéro du standard]"')
    code, lines = check_output(project, capsys)
    assert code == 1
    assert lines == [
        f"{ESTABLISHMENT}:5: erreur : texte à compléter : « numéro du standard » — remplacez "
        "« [À COMPLÉTER : …] », crochets compris, par le texte voulu : tant "
        "qu'il reste un blanc, le site n'est pas publié",
        "1 erreur(s), 0 avertissement(s) : corrigez les erreurs ci-dessus puis relancez."]


def test_a_blank_without_brackets_is_named_as_written(project: Project) -> None:
    """« A COMPLETER » typed by hand: the hint names what to look for on the line."""
    replace(project, GROUP, "nom: Groupe hospitalier de test", "nom: A COMPLETER")
    found = check_project(project.root, NOW).diagnostics
    assert [(d.message, d.hint) for d in found] == [
        ("texte à compléter", "remplacez « A COMPLETER » par le texte voulu : tant qu'il reste "
         "un blanc, le site n'est pas publié")]


def test_a_blank_in_a_yaml_comment_is_not_reported(project: Project) -> None:
    """A comment is never published: `init` may explain the marker there."""
    replace(project, GROUP, "urgences:",
            "# Remplacez chaque [À COMPLÉTER : …] par le texte voulu.\nurgences:  # [A COMPLETER]")
    assert problems(project) == []


# --- Markdown pages, communiqués and mkdocs.yml -----------------------------------------------

def test_a_blank_in_a_page(project: Project) -> None:
    """A page's blank, at its line; the rest of the page is checked as usual."""
    replace(project, PAGE, "## Messagerie",
            "## Messagerie\n\nLe [À COMPLÉTER : date de l'incident], le standard a été coupé.")
    line = (project.root / PAGE).read_text("utf-8").split("\n").index(
        "Le [À COMPLÉTER : date de l'incident], le standard a été coupé.") + 1
    assert problems(project) == [(PAGE, line, "blank")]


def test_blanks_in_a_communique_front_matter_and_body(project: Project) -> None:
    """Title, date (which would also be unreadable) and text of a communiqué: three blanks."""
    project.write(COMMUNIQUE, """\
        ---
        titre: "[À COMPLÉTER : titre du communiqué]"
        date: "[À COMPLÉTER : date et heure]"
        resume: Un essai.
        ---

        Le groupe [À COMPLÉTER : ce qui s'est passé].
        """)
    assert problems(project) == [(COMMUNIQUE, 2, "blank"), (COMMUNIQUE, 3, "blank"),
                                 (COMMUNIQUE, 7, "blank")]


def test_a_blank_in_mkdocs_yml(project: Project) -> None:
    """The feed's domain left blank would name every entry after a placeholder, forever."""
    replace(project, "mkdocs.yml", "feed_domain: vallee-fictive.example",
            'feed_domain: "[À COMPLÉTER : domaine de l\'hôpital, par exemple ch-exemple.fr]"')
    line = next(i for i, text in enumerate(
        (project.root / "mkdocs.yml").read_text("utf-8").split("\n"), 1) if "feed_domain" in text)
    found = check_project(project.root, NOW).diagnostics
    assert [(d.path, d.line, d.code) for d in found] == [("mkdocs.yml", line, "blank")]
    assert "« domaine de l'hôpital, par exemple ch-exemple.fr »" in found[0].message


def test_a_blank_in_miroirs_yml(project: Project) -> None:
    """The mirrors file, when there is one, is a project file like the others."""
    project.write("miroirs.yml", 'miroirs:\n  - type: dossier\n    chemin: "[A COMPLETER]"\n')
    assert problems(project) == [("miroirs.yml", 3, "blank")]


# --- What counts as a blank -------------------------------------------------------------------

BLANKS = [
    "[À COMPLÉTER : date]", "[à compléter : date]", "[A COMPLETER: date]", "[a completer]",
    "[ À  COMPLÉTER ]", "[À compléter]", "[À COMPLETER]", "[À\u00a0COMPLÉTER\u202f: date]",
    "À COMPLÉTER : date", "A COMPLETER", "À_COMPLÉTER", "A-COMPLETER", "ACOMPLETER",
    "à compléter : date]", "[À COMPLÉTER : date", "[À COMPLÉTER](infos-pratiques.md)",
]
NOT_BLANKS = [
    "Le questionnaire à compléter avant votre venue est à l'accueil.",
    "À compléter avant votre venue : le questionnaire de pré-admission.",
    "Vous avez un dossier à compléter ? Appelez le secrétariat.",
    "Le [questionnaire à compléter](infos-pratiques.md) est en ligne.",
    "Nous allons COMPLÉTER ce document. DOSSIERS COMPLETS. LA COMPLETERA.",
]


@pytest.mark.parametrize("written", BLANKS)
def test_a_half_edited_blank_is_still_a_blank(project: Project, written: str) -> None:
    """Any case, accents or not, brackets or not (in capitals), spaces or joined words."""
    replace(project, PAGE, "## Messagerie", f"## Messagerie\n\nTexte {written} suite.")
    assert [(code, path) for path, _, code in problems(project)] == [("blank", PAGE)]


@pytest.mark.parametrize("sentence", NOT_BLANKS)
def test_ordinary_french_is_not_a_blank(project: Project, sentence: str) -> None:
    """« à compléter » in lowercase, in a sentence or a link's text, is ordinary French."""
    replace(project, PAGE, "## Messagerie", f"## Messagerie\n\n{sentence}")
    assert problems(project) == []


def test_the_indication_is_quoted_when_there_is_one() -> None:
    """What to write comes from the blank itself; an empty or « … » one says nothing more."""
    assert [(b.indication, b.written) for b in find_blanks(
        'nom: "[À COMPLÉTER : nom du service]"\nA COMPLETER\n[à compléter : …]')] == [
        ("nom du service", "[À COMPLÉTER : nom du service]"), ("", "A COMPLETER"),
        ("", "[à compléter : …]")]


def test_an_invisible_character_in_a_blank_is_spelt_out() -> None:
    """A zero-width space or a direction override pasted into a blank is shown, not obeyed."""
    assert [(b.indication, b.written) for b in find_blanks("[À COMPLÉTER : nom\u202e\u200b]")] == [
        ("nom\\u202e\\u200b", "[À COMPLÉTER : nom\\u202e\\u200b]")]


def test_every_blank_is_listed_at_once(project: Project) -> None:
    """Blanks in several files, two on one line: all of them, in file and line order."""
    replace(project, ESTABLISHMENT, "nom: Hôpital du Test",
            'nom: "[À COMPLÉTER : nom]"')
    replace(project, ESTABLISHMENT, "adresse: 1 rue de l'Essai, 35990 Testville",
            'adresse: "[À COMPLÉTER : rue], [À COMPLÉTER : code postal et ville]"')
    replace(project, GROUP, "nom: Groupe hospitalier de test", "nom: A COMPLETER")
    project.write(PAGE, "# Infos\n\n[À COMPLÉTER : texte]\n\nSuite.\n\n[A COMPLETER : fin]\n")
    assert problems(project) == [
        (PAGE, 3, "blank"), (PAGE, 7, "blank"),
        (ESTABLISHMENT, 3, "blank"), (ESTABLISHMENT, 4, "blank"), (ESTABLISHMENT, 4, "blank"),
        (GROUP, 1, "blank")]


def test_a_page_full_of_blanks_is_counted_beyond_the_limit(project: Project) -> None:
    """A template pasted 300 times: the first blanks, then one line counting the rest."""
    project.write(PAGE, "# Infos\n\n" + "[À COMPLÉTER : texte]\n" * 300)
    found = [d for d in check_project(project.root, NOW).diagnostics if d.path == PAGE]
    assert len(found) == MAX_BLANKS_PER_FILE + 1
    assert found[-1].message == (f"… et {300 - MAX_BLANKS_PER_FILE} autres textes à compléter "
                                 "dans ce fichier")


@pytest.mark.parametrize(("line", "count"), [
    ("[" * 1_000_000, 0), ("à compléter " * 85_000, 0), ("[à compléter" * 85_000, 85_000),
    ("A" * 1_000_000, 0), ("A COMPLETER " * 85_000, 85_000),
    ("[À COMPLÉTER : " + "x" * 1_000_000, 1), ("à compléter " * 85_000 + "]", 1),
])
def test_a_megabyte_line_is_scanned_in_linear_time(line: str, count: int) -> None:
    """No catastrophic backtracking: a 1 MB line finishes well within the hang alarm."""
    with wall_clock_alarm(20, "find_blanks"):
        assert len(find_blanks(line)) == count


@pytest.mark.parametrize(("line", "count"), [
    ("nom: " + "A COMPLETER " * 85_000, 85_000), ("a: b # " + "A COMPLETER " * 85_000, 0),
    ('" #"' * 100_000 + "A COMPLETER " * 50_000, 50_000),
])
def test_a_megabyte_yaml_line_is_scanned_in_linear_time(line: str, count: int) -> None:
    """Where a line's comment starts is found once per line, not once per blank."""
    with wall_clock_alarm(20, "find_blanks"):
        assert len(find_blanks(line, yaml=True)) == count


# --- No command publishes a blank ---------------------------------------------------------------

def test_portal_check_exits_1(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """The exit code a CI job reads: 1 while a blank is left, 0 once it is filled."""
    replace(project, PAGE, "## Messagerie", "## Messagerie\n\n[À COMPLÉTER : consignes]")
    code, lines = check_output(project, capsys)
    assert code == 1 and lines[-1].startswith("1 erreur(s)")
    replace(project, PAGE, "[À COMPLÉTER : consignes]", "Téléphonez au service.")
    assert check_output(project, capsys)[0] == 0


@pytest.mark.slow
def test_portal_build_refuses_and_keeps_the_previous_site(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """A blank added after a good build: no build, and the site online stays as it was."""
    assert project.portal("build") == 0
    before = tree_snapshot(project.site)
    replace(project, PAGE, "## Messagerie", "## Messagerie\n\n[À COMPLÉTER : consignes]")
    capsys.readouterr()
    assert project.portal("build") == 1
    err = capsys.readouterr().err
    assert f"{PAGE}:" in err and ": erreur : texte à compléter : « consignes »" in err
    assert "Construction annulée : le site précédent n'a pas été modifié." in err
    assert tree_snapshot(project.site) == before


@pytest.mark.slow
def test_mkdocs_build_with_the_plugin_refuses(project: Project) -> None:
    """`mkdocs build` on its own goes through the same check: the blank stops it."""
    replace(project, GROUP, "nom: Groupe hospitalier de test", 'nom: "[À COMPLÉTER : nom]"')
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                          str(project.root / "mkdocs.yml")], capture_output=True, text=True,
                         env={"PORTAL_NOW": "2026-11-23T12:00", "PATH": "/usr/bin:/bin"},
                         check=False)
    assert run.returncode != 0
    assert f"{GROUP}:1: erreur : texte à compléter : « nom »" in run.stderr
    assert not Path(project.site / "index.html").exists()


def reference_output(heading: str) -> list[str]:
    """The `$ portal check` lines that docs/reference.md shows under `heading`."""
    text = (REPO / "docs" / "reference.md").read_text("utf-8")
    section = text[text.index(heading):]
    return section.split("$ portal check\n", 1)[1].split("```", 1)[0].splitlines()


def test_the_reference_page_shows_what_portal_check_prints(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """The example of « Les blancs à compléter » is the real output."""
    replace(project, "content/fuite-de-donnees.md", "Le 20 novembre 2026, le Groupe",
            "Le [À COMPLÉTER : date de l'incident], le Groupe")
    code, lines = check_output(project, capsys)
    assert code == 1
    assert lines == reference_output("### Les blancs à compléter")

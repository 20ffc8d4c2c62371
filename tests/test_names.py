"""A page or communiqué naming a hospital that is not in directory/ gets a warning at its line:
the sign of a text copied from another portal (this repository's sample, most often)."""

from __future__ import annotations

import shutil

import pytest

from generator.project import check_project
from generator.validate.names import CODE, find_mentions
from tests.conftest import NOW, REPO, Project, wall_clock_alarm
from tests.test_blanks import reference_output

PAGE = "content/page.md"
SAMPLE_LEAK = "content/fuite-de-donnees.md"
SAMPLE_COMMUNIQUE = "communiques/2026-11-18-cyberattaque-hopital-saint-aubin.md"


def warnings(project: Project) -> list[tuple[str, int, str]]:
    """(file, line, message) of each unknown-name warning; any other problem fails the test."""
    found = check_project(project.root, NOW).diagnostics
    assert [d for d in found if d.code != CODE] == []
    return [(d.path, d.line, d.message) for d in found]


def unknown(name: str) -> str:
    return f"« {name} » n'est pas un établissement de directory/"


def test_the_repository_sample_names_only_its_own_establishments() -> None:
    """The sample group's pages and six communiqués: not one warning."""
    found = check_project(REPO, NOW).diagnostics
    assert [d.format() for d in found if d.code == CODE] == []


def test_sample_pages_under_another_group_are_flagged(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """The sample's data-leak page and a communiqué, kept under the test group's directory:
    each foreign name once per file, at its first line; the check still passes."""
    shutil.copy(REPO / SAMPLE_LEAK, project.root / SAMPLE_LEAK)
    (project.root / "content/communiques").mkdir()
    shutil.copy(REPO / "content" / SAMPLE_COMMUNIQUE, project.root / "content" / SAMPLE_COMMUNIQUE)
    communique = f"content/{SAMPLE_COMMUNIQUE}"
    assert warnings(project) == [
        (communique, 2, unknown("Hôpital Saint-Aubin")),
        (communique, 12, unknown("Groupe hospitalier de la Vallée-Fictive")),
        (communique, 16, unknown("Centre hospitalier de Bourg-Fictif")),
        (SAMPLE_LEAK, 4, unknown("Groupe hospitalier de la Vallée-Fictive")),
    ]
    capsys.readouterr()
    assert project.portal("check") == 0
    err = capsys.readouterr().err
    assert (f"{SAMPLE_LEAK}:4: avertissement : « Groupe hospitalier de la Vallée-Fictive » n'est "
            "pas un établissement de directory/ — s'agit-il d'un texte copié d'un autre "
            "hôpital ? Remplacez ce nom par celui de votre établissement ; si vous citez "
            "volontairement un autre établissement, ignorez cet avertissement") in err
    assert "Aucune erreur, 4 avertissement(s)." in err


@pytest.mark.parametrize("sentence", [
    "Le Centre hospitalier de Saint-Machin a confirmé l'incident.",
    "le centre hospitalier de Saint-Machin a confirmé",
    "Transferts vers le CHU de Saint-Machin.",
    "Le CH Saint-Machin reste ouvert.",
    "La Clinique des Saint-Machin accueille les patients.",
    "L'EHPAD Les Saint-Machin est fermé.",
    "Le Groupement hospitalier de territoire Saint-Machin informe.",
    "La Maison de santé de Saint-Machin est fermée.",
    "Le Centre de santé mentale Les Saint-Machin reçoit.",
    "Les Hôpitaux de Saint-Machin informent.",
    "Le Centre hospitalier\nde\nSaint-Machin, qui",
])
def test_a_foreign_establishment_is_flagged(project: Project, sentence: str) -> None:
    """Establishment words in any case, abbreviations, particles, names wrapped over lines."""
    project.write(PAGE, f"# Page\n\n{sentence}\n")
    found = warnings(project)
    assert [(path, line) for path, line, _ in found] == [(PAGE, 3)]
    assert "Saint-Machin" in found[0][2]


@pytest.mark.parametrize("sentence", [
    "L'hôpital reste ouvert ; votre hôpital vous appellera.",
    "Les Hôpital de jour et l'Hôpital de Jour de pédiatrie sont ouverts.",
    "Rendez-vous au centre hospitalier le plus proche, ou au CHU le plus proche.",
    "L'Hôpital du Test et l'hôpital du Test, HÔPITAL DU TEST.",
    "Le CH du Test reste ouvert ; l'hôpital de Test aussi.",
    "Le Groupe hospitalier de test informe.",
    "Le groupe hospitalier informe. Une clinique privée accueille.",
    "## Hôpital\nLes urgences sont ouvertes.",
    "Un hôpital. Les visites sont maintenues.",
    "Centre 15, Centre Les Coteaux : appelez.",
])
def test_generic_phrases_and_own_names_pass(project: Project, sentence: str) -> None:
    """Generic words, a kind of service, the directory's own names in any form: no warning."""
    project.write(PAGE, f"# Page\n\n{sentence}\n")
    assert warnings(project) == []


def test_the_example_inside_a_blank_is_not_a_mention(project: Project) -> None:
    """« [À COMPLÉTER : …, par exemple Centre hospitalier de Testville] »: only the blank."""
    project.write(PAGE, "# Page\n\nLe [À COMPLÉTER : nom, par exemple Centre hospitalier de "
                  "Testville] informe.\n")
    assert [d.code for d in check_project(project.root, NOW).diagnostics] == ["blank"]


def test_the_group_short_name_is_known(project: Project) -> None:
    """`nom_court` is one of the directory's names: « GH Armorique » is the group itself."""
    group = project.root / "directory/groupe.yml"
    group.write_text(group.read_text("utf-8").replace(
        "nom: Groupe hospitalier de test",
        "nom: Groupe hospitalier de test\nnom_court: GH Armorique"), "utf-8")
    project.write(PAGE, "# Page\n\nLe GH Armorique informe. Le GH Bretagne aussi.\n")
    assert warnings(project) == [(PAGE, 3, unknown("GH Bretagne"))]


def test_one_warning_per_name_and_file(project: Project) -> None:
    """Forty mentions of one foreign name in a page: one line, at the first; another page
    naming it has its own."""
    project.write(PAGE, "# Page\n\n" + "L'Hôpital Saint-Machin informe.\n" * 40)
    project.write("content/autre.md", "# Autre\n\nL'hôpital Saint-Machin, encore.\n")
    assert [(path, line) for path, line, _ in warnings(project)] == [
        ("content/autre.md", 3), (PAGE, 3)]


def test_no_warning_while_the_directory_has_errors_or_blanks(project: Project) -> None:
    """Names are compared with the directory once it is written: first the errors."""
    project.write(PAGE, "# Page\n\nL'Hôpital Saint-Machin informe.\n")
    path = project.root / "directory/groupe.yml"
    path.write_text(path.read_text("utf-8").replace(
        "nom: Groupe hospitalier de test", 'nom: "[À COMPLÉTER : nom du groupe]"'), "utf-8")
    assert [d.code for d in check_project(project.root, NOW).diagnostics] == ["blank"]


@pytest.mark.parametrize("line", [
    "Hôpital " * 125_000, "Centre hospitalier de " * 45_000, "Hôpital Saint " + "de " * 300_000,
    "Hôpital " + "Saint-" * 200_000, "h" * 1_000_000, "CH " * 300_000,
    "Hôpital Saint. " * 70_000, "# Hôpital Saint\nHôpital Saint\n" * 35_000,
])
def test_a_megabyte_line_is_scanned_in_linear_time(line: str) -> None:
    """No catastrophic backtracking on long runs of establishment words or capitals."""
    with wall_clock_alarm(20, "find_mentions"):
        mentions = list(find_mentions(line))
    assert all(len(m.written) <= 80 for m in mentions)


def test_the_reference_page_shows_what_portal_check_prints(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """The example of « Un établissement inconnu cité dans une page » is the real output."""
    group = project.root / "directory/groupe.yml"
    group.write_text(group.read_text("utf-8").replace(
        "nom: Groupe hospitalier de test", "nom: Hôpital d'Exemple"), "utf-8")
    shutil.copy(REPO / SAMPLE_LEAK, project.root / SAMPLE_LEAK)
    (project.root / "content/communiques").mkdir()
    name = "communiques/2026-11-20-donnees-derobees-vigilance.md"
    shutil.copy(REPO / "content" / name, project.root / "content" / name)
    capsys.readouterr()
    assert project.portal("check") == 0
    assert capsys.readouterr().err.splitlines() == reference_output(
        "### Un établissement inconnu cité dans une page")

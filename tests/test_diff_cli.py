"""`portal diff`: against a real git repository and a real copy served on loopback."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import REPO, SAMPLE_MOMENT

SAINT_AUBIN = "directory/etablissements/hopital-saint-aubin.yml"
BOURG = "directory/etablissements/centre-hospitalier-bourg-fictif.yml"

CRISIS = "directory/crise.yml"


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.email=test@example.invalid",
                    "-c", "user.name=Test", *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the sample, committed: the state patients see on the published site."""
    root = tmp_path / "portail"
    root.mkdir()
    for name in ("directory", "content"):
        shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "logo.svg"):
        shutil.copy(REPO / name, root / name)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "données publiées")
    return root


def _replace(root: Path, relative: str, old: str, new: str, service: str | None = None) -> None:
    """Replace `old` once, inside the block of `service` if given."""
    path = root / relative
    text = path.read_text("utf-8")
    start, end = 0, len(text)
    if service is not None:
        start = text.index(f"  - id: {service}\n")
        end = text.find("\n  - id: ", start + 1) % (len(text) + 1)
    block = text[start:end]
    assert block.count(old) == 1, old
    path.write_text(text[:start] + block.replace(old, new) + text[end:], "utf-8")


NEW_SERVICE = """
  - id: allergologie-consultations
    nom: Allergologie – consultations
    type: consultation
    telephones:
      - numero: 02 61 91 05 50
        libelle: Secrétariat
        horaires: lundi-vendredi 09:00-17:00
"""

NEW_COMMUNIQUE = """\
---
titre: Les consultations de neurologie reprennent
date: 2026-11-23 11:30
---

Les consultations de neurologie reprennent normalement.
"""


def _edit_everything(root: Path) -> None:
    """A number, hours, a status and a crisis state changed; a service added, one removed;
    a communiqué added. Doctors-only numbers and a non-public service changed too: patients
    see neither, so neither is listed."""
    _replace(root, SAINT_AUBIN, "02 61 91 01 10", "02 61 91 01 19", "cardiologie-consultations")
    _replace(root, SAINT_AUBIN, "lundi-vendredi 09:00-12:00", "lundi-vendredi 09:00-12:30",
             "cardiologie-consultations")
    _replace(root, SAINT_AUBIN, "etat: perturbe", "etat: interrompu", "neurologie-consultations")
    _replace(root, SAINT_AUBIN, "02 61 91 10 01", "02 61 91 10 03")  # doctors only
    _replace(root, SAINT_AUBIN, "02 61 91 00 70", "02 61 91 00 71")  # a non-public service
    path = root / SAINT_AUBIN
    text = path.read_text("utf-8")
    start = text.index("  - id: pneumologie-hospitalisation\n")
    end = text.index("\n  - id: ", start + 1) + 1
    path.write_text(text[:start] + text[end:] + NEW_SERVICE, "utf-8")
    _replace(root, CRISIS, "      - etat: interrompu\n        note: Les adresses électroniques",
             "      - etat: perturbe\n        note: Les adresses électroniques")
    (root / "content/communiques/2026-11-23-neurologie.md").write_text(NEW_COMMUNIQUE, "utf-8")


EXPECTED = [
    "Changements visibles par les patients depuis HEAD :",
    "  Messagerie électronique : Service interrompu → Fonctionnement perturbé (note inchangée)",
    "  Allergologie – consultations (Hôpital Saint-Aubin) : service ajouté",
    "  Consultations de cardiologie (Hôpital Saint-Aubin) : numéro 02 61 91 01 10 → "
    "02 61 91 01 19 (Prise de rendez-vous)",
    "  Consultations de cardiologie (Hôpital Saint-Aubin) : horaires du numéro « Suivi des "
    "stimulateurs et défibrillateurs » Du lundi au vendredi, de 9 h à 12 h → Du lundi au "
    "vendredi, de 9 h à 12 h 30",
    "  Consultations de neurologie (Hôpital Saint-Aubin) : état Fonctionnement perturbé → "
    "Service interrompu (note inchangée)",
    "  Pneumologie – hospitalisation (Hôpital Saint-Aubin) : service retiré",
    "  Communiqué : ajouté « Les consultations de neurologie reprennent » (23/11/2026 à 11 h 30)",
    "7 changements.",
]


def _portal(root: Path, *args: str) -> int:
    return main(["--project", str(root), "--now", SAMPLE_MOMENT, "diff", *args])


def test_nothing_changed_since_the_last_commit(repo: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert _portal(repo) == 0
    assert capsys.readouterr().out == "Aucun changement visible par les patients depuis HEAD.\n"


def test_lists_exactly_the_changes_made_since_the_last_commit(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit_everything(repo)
    assert _portal(repo) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == EXPECTED
    assert "02 61 91 10 03" not in out and "02 61 91 00 71" not in out


def test_markdown_for_a_job_summary(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same changes as a Markdown list; the exit code still says there are some."""
    _edit_everything(repo)
    assert _portal(repo, "--markdown") == 1
    out = capsys.readouterr().out
    assert out.startswith("## Changements visibles par les patients depuis HEAD\n\n"
                          "7 changements visibles par les patients :\n\n- Messagerie ")
    assert out.splitlines()[4:] == [f"- {line.strip()}" for line in EXPECTED[1:-1]]


def test_since_an_older_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--depuis names any revision: committed changes count, the working tree too."""
    _replace(repo, SAINT_AUBIN, "02 61 91 01 10", "02 61 91 01 19", "cardiologie-consultations")
    _git(repo, "commit", "-qam", "nouveau numéro")
    assert _portal(repo) == 0
    capsys.readouterr()
    assert _portal(repo, "--depuis", "HEAD~1") == 1
    assert capsys.readouterr().out.splitlines() == [
        "Changements visibles par les patients depuis HEAD~1 :", EXPECTED[3],
        "1 changement."]


@pytest.mark.parametrize(("args", "message"), [
    (["--depuis=-x"], "Comparaison impossible : révision « -x » refusée : donnez un nom de "
                      "branche, d'étiquette ou de commit (HEAD, main, HEAD~1, a1b2c3d…), qui ne "
                      "commence pas par « - »\n"),
    (["--depuis", "branche-inconnue"], "Comparaison impossible : révision « branche-inconnue » "
                                       "inconnue de git : vérifiez son nom (« git log "
                                       "--oneline » liste les commits)\n"),
    (["--depuis", "HEAD", "--copie", "http://127.0.0.1:9/"],
     "Comparaison impossible : --depuis et --copie s'excluent : comparez avec une révision ou "
     "avec une copie publiée, pas les deux\n"),
    (["--copie", "ftp://exemple.invalid/"],
     "Comparaison impossible : adresse de la copie invalide : http:// ou https:// attendu\n"),
])
def test_a_comparison_that_cannot_be_made_exits_2_in_one_sentence(
        repo: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert _portal(repo, *args) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message)


def test_outside_a_git_repository(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(repo / ".git")
    assert _portal(repo) == 2
    assert capsys.readouterr().err == (
        f"Comparaison impossible : {repo} n'est pas dans un dépôt git : « portal diff » compare "
        "avec le dernier commit ; utilisez --copie URL pour comparer avec une copie publiée\n")


def test_an_older_revision_with_errors_is_named(repo: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _replace(repo, SAINT_AUBIN, "standard: 02 61 91 00 00", "standard: 02 61 91")
    _git(repo, "commit", "-qam", "erreur")
    _replace(repo, SAINT_AUBIN, "standard: 02 61 91", "standard: 02 61 91 00 00")
    assert _portal(repo) == 2
    err = capsys.readouterr().err
    assert err.startswith("Comparaison impossible : les données de la révision « HEAD » "
                          "contiennent 1 erreur(s) selon les règles actuelles, dont « directory/"
                          "etablissements/hopital-saint-aubin.yml:14: ")

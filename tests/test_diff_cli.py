"""`portal diff`: against a real git repository and a real copy served on loopback."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.manifest import (
    MANIFEST,
    FileEntry,
    Manifest,
    new_key,
    private_key_text,
    public_key_text,
)
from generator.public_data import PUBLIC_DATA_FILE
from generator.revisions import _extract
from tests.browser import serve_directory
from tests.conftest import REPO, SAMPLE_MOMENT, build_sample
from tests.servers import scripted_server

SAINT_AUBIN = "directory/etablissements/hopital-saint-aubin.yml"
BOURG = "directory/etablissements/centre-hospitalier-bourg-fictif.yml"

CRISIS = "directory/crise.yml"
URGENCES = "urgences-adultes-saint-aubin"


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


REFUSALS = [
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
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
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


# --- Against a copy served on loopback --------------------------------------------------


def _build(root: Path, site: Path, monkeypatch: pytest.MonkeyPatch,
           key: str | None = None) -> Path:
    if key is not None:
        monkeypatch.setenv("PORTAL_SIGNING_KEY", key)
    assert main(["--project", str(root), "--now", SAMPLE_MOMENT, "build", "--site-dir",
                 str(site)]) == 0
    return site


@pytest.mark.slow
def test_against_a_published_copy(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The copy, built from the last commit and signed, read through its manifest over HTTP:
    the same changes as against the commit; a wrong key refuses the copy."""
    key = new_key()
    site = _build(repo, tmp_path / "site", monkeypatch, private_key_text(key))
    good = tmp_path / "bonne.pub"
    good.write_text(public_key_text(key.public_key()) + "\n", "utf-8")
    wrong = tmp_path / "autre.pub"
    wrong.write_text(public_key_text(new_key().public_key()), "utf-8")
    _edit_everything(repo)
    capsys.readouterr()
    with serve_directory(site) as url:
        assert _portal(repo, "--copie", url, "--cle-publique", str(good)) == 1
        out = capsys.readouterr().out.splitlines()
        assert out == [f"Changements visibles par les patients par rapport à la copie {url} :",
                       *EXPECTED[1:]]
        assert _portal(repo, "--copie", url, "--cle-publique", str(wrong)) == 2
        assert capsys.readouterr().err == (
            "Comparaison impossible : la signature du manifeste de la copie ne correspond pas "
            "à la clé publique : copie altérée, ou mauvaise clé\n")
        _git(repo, "checkout", "-q", "--", ".")
        (repo / "content/communiques/2026-11-23-neurologie.md").unlink()
        assert _portal(repo, "--copie", url) == 0
        assert capsys.readouterr().out == ("Aucun changement visible par les patients par "
                                           f"rapport à la copie {url}.\n")


def _rewrite(site: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    """Change the copy's public data and its manifest to match, as an attacker could
    on an unsigned copy."""
    data = json.loads((site / PUBLIC_DATA_FILE).read_bytes())
    edit(data)
    raw = json.dumps(data).encode()
    (site / PUBLIC_DATA_FILE).write_bytes(raw)
    manifest = Manifest.from_bytes((site / MANIFEST).read_bytes())
    files = {**manifest.files, PUBLIC_DATA_FILE: FileEntry(hashlib.sha256(raw).hexdigest(),
                                                           len(raw))}
    (site / MANIFEST).write_bytes(replace(manifest, files=files).to_bytes())


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("copie") / "site")


def _served(built: Path, tmp_path: Path) -> Path:
    site = tmp_path / "copie"
    shutil.copytree(built, site)
    return site


@pytest.mark.slow
def test_a_copy_with_html_in_a_name_is_shown_escaped(built_sample: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    site = _served(built_sample, tmp_path)
    _rewrite(site, lambda d: next(s for s in d["services"] if s["id"] == URGENCES).update(
        nom="<script>alert(1)</script> @tous"))
    with serve_directory(site) as url:
        assert _portal(REPO, "--copie", url, "--markdown") == 1
    out = capsys.readouterr().out
    assert "<script>" not in out and "@tous" not in out
    assert ("- Urgences adultes (Hôpital Saint-Aubin) : nom « &lt;script&gt;alert(1)&lt;/"
            "script&gt; &#64;tous » → « Urgences adultes »") in out


@pytest.mark.slow
@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["services"][2]["telephones"].append({"libelle": "x", "numero": 3,
                                                       "horaires": []}),
     "donnees/annuaire.json : « services[2].telephones[2].numero » devrait être un texte, pas "
     "un nombre"),
    (lambda d: d.update(version="1"),
     "donnees/annuaire.json : version « 1 » inconnue (attendue : 1) ; mettez portal à jour"),
])
def test_a_copy_with_malformed_data_is_refused(built_sample: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               edit: Callable[[dict[str, Any]], None],
                                               message: str) -> None:
    site = _served(built_sample, tmp_path)
    _rewrite(site, edit)
    with serve_directory(site) as url:
        assert _portal(REPO, "--copie", url) == 2
    assert capsys.readouterr().err == f"Comparaison impossible : {message}\n"


@pytest.mark.slow
def test_a_copy_whose_data_does_not_match_its_manifest(built_sample: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    site = _served(built_sample, tmp_path)
    raw = (site / PUBLIC_DATA_FILE).read_bytes()
    (site / PUBLIC_DATA_FILE).write_bytes(raw.replace(b"02 61 91 10 00", b"02 61 91 10 09"))
    with serve_directory(site) as url:
        assert _portal(REPO, "--copie", url) == 2
    assert capsys.readouterr().err == (
        "Comparaison impossible : donnees/annuaire.json de la copie ne correspond pas à son "
        "manifeste : copie altérée ou en cours de mise à jour\n")


@pytest.mark.slow
def test_a_copy_built_before_the_public_data_existed(built_sample: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    site = _served(built_sample, tmp_path)
    manifest = Manifest.from_bytes((site / MANIFEST).read_bytes())
    files = {p: e for p, e in manifest.files.items() if p != PUBLIC_DATA_FILE}
    (site / MANIFEST).write_bytes(replace(manifest, files=files).to_bytes())
    with serve_directory(site) as url:
        assert _portal(REPO, "--copie", url) == 2
    assert capsys.readouterr().err == (
        "Comparaison impossible : la copie ne publie pas donnees/annuaire.json : elle a été "
        "construite par une version plus ancienne du portail ; comparez plutôt avec une "
        "révision (--depuis)\n")


@pytest.mark.slow
def test_a_copy_that_never_ends_its_manifest(capsys: pytest.CaptureFixture[str]) -> None:
    """A hostile server streaming an endless manifest is cut at the manifest's cap."""
    def endless(path: str) -> Iterator[bytes]:
        yield b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"
        while True:
            yield b"x" * 65536

    with scripted_server(endless) as url:
        assert _portal(REPO, "--copie", url) == 2
    assert capsys.readouterr().err == (
        "Comparaison impossible : manifest.json de la copie plus gros qu'annoncé (plus de "
        "33554432 octets) : téléchargement arrêté\n")


# --- The CI recipes' review steps, run as CI runs them ----------------------------------


def _recipe_scripts() -> dict[str, str]:
    """The shell of each `portal diff` step of the shipped recipes."""
    github = yaml.safe_load((REPO / "deploiement/github-actions.yml").read_text("utf-8"))
    review = next(s for s in github["jobs"]["relire"]["steps"] if "portal diff" in s.get("run", ""))
    gitlab = yaml.safe_load((REPO / "deploiement/gitlab-ci.yml").read_text("utf-8"))
    return {"github": review["run"], "gitlab": "\n".join(gitlab["relire"]["script"])}


def _run_step(script: str, repo: Path, tmp_path: Path) -> tuple[int, str]:
    summary = tmp_path / "resume.md"
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_BASE_REF": "main",
           "CI_MERGE_REQUEST_DIFF_BASE_SHA": head}
    done = subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    written = summary if summary.exists() else repo / "changements.md"
    return done.returncode, written.read_text("utf-8") if written.exists() else ""


@pytest.mark.slow
@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_the_recipes_post_the_changes_without_failing_the_job(repo: Path, tmp_path: Path,
                                                              ci: str) -> None:
    """Changes (exit 1) give a summary and a green job; data with an error, a red job."""
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    _replace(repo, SAINT_AUBIN, "02 61 91 01 10", "02 61 91 01 19", "cardiologie-consultations")
    code, summary = _run_step(_recipe_scripts()[ci], repo, tmp_path)
    assert code == 0
    assert "## Changements visibles par les patients depuis " in summary
    assert f"- {EXPECTED[3].strip()}" in summary
    _replace(repo, SAINT_AUBIN, "standard: 02 61 91 00 00", "standard: 02 61 91")
    code, _ = _run_step(_recipe_scripts()[ci], repo, tmp_path)
    assert code != 0


def test_the_reference_shows_what_the_command_prints() -> None:
    """docs/reference.md's example is this file's scenario, line for line."""
    text = (REPO / "docs/reference.md").read_text("utf-8")
    section = text.split("### Relire avant de publier : `portal diff`", 1)[1]
    shown = section.split("$ portal diff\n", 1)[1].split("```", 1)[0].splitlines()
    assert shown == EXPECTED
    refusal = section.split("```text\nComparaison impossible : ", 1)[1].split("\n", 1)[0]
    assert f"Comparaison impossible : {refusal}\n" in [m for _, m in REFUSALS]


def test_a_project_in_a_subfolder_of_the_repository(tmp_path: Path, repo: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The revision's data is the project's folder in it, not the repository's root."""
    outer = tmp_path / "depot"
    outer.mkdir()
    shutil.move(repo / ".git", outer / ".git")
    shutil.move(repo, outer / "portail")
    _git(outer, "add", "-A")
    _git(outer, "commit", "-qm", "le portail dans un sous-dossier")
    _replace(outer / "portail", SAINT_AUBIN, "02 61 91 01 10", "02 61 91 01 19",
             "cardiologie-consultations")
    assert _portal(outer / "portail") == 1
    assert capsys.readouterr().out.splitlines()[1] == EXPECTED[3]


def test_a_repository_without_commits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _git(tmp_path, "init", "-q")
    assert _portal(tmp_path) == 2
    assert capsys.readouterr().err == (
        "Comparaison impossible : aucun commit dans ce dépôt git : enregistrez d'abord les "
        "données (git add, git commit), puis relancez\n")


def test_a_revision_never_writes_outside_its_folder(tmp_path: Path) -> None:
    """A committed link, or a path climbing out, is not extracted: only files and folders."""
    archive = tmp_path / "revision.tar"
    with tarfile.open(archive, "w") as tar:
        for name, kind in [("directory", tarfile.DIRTYPE), ("../dehors.yml", tarfile.REGTYPE),
                           ("directory/lien", tarfile.SYMTYPE), ("directory/a.yml",
                                                                 tarfile.REGTYPE)]:
            member = tarfile.TarInfo(name)
            member.type = kind
            member.linkname = "/etc" if kind == tarfile.SYMTYPE else ""
            data = b"nom: x\n" if kind == tarfile.REGTYPE else b""
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    folder = tmp_path / "projet"
    folder.mkdir()
    with tarfile.open(archive) as tar:
        _extract(tar, folder)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        "projet", "projet/directory", "projet/directory/a.yml", "revision.tar"]


@pytest.mark.slow
@pytest.mark.parametrize(("size", "message"), [
    (10, "donnees/annuaire.json de la copie plus gros qu'annoncé (plus de 10 octets) : "
         "téléchargement arrêté"),
    (2**30, "donnees/annuaire.json de la copie trop gros (1073741824 octets, au plus "
            "16777216)"),
])
def test_a_copy_announcing_a_wrong_size_is_cut_short(built_sample: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     size: int, message: str) -> None:
    """What the manifest announces bounds the download; a huge announce is refused."""
    site = _served(built_sample, tmp_path)
    manifest = Manifest.from_bytes((site / MANIFEST).read_bytes())
    entry = manifest.files[PUBLIC_DATA_FILE]
    files = {**manifest.files, PUBLIC_DATA_FILE: FileEntry(entry.sha256, size)}
    (site / MANIFEST).write_bytes(replace(manifest, files=files).to_bytes())
    with serve_directory(site) as url:
        assert _portal(REPO, "--copie", url) == 2
    assert capsys.readouterr().err == f"Comparaison impossible : {message}\n"

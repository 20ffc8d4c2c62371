"""`portal exercice`: the timed drill, end to end, with real servers on loopback.

A small project (tests/conftest.py) keeps each run short; the sample itself is run by
`make exercice` and `bench/drill.py`. No test judges a duration: only that each step
shows one, and that the ratio line is there.
"""

from __future__ import annotations

import re
import socket
import tempfile
from pathlib import Path

import pytest

from generator.drill.change import apply_change, choose_phone_change
from generator.drill.loopback import SYSTEM_FOLDERS
from tests.browser import require
from tests.conftest import ESTABLISHMENT_YML, NOW, Project, tree_snapshot

DURATION = r"\d+,\d s"
STEPS = ["mise en place : première construction", "mise en place des miroirs",
         "construction seule (référence)",
         "modification du numéro", "construction",
         "publication, vérification et contrôle des miroirs"]


def listening(port: int) -> bool:
    with socket.socket() as client:
        return client.connect_ex(("127.0.0.1", port)) == 0


def run_drill(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, str, Path]:
    """`portal exercice` with its temporary folders in `tmp_path/tmp` (to see them go):
    inside the project, which the copy must leave out."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    code = project.portal("exercice", *options)
    out, err = capsys.readouterr()
    return code, out, err, temporary


@pytest.mark.slow
def test_drill_updates_and_verifies_three_mirrors_without_touching_the_project(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Exit 0; every step with its duration, the total and the ratio; the project is
    byte-identical afterwards; no server still listens; no temporary folder is left."""
    require("/usr/bin/rsync", "rsync")
    require("/usr/sbin/sshd", "OpenSSH (serveur)")
    before = {path: body for path, body in tree_snapshot(project.root).items()
              if not path.startswith("tmp/")}
    code, out, err, temporary = run_drill(project, tmp_path, monkeypatch, capsys)
    assert code == 0, out + err
    for step in STEPS:
        assert re.search(rf"^{re.escape(step)}( \*)? +{DURATION}  OK$", out, re.MULTILINE), out
    assert ("Numéro changé : directory/etablissements/hopital-test.yml:12, service "
            "« Consultations de cardiologie » : 02 61 91 01 10 → 02 61 91 01 99") in out
    for mirror in ("dossier", "webdav", "rsync"):
        assert re.search(rf"^    {mirror} : publication {DURATION}, vérification {DURATION}, "
                         rf"numéro {DURATION}", out, re.MULTILINE), out
        assert (f"    {mirror} : à jour, signature vérifiée, " in out
                and "02 61 91 01 99 sur services/cardiologie.html" in out), out
    assert re.search(rf"^total de l’exercice +{DURATION}$", out, re.MULTILINE), out
    assert re.search(r"^Rapport au temps de construction seule : \d+,\d\d \(objectif ≤ 2\)$",
                     out, re.MULTILINE), out
    assert "Verdict : " in out and "ÉCHEC" not in out
    assert tree_snapshot(project.root) == before  # and nothing left in tmp/
    ports = {int(p) for p in re.findall(r"127\.0\.0\.1:(\d+)", err)}
    assert len(ports) == 5, err  # one public address per mirror, WebDAV and ssh
    assert not [port for port in ports if listening(port)]
    assert list(temporary.iterdir()) == []


@pytest.mark.slow
def test_a_missing_component_fails_its_mirror_and_names_it(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Without rsync on the PATH: the other two mirrors are still updated and verified,
    the exit code is 1, and the message says what to install. `--garder` keeps the copy,
    changed number and site included."""
    require("/usr/sbin/sshd", "OpenSSH (serveur)")
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("ssh", "ssh-keygen", "git"):
        (tools / name).symlink_to(f"/usr/bin/{name}")
    monkeypatch.setenv("PATH", str(tools))
    kept = tmp_path.parent / f"{tmp_path.name}-copie"
    code, out, _, _ = run_drill(project, tmp_path, monkeypatch, capsys, "--garder", str(kept))
    assert code == 1, out
    assert ("Problème : miroir rsync non lancé : rsync absent : installez-le "
            "(sudo apt-get install rsync)") in out
    assert "    dossier : à jour, signature vérifiée" in out
    assert "    webdav : à jour, signature vérifiée" in out
    assert "Verdict : ÉCHEC" in out
    assert f"Copie du projet gardée dans {kept}/" in out
    assert "02 61 91 01 99" in (kept / "directory/etablissements/hopital-test.yml").read_text()
    assert "02 61 91 01 99" in (kept / "site/services/cardiologie.html").read_text()
    assert "02 61 91 01 10" in (project.root / "directory/etablissements/hopital-test.yml"
                                ).read_text()


def test_missing_sshd_is_named_with_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """sshd is looked for on the PATH then in the system folders; absent, its Debian
    package is named."""
    from generator.drill import loopback

    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(loopback, "SYSTEM_FOLDERS", "/nonexistent")
    with pytest.raises(loopback.MissingComponent,
                       match=r"^sshd absent : installez-le \(sudo apt-get install "
                             r"openssh-server\)$"):
        loopback.program("sshd", "openssh-server")
    assert SYSTEM_FOLDERS.startswith("/usr/sbin")


def test_the_change_edits_one_number_on_its_line_and_keeps_comments(project: Project) -> None:
    """The first public number of the first public service gets new last digits, valid
    and unused; the file is the same apart from that line, comments included."""
    text = "# Ancien numéro : 02 61 91 02 99 (commentaire gardé)\n" \
           + ESTABLISHMENT_YML.replace("  - id: cardiologie", "  - id: cardiologie  # ici")
    text = text.replace("nom: Consultations de cardiologie",
                        "nom: Consultations de cardiologie\n    public: non", 1)
    path = project.write("directory/etablissements/hopital-test.yml", text)
    change, why = choose_phone_change(project.root, NOW)
    assert change is not None, why
    assert (change.service_id, change.old, change.line) == ("pneumologie-hospitalisation",
                                                           "02 61 91 02 20", 26)
    assert change.new == "02 61 91 02 98"  # 99 is in the comment: taken, so skipped
    apply_change(change)
    after = path.read_text("utf-8").splitlines()
    before = text.splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [25]
    assert after[25] == "      - numero: 02 61 91 02 98"
    assert project.check().directory is not None


def test_no_number_to_change_is_said_in_french(project: Project) -> None:
    """A directory whose services have no public number: the drill says why it cannot run."""
    project.write("directory/etablissements/hopital-test.yml",
                  ESTABLISHMENT_YML.replace("libelle: Rendez-vous", "libelle: Rendez-vous\n"
                                            "        public: non")
                  .replace("libelle: Unité de soins", "libelle: Unité de soins\n"
                           "        public: non"))
    change, why = choose_phone_change(project.root, NOW)
    assert change is None
    assert why.startswith("aucun numéro public de service à changer")


def test_four_last_digits_change_when_every_two_digit_variant_is_taken() -> None:
    """A directory that uses the whole hundred (a synthetic one of 3000 services): the
    drill still finds a free, valid number in the same range."""
    from generator.drill.change import _other_number

    used = {f"02619102{n:02d}" for n in range(100)}
    assert _other_number("02 61 91 02 20", used) == "02 61 91 99 99"
    assert _other_number("15", set()) is None

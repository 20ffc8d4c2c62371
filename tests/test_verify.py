"""Reproducible builds, the signed manifest, and `portal verify` against real loopback servers."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from generator.clock import PARIS
from generator.manifest import (
    MANIFEST,
    SIGNATURE,
    Manifest,
    fingerprint,
    new_key,
    private_key_text,
    public_key_text,
    signature_is_valid,
)
from generator.verify import Reference, Verdict, verify_mirrors
from tests.browser import serve_directory
from tests.conftest import ESTABLISHMENT_YML, Project, tree_snapshot
from tests.servers import free_port

pytestmark = pytest.mark.slow

KEY = new_key()
PUBLIC = KEY.public_key()
LATER = "2026-11-23 12:00"
EARLIER = "2026-11-22 09:00"
NOW = dt.datetime(2026, 11, 23, 12, 30, tzinfo=PARIS)


def build(project: Project, site: Path, now: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PORTAL_SIGNING_KEY", private_key_text(KEY))
    assert project.portal("build", "--site-dir", str(site), now=now) == 0
    return site


def test_two_builds_are_byte_identical(project: Project, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Same inputs, same moment: every byte of every file is the same, manifest included."""
    first = build(project, tmp_path / "one", LATER, monkeypatch)
    second = build(project, tmp_path / "two", LATER, monkeypatch)
    assert tree_snapshot(first) == tree_snapshot(second)
    assert (first / MANIFEST).is_file() and (first / SIGNATURE).is_file()


def test_manifest_lists_every_file_and_is_signed(project: Project, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """SHA-256 and size of each file, an expiry 72 h after the build, a valid signature."""
    site = build(project, tmp_path / "site", LATER, monkeypatch)
    raw = (site / MANIFEST).read_bytes()
    manifest = Manifest.from_bytes(raw)
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert set(manifest.files) == files - {MANIFEST, SIGNATURE}
    assert manifest.files["index.html"].size == (site / "index.html").stat().st_size
    assert manifest.expires - manifest.generated == dt.timedelta(hours=72)
    assert manifest.data_date == "2026-11-21"
    assert signature_is_valid(raw, (site / SIGNATURE).read_bytes(), PUBLIC)
    assert not signature_is_valid(raw.replace(b"index", b"indeX"),
                                  (site / SIGNATURE).read_bytes(), PUBLIC)


@pytest.fixture
def mirrors(project: Project, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, dict[str, str]]]:
    """Five copies on loopback: current, altered by hand, older build, stopped, files lost."""
    old = build(project, tmp_path / "old", EARLIER, monkeypatch)
    project.write("directory/etablissements/hopital-test.yml",
                  ESTABLISHMENT_YML.replace("02 61 91 01 10", "02 61 91 01 15"))
    new = build(project, tmp_path / "new", LATER, monkeypatch)
    copies = {name: tmp_path / "mirrors" / name for name in ("current", "altered", "old",
                                                              "lost")}
    for name, folder in copies.items():
        shutil.copytree(old if name == "old" else new, folder)
    page = copies["altered"] / "services/cardiologie.html"
    page.write_text(page.read_text("utf-8").replace("02 61 91 01 15", "02 61 91 66 66"))
    (copies["lost"] / "annuaire.html").unlink()
    with ExitStack() as stack:
        urls = {name: stack.enter_context(serve_directory(folder)) + "/"
                for name, folder in copies.items()}
        urls["stopped"] = f"http://127.0.0.1:{free_port()}/"
        yield new, urls


def test_verify_names_each_problem_with_its_reason(mirrors: tuple[Path, dict[str, str]]) -> None:
    """Altered, older, stopped and incomplete copies are named; the current one passes."""
    site, urls = mirrors
    reference = Reference(Manifest.from_bytes((site / MANIFEST).read_bytes()), PUBLIC)
    reports = {r.url: r for r in verify_mirrors(list(urls.values()), reference, NOW)}
    verdicts = {name: reports[url].verdict for name, url in urls.items()}
    assert verdicts == {"current": Verdict.CURRENT, "altered": Verdict.TAMPERED,
                        "old": Verdict.STALE, "stopped": Verdict.UNREACHABLE,
                        "lost": Verdict.MISSING_FILES}
    assert reports[urls["altered"]].altered == ["services/cardiologie.html"]
    assert reports[urls["lost"]].missing == ["annuaire.html"]
    assert "22/11/2026 à 09:00" in reports[urls["old"]].problems[0]


def test_expired_copy_and_wrong_signature(mirrors: tuple[Path, dict[str, str]]) -> None:
    """Past its expiry a copy is reported expired; another key's signature is rejected."""
    _, urls = mirrors
    later = NOW + dt.timedelta(days=4)
    (report,) = verify_mirrors([urls["current"]], Reference(), later)
    assert report.verdict is Verdict.EXPIRED and "26/11/2026 à 12:00" in report.problems[0]
    (report,) = verify_mirrors([urls["current"]], Reference(public_key=new_key().public_key()),
                               NOW)
    assert report.verdict is Verdict.SIGNATURE_INVALID


def test_monitoring_without_a_build_catches_a_rollback(
        mirrors: tuple[Path, dict[str, str]]) -> None:
    """With only the last sequence seen, an older copy is flagged; the newest passes."""
    site, urls = mirrors
    newest = Manifest.from_bytes((site / MANIFEST).read_bytes()).sequence
    reports = verify_mirrors([urls["current"], urls["old"]],
                             Reference(public_key=PUBLIC, last_sequence=newest), NOW)
    assert [r.verdict for r in reports] == [Verdict.CURRENT, Verdict.STALE]
    assert "retour en arrière" in reports[1].problems[0]


def test_cli_verify_prints_a_summary_and_json(project: Project,
                                              mirrors: tuple[Path, dict[str, str]],
                                              capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    """Exit code 1 on any problem; one line per mirror; JSON for monitoring; state kept."""
    site, urls = mirrors
    state = tmp_path / "etat.json"
    args = ["verify", urls["current"], urls["old"], "--site-dir", str(site),
            "--public-key", public_key_text(PUBLIC), "--state", str(state)]
    assert project.portal(*args, now="2026-11-23 12:30") == 1
    out = capsys.readouterr().out
    assert f"À JOUR               {urls['current']}" in out
    assert f"PÉRIMÉ               {urls['old']}" in out
    assert "1 copie(s) à jour, 1 avec un problème." in out
    assert json.loads(state.read_text())["last_sequence"] == Manifest.from_bytes(
        (site / MANIFEST).read_bytes()).sequence
    assert project.portal("verify", urls["current"], "--json", "--site-dir", str(site),
                          now="2026-11-23 12:30") == 0
    assert json.loads(capsys.readouterr().out)[0]["verdict"] == "à jour"


def forge(site: Path, folder: Path, page: str | None, keep: bool) -> Path:
    """A copy of `site` with a premium number put in `page`, and its manifest edited to
    match while keeping the same build id (`keep=False`: listing no file at all)."""
    shutil.copytree(site, folder)
    data = json.loads((folder / MANIFEST).read_bytes())
    if page:
        body = (folder / page).read_bytes().replace(b"02 61 91 01 15", b"08 99 12 34 56")
        (folder / page).write_bytes(body)
        data["files"][page] = {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
    if not keep:
        data["files"] = {}
    (folder / MANIFEST).write_text(json.dumps(data))
    (folder / SIGNATURE).unlink()
    return folder


def test_a_manifest_edited_to_match_is_caught_by_the_reference_build(
        mirrors: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """Without a public key but with the local build: a page altered and re-hashed in the
    mirror's manifest (same build id), or a manifest listing no file, is ALTÉRÉ; each file
    is compared with the build's own digest."""
    site, _ = mirrors
    page = "services/cardiologie.html"
    copies = [forge(site, tmp_path / "rehashed", page, keep=True),
              forge(site, tmp_path / "empty", None, keep=False),
              forge(site, tmp_path / "empty-altered", page, keep=False)]
    with ExitStack() as stack:
        urls = [stack.enter_context(serve_directory(c)) + "/" for c in copies]
        reports = verify_mirrors(urls, Reference(Manifest.from_bytes(
            (site / MANIFEST).read_bytes())), NOW)
    assert [r.verdict for r in reports] == [Verdict.TAMPERED] * 3
    assert [r.altered for r in reports] == [[page], [], [page]]
    for report in reports:
        assert report.problems[0].startswith("manifeste modifié : il ne liste pas les "
                                             "fichiers de la construction")


def test_an_unsigned_unknown_newer_build_is_not_trusted(
        mirrors: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """A manifest claiming a newer build than the reference, without a key to check it: its
    own file list cannot vouch for the pages, so the copy is ALTÉRÉ, not À JOUR."""
    site, _ = mirrors
    folder = forge(site, tmp_path / "newer", "services/cardiologie.html", keep=True)
    data = json.loads((folder / MANIFEST).read_bytes())
    data["build"], data["sequence"] = "f" * 16, data["sequence"] + 3600
    (folder / MANIFEST).write_text(json.dumps(data))
    with serve_directory(folder) as url:
        (report,) = verify_mirrors([url + "/"], Reference(Manifest.from_bytes(
            (site / MANIFEST).read_bytes())), NOW)
    assert report.verdict is Verdict.TAMPERED
    assert "inconnue" in report.problems[0] and "sans signature vérifiée" in report.problems[0]


def test_fingerprint_is_grouped_for_reading_aloud() -> None:
    """Eight groups of four hexadecimal characters, the same for the same key."""
    text = fingerprint(PUBLIC)
    assert len(text.split(" ")) == 8 and text == fingerprint(PUBLIC)

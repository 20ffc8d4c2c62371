"""`portal publish` to a folder and to a real WebDAV server, then `portal verify` on them."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.manifest import MANIFEST, Manifest, private_key_text, public_key_text
from generator.publish import PublishResult, load_mirrors
from generator.verify import Reference, Verdict, verify_mirrors
from tests.browser import serve_directory
from tests.conftest import ESTABLISHMENT_YML, Project
from tests.servers import PASSWORD, USER, webdav_server
from tests.test_verify import KEY, NOW

pytestmark = pytest.mark.slow


def mirrors_yml(folder: Path, dav: str, public_folder: str, public_dav: str) -> str:
    return f"""\
miroirs:
  - nom: partage
    type: dossier
    cible: {folder}
    url_publique: {public_folder}
  - nom: ars
    type: webdav
    cible: {dav}
    url_publique: {public_dav}
    variable_identifiant: DAV_USER
    variable_mot_de_passe: DAV_PASSWORD
"""


@pytest.fixture
def hosts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, object]]:
    """A shared folder and a WebDAV server, each also served over HTTP for readers; builds
    are signed and publish checks each mirror's manifest with the public key."""
    sign_builds(monkeypatch)
    monkeypatch.setenv("DAV_USER", USER)
    monkeypatch.setenv("DAV_PASSWORD", PASSWORD)
    (tmp_path / "www").mkdir()
    (tmp_path / "dav").mkdir()
    with webdav_server(tmp_path / "dav") as dav, \
            serve_directory(tmp_path / "www") as www, \
            serve_directory(tmp_path / "dav") as public_dav:
        yield {"folder": tmp_path / "www" / "portail", "dav": dav,
               "public_folder": www + "/portail/", "public_dav": public_dav + "/",
               "dav_root": tmp_path / "dav"}


def sign_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTAL_SIGNING_KEY", private_key_text(KEY))
    monkeypatch.setenv("PORTAL_PUBLIC_KEY", public_key_text(KEY.public_key()))


def publish(project: Project, hosts: dict[str, object], now: str) -> tuple[int, str]:
    project.write("miroirs.yml", mirrors_yml(hosts["folder"], hosts["dav"],  # type: ignore[arg-type]
                                             str(hosts["public_folder"]),
                                             str(hosts["public_dav"])))
    assert project.portal("build", now=now) == 0
    return project.portal("publish", now=now), ""


def reference(project: Project) -> Reference:
    return Reference(Manifest.from_bytes((project.site / MANIFEST).read_bytes()))


def test_publish_then_verify_both_mirrors(project: Project, hosts: dict[str, object],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Both mirrors serve exactly the build; the summary table says so; exit code 0."""
    code, _ = publish(project, hosts, "2026-11-23 12:00")
    out = capsys.readouterr().out
    assert code == 0, out
    assert "2 miroir(s) à jour, 0 en échec." in out
    urls = [str(hosts["public_folder"]), str(hosts["public_dav"])]
    reports = verify_mirrors(urls, reference(project), NOW)
    assert [r.verdict for r in reports] == [Verdict.CURRENT, Verdict.CURRENT], reports


def test_second_publish_sends_only_what_changed(project: Project, hosts: dict[str, object],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """One phone number changes: a handful of files go out, not the whole site."""
    from generator import publish as publishing

    results: list[PublishResult] = []
    original = publishing.publish_all
    monkeypatch.setattr(publishing, "publish_all",
                        lambda *a: results.extend(original(*a)) or results)
    assert publish(project, hosts, "2026-11-23 12:00")[0] == 0
    total = len(Manifest.from_bytes((project.site / MANIFEST).read_bytes()).files)
    results.clear()
    project.write("directory/etablissements/hopital-test.yml",
                  ESTABLISHMENT_YML.replace("02 61 91 01 10", "02 61 91 01 15"))
    assert publish(project, hosts, "2026-11-23 12:00")[0] == 0
    assert [r.mirror.name for r in results] == ["partage", "ars"]
    for result in results:
        assert 0 < result.sent < total / 3, (result.mirror.name, result.sent, total)
        assert result.sent + result.unchanged >= total
    reports = verify_mirrors([str(hosts["public_folder"]), str(hosts["public_dav"])],
                             reference(project), NOW)
    assert [r.verdict for r in reports] == [Verdict.CURRENT, Verdict.CURRENT]


@pytest.mark.parametrize(("dies_after", "verdict"), [(1, Verdict.CURRENT),
                                                   (3, Verdict.TAMPERED)])
def test_a_dead_mirror_does_not_stop_the_others(project: Project, hosts: dict[str, object],
                                                capsys: pytest.CaptureFixture[str],
                                                dies_after: int, verdict: Verdict) -> None:
    """The WebDAV server dies mid-upload: the folder is still updated, exit code 1. New
    files go first, so dying then leaves the previous version whole; dying later, while
    files are replaced in place, leaves a mix that `portal verify` names file by file."""
    assert publish(project, hosts, "2026-11-22 12:00")[0] == 0
    old = reference(project)
    project.write("directory/etablissements/hopital-test.yml",
                  ESTABLISHMENT_YML.replace("02 61 91 01 10", "02 61 91 01 15"))
    dav_root = hosts["dav_root"]
    assert isinstance(dav_root, Path)
    with webdav_server(dav_root, die_after_puts=dies_after) as dying:
        hosts["dav"] = dying
        capsys.readouterr()
        code, _ = publish(project, hosts, "2026-11-23 12:00")
    out = capsys.readouterr()
    assert code == 1
    assert "1 miroir(s) à jour, 1 en échec" in out.out
    assert "[ars] ÉCHEC" in out.err
    served = Manifest.from_bytes((dav_root / MANIFEST).read_bytes())
    assert old.manifest is not None and served.build == old.manifest.build
    (report,) = verify_mirrors([str(hosts["public_dav"])], old, NOW)
    assert report.verdict is verdict, report.problems
    assert len(report.altered) <= dies_after - 1
    (folder,) = verify_mirrors([str(hosts["public_folder"])], reference(project), NOW)
    assert folder.verdict is Verdict.CURRENT


def test_folder_mirror_fails_whole_or_not_at_all(project: Project, hosts: dict[str, object],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk error while copying leaves the folder serving its previous complete version."""
    assert publish(project, hosts, "2026-11-22 12:00")[0] == 0
    old = reference(project)
    project.write("directory/etablissements/hopital-test.yml",
                  ESTABLISHMENT_YML.replace("02 61 91 01 10", "02 61 91 01 15"))
    calls = {"n": 0}
    real_copy = shutil.copy2

    def failing_copy(src: object, dst: object) -> object:
        calls["n"] += 1
        if calls["n"] > 3:
            raise OSError(28, "No space left on device")
        return real_copy(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr("generator.publish.folder.shutil.copy2", failing_copy)
    assert publish(project, hosts, "2026-11-23 12:00")[0] == 1
    (report,) = verify_mirrors([str(hosts["public_folder"])], old, NOW)
    assert report.verdict is Verdict.CURRENT  # the old version, whole


def test_mirrors_file_is_checked_with_lines(tmp_path: Path) -> None:
    """Unknown kinds, missing targets and passwords written in the file are refused."""
    path = tmp_path / "miroirs.yml"
    path.write_text("miroirs:\n  - nom: a\n    type: ftp\n    cible: x\n"
                    "  - nom: b\n    type: webdav\n    mot_de_passe: hunter2\n")
    mirrors, problems = load_mirrors(path, tmp_path)
    assert mirrors == []
    assert [(p.line, p.code) for p in problems] == [
        (3, "field.choice"), (5, "field.missing"), (7, "field.extra_forbidden")]
    assert "aucun secret" in problems[2].message and "variable" in problems[2].hint


def test_publish_to_s3_compatible_storage(project: Project, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """moto's S3 server: pages served with their types, verified current, then only the
    changed objects sent on the next publish."""
    import boto3
    import httpx

    from tests.servers import s3_server

    sign_builds(monkeypatch)
    monkeypatch.setenv("S3_KEY", "testing")
    monkeypatch.setenv("S3_SECRET", "testing")
    with s3_server() as endpoint:
        admin = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="testing",
                             aws_secret_access_key="testing", region_name="us-east-1")
        admin.create_bucket(Bucket="portail")
        admin.put_bucket_policy(Bucket="portail", Policy=json.dumps({  # a public website
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::portail/*"}]}))
        project.write("miroirs.yml", f"""\
            miroirs:
              - nom: stockage
                type: s3
                cible: s3://portail/crise/
                point_d_acces: {endpoint}
                url_publique: {endpoint}/portail/crise/
                variable_identifiant: S3_KEY
                variable_mot_de_passe: S3_SECRET
            """)
        assert project.portal("build") == 0
        assert project.portal("publish") == 0, capsys.readouterr()
        public = f"{endpoint}/portail/crise/"
        page = httpx.get(public + "services/cardiologie.html")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        (report,) = verify_mirrors([public], reference(project), NOW)
        assert report.verdict is Verdict.CURRENT, report.problems
        project.write("directory/etablissements/hopital-test.yml",
                      ESTABLISHMENT_YML.replace("02 61 91 01 10", "02 61 91 01 15"))
        assert project.portal("build") == 0
        capsys.readouterr()
        assert project.portal("publish") == 0
        summary = capsys.readouterr().out
        sent = int(summary.splitlines()[1].split()[3])
        total = len(Manifest.from_bytes((project.site / MANIFEST).read_bytes()).files)
        assert 0 < sent < total / 3, summary
        (report,) = verify_mirrors([public], reference(project), NOW)
        assert report.verdict is Verdict.CURRENT


def test_publish_by_rsync_over_ssh_switches_in_one_step(project: Project, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    """A real sshd on loopback: the live folder is a link switched at once; the next
    publish sends only changed files; a lost server leaves the live version whole."""
    import getpass

    from tests.browser import require
    from tests.servers import SSHD, ssh_server

    require(SSHD, "OpenSSH (serveur)")
    require("/usr/bin/rsync", "rsync")
    target = tmp_path / "www" / "portail"
    target.parent.mkdir()
    with ssh_server(tmp_path / "ssh") as (port, key), \
            serve_directory(target.parent) as www:
        monkeypatch.setenv("PARTNER_SSH_KEY", str(key))
        project.write("miroirs.yml", f"""\
            miroirs:
              - nom: partenaire
                type: rsync
                cible: {getpass.getuser()}@127.0.0.1:{target}
                port_ssh: {port}
                variable_cle_ssh: PARTNER_SSH_KEY
                url_publique: {www}/portail/
            """)
        assert project.portal("build") == 0
        assert project.portal("publish") == 0, capsys.readouterr()
        assert target.is_symlink()
        (report,) = verify_mirrors([f"{www}/portail/"], reference(project), NOW)
        assert report.verdict is Verdict.CURRENT, report.problems
        first = target.resolve()
        project.write("directory/etablissements/hopital-test.yml",
                      ESTABLISHMENT_YML.replace("02 61 91 01 10", "02 61 91 01 15"))
        assert project.portal("build") == 0
        capsys.readouterr()
        assert project.portal("publish") == 0
        summary = capsys.readouterr().out
        total = len(Manifest.from_bytes((project.site / MANIFEST).read_bytes()).files)
        assert 0 < int(summary.splitlines()[1].split()[3]) < total / 3, summary
        assert target.resolve() != first
        (report,) = verify_mirrors([f"{www}/portail/"], reference(project), NOW)
        assert report.verdict is Verdict.CURRENT
        live = reference(project)
    # The server is gone: publishing fails, the live version is untouched and complete.
    project.write("directory/etablissements/hopital-test.yml", ESTABLISHMENT_YML)
    assert project.portal("build") == 0
    assert project.portal("publish") == 1
    with serve_directory(target.parent) as www:
        (report,) = verify_mirrors([f"{www}/portail/"], live, NOW)
    assert report.verdict is Verdict.CURRENT


def test_publish_tout_repairs_a_copy_altered_by_hand(project: Project,
                                                    hosts: dict[str, object]) -> None:
    """Someone edits a page on the mirrors: `portal publish --tout` puts the build back."""
    assert publish(project, hosts, "2026-11-23 12:00")[0] == 0
    dav_root = hosts["dav_root"]
    folder = hosts["folder"]
    assert isinstance(dav_root, Path) and isinstance(folder, Path)
    for root in (dav_root, folder):
        page = root / "services/cardiologie.html"
        page.write_text(page.read_text("utf-8").replace("02 61 91 01 10", "02 61 91 66 66"))
    urls = [str(hosts["public_folder"]), str(hosts["public_dav"])]
    assert {r.verdict for r in verify_mirrors(urls, reference(project), NOW)} == {
        Verdict.TAMPERED}
    assert project.portal("publish", "--tout", now="2026-11-23 12:00") == 0
    assert {r.verdict for r in verify_mirrors(urls, reference(project), NOW)} == {
        Verdict.CURRENT}


def test_publish_without_mirrors_file_says_what_to_do(project: Project,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    """No miroirs.yml: a one-line error naming the example to copy, exit code 1."""
    assert project.portal("build") == 0
    assert project.portal("publish") == 1
    assert "miroirs.yml:1: erreur : fichier des miroirs introuvable" in capsys.readouterr().err

"""`portal publish` trusts nothing read from a mirror: a mirror's manifest names files to
delete only when our key signed it, every request stays under the target, and a folder
mirror writes and removes nothing outside the target and its `.versions` sibling."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from generator.manifest import MANIFEST, SIGNATURE, Manifest, new_key
from generator.publish import load_mirrors
from generator.verify import Reference, Verdict, verify_mirrors
from tests.browser import serve_directory
from tests.conftest import ESTABLISHMENT_YML, Project, tree_snapshot
from tests.servers import PASSWORD, USER, webdav_server
from tests.test_publish import sign_builds
from tests.test_verify import NOW

pytestmark = pytest.mark.slow

CHANGED = ESTABLISHMENT_YML.replace("02 61 91 01 10", "02 61 91 01 15")


def dav_mirror(dav: str) -> str:
    return f"""\
miroirs:
  - nom: ars
    type: webdav
    cible: {dav}crise/ghvf/
    variable_identifiant: DAV_USER
    variable_mot_de_passe: DAV_PASSWORD
"""


def forged(published: bytes, files: dict[str, int]) -> bytes:
    """The mirror's manifest with files added by whoever can write to the mirror."""
    data = json.loads(published)
    data["files"].update({path: {"sha256": "0" * 64, "size": size}
                          for path, size in files.items()})
    return json.dumps(data).encode()


def other_key_signature(raw: bytes) -> bytes:
    return base64.b64encode(new_key().sign(raw)) + b"\n"


ATTACKS = {
    "climbing paths, unsigned": ({"../../important.html": 1,
                                  "../autre-service.html": 1}, None),
    "encoded climbing, unsigned": ({"%2e%2e/%2e%2e/important.html": 1}, None),
    "absolute and URL paths, unsigned": ({"/important.html": 1, "https://evil/": 1}, None),
    "plain path, unsigned": ({"rapport-interne.html": 1}, None),
    "plain path, signed by another key": ({"rapport-interne.html": 1}, other_key_signature),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_forged_mirror_manifest_deletes_nothing(project: Project, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str],
                                                  attack: str) -> None:
    """A manifest written on the WebDAV mirror by someone else (hostile paths, or a plain
    path without our signature): the next publish sends everything, deletes none of the
    files it lists, and sends every request under the target."""
    sign_builds(monkeypatch)
    monkeypatch.setenv("DAV_USER", USER)
    monkeypatch.setenv("DAV_PASSWORD", PASSWORD)
    root = tmp_path / "dav"
    (root / "crise/ghvf").mkdir(parents=True)
    bystanders = {"important.html": b"<p>autre site</p>",
                  "crise/autre-service.html": b"<p>autre service</p>",
                  "crise/ghvf/rapport-interne.html": b"<p>pas du portail</p>"}
    for path, body in bystanders.items():
        (root / path).write_bytes(body)
    log: list[tuple[str, str, str]] = []
    files, sign = ATTACKS[attack]
    with webdav_server(root, log=log) as dav:
        project.write("miroirs.yml", dav_mirror(dav))
        assert project.portal("build") == 0
        assert project.portal("publish") == 0, capsys.readouterr()
        mirror_manifest = root / "crise/ghvf" / MANIFEST
        raw = forged(mirror_manifest.read_bytes(), files)
        mirror_manifest.write_bytes(raw)
        if sign:
            (root / "crise/ghvf" / SIGNATURE).write_bytes(sign(raw))
        project.write("directory/etablissements/hopital-test.yml", CHANGED)
        assert project.portal("build") == 0
        capsys.readouterr()
        log.clear()
        assert project.portal("publish") == 0
    err = capsys.readouterr().err
    assert "[ars] manifeste du miroir ignoré" in err and "rien n'est supprimé" in err
    assert {path: (root / path).read_bytes() for path in bystanders} == bystanders
    assert log and all(path.startswith("/crise/ghvf/") for _, path, _ in log), log
    assert not [entry for entry in log if entry[0] == "DELETE"]
    with serve_directory(root) as www:
        (report,) = verify_mirrors([f"{www}/crise/ghvf/"],
                                   Reference(Manifest.from_bytes(
                                       (project.site / MANIFEST).read_bytes())), NOW)
    assert report.verdict is Verdict.CURRENT, report.problems


def test_a_signed_mirror_manifest_still_removes_stale_files(project: Project, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """Our own signed manifest is trusted: a page removed from the site is deleted from
    the mirror, and only that page (in both languages of the build)."""
    sign_builds(monkeypatch)
    monkeypatch.setenv("DAV_USER", USER)
    monkeypatch.setenv("DAV_PASSWORD", PASSWORD)
    root = tmp_path / "dav"
    (root / "crise/ghvf").mkdir(parents=True)
    log: list[tuple[str, str, str]] = []
    with webdav_server(root, log=log) as dav:
        project.write("miroirs.yml", dav_mirror(dav))
        project.write("content/page-retiree.md", "# Page retirée\n\nBientôt supprimée.\n")
        assert project.portal("build") == 0
        assert project.portal("publish") == 0
        assert (root / "crise/ghvf/page-retiree.html").is_file()
        (project.root / "content/page-retiree.md").unlink()
        assert project.portal("build") == 0
        log.clear()
        assert project.portal("publish") == 0
    deleted = [path for method, path, _ in log if method == "DELETE"]
    assert sorted(deleted) == ["/crise/ghvf/en/page-retiree.html",
                               "/crise/ghvf/page-retiree.html"], log
    assert not (root / "crise/ghvf/page-retiree.html").exists()


def test_credentials_in_a_target_are_refused_without_echoing_them(tmp_path: Path) -> None:
    """`cible: https://user:password@…` (and s3://key:secret@…) is an error on its line,
    and the password appears nowhere in the message."""
    path = tmp_path / "miroirs.yml"
    path.write_text("miroirs:\n"
                    "  - nom: a\n    type: webdav\n    cible: https://ars:hunter2@dav.example/c/\n"
                    "  - nom: b\n    type: s3\n    cible: s3://AKIA:hunter2@seau/c/\n"
                    "  - nom: c\n    type: webdav\n    cible: https://ars@dav.example/c/\n")
    mirrors, problems = load_mirrors(path, tmp_path)
    assert mirrors == []
    assert [(p.line, p.code) for p in problems] == [
        (4, "field.mirror.target"), (7, "field.mirror.target"), (10, "field.mirror.target")]
    assert "identifiants" in problems[0].message
    assert all("hunter2" not in p.format() for p in problems)


@pytest.mark.parametrize(("kind", "target"), [
    ("dossier", "../portail"), ("dossier", "/"), ("dossier", "/srv/www/../../etc"),
    ("dossier", "https://dav.example/"), ("webdav", "ftp://dav.example/"),
    ("webdav", "https://dav.example/a/../../"), ("webdav", "https://dav.example/?x=1"),
    ("s3", "s3://Mon_Seau/"), ("s3", "https://seau/"), ("s3", "s3://seau/../autre/"),
    ("rsync", "-oProxyCommand=sh:/srv/www"), ("rsync", "serveur:relatif"),
    ("rsync", "serveur:/srv/../etc"), ("rsync", "serveur:/"),
])
def test_targets_that_could_reach_elsewhere_are_refused(tmp_path: Path, kind: str,
                                                        target: str) -> None:
    """Each kind's `cible` has one shape; anything that climbs, is relative, is the root,
    carries a query or could be read as an ssh option is refused on its line."""
    path = tmp_path / "miroirs.yml"
    path.write_text(f"miroirs:\n  - nom: m\n    type: {kind}\n    cible: '{target}'\n")
    mirrors, problems = load_mirrors(path, tmp_path)
    assert mirrors == [] and [(p.line, p.code) for p in problems] == [(4, "field.mirror.target")]


# --- Folder mirrors: never outside the target and .versions -------------------------------


def folder_mirror(project: Project, target: Path) -> None:
    project.write("miroirs.yml", f"miroirs:\n  - nom: partage\n    type: dossier\n"
                                 f"    cible: {target}\n")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files that belong to someone else, beside the shared folder."""
    folder = tmp_path / "ailleurs"
    (folder / "services").mkdir(parents=True)
    (folder / "services/cardiologie.html").write_text("pas au portail")
    (folder / "secret.txt").write_text("à ne pas toucher")
    return folder


def test_links_planted_in_a_folder_mirror_are_never_followed(project: Project, tmp_path: Path,
                                                             outside: Path) -> None:
    """A link inside the live version (file or folder) pointing outside: the file is taken
    from the build; the outside files are neither read into the site nor changed."""
    target = tmp_path / "www" / "portail"
    target.parent.mkdir()
    folder_mirror(project, target)
    assert project.portal("build") == 0
    assert project.portal("publish") == 0
    live = target.resolve()
    (live / "index.html").unlink()
    (live / "index.html").symlink_to(outside / "secret.txt")
    os.rename(live / "services", live / "services-avant")
    (live / "services").symlink_to(outside / "services")
    before = tree_snapshot(outside)
    project.write("directory/etablissements/hopital-test.yml", CHANGED)
    assert project.portal("build") == 0
    assert project.portal("publish") == 0
    assert tree_snapshot(outside) == before
    assert tree_snapshot(target) == tree_snapshot(project.site)
    assert not any(p.is_symlink() for p in target.resolve().rglob("*"))


def test_a_target_link_leading_elsewhere_is_replaced_not_followed(project: Project,
                                                                  tmp_path: Path,
                                                                  outside: Path) -> None:
    """The target made a link to another folder: publish replaces the link and leaves
    that folder as it was."""
    target = tmp_path / "www" / "portail"
    target.parent.mkdir()
    target.symlink_to(outside, target_is_directory=True)
    (outside / MANIFEST).write_text((Path(__file__).parent / "test_manifest.py").read_text())
    before = tree_snapshot(outside)
    folder_mirror(project, target)
    assert project.portal("build") == 0
    assert project.portal("publish") == 0
    assert tree_snapshot(outside) == before
    assert target.resolve().parent.name == ".portail.versions"
    assert tree_snapshot(target) == tree_snapshot(project.site)


def test_a_versions_folder_that_is_a_link_is_refused(project: Project, tmp_path: Path,
                                                     outside: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    """`.portail.versions` made a link elsewhere: publish fails for that mirror, writes
    nothing there, and says which link to remove."""
    target = tmp_path / "www" / "portail"
    target.parent.mkdir()
    (target.parent / ".portail.versions").symlink_to(outside, target_is_directory=True)
    before = tree_snapshot(outside)
    folder_mirror(project, target)
    assert project.portal("build") == 0
    assert project.portal("publish") == 1
    assert ".portail.versions est un lien symbolique" in capsys.readouterr().err
    assert tree_snapshot(outside) == before and not target.exists()


def test_old_versions_linked_elsewhere_are_not_pruned_through(project: Project,
                                                              tmp_path: Path,
                                                              outside: Path) -> None:
    """A link among the kept versions, to a folder elsewhere: pruning never follows it."""
    target = tmp_path / "www" / "portail"
    target.parent.mkdir()
    folder_mirror(project, target)
    assert project.portal("build", now="2026-11-22 12:00") == 0
    assert project.portal("publish", now="2026-11-22 12:00") == 0
    (target.parent / ".portail.versions" / "0000000000000000-1").symlink_to(outside)
    before = tree_snapshot(outside)
    for moment in ("2026-11-23 08:00", "2026-11-23 09:00", "2026-11-23 10:00"):
        assert project.portal("build", now=moment) == 0
        assert project.portal("publish", now=moment) == 0
    assert tree_snapshot(outside) == before
    versions = sorted(p.name for p in (target.parent / ".portail.versions").iterdir())
    assert len(versions) == 3 and "0000000000000000-1" in versions, versions


@pytest.mark.parametrize("tout", [False, True])
def test_a_folder_mirror_with_a_corrupt_manifest_is_repaired(project: Project, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str],
                                                             tout: bool) -> None:
    """`sequence: 1e999` in the live manifest: publish (with or without --tout) ignores it,
    says so, and puts the build back."""
    target = tmp_path / "www" / "portail"
    target.parent.mkdir()
    folder_mirror(project, target)
    assert project.portal("build") == 0
    assert project.portal("publish") == 0
    live = target.resolve() / MANIFEST
    text = live.read_text()
    live.unlink()  # a hard link shared with the version before: write a new file
    live.write_text(text.replace(f'"sequence": {json.loads(text)["sequence"]}',
                                 '"sequence": 1e999'))
    capsys.readouterr()
    assert project.portal("publish", *(["--tout"] if tout else [])) == 0
    assert "manifeste du miroir ignoré (manifeste illisible : « sequence »" in \
        capsys.readouterr().err
    assert tree_snapshot(target) == tree_snapshot(project.site)


def test_a_forged_manifest_on_s3_deletes_nothing(project: Project,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The same skeleton for S3 (moto): climbing keys and plain unsigned ones in the
    bucket's manifest; objects of other prefixes and the listed object all stay."""
    import boto3

    from tests.servers import s3_server

    sign_builds(monkeypatch)
    monkeypatch.setenv("S3_KEY", "testing")
    monkeypatch.setenv("S3_SECRET", "testing")
    bystanders = {"important.html": b"autre site", "crise/autre-service.html": b"autre",
                  "crise/ghvf/rapport-interne.html": b"pas du portail"}
    with s3_server() as endpoint:
        admin = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="testing",
                             aws_secret_access_key="testing", region_name="us-east-1")
        admin.create_bucket(Bucket="portail")
        for key, body in bystanders.items():
            admin.put_object(Bucket="portail", Key=key, Body=body)
        project.write("miroirs.yml", f"""\
            miroirs:
              - nom: stockage
                type: s3
                cible: s3://portail/crise/ghvf/
                point_d_acces: {endpoint}
                variable_identifiant: S3_KEY
                variable_mot_de_passe: S3_SECRET
            """)
        assert project.portal("build") == 0
        assert project.portal("publish") == 0
        for files in ({"../../important.html": 1, "../autre-service.html": 1},
                      {"rapport-interne.html": 1}):
            key = "crise/ghvf/" + MANIFEST
            raw = forged(admin.get_object(Bucket="portail", Key=key)["Body"].read(), files)
            admin.put_object(Bucket="portail", Key=key, Body=raw)
            capsys.readouterr()
            assert project.portal("publish") == 0
            assert "[stockage] manifeste du miroir ignoré" in capsys.readouterr().err
        kept = {key: admin.get_object(Bucket="portail", Key=key)["Body"].read()
                for key in bystanders}
    assert kept == bystanders


@pytest.mark.parametrize("where", ["project", "folder of someone else", "inside the site",
                                   "the site itself"])
def test_a_folder_target_that_is_not_a_copy_is_never_replaced(project: Project,
                                                              outside: Path, where: str,
                                                              capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    """`cible` naming the project, a folder holding other files, or the site itself: that
    mirror fails with a reason, and not one file of that folder or the project changes."""
    assert project.portal("build") == 0
    target = {"project": project.root, "folder of someone else": outside,
              "inside the site": project.site / "services",
              "the site itself": project.site}[where]
    folder_mirror(project, target)
    before = tree_snapshot(project.root), tree_snapshot(outside)
    capsys.readouterr()
    assert project.portal("publish") == 1
    assert f"dossier cible {target} refusé" in capsys.readouterr().err
    assert (tree_snapshot(project.root), tree_snapshot(outside)) == before


@pytest.mark.parametrize("change", ["edited", "deleted"])
def test_a_build_changed_after_it_was_sealed_is_not_published(project: Project, tmp_path: Path,
                                                              change: str,
                                                              capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    """A number edited by hand in site/ after the build (or a page gone): publish names the
    file, sends nothing to any mirror, and says to rebuild."""
    target = tmp_path / "www" / "portail"
    folder_mirror(project, target)
    assert project.portal("build") == 0
    page = next(p for p in sorted((project.site / "services").glob("*.html"))
                if "02 61 91" in p.read_text("utf-8"))
    if change == "edited":
        page.write_text(page.read_text("utf-8").replace("02 61 91", "08 99 91", 1), "utf-8")
    else:
        page.unlink()
    capsys.readouterr()
    assert project.portal("publish") == 1
    err = capsys.readouterr().err
    assert f"Publication impossible : site/services/{page.name} " in err
    assert "relancez « portal build », rien n'a été envoyé" in err
    assert not target.exists() and not (target.parent / ".portail.versions").exists()

"""Every kind of published file reaches S3 and WebDAV with the Content-Type browsers need,
from one table, without touching Python's process-wide `mimetypes`."""

from __future__ import annotations

import mimetypes
from pathlib import Path

import pytest

from generator.publish.content_types import content_type
from tests.conftest import Project
from tests.servers import PASSWORD, USER, webdav_server
from tests.test_publish import sign_builds

EXPECTED = {
    "index.html": "text/html; charset=utf-8",
    "assets/stylesheets/main.css": "text/css; charset=utf-8",
    "assets/javascripts/bundle.js": "text/javascript; charset=utf-8",
    "manifest.json": "application/json",
    "sitemap.xml": "application/xml; charset=utf-8",
    "communiques/atom.xml": "application/atom+xml; charset=utf-8",
    "sitemap.xml.gz": "application/gzip",
    "copie-hors-ligne.zip": "application/zip",
    "fichiers/logo.svg": "image/svg+xml",
    "fichiers/photo.png": "image/png",
    "fichiers/icone.ico": "image/vnd.microsoft.icon",
    "fichiers/police.woff2": "font/woff2",
    "manifest.json.sig": "text/plain; charset=utf-8",
    "_headers": "text/plain; charset=utf-8",
    "entetes-securite/nginx.conf": "text/plain; charset=utf-8",
    "fichiers/inconnu.xyz": "application/octet-stream",
}
"""One file of each kind a portal publishes (or may), and the type it must be served with."""


@pytest.mark.parametrize("path", list(EXPECTED))
def test_each_kind_of_file_has_its_type(path: str) -> None:
    """The table gives each kind its type; a compressed sitemap stays gzip, not XML."""
    assert content_type(path) == EXPECTED[path]


def test_publishing_leaves_python_mimetypes_alone() -> None:
    """Importing the publishers changes no process-wide guess (sitemap.xml stays XML)."""
    before = {name: mimetypes.guess_type(name) for name in ("sitemap.xml", "a.js", "a.gz")}
    import generator.publish.s3
    import generator.publish.webdav  # noqa: F401

    assert {name: mimetypes.guess_type(name) for name in before} == before
    assert mimetypes.guess_type("sitemap.xml")[0] != "application/atom+xml"


def kind_of(path: str) -> str:
    """The EXPECTED key standing for a real path of the build (hashed asset names)."""
    for sample in EXPECTED:
        if path == sample or (Path(path).suffix == Path(sample).suffix
                              and sample.startswith("assets/") and path.startswith("assets/")):
            return sample
    return ""


NOT_IN_A_BUILD = {"fichiers/logo.svg"}
"""`portal check` refuses SVG files in content/ (a browser opening one runs its scripts):
the table still types them, for a theme that ships one."""


def project_with_every_kind(project: Project) -> None:
    for name in ("icone.ico", "photo.png", "police.woff2", "inconnu.xyz"):
        project.write(f"content/fichiers/{name}", "x")


@pytest.mark.slow
def test_webdav_and_s3_receive_each_kind_with_its_type(project: Project, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A real build published to wsgidav and to moto's S3: each kind arrives with its
    type (what WebDAV received in the PUT, what S3 serves back)."""
    import boto3

    from tests.servers import s3_server

    sign_builds(monkeypatch)
    project_with_every_kind(project)
    monkeypatch.setenv("DAV_USER", USER)
    monkeypatch.setenv("DAV_PASSWORD", PASSWORD)
    monkeypatch.setenv("S3_KEY", "testing")
    monkeypatch.setenv("S3_SECRET", "testing")
    (tmp_path / "dav").mkdir()
    log: list[tuple[str, str, str]] = []
    with webdav_server(tmp_path / "dav", log=log) as dav, s3_server() as endpoint:
        admin = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="testing",
                             aws_secret_access_key="testing", region_name="us-east-1")
        admin.create_bucket(Bucket="portail")
        project.write("miroirs.yml", f"""\
            miroirs:
              - nom: ars
                type: webdav
                cible: {dav}
                variable_identifiant: DAV_USER
                variable_mot_de_passe: DAV_PASSWORD
              - nom: stockage
                type: s3
                cible: s3://portail/crise/
                point_d_acces: {endpoint}
                variable_identifiant: S3_KEY
                variable_mot_de_passe: S3_SECRET
            """)
        assert project.portal("build") == 0
        assert project.portal("publish") == 0
        received = {path.lstrip("/"): kind for method, path, kind in log if method == "PUT"}
        stored = {obj["Key"].removeprefix("crise/"): admin.head_object(
            Bucket="portail", Key=obj["Key"])["ContentType"]
            for obj in admin.list_objects_v2(Bucket="portail")["Contents"]}
    assert set(received) == set(stored) == {p.relative_to(project.site).as_posix()
                                            for p in project.site.rglob("*") if p.is_file()}
    covered = set()
    for path in received:
        sample = kind_of(path)
        if sample:
            covered.add(sample)
            assert (received[path], stored[path]) == (EXPECTED[sample],) * 2, path
    assert covered == set(EXPECTED) - NOT_IN_A_BUILD, sorted(set(EXPECTED) - covered)

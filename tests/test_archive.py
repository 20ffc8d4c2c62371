"""The offline copy: one folder inside, every file pages use, the same bytes every time."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from generator.archive import ARCHIVE_NAME, FOLDER, write_offline_archive
from generator.clock import PARIS

MOMENT = dt.datetime(2026, 11, 23, 12, 0, tzinfo=PARIS)


def fake_site(root: Path) -> Path:
    (root / "services").mkdir(parents=True)
    (root / "index.html").write_text("<h1>Accueil</h1>")
    (root / "services" / "a.html").write_text("<h1>A</h1>")
    return root


def test_archive_holds_every_file_under_one_folder(tmp_path: Path) -> None:
    """Unzipping gives `portail-hors-ligne/` with the site inside, and not the zip itself."""
    archive = write_offline_archive(fake_site(tmp_path / "site"), MOMENT)
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.namelist() == [f"{FOLDER}/index.html", f"{FOLDER}/services/a.html"]
        assert zipped.read(f"{FOLDER}/services/a.html") == b"<h1>A</h1>"
    assert archive.name == ARCHIVE_NAME


def test_archive_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    """Same site, same moment: the same bytes, whatever the files' own dates."""
    first = write_offline_archive(fake_site(tmp_path / "one"), MOMENT).read_bytes()
    second_site = fake_site(tmp_path / "two")
    (second_site / "index.html").touch()
    assert write_offline_archive(second_site, MOMENT).read_bytes() == first
    # Rebuilding in place (the zip already there) does not put the zip inside itself.
    assert write_offline_archive(second_site, MOMENT).read_bytes() == first


def test_archive_leaves_out_files_for_hosts_and_robots(tmp_path: Path) -> None:
    """Security headers, sitemaps and a host's 404 pages stay out; every other file goes in,
    a file no rule names included."""
    site = fake_site(tmp_path / "site")
    (site / "entetes-securite").mkdir()
    for name in ("_headers", "entetes-securite/nginx.conf", "sitemap.xml", "sitemap.xml.gz",
                 "robots.txt", "404.html", "404-crise-ghvf.html", "assets-nouveaux.css"):
        (site / name).write_text("x")
    with zipfile.ZipFile(write_offline_archive(site, MOMENT)) as zipped:
        assert zipped.namelist() == [f"{FOLDER}/{name}" for name in (
            "assets-nouveaux.css", "index.html", "services/a.html")]


def test_pages_in_the_archive_do_not_offer_the_archive(tmp_path: Path) -> None:
    """The home page's download paragraph is dropped; any other link to the zip keeps its text
    but is no link: the copy holds no link to a file it does not hold."""
    site = fake_site(tmp_path / "site")
    (site / "index.html").write_text(
        '<p><a href="a.html">Avant</a></p>\n'
        f'<p><a href="{ARCHIVE_NAME}" download>Télécharger une copie (zip)</a> : à '
        "décompresser, puis ouvrir <code>index.html</code>.</p>\n<p>Après</p>")
    (site / "services" / "a.html").write_text(
        f'<li>Voir <a href="../{ARCHIVE_NAME}">la copie</a>.</li>')
    with zipfile.ZipFile(write_offline_archive(site, MOMENT)) as zipped:
        assert zipped.read(f"{FOLDER}/index.html").decode() == (
            '<p><a href="a.html">Avant</a></p>\n<p>Après</p>')
        assert zipped.read(f"{FOLDER}/services/a.html").decode() == "<li>Voir la copie.</li>"
    assert f'href="{ARCHIVE_NAME}"' in (site / "index.html").read_text()  # the site keeps it

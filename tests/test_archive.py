"""The offline copy: one folder inside, every file of the site, the same bytes every time."""

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

"""The build's dates come from git; when git cannot give them, the reason is said in French."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator.clock import data_epoch

COMMITTED = 1795000000
"""A fixed commit date (November 2026), so that the expected epoch is known."""


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_AUTHOR_DATE": f"@{COMMITTED} +0100", "GIT_COMMITTER_DATE": f"@{COMMITTED} +0100"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def data_repository(root: Path, commits: int = 1) -> Path:
    root.mkdir(exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    for number in range(commits):
        (root / "directory").mkdir(exist_ok=True)
        (root / "directory" / "groupe.yml").write_text(f"nom: Groupe {number}\n")
        git(root, "add", "directory")
        git(root, "commit", "-q", "-m", f"données {number}")
    return root


def test_committed_data_gives_the_commit_date_and_no_warning(tmp_path: Path) -> None:
    """The normal case: the last commit touching the data dates the site, silently."""
    epoch = data_epoch(data_repository(tmp_path / "projet"))
    assert epoch.seconds == COMMITTED and epoch.warning is None


def test_not_a_repository_is_said(tmp_path: Path) -> None:
    """A copied folder: the clock is used, and the build says builds will differ."""
    epoch = data_epoch(tmp_path)
    assert epoch.seconds is None
    assert epoch.warning is not None
    assert "le projet n'est pas un dépôt git" in epoch.warning
    assert "seule une reconstruction pour le même moment (--now)" in epoch.warning


def test_missing_git_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No git program on the build machine (PATH without it)."""
    root = data_repository(tmp_path / "projet")
    monkeypatch.setenv("PATH", str(tmp_path / "vide"))
    epoch = data_epoch(root)
    assert epoch.seconds is None and epoch.warning is not None
    assert "git n'est pas installé" in epoch.warning


def test_repository_without_a_data_commit_is_said(tmp_path: Path) -> None:
    """`git init` done, nothing committed yet."""
    root = tmp_path / "projet"
    root.mkdir()
    git(root, "init", "-q")
    epoch = data_epoch(root)
    assert epoch.seconds is None and epoch.warning is not None
    assert "aucun commit git ne contient encore directory/ ni content/" in epoch.warning


def test_uncommitted_data_is_said(tmp_path: Path) -> None:
    """Edited but not committed: the site matches no commit and cannot be rebuilt as is."""
    root = data_repository(tmp_path / "projet")
    (root / "directory" / "groupe.yml").write_text("nom: Groupe modifié\n")
    epoch = data_epoch(root)
    assert epoch.seconds == COMMITTED and epoch.warning is not None
    assert "modifications non enregistrées dans git" in epoch.warning
    (root / "directory" / "groupe.yml").write_text("nom: Groupe 0\n")
    (root / "directory" / "nouveau.yml").write_text("nom: x\n")  # a new file counts too
    assert "non enregistrées" in (data_epoch(root).warning or "")


def test_shallow_clone_is_said(tmp_path: Path) -> None:
    """CI without fetch-depth: 0: dates may come from a commit that did not touch the data."""
    origin = data_repository(tmp_path / "origine", commits=2)
    git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), "clone")
    epoch = data_epoch(tmp_path / "clone")
    assert epoch.seconds == COMMITTED and epoch.warning is not None
    assert "clone superficiel" in epoch.warning and "fetch-depth: 0" in epoch.warning

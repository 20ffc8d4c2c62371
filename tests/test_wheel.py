"""Acceptance test of issue 9: the wheel alone, in a new environment, starts a hospital's portal.

Build the wheel from this repository, install it (no `-e`) into a new virtual environment
outside the repository, then, from a folder outside the repository: `portal init`, fill
the blanks, `portal check`, `portal build`. The site shows the new hospital's name and
none of the sample group's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.filling import fill_blanks, remaining_blanks
from tests.test_init import sample_names_in
from tests.wheel import build_wheel

pytestmark = pytest.mark.slow

NAME = "Centre hospitalier de l'Estuaire"
NOW = "2026-11-23 12:00"


def run(command: list[str | Path], cwd: Path, timeout: int, what: str) -> str:
    """Run `command`; on failure or timeout, fail saying `what` and showing its output."""
    # Nothing from this repository's environment may leak into the new one.
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PORTAL_NOW")}
    try:
        done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, timeout=timeout,
                              capture_output=True, text=True, check=False)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{what}: still running after {timeout} s\n{exc.stdout}\n{exc.stderr}")
    if done.returncode != 0:
        pytest.fail(f"{what}: exit {done.returncode}\n--- stdout\n{done.stdout[-4000:]}"
                    f"\n--- stderr\n{done.stderr[-4000:]}")
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment, outside the repository, with only the wheel installed."""
    root = tmp_path_factory.mktemp("wheel")
    assert not root.is_relative_to(REPO)
    wheel = build_wheel(root)
    run([sys.executable, "-m", "venv", root / "venv"], root, 300, "creating the venv")
    run([root / "venv/bin/python", "-m", "pip", "install", "--quiet", wheel], root, 900,
        "installing the wheel and its dependencies from the package index")
    return root


def test_wheel_carries_every_file_the_tool_needs(installed: Path) -> None:
    """The installed package is the wheel's copy, with templates, theme, assets, starter,
    and the catalogues of every language."""
    where = run([installed / "venv/bin/python", "-c",
                 "import generator; print(generator.__file__)"], installed, 60, "import")
    package = Path(where.strip()).parent
    assert package.is_relative_to(installed / "venv"), f"imported from {package}"
    for folder in ["templates", "theme/partials/javascripts", "assets", "starter/project", "data",
                   "locale"]:
        shipped = sorted(p.relative_to(package).as_posix()
                         for p in (package / folder).rglob("*") if p.is_file())
        source = sorted(p.relative_to(REPO / "generator").as_posix()
                        for p in (REPO / "generator" / folder).rglob("*")
                        if p.is_file() and "__pycache__" not in p.parts)
        assert shipped == source, f"generator/{folder} not fully in the wheel"


def test_new_portal_from_the_installed_wheel_builds_with_its_own_name(installed: Path) -> None:
    """init → fill → check → build, all with the installed `portal`, outside the repo."""
    portal = installed / "venv/bin/portal"
    work = installed / "hopital"
    work.mkdir()
    out = run([portal, "init", "site-test", "--nom", NAME, "--nom-court", "CH Estuaire",
               "--etablissement", "Hôpital Nord", "--etablissement", "Clinique du Port"],
              work, 120, "portal init")
    assert "Projet créé" in out
    project = work / "site-test"
    assert fill_blanks(project) > 10
    assert remaining_blanks(project) == []
    run([portal, "--now", NOW, "check"], project, 300, "portal check on the filled project")
    run([portal, "--now", NOW, "build"], project, 600, "portal build on the filled project")
    home = (project / "site/index.html").read_text("utf-8")
    assert "Centre hospitalier de l&#39;Estuaire" in home, "the new name is not on the home page"
    assert (project / "site/etablissements/clinique-du-port.html").is_file()
    assert sample_names_in(project) == []

"""docs/mise-en-place.md, followed as a new hospital would: the wheel built from this
repository, installed in a new virtual environment outside it, then every command of the
guide run in order, with the files the guide shows written where it says.

This is the acceptance test of the stand-alone tool: the site it ends with shows only the
new hospital's name, logo and colour, and nothing of the sample group.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import theme_pages
from tests.servers import free_port
from tests.test_identity import MATERIAL_LIBRARY_ICON
from tests.wheel import build_wheel

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "mise-en-place.md"
FENCED = re.compile(r'^```(?P<lang>\w+)(?: title="(?P<title>[^"]+)")?\n(?P<body>.*?)^```$',
                    re.MULTILINE | re.DOTALL)
EXPECTED_EXIT = re.compile(r"code de sortie (\d+)")
BLANK = re.compile(r"\[\s*À COMPLÉTER[^\]]*\]")
LEAF = re.compile(r"^\s*(?P<key>\w+): +\S.*$", re.MULTILINE)
"""A `key: value` line of an « (extrait) » block: replaces the same key in the file."""
STATE_LINES = ("cd ", "export ")
"""Lines that change the shell's state: replayed before every later command."""
SAMPLE_NAMES = ("Vallée-Fictive", "Saint-Aubin", "Bourg-Fictif", "Coteaux", "Genêts", "GHVF")
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        '<rect width="64" height="64" rx="8" fill="#1d4f91"/>'
        '<path d="M26 12h12v14h14v12H38v14H26V38H12V26h14z" fill="#fff"/></svg>\n')
"""The hospital's logo, as its comms team would have it beside the project."""


@dataclass(frozen=True)
class Block:
    lang: str
    title: str | None
    body: str


def guide_blocks() -> list[Block]:
    text = GUIDE.read_text(encoding="utf-8")
    return [Block(m["lang"], m["title"], m["body"]) for m in FENCED.finditer(text)]


def tool_version() -> str:
    with (REPO / "pyproject.toml").open("rb") as file:
        version: str = tomllib.load(file)["project"]["version"]
    return version


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


class GuideRun:
    """A shell session that follows the guide: one command at a time, `cd` and `export`
    replayed before each, in a HOME of its own outside the repository."""

    def __init__(self, base: Path, wheel: Path) -> None:
        self.base, self.wheel = base, wheel
        self.home = base / "home"
        self.home.mkdir()
        self.state: list[str] = []
        self.env = {**os.environ, "HOME": str(self.home), "CI": "true",
                    "PIP_CACHE_DIR": os.environ.get(
                        "PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))}
        self.env.pop("VIRTUAL_ENV", None)
        # The repository's own tools must not answer for the installed ones.
        self.env["PATH"] = os.pathsep.join(
            p for p in self.env["PATH"].split(os.pathsep)
            if not p.startswith(str(REPO)))
        self.outputs: dict[str, list[subprocess.CompletedProcess[str]]] = {}

    @property
    def cwd(self) -> Path:
        script = "; ".join([*self.state, "pwd"])
        done = self._bash(script, timeout=30)
        return Path(done.stdout.strip().splitlines()[-1])

    def _bash(self, script: str, timeout: float) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-c", script], cwd=self.base, env=self.env,
                              capture_output=True, text=True, timeout=timeout)

    def run(self, line: str) -> subprocess.CompletedProcess[str]:
        command = line.split(" #")[0].strip()
        expected = EXPECTED_EXIT.search(line)
        command = command.replace(f'"portail-crise=={tool_version()}"', shlex.quote(str(
            self.wheel)))
        if command.startswith(STATE_LINES):
            self.state.append(command)
            return self._bash("; ".join(self.state), timeout=30)
        if command.startswith("portal serve"):
            return self._serve(command)
        done = self._bash("; ".join([*self.state, command]), timeout=900)
        self.outputs.setdefault(command, []).append(done)
        code = int(expected.group(1)) if expected else 0
        assert done.returncode == code, (
            f"« {command} » (guide) : code {done.returncode}, attendu {code}\n"
            f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done

    def _serve(self, command: str) -> subprocess.CompletedProcess[str]:
        """The live preview answers on the address it prints; stopped as Ctrl+C would."""
        port = free_port()
        script = "; ".join([*self.state, f"exec {command} --dev-addr 127.0.0.1:{port}"])
        process = subprocess.Popen(["bash", "-c", script], cwd=self.base, env=self.env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            page = _wait_for(f"http://127.0.0.1:{port}/")
            assert "Port-Exemple" in page
        finally:
            process.terminate()
            out, err = process.communicate(timeout=30)
        return subprocess.CompletedProcess(command, 0, out, err)


def _wait_for(url: str) -> str:
    deadline = time.monotonic() + 120
    while True:
        try:
            answer = httpx.get(url, timeout=5)
            if answer.status_code == 200:
                return answer.text
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"{url} ne répond pas"
        time.sleep(0.5)


def _write(project: Path, block: Block) -> None:
    """A file the guide shows filled in: written whole, or merged for an « (extrait) »."""
    assert block.title is not None
    path = block.title.split(" (")[0]
    target = project / path
    if "(extrait)" not in block.title:
        target.write_text(block.body, encoding="utf-8")
        return
    text = target.read_text(encoding="utf-8")
    for leaf in LEAF.finditer(block.body):
        pattern = re.compile(rf"^(\s*){re.escape(leaf['key'])}:.*$", re.MULTILINE)
        assert pattern.search(text), f"{path} n'a pas de clé « {leaf['key']} »"
        text = pattern.sub(lambda m, leaf=leaf: f"{m.group(1)}{leaf.group().strip()}", text,
                           count=1)
    target.write_text(text, encoding="utf-8")


def _fill_pages(project: Path) -> None:
    """« Remplacez de même chaque blanc par une phrase » (section 4)."""
    for page in (project / "content").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(BLANK.sub("le 1er décembre 2026", text), encoding="utf-8")


@pytest.fixture(scope="module")
def followed(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Iterator[GuideRun]:
    base = tmp_path_factory.mktemp("poste")
    (base / "logo-charte.svg").write_text(LOGO, encoding="utf-8")
    session = GuideRun(base, wheel)
    for block in guide_blocks():
        if block.lang == "sh":
            for line in block.body.splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    session.run(line)
        elif block.lang == "yaml" and block.title:
            project = session.cwd
            _write(project, block)
            if "(extrait)" in block.title:
                _fill_pages(project)
    yield session


pytestmark = pytest.mark.slow


def test_the_guide_pins_the_version_of_this_tool() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert f'"portail-crise=={tool_version()}"' in text


def test_the_installed_tool_is_the_wheel_outside_the_repository(followed: GuideRun) -> None:
    done = followed._bash("; ".join([*followed.state, "command -v portal"]), timeout=30)
    portal = Path(done.stdout.strip())
    assert portal.is_relative_to(followed.home), portal
    assert not portal.resolve().is_relative_to(REPO)


def test_a_fresh_project_is_refused_with_every_blank_named(followed: GuideRun) -> None:
    first_check = followed.outputs["portal check"][0]
    errors = [line for line in first_check.stderr.splitlines() if ": erreur : " in line]
    assert errors, first_check.stderr
    blank_lines = [line for line in errors if "compléter" in line.lower()]
    assert blank_lines, first_check.stderr
    for line in blank_lines:
        assert re.match(r"^[\w./-]+\.(yml|md):\d+: erreur : ", line), line


def test_the_site_is_the_new_hospitals_only(followed: GuideRun) -> None:
    site = followed.cwd / "site"
    pages = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert len(pages) > 10
    home = pages[site / "index.html"]
    assert "<title>" in home and "Centre hospitalier de Port-Exemple" in home
    assert "CH Port-Exemple" in home
    for path, html in pages.items():
        for name in SAMPLE_NAMES:
            assert name not in html, f"{path.relative_to(site)} : « {name} »"
    assert "#1d4f91" in "".join(p.read_text() for p in site.rglob("*.css")).lower()
    assert not (site / "assets" / "images" / "favicon.png").exists()
    assert (site / "assets/portal/logo.svg").is_file()
    for path in theme_pages(site):  # the printed posters have no logo nor tab icon
        html, where = pages[path], path.relative_to(site)
        assert MATERIAL_LIBRARY_ICON not in html, where
        assert re.search(r'<link rel="icon" href="[^"]*assets/portal/logo\.svg"', html), where
        assert re.search(r'<img src="[^"]*assets/portal/logo\.svg"', html), where


def test_the_drill_runs_from_the_guide_and_prints_its_timings(followed: GuideRun) -> None:
    (drill,) = followed.outputs["portal exercice"]
    report = drill.stdout + drill.stderr
    assert re.search(r"\d+[,.]\d+\s*s", report), report
    assert "construction" in report.lower(), report

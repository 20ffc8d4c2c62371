"""Fixtures that build small, real portal projects in `tmp_path`.

All phone numbers below are in ranges ARCEP reserves for fiction (02 61 91 …, 01 99 00 …).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import os
import shutil
import signal
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from generator.cli import main as portal_main
from generator.clock import PARIS
from generator.engines import ENGINES, MKDOCS
from generator.i18n import languages
from generator.model import Directory
from generator.validate import CheckResult, check_directory

REPO = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=PARIS)
"""Tests run at a fixed moment: dates in the data never drift into "stale" or "ended"."""
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SAMPLE_MOMENT = NOW.strftime("%Y-%m-%d %H:%M")
"""The same moment for `portal --now`: the sample's crisis is in force then."""


def build_sample(site: Path, engine: str = MKDOCS) -> Path:
    """Build the repository's sample portal into `site` at `SAMPLE_MOMENT` with `engine`."""
    assert portal_main(["--project", str(REPO), "--now", SAMPLE_MOMENT, "build",
                        "--site-dir", str(site), "--engine", engine]) == 0
    return site


def require_engine(name: str) -> None:
    """Skip when an engine is not installed, except in CI where that is a failure."""
    if importlib.util.find_spec(name) is None:
        message = f"moteur {name} absent : lancez « make test », qui l'installe"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each supported engine in turn (generator/engines.py)."""
    name: str = request.param
    require_engine(name)
    return name


@pytest.fixture(scope="module", params=ENGINES)
def module_engine(request: pytest.FixtureRequest) -> str:
    """Each supported engine in turn, for a module's site built once per engine."""
    name: str = request.param
    require_engine(name)
    return name


GROUP_YML = """\
nom: Groupe hospitalier de test
urgences:
  - numero: "15"
    nom: SAMU – Centre 15
  - numero: "112"
    nom: Numéro d'urgence européen
  - numero: 02 61 91 10 00
    nom: Urgences de l'hôpital du Test
    etablissement: hopital-test
"""

ESTABLISHMENT_YML = """\
etablissement:
  id: hopital-test
  nom: Hôpital du Test
  adresse: 1 rue de l'Essai, 35990 Testville
  standard: 02 61 91 00 00
services:
  - id: cardiologie
    nom: Consultations de cardiologie
    type: consultation
    specialite: Cardiologie
    telephones:
      - numero: 02 61 91 01 10
        libelle: Rendez-vous
        horaires: lundi-vendredi 08:30-17:00
      - numero: 02 61 91 01 19
        libelle: Ligne réservée aux médecins
        public: non
    mots_cles: [cœur, cardio]
    verifie_le: 2026-11-20
  - id: pneumologie-hospitalisation
    nom: Pneumologie – hospitalisation
    type: hospitalisation
    telephones:
      - numero: 02 61 91 02 20
        libelle: Unité de soins
        horaires: 24h/24
    statut:
      etat: perturbe
      note: Visites limitées.
    verifie_le: 2026-11-21
"""


class Project:
    """A portal project on disk: mkdocs.yml and content/ from the repo, data of the test's own."""

    def __init__(self, root: Path, engine: str = MKDOCS) -> None:
        self.root = root
        self.engine = engine
        """What `portal build` builds with (`--engine`)."""
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        # The sample communiqués are dated: tests that need some write their own.
        shutil.copytree(REPO / "content", root / "content",
                        ignore=shutil.ignore_patterns("communiques"))
        # The sample's page names the sample's group: under the test group, `portal check`
        # would rightly warn of a text copied from another hospital.
        page = root / "content" / "fuite-de-donnees.md"
        page.write_text(page.read_text("utf-8").replace(
            "Groupe hospitalier de la Vallée-Fictive", "Groupe hospitalier de test"), "utf-8")
        self.write("directory/groupe.yml", GROUP_YML)
        self.write("directory/etablissements/hopital-test.yml", ESTABLISHMENT_YML)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def check(self, now: dt.datetime = NOW) -> CheckResult:
        return check_directory(self.root / "directory", self.root, now)

    def portal(self, *args: str, now: str = "2026-11-23 12:00") -> int:
        if args[:1] == ("build",):
            args = (*args, "--engine", self.engine)
        return portal_main(["--project", str(self.root), "--now", now, *args])

    @property
    def site(self) -> Path:
        return self.root / "site"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


@pytest.fixture
def engine_project(tmp_path: Path, engine: str) -> Project:
    """A project built with each supported engine in turn."""
    return Project(tmp_path, engine)


def tree_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, by relative path: equal snapshots mean an untouched folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (review the diff!)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def compare_with_golden(folder: Path, outputs: dict[str, str], update: bool) -> None:
    """Each output equals its reviewed copy in `folder`, and no copy is left over.

    `--update-golden` rewrites the copies that differ (and deletes those no longer made),
    then fails listing them: the new output is reviewed in `git diff` before the next run
    passes, so a bug is never blessed by accident.
    """
    assert outputs, "nothing to compare with the golden copies"
    expected = {p.relative_to(folder).as_posix(): p.read_text("utf-8")
                for p in folder.rglob("*.md")}
    if update:
        rewritten = sorted(path for path, text in outputs.items() if expected.get(path) != text)
        removed = sorted(set(expected) - set(outputs))
        for path in rewritten:
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(outputs[path], encoding="utf-8")
        for path in removed:
            (folder / path).unlink()
        if rewritten or removed:
            pytest.fail(f"golden copies rewritten: {rewritten}, removed: {removed} — review "
                        "`git diff tests/golden`, then run again without --update-golden")
    assert sorted(outputs) == sorted(expected)
    for path, text in outputs.items():
        assert text == expected[path], f"{path} differs: run pytest --update-golden and review"


class Hang(BaseException):
    """A run went past its wall-clock alarm (a `BaseException`: the code under test's
    last-resort `except Exception` guards must not swallow it)."""


@contextlib.contextmanager
def wall_clock_alarm(seconds: int, what: str) -> Iterator[None]:
    """Raise `Hang` in the block once `seconds` have passed: a hang fails the test, not CI."""
    def ring(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"{what} : toujours en cours après {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def theme_pages(site: Path) -> list[Path]:
    """Every page of the site the theme renders (header, banner, menu, tab icon): not the
    whole documents made to leave it — the single-file directory for partners' CMS, the
    status pages partners frame, the A4 posters printed for entrances."""
    from generator.embed import EMBED_FOLDER
    from generator.poster import POSTER
    from generator.standalone import STANDALONE

    poster = POSTER.removesuffix(".html")
    return sorted(p for root in _language_roots(site) for p in root.glob("**/*.html")
                  if p.relative_to(root).parts[0] not in (EMBED_FOLDER, *languages())
                  and p.relative_to(root).as_posix() != STANDALONE
                  and not (p.parent == root and (p.stem == poster
                                                 or p.stem.startswith(poster + "-"))))


def _language_roots(site: Path) -> list[Path]:
    """The site, and each other language's site inside it (en/)."""
    return [site, *(site / lang for lang in languages()[1:] if (site / lang).is_dir())]


def sample_and_site(site: Path) -> tuple[Directory, Path]:
    """The sample's validated directory and its site built into `site`: tests compare what
    a page or a file shows with the data it came from."""
    build_sample(site)
    checked = check_directory(REPO / "directory", REPO, NOW)
    assert checked.directory is not None
    return checked.directory, site

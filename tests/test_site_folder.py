"""The site folder: only an empty folder or a previous build is replaced, in one step, and a
build killed at any moment leaves a whole site behind (real processes, real SIGKILL)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.manifest import MANIFEST, Manifest
from generator.site_folder import (
    TEST_HOOK_VARIABLE,
    SiteFolderRefused,
    _exchange,
    prepare_target,
)
from tests.conftest import REPO, Project, tree_snapshot

pytestmark = pytest.mark.slow

NOW = "2026-11-23 12:00"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A project one level down, so that its parent folder is the test's own."""
    (tmp_path / "projet").mkdir()
    return Project(tmp_path / "projet")


def run_portal(project: Project, *args: str, hook: str = "") -> subprocess.CompletedProcess[str]:
    """`portal build` in its own process, as CI runs it (it can be killed for real)."""
    env = {**os.environ, TEST_HOOK_VARIABLE: hook} if hook else dict(os.environ)
    return subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(project.root),
                           "--now", NOW, "build", *args], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=300, check=False)


def leftovers(folder: Path) -> list[str]:
    """Staging and retired folders of builds, beside the site."""
    return sorted(p.name for p in folder.iterdir() if ".new-" in p.name or ".old-" in p.name)


def _folder_with(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (path / name).write_text(text)
    return path


def _content(p: Project) -> Path:
    return p.root / "content"


def _inside_content(p: Project) -> Path:
    return p.root / "content" / "sortie"


def _yaml_folder(p: Project) -> Path:
    return p.root / "directory"


def _project_itself(p: Project) -> Path:
    return p.root


def _project_parent(p: Project) -> Path:
    return p.root.parent


def _git_folder(p: Project) -> Path:
    return _folder_with(p.root / ".git", {"HEAD": "ref: refs/heads/main\n"})


def _a_file(p: Project) -> Path:
    return p.root / "mkdocs.yml"


def _link_to_content(p: Project) -> Path:
    (p.root / "lien").symlink_to(p.root / "content")
    return p.root / "lien"


def _link_to_project_parent(p: Project) -> Path:
    link = p.root.parent / "raccourci"
    link.symlink_to(p.root.parent)
    return link


def _dangling_link(p: Project) -> Path:
    (p.root / "perdu").symlink_to(p.root / "nulle-part")
    return p.root / "perdu"


def _link_loop(p: Project) -> Path:
    (p.root / "boucle").symlink_to(p.root / "boucle")
    return p.root / "boucle" / "site"


def _documents(p: Project) -> Path:
    return _folder_with(p.root.parent / "documents", {"rapport.odt": "important"})


def _foreign_manifest(p: Project) -> Path:
    return _folder_with(p.root.parent / "autre-outil", {MANIFEST: json.dumps({"name": "x"}),
                                                        "index.html": "<h1>Autre</h1>"})


def _renamed_docs_dir(p: Project) -> Path:
    """mkdocs.yml's own docs_dir (not content/) is protected as well."""
    (p.root / "content").rename(p.root / "pages")
    text = (p.root / "mkdocs.yml").read_text("utf-8").replace("docs_dir: content",
                                                              "docs_dir: pages")
    (p.root / "mkdocs.yml").write_text(text, "utf-8")
    return p.root / "pages" / "sortie"


REFUSED: list[tuple[Callable[[Project], Path], str]] = [
    (_content, "il est dans content/"),
    (_inside_content, "il est dans content/"),
    (_yaml_folder, "il est dans directory/"),
    (_project_itself, "il contient le projet lui-même"),
    (_project_parent, "il contient le projet lui-même"),
    (_git_folder, "il est dans .git/"),
    (_a_file, "c'est un fichier, pas un dossier"),
    (_link_to_content, "il est dans content/"),
    (_link_to_project_parent, "il contient le projet lui-même"),
    (_dangling_link, "lien symbolique vers un dossier qui n'existe pas"),
    (_link_loop, "lien symbolique qui tourne en boucle"),
    (_documents, "ne contient pas de construction précédente du portail (pas de manifest.json)"),
    (_foreign_manifest, "son manifest.json n'est pas un manifeste du portail"),
    (_renamed_docs_dir, "il est dans pages/"),
]


@pytest.mark.parametrize(("target", "reason"), REFUSED, ids=[f.__name__ for f, _ in REFUSED])
def test_a_folder_that_is_not_a_previous_build_is_refused_untouched(
        project: Project, capsys: pytest.CaptureFixture[str],
        target: Callable[[Project], Path], reason: str) -> None:
    """Exit 1, a French line naming the folder and why, and every byte around it kept."""
    site_dir = target(project)
    before = tree_snapshot(project.root.parent)
    assert project.portal("build", "--site-dir", str(site_dir)) == 1
    err = capsys.readouterr().err
    assert f"Échec de la construction : dossier de sortie « {site_dir}" in err
    assert reason in err and "construction précédente du portail" in err
    assert "Traceback" not in err
    assert tree_snapshot(project.root.parent) == before


@pytest.mark.parametrize("given", ["/", "~"])
def test_root_and_home_are_refused(project: Project, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    """`--site-dir /` and `--site-dir ~` (even unexpanded by the shell) delete nothing."""
    home = _folder_with(project.root.parent / "maison", {"photo.jpg": "souvenir"})
    monkeypatch.setenv("HOME", str(home))
    assert project.portal("build", "--site-dir", given) == 1
    err = capsys.readouterr().err
    reason = "la racine du système de fichiers" if given == "/" else "votre dossier personnel"
    assert reason in err
    assert (home / "photo.jpg").read_text() == "souvenir"


def test_an_empty_folder_and_a_previous_build_are_replaced(project: Project) -> None:
    """The two folders a build may replace: an empty one, and one holding a portal build."""
    target = project.root.parent / "public"
    target.mkdir()
    assert project.portal("build", "--site-dir", str(target)) == 0
    Manifest.from_bytes((target / MANIFEST).read_bytes())
    (target / "ancien.html").write_text("old")
    assert project.portal("build", "--site-dir", str(target)) == 0
    assert not (target / "ancien.html").exists()
    assert leftovers(target.parent) == []


def test_a_link_to_a_previous_build_is_followed_and_kept(project: Project) -> None:
    """`site` as a link to the served folder: the folder gets the new site, the link stays."""
    served = project.root.parent / "www"
    assert project.portal("build", "--site-dir", str(served)) == 0
    project.site.symlink_to(served)
    (served / "ancien.html").write_text("old")
    assert project.portal("build") == 0
    assert project.site.is_symlink() and project.site.resolve() == served.resolve()
    assert (served / "index.html").is_file() and not (served / "ancien.html").exists()
    assert leftovers(project.root.parent) == [] and leftovers(project.root) == []


def test_deleting_the_previous_build_never_follows_its_links(project: Project) -> None:
    """A link to the project planted in the old site: the old site goes, the project stays."""
    assert project.portal("build") == 0
    (project.site / "raccourci").symlink_to(project.root)
    before = tree_snapshot(project.root / "directory")
    assert project.portal("build") == 0
    assert tree_snapshot(project.root / "directory") == before
    assert (project.root / "mkdocs.yml").is_file() and not (project.site / "raccourci").exists()


def test_mkdocs_build_refuses_an_unsafe_site_dir_of_mkdocs_yml(project: Project) -> None:
    """`mkdocs build` itself empties site_dir: with our plugin, mkdocs.yml's folder is checked."""
    precious = _folder_with(project.root.parent / "precieux", {"note.txt": "à garder"})
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("site_dir: site",
                                                        "site_dir: ../precieux"), "utf-8")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
                         capture_output=True, text=True, cwd=project.root, timeout=300,
                         check=False)
    assert run.returncode != 0
    assert "site_dir : dossier de sortie « " in run.stderr and "pas de manifest.json" in run.stderr
    assert (precious / "note.txt").read_text() == "à garder"


def test_mkdocs_build_may_rebuild_its_own_output(project: Project) -> None:
    """A site made by `mkdocs build` (unsealed, no manifest) is a previous build too."""
    config = str(project.root / "mkdocs.yml")
    for _ in range(2):
        run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", config],
                             capture_output=True, text=True, cwd=project.root, timeout=300,
                             check=False)
        assert run.returncode == 0, run.stderr
    assert (project.site / "services/cardiologie.html").is_file()


def test_build_killed_between_the_two_renames_is_recovered_by_the_next(
        project: Project) -> None:
    """SIGKILL with the old site moved aside and the new one not in place: the next build,
    even one that fails on the data, puts the previous site back and removes leftovers."""
    assert project.portal("build") == 0
    before = tree_snapshot(project.site)
    killed = run_portal(project, hook="kill-between-renames")
    assert killed.returncode == -signal.SIGKILL
    assert not project.site.exists()
    # The new site, stage (a)'s generated texts beside it, the previous site moved aside.
    assert [name.split("-")[0] for name in leftovers(project.root)] == [
        ".site.new", ".site.new", ".site.old"]
    project.write("directory/etablissements/hopital-test.yml", "etablissement:\n  id: [\n")
    assert project.portal("build") == 1
    assert tree_snapshot(project.site) == before
    assert leftovers(project.root) == []


def test_build_killed_before_the_swap_leaves_the_site_and_cleans_up(project: Project) -> None:
    """SIGKILL with the new site complete beside the old: the old is served, the next build
    removes the dead build's folder."""
    assert project.portal("build") == 0
    before = tree_snapshot(project.site)
    assert run_portal(project, hook="kill-before-swap").returncode == -signal.SIGKILL
    assert tree_snapshot(project.site) == before
    assert len(leftovers(project.root)) == 2  # the new site, stage (a)'s generated texts
    assert project.portal("build") == 0
    assert leftovers(project.root) == []


def test_fallback_swap_replaces_the_site(project: Project) -> None:
    """Where the system cannot exchange two folders, two renames do the same job."""
    assert project.portal("build") == 0
    (project.site / "ancien.html").write_text("old")
    run = run_portal(project, hook="two-renames")
    assert run.returncode == 0, run.stderr
    assert not (project.site / "ancien.html").exists()
    assert leftovers(project.root) == []


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    """renameat2(RENAME_EXCHANGE) on this machine: each name now holds the other's files."""
    first = _folder_with(tmp_path / "a", {"a.txt": "A"})
    second = _folder_with(tmp_path / "b", {"b.txt": "B"})
    assert _exchange(first, second), "RENAME_EXCHANGE unavailable: the fallback is in use"
    assert [p.name for p in first.iterdir()] == ["b.txt"]
    assert [p.name for p in second.iterdir()] == ["a.txt"]


def test_leftovers_of_a_running_build_are_kept(project: Project) -> None:
    """Two builds at once never delete each other's folder: only dead processes' are removed."""
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        (project.root / f".site.new-{alive.pid}-0a1b2c3d").mkdir()
        (project.root / f".site.new-{dead.pid}-0a1b2c3d").mkdir()
        (project.root / f".site.old-{dead.pid}").mkdir()
        assert project.portal("build") == 0
        assert leftovers(project.root) == [f".site.new-{alive.pid}-0a1b2c3d"]
    finally:
        alive.kill()
        alive.wait()


def test_two_builds_at_once_both_succeed_and_leave_a_whole_site(project: Project) -> None:
    """Two real builds racing on the same site/: both succeed, the site matches its manifest."""
    assert project.portal("build") == 0
    command = [sys.executable, "-m", "generator.cli", "--project", str(project.root), "--now",
               NOW, "build"]
    builds = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [b.communicate(timeout=300) for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    manifest = Manifest.from_bytes((project.site / MANIFEST).read_bytes())
    files = {p.relative_to(project.site).as_posix() for p in project.site.rglob("*")
             if p.is_file()} - {MANIFEST}
    assert files == set(manifest.files)
    assert leftovers(project.root) == []


def test_leftover_folders_are_ignored_by_git(tmp_path: Path) -> None:
    """A killed build's folders never show up in `git status` before the next build."""
    for name in (".site.new-4242-0a1b2c3d/index.html", ".site.old-4242/index.html"):
        run = subprocess.run(["git", "-C", str(REPO), "check-ignore", "--no-index", name],
                             capture_output=True, text=True, check=False)
        assert run.stdout.strip() == name, run.stderr


COMPONENTS = ["..", ".", "projet", "content", "directory", ".git", "site", "vide", "documents",
              "www", "lien-projet", "lien-base", "autre", "neuf", "a.md", "~"]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project among neighbours: a previous build, an empty folder, links, foreign folders."""
    base = tmp_path_factory.mktemp("arbre")
    project = base / "projet"
    _folder_with(project, {"mkdocs.yml": "site_name: x\n"})
    _folder_with(project / "content", {"a.md": "# A\n"})
    _folder_with(project / "directory", {"groupe.yml": "nom: x\n"})
    _folder_with(project / ".git", {"HEAD": "ref: refs/heads/main\n"})
    manifest = Manifest("b", 1, dt.datetime(2026, 11, 23, tzinfo=dt.UTC),
                        dt.datetime(2026, 11, 26, tzinfo=dt.UTC), None, {})
    (_folder_with(project / "site", {"index.html": "x"}) / MANIFEST).write_bytes(
        manifest.to_bytes())
    (project / "vide").mkdir()
    _folder_with(base / "documents", {"rapport.odt": "x"})
    _folder_with(base / "autre", {MANIFEST: "{}"})
    (base / "www").symlink_to(project / "site")
    (base / "lien-projet").symlink_to(project)
    (project / "lien-base").symlink_to(base)
    return base


def _inside_or_equal(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.sampled_from(COMPONENTS), min_size=1, max_size=5))
def test_no_path_accepted_reaches_the_project_or_a_foreign_folder(tree: Path,
                                                                   parts: list[str]) -> None:
    """Any path made of dots, links and the project's names: accepted only if (checked here
    another way, with os.path) it touches no source folder and is empty or a build."""
    project = tree / "projet"
    site_dir = project.joinpath(*parts)
    try:
        prepare_target(site_dir, project, [project / "content", project / "directory"])
    except SiteFolderRefused:
        return
    real, root = os.path.realpath(site_dir), os.path.realpath(project)
    assert not _inside_or_equal(root, real), real
    for name in ("content", "directory", ".git"):
        folder = os.path.join(root, name)
        assert not _inside_or_equal(real, folder) and not _inside_or_equal(folder, real), real
    assert not os.path.exists(real) or os.path.isdir(real), real
    if os.path.isdir(real) and os.listdir(real):
        Manifest.from_bytes(Path(real, MANIFEST).read_bytes())

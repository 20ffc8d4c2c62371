"""A build that cannot finish says why in one French sentence, and the previous site stays whole.

Each case is a real `portal build` on a real project: a broken mkdocs.yml, a broken theme
override, a disk that refuses the offline copy, a bug. None may print a traceback, leave a
staging folder behind, or change a byte of the site already published.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.archive import ARCHIVE_NAME
from tests.conftest import REPO, Project, tree_snapshot

pytestmark = pytest.mark.slow

SENTENCE_END = "Le site précédent n'a pas été modifié."


def edit_config(project: Project, old: str, new: str) -> None:
    path = project.root / "mkdocs.yml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def assert_failed_cleanly(project: Project, err: str, before: dict[str, bytes]) -> None:
    """The sentence, no traceback, no English from MkDocs, the site and its folder as before."""
    assert "Échec de la construction : " in err and err.rstrip().endswith(SENTENCE_END), err
    assert "Traceback" not in err and "Config value" not in err and "Aborted" not in err, err
    assert tree_snapshot(project.site) == before
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".site.")] == []


def failing_rebuild(project: Project, capsys: pytest.CaptureFixture[str],
                    change: Callable[[], object]) -> tuple[str, dict[str, bytes]]:
    """Build, make `change`, build again: the second build must fail; its stderr, and the
    first build's files (what must still be there)."""
    assert project.portal("build") == 0
    before = tree_snapshot(project.site)
    change()
    capsys.readouterr()
    assert project.portal("build") == 1
    return capsys.readouterr().err, before


BROKEN_CONFIGS: list[tuple[str, Callable[[Project], None], str]] = [
    ("yaml-syntax", lambda p: edit_config(p, "theme:\n", "theme: [\n"),
     "mkdocs.yml:11: erreur : YAML invalide : crochet [ non refermé"),
    ("unknown-theme", lambda p: edit_config(p, "name: material", "name: materiaux"),
     "mkdocs.yml:10: erreur : le thème « materiaux » n'est pas installé — thèmes disponibles"),
    ("missing-plugin",
     lambda p: edit_config(p, "  - portal:", "  - recherche-magique\n  - portal:"),
     "mkdocs.yml:23: erreur : le plugin « recherche-magique » n'est pas installé"),
    ("plugin-option-type", lambda p: edit_config(p, "directory: directory", "valid_hours: douze"),
     "mkdocs.yml:24: erreur : option « valid_hours » du plugin « portal » : attendu un nombre "
     "entier, reçu un texte"),
    ("option-type",
     lambda p: edit_config(p, "use_directory_urls: false", "use_directory_urls: [1]"),
     "mkdocs.yml:7: erreur : option « use_directory_urls » : attendu oui ou non"),
    ("nav-missing-page", lambda p: edit_config(p, "  - Accueil: index.md\n",
                                               "  - Accueil: index.md\n  - Perdu: perdu.md\n"),
     "mkdocs.yml:37: erreur : le menu (nav) mène à « perdu.md », qui n'existe pas dans content/"),
    ("no-portal-plugin", lambda p: edit_config(p, "  - portal:", "  - portail:"),
     "le plugin « portail » n'est pas installé"),
    ("not-utf8", lambda p: (p.root / "mkdocs.yml").write_bytes(b"site_name: H\xf4pital\n"),
     "mkdocs.yml n'est pas un texte UTF-8"),
    ("missing", lambda p: (p.root / "mkdocs.yml").unlink(),
     "fichier ou dossier introuvable en lisant mkdocs.yml"),
    # Values Material prints as they are, and addresses it would load from elsewhere.
    ("quote-in-site-name",
     lambda p: edit_config(p, "site_name: Information patients",
                           "site_name: 'x\" onmouseover=\"alert(1)\" '\nsite_x: Information"),
     "mkdocs.yml:3: erreur : option « site_name » : caractère « \" » interdit"),
    ("html-in-copyright",
     lambda p: edit_config(p, "extra:\n", "copyright: <img src=x onerror=alert(1)>\nextra:\n"),
     "erreur : option « copyright » : caractère « < » interdit"),
    ("bidi-in-site-name",
     lambda p: edit_config(p, "site_name: Information", "site_name: Info\u202ermation"),
     "mkdocs.yml:3: erreur : option « site_name » : caractère U+202E"),
    ("script-from-elsewhere",
     lambda p: edit_config(p, "extra:\n", "extra_javascript:\n  - https://evil.example/x.js\n"
                                          "extra:\n"),
     "erreur : option « extra_javascript » : « https://evil.example/x.js » est pris sur un "
     "autre site"),
    ("logo-from-elsewhere",
     lambda p: edit_config(p, "  font: false", "  font: false\n  logo: //evil.example/l.png"),
     "mkdocs.yml:13: erreur : option « theme.logo » : « //evil.example/l.png »"),
    ("deep-nesting", lambda p: edit_config(p, "extra:\n", "xx: " + "[" * 50_000 + "\nextra:\n"),
     "erreur : YAML invalide : trop de niveaux imbriqués"),
    ("google-fonts", lambda p: edit_config(p, "  font: false", "  font:\n    text: Roboto"),
     "mkdocs.yml:12: erreur : le thème chargerait ses polices depuis Google"),
]


@pytest.mark.parametrize(("case", "break_config", "expected"), BROKEN_CONFIGS,
                         ids=[c for c, _, _ in BROKEN_CONFIGS])
def test_broken_mkdocs_yml_is_one_french_line_with_its_line(
        engine_project: Project, capsys: pytest.CaptureFixture[str], case: str,
        break_config: Callable[[Project], None], expected: str) -> None:
    """YAML, theme, plugin, option type, nav: file:line and the fix, the site untouched,
    whichever engine builds (ProperDocs logs and fails under its own names)."""
    project = engine_project
    err, before = failing_rebuild(project, capsys, lambda: break_config(project))
    assert f"Échec de la construction : {expected}" in err or expected in err, err
    assert_failed_cleanly(project, err, before)


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/object/new:os.system",
                                 "!<tag:yaml.org,2002:python/object/apply:os.system>"])
def test_a_mkdocs_yml_tag_that_would_run_code_is_refused_before_it_runs(
        project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], tag: str) -> None:
    """MkDocs reads mkdocs.yml with PyYAML's unsafe loader: a `python/object` tag would run
    a command. build, verify and serve refuse it at its line; nothing runs."""
    witness = tmp_path / "ran"
    err, before = failing_rebuild(project, capsys, lambda: edit_config(
        project, "site_dir: site", f"site_dir: {tag} [\"touch {witness}\"]"))
    assert "Échec de la construction : mkdocs.yml:6: erreur : étiquette YAML « !!python/object" \
        in err, err
    assert_failed_cleanly(project, err, before)
    assert project.portal("verify", "http://127.0.0.1:9/") == 2
    assert project.portal("serve") == 1
    assert "mkdocs.yml:6: erreur : étiquette YAML" in capsys.readouterr().err
    assert not witness.exists()


INHERITED = [
    ("not-options", "- une\n- liste\n",
     "mkdocs.yml:1: erreur : INHERIT : « base.yml » n'est pas un fichier d'options"),
    ("missing", None, "mkdocs.yml:1: erreur : INHERIT : le fichier « base.yml » n'existe pas"),
    ("loop", "INHERIT: mkdocs.yml\n",
     "base.yml:1: erreur : INHERIT : « mkdocs.yml » hérite de lui-même (boucle)"),
    ("code-tag", "theme:\n  name: !!python/object/apply:os.system [\"touch {witness}\"]\n",
     "base.yml:2: erreur : étiquette YAML « !!python/object/apply:os.system » refusée"),
]


@pytest.mark.parametrize(("case", "inherited", "expected"), INHERITED,
                         ids=[c for c, _, _ in INHERITED])
def test_an_inherited_config_file_is_checked_like_mkdocs_yml(
        project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str,
        inherited: str | None, expected: str) -> None:
    """`INHERIT:` files are read by the same unsafe loader and merged as options: a missing
    one, a loop, a list, or a code tag in one is a French line at its line; nothing runs,
    the site is kept, and verify and serve refuse it too."""
    witness = tmp_path / "ran"
    config = project.root / "mkdocs.yml"

    def inherit() -> None:
        config.write_text("INHERIT: base.yml\n" + config.read_text("utf-8"), "utf-8")
        if inherited is not None:
            project.write("base.yml", inherited.replace("{witness}", str(witness)))

    err, before = failing_rebuild(project, capsys, inherit)
    assert f"Échec de la construction : {expected}" in err, err
    assert_failed_cleanly(project, err, before)
    assert project.portal("verify", "http://127.0.0.1:9/") == 2
    assert project.portal("serve") == 1
    assert expected in capsys.readouterr().err
    assert not witness.exists()


def test_material_s_documented_name_tags_still_build(project: Project) -> None:
    """`!!python/name:` (Material's emoji options) and `!ENV` imports a name, never calls
    one: still accepted."""
    edit_config(project, "  - admonition\n", "  - admonition\n  - pymdownx.emoji:\n"
                "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    edit_config(project, "site_dir: site", "site_dir: !ENV [PORTAL_NO_SUCH_VARIABLE, site]")
    assert project.portal("build") == 0


def test_broken_theme_override_names_the_template_and_line(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """A Jinja syntax error in the project's theme folder: that file, its line, the site kept."""
    def break_theme() -> None:
        edit_config(project, "  name: material\n",
                    "  name: material\n  custom_dir: surcharges\n")
        project.write("surcharges/partials/footer.html", "<footer>\n  {% if config.copyright %}"
                      "\n  {{ config.copyright }\n</footer>\n")

    err, before = failing_rebuild(project, capsys, break_theme)
    assert "Échec de la construction : surcharges/partials/footer.html:3: erreur : gabarit " in err
    assert_failed_cleanly(project, err, before)


def _limit_file_size(limit: int) -> Callable[[], None]:
    def limit_in_child() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_in_child


def test_disk_refusing_the_offline_copy_fails_cleanly(project: Project) -> None:
    """A real write failure on the zip (RLIMIT_FSIZE in the build's process): a sentence
    naming copie-hors-ligne.zip, no partial file anywhere, the previous site whole."""
    # Incompressible bytes make the zip the biggest file: only its write crosses the limit.
    (project.root / "content/assets").mkdir()
    (project.root / "content/assets/plan.bin").write_bytes(os.urandom(1_500_000))
    assert project.portal("build") == 0
    before = tree_snapshot(project.site)
    sizes = {p.name: p.stat().st_size for p in project.site.rglob("*") if p.is_file()}
    archive = sizes.pop(ARCHIVE_NAME)
    assert max(sizes.values()) < archive  # the zip alone crosses the limit below
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(project.root),
                          "--now", "2026-11-23 12:00", "build"], capture_output=True, text=True,
                         cwd=REPO, timeout=300, check=False,
                         preexec_fn=_limit_file_size((max(sizes.values()) + archive) // 2))
    assert run.returncode == 1, run.stderr
    assert f"en écrivant {ARCHIVE_NAME}" in run.stderr
    assert "fichier trop gros pour ce système de fichiers" in run.stderr
    assert_failed_cleanly(project, run.stderr, before)


def test_disk_refusing_the_generated_pages_fails_cleanly(project: Project) -> None:
    """`portal build` writes its generated pages to a build folder before MkDocs runs: a write
    failure there (RLIMIT_FSIZE) is a sentence saying so, and neither that folder nor any
    file of it is left, in content/ or beside the site."""
    assert project.portal("build") == 0
    before = tree_snapshot(project.site)
    content = tree_snapshot(project.root / "content")
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(project.root),
                          "--now", "2026-11-23 12:00", "build"], capture_output=True, text=True,
                         cwd=REPO, timeout=300, check=False,
                         preexec_fn=_limit_file_size(2_000))
    assert run.returncode == 1, run.stderr
    assert "fichier trop gros pour ce système de fichiers (limite de taille atteinte) en " \
           "écrivant les pages générées" in run.stderr
    assert_failed_cleanly(project, run.stderr, before)
    assert tree_snapshot(project.root / "content") == content


def test_unexpected_error_is_a_sentence_not_a_traceback(
        project: Project, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in the build path (simulated: it cannot be produced on purpose) still ends in the
    sentence, with the exception type for the report, and no staging folder left."""
    def bug(site: Path) -> None:
        raise ZeroDivisionError("division by zero")

    err, before = failing_rebuild(project, capsys, lambda: monkeypatch.setattr(
        "generator.seal.write_header_snippets", bug))
    assert "Échec de la construction : erreur inattendue (ZeroDivisionError : " in err
    assert_failed_cleanly(project, err, before)


def test_no_git_history_warns_that_the_build_is_not_reproducible(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """Outside a git repository, dates come from the clock: the build says so, and succeeds."""
    assert not (project.root / ".git").exists() and "GIT_DIR" not in os.environ
    assert project.portal("build") == 0
    err = capsys.readouterr().err
    assert ("avertissement : dates du site (sitemap, dates des fichiers) prises au moment de la "
            "construction, non à la dernière modification des données, car le projet n'est pas "
            "un dépôt git") in err


def test_a_file_name_mirrors_would_refuse_stops_the_build(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """A page named with a colon builds, but no mirror would accept its manifest: the build
    says which file to rename, instead of every publish failing later."""
    err, before = failing_rebuild(
        project, capsys, lambda: project.write("content/horaires:hiver.md", "# Hiver\n"))
    assert "le site ne pourrait pas être publié sur les miroirs" in err
    assert "horaires:hiver.html" in err and "renommez ce fichier dans content/" in err
    assert_failed_cleanly(project, err, before)


def test_a_sound_inherited_config_file_still_builds(project: Project) -> None:
    """A shared block of options through `INHERIT:` (MkDocs' own feature) keeps working."""
    config = project.root / "mkdocs.yml"
    config.write_text("INHERIT: commun/base.yml\n" + config.read_text("utf-8"), "utf-8")
    project.write("commun/base.yml", "copyright: Groupe hospitalier de test\n")
    assert project.portal("build") == 0
    assert "Groupe hospitalier de test" in (project.site / "index.html").read_text("utf-8")

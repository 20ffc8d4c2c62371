"""`portal init`: a new hospital's project, its blanks, its names escaped, nothing half-written."""

from __future__ import annotations

import errno
import os
import re
import shutil
import zipfile
from html import unescape
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.characters import has_forbidden_characters
from generator.cli import _parser
from generator.cli import main as portal_main
from generator.init import StarterOptions, markdown_text, slugify, starter_files, tool_version
from generator.load import load_yaml_text
from generator.publish import load_mirrors
from tests.conftest import REPO, tree_snapshot
from tests.filling import BLANK, FILLED_ID, fill_blanks, remaining_blanks

NOW = "2026-11-23 12:00"
SAMPLE_NAMES = ["vallée-fictive", "vallee-fictive", "saint-aubin", "ghvf", "bourg-fictif",
                "coteaux", "genêts", "genets"]
"""The sample group's names: none may reach a new hospital's project or site."""
EXPECTED_FILES = [
    ".github/workflows/portail.yml", ".gitignore", ".gitlab-ci.yml", "README.md",
    "content/communiques/.gitkeep", "content/fuite-de-donnees.md",
    "content/infos-pratiques.md", "directory/crise.exemple.yml", "directory/groupe.yml",
    "miroirs.exemple.yml", "mkdocs.yml", "modeles/communique-fuite-de-donnees.md"]
HOSTILE_NAME = 'Hôpital "Nord" : #1 <script>alert(1)</script> & *gras* [lien](javascript:x) {: .x}'


def init(folder: Path, *options: str) -> int:
    return portal_main(["init", str(folder), *options])


def portal(root: Path, *args: str) -> int:
    return portal_main(["--project", str(root), "--now", NOW, *args])


def sample_names_in(folder: Path) -> list[str]:
    """`file: name` for each sample name found in a file of `folder` (zip members included)."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        texts = ([(f"{path.name}!{n}", archive.read(n)) for n in archive.namelist()]
                 if path.suffix == ".zip" and (archive := zipfile.ZipFile(path))
                 else [(str(path.relative_to(folder)), path.read_bytes())])
        for name, data in texts:
            text = data.decode("utf-8", errors="replace").lower()
            found += [f"{name}: {sample}" for sample in SAMPLE_NAMES if sample in text]
    return found


def test_init_writes_every_file_a_portal_needs(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Configuration, group, one establishment, two pages, CI recipes, README: nothing else."""
    assert init(tmp_path / "portail") == 0
    root = tmp_path / "portail"
    written = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert written == sorted([*EXPECTED_FILES, "directory/etablissements/mon-etablissement.yml"])
    assert not (root / "directory/crise.yml").exists()  # normal times: no banner
    out = capsys.readouterr().out
    assert "directory/groupe.yml" in out and "portal check" in out
    assert sample_names_in(root) == []
    assert not BLANK.search((root / "README.md").read_text("utf-8"))  # not a form to fill


def test_establishment_options_give_one_file_each_with_its_id(tmp_path: Path) -> None:
    """`--etablissement` twice: two files named after ids without accents, in that order."""
    assert init(tmp_path / "p", "--etablissement", "Hôpital Saint-Éloi",
                "--etablissement", "Clinique Œuvre d'Été") == 0
    folder = tmp_path / "p/directory/etablissements"
    assert sorted(p.name for p in folder.iterdir()) == ["clinique-oeuvre-d-ete.yml",
                                                       "hopital-saint-eloi.yml"]
    first = yaml.safe_load((folder / "hopital-saint-eloi.yml").read_text("utf-8"))
    assert first["etablissement"]["id"] == "hopital-saint-eloi"
    assert first["etablissement"]["nom"] == "Hôpital Saint-Éloi"
    assert first["etablissement"]["ordre"] == 1
    group = yaml.safe_load((tmp_path / "p/directory/groupe.yml").read_text("utf-8"))
    assert [u.get("etablissement") for u in group["urgences"][-2:]] == [
        "hopital-saint-eloi", "clinique-oeuvre-d-ete"]


@pytest.mark.parametrize(("name", "expected"), [
    ("Hôpital Saint-Éloi", "hopital-saint-eloi"),
    ("  CHU   de l'Estuaire (site Nord) ", "chu-de-l-estuaire-site-nord"),
    ("Clinique Œuvre d'Été", "clinique-oeuvre-d-ete"),
    ("!!!", ""),
])
def test_slugify(name: str, expected: str) -> None:
    """An establishment's name becomes an identifier as docs/reference.md defines it."""
    assert slugify(name) == expected


def test_fresh_project_fails_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A project just created cannot be checked valid, let alone built: its blanks stop it."""
    assert init(tmp_path / "p") == 0
    capsys.readouterr()
    assert portal(tmp_path / "p", "check") == 1
    err = capsys.readouterr().err
    assert re.search(r"^directory/groupe\.yml:\d+: erreur : ", err, re.MULTILINE), err
    assert re.search(r"^directory/etablissements/mon-etablissement\.yml:\d+: erreur : ", err,
                     re.MULTILINE), err
    assert "Traceback" not in err
    assert portal(tmp_path / "p", "build") == 1
    assert not (tmp_path / "p/site").exists()


def test_every_blank_is_a_check_error_at_its_line(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Each `[À COMPLÉTER : …]` written by init is reported at its own file:line (but those
    of modeles/, which is never published: see the test of the prepared communiqué)."""
    assert init(tmp_path / "p", "--nom", "Centre hospitalier de Testville") == 0
    capsys.readouterr()
    assert portal(tmp_path / "p", "check") == 1
    err = capsys.readouterr().err
    blanks = [b for b in remaining_blanks(tmp_path / "p")
              if not b.startswith((".git", "README", "modeles/"))]
    assert blanks
    missing = [b for b in blanks if not re.search(rf"^{re.escape(b)}: erreur : ", err,
                                                  re.MULTILINE)]
    assert missing == [], err


@pytest.mark.slow
def test_filled_project_checks_and_builds_with_only_its_own_names(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Blanks filled as a team would: check passes, the site builds, the sample is gone."""
    root = tmp_path / "p"
    assert init(root, "--nom", "Centre hospitalier de l'Estuaire") == 0
    assert fill_blanks(root) > 10
    assert remaining_blanks(root) == []
    capsys.readouterr()
    assert portal(root, "check") == 0, capsys.readouterr().err
    assert portal(root, "build") == 0, capsys.readouterr().err
    home = (root / "site/index.html").read_text("utf-8")
    assert "Centre hospitalier de l&#39;Estuaire" in home or \
        "Centre hospitalier de l'Estuaire" in home
    assert (root / "site/etablissements" / f"{FILLED_ID}.html").is_file()
    assert (root / "site/communiques/index.html").is_file()  # no communiqué yet: a page still
    assert sample_names_in(root) == []


@pytest.mark.slow
def test_hostile_names_are_escaped_for_yaml_markdown_and_html(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Quotes, `: `, `#`, markup and Markdown in a name: written, loaded and shown as typed."""
    root = tmp_path / "p"
    establishment = 'Clinique "Sud" : #2 <i>x</i>'
    assert init(root, "--nom", HOSTILE_NAME, "--nom-court", 'CH "N" #1',
                "--etablissement", establishment) == 0
    group_text = (root / "directory/groupe.yml").read_text("utf-8")
    assert yaml.safe_load(group_text)["nom"] == HOSTILE_NAME
    loaded, problems = load_yaml_text(group_text, "directory/groupe.yml")
    assert problems == [] and loaded is not None and loaded.data["nom"] == HOSTILE_NAME
    assert loaded.data["nom_court"] == 'CH "N" #1'

    clinic = yaml.safe_load((root / "directory/etablissements/clinique-sud-2-i-x-i.yml")
                            .read_text("utf-8"))
    assert clinic["etablissement"]["nom"] == establishment
    fill_blanks(root)
    capsys.readouterr()
    assert portal(root, "check") == 0, capsys.readouterr().err
    assert portal(root, "build") == 0, capsys.readouterr().err
    for page in ["index.html", "fuite-de-donnees.html",
                 "etablissements/clinique-sud-2-i-x-i.html"]:
        html = (root / "site" / page).read_text("utf-8")
        assert "<script>alert" not in html and "<i>x</i>" not in html, page
        assert 'href="javascript' not in html, page
    leak = (root / "site/fuite-de-donnees.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *gras* [lien](javascript:x) {: .x}" \
        in leak


@pytest.mark.parametrize("option", ["--nom", "--nom-court", "--etablissement"])
@pytest.mark.parametrize("broken", ["Hôpital\nNord", "Hôpital\rNord", "   ",
                                    "Hôpital\u202eNord"])
def test_a_name_that_cannot_be_written_is_refused(tmp_path: Path, option: str, broken: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Newline, blank or invisible character: exit 1, one French sentence, nothing written."""
    assert init(tmp_path / "p", option, broken) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Projet non créé : {option}")
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_no_folder_is_a_french_usage_line(capsys: pytest.CaptureFixture[str]) -> None:
    """`portal init` alone: exit 2 and an example, not argparse's English."""
    assert portal_main(["init"]) == 2
    assert capsys.readouterr().err.startswith("Projet non créé : indiquez le dossier")


def test_every_problem_with_the_options_is_told_at_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two establishments with the same id and one with no letter: three lines, one run."""
    assert init(tmp_path / "p", "--nom", "A\nB", "--etablissement", "Hôpital Nord",
                "--etablissement", "hopital nord", "--etablissement", "!!!") == 1
    err = capsys.readouterr().err
    assert "--nom : le nom contient un retour à la ligne" in err
    assert "« hopital nord » et « Hôpital Nord » donneraient le même identifiant" in err
    assert "« !!! » : aucune lettre ni chiffre" in err
    assert list(tmp_path.iterdir()) == []


def test_non_empty_folder_is_refused_untouched(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A folder with anything in it (even a hidden file) is left exactly as it was."""
    (tmp_path / "p").mkdir()
    (tmp_path / "p/.notes").write_text("à garder", encoding="utf-8")
    before = tree_snapshot(tmp_path)
    assert init(tmp_path / "p") == 1
    err = capsys.readouterr().err
    assert "n'est pas vide (il contient « .notes »)" in err
    assert tree_snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]


def test_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`portal init notes.txt` on an existing file: refused, the file untouched."""
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert init(tmp_path / "notes.txt") == 1
    assert "est un fichier, pas un dossier" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text("utf-8") == "x"


def test_an_empty_folder_and_missing_parents_are_fine(tmp_path: Path) -> None:
    """An empty folder is filled; a missing one is created, parents included."""
    (tmp_path / "vide").mkdir()
    assert init(tmp_path / "vide") == 0
    assert (tmp_path / "vide/mkdocs.yml").is_file()
    assert init(tmp_path / "a/b/c") == 0
    assert (tmp_path / "a/b/c/directory/groupe.yml").is_file()


def test_init_dot_fills_the_current_folder_in_place(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """`portal init .` in an empty folder: the files appear in that very folder."""
    monkeypatch.chdir(tmp_path)
    assert init(Path(".")) == 0
    assert sorted(os.listdir(".")) == [".github", ".gitignore", ".gitlab-ci.yml", "README.md",
                                       "content", "directory", "miroirs.exemple.yml",
                                       "mkdocs.yml", "modeles"]


def test_a_failure_leaves_no_half_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The disk fills up mid-way: a French sentence, and no project or staging folder left."""
    written: list[Path] = []
    real_write = Path.write_text

    def filling_disk(self: Path, *args: object, **kwargs: object) -> int:
        if len(written) == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        written.append(self)
        return real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", filling_disk)
    assert init(tmp_path / "p") == 1
    err = capsys.readouterr().err
    assert err.startswith("Projet non créé : ") and "No space" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_failure_in_an_existing_folder_leaves_it_empty(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Moving the files into an empty folder fails half-way: what was moved is taken back."""
    (tmp_path / "p").mkdir()
    renamed: list[Path] = []
    real_rename = Path.rename

    def failing(self: Path, target: Path) -> Path:
        if len(renamed) == 3:
            raise OSError(errno.EACCES, "Permission denied", str(target))
        renamed.append(self)
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    assert init(tmp_path / "p") == 1
    assert capsys.readouterr().err.startswith("Projet non créé : ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]
    assert list((tmp_path / "p").iterdir()) == []


def test_crisis_example_is_ignored_and_valid_once_copied(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Beside the directory it is not read; copied to crise.yml, it passes the check."""
    root = tmp_path / "p"
    assert init(root, "--etablissement", "Hôpital Nord") == 0
    fill_blanks(root)
    capsys.readouterr()
    assert portal(root, "check") == 0
    assert "crise.exemple.yml" not in capsys.readouterr().err
    shutil.copy(root / "directory/crise.exemple.yml", root / "directory/crise.yml")
    assert portal(root, "check", "--now", "2027-01-16 12:00") == 0, capsys.readouterr().err


def test_ci_recipes_install_this_version_and_call_real_commands(tmp_path: Path) -> None:
    """Both recipes pin the running tool's version and use `portal` (no Makefile there)."""
    assert init(tmp_path / "p") == 0
    sub = next(a for a in _parser()._actions if hasattr(a, "choices") and a.choices)
    for recipe in [".github/workflows/portail.yml", ".gitlab-ci.yml"]:
        text = (tmp_path / "p" / recipe).read_text("utf-8")
        yaml.safe_load(text)
        assert f'"portail-crise[s3]=={tool_version()}"' in text, recipe
        assert "make " not in text, recipe
        used = set(re.findall(r"^\s*-?\s*(?:run: )?portal (\w+)", text, re.MULTILINE))
        assert used == {"check", "build", "publish", "verify", "diff"}, recipe
        assert used <= set(sub.choices)


def test_shipped_recipes_are_what_init_writes() -> None:
    """deploiement/ shows hospitals the same recipes and mirrors example as `portal init`."""
    files = starter_files(StarterOptions(), tool_version())
    for shipped, written in [("github-actions.yml", ".github/workflows/portail.yml"),
                             ("gitlab-ci.yml", ".gitlab-ci.yml")]:
        assert (REPO / "deploiement" / shipped).read_text("utf-8") == files[written], (
            f"deploiement/{shipped} differs from what portal init writes: copy it from a "
            "fresh `portal init` project")


@settings(max_examples=60, deadline=None)  # each example renders every starter file
@given(st.text(min_size=1, max_size=60).filter(
    lambda s: s.strip() and "\n" not in s and "\r" not in s and not has_forbidden_characters(s)))
def test_any_name_survives_the_yaml_filter(name: str) -> None:
    """Whatever is typed comes back from groupe.yml exactly, through the project's loader."""
    text = starter_files(StarterOptions(group_name=name), "0.0.0")["directory/groupe.yml"]
    loaded, problems = load_yaml_text(text, "directory/groupe.yml")
    assert problems == [] and loaded is not None
    assert loaded.data["nom"] == name.strip()


@settings(deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8",
                                      exclude_categories=("Cc", "Cs", "Zl", "Zp")),
               min_size=1, max_size=40))
def test_markdown_filter_shows_the_name_as_typed(name: str) -> None:
    """A name in a page never becomes a tag, a link or emphasis: its text is shown as is."""
    html = markdown.markdown(f"Le {markdown_text(name)} a confirmé.",
                             extensions=["attr_list", "md_in_html"])
    assert html.startswith("<p>") and html.endswith("</p>") and html.count("<") == 2, html
    assert unescape(html[3:-4]) == f"Le {name} a confirmé."


def test_mirrors_example_is_valid(tmp_path: Path) -> None:
    """The example a team copies to miroirs.yml passes the same checks as its own file."""
    assert init(tmp_path / "p") == 0
    mirrors, problems = load_mirrors(tmp_path / "p/miroirs.exemple.yml", tmp_path / "p")
    assert problems == []
    assert {m.kind.value for m in mirrors} == {"dossier", "webdav", "s3", "rsync"}


@pytest.mark.slow
def test_the_prepared_leak_communique_waits_in_modeles_then_publishes_once_filled(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Not published while in modeles/ (its blanks do not block normal times); copied into
    content/communiques/, its blanks are errors until filled, then it is the pinned news."""
    root = tmp_path / "p"
    assert init(root, "--nom", "Centre hospitalier de Testville", "--etablissement",
                "Centre hospitalier de Testville") == 0
    fill_blanks(root, skip=("modeles",))
    capsys.readouterr()
    assert portal(root, "check") == 0, capsys.readouterr().err
    prepared = root / "modeles/communique-fuite-de-donnees.md"
    copy = root / "content/communiques/2026-11-22-fuite-de-donnees.md"
    copy.write_text(prepared.read_text("utf-8"), "utf-8")
    capsys.readouterr()
    assert portal(root, "check") == 1
    errors = capsys.readouterr().err
    assert "content/communiques/2026-11-22-fuite-de-donnees.md:7: erreur : texte à compléter" \
        in errors, errors
    text = copy.read_text("utf-8").replace(
        "[À COMPLÉTER : date et heure de publication, par exemple 2027-03-14 18:00]",
        "2026-11-22 18:00")
    copy.write_text(text, "utf-8")
    fill_blanks(root)
    capsys.readouterr()
    assert portal(root, "build") == 0, capsys.readouterr().err
    home = (root / "site/index.html").read_text("utf-8")
    assert "Des données ont été dérobées" in home
    assert "Centre hospitalier de Testville" in (
        root / "site/communiques/2026-11-22-fuite-de-donnees.html").read_text("utf-8")

"""Stage (a): what the portal generates, written as an ordinary docs folder any engine reads."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from generator.context import BuildContext
from generator.generate import (
    THEME_DATA,
    Generation,
    NameTaken,
    generate,
    generated_files,
    write_docs_folder,
)
from generator.project import check_project
from generator.written_texts import StoredText, WrittenTexts
from tests.conftest import NOW, REPO, build_sample, tree_snapshot


def sample_generation(content: Path = REPO / "content", folder: Path | None = None) -> Generation:
    checked = check_project(REPO, NOW, content_dir=content)
    assert checked.directory is not None
    context = BuildContext(project=REPO, directory="directory", content_dir=content,
                           site_dir=REPO / "site", now=NOW, epoch=None,
                           feed_domain="vallee-fictive.example", public_key=None,
                           valid_for=dt.timedelta(hours=72))
    return generate(context, NOW, checked, None, None, None, folder=folder)


@pytest.fixture(scope="module")
def generation() -> Generation:
    return sample_generation()


def test_the_docs_folder_holds_content_and_every_generated_file(
        generation: Generation, tmp_path: Path) -> None:
    """Hand-written pages as they are, generated ones byte for byte, the communiqués' sources
    replaced by their pages, the theme's data (banner, names) beside the folder."""
    write_docs_folder(generation, REPO / "content", tmp_path / "build")
    docs = tmp_path / "build" / "docs"
    assert (docs / "fuite-de-donnees.md").read_bytes() == (
        REPO / "content" / "fuite-de-donnees.md").read_bytes()
    for path, data in generated_files(generation).items():
        written = (docs / path).read_bytes()
        assert written == (data if isinstance(data, bytes) else data.encode()), path
    pages = {p.name for p in (docs / "communiques").glob("*.md")}  # no source left
    assert pages == {Path(p).name for p in generation.site.pages if p.startswith("communiques/")}
    data = json.loads((tmp_path / "build" / THEME_DATA).read_text("utf-8"))
    assert data["portal_banner"] == generation.site.banner
    assert data["site_name"] == "Groupe hospitalier de la Vallée-Fictive"


def test_a_build_writes_each_generated_text_to_its_folder_the_same_as_held_in_memory(
        generation: Generation, tmp_path: Path) -> None:
    """`portal build` writes what it generates to a folder as it is made (its memory then
    stays flat in the number of services): the same pages, data files and JSON-LD as
    `portal serve` holds in memory; the engine is given where each page and file is kept,
    to read it when it makes it, not their text."""
    written = sample_generation(folder=tmp_path / "textes")
    for part in ("pages", "files", "structured_data"):
        assert dict(getattr(written.site, part)) == dict(getattr(generation.site, part)), part
    made = generated_files(written)
    page = next(p for p in written.site.pages if p.startswith("services/"))
    source = made[page]
    assert isinstance(source, StoredText) and source.store.file.is_relative_to(tmp_path / "textes")
    assert source.read() == generation.site.pages[page]
    data = made[next(iter(written.site.files))]
    assert isinstance(data, Path) and data.is_relative_to(tmp_path / "textes")
    write_docs_folder(written, REPO / "content", tmp_path / "disque")
    write_docs_folder(generation, REPO / "content", tmp_path / "memoire")
    assert tree_snapshot(tmp_path / "disque") == tree_snapshot(tmp_path / "memoire")


def test_the_docs_folder_has_a_source_for_every_page_mkdocs_builds(
        generation: Generation, tmp_path: Path) -> None:
    """The folder is enough for an engine: each page of the plugin-built site comes from a
    Markdown file of the folder (and nothing of the folder is left out of the site)."""
    site = build_sample(tmp_path / "site")
    write_docs_folder(generation, REPO / "content", tmp_path / "build")
    docs = tmp_path / "build" / "docs"
    sources = {p.relative_to(docs).with_suffix(".html").as_posix() for p in docs.rglob("*.md")}
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert sources <= built
    others = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()
              and p.suffix != ".md"}
    assert others <= {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_a_content_file_named_like_a_generated_page_is_refused_and_nothing_changes(
        tmp_path: Path, generation: Generation) -> None:
    """`content/annuaire.md` would hide the A–Z page: said in French, naming the file; the
    previous folder stays whole and no half-written folder is left beside it."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    target = tmp_path / "build"
    write_docs_folder(generation, content, target)
    before = tree_snapshot(target)
    (content / "annuaire.md").write_text("# Mon annuaire\n", "utf-8")
    with pytest.raises(NameTaken, match=r"^content/annuaire\.md porte le nom d'une page "
                                        r"générée : renommez ce fichier$"):
        write_docs_folder(generation, content, target)
    assert tree_snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "content"]


def test_writing_again_replaces_the_folder(tmp_path: Path, generation: Generation) -> None:
    """A file the previous generation wrote and this one does not is gone (a removed
    service's page must not stay published)."""
    target = tmp_path / "build"
    write_docs_folder(generation, REPO / "content", target)
    (target / "docs" / "services" / "ancien-service.md").write_text("ancien", "utf-8")
    write_docs_folder(generation, REPO / "content", target)
    assert not (target / "docs" / "services" / "ancien-service.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_the_portal_pages_are_html_that_markdown_would_leave_unchanged(
        generation: Generation) -> None:
    """The build hands the portal's own pages to the theme as they are (skipping
    Python-Markdown, half the build time): were a template to write Markdown (`**gras**`, a
    list in `- `), Markdown with mkdocs.yml's extensions would change it, and this fails."""
    import markdown
    import yaml
    from mkdocs.utils.meta import get_data

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in
                  config["markdown_extensions"]]
    site = generation.site
    own = [p for p in site.pages if not p.startswith(site.replaced_folder + "/")
           or p == f"{site.replaced_folder}/index.md"]
    assert len(own) > 20
    for path in own:
        body, meta = get_data(site.pages[path])
        assert meta.get("hide") == ["toc"], path  # no table of contents to build
        converted = markdown.Markdown(extensions=extensions).convert(body)
        assert converted == body.strip(), path


@pytest.mark.parametrize("path", ["../dehors.md", "/tmp/dehors.md", "a/../../b.md", "a//b.md",
                                  "", "a\\..\\b.md"])
def test_a_generated_path_leaving_the_build_folder_is_never_written(tmp_path: Path,
                                                                   path: str) -> None:
    """Stage (a)'s paths come from checked ids; one that would leave its folder is a bug,
    refused before anything is written anywhere."""
    store = WrittenTexts(tmp_path / "build")
    with pytest.raises(ValueError):
        store[path] = "texte"
    assert not any(tmp_path.rglob("*.md")) and not (tmp_path.parent / "dehors.md").exists()

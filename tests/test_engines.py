"""`portal build --engine`: MkDocs and ProperDocs give the same site, byte for byte; Zensical
the same pages in its own copy of Material's layout.

Only the generator tag differs between the first two (`<meta name="generator"
content="mkdocs-ProperDocs 1.6.7, …">`), and with it the offline copy and the manifest, which
hold every page's bytes. Zensical renders Material's templates with its own engine: what a
page says (its content, its title, its address and data for search engines) is the same.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.archive import ARCHIVE_NAME
from generator.engines import MKDOCS, PROPERDOCS, ZENSICAL
from generator.manifest import MANIFEST
from tests.conftest import REPO, SAMPLE_MOMENT, build_sample, require_engine, tree_snapshot

pytestmark = pytest.mark.slow

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def without_generator_tag(data: bytes) -> bytes:
    return GENERATOR_TAG.sub(b'<meta name="generator">', data)


def comparable(site: Path) -> dict[str, bytes]:
    """Every file of a build, the generator tag blanked; the offline copy by its members,
    the manifest but its hashes (they follow from the pages' bytes)."""
    files = {path: without_generator_tag(data) for path, data in tree_snapshot(site).items()
             if path not in (ARCHIVE_NAME, MANIFEST)}
    with zipfile.ZipFile(site / ARCHIVE_NAME) as archive:
        for member in archive.namelist():
            files[f"{ARCHIVE_NAME}/{member}"] = without_generator_tag(archive.read(member))
    manifest = json.loads((site / MANIFEST).read_text("utf-8"))
    manifest["files"], manifest["build"] = sorted(manifest["files"]), None
    files[MANIFEST] = json.dumps(manifest).encode()
    return files


@pytest.fixture(scope="module")
def both_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_engine(PROPERDOCS)
    root = tmp_path_factory.mktemp("engines")
    return {name: build_sample(root / name, name) for name in (MKDOCS, PROPERDOCS)}


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">\s*'
                     r'(?:<a id="__skip" tabindex="-1"></a>)?(.*?)</article>', re.S)
SAYS_IN_HEAD = re.compile(r'<title>.*?</title>|<link rel="canonical" href="[^"]*">'
                          r'|<script type="application/ld\+json">.*?</script>'
                          r'|<meta name="description" content="[^"]*">', re.S)


def what_the_page_says(html: str) -> tuple[str, list[str]]:
    """A page's content (Zensical's skip-link target aside) and what its head tells a
    browser tab and a search engine, spaces collapsed (the layouts indent differently)."""
    article = ARTICLE.search(html)
    assert article, html[:300]
    return (" ".join(article[1].split()),
            sorted(" ".join(found.split()) for found in SAYS_IN_HEAD.findall(html)))


def test_zensical_builds_every_page_with_the_same_content_and_head(
        both_builds: dict[str, Path], tmp_path: Path) -> None:
    """The same pages, each saying the same thing: the portal's HTML passed through whole,
    comms pages through the same Markdown and allowlist, the same canonical address and
    schema.org data; the same data files, sitemap and 404 page for each official path."""
    require_engine(ZENSICAL)
    zensical, mkdocs = build_sample(tmp_path / "site", ZENSICAL), both_builds[MKDOCS]
    files = {site: sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                          if p.is_file() and "assets/stylesheets/" not in p.as_posix())
             for site in (mkdocs, zensical)}  # each engine's theme has its own style sheets
    assert files[zensical] == files[mkdocs]  # no theme script, search index, default icon
    pages = [p for p in files[mkdocs] if p.endswith(".html")]
    themed = [p for p in pages if ARTICLE.search((mkdocs / p).read_text("utf-8"))]
    assert len(themed) > 100
    different = [p for p in themed if what_the_page_says((mkdocs / p).read_text("utf-8"))
                 != what_the_page_says((zensical / p).read_text("utf-8"))]
    assert different == []
    for data in ("donnees/annuaire.json", "communiques/atom.xml", "robots.txt",
                 "integration/groupe.html", "integration/groupe.svg"):
        assert (zensical / data).read_bytes() == (mkdocs / data).read_bytes(), data
    sitemap = re.compile(r"<loc>([^<]*)</loc>")
    assert sorted(sitemap.findall((zensical / "sitemap.xml").read_text("utf-8"))) == sorted(
        sitemap.findall((mkdocs / "sitemap.xml").read_text("utf-8")))


def test_both_engines_build_the_same_sample_but_for_the_generator_tag(
        both_builds: dict[str, Path]) -> None:
    mkdocs, properdocs = (comparable(both_builds[name]) for name in (MKDOCS, PROPERDOCS))
    assert sorted(mkdocs) == sorted(properdocs)
    different = [path for path in mkdocs if mkdocs[path] != properdocs[path]]
    assert different == []
    assert len([p for p in mkdocs if p.endswith(".html")]) > 100


def test_each_page_names_the_engine_that_built_it(both_builds: dict[str, Path]) -> None:
    tags = {name: GENERATOR_TAG.findall((site / "index.html").read_bytes())
            for name, site in both_builds.items()}
    assert tags[MKDOCS] == [b'<meta name="generator" content="mkdocs-1.6.1, '
                            b'mkdocs-material-9.8.2">']
    assert b"ProperDocs 1.6.7" in tags[PROPERDOCS][0]


def test_engines_alternate_in_one_process_without_mixing(tmp_path: Path) -> None:
    """MkDocs, ProperDocs, MkDocs again: each build ends as the first of its engine did
    (tests and benchmarks switch engines in one process; see generator/engines.py)."""
    require_engine(PROPERDOCS)
    first = comparable(build_sample(tmp_path / "first", MKDOCS))
    build_sample(tmp_path / "other", PROPERDOCS)
    again = build_sample(tmp_path / "again", MKDOCS)
    assert comparable(again) == first
    assert b"mkdocs-1.6.1" in (again / "index.html").read_bytes()
    # What a test patches by name (`generator.build.…`) is the module MkDocs' builds use.
    import generator
    import generator.build

    assert generator.build is sys.modules["generator.build"]
    assert generator.build.BasePlugin is sys.modules["mkdocs.plugins"].BasePlugin


def test_a_missing_engine_is_one_french_sentence_and_the_site_stays(tmp_path: Path) -> None:
    """ProperDocs not installed: the build stops before anything is written, and says how
    to install it (a fresh process, where importing ProperDocs fails)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build")
    code = ("import sys; sys.modules['properdocs'] = None\n"
            "from generator.cli import main\n"
            f"sys.exit(main(['--project', {str(REPO)!r}, '--now', {SAMPLE_MOMENT!r}, 'build', "
            f"'--site-dir', {str(site)!r}, '--engine', 'properdocs']))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "Échec de la construction : le moteur ProperDocs n'est pas installé : installez-le avec "
        "« pip install properdocs » (ou « make .venv/.installed »), ou construisez avec "
        "« --engine mkdocs »",
        "Le site précédent n'a pas été modifié."]
    assert tree_snapshot(site) == {"index.html": b"previous build"}


def test_an_unknown_engine_is_refused_by_the_command_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["--project", str(REPO), "build", "--engine", "sphinx"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.endswith(
        "--engine: « sphinx » : moteur inconnu ; écrivez mkdocs ou properdocs ou zensical\n")

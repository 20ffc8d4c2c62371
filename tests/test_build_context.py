"""One explicit `BuildContext` per build: no environment variable written, no state left over."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from generator.build import _plugins_with_now
from generator.context import BuildContext
from tests.conftest import NOW, REPO, Project

NO_ADDRESS = "directory/groupe.yml : aucune adresse officielle"


def test_a_warning_is_said_once_after_two_builds_in_one_process(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """A second `portal build` in the same process repeats no line of MkDocs' log."""
    assert project.portal("build") == 0
    first = capsys.readouterr().err
    assert project.portal("build") == 0
    second = capsys.readouterr().err
    assert first.count(NO_ADDRESS) == 1
    assert second.count(NO_ADDRESS) == 1


def test_building_writes_no_environment_variable(project: Project) -> None:
    """`portal build` neither sets nor leaves PORTAL_NOW or SOURCE_DATE_EPOCH behind."""
    before = {name: os.environ.get(name) for name in ("PORTAL_NOW", "SOURCE_DATE_EPOCH")}
    assert project.portal("build") == 0
    assert {name: os.environ.get(name) for name in before} == before


def test_the_sitemap_is_dated_from_the_context_not_the_environment(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dates in sitemap.xml come from the data (the build's context), even when the
    environment says otherwise: SOURCE_DATE_EPOCH is no longer how the plugin is told."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # 1970-01-01, which no page may carry
    project.write("directory/groupe.yml", (project.root / "directory/groupe.yml").read_text(
        "utf-8") + "adresses_officielles:\n  - adresse: https://crise.exemple.fr/\n")
    assert project.portal("build") == 0
    sitemap = (project.site / "sitemap.xml").read_text("utf-8")
    assert "<lastmod>" in sitemap
    assert "1970-01-01" not in sitemap


def test_serve_now_reaches_the_plugin_as_its_option(tmp_path: Path) -> None:
    """`portal serve --now` tells the plugin through its options in mkdocs.yml's `plugins:`,
    not through the environment; the other plugins stay as written."""
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Test\nplugins:\n  - search\n  - portal:\n"
                      "      feed_domain: hopital.example\n", "utf-8")
    assert _plugins_with_now(config, NOW) == [
        "search", {"portal": {"feed_domain": "hopital.example", "now": "2026-11-23 12:00"}}]
    config.write_text("site_name: Test\nplugins:\n  - portal\n", "utf-8")
    assert _plugins_with_now(config, NOW) == [{"portal": {"now": "2026-11-23 12:00"}}]


def test_the_plugin_refuses_a_now_it_cannot_read(tmp_path: Path) -> None:
    """A `now:` option that is no date is said in French, never taken as « now »."""
    config = load_config(str(REPO / "mkdocs.yml"), plugins=[{"portal": {"now": "demain"}}],
                         site_dir=str(tmp_path / "site"))
    with pytest.raises(PluginError, match="plugins › portal › now : « demain » : écrivez"):
        config.plugins.on_config(config)


def test_the_context_is_frozen(tmp_path: Path) -> None:
    """A stage cannot change what the next one is told: the context is immutable."""
    context = BuildContext(project=tmp_path, directory="directory", content_dir=tmp_path,
                           site_dir=tmp_path / "site", now=NOW, epoch=0, feed_domain="x",
                           public_key=None, valid_for=NOW - NOW)
    assert context.directory_dir == tmp_path / "directory"
    with pytest.raises(AttributeError):
        context.now = None  # type: ignore[misc]

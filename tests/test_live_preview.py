"""`portal serve` rebuilds only the pages that changed, and the result is the full build's.

MkDocs' own serve loop is reproduced in process (a new config per rebuild, one plugin kept,
`build(…, dirty=True)`), so every file it leaves can be compared with a full build.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.build import PortalPlugin
from generator.live_preview import POLL_SECONDS, forget_oldest
from generator.site import LATER_FILES
from tests.conftest import ESTABLISHMENT_YML, Project, tree_snapshot

SERVE_URL = "http://127.0.0.1:8000/"
YML = "directory/etablissements/hopital-test.yml"


def _build(project: Project, site: Path, serving: bool) -> PortalPlugin:
    """One build as `portal serve` (dirty, plugin kept) or as a fresh full one."""
    config = load_config(config_file=str(project.root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    plugin = config.plugins["portal"]
    assert isinstance(plugin, PortalPlugin)
    if not serving or not plugin.preview.enabled:
        plugin.on_startup(command="serve", dirty=serving)
    build(config, serve_url=SERVE_URL, dirty=serving)
    plugin.preview.write_later()  # as the server does when one of them is asked for
    return plugin


@pytest.fixture
def preview(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("PORTAL_NOW", "2026-11-23T12:00")
    _build(project, tmp_path / "served", serving=True)
    yield project
    PortalPlugin.on_shutdown(_build(project, tmp_path / "full", serving=False))


def _after(project: Project, tmp_path: Path, text: str) -> tuple[int, dict[str, bytes]]:
    """Save `text`, rebuild as the preview does: (pages rebuilt, the served files)."""
    project.write(YML, text)
    plugin = _build(project, tmp_path / "served", serving=True)
    return plugin.preview.rebuilt, tree_snapshot(tmp_path / "served")


def _sources(project: Project) -> set[str]:
    """The pages of the last build, by source name (`services/x.md`)."""
    config = load_config(config_file=str(project.root / "mkdocs.yml"))
    plugin = config.plugins["portal"]
    assert isinstance(plugin, PortalPlugin) and plugin.files is not None
    return {f.src_uri for f in plugin.files.documentation_pages()}


def _full(project: Project, tmp_path: Path) -> dict[str, bytes]:
    _build(project, tmp_path / "full", serving=False)
    return tree_snapshot(tmp_path / "full")


def test_a_new_number_rebuilds_only_the_pages_that_show_it(preview: Project,
                                                            tmp_path: Path) -> None:
    """Every served file is the full build's byte for byte, though few pages were rebuilt."""
    pages = len(list((tmp_path / "served").rglob("*.html")))
    rebuilt, served = _after(preview, tmp_path,
                             ESTABLISHMENT_YML.replace("02 61 91 01 10", "02 61 91 01 11"))
    assert 0 < rebuilt < pages / 2
    assert b"tel:+33261910111" in served["services/cardiologie.html"]
    assert b"tel:+33261910110" not in served["services/cardiologie.html"]
    assert served == _full(preview, tmp_path)


def test_a_new_name_rebuilds_every_page(preview: Project, tmp_path: Path) -> None:
    """A service's name shows in lists and titles elsewhere: nothing is left stale."""
    rebuilt, served = _after(preview, tmp_path, ESTABLISHMENT_YML.replace(
        "Consultations de cardiologie", "Cardiologie (rendez-vous)"))
    assert rebuilt == len(_sources(preview))
    assert b"Cardiologie (rendez-vous)" in served["annuaire.html"]
    assert served == _full(preview, tmp_path)


def test_a_service_page_removed_is_no_longer_served(preview: Project, tmp_path: Path) -> None:
    """A service whose id changed: its new page appears, the old one is gone."""
    _, served = _after(preview, tmp_path, ESTABLISHMENT_YML.replace(
        "id: pneumologie-hospitalisation", "id: pneumologie"))
    assert "services/pneumologie.html" in served
    assert "services/pneumologie-hospitalisation.html" not in served
    assert served == _full(preview, tmp_path)


def test_an_error_then_its_fix(preview: Project, tmp_path: Path) -> None:
    """Invalid YAML shows the error page (no service page left); fixed, the site is back."""
    _, served = _after(preview, tmp_path, ESTABLISHMENT_YML.replace("02 61 91 01 10", "02 61 91"))
    assert "directory/etablissements/hopital-test.yml:12: erreur" in served["index.html"].decode()
    assert "services/cardiologie.html" not in served
    _, served = _after(preview, tmp_path, ESTABLISHMENT_YML)
    assert b"tel:+33261910110" in served["services/cardiologie.html"]
    assert served == _full(preview, tmp_path)


def test_the_data_files_are_made_when_asked_for(preview: Project, tmp_path: Path) -> None:
    """A save does not make open data or the single-file directory; asked for, they are the
    full build's; the next build removes them until asked for again (never stale)."""
    preview.write(YML, ESTABLISHMENT_YML.replace("02 61 91 01 10", "02 61 91 01 11"))
    config = load_config(config_file=str(preview.root / "mkdocs.yml"),
                         site_dir=str(tmp_path / "served"))
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=True)
    plugin = config.plugins["portal"]
    assert isinstance(plugin, PortalPlugin)
    assert plugin.generation.site.later is not None
    assert set(plugin.generation.site.later()) == LATER_FILES
    assert not [n for n in LATER_FILES if (tmp_path / "served" / n).exists()]
    plugin.preview.write_later()
    served = tree_snapshot(tmp_path / "served")
    assert b"02 61 91 01 11" in served["donnees/annuaire.json"]
    build(config, serve_url=SERVE_URL, dirty=True)
    assert not [n for n in LATER_FILES if (tmp_path / "served" / n).exists()]
    full = _full(preview, tmp_path)
    assert {n: served[n] for n in LATER_FILES} == {n: full[n] for n in LATER_FILES}


def test_the_preview_looks_for_saves_often(project: Project) -> None:
    """The folders MkDocs watched already and the data folder watched by the plugin are
    looked at every `POLL_SECONDS`, not every half second."""
    from mkdocs.livereload import LiveReloadServer

    config = load_config(config_file=str(project.root / "mkdocs.yml"))
    plugin = config.plugins["portal"]
    assert isinstance(plugin, PortalPlugin)
    plugin.on_startup(command="serve", dirty=True)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(project.root))
    server.watch(config.docs_dir)
    plugin.on_serve(server, config=config, builder=lambda: None)
    emitters = server.observer.emitters
    assert len(emitters) == 2 and {e.timeout for e in emitters} == {POLL_SECONDS}
    PortalPlugin.on_shutdown(plugin)


def test_a_long_session_keeps_only_the_last_parsed_files() -> None:
    """Each save adds one parsed version of a file: memory stays bounded, the newest kept."""
    parsed = {f"version {n}": n for n in range(100)}
    forget_oldest(parsed, keep=64)
    assert list(parsed) == [f"version {n}" for n in range(36, 100)]


def test_a_new_number_renders_again_only_its_service(preview: Project, tmp_path: Path) -> None:
    """Saved twice, a number re-renders its service's page and entries only, yet every
    page served is the full build's; a new status (which the status page and every
    disrupted list show) renders every service again."""
    for number in ("02 61 91 01 11", "02 61 91 01 12"):
        preview.write(YML, ESTABLISHMENT_YML.replace("02 61 91 01 10", number))
        kept = _build(preview, tmp_path / "served", serving=True).preview.kept_renders
        assert kept.made and all("cardiologie" in str(name) for name in kept.made)
    served = tree_snapshot(tmp_path / "served")
    for page in ("services/cardiologie.html", "annuaire.html", "etablissements/hopital-test.html"):
        assert b"tel:+33261910112" in served[page] and b"tel:+33261910111" not in served[page]
    assert served == _full(preview, tmp_path)
    preview.write(YML, ESTABLISHMENT_YML.replace("02 61 91 01 10", "02 61 91 01 12")
                  .replace("Visites limitées.", "Visites interdites."))
    kept = _build(preview, tmp_path / "served", serving=True).preview.kept_renders
    assert {"services/cardiologie.md", "services/pneumologie-hospitalisation.md"} <= set(kept.made)
    served = tree_snapshot(tmp_path / "served")
    assert b"Visites interdites." in served["services/pneumologie-hospitalisation.html"]
    assert served == _full(preview, tmp_path)

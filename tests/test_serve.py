"""`portal serve`: a real preview server on 127.0.0.1 that follows edits and survives errors."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.conftest import ESTABLISHMENT_YML, Project
from tests.servers import free_port

pytestmark = pytest.mark.slow


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("condition not met in time")


def _serve(project: Project) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--project", str(project.root), "serve",
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}/"


@pytest.fixture
def served(project: Project) -> Iterator[tuple[Project, str]]:
    process, base = _serve(project)
    try:
        yield project, base
    finally:
        process.terminate()
        process.wait(timeout=20)


def page(url: str) -> str:
    return httpx.get(url, timeout=5).text


def test_preview_follows_yaml_edits_and_shows_errors(served: tuple[Project, str]) -> None:
    """Saving a YAML file rebuilds; a data error is shown in the page; fixing it recovers."""
    project, base = served
    service = base + "services/cardiologie.html"
    wait_for(lambda: "Consultations de cardiologie" in page(service))

    project.write("directory/etablissements/hopital-test.yml",
                  ESTABLISHMENT_YML.replace("Consultations de cardiologie", "Cardiologie (rdv)"))
    wait_for(lambda: "Cardiologie (rdv)" in page(service))

    project.write("directory/etablissements/hopital-test.yml",
                  ESTABLISHMENT_YML.replace("02 61 91 01 10", "02 61 91"))
    wait_for(lambda: "Erreurs dans l'annuaire" in page(base))
    assert "directory/etablissements/hopital-test.yml:12: erreur" in page(base)

    project.write("directory/etablissements/hopital-test.yml", ESTABLISHMENT_YML)
    wait_for(lambda: "Consultations de cardiologie" in page(service))


def test_a_number_saved_twice_shows_on_every_page_that_shows_it(
        served: tuple[Project, str]) -> None:
    """The service's page, the A–Z and the establishment's page served all show the number
    last saved, none an older one (the second save reuses what the first rendered); so do
    the data files, which the preview makes only when asked for."""
    project, base = served
    pages = [base + p for p in ("services/cardiologie.html", "annuaire.html",
                                "etablissements/hopital-test.html")]
    wait_for(lambda: all("tel:+33261910110" in page(p) for p in pages))
    for number, old in (("02 61 91 01 11", "tel:+33261910110"),
                        ("02 61 91 01 12", "tel:+33261910111")):
        project.write("directory/etablissements/hopital-test.yml",
                      ESTABLISHMENT_YML.replace("02 61 91 01 10", number))
        new = "tel:+33" + number.replace(" ", "")[1:]
        wait_for(lambda: all(new in page(p) for p in pages))  # noqa: B023 - called here
        assert not any(old in page(p) for p in pages)
        # Made when asked for, after the pages: the partners' files say the same.
        for data in ("donnees/annuaire.json", "donnees/annuaire.csv", "annuaire-autonome.html"):
            assert number in page(base + data) and old[-4:] not in page(base + data)
    assert "Visites limitées." in page(base + "services/pneumologie-hospitalisation.html")


def test_preview_follows_content_edits(served: tuple[Project, str]) -> None:
    """Saving a Markdown page of content/ rebuilds it too."""
    project, base = served
    wait_for(lambda: "Informations pratiques" in page(base + "infos-pratiques.html"))
    project.write("content/infos-pratiques.md", "# Nouvelles consignes\n")
    wait_for(lambda: "Nouvelles consignes" in page(base + "infos-pratiques.html"))


def test_preview_at_a_moment_given_by_now(project: Project) -> None:
    """`portal --now X serve` previews the site as at X (the state file says when it was
    produced), told to the plugin through its options: no PORTAL_NOW in the environment."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "PORTAL_NOW"}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--project", str(project.root),
         "--now", "2026-11-20 10:00", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment)
    try:
        state = f"http://127.0.0.1:{port}/donnees/etat.json"
        wait_for(lambda: '"produit_le": "2026-11-20T10:00+01:00"' in page(state))
    finally:
        process.terminate()
        process.wait(timeout=20)
def test_preview_drops_a_removed_page_and_speaks_french(project: Project) -> None:
    """Only changed pages are rebuilt, yet a service renamed away is no longer served; the
    terminal shows no English line about MkDocs' dirty builds."""
    process, base = _serve(project)
    try:
        old, new = base + "services/pneumologie-hospitalisation.html", base + "services/pneumo.html"
        wait_for(lambda: httpx.get(old, timeout=5).status_code == 200)
        project.write("directory/etablissements/hopital-test.yml", ESTABLISHMENT_YML.replace(
            "id: pneumologie-hospitalisation", "id: pneumo"))
        wait_for(lambda: httpx.get(new, timeout=5).status_code == 200)
        assert httpx.get(old, timeout=5).status_code == 404
        project.write("directory/etablissements/hopital-test.yml",
                      ESTABLISHMENT_YML.replace("02 61 91 02 20", "02 61 91 02 21"))
        wait_for(lambda: "tel:+33261910221" in page(old))
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode()
    assert "dirty" not in output

"""The timed steps of the drill, each with the real machinery of `portal build`, `portal
publish` and `portal verify`, returning a `Step`: what was done, how long, what failed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from generator.manifest import MANIFEST, Manifest
from generator.model.mirrors import Mirror

if TYPE_CHECKING:
    from collections.abc import Callable

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

BUILD_TIMEOUT = 3600


@dataclass
class Step:
    """One timed step: its French name, how long it took, and what went wrong if it did."""

    name: str
    seconds: float = 0.0
    ok: bool = True
    details: list[str] = field(default_factory=list)
    in_total: bool = True
    """Setup steps (the reference build, seeding the mirrors) are shown but not counted."""

    def fail(self, detail: str) -> None:
        self.ok = False
        self.details.append(detail)


@dataclass(frozen=True)
class LocalMirror:
    """A mirror of the drill: what `portal publish` is given, and where patients read it."""

    mirror: Mirror
    public_url: str
    """With a trailing slash."""


def build(project: Path, environment: dict[str, str], moment: str | None, name: str,
          in_total: bool = True) -> Step:
    """`portal build` in a fresh process, as a person or CI runs it, timed whole."""
    step = Step(name, in_total=in_total)
    command = [sys.executable, "-m", "generator.cli", "--project", str(project),
               *(["--now", moment] if moment else []), "build"]
    env = {k: v for k, v in os.environ.items() if k not in ("PORTAL_SIGNING_KEY_FILE",
                                                             "PORTAL_NOW")}
    start = time.perf_counter()
    try:
        done = subprocess.run(command, env={**env, **environment}, capture_output=True,
                              text=True, timeout=BUILD_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        step.fail(f"construction impossible ({type(exc).__name__})")
        return step
    step.seconds = time.perf_counter() - start
    if done.returncode != 0:
        step.fail("la construction a échoué :")
        step.details += [line for line in done.stderr.splitlines()
                         if not line.startswith("avertissement")][-10:]
    return step


def publish(site: Path, mirrors: list[LocalMirror], key: Ed25519PublicKey,
            progress: Callable[[str], None], name: str, in_total: bool = True) -> Step:
    """`portal publish` to every mirror, the mirrors at the same time (each its own
    thread: they share nothing but the build, which is only read)."""
    from generator.publish import local_build_problem, publish_all

    step = Step(name, in_total=in_total)
    start = time.perf_counter()
    manifest = Manifest.from_bytes((site / MANIFEST).read_bytes())
    if problem := local_build_problem(site, manifest):
        step.fail(problem)
        return step
    with ThreadPoolExecutor(max_workers=max(len(mirrors), 1)) as pool:
        results = list(pool.map(lambda m: publish_all(site, [m.mirror], progress,
                                                      public_key=key)[0], mirrors))
    step.seconds = time.perf_counter() - start
    for result in results:
        line = (f"{result.mirror.name} : {_seconds(result.seconds)}, {result.sent} fichier(s) "
                f"envoyé(s), {result.unchanged} inchangé(s)")
        if result.ok:
            step.details.append(line)
        else:
            step.fail(f"{result.mirror.name} : ÉCHEC — {result.error}")
    return step


def verify(mirrors: list[LocalMirror], manifest: Manifest, key: Ed25519PublicKey,
           now: dt.datetime) -> Step:
    """`portal verify` against the build: every file of every mirror downloaded and
    compared, the signature checked."""
    from generator.verify import Reference, Verdict, verify_mirrors

    step = Step("vérification")
    start = time.perf_counter()
    reports = verify_mirrors([m.public_url for m in mirrors], Reference(manifest, key),
                             now)
    step.seconds = time.perf_counter() - start
    for mirror, report in zip(mirrors, reports, strict=True):
        if report.verdict is Verdict.CURRENT and report.signed:
            step.details.append(f"{mirror.mirror.name} : à jour, signature vérifiée, "
                                f"{len(manifest.files)} fichiers comparés")
        else:
            step.fail(f"{mirror.mirror.name} : {report.verdict.value} — "
                      + "; ".join(report.problems or ["signature non vérifiée"]))
    return step


def check_number(mirrors: list[LocalMirror], page: str, display: str) -> Step:
    """Each mirror's copy of the service's page, fetched over HTTP, shows the new number."""
    step = Step("numéro servi par chaque miroir")
    start = time.perf_counter()
    with httpx.Client(timeout=10.0) as client:
        for mirror in mirrors:
            url = mirror.public_url + page
            try:
                response = client.get(url, headers={"Cache-Control": "no-cache"})
                shown = response.status_code == 200 and display in response.text
                why = f"réponse HTTP {response.status_code}" if response.status_code != 200 \
                    else f"{display} absent de la page"
            except httpx.HTTPError as exc:
                shown, why = False, f"page inaccessible ({type(exc).__name__})"
            if shown:
                step.details.append(f"{mirror.mirror.name} : {display} sur {page}")
            else:
                step.fail(f"{mirror.mirror.name} : {why} ({url})")
    step.seconds = time.perf_counter() - start
    return step


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")

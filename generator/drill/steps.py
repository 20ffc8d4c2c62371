"""The timed steps of the drill, each with the real machinery of `portal build`, `portal
publish` and `portal verify`, returning a `Step`: what was done, how long, what failed."""

from __future__ import annotations

import asyncio
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

    from generator.publish import PublishResult

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
    servers: str
    """Where its servers listen, for the person (and to check they are stopped)."""


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
            progress: Callable[[str], None], name: str) -> Step:
    """`portal publish` to every mirror at once (setup: seeds the mirrors)."""
    step = Step(name, in_total=False)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(len(mirrors), 1)) as pool:
        results = list(pool.map(lambda m: _publish_one(site, m, key, progress), mirrors))
    step.seconds = time.perf_counter() - start
    for result in results:
        if result.ok:
            step.details.append(f"{result.mirror.name} : {_seconds(result.seconds)}, "
                                f"{_sent(result)}")
        else:
            step.fail(f"{result.mirror.name} : ÉCHEC — {result.error}")
    return step


def update_mirrors(site: Path, mirrors: list[LocalMirror], key: Ed25519PublicKey,
                   progress: Callable[[str], None], now: dt.datetime, page: str,
                   display: str) -> Step:
    """All mirrors at once: each is published (`portal publish`, in its own thread: they
    share nothing but the build, which is only read), then verified as soon as it is
    (`portal verify` against the build: every file downloaded and compared, the
    signature checked), then its copy of the service's page is fetched to see the new
    number. One event loop verifies every mirror, as `portal verify` does."""
    from generator.publish import local_build_problem

    step = Step("publication, vérification et contrôle des miroirs")
    start = time.perf_counter()
    manifest = Manifest.from_bytes((site / MANIFEST).read_bytes())
    if problem := local_build_problem(site, manifest):
        step.fail(problem)
        return step
    check = MirrorCheck(site, manifest, key, progress, now, page, display)

    async def every_mirror() -> list[tuple[list[str], bool]]:
        return list(await asyncio.gather(*(check.run(local) for local in mirrors)))

    for lines, ok in asyncio.run(every_mirror()):
        step.details += lines
        step.ok = step.ok and ok
    step.seconds = time.perf_counter() - start
    return step


@dataclass(frozen=True)
class MirrorCheck:
    """One mirror's part of the drill: publish, verify, see the number; each timed."""

    site: Path
    manifest: Manifest
    key: Ed25519PublicKey
    progress: Callable[[str], None]
    now: dt.datetime
    page: str
    display: str

    async def run(self, local: LocalMirror) -> tuple[list[str], bool]:
        """Lines for the report (the first names the mirror and its timings), and whether
        the mirror serves the new build, verified, with the new number."""
        from generator.verify import Reference, Verdict, verify_mirror

        name = local.mirror.name
        start = time.perf_counter()
        result = await asyncio.to_thread(_publish_one, self.site, local, self.key,
                                         self.progress)
        published = time.perf_counter() - start
        if not result.ok:
            return [f"{name} : publication ÉCHEC ({_seconds(published)}) — {result.error}"], \
                False
        start = time.perf_counter()
        report = await verify_mirror(local.public_url, Reference(self.manifest, self.key),
                                     self.now)
        verified = time.perf_counter() - start
        start = time.perf_counter()
        shown = await asyncio.to_thread(_serves, local, self.page, self.display)
        seen = time.perf_counter() - start
        problems = [shown] if shown else []
        if report.verdict is not Verdict.CURRENT or not report.signed:
            problems.insert(0, f"vérification ÉCHEC : {report.verdict.value} — "
                            + "; ".join(report.problems or ["signature non vérifiée"]))
        line = (f"{name} : publication {_seconds(published)}, vérification "
                f"{_seconds(verified)}, numéro {_seconds(seen)} — {_sent(result)}")
        if not problems:
            problems = [f"à jour, signature vérifiée, {len(self.manifest.files)} fichiers "
                        f"comparés ; {self.display} sur {self.page}"]
        return [line, *(f"    {name} : {p}" for p in problems)], \
            report.verdict is Verdict.CURRENT and report.signed and not shown


def _publish_one(site: Path, local: LocalMirror, key: Ed25519PublicKey,
                 progress: Callable[[str], None]) -> PublishResult:
    from generator.publish import publish_all

    return publish_all(site, [local.mirror], progress, public_key=key)[0]


def _sent(result: PublishResult) -> str:
    return f"{result.sent} fichier(s) envoyé(s), {result.unchanged} inchangé(s)"


def _serves(local: LocalMirror, page: str, display: str) -> str:
    """Why the mirror's copy of the page, fetched over HTTP, lacks the number, or ""."""
    url = local.public_url + page
    try:
        response = httpx.get(url, headers={"Cache-Control": "no-cache"}, timeout=10.0)
    except httpx.HTTPError as exc:
        return f"page {url} inaccessible ({type(exc).__name__})"
    if response.status_code != 200:
        return f"page {url} : réponse HTTP {response.status_code}"
    return "" if display in response.text else f"{display} absent de {url}"


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")

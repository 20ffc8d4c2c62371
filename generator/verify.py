"""Check mirrors from outside, as a patient's browser sees them: complete, current, unaltered.

For each public URL: fetch ``manifest.json`` (and its signature), then every file it
lists, concurrently, with timeouts and retries, and compare bytes with the manifest. The
reference is the local build when there is one, else the highest `sequence` seen before
(kept in a state file), so a monitoring job without a build still catches a rollback.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from generator.manifest import MANIFEST, SIGNATURE, Manifest, signature_is_valid

CONCURRENT_DOWNLOADS = 16
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
RETRIES = 2


class Verdict(StrEnum):
    """Worst first: the report names the most serious problem of each mirror."""

    UNREACHABLE = "injoignable"
    SIGNATURE_INVALID = "signature invalide"
    TAMPERED = "altéré"
    MISSING_FILES = "fichiers manquants"
    EXPIRED = "expiré"
    STALE = "périmé"
    CURRENT = "à jour"


@dataclass
class MirrorReport:
    url: str
    verdict: Verdict = Verdict.CURRENT
    build: str | None = None
    sequence: int | None = None
    generated: str | None = None
    problems: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def flag(self, verdict: Verdict, problem: str) -> None:
        order = list(Verdict)
        if order.index(verdict) < order.index(self.verdict):
            self.verdict = verdict
        self.problems.append(problem)


@dataclass(frozen=True)
class Reference:
    """What a current mirror must match."""

    manifest: Manifest | None = None
    """The local build's manifest; `None` for a monitoring job without a build."""
    public_key: Ed25519PublicKey | None = None
    last_sequence: int = 0
    """The highest sequence seen before: a lower one is a rollback."""


def verify_mirrors(urls: list[str], reference: Reference, now: dt.datetime,
                   transport: httpx.AsyncBaseTransport | None = None) -> list[MirrorReport]:
    return asyncio.run(_verify_all(urls, reference, now, transport))


async def _verify_all(urls: list[str], reference: Reference, now: dt.datetime,
                      transport: httpx.AsyncBaseTransport | None) -> list[MirrorReport]:
    transport = transport or httpx.AsyncHTTPTransport(retries=RETRIES)
    limits = httpx.Limits(max_connections=CONCURRENT_DOWNLOADS)
    async with httpx.AsyncClient(timeout=TIMEOUT, transport=transport, limits=limits,
                                 follow_redirects=True) as client:
        gate = asyncio.Semaphore(CONCURRENT_DOWNLOADS)
        return list(await asyncio.gather(*(_verify_one(client, gate, url, reference, now)
                                           for url in urls)))


async def _verify_one(client: httpx.AsyncClient, gate: asyncio.Semaphore, url: str,
                      reference: Reference, now: dt.datetime) -> MirrorReport:
    base = url if url.endswith("/") else url + "/"
    report = MirrorReport(url=base)
    try:
        raw = await _fetch(client, gate, base + MANIFEST)
    except httpx.HTTPError as exc:
        report.flag(Verdict.UNREACHABLE, f"manifeste inaccessible ({_reason(exc)})")
        return report
    try:
        manifest = Manifest.from_bytes(raw)
    except ValueError as exc:
        report.flag(Verdict.TAMPERED, str(exc))
        return report
    report.build, report.sequence = manifest.build, manifest.sequence
    report.generated = manifest.generated.isoformat()
    if reference.public_key is not None:
        await _check_signature(client, gate, base, raw, reference.public_key, report)
    _check_freshness(manifest, reference, now, report)
    await _check_files(client, gate, base, manifest, report)
    return report


async def _check_signature(client: httpx.AsyncClient, gate: asyncio.Semaphore, base: str,
                           raw: bytes, key: Ed25519PublicKey, report: MirrorReport) -> None:
    try:
        signature = await _fetch(client, gate, base + SIGNATURE)
    except httpx.HTTPError as exc:
        report.flag(Verdict.SIGNATURE_INVALID, f"signature absente ({_reason(exc)})")
        return
    if not signature_is_valid(raw, signature, key):
        report.flag(Verdict.SIGNATURE_INVALID, "la signature ne correspond pas au manifeste")


def _check_freshness(manifest: Manifest, reference: Reference, now: dt.datetime,
                     report: MirrorReport) -> None:
    if manifest.expires <= now:
        report.flag(Verdict.EXPIRED, f"copie expirée depuis le {_when(manifest.expires)}")
    expected = reference.manifest
    if expected is not None and manifest.build != expected.build \
            and manifest.sequence <= expected.sequence:
        report.flag(Verdict.STALE, f"ancienne version {manifest.build} du "
                                   f"{_when(manifest.generated)} (attendu {expected.build} du "
                                   f"{_when(expected.generated)})")
    elif manifest.sequence < reference.last_sequence:
        report.flag(Verdict.STALE, f"retour en arrière : version du {_when(manifest.generated)}"
                                   ", plus ancienne qu'une version déjà vue")


async def _check_files(client: httpx.AsyncClient, gate: asyncio.Semaphore, base: str,
                       manifest: Manifest, report: MirrorReport) -> None:
    async def check(path: str) -> None:
        entry = manifest.files[path]
        try:
            body = await _fetch(client, gate, base + path)
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code == 404:
                report.missing.append(path)
            else:
                report.altered.append(path)
            return
        except httpx.HTTPError:
            report.missing.append(path)
            return
        if len(body) != entry.size or hashlib.sha256(body).hexdigest() != entry.sha256:
            report.altered.append(path)

    await asyncio.gather(*(check(path) for path in manifest.files))
    report.altered.sort()
    report.missing.sort()
    if report.altered:
        report.flag(Verdict.TAMPERED, f"{len(report.altered)} fichier(s) différent(s) du "
                                      f"manifeste : {', '.join(report.altered[:5])}")
    if report.missing:
        report.flag(Verdict.MISSING_FILES, f"{len(report.missing)} fichier(s) manquant(s) : "
                                           f"{', '.join(report.missing[:5])}")


async def _fetch(client: httpx.AsyncClient, gate: asyncio.Semaphore, url: str) -> bytes:
    async with gate:
        response = await client.get(url, headers={"Cache-Control": "no-cache"})
    response.raise_for_status()
    return response.content


def _reason(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    return type(exc).__name__


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%d/%m/%Y à %H:%M")


# --- Reports -----------------------------------------------------------------------------


def format_reports(reports: list[MirrorReport]) -> str:
    """One line per mirror for a person, then the details of those with a problem."""
    lines = []
    for report in reports:
        build = f" (version {report.build})" if report.build else ""
        lines.append(f"{report.verdict.value.upper():<20} {report.url}{build}")
        lines += [f"    {problem}" for problem in report.problems]
    bad = sum(r.verdict is not Verdict.CURRENT for r in reports)
    lines.append(f"{len(reports) - bad} copie(s) à jour, {bad} avec un problème.")
    return "\n".join(lines)


def reports_json(reports: list[MirrorReport]) -> str:
    """For monitoring: the same facts, machine-readable."""
    return json.dumps([asdict(r) for r in reports], ensure_ascii=False, indent=1)


def read_last_sequence(state: Path | None) -> int:
    if state is None or not state.is_file():
        return 0
    return int(json.loads(state.read_text()).get("last_sequence", 0))


def write_last_sequence(state: Path, reports: list[MirrorReport], previous: int) -> None:
    """Remember the newest sequence served by a healthy mirror (written atomically)."""
    healthy = [r.sequence for r in reports if r.verdict is Verdict.CURRENT and r.sequence]
    partial = state.with_suffix(state.suffix + ".part")
    partial.write_text(json.dumps({"last_sequence": max([previous, *healthy])}) + "\n")
    partial.replace(state)

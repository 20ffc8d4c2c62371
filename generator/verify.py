"""Check mirrors from outside, as a patient's browser sees them: complete, current, unaltered.

For each public URL: fetch ``manifest.json`` (and its signature), then every file it
lists, concurrently, with timeouts and retries, and compare bytes with the manifest. The
reference is the local build when there is one (each file is then compared with the
build's own digest, whatever the mirror's manifest claims), else the highest `sequence`
seen before (kept in a state file), so a monitoring job without a build still catches a
rollback.

Nothing read from a mirror is trusted: the manifest is capped in size and validated
strictly (`Manifest.from_bytes`), each file is streamed and hashed against the size the
manifest announces, and each mirror has an overall deadline. Whatever a mirror sends,
it gets a verdict and every other mirror is still checked.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import re
import time
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from generator.manifest import (
    MANIFEST,
    MAX_MANIFEST_BYTES,
    MAX_SEQUENCE,
    SIGNATURE,
    FileEntry,
    Manifest,
    signature_is_valid,
)

CONCURRENT_DOWNLOADS = 16
"""Per mirror: a slow mirror never holds the downloads of another."""
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
RETRIES = 2
DEFAULT_DEADLINE = 300.0
"""Seconds for one whole mirror: a site of a few thousand files takes well under a minute."""
MAX_SIGNATURE_BYTES = 4096
_NO_CACHE = {"Cache-Control": "no-cache"}


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
    """As given, without any identifiant:motdepasse@ it may have carried."""
    verdict: Verdict = Verdict.CURRENT
    build: str | None = None
    sequence: int | None = None
    generated: str | None = None
    problems: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)
    """Files the server did not deliver (error 5xx, timeout): nothing is known of them."""
    signed: bool = False
    """The manifest's signature was checked with the portal's public key."""
    seconds: float = 0.0

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


class TooLarge(Exception):
    """A body longer than it may be: the download is stopped there."""


def verify_mirrors(urls: list[str], reference: Reference, now: dt.datetime,
                   transport: httpx.AsyncBaseTransport | None = None,
                   deadline: float = DEFAULT_DEADLINE) -> list[MirrorReport]:
    """One report per URL, in order, whatever the mirrors send; each within `deadline`
    seconds. `transport` replaces the network (tests)."""
    return asyncio.run(_verify_all(urls, reference, now, transport, deadline))


async def verify_mirror(url: str, reference: Reference, now: dt.datetime,
                        deadline: float = DEFAULT_DEADLINE) -> MirrorReport:
    """One mirror's report, for a caller already in an event loop (the drill verifies
    each mirror as soon as it is published, while the others are still being sent)."""
    return await _verify_within(url, reference, now, None, deadline)


async def _verify_all(urls: list[str], reference: Reference, now: dt.datetime,
                      transport: httpx.AsyncBaseTransport | None,
                      deadline: float) -> list[MirrorReport]:
    return list(await asyncio.gather(*(_verify_within(url, reference, now, transport, deadline)
                                       for url in urls)))


async def _verify_within(url: str, reference: Reference, now: dt.datetime,
                         transport: httpx.AsyncBaseTransport | None,
                         deadline: float) -> MirrorReport:
    """One mirror, its own connections, its own deadline; never an exception."""
    base = url if url.endswith("/") else url + "/"
    report = MirrorReport(url="".join(c if c.isprintable() else f"\\u{ord(c):04x}"
                                      for c in without_userinfo(base)))
    start = time.monotonic()
    try:
        async with http_client(transport, base) as client, asyncio.timeout(deadline):
            await _verify_one(client, base, reference, now, report)
    except TimeoutError:
        report.flag(Verdict.UNREACHABLE,
                    f"vérification interrompue au bout de {time.monotonic() - start:.0f} s "
                    f"(délai de {deadline:g} s dépassé) : copie trop lente ou qui ne "
                    "répond plus")
        _flag_files(report, [])  # what was found before the deadline still counts
    except Exception as exc:  # the last guard: a mirror never costs the others their line
        report.flag(Verdict.UNREACHABLE, f"vérification impossible ({type(exc).__name__})")
    report.seconds = round(time.monotonic() - start, 1)
    return report


class _LeftTheMirror(httpx.RequestError):
    """A redirect to another host: the request is not sent (verify never goes elsewhere)."""


def http_client(transport: httpx.AsyncBaseTransport | None, base: str) -> httpx.AsyncClient:
    """Redirects are followed on the mirror's own host only (``http`` → ``https``, a
    moved folder); a mirror cannot make verify fetch from, or vouch for, another site."""
    try:
        host = httpx.URL(base).host
    except httpx.InvalidURL:  # reported by `_verify_one`, which sends nothing then
        host = ""

    async def stay_on_the_mirror(request: httpx.Request) -> None:
        if request.url.host != host or request.url.scheme not in ("http", "https"):
            raise _LeftTheMirror(f"redirection vers un autre site refusée "
                                 f"({request.url.host or request.url.scheme})", request=request)

    return httpx.AsyncClient(
        timeout=TIMEOUT, follow_redirects=True,
        transport=transport or httpx.AsyncHTTPTransport(retries=RETRIES),
        limits=httpx.Limits(max_connections=CONCURRENT_DOWNLOADS),
        event_hooks={"request": [stay_on_the_mirror]})


async def _verify_one(client: httpx.AsyncClient, base: str, reference: Reference,
                      now: dt.datetime, report: MirrorReport) -> None:
    problem = address_problem(base)
    if problem:
        report.flag(Verdict.UNREACHABLE, f"adresse invalide : {problem}")
        return
    try:
        raw = await download(client, base + MANIFEST, MAX_MANIFEST_BYTES)
    except TooLarge:
        report.flag(Verdict.TAMPERED, f"manifeste trop volumineux (plus de "
                                      f"{MAX_MANIFEST_BYTES // 2**20} Mo) : téléchargement "
                                      "arrêté")
        return
    except httpx.HTTPError as exc:
        report.flag(Verdict.UNREACHABLE, f"manifeste inaccessible ({failure_reason(exc)})")
        return
    try:
        manifest = Manifest.from_bytes(raw)
    except ValueError as exc:
        report.flag(Verdict.TAMPERED, str(exc))
        return
    report.build, report.sequence = manifest.build, manifest.sequence
    report.generated = manifest.generated.isoformat()
    if reference.public_key is not None:
        report.signed = await _check_signature(client, base, raw, reference.public_key, report)
    _check_freshness(manifest, reference, now, report.signed, report)
    await _check_files(client, base, _expected_files(manifest, reference, report), report)


async def _check_signature(client: httpx.AsyncClient, base: str, raw: bytes,
                           key: Ed25519PublicKey, report: MirrorReport) -> bool:
    try:
        signature = await download(client, base + SIGNATURE, MAX_SIGNATURE_BYTES)
    except TooLarge:
        report.flag(Verdict.SIGNATURE_INVALID, "signature trop volumineuse")
        return False
    except httpx.HTTPError as exc:
        report.flag(Verdict.SIGNATURE_INVALID, f"signature absente ({failure_reason(exc)})")
        return False
    if not signature_is_valid(raw, signature, key):
        report.flag(Verdict.SIGNATURE_INVALID, "la signature ne correspond pas au manifeste")
        return False
    return True


def _check_freshness(manifest: Manifest, reference: Reference, now: dt.datetime,
                     signed: bool, report: MirrorReport) -> None:
    if manifest.expires <= now:
        report.flag(Verdict.EXPIRED, f"copie expirée depuis le {_when(manifest.expires)}")
    expected = reference.manifest
    if expected is not None and manifest.build != expected.build \
            and manifest.sequence <= expected.sequence:
        report.flag(Verdict.STALE, f"ancienne version {manifest.build} du "
                                   f"{_when(manifest.generated)} (attendu {expected.build} du "
                                   f"{_when(expected.generated)})")
    elif expected is not None and manifest.build != expected.build and not signed:
        report.flag(Verdict.TAMPERED, f"version {manifest.build} inconnue : plus récente que "
                                      f"la construction de référence {expected.build}, et "
                                      "sans signature vérifiée")
    elif manifest.sequence < reference.last_sequence:
        report.flag(Verdict.STALE, f"retour en arrière : version du {_when(manifest.generated)}"
                                   ", plus ancienne qu'une version déjà vue")


def _expected_files(manifest: Manifest, reference: Reference,
                    report: MirrorReport) -> dict[str, FileEntry]:
    """What each file must be: the reference build's own list when the mirror claims to
    serve that build (a manifest edited to match an altered page is then caught), else
    the mirror's manifest."""
    expected = reference.manifest
    if expected is None or manifest.build != expected.build:
        return manifest.files
    if manifest.files != expected.files:
        report.flag(Verdict.TAMPERED, f"manifeste modifié : il ne liste pas les fichiers de "
                                      f"la construction {expected.build} qu'il annonce")
    return expected.files


async def _check_files(client: httpx.AsyncClient, base: str, files: dict[str, FileEntry],
                       report: MirrorReport) -> None:
    gate = asyncio.Semaphore(CONCURRENT_DOWNLOADS)
    reasons: set[str] = set()

    async def check(path: str) -> None:
        async with gate:
            try:
                intact = await _matches(client, base + quote(path), files[path])
            except httpx.HTTPStatusError as exc:
                status = exc.response.status_code
                if status >= 500 or status in (408, 429):
                    report.unverified.append(path)
                    reasons.add(failure_reason(exc))
                else:
                    report.missing.append(path)
                return
            except (httpx.TooManyRedirects, httpx.UnsupportedProtocol):
                report.missing.append(path)
                return
            except httpx.DecodingError:
                intact = False
            except httpx.HTTPError as exc:  # timeouts, connections lost
                report.unverified.append(path)
                reasons.add(failure_reason(exc))
                return
        if not intact:
            report.altered.append(path)

    await asyncio.gather(*(check(path) for path in files))
    _flag_files(report, sorted(reasons))


def _flag_files(report: MirrorReport, reasons: list[str]) -> None:
    for found in (report.altered, report.missing, report.unverified):
        found.sort()
    if report.altered:
        report.flag(Verdict.TAMPERED, f"{len(report.altered)} fichier(s) différent(s) du "
                                      f"manifeste : {', '.join(report.altered[:5])}")
    if report.missing:
        report.flag(Verdict.MISSING_FILES, f"{len(report.missing)} fichier(s) manquant(s) : "
                                           f"{', '.join(report.missing[:5])}")
    if report.unverified:
        why = f" ({', '.join(reasons)})" if reasons else ""
        report.flag(Verdict.UNREACHABLE, f"{len(report.unverified)} fichier(s) non vérifié(s), "
                                         f"le serveur ne les a pas servis{why} : "
                                         f"{', '.join(report.unverified[:5])}")


async def download(client: httpx.AsyncClient, url: str, limit: int) -> bytes:
    """The body, `TooLarge` as soon as it passes `limit` bytes (chunked without end too)."""
    body = bytearray()
    async with client.stream("GET", url, headers=_NO_CACHE) as response:
        response.raise_for_status()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > limit:
                raise TooLarge
    return bytes(body)


async def _matches(client: httpx.AsyncClient, url: str, entry: FileEntry) -> bool:
    """Hash while reading; stop as soon as the file is longer than announced."""
    digest, size = hashlib.sha256(), 0
    async with client.stream("GET", url, headers=_NO_CACHE) as response:
        response.raise_for_status()
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > entry.size:
                return False
            digest.update(chunk)
    return size == entry.size and digest.hexdigest() == entry.sha256


def address_problem(base: str) -> str | None:
    """Why `base` cannot be asked (in French), or `None`: checked before any request, so
    that a typo is reported as such, never as an exception's name."""
    if not re.match(r"https?://[^/?#]", base, re.IGNORECASE):
        return "http:// ou https:// attendu"
    if any(ord(c) <= 0x20 or 0x7F <= ord(c) <= 0x9F for c in base):
        return "espace ou caractère de contrôle dans l'adresse"
    try:
        port = httpx.URL(base).port
    except httpx.InvalidURL:
        return "adresse illisible"
    if port is not None and not 0 < port < 65536:
        return f"port {port} hors limites (1 à 65535)"
    return None


_NETWORK_REASONS: tuple[tuple[type[httpx.HTTPError], str], ...] = (
    (httpx.ConnectTimeout, "pas de réponse à la connexion dans le délai"),
    (httpx.TimeoutException, "plus de réponse dans le délai"),
    (httpx.ConnectError, "connexion impossible (serveur éteint, nom inconnu ou port fermé)"),
    (httpx.RemoteProtocolError, "réponse du serveur non conforme à HTTP"),
    (httpx.NetworkError, "connexion interrompue"),
    (httpx.TooManyRedirects, "trop de redirections"),
    (httpx.DecodingError, "contenu compressé illisible"),
)
"""httpx's exception names are English: each is said in French, the name kept for IT."""


def failure_reason(exc: httpx.HTTPError) -> str:
    if isinstance(exc, _LeftTheMirror):
        return str(exc)
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    for kind, reason in _NETWORK_REASONS:
        if isinstance(exc, kind):
            return f"{reason} ; {type(exc).__name__}"
    return f"erreur réseau {type(exc).__name__}"


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%d/%m/%Y à %H:%M")


_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


def without_userinfo(url: str) -> str:
    """`https://user:secret@host/` → `https://host/`: what may be printed of an address."""
    return _USERINFO.sub(r"\1", url)


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
    """`ValueError` (in French) if the state file is not one this command wrote."""
    if state is None or not state.is_file():
        return 0
    try:
        value = json.loads(state.read_bytes()).get("last_sequence", 0)
    except (ValueError, AttributeError, RecursionError, OSError):
        value = None
    if type(value) is not int or not 0 <= value <= MAX_SEQUENCE:
        raise ValueError(f"fichier d'état {state} illisible : attendu "
                         '{"last_sequence": <entier>} ; supprimez-le, la prochaine '
                         "vérification le récrira")
    return value


FUTURE_TOLERANCE = dt.timedelta(hours=1)
"""Clock skew allowed between the build machine and the one that verifies."""


def write_last_sequence(state: Path, reports: list[MirrorReport], previous: int,
                        now: dt.datetime) -> None:
    """Remember the newest sequence served by a healthy mirror (written atomically).

    An unsigned manifest is anyone's writing: its sequence is remembered only if it is not
    in the future, else a mirror could write 2^53 once and have every real build reported
    as a rollback from then on."""
    horizon = (now + FUTURE_TOLERANCE).timestamp()
    healthy = [r.sequence for r in reports if r.verdict is Verdict.CURRENT and r.sequence
               and (r.signed or r.sequence <= horizon)]
    partial = state.with_suffix(state.suffix + ".part")
    partial.write_text(json.dumps({"last_sequence": max([previous, *healthy])}) + "\n")
    partial.replace(state)

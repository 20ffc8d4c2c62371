"""What a published copy shows: its ``donnees/annuaire.json``, read through its manifest.

Fetched the way `portal verify` fetches (its client, size caps, timeouts, same-host
redirects only): the manifest first, validated strictly, its signature checked when a
public key is known, then the public data, whose bytes must match the manifest's digest.
Nothing the copy sends is trusted, and every failure is one French sentence.
"""

from __future__ import annotations

import asyncio
import hashlib

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from generator.changes import Snapshot
from generator.manifest import (
    MANIFEST,
    MAX_MANIFEST_BYTES,
    SIGNATURE,
    Manifest,
    signature_is_valid,
)
from generator.public_data import MAX_BYTES, PUBLIC_DATA_FILE, read_snapshot
from generator.verify import (
    MAX_SIGNATURE_BYTES,
    TooLarge,
    address_problem,
    download,
    failure_reason,
    http_client,
)

DEADLINE = 60.0
"""Seconds for the whole copy: two small files."""


class CopyUnreadable(ValueError):
    """What the copy shows cannot be known; the message says why, in French."""


def published_snapshot(url: str, public_key: Ed25519PublicKey | None,
                       transport: httpx.AsyncBaseTransport | None = None) -> Snapshot:
    """What patients see on the copy at `url`; `transport` replaces the network (tests)."""
    base = url if url.endswith("/") else url + "/"
    if problem := address_problem(base):
        raise CopyUnreadable(f"adresse de la copie invalide : {problem}")
    try:
        raw = asyncio.run(_fetch(base, public_key, transport))
    except TimeoutError as exc:
        raise CopyUnreadable(f"la copie n'a pas tout envoyé en {DEADLINE:g} s") from exc
    try:
        return read_snapshot(raw)
    except ValueError as exc:
        raise CopyUnreadable(str(exc)) from exc


async def _fetch(base: str, key: Ed25519PublicKey | None,
                 transport: httpx.AsyncBaseTransport | None) -> bytes:
    async with http_client(transport, base) as client, asyncio.timeout(DEADLINE):
        manifest_bytes = await _get(client, base, MANIFEST, MAX_MANIFEST_BYTES)
        try:
            manifest = Manifest.from_bytes(manifest_bytes)
        except ValueError as exc:
            raise CopyUnreadable(f"manifeste de la copie refusé : {exc}") from exc
        if key is not None:
            signature = await _get(client, base, SIGNATURE, MAX_SIGNATURE_BYTES)
            if not signature_is_valid(manifest_bytes, signature, key):
                raise CopyUnreadable("la signature du manifeste de la copie ne correspond pas "
                                     "à la clé publique : copie altérée, ou mauvaise clé")
        entry = manifest.files.get(PUBLIC_DATA_FILE)
        if entry is None:
            raise CopyUnreadable(f"la copie ne publie pas {PUBLIC_DATA_FILE} : elle a été "
                                 "construite par une version plus ancienne du portail ; "
                                 "comparez plutôt avec une révision (--depuis)")
        if entry.size > MAX_BYTES:
            raise CopyUnreadable(f"{PUBLIC_DATA_FILE} de la copie trop gros ({entry.size} "
                                 f"octets, au plus {MAX_BYTES})")
        data = await _get(client, base, PUBLIC_DATA_FILE, entry.size)
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        raise CopyUnreadable(f"{PUBLIC_DATA_FILE} de la copie ne correspond pas à son "
                             "manifeste : copie altérée ou en cours de mise à jour")
    return data


async def _get(client: httpx.AsyncClient, base: str, path: str, limit: int) -> bytes:
    try:
        return await download(client, base + path, limit)
    except TooLarge as exc:
        raise CopyUnreadable(f"{path} de la copie plus gros qu'annoncé (plus de {limit} "
                             "octets) : téléchargement arrêté") from exc
    except httpx.HTTPError as exc:
        raise CopyUnreadable(f"{path} de la copie inaccessible ({failure_reason(exc)})") from exc

"""The integrity manifest: what a complete, current, unaltered copy of the site contains.

Written at the site's root by `portal build` (``manifest.json``), and optionally signed
with Ed25519 (``manifest.json.sig``), so that anyone can check a mirror from outside:
every file's SHA-256 and size, which build it is, how recent (`sequence`), and until
when a copy may be trusted without a newer build (`expires`) — a stale copy with an
old phone number sends patients to a dead line.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.sig"
FORMAT = 1
KEY_VARIABLE = "PORTAL_SIGNING_KEY"
"""The private key, base64 (as `portal keygen` prints it); never in the repository."""
KEY_FILE_VARIABLE = "PORTAL_SIGNING_KEY_FILE"


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    build: str
    """A digest of every file's path and digest: two copies with the same build are equal."""
    sequence: int
    """Seconds since 1970 of the moment the site was built for; only ever grows."""
    generated: dt.datetime
    expires: dt.datetime
    data_date: str | None
    files: dict[str, FileEntry]

    def to_bytes(self) -> bytes:
        """Canonical JSON: the same manifest is always the same bytes (and signature)."""
        data = {"format": FORMAT, "build": self.build, "sequence": self.sequence,
                "generated": self.generated.isoformat(), "expires": self.expires.isoformat(),
                "data_date": self.data_date,
                "files": {p: {"sha256": e.sha256, "size": e.size}
                          for p, e in sorted(self.files.items())}}
        return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()

    @staticmethod
    def from_bytes(raw: bytes) -> Manifest:
        """Read a manifest; `ValueError` (in French) if it is not one."""
        try:
            data: dict[str, Any] = json.loads(raw)
            if data.get("format") != FORMAT:
                raise ValueError(f"format de manifeste inconnu ({data.get('format')!r})")
            return Manifest(
                build=str(data["build"]), sequence=int(data["sequence"]),
                generated=dt.datetime.fromisoformat(data["generated"]),
                expires=dt.datetime.fromisoformat(data["expires"]),
                data_date=data.get("data_date"),
                files={str(p): FileEntry(str(e["sha256"]), int(e["size"]))
                       for p, e in data["files"].items()})
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"manifeste illisible ({exc})") from exc


def build_manifest(site: Path, generated: dt.datetime, valid_for: dt.timedelta,
                   data_date: str | None) -> Manifest:
    files = {p.relative_to(site).as_posix(): _entry(p) for p in sorted(site.rglob("*"))
             if p.is_file() and p.name not in (MANIFEST, SIGNATURE)}
    listing = "".join(f"{path}\0{entry.sha256}\n" for path, entry in files.items())
    return Manifest(build=hashlib.sha256(listing.encode()).hexdigest()[:16],
                    sequence=int(generated.timestamp()), generated=generated,
                    expires=generated + valid_for, data_date=data_date, files=files)


def write_manifest(site: Path, manifest: Manifest, key: Ed25519PrivateKey | None) -> None:
    raw = manifest.to_bytes()
    (site / MANIFEST).write_bytes(raw)
    if key is not None:
        (site / SIGNATURE).write_bytes(base64.b64encode(key.sign(raw)) + b"\n")


def _entry(path: Path) -> FileEntry:
    data = path.read_bytes()
    return FileEntry(hashlib.sha256(data).hexdigest(), len(data))


# --- Keys ------------------------------------------------------------------------------------


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_text(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    return base64.b64encode(raw).decode()


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def fingerprint(key: Ed25519PublicKey) -> str:
    """What people compare by eye or over the phone: SHA-256, grouped by four."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest().upper()[:32]
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def load_public_key(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip(), validate=True))
    except ValueError as exc:
        raise ValueError("clé publique invalide : attendu 32 octets en base64 "
                         "(celle que « portal keygen » affiche)") from exc


def signing_key_from_environment() -> Ed25519PrivateKey | None:
    """The key CI holds in a secret variable (or a file); `None` means "do not sign"."""
    text = os.environ.get(KEY_VARIABLE)
    path = os.environ.get(KEY_FILE_VARIABLE)
    if not text and path:
        text = Path(path).read_text().strip()
    if not text:
        return None
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text.strip(),
                                                                     validate=True))
    except ValueError as exc:
        raise ValueError(f"{KEY_VARIABLE} : clé privée invalide (attendu 32 octets en "
                         "base64, comme « portal keygen » l'affiche)") from exc


def signature_is_valid(raw_manifest: bytes, signature: bytes, key: Ed25519PublicKey) -> bool:
    try:
        key.verify(base64.b64decode(signature.strip()), raw_manifest)
    except (InvalidSignature, ValueError):
        return False
    return True

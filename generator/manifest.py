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


MAX_KEY_FILE_BYTES = 4096
"""A key is 44 characters: anything much bigger is the wrong file, not read into memory."""


def signing_key_from_environment() -> Ed25519PrivateKey | None:
    """The key CI holds in a secret variable (or a file); `None` means "do not sign".

    `ValueError` says what is wrong in French, and never quotes any part of the secret:
    build logs are read by many, and a shown byte is a leaked byte.
    """
    text = os.environ.get(KEY_VARIABLE, "")
    source = KEY_VARIABLE
    path = os.environ.get(KEY_FILE_VARIABLE, "")
    if not text.strip() and path:
        source = f"{KEY_FILE_VARIABLE} ({path})"
        text = _read_key_file(Path(path), source)
    if not text.strip():
        return None
    return _private_key(text.strip(), source)


def _read_key_file(path: Path, source: str) -> str:
    try:
        if path.is_dir():
            raise ValueError(f"{source} : c'est un dossier ; attendu le fichier de la clé")
        if path.exists() and not path.is_file():  # a pipe or a device would hang or flood
            raise ValueError(f"{source} : ce n'est pas un fichier ordinaire")
        with path.open("rb") as key_file:
            raw = key_file.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        reason = ("fichier introuvable" if isinstance(exc, FileNotFoundError) else
                  "fichier illisible (accès refusé)" if isinstance(exc, PermissionError) else
                  f"fichier illisible (erreur système {exc.errno})")
        raise ValueError(f"{source} : {reason}") from None
    if len(raw) > MAX_KEY_FILE_BYTES:
        raise ValueError(f"{source} : fichier trop gros pour une clé (plus de "
                         f"{MAX_KEY_FILE_BYTES} octets) ; attendu les 44 caractères que "
                         "« portal keygen » affiche")
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise ValueError(f"{source} : le fichier n'est pas du texte (clé binaire ?) ; attendu "
                         "les 44 caractères base64 que « portal keygen » affiche") from None
    if not text.strip():
        raise ValueError(f"{source} : le fichier est vide")
    return text


def _private_key(text: str, source: str) -> Ed25519PrivateKey:
    hint = "attendu 32 octets en base64, comme « portal keygen » l'affiche"
    if "-----BEGIN" in text:
        raise ValueError(f"{source} : clé au format PEM ; {hint}")
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        raise ValueError(f"{source} : clé privée invalide, ce n'est pas du base64 ; "
                         f"{hint}") from None
    if len(raw) != 32:
        raise ValueError(f"{source} : clé privée invalide ({len(raw)} octets) ; {hint}")
    return Ed25519PrivateKey.from_private_bytes(raw)


def signature_is_valid(raw_manifest: bytes, signature: bytes, key: Ed25519PublicKey) -> bool:
    try:
        key.verify(base64.b64decode(signature.strip()), raw_manifest)
    except (InvalidSignature, ValueError):
        return False
    return True

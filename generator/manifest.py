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
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from generator.characters import has_forbidden_characters

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.sig"
FORMAT = 1
KEY_VARIABLE = "PORTAL_SIGNING_KEY"
"""The private key, base64 (as `portal keygen` prints it); never in the repository."""
KEY_FILE_VARIABLE = "PORTAL_SIGNING_KEY_FILE"

MAX_MANIFEST_BYTES = 32 * 1024 * 1024
"""A site of `MAX_FILES` files writes a manifest of about 15 MB; anything bigger is hostile."""
MAX_FILES = 100_000
MAX_FILE_SIZE = 2 * 1024 * 1024 * 1024
"""The largest file a portal publishes (the offline archive) is a few MB."""
MAX_PATH_LENGTH = 512
MAX_SEQUENCE = 2**53
"""Seconds since 1970: far beyond any real date, still exact in every JSON reader."""


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
        """Read a manifest, trusting nothing in it: `ValueError` (in French) if it is not
        exactly what `portal build` writes, whatever the bytes."""
        return _parse(raw)


# --- Reading a manifest from anywhere -----------------------------------------------------
# A mirror's manifest is written by whoever controls the mirror. Every value is checked for
# type and range, and every path for the one shape `portal build` writes, before any of it
# is used to name a file to fetch, send or delete.

_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")
_BUILD = re.compile(r"[0-9a-f]{8,64}")
_KEYS = {"format", "build", "sequence", "generated", "expires", "data_date", "files"}


def path_problem(path: str) -> str | None:
    """Why `path` cannot name a file inside a mirror (in French), or `None` if it can: a
    relative POSIX path of plain names, the same once percent-decoded, never `..`."""
    if not path:
        return "chemin vide"
    if len(path) > MAX_PATH_LENGTH:
        return f"chemin de plus de {MAX_PATH_LENGTH} caractères"
    for form in (path, unquote(path)):
        if has_forbidden_characters(form) or any(c in form for c in "\t\n\r"):
            return "caractère de contrôle ou invisible dans le chemin"
        if "\\" in form:
            return "barre oblique inverse dans le chemin"
        if ":" in form:
            return "deux-points dans le chemin (adresse ou lecteur Windows)"
        if form.startswith("/"):
            return "chemin absolu"
        if any(part in ("", ".", "..") for part in form.split("/")):
            return "segment vide, « . » ou « .. » dans le chemin"
    if any(len(part.encode()) > 255 for part in path.split("/")):
        return "nom de plus de 255 octets dans le chemin"
    return None


def _parse(raw: bytes) -> Manifest:
    if len(raw) > MAX_MANIFEST_BYTES:
        raise ValueError(f"manifeste trop volumineux (plus de {MAX_MANIFEST_BYTES // 2**20} Mo)")
    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_unique_keys,
                          parse_constant=_no_constant)
    except _Refused:
        raise
    except UnicodeDecodeError:
        raise ValueError("manifeste illisible : ce n'est pas du texte UTF-8") from None
    except RecursionError:
        raise ValueError("manifeste illisible : imbrication trop profonde") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"manifeste illisible : JSON invalide ligne {exc.lineno}, "
                         f"colonne {exc.colno}") from None
    except ValueError:  # an integer of more than 4,300 digits
        raise ValueError("manifeste illisible : nombre hors limites") from None
    if not isinstance(data, dict):
        raise ValueError("manifeste illisible : un objet JSON est attendu")
    if type(data.get("format")) is not int or data["format"] != FORMAT:
        raise ValueError("format de manifeste inconnu")
    if set(data) != _KEYS:
        raise ValueError("manifeste illisible : clés attendues " + ", ".join(sorted(_KEYS)))
    build = data["build"]
    if not isinstance(build, str) or not _BUILD.fullmatch(build):
        raise ValueError("manifeste illisible : « build » n'est pas une empreinte")
    data_date = data["data_date"]
    if data_date is not None and (not isinstance(data_date, str) or len(data_date) > 64
                                  or has_forbidden_characters(data_date)):
        raise ValueError("manifeste illisible : « data_date » invalide")
    return Manifest(build=build, sequence=_integer(data["sequence"], "sequence", MAX_SEQUENCE),
                    generated=_moment(data["generated"], "generated"),
                    expires=_moment(data["expires"], "expires"), data_date=data_date,
                    files=_files(data["files"]))


class _Refused(ValueError):
    """Raised from inside the JSON reader, already worded for the report."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Two values for one key: JSON readers disagree on which wins, so neither does."""
    data = dict(pairs)
    if len(data) != len(pairs):
        raise _Refused("manifeste illisible : une clé apparaît deux fois")
    return data


def _no_constant(name: str) -> Any:
    raise _Refused(f"manifeste illisible : valeur {name} interdite")


def _integer(value: Any, key: str, maximum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maximum:
        raise ValueError(f"manifeste illisible : « {key} » doit être un entier entre 0 et "
                         f"{maximum}")
    return value


def _moment(value: Any, key: str) -> dt.datetime:
    """An ISO 8601 moment with its offset from UTC: a naive one cannot be compared."""
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise ValueError(f"manifeste illisible : « {key} » doit être une date ISO 8601 avec "
                         "son fuseau horaire")
    return moment


def _files(value: Any) -> dict[str, FileEntry]:
    if not isinstance(value, dict):
        raise ValueError("manifeste illisible : « files » doit être un objet")
    if len(value) > MAX_FILES:
        raise ValueError(f"manifeste illisible : plus de {MAX_FILES} fichiers")
    files: dict[str, FileEntry] = {}
    seen: dict[str, str] = {}
    for path, entry in value.items():
        problem = path_problem(path)
        if problem:
            raise ValueError(f"chemin refusé dans le manifeste ({problem}) : {path[:80]!r}")
        folded = unicodedata.normalize("NFC", path).casefold()
        if folded in seen:
            raise ValueError(f"deux chemins ne diffèrent que par la casse ou l'Unicode : "
                             f"{seen[folded]!r}, {path!r}")
        seen[folded] = path
        if not isinstance(entry, dict) or set(entry) != {"sha256", "size"}:
            raise ValueError(f"manifeste illisible : entrée de {path!r} invalide")
        digest = entry["sha256"]
        if not isinstance(digest, str) or not _HEX_DIGEST.fullmatch(digest):
            raise ValueError(f"manifeste illisible : « sha256 » de {path!r} invalide")
        files[path] = FileEntry(digest, _integer(entry["size"], "size", MAX_FILE_SIZE))
    return files


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
    """Read in blocks: the offline copy and the open data run to megabytes at 3,000 services."""
    with path.open("rb") as file:
        digest = hashlib.file_digest(file, "sha256")
        return FileEntry(digest.hexdigest(), file.tell())


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

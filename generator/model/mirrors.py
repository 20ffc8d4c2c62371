"""Where the site is published (``miroirs.yml``): a shared folder, a WebDAV server…

Written by IT, checked like the rest (file:line errors). Credentials never appear here:
a mirror names the environment variables that hold them, set as CI secrets.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from generator.characters import has_forbidden_characters
from generator.model import json_types
from generator.model.values import Identifier, Text, Url, choice

MIRRORS_FILE = "miroirs.yml"
"""In the project folder, beside mkdocs.yml."""


class MirrorKind(StrEnum):
    DOSSIER = "dossier"
    """A local or mounted folder: intranet share, USB key, a web server's root."""
    WEBDAV = "webdav"
    S3 = "s3"
    """S3-compatible object storage (optional extra « s3 »)."""
    RSYNC = "rsync"
    """A server reached by rsync over SSH."""


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Mirror(_Block):
    name: Identifier = Field(alias="nom")
    kind: Annotated[MirrorKind, choice(MirrorKind)] = Field(alias="type")
    target: Text = Field(alias="cible")
    """A folder path (`dossier`), the WebDAV collection's URL, or ``s3://seau/dossier/``."""
    endpoint: Url | None = Field(None, alias="point_d_acces")
    """The S3-compatible service's address (omit for Amazon S3 itself)."""
    public_url: Url | None = Field(None, alias="url_publique")
    """Where patients read this copy; `portal verify` checks it after publishing."""
    ssh_port: Annotated[int, Field(gt=0, lt=65536),
                        WithJsonSchema(json_types.PORT)] | None = Field(None, alias="port_ssh")
    key_variable: Text | None = Field(None, alias="variable_cle_ssh")
    """For rsync: the variable holding the path of the SSH private key."""
    user_variable: Text | None = Field(None, alias="variable_identifiant")
    password_variable: Text | None = Field(None, alias="variable_mot_de_passe")

    @field_validator("target")
    @classmethod
    def _target_fits_kind(cls, target: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if not isinstance(kind, MirrorKind):
            return target  # the kind itself is reported
        problem = target_problem(kind, target)
        if problem:
            raise PydanticCustomError("mirror.target", "cible refusée : {problem}",
                                      {"problem": problem, "hint": _TARGET_HINTS[kind]})
        return target


class MirrorsFile(_Block):
    mirrors: tuple[Mirror, ...] = Field(alias="miroirs", min_length=1)


_TARGET_HINTS = {
    MirrorKind.DOSSIER: "écrivez le chemin absolu d'un dossier réservé au portail, par "
                        "exemple /mnt/partage/portail-crise",
    MirrorKind.WEBDAV: "écrivez l'adresse de la collection, par exemple "
                       "https://dav.exemple.fr/crise/ ; l'identifiant et le mot de passe vont "
                       "dans les variables nommées par variable_identifiant et "
                       "variable_mot_de_passe",
    MirrorKind.S3: "écrivez s3://seau/dossier/ ; les clés d'accès vont dans les variables "
                   "nommées par variable_identifiant et variable_mot_de_passe",
    MirrorKind.RSYNC: "écrivez utilisateur@serveur:/chemin/absolu ; la clé SSH va dans la "
                      "variable nommée par variable_cle_ssh",
}
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_SSH_HOST = re.compile(r"(?:[A-Za-z0-9_][A-Za-z0-9._-]*@)?"
                       r"(?:[A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\])")
"""A user and a host name or address, never starting with "-" (ssh would read an option)."""


def target_problem(kind: MirrorKind, target: str) -> str | None:
    """Why `target` cannot be a `kind` mirror's `cible` (in French), or `None`. Checked at
    load and again before publishing: every later step builds on it."""
    if has_forbidden_characters(target) or any(c.isspace() for c in target.strip()):
        return "caractère invisible, de contrôle ou espace"
    if kind is MirrorKind.DOSSIER:
        return _folder_problem(target)
    if kind is MirrorKind.RSYNC:
        host, _, path = target.partition(":")
        if not _SSH_HOST.fullmatch(host):
            return "serveur absent ou invalide avant « : »"
        return _folder_problem(path)
    parts = _split(target)
    if parts is None:
        return "adresse illisible"
    if parts.username is not None or parts.password is not None:
        return "identifiants dans l'adresse (interdits : un secret n'est jamais écrit ici)"
    if parts.query or parts.fragment or "\\" in target:
        return "« ? », « # » ou « \\ » dans l'adresse"
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        return "« . » ou « .. » dans le chemin"
    if kind is MirrorKind.WEBDAV:
        return None if parts.scheme in ("http", "https") and parts.hostname else \
            "adresse http:// ou https:// attendue"
    if parts.scheme != "s3" or not _BUCKET.fullmatch(parts.netloc):
        return "adresse s3://seau/dossier/ attendue (nom de seau en minuscules)"
    return None


def _split(target: str) -> Any:
    try:
        parts = urlsplit(target)
        parts.port  # noqa: B018 -- raises on a port that is not a number
    except ValueError:
        return None
    return parts


def _folder_problem(path: str) -> str | None:
    """An absolute folder path that is not the root and climbs nowhere."""
    if "://" in path:
        return "une adresse, pas un chemin de dossier"
    if not path.startswith("/"):
        return "chemin absolu attendu (commençant par /)"
    segments = [s for s in path.split("/") if s]
    if not segments:
        return "la racine du disque ne peut pas être une cible"
    if any(segment in (".", "..") for segment in segments):
        return "« . » ou « .. » dans le chemin"
    return None

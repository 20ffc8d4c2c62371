"""Where the site is published (``miroirs.yml``): a shared folder, a WebDAV server…

Written by IT, checked like the rest (file:line errors). Credentials never appear here:
a mirror names the environment variables that hold them, set as CI secrets.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from generator.model.values import Identifier, Text, Url, choice


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
    ssh_port: Annotated[int, Field(gt=0, lt=65536)] | None = Field(None, alias="port_ssh")
    key_variable: Text | None = Field(None, alias="variable_cle_ssh")
    """For rsync: the variable holding the path of the SSH private key."""
    user_variable: Text | None = Field(None, alias="variable_identifiant")
    password_variable: Text | None = Field(None, alias="variable_mot_de_passe")


class MirrorsFile(_Block):
    mirrors: tuple[Mirror, ...] = Field(alias="miroirs", min_length=1)

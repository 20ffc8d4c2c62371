"""Stage (c): a built site → a sealed one (security headers, offline copy, manifest, dates).

Whichever engine turned the pages into `site/`, the seal is the same: it reads the folder
and the `BuildContext`, never the engine. Every failure is a `SealFailed` in French.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from generator.archive import ARCHIVE_NAME, write_offline_archive
from generator.build_messages import os_error
from generator.context import BuildContext
from generator.headers import write_header_snippets
from generator.manifest import MANIFEST, Manifest, build_manifest, write_manifest


class SealFailed(Exception):
    """The site could not be sealed; the message says why, in French."""


def seal(site: Path, context: BuildContext, data_date: dt.date | None,
         key: Ed25519PrivateKey | None) -> None:
    """Headers, offline zip and (signed) manifest written into `site`, every file dated
    from the data (`context.epoch`) so that the same inputs give the same bytes."""
    assert context.now is not None and context.epoch is not None, "a sealed build is dated"
    moment = context.now.replace(second=0, microsecond=0)  # --now is to the minute
    with _writing("les en-têtes de sécurité"):
        write_header_snippets(site)
    with _writing(ARCHIVE_NAME):
        write_offline_archive(site, moment)
    manifest = build_manifest(site, moment, context.valid_for,
                              data_date.isoformat() if data_date else None)
    _refuse_unpublishable(manifest)
    with _writing(MANIFEST):
        write_manifest(site, manifest, key)
        for path in site.rglob("*"):
            os.utime(path, (context.epoch, context.epoch), follow_symlinks=False)


def _refuse_unpublishable(manifest: Manifest) -> None:
    """Mirrors read the manifest strictly (`Manifest.from_bytes`): a file name they would
    refuse (a `:` or an invisible character in a page's name…) stops the build here, where
    renaming the file fixes it, rather than every publish later."""
    try:
        Manifest.from_bytes(manifest.to_bytes())
    except ValueError as exc:
        raise SealFailed(f"le site ne pourrait pas être publié sur les miroirs : {exc} ; "
                         "renommez ce fichier dans content/ (lettres, chiffres, tirets)") \
            from None


@contextlib.contextmanager
def _writing(what: str) -> Iterator[None]:
    """A full disk (or any system error) while writing `what` becomes a French sentence."""
    try:
        yield
    except OSError as exc:
        raise SealFailed(os_error(exc, f"en écrivant {what}")) from None

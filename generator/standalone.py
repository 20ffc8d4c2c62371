"""The whole public directory as one self-contained HTML file, for partners without a file server.

A regional agency or a town hall runs a CMS: it will not give the hospital WebDAV, S3 or
SSH access, but it can upload or paste one file. This file holds every public number, the
emergency numbers and what changes during the crisis, with inline styles and nothing to
load (no script, image, font or stylesheet), so it works pasted, opened from a USB stick
or printed to PDF. `portal verify` cannot check a copy re-typed into a CMS: the file
carries its build date and the official addresses, so a reader can check it by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.i18n import SOURCE_LANGUAGE
from generator.model import Directory, Establishment, Service
from generator.render import STANDALONE, render_document
from generator.status import Snapshot

__all__ = ["STANDALONE", "render_standalone"]

_PAGE = re.compile(r"(etablissements|services)/([^/]+)\.md")


@dataclass(frozen=True)
class _InDocument:
    """Links between pages become anchors inside the one file (a redirect's place, a service)."""

    def __call__(self, target: str) -> str:
        return "#" + self.anchor_of(target)

    def anchor_of(self, page: str) -> str:
        found = _PAGE.fullmatch(page)
        if found is None:  # a page the file does not hold: its top
            return "urgences"
        folder, name = found.groups()
        return f"{'etablissement' if folder == 'etablissements' else 'service'}-{name}"

    def asset(self, path: str) -> str:  # pragma: no cover - the template links no file
        raise ValueError(f"le fichier autonome ne peut pas renvoyer vers {path}")


def render_standalone(directory: Directory, state: Snapshot, built_at: dt.datetime,
                      language: str = SOURCE_LANGUAGE) -> str:
    """`STANDALONE`'s text: public services by establishment, dated `built_at`."""
    return render_document(
        directory, state, "standalone.html", language, link=_InDocument(), built_at=built_at,
        by_establishment=_by_establishment(directory))


def _by_establishment(directory: Directory) -> list[tuple[Establishment, list[Service]]]:
    """Every establishment, even one without a public service: its switchboard is a number."""
    services = directory.public_services
    return [(e, [s for s in services if directory.establishment_of[s.id].id == e.id])
            for e in directory.establishments]

"""`portal diff`: what patients will see change once the working data is published.

Today's data (the working tree, checked like `portal check` does) is compared with the
data of a git revision (`generator.revisions`) or with what a published copy shows
(`generator.mirror_data`), both seen at the same moment `now`: a state written in advance
shows up as a change only once it is in force, as it will for patients.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from generator.changes import Change, Snapshot, compare, describe, snapshot_of
from generator.mirror_data import published_snapshot
from generator.project import check_project
from generator.revisions import project_at
from generator.verify import without_userinfo

DEFAULT_REVISION = "HEAD"


class DiffImpossible(ValueError):
    """No comparison can be made; the message says why and what to do, in French."""


@dataclass(frozen=True)
class Review:
    """The changes, and what they were compared with."""

    against: str
    """« depuis HEAD », « par rapport à la copie https://… »."""
    changes: list[Change]

    @property
    def title(self) -> str:
        return f"Changements visibles par les patients {self.against}"


def diff_with_revision(root: Path, revision: str, now: dt.datetime) -> Review:
    """Working data against `revision`'s (`HEAD`: what is not committed yet)."""
    try:
        before = project_at(root, revision, now)
    except ValueError as exc:
        raise DiffImpossible(str(exc)) from exc
    assert before.directory is not None
    old = snapshot_of(before.directory, now, before.communiques)
    return Review(f"depuis {revision}",
                  compare(old, _working_data(root, now)))


def diff_with_copy(root: Path, url: str, public_key: Ed25519PublicKey | None,
                   now: dt.datetime,
                   transport: httpx.AsyncBaseTransport | None = None) -> Review:
    """Working data against what the copy at `url` shows (its ``donnees/annuaire.json``)."""
    try:
        old = published_snapshot(url, public_key, transport)
    except ValueError as exc:
        raise DiffImpossible(str(exc)) from exc
    shown = "".join(c if c.isprintable() else "?" for c in without_userinfo(url))
    return Review(f"par rapport à la copie {shown}",
                  compare(old, _working_data(root, now)))


def _working_data(root: Path, now: dt.datetime) -> Snapshot:
    checked = check_project(root, now)
    if checked.directory is None:
        errors = [d for d in checked.diagnostics if d.is_error]
        raise DiffImpossible(f"les données actuelles contiennent {len(errors)} erreur(s), dont "
                             f"« {errors[0].path}:{errors[0].line}: {errors[0].message} » : "
                             "corrigez-les (« portal check » les liste) avant de comparer")
    return snapshot_of(checked.directory, now, checked.communiques)


def format_review(review: Review) -> str:
    """For a terminal: the title, one indented line per change, a count."""
    if not review.changes:
        return f"Aucun changement visible par les patients {review.against}."
    lines = [f"{review.title} :", *(f"  {line}" for line in describe(review.changes))]
    count = len(review.changes)
    lines.append(f"{count} changement{'s' if count > 1 else ''}.")
    return "\n".join(lines)

"""What one build is for, in one value handed from stage to stage (no engine imported here).

Generating, building and sealing all need the same few facts: where the project is, the
moment the site is built for, the dates its files carry, the feed's domain, the published
key. They travel as one frozen `BuildContext`, passed explicitly: never set from outside on
an engine's plugin, never carried through environment variables.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from generator.clock import parse_paris_time

NOW_VARIABLE = "PORTAL_NOW"
"""`PORTAL_NOW=2026-11-20T08:00 mkdocs serve` previews the site as it will be then: read as an
input by `mkdocs build` / `mkdocs serve` (which have no `--now`), never written by the portal."""


@dataclass(frozen=True)
class BuildContext:
    """One build's inputs besides the data: the same whichever engine turns pages into a site."""

    project: Path
    """The folder holding mkdocs.yml, `directory/` and `content/`."""
    directory: str
    """The folder of YAML files, as written in mkdocs.yml (relative to the project)."""
    content_dir: Path
    site_dir: Path
    """Where the engine writes the site (for `portal build`, a staging folder beside it)."""
    now: dt.datetime | None
    """The moment the site is built for; `None`: the clock, read at each (re)build."""
    epoch: int | None
    """Seconds since 1970 that every date of the site derives from (sitemap, archive, file
    times); `None`: the engine's own default (the clock, or SOURCE_DATE_EPOCH if set)."""
    feed_domain: str
    """A domain the hospital owns, naming the Atom feed's entries."""
    public_key: str | None
    """The Ed25519 public key (base64) published to check the manifest's signature."""
    valid_for: dt.timedelta
    """How long a copy counts as current without a newer build (the manifest's expiry)."""
    serving: bool = False
    """A live preview: data errors are shown in the page instead of stopping the server."""

    @property
    def directory_dir(self) -> Path:
        return self.project / self.directory


def now_from_environment() -> dt.datetime | None:
    """`PORTAL_NOW=2026-11-20T08:00` builds the site as it will be then (also for mkdocs)."""
    text = os.environ.get(NOW_VARIABLE)
    return parse_paris_time(text.replace("T", " ")[:16]) if text else None

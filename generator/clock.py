"""The portal's clock: times that patients read are times in France.

Everything that depends on the moment (which state is in force, which communiqué is
published, what counts as stale) receives `now` as an argument; only the CLI and the
MkDocs plugin read the real clock, through `now_in_paris`, which `--now` can override
to preview the site as it will be at a given moment.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from generator import git

PARIS = ZoneInfo("Europe/Paris")
_PATTERNS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %Hh%M",
             "%d/%m/%Y %Hh%M", "%Y-%m-%d %Hh", "%d/%m/%Y %Hh", "%Y-%m-%d", "%d/%m/%Y")


def now_in_paris() -> dt.datetime:
    return dt.datetime.now(PARIS)


def parse_paris_time(text: str) -> dt.datetime | None:
    """``2026-11-20 14:30``, ``20/11/2026 14h30`` or a bare date (midnight), in Paris."""
    cleaned = re.sub(r"\s+", " ", text.strip())
    for pattern in _PATTERNS:
        try:
            return dt.datetime.strptime(cleaned, pattern).replace(tzinfo=PARIS)
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class DataEpoch:
    """When the data last changed, for SOURCE_DATE_EPOCH, and why it may not be reproducible."""

    seconds: int | None
    """Seconds since 1970 of the last commit touching `directory/` or `content/`; `None`
    when git cannot tell (the build then dates its files from the moment it is built for)."""
    warning: str | None = None
    """A French sentence when two builds of the same data would not give the same bytes."""


_CLOCK = ("dates du site (sitemap, dates des fichiers) prises au moment de la construction, "
          "non à la dernière modification des données, car {reason} : seule une "
          "reconstruction pour le même moment (--now) donnera les mêmes octets")


def data_epoch(root: Path) -> DataEpoch:
    """When `directory/` or `content/` last changed in git, with a warning when it cannot say.

    Dates written into the site (sitemap, archive, file times) come from the data, not from
    the build machine's clock, so that the same inputs give the same bytes. Without git's
    answer the clock is used, and whoever builds is told why.
    """
    log = git.run(root, "log", "-1", "--format=%ct", "--", "directory", "content")
    if isinstance(log, str):
        return DataEpoch(None, _CLOCK.format(reason=log))
    out = log.stdout.strip()
    if log.returncode != 0 or not out.isdigit():
        reason = git.failure(log.stderr) if log.returncode != 0 else git.NO_COMMIT
        return DataEpoch(None, _CLOCK.format(reason=reason))
    changed = git.run(root, "status", "--porcelain", "--untracked-files=all", "--",
                   "directory", "content")
    if not isinstance(changed, str) and changed.stdout.strip():
        return DataEpoch(int(out), "directory/ ou content/ contiennent des modifications non "
                                   "enregistrées dans git (voir « git status ») : ce site ne "
                                   "correspond à aucun commit et ne pourra pas être "
                                   "reconstruit à l'identique")
    shallow = git.run(root, "rev-parse", "--is-shallow-repository")
    if not isinstance(shallow, str) and shallow.stdout.strip() == "true":
        return DataEpoch(int(out), "historique git incomplet (clone superficiel) : les dates "
                                   "du site peuvent venir d'un commit qui n'a pas modifié les "
                                   "données, et différer d'une autre construction ; récupérez tout "
                                   "l'historique (fetch-depth: 0, GIT_DEPTH: \"0\")")
    return DataEpoch(int(out))

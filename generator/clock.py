"""The portal's clock: times that patients read are times in France.

Everything that depends on the moment (which state is in force, which communiqué is
published, what counts as stale) receives `now` as an argument; only the CLI and the
MkDocs plugin read the real clock, through `now_in_paris`, which `--now` can override
to preview the site as it will be at a given moment.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

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


def last_data_change(root: Path) -> int | None:
    """When `directory/` or `content/` last changed in git (seconds), for SOURCE_DATE_EPOCH.

    Dates written into the site (sitemap, archive, file times) come from the data, not from
    the build machine's clock, so that the same inputs give the same bytes.
    """
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct", "--",
                              "directory", "content"], capture_output=True, text=True,
                             timeout=20, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return int(out) if out.isdigit() else None

"""What changed in the directory in the last days, dated from the project's git history.

A patient who wrote down a number last week must find, on the site, that it changed and
since when. The build reads the commits that touched `directory/` in the last
`WINDOW_DAYS` days (at most `MAX_COMMITS`, so a busy history cannot slow it down), loads
the data at each of them, and compares successive versions with `generator.changes`:
each change is dated by its commit (committer date), uncommitted edits by `now`. Only
what patients see is compared (public services and numbers), so no professional-only
number is ever named. Same commit and same `now` give the same result.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import git
from generator.changes import Change, ChangeKind, Snapshot, compare, snapshot_of
from generator.clock import PARIS
from generator.model import Directory
from generator.validate import check_directory
from generator.validate.files import BlockCache

WINDOW_DAYS = 14
"""How far back the site says what changed: two weeks, the time a written-down number is
still likely to be used."""
MAX_COMMITS = 40
"""At most this many commits are read (one load of the data each), newest first."""
SHOWN_KINDS = frozenset({
    ChangeKind.ESTABLISHMENT_ADDED, ChangeKind.ESTABLISHMENT_REMOVED,
    ChangeKind.SERVICE_ADDED, ChangeKind.SERVICE_REMOVED, ChangeKind.NAME_CHANGED,
    ChangeKind.ADDRESS_CHANGED, ChangeKind.STATUS_CHANGED, ChangeKind.MODE_CHANGED,
    ChangeKind.NUMBER_CHANGED, ChangeKind.NUMBER_ADDED, ChangeKind.NUMBER_REMOVED,
    ChangeKind.HOURS_CHANGED})
"""The crisis and communiqués have their own pages, with their own history."""
_ARCHIVE_LIMIT = 64 * 1024 * 1024
"""A `directory/` larger than this at some commit is not read (the build stays fast)."""


@dataclass(frozen=True)
class DatedChange:
    when: dt.datetime
    """The commit's date (Paris), or `now` for edits not yet committed."""
    change: Change


@dataclass(frozen=True)
class NewNumber:
    """What a service's page says next to a number that changed in the window."""

    since: dt.datetime
    old: tuple[str, ...]
    """The numbers it replaced, newest first (as pages showed them, never a call link)."""


@dataclass(frozen=True)
class RecentChanges:
    since: dt.datetime
    """From when the changes are known: `WINDOW_DAYS` before `now`, or later if the
    history is cut (shallow clone, `MAX_COMMITS`)."""
    changes: tuple[DatedChange, ...] = ()
    """Newest first; within a commit, in `compare`'s order (establishment, service)."""
    warning: str | None = None
    """One French sentence when git could not tell everything, saying what to do."""

    @property
    def since_day(self) -> dt.date:
        return self.since.astimezone(PARIS).date()

    def by_day(self) -> list[tuple[dt.date, list[DatedChange]]]:
        days: dict[dt.date, list[DatedChange]] = {}
        for dated in self.changes:
            days.setdefault(dated.when.astimezone(PARIS).date(), []).append(dated)
        return list(days.items())

    def new_number(self, service_id: str, label: str) -> NewNumber | None:
        """The latest change of the service's number labelled `label`, if any."""
        return self._new_number(lambda c: c.service_id == service_id and c.subject == label)

    def new_switchboard(self, establishment_id: str) -> NewNumber | None:
        return self._new_number(lambda c: c.service_id is None
                                and c.establishment_id == establishment_id)

    def _new_number(self, concerned: Callable[[Change], bool]) -> NewNumber | None:
        found = [d for d in self.changes if d.change.kind is ChangeKind.NUMBER_CHANGED
                 and d.change.before and concerned(d.change)]
        current = found[0].change.after if found else None
        old = tuple(dict.fromkeys(d.change.before for d in found
                                  if d.change.before and d.change.before != current))
        return NewNumber(found[0].when, old) if old else None  # back to the number of before


def no_recent_changes(now: dt.datetime) -> RecentChanges:
    """For pages rendered without a project (previews, tests): nothing known."""
    return RecentChanges(now - dt.timedelta(days=WINDOW_DAYS))


def recent_changes(directory_dir: Path, root: Path, current: Directory, now: dt.datetime,
                   cache: BlockCache | None = None) -> RecentChanges:
    """The public changes of `directory_dir` in the `WINDOW_DAYS` days before `now`.

    `cache`: files already parsed at past commits, kept by a live preview between rebuilds.
    """
    since = now - dt.timedelta(days=WINDOW_DAYS)
    listed = _commits_in_window(directory_dir, since, now)
    if isinstance(listed, str):
        return RecentChanges(since, warning=_NO_GIT.format(reason=listed))
    commits, place = listed
    if len(commits) > MAX_COMMITS:
        commits = commits[-MAX_COMMITS:]
        since = commits[0][1]
    newest = _newest_commit(directory_dir)
    edited = _uncommitted_edits(directory_dir)
    cache = {} if cache is None else cache  # commits mostly change one file: parse others once

    def at(revision: str) -> Snapshot | None:
        if revision == newest and not edited:  # the data as it is: no need to ask git
            return snapshot_of(current, now)
        return _snapshot_at(place, revision, now, cache)

    states: list[tuple[dt.datetime, Snapshot | None]] = []
    warning = None
    if commits:
        parent = _parent(directory_dir, commits[0][0])
        if parent is None:  # the project's first commit, or the cut of a shallow clone
            since = max(since, commits[0][1])
            warning = _shallow_warning(directory_dir, since)
        states.append((since, at(parent or commits[0][0])))
        states += [(when, at(sha)) for sha, when in (commits if parent else commits[1:])]
    if edited and newest is not None:
        if not commits and _committed_before(directory_dir, newest, now):
            states.append((now, at(newest)))
        if not commits or commits[-1][0] == newest:  # no commit after `now` in between
            states.append((now, snapshot_of(current, now)))
    changes = _dated_changes(states)
    return RecentChanges(since, tuple(_public_only(changes, current)), warning)


_NO_GIT = ("la page « Changements récents » reste vide et aucun « nouveau numéro » n'est "
           "signalé, car {reason} : construisez depuis un clone git du projet")
_SHALLOW = ("historique git incomplet (clone superficiel) : la page « Changements récents » "
            "ne montre que les changements depuis le {date} ; récupérez tout l'historique "
            "(fetch-depth: 0 sur GitHub Actions, GIT_DEPTH: \"0\" sur GitLab CI)")


def _commits_in_window(directory_dir: Path, since: dt.datetime, now: dt.datetime
                       ) -> tuple[list[tuple[str, dt.datetime]], tuple[str, str]] | str:
    """(sha, date) of the commits touching `directory_dir` in the window, oldest first,
    and where the folder is in the repository (`_tree_path`); or why git cannot say (a
    French reason)."""
    top = git.run(directory_dir, "rev-parse", "--show-toplevel", "--show-prefix")
    if isinstance(top, str):
        return top
    if top.returncode != 0:
        return git.failure(top.stderr)
    # --first-parent: a merged branch's changes are dated by its merge, when they reached
    # the published branch; its commits, interleaved by date, would undo each other.
    log = git.run(directory_dir, "log", "--first-parent", "--format=%H %ct",
               f"--max-count={MAX_COMMITS + 1}",
               f"--since=@{int(since.timestamp())}", f"--until=@{int(now.timestamp())}",
               "--", ".")
    if isinstance(log, str):
        return log
    if log.returncode != 0:
        if "does not have any commits" in log.stderr:
            return [], _tree_path(top.stdout)
        return git.failure(log.stderr)
    commits = []
    for line in reversed(log.stdout.splitlines()):
        sha, seconds = line.split()
        when = dt.datetime.fromtimestamp(int(seconds), PARIS)
        if since < when <= now:
            commits.append((sha, when))
    return commits, _tree_path(top.stdout)


def _tree_path(answer: str) -> tuple[str, str]:
    """`rev-parse --show-toplevel --show-prefix` → (``/repo``, ``directory/``): `git archive`
    reads a subfolder's tree only from the top of the repository."""
    top, _, prefix = answer.rstrip("\n").partition("\n")
    return top, prefix


def _newest_commit(directory_dir: Path) -> str | None:
    last = git.run(directory_dir, "log", "--first-parent", "-1", "--format=%H", "--", ".")
    if isinstance(last, str) or last.returncode != 0 or not last.stdout.strip():
        return None
    return last.stdout.strip()


def _committed_before(directory_dir: Path, sha: str, now: dt.datetime) -> bool:
    date = git.run(directory_dir, "log", "-1", "--format=%ct", sha)
    return (not isinstance(date, str) and date.stdout.strip().isdigit()
            and int(date.stdout.strip()) <= now.timestamp())


def _parent(directory_dir: Path, sha: str) -> str | None:
    parent = git.run(directory_dir, "rev-parse", "--verify", "--quiet", f"{sha}^1")
    if isinstance(parent, str) or parent.returncode != 0:
        return None
    return parent.stdout.strip()


def _shallow_warning(directory_dir: Path, since: dt.datetime) -> str | None:
    shallow = git.run(directory_dir, "rev-parse", "--is-shallow-repository")
    if isinstance(shallow, str) or shallow.stdout.strip() != "true":
        return None  # the project's first commit: nothing is missing
    local = since.astimezone(PARIS)
    return _SHALLOW.format(date=f"{local.day:02d}/{local.month:02d}/{local.year} à "
                                f"{local.hour} h {local.minute:02d}")


def _uncommitted_edits(directory_dir: Path) -> bool:
    status = git.run(directory_dir, "status", "--porcelain", "--untracked-files=all", "--", ".")
    return not isinstance(status, str) and bool(status.stdout.strip())


def _snapshot_at(place: tuple[str, str], revision: str, now: dt.datetime,
                 cache: BlockCache) -> Snapshot | None:
    """What patients saw at `revision`; `None` if the data did not load then (it is skipped).

    `place`: the repository's top folder and the data folder in it (`_tree_path`)."""
    top, prefix = place
    try:
        archive = subprocess.run(
            ["git", "-C", top, "archive", "--format=tar", f"{revision}:{prefix}"],
            capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if archive.returncode != 0 or len(archive.stdout) > _ARCHIVE_LIMIT:
        return None
    with tempfile.TemporaryDirectory(prefix="portail-historique-") as folder:
        data = Path(folder) / "directory"
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(data, filter="data")  # no link or path outside `data`
        result = check_directory(data, Path(folder), now, past=cache)
    return snapshot_of(result.directory, now) if result.directory is not None else None


def _dated_changes(states: list[tuple[dt.datetime, Snapshot | None]]) -> list[DatedChange]:
    """Successive loadable versions compared, newest first; a version that did not load is
    skipped (its changes are dated by the next one that does)."""
    changes: list[DatedChange] = []
    previous: Snapshot | None = None
    for when, state in states:
        if state is None:
            continue
        if previous is not None:
            found = [c for c in compare(previous, state) if c.kind in SHOWN_KINDS]
            changes = [DatedChange(when, c) for c in found] + changes
        previous = state
    return changes


def _public_only(changes: list[DatedChange], current: Directory) -> list[DatedChange]:
    """A number once public and now for professionals only is not shown again."""
    private = {p.number.display for s in current.services for p in s.phones
               if not (p.public and s.public)}
    return [d for d in changes
            if not any(n in (d.change.before or "") or n in (d.change.after or "")
                       for n in private)]

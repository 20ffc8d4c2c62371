"""What dating recent changes from git costs a build: `portal build` of N services with no
commit in the 14-day window, then with `MAX_COMMITS` (40) commits each changing a number.

Prints both build times, their ratio, and the share of the recent-changes step alone
(`generator.recent.recent_changes`). Usage:

    .venv/bin/python bench/recent_changes.py [--services 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import phone, write_directory
from generator.clock import PARIS
from generator.recent import MAX_COMMITS, recent_changes
from generator.validate import check_directory

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=PARIS)


def commit(root: Path, message: str, when: dt.datetime) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Banc", "GIT_AUTHOR_EMAIL": "banc@example.org",
           "GIT_COMMITTER_NAME": "Banc", "GIT_COMMITTER_EMAIL": "banc@example.org",
           "GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-C", str(root), *args], env=env, check=True)


def build_time(root: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "portal"), "--project", str(root), "--now",
                    NOW.strftime("%Y-%m-%d %H:%M"), "build"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def step_time(root: Path, repeat: int = 3) -> tuple[float, int]:
    """The recent-changes step alone (best of `repeat`: the machine is shared), and how
    many changes it found."""
    current = check_directory(root / "directory", root, NOW).directory
    assert current is not None
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        found = recent_changes(root / "directory", root, current, NOW)
        times.append(time.perf_counter() - start)
    return min(times), len(found.changes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=300)
    services = parser.parse_args().services
    with tempfile.TemporaryDirectory(prefix="banc-changements-") as work:
        root = Path(work)
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        write_directory(root, services)
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        commit(root, "Annuaire", NOW - dt.timedelta(days=30))
        quiet_build, (quiet_step, _) = build_time(root), step_time(root)
        site = root / "directory/etablissements/site-01.yml"
        start = NOW - dt.timedelta(days=10)
        numbers = re.findall(r"02 61 91 \d\d \d\d", site.read_text("utf-8"))
        for i in range(MAX_COMMITS):  # each commit changes one number of the site
            text = site.read_text("utf-8")
            site.write_text(text.replace(numbers[i], phone(8000 + i), 1), "utf-8")
            commit(root, f"Numéro {i}", start + i * dt.timedelta(hours=5))
        busy_build, (busy_step, changes) = build_time(root), step_time(root)
    print(f"N = {services} services, `portal build` :")
    print(f"  0 commit dans les 14 jours  : {quiet_build:6.2f} s "
          f"(étape « changements récents » : {quiet_step:.2f} s, "
          f"{quiet_step / quiet_build:.1%})")
    print(f"  {MAX_COMMITS} commits dans les 14 jours : {busy_build:6.2f} s "
          f"(étape : {busy_step:.2f} s, {busy_step / busy_build:.1%} ; {changes} changements)")
    print(f"  rapport 40 commits / 0 commit : {busy_build / quiet_build:.2f}")


if __name__ == "__main__":
    main()

"""Benchmark: from saving a YAML file to the browser showing the change, under `portal serve`.

For each size, a generated project of N services is served by the real `portal serve`
(MkDocs' live reload); headless Chromium opens one service's page; then, several times,
that service's phone number is changed in its YAML file (written and fsynced, the clock
read), and the time until the page shows the new number (reloaded by itself) is recorded.
Prints the median and the worst latency at each size side by side, with the goal ratios
(≤ 1 s at N = 300, ≤ 3 s at N = 3,000).

Also prints the server's CPU time per save (read from /proc): on 2 cores shared with other
jobs, the latency mostly says how busy the machine was; the CPU time says what a save costs.

Measured on 2 shared cores (December 2026), median: 7.7 s → 1.7 s at N = 300 and
36 s → 9.8 s at N = 3,000, once `portal serve` rebuilt only the pages a save changed.
Then, same machine, back to back, load average 8 to 11 (main at 2b198d5 → now):
server CPU per save 0.89 s → 0.44 s at N = 300 and 5.8 s → 2.0 s at N = 3,000; latency
2.7 s → 2.8 s and 17.6 s → 4.8 s (at load 4.4: 0.99 s at N = 300). What changed: each
service's page, list entries and JSON-LD are kept between builds and rendered again only
for the services a save changed (generator/kept_renders.py); open data, annuaire.json and
the single-file directory are made when first asked for, not at each save; the server
looks for saves every 0.1 s instead of 0.5 s. What is left at N = 3,000 (CPU): the lists
of every service (A–Z, printable, kinds, establishments: ~0.5 s), the check, mostly
re-reading the saved file (~0.45 s), MkDocs' own work per file (~0.6 s: files, navigation,
theme listing), the rest ~0.3 s.

Usage: `make bench` or `.venv/bin/python bench/preview.py [--sizes 300 3000] [--edits 5]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import phone, write_directory
from generator.drill.loopback import free_port
from tests.browser import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
BIN = Path(sys.executable).parent
GOALS = {300: 1.0, 3000: 3.0}
"""Seconds, from issue 13: a large hospital, then ten of them."""
EDITED = "service-00000"
"""The first service of `site-01.yml`: its secretariat line is `phone(0)`."""
TIMEOUT = 120.0


def prepare(size: int) -> Path:
    """A project of `size` services, with the sample's content/ and mkdocs.yml."""
    project = OUT / f"preview-{size}"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    write_directory(project, size)
    return project


@contextmanager
def serving(project: Path) -> Iterator[tuple[str, int]]:
    """`portal serve` on a free loopback port; yields the base URL once the site answers,
    and the server's process id."""
    port = free_port()
    log = (project / "serve.log").open("wb")
    process = subprocess.Popen(
        [str(BIN / "portal"), "--project", str(project), "serve",
         "--dev-addr", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"portal serve s'est arrêté : voir {project / 'serve.log'}")
            try:
                if httpx.get(base + f"services/{EDITED}.html", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def save(path: Path, text: str) -> float:
    """Write as an editor does (then fsync), and return the moment the save finished."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return time.perf_counter()


def shows(page: Any, href: str) -> bool:
    """Whether the page shown holds a link to `href` (False while it is reloading)."""
    try:
        return bool(page.evaluate("h => !!document.querySelector(`a[href=\"${h}\"]`)", href))
    except Exception:  # the page is being replaced by live reload
        return False


def cpu_seconds(pid: int) -> float:
    """CPU time the process has used (user + system): what a rebuild costs, whatever else
    the machine's cores are doing (the latency is not)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tel(number: str) -> str:
    return "tel:+33" + number.replace(" ", "")[1:]


def latencies(page: Any, project: Path, pid: int, edits: int) -> list[tuple[float, float]]:
    """Change the edited service's number `edits` times; (seconds until each is shown,
    the server's CPU seconds meanwhile)."""
    yaml_file = project / "directory" / "etablissements" / "site-01.yml"
    old = phone(0)
    measured = []
    for n in range(edits):
        new = phone(8000 + n)  # unused by the synthetic directory below N = 4,000
        text = yaml_file.read_text("utf-8")
        assert f"numero: {old}" in text, old
        cpu = cpu_seconds(pid)
        saved = save(yaml_file, text.replace(f"numero: {old}", f"numero: {new}", 1))
        deadline = saved + TIMEOUT
        while not shows(page, tel(new)):
            if time.perf_counter() > deadline:
                raise SystemExit(f"le nouveau numéro {new} n'est pas apparu en {TIMEOUT:.0f} s")
            time.sleep(0.01)
        measured.append((time.perf_counter() - saved, cpu_seconds(pid) - cpu))
        old = new
        time.sleep(1.0)  # let the server settle (a second save is a second rebuild)
    return measured


def measure(browser: Any, size: int, edits: int) -> list[tuple[float, float]]:
    project = prepare(size)
    with serving(project) as (base, pid):
        page = browser.new_page()
        page.goto(base + f"services/{EDITED}.html")
        assert shows(page, tel(phone(0))), "la page du service ne montre pas son numéro"
        try:
            return latencies(page, project, pid, edits)
        finally:
            page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        rows = {size: measure(browser, size, args.edits) for size in args.sizes}
        browser.close()
    print(f"{'N':>6} {'median':>8} {'max':>8} {'goal':>6} {'median/goal':>12} {'max/goal':>9}"
          f" {'server CPU':>11}")
    for size, measured in rows.items():
        values = [latency for latency, _ in measured]
        median, worst = statistics.median(values), max(values)
        cpu = statistics.median(c for _, c in measured)
        goal = GOALS.get(size)
        ratios = (f"{median / goal:>12.2f} {worst / goal:>9.2f}" if goal
                  else f"{'–':>12} {'–':>9}")
        print(f"{size:>6} {median:>7.2f}s {worst:>7.2f}s "
              f"{(f'{goal:.0f}s' if goal else '–'):>6} {ratios} {cpu:>10.2f}s")
    print("Preview latency, save → browser shows the new number "
          f"({args.edits} edits each; goals: ≤ 1 s at N = 300, ≤ 3 s at N = 3000); server "
          f"CPU: median per save; load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

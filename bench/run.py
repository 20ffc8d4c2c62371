"""Benchmark: `portal build` against a plain `mkdocs build` of the same pages, at two sizes.

Prints, measured side by side in one run:
- build time ratio, portal vs plain MkDocs on the same pages written as Markdown files
  (goal ≤ 0.9 at N = 3000, the portal still writing its offline copy, manifest and headers:
  its own pages are HTML and skip Python-Markdown);
- `portal check` time as a share of `portal build` time (goal ≤ 5 %);
- the peak memory (resident set) of each command at each N: what grows with N;
- the engines side by side: `portal build --engine` with each of generator/engines.py's
  (MkDocs, ProperDocs, Zensical);
- average service page HTML size at each N (goal: within 5 %): the navigation must not
  grow with the number of services.

Usage: `make bench` or `.venv/bin/python bench/run.py [--sizes 300 3000] [--repeat 1]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import write_directory
from generator.clock import PARIS
from generator.engines import ENGINES
from generator.render import render_pages
from generator.status import snapshot
from generator.validate import check_directory

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
BIN = Path(sys.executable).parent


def prepare(size: int) -> tuple[Path, Path]:
    """Two projects with the same pages: one from YAML (portal), one of plain Markdown files."""
    portal = OUT / f"portal-{size}"
    plain = OUT / f"plain-{size}"
    for folder in (portal, plain):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(REPO / "content", portal / "content")
    (portal / "mkdocs.yml").write_text(french_only(REPO / "mkdocs.yml"), "utf-8")
    write_directory(portal, size)
    now = dt.datetime(2026, 11, 23, 12, 0, tzinfo=PARIS)
    result = check_directory(portal / "directory", portal, now)
    assert result.directory is not None, [d.format() for d in result.diagnostics]
    shutil.copytree(REPO / "content", plain / "content")
    for path, text in render_pages(result.directory, snapshot(result.directory, now)).items():
        (plain / "content" / path).parent.mkdir(parents=True, exist_ok=True)
        (plain / "content" / path).write_text(text, "utf-8")
    css = plain / "content/assets/portal/portal.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "generator/assets/portal.css", css)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = [p for p in config["plugins"] if p != "portal" and "portal" not in p]
    config["extra_css"] = ["assets/portal/portal.css"]
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return portal, plain


def french_only(config: Path) -> str:
    """The sample's mkdocs.yml without its other languages (`langues`): the plain build it is
    compared with has the French pages only."""
    text = config.read_text("utf-8")
    return "\n".join(line for line in text.splitlines()
                     if not line.strip().startswith("langues:")) + "\n"


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    """The command's peak resident memory (its own process tree), in MB."""


_MEASURE = """\
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""
"""Run by a fresh, small Python: a child's peak resident set counts its parent's at the fork,
and this benchmark's own process holds the whole generated directory (90 MB at N = 3,000),
which read as the check's peak before."""


def measured(command: list[str], cwd: Path) -> Run:
    """Wall time and peak memory of one command, output discarded."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], cwd=cwd,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise subprocess.CalledProcessError(done.returncode, command)
    seconds, peak_kb = done.stdout.split()
    return Run(float(seconds), int(peak_kb) / 1024)  # Linux counts kB


def average_service_page(site: Path) -> float:
    sizes = [p.stat().st_size for p in (site / "services").glob("*.html")]
    return statistics.mean(sizes)


def commands(portal: Path, plain: Path) -> dict[str, tuple[list[str], Path]]:
    """What is measured, by column name: the plain MkDocs build of the same pages, each
    engine's whole portal build, the check."""
    runs = {"mkdocs (plain)": ([str(BIN / "mkdocs"), "build", "--quiet"], plain)}
    for name in ENGINES:
        runs[f"portal {name}"] = ([str(BIN / "portal"), "build", "--engine", name], portal)
    runs["portal check"] = ([str(BIN / "portal"), "check"], portal)
    return runs


@dataclass(frozen=True)
class Measured:
    """One size's figures, by column name."""

    size: int
    seconds: dict[str, float]
    peak_mb: dict[str, float]
    page_bytes: float


def measure(size: int, repeat: int) -> Measured:
    portal, plain = prepare(size)
    runs: dict[str, list[Run]] = {}
    for _ in range(repeat):  # interleaved, so machine noise hits all alike
        for name, (command, cwd) in commands(portal, plain).items():
            runs.setdefault(name, []).append(measured(command, cwd))
    best = {name: min(r.seconds for r in values) for name, values in runs.items()}
    peak = {name: max(r.peak_mb for r in values) for name, values in runs.items()}
    return Measured(size, best, peak, average_service_page(portal / "site"))


PORTAL, PLAIN, CHECK = f"portal {ENGINES[0]}", "mkdocs (plain)", "portal check"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rows = [measure(size, args.repeat) for size in args.sizes]
    names = list(rows[0].seconds)
    print("Time (best of --repeat), then peak memory:")
    print(f"{'N':>6} " + " ".join(f"{name:>17}" for name in names))
    for r in rows:
        print(f"{r.size:>6} " + " ".join(f"{r.seconds[n]:>16.2f}s" for n in names))
    for r in rows:
        print(f"{r.size:>6} " + " ".join(f"{r.peak_mb[n]:>15.0f}MB" for n in names))
    last = rows[-1]
    seconds = last.seconds
    print(f"\nBuild time ratio at N={last.size}, portal / plain MkDocs: "
          f"{seconds[PORTAL] / seconds[PLAIN]:.3f} (goal ≤ 0.9)")
    print(f"Check share of build at N={last.size}: "
          f"{100 * seconds[CHECK] / seconds[PORTAL]:.1f} % (goal ≤ 5 %)")
    for name in names[2:]:
        if name != CHECK:
            print(f"{name} / {PORTAL} at N={last.size}: {seconds[name] / seconds[PORTAL]:.3f}")
    if len(rows) >= 2:
        first = rows[0]
        for name in (PORTAL, PLAIN, CHECK):
            low, high = first.peak_mb[name], last.peak_mb[name]
            print(f"Peak memory of {name}, N={last.size} vs N={first.size}: "
                  f"{high:.0f} MB vs {low:.0f} MB ({high / low:.2f} ×)")
        growth = 100 * (last.page_bytes / first.page_bytes - 1)
        print(f"Service page size, N={last.size} vs N={first.size}: {growth:+.1f} % "
              "(goal: within ±5 %)")


if __name__ == "__main__":
    main()

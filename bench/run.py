"""Benchmark: `portal build` against a plain `mkdocs build` of the same pages, at two sizes.

Prints, measured side by side in one run:
- build time ratio, portal vs plain MkDocs on the same pages written as Markdown files
  (goal ≤ 1.10 at N = 3000): what loading, checking and rendering the YAML costs;
- average service page HTML size at each N (goal: within 5 %): the navigation must not
  grow with the number of services;
- `portal check` time as a share of `portal build` time (goal ≤ 5 %).

Usage: `make bench` or `.venv/bin/python bench/run.py [--sizes 300 3000] [--repeat 1]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import write_directory
from generator.clock import PARIS
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
    shutil.copy(REPO / "mkdocs.yml", portal / "mkdocs.yml")
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


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def average_service_page(site: Path) -> float:
    sizes = [p.stat().st_size for p in (site / "services").glob("*.html")]
    return statistics.mean(sizes)


def measure(size: int, repeat: int) -> dict[str, float]:
    portal, plain = prepare(size)
    builds, plains, checks = [], [], []
    for _ in range(repeat):  # interleaved, so machine noise hits all three alike
        plains.append(timed([str(BIN / "mkdocs"), "build", "--quiet"], plain))
        builds.append(timed([str(BIN / "portal"), "build"], portal))
        checks.append(timed([str(BIN / "portal"), "check"], portal))
    build, plain_build, check = min(builds), min(plains), min(checks)
    return {"size": size, "portal": build, "plain": plain_build, "check": check,
            "page_bytes": average_service_page(portal / "site"),
            "plain_page_bytes": average_service_page(plain / "site")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rows = [measure(size, args.repeat) for size in args.sizes]
    print(f"{'N':>6} {'portal build':>13} {'mkdocs build':>13} {'ratio':>6} "
          f"{'portal check':>13} {'check/build':>11} {'avg page':>10}")
    for r in rows:
        print(f"{r['size']:>6} {r['portal']:>12.2f}s {r['plain']:>12.2f}s "
              f"{r['portal'] / r['plain']:>6.3f} {r['check']:>12.2f}s "
              f"{100 * r['check'] / r['portal']:>10.1f}% {r['page_bytes'] / 1000:>8.1f}kB")
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        growth = 100 * (last["page_bytes"] / first["page_bytes"] - 1)
        print(f"\nService page size, N={last['size']} vs N={first['size']}: {growth:+.1f} % "
              "(goal: within ±5 %)")
    print(f"Build time ratio at N={rows[-1]['size']}: "
          f"{rows[-1]['portal'] / rows[-1]['plain']:.3f} (goal ≤ 1.10)")
    print(f"Check share of build at N={rows[-1]['size']}: "
          f"{100 * rows[-1]['check'] / rows[-1]['portal']:.1f} % (goal ≤ 5 %)")


if __name__ == "__main__":
    main()

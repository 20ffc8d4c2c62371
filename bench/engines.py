"""Benchmark: the engines side by side on the same projects, in one run.

For the sample and for generated projects of N services (bench/synthetic.py), times
`portal build --engine` with each engine of generator/engines.py (MkDocs, ProperDocs,
Zensical): each a whole build (check, pages, offline copy, manifest, headers).

Usage: `.venv/bin/python bench/engines.py [--sizes 300 3000] [--repeat 1]`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import write_directory
from generator.engines import ENGINES

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out" / "engines"
BIN = Path(sys.executable).parent
NOW = "2026-11-23 12:00"


def prepare(size: int | None) -> Path:
    """The sample itself (`None`), or a copy of its pages with N generated services."""
    if size is None:
        return REPO
    project = OUT / f"portal-{size}"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    write_directory(project, size)
    return project


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(project: Path, repeat: int) -> dict[str, float]:
    """Best of `repeat` for each engine, interleaved so machine noise hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in ENGINES}
    for _ in range(repeat):
        for name in ENGINES:
            times[name].append(timed(
                [str(BIN / "portal"), "--project", str(project), "--now", NOW, "build",
                 "--engine", name, "--site-dir", str(OUT / f"site-{project.name}-{name}")],
                REPO))
    return {name: min(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"{'projet':>10} " + " ".join(f"{name:>11}" for name in ENGINES)
          + " " + " ".join(f"{name + '/mkdocs':>17}" for name in ENGINES[1:]))
    for size in [None, *args.sizes]:
        times = measure(prepare(size), args.repeat)
        label = "exemple" if size is None else f"N={size}"
        print(f"{label:>10} " + " ".join(f"{times[name]:>10.2f}s" for name in ENGINES)
              + " " + " ".join(f"{times[name] / times[ENGINES[0]]:>17.3f}"
                               for name in ENGINES[1:]), flush=True)


if __name__ == "__main__":
    main()

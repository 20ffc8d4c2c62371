"""The drill (`portal exercice`) on the sample and on synthetic directories: its total
against the bare build (goal ≤ 2), and where the time goes.

Real components on loopback, as `portal exercice` runs them: a folder, a WebDAV server
and an rsync target over SSH, verified with `portal verify`'s machinery. Prints each
drill's table, then one line per project with the ratio.

Usage: `.venv/bin/python bench/drill.py [--sizes 3000] [--repeat 1]`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import write_directory
from generator.drill import DrillReport, format_report, run_drill

REPO = Path(__file__).resolve().parent.parent


def synthetic_project(root: Path, services: int) -> Path:
    """The sample's pages and settings around a synthetic directory of `services`."""
    project = root / f"synthetique-{services}"
    shutil.copytree(REPO / "content", project / "content",
                    ignore=shutil.ignore_patterns("communiques"))
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    write_directory(project, services)
    return project


def drill(project: Path, label: str) -> DrillReport:
    report = run_drill(project, lambda line: None)
    print(f"\n=== {label} ===")
    print(format_report(report))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[3000],
                        help="synthetic directories, in number of services")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each drill")
    args = parser.parse_args()
    rows: list[tuple[str, DrillReport]] = []
    work = Path(tempfile.mkdtemp(prefix="bench-exercice-"))
    try:
        projects = [("exemple", REPO)]
        projects += [(f"synthétique N={n}", synthetic_project(work, n)) for n in args.sizes]
        for label, project in projects:
            rows += [(label, drill(project, label)) for _ in range(args.repeat)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{'projet':<22} {'construction seule':>18} {'exercice':>9} {'rapport':>8}  état")
    for label, report in rows:
        bare = report.bare_build or 0.0
        ratio = report.total / bare if bare else float("nan")
        print(f"{label:<22} {bare:>17.1f}s {report.total:>8.1f}s {ratio:>8.2f}  "
              f"{'OK' if report.ok else 'ÉCHEC'}")
    print("Objectif : exercice ≤ 2 × construction seule.")


if __name__ == "__main__":
    main()

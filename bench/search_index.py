"""The search index's weight on synthetic directories: raw and gzip bytes (goal: ≤ 100 kB
gzip at N = 3,000 services, the index being loaded at the first query).

    .venv/bin/python bench/search_index.py 300 3000
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import write_directory
from generator.clock import PARIS
from generator.render import render_search_index
from generator.validate import check_directory


def index_bytes(services: int) -> tuple[int, int]:
    """(raw, gzip) bytes of the search index of a synthetic directory of `services`."""
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        write_directory(root, services)
        now = dt.datetime(2026, 11, 23, 12, 0, tzinfo=PARIS)
        result = check_directory(root / "directory", root, now)
        assert result.directory is not None, [d.format() for d in result.diagnostics]
        script = render_search_index(result.directory, []).encode()
    return len(script), len(gzip.compress(script, compresslevel=9))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[300, 3000])
    for services in parser.parse_args().sizes:
        raw, packed = index_bytes(services)
        print(f"N={services:>5}: index {raw / 1000:.1f} kB, {packed / 1000:.1f} kB gzip "
              f"({packed / 100_000:.0%} of the 100 kB budget)")


if __name__ == "__main__":
    main()

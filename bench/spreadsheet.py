"""Benchmark: `portal export` and `portal import` on a large synthetic directory.

Prints the time to export, to import an unedited workbook (reading, checking every cell,
planning: nothing to write) and to import one with 20 changed numbers and a new service,
then apply it (check of the edited copy, atomic writes).

Usage: `.venv/bin/python bench/spreadsheet.py [--services 2000]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import write_directory
from generator.clock import PARIS
from generator.spreadsheet.workflow import apply_import, export_directory, prepare_import

REPO = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=PARIS)


T = TypeVar("T")


def timed(what: str, run: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = run()
    print(f"{what:<58} {time.perf_counter() - start:6.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "projet"
        root.mkdir()
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        (root / "content").mkdir()
        (root / "content" / "index.md").write_text("# Accueil\n", "utf-8")
        write_directory(root, args.services)
        workbook = Path(temporary) / "annuaire.xlsx"
        print(f"{args.services} services, {2 * args.services} numéros")
        problems = timed("portal export", lambda: export_directory(root, workbook, NOW))
        assert problems == [], problems
        prepared = timed("portal import, classeur non modifié",
                         lambda: prepare_import(root, workbook, NOW))
        assert not prepared.problems and not prepared.summary, prepared.problems[:3]
        book = openpyxl.load_workbook(workbook)
        phones = book["Téléphones"]
        for row in range(2, 42, 2):
            phones.cell(row=row, column=2).value = f"01 99 00 {row // 10:02d} {row % 100:02d}"
        book["Services"].append(["service-nouveau", "site-01", "Service ajouté", "consultation"])
        book.save(workbook)
        prepared = timed("portal import, 20 numéros changés et un service ajouté",
                         lambda: prepare_import(root, workbook, NOW))
        assert not prepared.problems and prepared.plan, prepared.problems[:3]
        plan = prepared.plan
        print(f"  {len(prepared.summary)} cellules modifiées, {len(plan.texts)} fichiers")
        timed("  puis --appliquer (écriture atomique)",
              lambda: apply_import(root, plan))


if __name__ == "__main__":
    main()

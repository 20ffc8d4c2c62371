"""Benchmark: `portal build`'s resident memory stage by stage, to see which one grows with N.

Runs `portal build` in a project (default: bench/out/portal-3000, made by bench/run.py's
`prepare`) in this process, samples the resident set every 10 ms from a thread, and prints
the highest value seen during each stage: imports, `portal check`'s reading of the data,
stage (a) (`generate`), MkDocs, the seal. bench/run.py prints the whole command's peak.

Measured on 2 shared cores (December 2026), N = 3,000, peak MB during each stage, before →
after stage (a) wrote to disk: imports 68, check 124, generate 177 → 136, MkDocs 180 → 128,
seal 189 → 138; the whole build 184 MB → 135 MB (`/usr/bin/time -f %M`), 82 MB → 77 MB at
N = 300. What changed: stage (a) writes each page, data file and JSON-LD text into a build
folder as it is made (generator/written_texts.py) and MkDocs reads them there, instead of
all being held until the site was written. Then the check held one file's values at a time
and no longer noted every value's line (generator/load.py): imports 66, check 94, generate
123 (106 once done), MkDocs 112, seal 122 at N = 3,000; 66, 70, 74, 76, 76 at N = 300.
Then the FHIR bundle and annuaire.json were written item by item (generator/json_parts.py)
and the manifest hashed each file in blocks: generate 105, MkDocs 110, seal 110; the whole
build 107 MB at N = 3,000, 74 MB at N = 300. What is left growing with N: the checked data
itself (about 17 MB of models at N = 3,000), MkDocs' objects for each page, the search
index and the lists of every service (A–Z, printable) while they are made (about 10 MB
each), and the seal's bookkeeping per file.

Usage: `.venv/bin/python bench/memory.py [project folder]`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import generator.build as build_module
import generator.cli as cli

PAGE = os.sysconf("SC_PAGE_SIZE")


class StagePeaks:
    """The highest resident set seen while each stage ran."""

    def __init__(self) -> None:
        self.stage = "imports"
        self.peaks: dict[str, float] = {}

    def sample_forever(self) -> None:
        while True:
            with open("/proc/self/statm") as statm:
                resident = int(statm.read().split()[1]) * PAGE / 1e6
            self.peaks[self.stage] = max(self.peaks.get(self.stage, 0.0), resident)
            time.sleep(0.01)

    def during(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            self.stage = name
            try:
                return function(*args, **kwargs)
            finally:
                self.stage = f"after {name}"
        return run


def main() -> None:
    project = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/portal-3000").resolve()
    stages = StagePeaks()
    threading.Thread(target=stages.sample_forever, daemon=True).start()
    cli.check_project = stages.during("check", cli.check_project)  # type: ignore[attr-defined]
    for name, attribute in [("generate", "_generate"), ("mkdocs", "_run_mkdocs_build"),
                            ("seal", "_seal")]:
        setattr(build_module, attribute,
                stages.during(name, getattr(build_module, attribute)))
    os.chdir(project)
    sys.argv = ["portal", "build"]
    with contextlib.suppress(SystemExit):  # the command's exit code: not measured here
        cli.main()
    time.sleep(0.05)
    for stage, peak in stages.peaks.items():
        print(f"{stage:16} {peak:7.1f} MB")


if __name__ == "__main__":
    main()

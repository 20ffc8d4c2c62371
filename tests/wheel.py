"""The tool's wheel, built as a release would be: from a clean copy of the sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

LEFT_OUT = (".git", ".venv", "build", "*.egg-info", "node_modules", "site", "__pycache__",
            ".*_cache", ".hypothesis", "bench")
"""Not sources: setuptools would reuse an in-tree build/, stale files included."""


def build_wheel(work: Path) -> Path:
    """Build the wheel in `work` (outside the repository); return its path."""
    source = work / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*LEFT_OUT))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(work / "dist"), str(source)], cwd=work, check=True, timeout=600)
    (wheel,) = (work / "dist").glob("portail_crise-*.whl")
    return wheel

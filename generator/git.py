"""git, asked by the portal: its answer, or why it could not answer, in French.

The build dates its sources from git (`generator.clock`), dates recent changes
(`generator.recent`) and `portal diff` reads older data (`generator.revisions`): one way to
call it, in the C locale so its messages can be recognised, never waiting forever.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

TIMEOUT = 60
"""Seconds: `git archive` of a large directory on a slow disk, with room to spare."""
NO_COMMIT = "aucun commit git ne contient encore directory/ ni content/"


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str] | str:
    """git's answer (exit code, output), or why git could not be asked (a French reason)."""
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              encoding="utf-8", errors="replace", timeout=TIMEOUT,
                              check=False, env={**os.environ, "LC_ALL": "C"})
    except FileNotFoundError:
        return "git n'est pas installé"
    except (OSError, subprocess.SubprocessError) as exc:
        return f"git n'a pas répondu ({type(exc).__name__})"


def failure(stderr: str) -> str:
    """Why a git command failed, in the words of whoever runs the portal."""
    if "not a git repository" in stderr:
        return "le projet n'est pas un dépôt git"
    if "does not have any commits" in stderr:
        return NO_COMMIT
    if "dubious ownership" in stderr:
        return ("git refuse de lire ce dépôt, qui appartient à un autre utilisateur "
                "(git config --global --add safe.directory …)")
    first = stderr.strip().splitlines()[0] if stderr.strip() else "sans message"
    return f"git a échoué ({first})"

"""A portal project on disk: `directory/` (YAML) and `content/` (Markdown), checked together.

`portal check`, `portal build` and the MkDocs plugin all go through `check_project`, so
comms staff see the same problems, in the same words, whichever command they run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.build_messages import CONFIG_FILE
from generator.communiques import load_communiques, published
from generator.diagnostics import Diagnostic, shown_path, sort_diagnostics
from generator.model import Directory
from generator.model.communique import Communique
from generator.model.mirrors import MIRRORS_FILE
from generator.schema import outdated_schemas
from generator.validate import CRISIS_FILE, check_directory, directory_files
from generator.validate.announcements import check_announcements
from generator.validate.blanks import project_blanks, without_shadowed
from generator.validate.content import check_content
from generator.validate.files import BlockCache
from generator.validate.names import unknown_names

DIRECTORY_DIR = "directory"
CONTENT_DIR = "content"


@dataclass(frozen=True)
class ProjectCheck:
    directory: Directory | None
    """`None` when there is at least one error, in any file."""
    communiques: list[Communique] = field(default_factory=list)
    """Every valid communiqué, published or not, newest first."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.directory is not None


def check_project(root: Path, now: dt.datetime, *, directory_dir: Path | None = None,
                  content_dir: Path | None = None,
                  parsed: BlockCache | None = None) -> ProjectCheck:
    """Check the YAML directory, the communiqués and the pages of `root` as they stand at `now`.

    A blank left to fill (`generator.validate.blanks`) in any of them, or in mkdocs.yml or
    miroirs.yml, is an error, and the only message on its line. `parsed`: see
    `check_directory`.
    """
    directory_dir = directory_dir or root / DIRECTORY_DIR
    with _cycle_collector_paused():
        result = check_directory(directory_dir, root, now, parsed=parsed)
    content_dir = content_dir or root / CONTENT_DIR
    communiques, problems = load_communiques(content_dir, root)
    problems += check_content(content_dir, root)
    blanks = project_blanks(root, yaml_files=[root / CONFIG_FILE, root / MIRRORS_FILE,
                                              *directory_files(directory_dir, root)],
                            content_dir=content_dir)
    directory_shown = shown_path(directory_dir, root) + "/"
    if result.directory is not None and not any(b.path.startswith(directory_shown)
                                                for b in blanks):  # names still to write
        problems += unknown_names(content_dir, root, result.directory, directory_shown)
    if result.directory is not None:
        out = published(communiques, now)
        problems += check_announcements(result.directory, out[0] if out else None, root,
                                        directory_dir / CRISIS_FILE, now)
    diagnostics = sort_diagnostics([*without_shadowed([*result.diagnostics, *problems], blanks),
                                    *blanks, *outdated_schemas(root)])
    directory = result.directory if not any(d.is_error for d in [*problems, *blanks]) else None
    return ProjectCheck(directory, communiques, diagnostics)


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Reading a large directory makes hundreds of thousands of small values, none of them
    in a cycle; Python's cycle collector walked them over and over (8 % of the check at
    3,000 services). Whatever it would have found, it finds once resumed."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

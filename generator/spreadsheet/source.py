"""The directory's YAML files as typed, and their blocks as the cells of the workbook.

The workbook is written from the *raw* text of each value (`generator.load`), not from the
validated model: a phone written ``02.61.91.01.10`` comes back as typed, so an export
followed by an import with no edit finds nothing to change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, shown_path
from generator.load import LoadedFile
from generator.project import DIRECTORY_DIR, ProjectCheck, check_project
from generator.spreadsheet.columns import Column, Kind
from generator.validate import ESTABLISHMENTS_DIR, EXAMPLE_SUFFIX, SERVICES_DIR, YAML_SUFFIXES
from generator.validate.files import load_mapping


@dataclass(frozen=True)
class SourceFile:
    """One file of ``etablissements/`` or ``services/`` and the establishment it belongs to."""

    path: Path
    shown: str
    loaded: LoadedFile
    establishment: str
    holds_establishment: bool
    """An ``etablissements/`` file: it defines the establishment; new services go there."""
    sha256: str

    @property
    def services(self) -> list[dict[str, Any]]:
        services = self.loaded.data.get("services")
        return services if isinstance(services, list) else []

    @property
    def establishment_block(self) -> dict[str, Any]:
        block = self.loaded.data.get("etablissement")
        return block if isinstance(block, dict) else {}


@dataclass(frozen=True)
class Source:
    root: Path
    directory_dir: Path
    files: list[SourceFile]
    check: ProjectCheck
    """`portal check` on the project as it stands: its directory is the one exported."""

    def establishment_file(self, identifier: str) -> SourceFile | None:
        return next((f for f in self.files
                     if f.holds_establishment and f.establishment == identifier), None)

    def services(self) -> list[tuple[SourceFile, dict[str, Any]]]:
        return [(f, s) for f in self.files for s in f.services if isinstance(s, dict)]


def read_source(root: Path, now: dt.datetime) -> tuple[Source | None, list[Diagnostic]]:
    """The directory's files, or `None` and the errors `portal check` reports on the project.

    A workbook is only written from, or read into, a project that passes the check:
    otherwise the round trip would carry its errors both ways.
    """
    directory_dir = root / DIRECTORY_DIR
    result = check_project(root, now)
    errors = [d for d in result.diagnostics if d.is_error]
    if errors or result.directory is None:
        return None, errors
    files: list[SourceFile] = []
    problems: list[Diagnostic] = []
    for folder, holds in ((ESTABLISHMENTS_DIR, True), (SERVICES_DIR, False)):
        for path in sorted(p for p in (directory_dir / folder).glob("*.y*ml")
                           if p.suffix in YAML_SUFFIXES and not p.name.endswith(EXAMPLE_SUFFIX)):
            loaded = load_mapping(path, root, problems)
            if loaded is None:
                continue
            owner = loaded.data.get("etablissement")
            identifier = owner.get("id") if isinstance(owner, dict) else owner
            files.append(SourceFile(path, shown_path(path, root), loaded, str(identifier),
                                    holds, fingerprint(path)))
    return (None, problems) if problems else (Source(root, directory_dir, files, result), [])


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw_value(block: dict[str, Any], column: Column) -> Any:
    """The value at `column.path` in a YAML block, or `None` when absent."""
    value: Any = block
    for key in column.path:
        value = value.get(key) if isinstance(value, dict) else None
    return french(value)  # a text with its translations: the sheet holds its French


def french(value: Any) -> Any:
    """A value as the French of a text written with its translations, else as it is."""
    return value["fr"] if isinstance(value, dict) and "fr" in value else value


def cell_text(value: Any, kind: Kind) -> str | None:
    """A raw YAML value as the text of its cell (lists on lines, or comma-separated)."""
    if value is None:
        return None
    if isinstance(value, list):
        separator = ", " if kind is Kind.WORDS else "\n"
        return separator.join(str(item) for item in value if item is not None)
    return str(value)


def normalised(value: Any, kind: Kind) -> Any:
    """What a value means, for comparing a cell with the YAML: equal here means unchanged."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
    if value in (None, "", []):
        return None
    if kind is Kind.LINES:
        items = value.split("\n") if isinstance(value, str) else value
        return tuple(str(i).strip() for i in items if str(i).strip())
    if kind is Kind.WORDS:  # « a, b » in a YAML list reads back as two words: the same
        items = value if isinstance(value, list) else [value]
        return tuple(w.strip() for i in items for w in str(i).split(",") if w.strip())
    return value

"""Problems found in the data, written for the comms person who must fix them.

Every stage that reads user files reports through `Diagnostic` rather than raising,
so that `portal check` can list every problem at once, one per line, as
``path:line: message`` followed by a hint saying how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "erreur"
    WARNING = "avertissement"
    NOTE = "note"
    """Information asked for (`portal check --langues`), never a problem."""


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place of one file.

    `code` is stable and meant for tests and tooling; `message` and `hint` are French
    sentences meant for people.
    """

    path: str
    line: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """The single line a person reads: ``path:line: erreur: message (hint)``."""
        text = f"{self.path}:{self.line}: {self.severity.value} : {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """File order, then line order: the order in which a person fixes them."""
    return sorted(diagnostics, key=lambda d: (d.path, d.line, d.code, d.message))


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def shown_path(path: Path, root: Path) -> str:
    """A file as messages name it: relative to the project root, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()

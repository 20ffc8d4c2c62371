"""Rows of a filled workbook → YAML blocks, checked by the validator's own models.

Each service's row and its phone rows become the block a YAML file would hold, and go
through `validate_block` with the same `Service` model as `portal check`: one set of rules,
one set of messages. The lines of that block point at cells, so each message names its
sheet, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator.diagnostics import Diagnostic
from generator.load import LoadedFile, Location
from generator.model import Establishment, Service
from generator.spreadsheet.columns import (
    ESTABLISHMENT_COLUMNS,
    ESTABLISHMENTS,
    PHONE_COLUMNS,
    PHONES,
    SERVICE_COLUMNS,
    SERVICES,
    Column,
    Kind,
)
from generator.spreadsheet.read import FilledWorkbook, Row, SheetProblem
from generator.spreadsheet.source import Source
from generator.validate import validate_block

ESTABLISHMENT_KEY = ("etablissement",)
SERVICE_KEY = ("service",)


@dataclass
class ProposedService:
    establishment: str
    block: dict[str, Any]
    row: int


@dataclass
class Proposed:
    """What the workbook says the directory should be, block by block."""

    establishments: dict[str, dict[str, Any]] = field(default_factory=dict)
    services: dict[str, ProposedService] = field(default_factory=dict)
    problems: list[SheetProblem] = field(default_factory=list)


def proposed_directory(book: FilledWorkbook, source: Source) -> Proposed:
    proposed = Proposed()
    cells = _Cells(book.name)
    known = {f.establishment for f in source.files if f.holds_establishment}
    for row in book.sheets.get(ESTABLISHMENTS, []):
        _establishment(proposed, cells, row, known)
    for identifier in sorted(known - proposed.establishments.keys()):
        proposed.problems.append(SheetProblem(
            book.name, f"l'établissement « {identifier} » a disparu de la feuille",
            "rétablissez sa ligne ; pour retirer un établissement, supprimez son fichier "
            "dans directory/etablissements/", ESTABLISHMENTS))
    phones = _phones_by_service(book, proposed)
    for row in book.sheets.get(SERVICES, []):
        _service(proposed, cells, row, phones, known)
    for identifier, rows in phones.items():
        if identifier not in proposed.services:
            for row in rows:
                proposed.problems.append(cells.problem(
                    PHONES, row.number, "Service", f"service « {identifier} » inconnu",
                    "choisissez l'identifiant d'un service de la feuille « Services »"))
    proposed.problems += cells.problems
    return proposed


def _establishment(proposed: Proposed, cells: _Cells, row: Row, known: set[str]) -> None:
    identifier = (row.cells.get("Identifiant") or "").strip()
    if identifier not in known:
        proposed.problems.append(cells.problem(
            ESTABLISHMENTS, row.number, "Identifiant",
            f"établissement « {identifier} » inconnu : le tableur ne crée ni ne renomme "
            "un établissement", "gardez l'identifiant exporté ; un nouvel établissement se crée "
            "par son fichier dans directory/etablissements/"))
        return
    if identifier in proposed.establishments:
        proposed.problems.append(cells.problem(
            ESTABLISHMENTS, row.number, "Identifiant",
            f"l'établissement « {identifier} » est sur deux lignes", "gardez-en une seule"))
        return
    block, lines = cells.block(ESTABLISHMENTS, row, ESTABLISHMENT_COLUMNS)
    cells.validate(block, lines, Establishment)
    proposed.establishments[identifier] = block


def _phones_by_service(book: FilledWorkbook, proposed: Proposed) -> dict[str, list[Row]]:
    phones: dict[str, list[Row]] = {}
    for row in book.sheets.get(PHONES, []):
        identifier = row.cells.get("Service")
        if identifier is None:
            proposed.problems.append(SheetProblem(
                book.name, "cellule vide : à quel service ce numéro appartient-il ?",
                "choisissez l'identifiant du service dans la liste", PHONES, row.number,
                "Service"))
            continue
        phones.setdefault(identifier.strip(), []).append(row)
    return phones


def _service(proposed: Proposed, cells: _Cells, row: Row, phones: dict[str, list[Row]],
             known: set[str]) -> None:
    block, lines = cells.block(SERVICES, row, SERVICE_COLUMNS)
    identifier = block.get("id")
    establishment = row.cells.get("Établissement")
    if establishment is None or establishment.strip() not in known:
        proposed.problems.append(cells.problem(
            SERVICES, row.number, "Établissement",
            "cellule vide : l'établissement est obligatoire" if establishment is None
            else f"établissement « {establishment} » inconnu",
            "choisissez l'identifiant d'un établissement de la feuille « Établissements »"))
    telephones = []
    for index, phone_row in enumerate(phones.get(str(identifier), [])):
        phone, phone_lines = cells.block(PHONES, phone_row, PHONE_COLUMNS)
        telephones.append(phone)
        lines.update({("telephones", index, *where): line
                      for where, line in phone_lines.items()})
    if telephones:
        block["telephones"] = telephones
    cells.validate(block, lines, Service)
    if not isinstance(identifier, str):
        return
    if identifier in proposed.services:
        first = proposed.services[identifier].row
        proposed.problems.append(cells.problem(
            SERVICES, row.number, "Identifiant",
            f"identifiant « {identifier} » déjà pris par la ligne {first}",
            "chaque service a son propre identifiant : changez celui-ci"))
        return
    proposed.services[identifier] = ProposedService((establishment or "").strip(), block,
                                                    row.number)


def cell_value(text: str | None, kind: Kind) -> Any:
    """A cell's text as the YAML value it stands for (lists for hours and keywords)."""
    if text is None:
        return None
    text = text.replace("\r\n", "\n")
    if kind is Kind.LINES:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        return lines or None
    if kind is Kind.WORDS:
        words = [word.strip() for word in text.split(",") if word.strip()]
        return words or None
    return text.strip() or None


class _Cells:
    """Numbers every cell a block came from, so a model's error finds its cell again."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: list[tuple[str, int, str]] = [("", 0, "")]
        self.problems: list[SheetProblem] = []

    def number(self, sheet: str, row: int, header: str) -> int:
        self.cells.append((sheet, row, header))
        return len(self.cells) - 1

    def block(self, sheet: str, row: Row,
              columns: tuple[Column, ...]) -> tuple[dict[str, Any], dict[Location, int]]:
        block: dict[str, Any] = {}
        lines: dict[Location, int] = {(): self.number(sheet, row.number, columns[0].header)}
        for column in columns:
            if column.path in (ESTABLISHMENT_KEY, SERVICE_KEY):
                continue
            line = self.number(sheet, row.number, column.header)
            lines[column.path] = line
            lines.setdefault(column.path[:1], line)
            value = cell_value(row.cells.get(column.header), column.kind)
            if value is not None:
                inner = block
                for key in column.path[:-1]:
                    inner = inner.setdefault(key, {})
                inner[column.path[-1]] = value
        return block, lines

    def validate(self, block: dict[str, Any], lines: dict[Location, int],
                 model: type[BaseModel]) -> None:
        diagnostics: list[Diagnostic] = []
        validate_block(LoadedFile(self.name, block, lines), model, diagnostics)
        for diagnostic in diagnostics:
            sheet, row, header = self.cells[diagnostic.line]
            message, hint = diagnostic.message, diagnostic.hint
            if diagnostic.code == "field.missing":
                message = f"cellule vide : « {header} » est obligatoire"
                hint = "remplissez cette cellule"
            self.problems.append(SheetProblem(self.name, message, hint, sheet, row, header))

    def problem(self, sheet: str, row: int, header: str, message: str,
                hint: str) -> SheetProblem:
        return SheetProblem(self.name, message, hint, sheet, row, header)

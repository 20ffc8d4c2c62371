"""A workbook a person filled in → the text of each cell, or every problem found in it.

Everything is read as text. What a spreadsheet did behind the person's back is reported,
never repaired: a phone typed as a number lost its leading 0, a formula would be computed
by whoever opens the file. Hostile files are refused before they are opened: too large,
a zip that expands a thousandfold, too many rows.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.spreadsheet.columns import FINGERPRINTS, SHEETS, YES_NO, Column, Kind

MAX_FILE_BYTES = 20_000_000
MAX_UNZIPPED_BYTES = 200_000_000
MAX_ROWS = 20_000
MAX_COLUMNS = 100
"""The sheets have at most 18 columns; cells beyond this one are not read (.xlsx) or the
sheet is refused (.ods, where a cell far to the right widens every row)."""
SUFFIXES = (".xlsx", ".ods")
_DATES = ("du", "au", "verifie_le")
"""The only columns where a date the spreadsheet recognised is read back as a date."""


@dataclass(frozen=True)
class SheetProblem:
    """One problem at one cell: ``annuaire.xlsx › Téléphones › ligne 12 › Numéro : …``."""

    file: str
    message: str
    hint: str = ""
    sheet: str = ""
    row: int = 0
    column: str = ""

    def format(self) -> str:
        where = " › ".join([self.file, *([self.sheet] if self.sheet else []),
                            *([f"ligne {self.row}"] if self.row else []),
                            *([self.column] if self.column else [])])
        return f"{where} : {self.message}" + (f" — {self.hint}" if self.hint else "")


@dataclass(frozen=True)
class Row:
    number: int
    """As the spreadsheet numbers it (the header is row 1)."""
    cells: dict[str, str | None]
    """Header → the cell's text, `None` when empty."""


@dataclass
class FilledWorkbook:
    name: str
    sheets: dict[str, list[Row]] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)
    problems: list[SheetProblem] = field(default_factory=list)


def read_workbook(path: Path) -> FilledWorkbook:
    """Every row of the three sheets as text, and every problem found, all at once."""
    book = FilledWorkbook(path.name)
    refusal = _refusal(path)
    if refusal:
        book.problems.append(SheetProblem(path.name, *refusal))
        return book
    try:
        raw = _openpyxl_sheets(path) if path.suffix.lower() == ".xlsx" else _calamine_sheets(path)
    except _TooManyRows as exc:
        book.problems.append(SheetProblem(
            path.name, f"plus de {MAX_ROWS} lignes ou de {MAX_COLUMNS} colonnes",
            "gardez une ligne par service ou par numéro : les lignes ou colonnes en trop "
            "sont-elles des cellules vides mises en forme ?", sheet=exc.sheet))
        return book
    except Exception:  # any library failure on a damaged file: said in French, never a trace
        book.problems.append(SheetProblem(
            path.name, "fichier illisible : ce n'est pas un classeur valide ou il est abîmé",
            "réenregistrez-le depuis votre tableur au format .xlsx"))
        return book
    for title, columns in SHEETS.items():
        if title not in raw:
            book.problems.append(SheetProblem(path.name, f"feuille « {title} » introuvable",
                                              "repartez d'un fichier écrit par portal export "
                                              "sans renommer ni supprimer ses feuilles"))
            continue
        book.sheets[title] = _rows(book, title, columns, raw[title])
    book.fingerprints = {str(r[0]): str(r[1]) for r in raw.get(FINGERPRINTS, [])[1:]
                         if len(r) >= 2 and r[0] is not None and r[1] is not None}
    return book


def _refusal(path: Path) -> tuple[str, str] | None:
    if path.suffix.lower() not in SUFFIXES:
        return (f"format non pris en charge (« {path.suffix or 'sans extension'} »)",
                "enregistrez le classeur au format .xlsx (Excel) ou .ods (LibreOffice)")
    if not path.is_file():
        return "fichier introuvable", "vérifiez le chemin du classeur"
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return (f"fichier trop volumineux ({size // 1_000_000} Mo ; "
                f"{MAX_FILE_BYTES // 1_000_000} Mo au plus)",
                "repartez d'un fichier écrit par portal export : il pèse bien moins")
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return ("fichier illisible : ce n'est pas un classeur valide ou il est abîmé",
                "réenregistrez-le depuis votre tableur au format .xlsx")
    if unzipped > MAX_UNZIPPED_BYTES:
        return ("classeur refusé : son contenu décompressé est démesuré "
                f"({unzipped // 1_000_000} Mo)", "repartez d'un fichier écrit par portal export")
    return None


class _TooManyRows(Exception):
    def __init__(self, sheet: str) -> None:
        super().__init__(sheet)
        self.sheet = sheet


class _Formula:
    """A formula cell: refused, never computed."""

    def __init__(self, text: str) -> None:
        self.text = text


def _bounded(title: str, rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    kept = []
    for index, row in enumerate(rows):
        if index >= MAX_ROWS + 1:
            raise _TooManyRows(title)
        kept.append(list(row))
    return kept


def _openpyxl_sheets(path: Path) -> dict[str, list[list[Any]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        return {sheet.title: _bounded(sheet.title, (
            [_Formula(str(c.value)) if getattr(c, "data_type", None) == "f" else c.value
             for c in row] for row in sheet.iter_rows(max_col=MAX_COLUMNS)))
            for sheet in workbook.worksheets}
    finally:
        workbook.close()


def _calamine_sheets(path: Path) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    sheets = {}
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        if sheet.total_height > MAX_ROWS + 1 or sheet.total_width > MAX_COLUMNS:
            # A cell far away makes every row as wide: refused before any row is built.
            raise _TooManyRows(name)
        sheets[name] = _bounded(name, sheet.to_python(skip_empty_area=False))
    for name, row, column, formula in _ods_formulas(path):
        rows = sheets.get(name, [])
        if row < len(rows):
            rows[row] += [None] * (column + 1 - len(rows[row]))
            rows[row][column] = _Formula(formula)
    return sheets


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_formulas(path: Path) -> list[tuple[str, int, int, str]]:
    """(sheet, row, column, formula) of each formula cell: python-calamine gives only values."""
    import xml.etree.ElementTree as ElementTree

    found: list[tuple[str, int, int, str]] = []
    sheet, row, column = "", -1, 0
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        for event, element in ElementTree.iterparse(content, events=("start", "end")):
            tag = element.tag
            if event == "start" and tag == f"{_ODS_TABLE}table":
                sheet, row = element.get(f"{_ODS_TABLE}name", ""), -1
            elif event == "start" and tag == f"{_ODS_TABLE}table-row":
                row, column = row + 1, 0
            elif event == "end" and tag == f"{_ODS_TABLE}table-row":
                row += int(element.get(f"{_ODS_TABLE}number-rows-repeated", "1")) - 1
                element.clear()
            elif event == "start" and tag in (f"{_ODS_TABLE}table-cell",
                                              f"{_ODS_TABLE}covered-table-cell"):
                formula = element.get(f"{_ODS_TABLE}formula")
                if formula is not None:
                    found.append((sheet, row, column, formula))
                column += int(element.get(f"{_ODS_TABLE}number-columns-repeated", "1"))
    return found


def _rows(book: FilledWorkbook, title: str, columns: Sequence[Column],
          raw: list[list[Any]]) -> list[Row]:
    headers = [str(h).strip() if h is not None else "" for h in (raw[0] if raw else [])]
    positions = {c.header: headers.index(c.header) for c in columns if c.header in headers}
    for column in columns:
        if column.header not in positions:
            book.problems.append(SheetProblem(
                book.name, f"colonne « {column.header} » introuvable",
                "rétablissez l'en-tête de la colonne tel que portal export l'a écrit",
                sheet=title, row=1))
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        cells = {c.header: _text(book, title, number, c,
                                 values[positions[c.header]]
                                 if positions.get(c.header, len(values)) < len(values) else None)
                 for c in columns}
        if any(v is not None for v in cells.values()):
            rows.append(Row(number, cells))
    return rows


def _text(book: FilledWorkbook, sheet: str, row: int, column: Column, value: Any) -> str | None:
    """A cell as text; what cannot be read as the person meant it is reported, not guessed."""
    def problem(message: str, hint: str) -> None:
        book.problems.append(SheetProblem(book.name, message, hint, sheet, row, column.header))

    if isinstance(value, _Formula):
        problem(f"formule refusée (« {value.text[:40]} »)",
                "tapez la valeur elle-même, sans « = » au début")
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool) and column.choices == YES_NO:
        return "oui" if value else "non"
    if isinstance(value, bool):
        problem("le tableur a changé cette cellule en VRAI/FAUX",
                "mettez la cellule au format Texte et retapez la valeur")
        return None
    if isinstance(value, int | float) and column.kind is Kind.PHONE:
        digits = str(int(value)) if float(value).is_integer() else str(value)
        problem(f"le numéro a été saisi comme un nombre ({digits}) : le tableur a pu retirer "
                "le 0 du début", "mettez la cellule au format Texte, puis retapez le numéro "
                "avec ses espaces (02 61 91 01 10)")
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date | dt.time) and column.path[-1] not in _DATES:
        problem("le tableur a changé cette cellule en date ou en heure",
                "mettez la cellule au format Texte et retapez la valeur telle qu'elle doit "
                "paraître")
        return None
    if isinstance(value, dt.datetime):
        with_time = value.time() != dt.time() or column.path[-1] != "verifie_le"
        return value.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    problem("valeur illisible dans cette cellule", "retapez-la comme un simple texte")
    return None

"""The directory → a workbook a secretary can fill in (``portal export annuaire.xlsx``).

One row per establishment, per service and per phone line; a frozen header row whose
notes say what to type; drop-down lists fed from a hidden « Listes » sheet; lines for
professionals only greyed (a rule, so a line turned to « non » greys too). Every cell is
text (format « @ »), so the spreadsheet never turns ``02 61 91 01 10`` into a number.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.spreadsheet.columns import (
    CHANNELS,
    ESTABLISHMENT_COLUMNS,
    ESTABLISHMENTS,
    FINGERPRINTS,
    KINDS,
    LEVELS,
    LISTS,
    PHONE_COLUMNS,
    PHONES,
    SERVICE_COLUMNS,
    SERVICES,
    YES_NO,
    Column,
)
from generator.spreadsheet.source import Source, cell_text, raw_value

EXTRA_ROWS = 500
"""Rows below the data that keep drop-downs and text format, for new lines."""
_TEXT = "@"
_HEADER_FILL = PatternFill("solid", fgColor="1F5C7A")
_PROFESSIONAL_FILL = PatternFill("solid", bgColor="D9D9D9")


def write_workbook(source: Source, target: Path) -> None:
    """Write the workbook atomically: a temporary file beside `target`, then a rename."""
    workbook = build_workbook(source)
    handle, temporary = tempfile.mkstemp(prefix=".portal-", suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        workbook.save(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def build_workbook(source: Source) -> Workbook:
    workbook = Workbook()
    first = workbook.active
    assert isinstance(first, Worksheet)
    establishments = [f.establishment_block for f in source.files if f.holds_establishment]
    services = source.services()
    _fill(first, ESTABLISHMENTS, ESTABLISHMENT_COLUMNS,
          [[cell_text(raw_value(e, c), c.kind) for c in ESTABLISHMENT_COLUMNS]
           for e in establishments])
    service_rows = [[f.establishment if c.path == ("etablissement",)
                     else cell_text(raw_value(s, c), c.kind) for c in SERVICE_COLUMNS]
                    for f, s in services]
    _fill(workbook.create_sheet(SERVICES), SERVICES, SERVICE_COLUMNS, service_rows)
    phone_rows = [[str(s.get("id")) if c.path == ("service",) else cell_text(raw_value(p, c),
                                                                             c.kind)
                   for c in PHONE_COLUMNS]
                  for _, s in services for p in s.get("telephones") or []
                  if isinstance(p, dict)]
    _fill(workbook.create_sheet(PHONES), PHONES, PHONE_COLUMNS, phone_rows)
    lists = {"oui_non": YES_NO, "types": KINDS, "etats": LEVELS, "sms": CHANNELS,
             "etablissements": tuple(str(e.get("id")) for e in establishments),
             "services": tuple(str(s.get("id")) for _, s in services)}
    _lists(workbook, lists)
    _drop_downs(workbook[ESTABLISHMENTS], ESTABLISHMENT_COLUMNS, {}, len(establishments))
    _drop_downs(workbook[SERVICES], SERVICE_COLUMNS,
                {"Établissement": "etablissements", "Type": "types", "Public": "oui_non",
                 "État": "etats"}, len(service_rows))
    _drop_downs(workbook[PHONES], PHONE_COLUMNS,
                {"Service": "services", "Public": "oui_non", "SMS": "sms"}, len(phone_rows))
    for sheet, columns in ((workbook[SERVICES], SERVICE_COLUMNS),
                           (workbook[PHONES], PHONE_COLUMNS)):
        _grey_professional_lines(sheet, columns)
    prints = workbook.create_sheet(FINGERPRINTS)
    prints.append(["Fichier", "sha256"])
    for file in source.files:
        prints.append([file.shown, file.sha256])
    prints.sheet_state = "hidden"
    return workbook


def _fill(sheet: Worksheet, title: str, columns: Sequence[Column],
          rows: list[list[str | None]]) -> None:
    sheet.title = title
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.comment = Comment(column.note, "Portail", height=110, width=320)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet.column_dimensions[letter].number_format = _TEXT
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_index, values in enumerate(rows, start=2):
        for column_index, value in enumerate(values, start=1):
            data = sheet.cell(row=row_index, column=column_index)
            assert isinstance(data, Cell)  # a sheet without merged cells
            data.number_format = _TEXT
            if value is not None:
                data.value = value
                data.data_type = "s"  # a text starting with « = » stays text, never a formula
                if "\n" in value:
                    data.alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 2)}"


def _lists(workbook: Workbook, lists: Mapping[str, Sequence[str]]) -> None:
    """The hidden « Listes » sheet, one named range per list, for the drop-downs."""
    sheet = workbook.create_sheet(LISTS)
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=name)
        for row, value in enumerate(values, start=2):
            cell = sheet.cell(row=row, column=index, value=value)
            cell.data_type = "s"
        last = max(len(values) + 1, 2)
        reference = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${last}"
        workbook.defined_names[f"liste_{name}"] = DefinedName(f"liste_{name}",
                                                              attr_text=reference)
    sheet.sheet_state = "hidden"


def _drop_downs(sheet: Worksheet, columns: Sequence[Column], lists: dict[str, str],
                rows: int) -> None:
    last = rows + 1 + EXTRA_ROWS
    for index, column in enumerate(columns, start=1):
        if column.header not in lists:
            continue
        validation = DataValidation(
            type="list", formula1=f"=liste_{lists[column.header]}", allow_blank=True,
            showErrorMessage=True, errorStyle="warning", errorTitle="Valeur non prévue",
            error=f"Choisissez une valeur de la liste. {column.note}",
            promptTitle=column.header, prompt=column.note[:255], showInputMessage=True)
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)


def _grey_professional_lines(sheet: Worksheet, columns: Sequence[Column]) -> None:
    """Lines whose « Public » is « non » are greyed and italic: never published."""
    index = next(i for i, c in enumerate(columns, start=1) if c.header == "Public")
    letter = get_column_letter(index)
    last_column = get_column_letter(len(columns))
    rule = FormulaRule(  # type: ignore[no-untyped-call]
        formula=[f'LOWER(TRIM(${letter}2))="non"'], fill=_PROFESSIONAL_FILL,
        font=Font(italic=True, color="595959"))
    sheet.conditional_formatting.add(f"A2:{last_column}{sheet.max_row + EXTRA_ROWS}", rule)
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=index)
        if isinstance(cell.value, str) and cell.value.strip().lower() == "non":
            cell.comment = Comment("Réservé aux professionnels : jamais publié sur le portail.",
                                   "Portail")

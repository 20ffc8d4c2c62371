"""Spreadsheet round trip: export the directory to a workbook, import it back (issue 11)."""

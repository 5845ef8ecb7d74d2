"""The "Not imported" report: an .xlsx beside the source, never inside the workbook.

It lists, for every source row, what became of it: rows left out (with the
cell and why), cells kept in Notes because they could not go in their column,
and rows matched to a row already on the sheet. It holds the source's own
values, so it lives beside the source, where those already are.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..model import SafetyNetError
from .rows import Entry, ImportResult


def report_path(source: Path) -> Path:
    return source.with_name(f"{source.stem} - not imported.xlsx")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def write_report(path: Path, result: ImportResult, source_name: str, dry_run: bool) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    title = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    summary = book.add_worksheet("Summary")
    summary.set_column(0, 0, 30)
    summary.set_column(1, 1, 12)
    summary.fit_to_pages(1, 0)
    summary.write(0, 0, f"Import of {source_name} into the {result.sheet} sheet", title)
    counts = result.counts
    lines = [
        ("Dry run (nothing written)" if dry_run else "Written to the workbook", ""),
        ("Source rows", counts["source_rows"]),
        ("Added", counts["added"]),
        ("Matched to rows already there", counts["matched"]),
        ("Not imported", counts["not_imported"]),
        ("Cells kept in Notes instead", len(result.kept_in_notes)),
    ]
    for r, (label, value) in enumerate(lines, start=2):
        summary.write(r, 0, label, bold if r > 2 else None)
        summary.write(r, 1, value)
    summary.write(
        len(lines) + 3,
        0,
        "Confidential: this file holds youths' details. Delete it when you are done.",
    )
    _entries(book, "Not imported", result.not_imported, bold, wrap, ("Why",))
    _entries(book, "Kept in Notes", result.kept_in_notes, bold, wrap, ("What happened",))
    _entries(book, "Matched", result.matched, bold, wrap, ("Matched how",), value_header="Existing")
    try:
        book.close()
    except OSError as exc:
        raise SafetyNetError(
            f"The report {path.name} could not be written ({exc.strerror or exc}). Close it if "
            f"it is open in Excel, and check the source's folder can be written; nothing was "
            f"imported.",
            1,
        ) from None
    return path


def _entries(
    book: Any,
    name: str,
    entries: list[Entry],
    bold: Any,
    wrap: Any,
    last: tuple[str, ...],
    value_header: str = "Value",
) -> None:
    sheet = book.add_worksheet(name)
    headers = ("Source sheet", "Source row", "Column", value_header, *last)
    for c, (header, width) in enumerate(zip(headers, (22, 10, 22, 26, 60), strict=True)):
        sheet.set_column(c, c, width)
        sheet.write(0, c, header, bold)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # printed: as wide as the page, as long as it takes
    sheet.repeat_rows(0)
    for r, entry in enumerate(entries, start=1):
        sheet.write_row(r, 0, (entry.table, entry.row, entry.column, _cell(entry.value)), None)
        sheet.write(r, 4, entry.why, wrap)

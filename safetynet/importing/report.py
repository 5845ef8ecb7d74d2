"""The "Not imported" report: an .xlsx beside the source, never inside the workbook.

It lists, for every source row, what became of it: rows left out (with the
cell and why), cells kept in Notes because they could not go in their column,
and rows matched to a row already on the sheet. It holds the source's own
values, so it lives beside the source, where those already are.

Each tab says in its first lines what it lists and what to do about it, so a
page printed on its own still makes sense; the list's header row is row 4.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..model import SafetyNetError
from ..xlsx.rowheight import LINE_POINTS, lines_needed
from .rows import Entry, ImportResult

HEADER_ROW = 3  # 0-based: title, what the list is, "None" or blank, then the headers
_WIDTHS = (16, 11, 18, 18, 40, 60)


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


def _explanations(source_name: str) -> dict[str, str]:
    return {
        "Not imported": (
            f"These rows of {source_name} are not in the workbook, for the reason given. Fix "
            f"them in your file (or in the import map) and import again: the rows already "
            f"imported are matched, not added twice."
        ),
        "Kept in Notes": (
            "These cells could not go in their column (a date the program cannot read, a word "
            "that is not yes or no). Their rows were imported, and each value was kept in the "
            'row\'s notes column as "Header: value" (on a sheet without one, only here). '
            "Correct the value in the workbook."
        ),
        "Matched": (
            f"These rows of {source_name} are already in the workbook (the same ID, or the "
            f"same name and birth date), so they were not added again. Nothing in the workbook "
            f"was changed for them."
        ),
    }


def write_report(
    path: Path,
    result: ImportResult,
    source_name: str,
    dry_run: bool,
    *,
    today: dt.date | None = None,
    workbook: str = "",
    map_name: str = "",
) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    styles = {
        "bold": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "about": book.add_format({"text_wrap": True, "valign": "top", "italic": True}),
        "number": book.add_format({"valign": "top", "align": "center"}),
        "top": book.add_format({"valign": "top"}),
    }
    _summary(book, styles, result, source_name, dry_run, today, workbook, map_name)
    about = _explanations(source_name)
    _entries(book, styles, "Not imported", about, result.not_imported, ("Why",), True)
    _entries(book, styles, "Kept in Notes", about, result.kept_in_notes, ("What happened",))
    _entries(
        book, styles, "Matched", about, result.matched, ("Matched how",), True, value="Existing"
    )
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


def _summary(
    book: Any,
    styles: dict[str, Any],
    result: ImportResult,
    source_name: str,
    dry_run: bool,
    today: dt.date | None,
    workbook: str,
    map_name: str,
) -> None:
    summary = book.add_worksheet("Summary")
    summary.set_column(0, 0, 34)
    summary.set_column(1, 1, 12)
    summary.set_column(2, 2, 70)
    summary.fit_to_pages(1, 0)
    into = f"the {result.sheet} sheet" + (f" of {workbook}" if workbook else "")
    summary.write(0, 0, f"Import of {source_name} into {into}", styles["title"])
    when = f" on {today.day} {today:%B %Y}" if today else ""
    if dry_run:
        summary.write(1, 0, f"Dry run{when}: the workbook was not changed")
    else:
        summary.write(1, 0, f"Written to the workbook{when}")
    counts = result.counts
    lines = [
        ("Source rows", counts["source_rows"], "every row of the file below the header row"),
        ("Would be added" if dry_run else "Added", counts["added"], "new rows on the sheet"),
        ("Matched to rows already there", counts["matched"], "see the Matched tab"),
        ("Not imported", counts["not_imported"], "see the Not imported tab: fix and import again"),
        ("Cells kept in Notes instead", len(result.kept_in_notes), "see the Kept in Notes tab"),
    ]
    for r, (label, value, about) in enumerate(lines, start=3):
        summary.write(r, 0, label, styles["bold"])
        summary.write(r, 1, value, styles["number"])
        summary.write(r, 2, about)
    row = len(lines) + 4
    if map_name:
        summary.write(
            row,
            0,
            f"Where each column of your file went is in {map_name} beside it: edit it and "
            f"import again to change that.",
        )
        row += 1
    summary.write(
        row, 0, "Confidential: this file holds youths' details. Delete it when you are done."
    )


def _entries(
    book: Any,
    styles: dict[str, Any],
    name: str,
    about: dict[str, str],
    entries: list[Entry],
    last: tuple[str, ...],
    whole_row: bool = False,
    value: str = "Value",
) -> None:
    sheet = book.add_worksheet(name)
    headers = ("Source sheet", "Source row", "Column", value, *last)
    if whole_row:
        headers += ("The row in your file",)
    for c, width in enumerate(_WIDTHS[: len(headers)]):
        sheet.set_column(c, c, width)
    sheet.write(0, 0, f"{name} ({len(entries)})", styles["title"])
    sheet.merge_range(1, 0, 1, len(headers) - 1, about[name], styles["about"])
    # A row written without a height shows one line of wrapped text: give each its lines.
    sheet.set_row(1, LINE_POINTS * lines_needed(about[name], sum(_WIDTHS[: len(headers)])))
    if not entries:
        sheet.write(2, 0, "None.")
    for c, header in enumerate(headers):
        sheet.write(HEADER_ROW, c, header, styles["bold"])
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # printed: as wide as the page, as long as it takes
    sheet.repeat_rows(HEADER_ROW)
    for r, entry in enumerate(entries, start=HEADER_ROW + 1):
        sheet.write(r, 0, entry.table, styles["top"])
        sheet.write(r, 1, entry.row, styles["number"])
        sheet.write(r, 2, entry.column, styles["top"])
        sheet.write(r, 3, _cell(entry.value), styles["top"])
        sheet.write(r, 4, entry.why, styles["wrap"])
        lines = lines_needed(entry.why, _WIDTHS[4])
        if whole_row:
            sheet.write(r, 5, entry.source, styles["wrap"])
            lines = max(lines, lines_needed(entry.source, _WIDTHS[5]))
        if lines > 1:
            sheet.set_row(r, LINE_POINTS * lines)

"""The live workbook: read sheets from, and apply Outcomes to, an xlwings Book.

It uses only what xlwings' remote engine supports as well as desktop Excel —
values, tables, number formats, colours, fonts, names, alerts; nothing through
``.api`` — so desktop buttons, xlwings Server and the tests run the same code.
The number of calls into Excel depends on the sheets and the layout, never on
the number of rows: each sheet is read in one call and written in one call,
and formats are applied per column run, not per cell.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..grid import STYLES, Cell, Grid
from ..model import SafetyNetError, UnreadableWorkbook
from ..operations import Outcome
from ..schema import AGENDA_SHEET, LOG_SHEET, data_sheet, normalise_header
from .common import log_rows, output_folder
from .live_inspect import inspect_values
from .protocol import Inspection

MAX_FORMAT_RUNS = 60  # per sheet; beyond this, formatting is cosmetic and skipped
LAST_ROW = 1_048_576  # Excel's last row
MAX_READ_CELLS = 5_000_000  # a sheet's grid from A1; ten years of a large county is 150,000


class LiveAdapter:
    """A workbook open in Excel (desktop, or xlwings' remote engine), for the buttons.

    Each sheet is read in one call and written in one call, so the number of
    calls into Excel never grows with the number of rows.
    """

    front_end = "button"

    def __init__(self, book: Any, *, out: str | os.PathLike[str] | None = None):
        self.book = book
        self.out = out

    @property
    def location(self) -> str | None:
        fullname = getattr(self.book, "fullname", "") or ""
        return fullname if os.path.isabs(fullname) else None

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        yield  # Excel itself keeps one writer at a time on an open workbook

    def check(self) -> None:
        """An open workbook is readable by definition; a missing sheet is told on reading.

        A command-line writer killed beside it may have left a full copy of the
        workbook: removed here too, so a coordinator who only clicks buttons does
        not keep one (issue 17). Not on the web, where the workbook has no folder.
        """
        if self.location:
            from ..xlsx.writerlock import remove_stale_copies

            remove_stale_copies(self.location)

    def rows(self, sheets: Iterable[str]) -> dict[str, list[list[Any]]]:
        from ..xlsx.read import ADDED_LATER

        present = {normalise_header(sheet.name) for sheet in self.book.sheets}
        return {
            name: records_of(sheet_by_name(self.book, name))
            if name not in ADDED_LATER or normalise_header(name) in present
            else ([data_sheet(name).headers] if name != AGENDA_SHEET else [])
            for name in sheets
        }

    def inspect(self, sheets: tuple[str, ...], rows: dict[str, list[list[Any]]]) -> Inspection:
        return inspect_values(self.book, sheets, rows)

    def output_folder(self, settings: dict[str, Any]) -> Path:
        return output_folder(self.location, settings, self.out)

    def apply(self, outcome: Outcome) -> None:
        apply(self.book, outcome)


def sheet_by_name(book: Any, name: str) -> Any:
    wanted = normalise_header(name)
    for sheet in book.sheets:
        if normalise_header(sheet.name) == wanted:
            return sheet
    raise UnreadableWorkbook(
        f'This workbook has no sheet named "{name}". Undo the rename or deletion, '
        f"or restore the newest copy from the backups folder beside the workbook."
    )


def records_of(sheet: Any) -> list[list[Any]]:
    """The sheet's values with each table's Total Row blanked: it is not a record (issue 17)."""
    values = sheet_values(sheet)
    for table in sheet.tables:
        if table.show_totals and table.totals_row_range is not None:
            number = table.totals_row_range.row
            if 0 < number <= len(values):
                values[number - 1] = [None] * len(values[number - 1])
    return values


def sheet_values(sheet: Any) -> list[list[Any]]:
    """Every value of a sheet from A1, in one call; never a grid too big to hold.

    One "x" at XFD1048576 stretches the used range to 17 billion cells, which
    Excel cannot hand over (the file's reader refuses it too, naming the cell:
    ``xlsx/extent.py``). Excel says only how far the sheet reaches, not which
    cell does it, so the sentence names the far corner, where Ctrl+End goes.
    """
    used = sheet.used_range
    rows, columns = used.shape
    if (used.row + rows - 1) * (used.column + columns - 1) > MAX_READ_CELLS:
        corner = str(used.last_cell.address).replace("$", "")
        raise SafetyNetError(
            f"The {sheet.name} sheet reaches {corner}, far beyond where its records are: "
            f"something was typed (or formatted) out there. Press Ctrl+End to go to it, "
            f"delete the rows and columns past your records, then try again.",
            exit_code=1,
        )
    values = used.options(ndim=2, err_to_str=True).value or [[]]
    top, left = used.row, used.column
    if left > 1:
        values = [[None] * (left - 1) + list(r) for r in values]
    if top > 1:
        values = [[] for _ in range(top - 1)] + [list(r) for r in values]
    return [list(r) for r in values]


def grid_values(grid: Grid) -> list[list[Any]]:
    """A rectangular list of values; links become HYPERLINK formulas (one write, no extra call)."""
    width = max((len(r) for r in grid), default=0)
    rows = []
    for row in grid:
        out = []
        for entry in row:
            cell = entry if isinstance(entry, Cell) else Cell(entry)
            value = cell.value
            if cell.link and value is not None:
                text = str(value).replace('"', '""')
                location = cell.link.replace('"', '""')
                value = f'=HYPERLINK("#{location}","{text}")'
            elif isinstance(value, str) and value.startswith("="):
                value = "'" + value  # staff text, not a formula
            out.append(value)
        rows.append(out + [None] * (width - len(out)))
    return rows or [[None]]


def style_runs(grid: Grid) -> list[tuple[str, int, int, int, int]]:
    """(style, first row, last row, first column, last column), zero-based rectangles.

    A run goes down a column across blank cells; runs over the same rows in
    neighbouring columns become one rectangle, so a header row is one call.
    """
    runs: dict[tuple[str, int], list[list[int]]] = {}
    for r, row in enumerate(grid):
        for c, entry in enumerate(row):
            style = _style_of(entry)
            if style is None:
                continue
            spans = runs.setdefault((style, c), [])
            if spans and _only_blank_between(grid, c, spans[-1][1], r, style):
                spans[-1][1] = r
            else:
                spans.append([r, r])
    vertical = sorted((s, a, b, c) for (s, c), spans in runs.items() for a, b in spans)
    return _join_columns(vertical)


def _join_columns(
    vertical: list[tuple[str, int, int, int]],
) -> list[tuple[str, int, int, int, int]]:
    """Join runs of one style over the same rows in neighbouring columns into rectangles."""
    joined: list[list] = []
    for style, first, last, col in vertical:
        previous = joined[-1] if joined else None
        if previous and previous[:3] == [style, first, last] and previous[4] == col - 1:
            previous[4] = col
        else:
            joined.append([style, first, last, col, col])
    return sorted((tuple(r) for r in joined), key=lambda t: (t[1], t[3], t[0]))


def _style_of(entry: Any) -> str | None:
    if isinstance(entry, Cell):
        if entry.style:
            return entry.style
        if entry.link:
            return "link"
        entry = entry.value
    if isinstance(entry, dt.datetime):
        return "datetime"
    if isinstance(entry, dt.date):
        return "date"
    return None


def _only_blank_between(grid: Grid, col: int, last: int, now: int, style: str) -> bool:
    """True when every cell strictly between is empty, so the style may cover it harmlessly."""
    for r in range(last + 1, now):
        row = grid[r]
        if col >= len(row):
            continue
        entry = row[col]
        value = entry.value if isinstance(entry, Cell) else entry
        if value not in (None, "") or _style_of(entry) not in (None, style):
            return False
    return True


def write_sheet(book: Any, name: str, grid: Grid) -> None:
    sheet = sheet_by_name(book, name)
    sheet.clear_contents()
    sheet["A1"].value = grid_values(grid)
    for style, first, last, col1, col2 in style_runs(grid)[:MAX_FORMAT_RUNS]:
        _apply_style(sheet.range((first + 1, col1 + 1), (last + 1, col2 + 1)), style)


def _apply_style(rng: Any, style: str) -> None:
    """One named style of ``grid.STYLES`` as xlwings calls (XlsxWriter's property names).

    xlwings has no font underline, so a link here is its colour alone; the
    vertical alignment of "wrap" stays Excel's default (bottom).
    """
    props = STYLES.get(style, {})
    if "num_format" in props:
        rng.number_format = props["num_format"]
    if "bg_color" in props:
        rng.color = props["bg_color"]
    if props.get("bold"):
        rng.font.bold = True
    if props.get("italic"):
        rng.font.italic = True
    if "font_size" in props:
        rng.font.size = props["font_size"]
    if "font_color" in props:
        rng.font.color = props["font_color"]
    if props.get("border"):
        rng.borders.line_style = "continuous"
    if props.get("text_wrap"):
        rng.wrap_text = True


def append_rows(book: Any, sheet_name: str, table_name: str, rows: Sequence[Sequence[Any]]) -> None:
    """Write rows under a Table and grow the Table over them: two calls, whatever the count."""
    if not rows:
        return
    sheet = sheet_by_name(book, sheet_name)
    table = _table(sheet, table_name)
    body = table.data_body_range
    whole = table.range
    last_row = whole.last_cell.row
    start = last_row + 1
    if body is not None and _body_is_empty(body):
        start = body.row  # an empty table keeps one blank row: fill it first
    values = [[None if v is None else v for v in row] for row in rows]
    sheet.range((start, whole.column)).value = values
    end_row = start + len(values) - 1
    if end_row > last_row:
        table.resize(
            sheet.range((whole.row, whole.column), (end_row, whole.column + whole.shape[1] - 1))
        )


def _body_is_empty(body: Any) -> bool:
    values = body.options(ndim=2).value or []
    return all(all(v in (None, "") for v in row) for row in values)


def _table(sheet: Any, name: str) -> Any:
    for table in sheet.tables:
        if table.name.casefold() == name.casefold():
            return table
    raise UnreadableWorkbook(
        f'The {sheet.name} sheet has lost its Excel table "{name}". Restore the newest copy '
        f"from the backups folder beside the workbook."
    )


def refuse_appends(book: Any, appends: dict[tuple[str, str], int]) -> None:
    """Before anything is written: a table that cannot take its rows stops the whole update,
    as the file's writer does (a Total Row under it; Excel's last row passed).
    ``appends``: {(sheet, table): rows to add}."""
    for (name, table_name), count in appends.items():
        if not count:
            continue
        table = _table(sheet_by_name(book, name), table_name)
        where = f'the "{name}" sheet of {book.name}'
        if table.show_totals:
            raise SafetyNetError(
                f"The table on {where} has a Total Row, so rows cannot be added under it. "
                f"Turn it off (click in the table, Table Design > Total Row) and try again.",
                exit_code=1,
            )
        reaches = table.range.last_cell.row
        if reaches + count > LAST_ROW:
            raise SafetyNetError(
                f"The table on {where} reaches row {reaches:,}, so {count} more "
                f"row{'s' if count > 1 else ''} would pass row {LAST_ROW:,}, the last row Excel "
                f"has; nothing was added and the workbook is unchanged. Move old rows into "
                f"another workbook (keep a copy), or delete empty rows inside the table, then "
                f"try again.",
                exit_code=1,
            )


def apply(book: Any, outcome: Outcome, *, log: bool = True) -> None:
    """Put an Outcome into the live workbook: generated sheets, table rows, the Log."""
    logged = log and (outcome.writes_workbook or outcome.files)
    counts = {(n, data_sheet(n).table): len(rows) for n, rows in outcome.appends.items()}
    if logged:
        counts[LOG_SHEET, LOG_SHEET] = len(log_rows(outcome))
    refuse_appends(book, counts)
    for name, grid in outcome.sheets.items():
        write_sheet(book, name, grid)
    for name, rows in outcome.appends.items():
        append_rows(book, name, data_sheet(name).table, rows)
    if logged:
        append_rows(book, LOG_SHEET, LOG_SHEET, log_rows(outcome))

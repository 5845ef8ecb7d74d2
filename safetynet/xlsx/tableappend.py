"""Append rows under an Excel Table, in the sheet part and the table part.

Only the end of sheetData is examined (found by searching backwards for row
tags), so appending 15 rows to an 8,000-row table does not read the other
7,985. New cells take the style of the cell above (or of the column), so a
date column stays a date column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..model import SafetyNetError, UnreadableWorkbook
from .cells import cell_xml, column_index, column_letter, kind_of
from .sheetxml import Worksheet, parse_worksheet
from .tablepart import Area, TableInfo, grow_table, read_table

LAST_ROW = 1_048_576  # Excel's last row: other readers reject a file with more
_ATTR_R = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_CELL_R = re.compile(rb"""\sr\s*=\s*["']([A-Z]{1,3})\d+["']""")
_STYLE = re.compile(rb"""\ss\s*=\s*["'](\d+)["']""")
_SPANS = re.compile(rb"""\sspans\s*=\s*["'][^"']*["']""")


@dataclass(frozen=True)
class RowSpan:
    number: int
    start: int
    end: int


def _row_end(xml: bytes, start: int, prefix: str) -> int:
    tag_end = xml.index(b">", start)
    if xml[tag_end - 1 : tag_end] == b"/":
        return tag_end + 1
    close = f"</{prefix}row>".encode()
    return xml.index(close, tag_end) + len(close)


@dataclass(frozen=True)
class Tail:
    """The end of sheetData as far back as the table's last row holding a value."""

    above: RowSpan | None  # that last row (None when the table has no data rows)
    below: list[RowSpan]  # the rows after it, in order
    insert_at: int  # where new rows go when no existing row is in their way
    first_new: int  # the Excel row number of the first new row


_ROW_NAME_END = (b" ", b">", b"/", b"\t", b"\n", b"\r")


def _previous_rows(sheet: Worksheet) -> Iterator[RowSpan]:
    """The <row> elements of sheetData, last first, found by searching backwards."""
    data = sheet.child("sheetData")
    if data is None:
        raise UnreadableWorkbook("The sheet has no cell data section. It may be damaged.")
    if _is_self_closed(sheet):
        return
    xml = sheet.xml
    opening = f"<{sheet.prefix}row".encode()
    search_end = data.end - len(f"</{sheet.prefix}sheetData>")
    while True:
        start = xml.rfind(opening, data.start, search_end)
        if start < 0:
            return
        search_end = start
        if xml[start + len(opening) : start + len(opening) + 1] not in _ROW_NAME_END:
            continue
        tag_end = xml.index(b">", start)
        number = _ATTR_R.search(xml, start, tag_end + 1)
        if number is None:
            raise UnreadableWorkbook("A row of the sheet has no row number. It may be damaged.")
        yield RowSpan(int(number.group(1)), start, _row_end(xml, start, sheet.prefix))


def find_tail(sheet: Worksheet, table: TableInfo) -> Tail:
    """Where rows go under the table: after its last row holding a value.

    Trailing table rows with nothing in them (Excel's empty new table keeps
    one) are filled rather than left as blank rows inside the table.
    """
    area = table.area
    computed = {area.first_col + i for i, formula in enumerate(table.formulas) if formula}
    header_last = area.first_row + table.header_rows - 1
    below: list[RowSpan] = []
    stop: RowSpan | None = None
    for span in _previous_rows(sheet):
        if span.number <= header_last:
            stop = span
            break
        if span.number <= area.last_row and _row_holds_value(sheet, span, area, computed):
            stop = span
            break
        below.append(span)
    below.reverse()
    data = sheet.child("sheetData")
    assert data is not None
    if stop is not None:
        insert_at = stop.end
    elif below:
        insert_at = below[0].start
    else:
        insert_at = data.end - len(f"</{sheet.prefix}sheetData>")
    above = stop if (stop is not None and stop.number > header_last) else None
    first_new = (above.number if above else header_last) + 1
    return Tail(above, below, insert_at, first_new)


def _row_holds_value(sheet: Worksheet, span: RowSpan, area: Area, computed: set[int]) -> bool:
    """True when a table row holds something typed (a computed column's formula is not)."""
    cells = row_cells(sheet.xml, span, sheet.prefix)
    return any(
        _holds_value(x) and not (c in computed and _FORMULA.search(x))
        for c, x in cells.items()
        if area.first_col <= c <= area.last_col
    )


def row_cells(xml: bytes, span: RowSpan, prefix: str) -> dict[int, bytes]:
    """{column index: <c> bytes} of one row."""
    body = xml[span.start : span.end]
    pattern = re.compile(
        rb"<" + prefix.encode() + rb"c\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(?:/>|>.*?</"
        + prefix.encode() + rb"c>)",
        re.S,
    )  # fmt: skip
    cells = {}
    for match in pattern.finditer(body):
        ref = _CELL_R.search(match.group(0))
        if ref is None:
            raise UnreadableWorkbook("A cell of the sheet has no reference. It may be damaged.")
        cells[column_index(ref.group(1).decode())] = match.group(0)
    return cells


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _holds_value(cell: bytes) -> bool:
    return re.search(rb"<(?:\w+:)?(?:v|f|is)[\s>/]", cell) is not None


def column_styles(sheet: Worksheet) -> dict[int, int]:
    """{column index: style} from the sheet's <cols> element."""
    cols = sheet.child("cols")
    if cols is None:
        return {}
    styles: dict[int, int] = {}
    for match in re.finditer(rb"<(?:\w+:)?col\b[^>]*>", sheet.xml[cols.start : cols.end]):
        tag = match.group(0)
        low = re.search(rb'\smin="(\d+)"', tag)
        high = re.search(rb'\smax="(\d+)"', tag)
        style = _STYLE.search(tag)
        if low and high and style:
            for col in range(int(low.group(1)) - 1, min(int(high.group(1)), 16384)):
                styles[col] = int(style.group(1))
    return styles


StyleFix = Callable[[Any, int | None], int | None]


def _style_of(cell: bytes | None) -> int | None:
    if cell is None:
        return None
    match = _STYLE.search(cell[: cell.index(b">")])
    return int(match.group(1)) if match else None


def _check_room(where: str, area: Area, number: int, cells: dict[int, bytes]) -> None:
    """Refuse to overwrite something typed just under the table."""
    if number <= area.last_row:
        return
    for col, cell in cells.items():
        if area.first_col <= col <= area.last_col and _holds_value(cell):
            raise SafetyNetError(
                f"{where}, row {number}: a cell just under the table holds something, so "
                f"new rows cannot be added. Move what is in row {number} (or delete the "
                f"row if it is empty) and try again.",
                exit_code=1,
            )


@dataclass(frozen=True)
class _RowMaker:
    """Everything needed to turn one appended row of values into a <row> element."""

    table: TableInfo
    above: dict[int, bytes]  # the cells of the table's last row holding a value
    column_styles: dict[int, int]
    fix_style: StyleFix
    date1904: bool
    prefix: str

    @cached_property
    def _columns(self) -> tuple[list[str], list[int | None]]:
        """Each table column's letter, and the style a blank new cell in it takes (or None)."""
        cols = range(self.table.area.first_col, self.table.area.last_col + 1)
        letters = [column_letter(c) for c in cols]
        blanks = [self.fix_style(None, self.style_for(c, None)) or None for c in cols]
        return letters, blanks

    def style_for(self, col: int, old: bytes | None) -> int | None:
        """The blank cell's own style, else the one above, else the column's."""
        for style in (_style_of(old), _style_of(self.above.get(col))):
            if style is not None:
                return style
        return self.column_styles.get(col)

    def row(self, number: int, values: Sequence[Any], old_cells: dict[int, bytes],
            old_tag: bytes | None) -> bytes:  # fmt: skip
        area, p = self.table.area, self.prefix
        cells = {c: x for c, x in old_cells.items() if not area.first_col <= c <= area.last_col}
        width = area.last_col - area.first_col + 1
        letters, blanks = self._columns
        formulas = self.table.formulas
        for i, value in enumerate(list(values) + [None] * (width - len(values))):
            col = area.first_col + i
            formula = formulas[i] if i < len(formulas) else None
            if value is None and formula is None and col not in old_cells:
                # The usual blank cell: its style is the same on every new row.
                if blanks[i] is not None:
                    cells[col] = f'<{p}c r="{letters[i]}{number}" s="{blanks[i]}"/>'.encode()
                continue
            style = self.fix_style(value, self.style_for(col, old_cells.get(col)))
            xml = cell_xml(f"{letters[i]}{number}", value, style, self.date1904, formula, p)
            if xml:
                cells[col] = xml.encode()
        start = f'<{p}row r="{number}">'.encode()
        if old_tag is not None:  # keep its height and format, not its (now wrong) spans
            start = _SPANS.sub(b"", old_tag).replace(b"/>", b">")
        return start + b"".join(cells[c] for c in sorted(cells)) + f"</{p}row>".encode()


def _check_table(table: TableInfo, rows: Sequence[Sequence[Any]], where: str) -> None:
    width = table.area.last_col - table.area.first_col + 1
    if table.totals_rows:
        raise SafetyNetError(
            f"The table on {where} has a Total Row, so rows cannot be added under it. "
            f"Turn it off (click in the table, Table Design > Total Row) and try again.",
            exit_code=1,
        )
    for row in rows:
        if len(row) > width:
            raise ValueError(f"{len(row)} values for a table of {width} columns on {where}")


def append_to_table(
    sheet_xml: bytes,
    table_xml: bytes,
    rows: Sequence[Sequence[Any]],
    fix_style: StyleFix,
    date1904: bool,
    where: str,
) -> tuple[bytes, bytes]:
    """New (sheet part, table part) with ``rows`` appended under the table.

    ``fix_style(value, inherited)`` returns the xf to use, so a date is never
    written with a style that does not show dates. Wholly blank rows are skipped.
    """
    table = read_table(table_xml)
    _check_table(table, rows, where)
    rows = [row for row in rows if any(kind_of(value) != "blank" for value in row)]
    if not rows:  # a blank row would sit inside the table as a record of nothing
        return sheet_xml, table_xml
    sheet = parse_worksheet(sheet_xml, where)
    xml, p, area = sheet.xml, sheet.prefix, table.area
    tail = find_tail(sheet, table)
    above = row_cells(xml, tail.above, p) if tail.above else {}
    maker = _RowMaker(table, above, column_styles(sheet), fix_style, date1904, p)
    new_last = tail.first_new + len(rows) - 1
    if new_last > LAST_ROW:
        raise SafetyNetError(
            f"The table on {where} reaches row {tail.first_new - 1:,}, so {len(rows)} more "
            f"row{'s' if len(rows) > 1 else ''} would pass row {LAST_ROW:,}, the last row Excel "
            f"has; nothing was added and the workbook is unchanged. Move old rows into another "
            f"workbook (keep a copy), or delete empty rows inside the table, then try again.",
            exit_code=1,
        )
    taken = [span for span in tail.below if span.number <= new_last]
    existing = {span.number: span for span in taken}
    out = []
    for number, values in enumerate(rows, start=tail.first_new):
        old = existing.get(number)
        old_cells = row_cells(xml, old, p) if old else {}
        _check_room(where, area, number, old_cells)
        old_tag = xml[old.start : xml.index(b">", old.start) + 1] if old else None
        out.append(maker.row(number, values, old_cells, old_tag))
    if _is_self_closed(sheet):
        new_sheet = _open_empty_sheet_data(sheet, b"".join(out))
    else:
        replace_start = taken[0].start if taken else tail.insert_at
        replace_end = taken[-1].end if taken else tail.insert_at
        new_sheet = xml[:replace_start] + b"".join(out) + xml[replace_end:]
    grown = Area(area.first_col, area.first_row, area.last_col, max(area.last_row, new_last))
    new_sheet = _grow_dimension(new_sheet, grown)
    return new_sheet, grow_table(table_xml, area, grown)


def _is_self_closed(sheet: Worksheet) -> bool:
    data = sheet.child("sheetData")
    return data is not None and sheet.xml[data.end - 2 : data.end] == b"/>"


def _open_empty_sheet_data(sheet: Worksheet, rows: bytes) -> bytes:
    """<sheetData/> becomes <sheetData>rows</sheetData>."""
    data = sheet.child("sheetData")
    assert data is not None
    p = sheet.prefix
    element = f"<{p}sheetData>".encode() + rows + f"</{p}sheetData>".encode()
    return sheet.xml[: data.start] + element + sheet.xml[data.end :]


def _grow_dimension(xml: bytes, area: Area) -> bytes:
    match = re.search(rb'<(?:\w+:)?dimension\b[^>]*\sref="([^"]*)"', xml)
    if match is None:
        return xml
    try:
        old = Area.parse(match.group(1).decode())
    except ValueError:
        return xml
    new = Area(
        min(old.first_col, area.first_col),
        min(old.first_row, area.first_row),
        max(old.last_col, area.last_col),
        max(old.last_row, area.last_row),
    )
    return xml[: match.start(1)] + new.ref().encode() + xml[match.end(1) :]

"""What the live workbook shows of a damaged table: Excel errors, formulas, merged cells.

Excel errors arrive as text ("#N/A") from every engine, so they are found in the
values and blanked, as the file reader sees them. Formulas and merged areas
can be asked of desktop Excel (a call per sheet, a few per merged column: never
one per row); xlwings' remote engine sends values only, so there the message
says plainly what could not be checked.
"""

from __future__ import annotations

from typing import Any

from ..cell_problems import EXCEL_ERRORS, excel_error, formula_in_data, merged_cells
from ..model import Problem
from ..schema import Kind, data_sheet, normalise_header
from .protocol import Inspection

NOT_CHECKED = (
    "Formulas and merged cells in the tables could not be checked from here (this Excel "
    "sends the program values only); Validate Entries in desktop Excel, or "
    "safetynet validate on the file, checks them."
)


def table_columns(sheet_name: str, rows: list[list[Any]]) -> dict[int, str]:
    """Column index -> schema header, from the sheet's own header row."""
    sheet = data_sheet(sheet_name)
    wanted = {normalise_header(h): h for h in sheet.headers}
    header_row = rows[0] if rows else []
    found = {
        i: wanted[normalise_header(v)]
        for i, v in enumerate(header_row)
        if isinstance(v, str) and normalise_header(v) in wanted
    }
    return found or dict(enumerate(sheet.headers))


def error_problems(sheet_name: str, rows: list[list[Any]]) -> list[Problem]:
    """Excel error values in the table's typed columns; each is blanked in ``rows``."""
    sheet = data_sheet(sheet_name)
    columns = table_columns(sheet_name, rows)
    found = []
    for number, row in enumerate(rows[1:], start=2):
        for index, value in enumerate(row):
            if not (isinstance(value, str) and value.strip() in EXCEL_ERRORS):
                continue
            header = columns.get(index)
            if header is None:
                continue
            row[index] = None
            if sheet.column(header).kind is not Kind.COMPUTED:
                found.append(excel_error(sheet_name, number, header, value.strip()))
    return found


def inspect_values(
    book: Any, sheets: tuple[str, ...], rows: dict[str, list[list[Any]]]
) -> Inspection:
    problems: list[Problem] = []
    unchecked = False
    for name in sheets:
        problems.extend(error_problems(name, rows[name]))
        try:
            problems.extend(_desktop_problems(book, name, rows[name]))
        except NotImplementedError:
            unchecked = True
    return Inspection(tuple(problems), (NOT_CHECKED,) if unchecked else ())


def _desktop_problems(book: Any, name: str, rows: list[list[Any]]) -> list[Problem]:
    """Formulas typed into data columns, and merged areas inside the table (desktop Excel)."""
    from .live import sheet_by_name

    sheet = sheet_by_name(book, name)
    schema = data_sheet(name)
    columns = table_columns(name, rows)
    used = sheet.used_range
    formulas = used.formula  # remote engine: NotImplementedError
    if (
        not isinstance(formulas, (list, tuple))
        or not formulas
        or not isinstance(formulas[0], (list, tuple))
    ):
        formulas = [[formulas]]
    top, left = used.row, used.column
    found: list[Problem] = []
    for r, row in enumerate(formulas):
        for c, text in enumerate(row):
            header = columns.get(left - 1 + c)
            number = top + r
            if header is None or number < 2 or not (isinstance(text, str) and text.startswith("=")):
                continue
            if schema.column(header).kind is not Kind.COMPUTED:
                found.append(formula_in_data(name, number, header, text))
    last_row = top + len(formulas) - 1
    if last_row < 2 or used.merge_cells is False:
        return found
    for index, header in sorted(columns.items()):
        first = _first_merged_row(sheet, index + 1, 2, last_row)
        if first is None:
            continue
        area = sheet.range((first, index + 1)).merge_area
        where = area.address.replace("$", "")
        found.append(merged_cells(name, first, header, where))
    return found


def _first_merged_row(sheet: Any, column: int, low: int, high: int) -> int | None:
    """The first row of ``column`` in a merged area: a bisection, a few calls per column."""
    if sheet.range((low, column), (high, column)).merge_cells is False:
        return None
    while low < high:
        middle = (low + high) // 2
        if sheet.range((low, column), (middle, column)).merge_cells is False:
            low = middle + 1
        else:
            high = middle
    return low

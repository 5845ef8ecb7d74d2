"""Build SafetyNet.xlsm with XlsxWriter, from the schema.

The workbook is built, never hand-made: every sheet, Table, dropdown, named
setting, chart, button and macro comes from code, so the same inputs give the
same bytes and a test can hold the committed blank workbook against the build.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .. import __version__
from ..grid import column_letter
from ..model import Workbook
from ..schema import (
    AGENDA_SHEET,
    CONF_SHEET,
    DASHBOARD_SHEET,
    DATA_SHEETS,
    LISTS,
    LISTS_SHEET,
    LOG_HEADERS,
    LOG_SHEET,
    MONTHLY_SHEET,
    PROBLEMS_SHEET,
    SETTINGS,
    SETTINGS_SHEET,
    SHEET_ORDER,
    START_SHEET,
    Kind,
    Sheet,
)
from ..tables import rows_from_frame
from ..upgrade.version import VERSION_LABEL, VERSION_NAME
from .buttons import BUTTONS, START_TEXT, buttons_for_sheet
from .macros import vba_project_bytes
from .validation import AGENCY_LIST_NAME, add_validations, list_range_name, validation_for

# Fixed so that building twice gives the same bytes.
BUILD_TIMESTAMP = dt.datetime(2026, 1, 1)
TABLE_STYLE = "Table Style Medium 2"

CODE_NAMES: dict[str, str] = {
    name: "sh" + "".join(ch for ch in name.title() if ch.isalnum()) for name in SHEET_ORDER
}


@dataclass(frozen=True)
class Carried:
    """What an upgrade brings from an older workbook, cell values as they were typed.

    ``rows`` are a data sheet's rows in this version's column order (raw values,
    so a date typed as text stays text); ``extra_sheets`` are grids of sheets
    this version does not make (dropped columns, the county's own sheets).
    """

    rows: dict[str, list[list[Any]]] = field(default_factory=dict)
    log_rows: list[list[Any]] = field(default_factory=list)
    agenda: list[list[Any]] | None = None
    extra_sheets: dict[str, list[list[Any]]] = field(default_factory=dict)


def build_workbook(
    path: str | os.PathLike[str],
    book: Workbook | None = None,
    *,
    interpreter: str | None = None,
    pythonpath: str | None = None,
    carried: Carried | None = None,
) -> Path:
    """Write a new SafetyNet.xlsm at ``path``, empty or holding ``book``'s data.

    ``interpreter`` goes to the xlwings.conf sheet (for Windows and Mac); the
    committed blank workbook is built without one, so it names no machine.
    ``carried`` (an upgrade) supplies the data rows, the Log, the Agenda and
    extra sheets as raw values instead.
    """
    path = Path(path)
    _build(str(path), book, interpreter, pythonpath, carried)
    return path


def build_package(
    book: Workbook | None = None,
    *,
    interpreter: str | None = None,
    pythonpath: str | None = None,
    carried: Carried | None = None,
) -> bytes:
    """The workbook ``build_workbook`` writes, made in memory only (no file, no temp file):
    an upgrade seals it first when the old workbook was encrypted."""
    out = io.BytesIO()
    _build(out, book, interpreter, pythonpath, carried)
    return out.getvalue()


def _build(
    target: str | BinaryIO,
    book: Workbook | None,
    interpreter: str | None,
    pythonpath: str | None,
    carried: Carried | None,
) -> None:
    import xlsxwriter

    from ..xlsx.styles import register_styles

    workbook = xlsxwriter.Workbook(
        target,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties(
        {
            "title": "SafetyNet Workbook",
            "subject": "Confidential: CSEC multi-disciplinary case review",
            "author": "SafetyNet Workbook",
            "comments": f"Built by safetynet {__version__}. Confidential.",
            "created": BUILD_TIMESTAMP,
        }
    )
    workbook.set_vba_name("ThisWorkbook")
    styles = register_styles(workbook)
    formats = _column_formats(workbook, styles)
    sheets = {name: workbook.add_worksheet(name) for name in SHEET_ORDER}
    extra = dict(carried.extra_sheets) if carried else {}
    code_names = dict(CODE_NAMES)
    for index, name in enumerate(extra, start=1):
        sheets[name] = workbook.add_worksheet(name)
        code_names[name] = f"shKept{index}"
    for name, worksheet in sheets.items():
        worksheet.set_vba_name(code_names[name])

    _define_names(workbook)
    _write_start(sheets[START_SHEET], styles)
    _write_agenda(sheets[AGENDA_SHEET], styles, carried.agenda if carried else None)
    for sheet in DATA_SHEETS:
        frame = book.frames.get(sheet.name) if book else None
        rows = rows_from_frame(sheet, frame) if frame is not None else []
        if carried and sheet.name in carried.rows:
            rows = carried.rows[sheet.name]
        _write_data_sheet(sheets[sheet.name], sheet, rows, formats, styles)
    _write_dashboard(workbook, sheets[DASHBOARD_SHEET], styles)
    _write_note_sheet(
        sheets[MONTHLY_SHEET],
        styles,
        "Monthly report for funders",
        "Click Monthly Report on the Dashboard sheet. Small counts are masked here.",
    )
    _lay_out_monthly(sheets[MONTHLY_SHEET])
    _write_note_sheet(
        sheets[PROBLEMS_SHEET],
        styles,
        "Problems found by Validate Entries",
        "Click Validate Entries on the Start sheet. Each problem links to its cell.",
    )
    _lay_out_problems(sheets[PROBLEMS_SHEET])
    _write_log(sheets[LOG_SHEET], styles, carried.log_rows if carried else [])
    for name, grid in extra.items():
        sheets[name].freeze_panes(1, 0)
        write_grid(sheets[name], grid, styles)
    _write_settings(sheets[SETTINGS_SHEET], styles, book.settings if book else None)
    _write_lists(sheets[LISTS_SHEET], styles, book.lists if book else None)
    _write_conf(sheets[CONF_SHEET], interpreter, pythonpath)
    _use_every_style(sheets[LISTS_SHEET], styles)

    for sheet_name, worksheet in sheets.items():
        for row, col, button in buttons_for_sheet(sheet_name):
            worksheet.insert_button(row, col, button.options())

    workbook.add_vba_project(io.BytesIO(vba_project_bytes(code_names.values())), is_stream=True)
    for name in (START_SHEET, AGENDA_SHEET, DASHBOARD_SHEET, MONTHLY_SHEET):
        _print_one_page_wide(sheets[name])
    sheets[START_SHEET].activate()
    workbook.close()


def _column_formats(workbook: Any, styles: dict[str, Any]) -> dict[Kind, Any]:
    return {
        Kind.DATE: styles["date"],
        Kind.LONG_TEXT: styles["wrap"],
        Kind.COMPUTED: workbook.add_format({"bg_color": "#F2F2F2", "font_color": "#404040"}),
    }


def _define_names(workbook: Any) -> None:
    for index, name in enumerate(LISTS):
        letter = column_letter(index)
        workbook.define_name(
            list_range_name(name),
            f"=OFFSET({LISTS_SHEET}!${letter}$2,0,0,"
            f"MAX(1,COUNTA({LISTS_SHEET}!${letter}:${letter})-1),1)",
        )
    workbook.define_name(
        AGENCY_LIST_NAME, "=OFFSET(Agencies!$A$2,0,0,MAX(1,COUNTA(Agencies!$A:$A)-1),1)"
    )
    import xlwings

    workbook.define_name("SafetyNet_xlwings_version", f'="{xlwings.__version__}"')
    # A cell, not a constant: xlwings Server passes only names of cells (see version.py).
    workbook.define_name(VERSION_NAME, f"={START_SHEET}!$C${VERSION_ROW + 1}")
    for row, setting in enumerate(SETTINGS, start=2):
        workbook.define_name(setting.name, f"={SETTINGS_SHEET}!$B${row}")


def write_grid(worksheet: Any, grid: Sequence[Sequence[Any]], styles: dict[str, Any],
               first_row: int = 0) -> None:  # fmt: skip
    """Write raw cell values (an upgrade's carried sheets): dates as dates, text as text."""
    for r, row in enumerate(grid, start=first_row):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.datetime):
                worksheet.write_datetime(r, c, value, styles["datetime"])
            elif isinstance(value, dt.date):
                worksheet.write_datetime(r, c, value, styles["date"])
            elif isinstance(value, bool):
                worksheet.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                worksheet.write_number(r, c, value)
            else:
                worksheet.write_string(r, c, str(value))


# The Start sheet's row (zero-based) holding the version, one row below the buttons' table.
VERSION_ROW = 4 + len(START_TEXT) + 2 + 2 * len(BUTTONS)


def _write_start(worksheet: Any, styles: dict[str, Any]) -> None:
    worksheet.set_column(0, 0, 4)
    worksheet.set_column(1, 1, 26)
    worksheet.set_column(2, 2, 90)
    worksheet.hide_gridlines(2)
    worksheet.write(0, 1, "SafetyNet Workbook", styles["title"])
    worksheet.write(
        1, 1, "Confidential: for members of the case review table only.", styles["note"]
    )
    for offset, line in enumerate(START_TEXT):
        worksheet.write(3 + offset, 1, line)
    top = 4 + len(START_TEXT)
    worksheet.write(top, 1, "Button", styles["header"])
    worksheet.write(top, 2, "What it does", styles["header"])
    for index, button in enumerate(BUTTONS):
        row = top + 1 + index * 2
        worksheet.set_row(row, 30)
        worksheet.set_row(row + 1, 8)
        worksheet.write(row, 2, button.explanation, styles["wrap"])
    worksheet.write(VERSION_ROW, 1, VERSION_LABEL, styles["note"])
    worksheet.write_string(VERSION_ROW, 2, __version__, styles["note"])
    worksheet.data_validation(  # typing over it is refused; upgrade writes it
        VERSION_ROW,
        2,
        VERSION_ROW,
        2,
        {
            "validate": "custom",
            "value": "=FALSE",
            "error_title": VERSION_LABEL,
            "error_message": "SafetyNet writes this cell: it says which version of the program "
            "made this workbook (safetynet upgrade changes it). Leave it as it is.",
        },
    )


# Agenda columns: Order (and the labels Meeting date, Facilitator above it),
# Section, Youth ID, Name, Age, Custody Status, Reasons, Last Discussed, Open Actions.
AGENDA_WIDTHS = (13, 14, 10, 24, 5, 15, 50, 15, 13)
AGENDA_REASONS_COLUMN = 6
# Problems: Severity, Sheet, Row, Column, Value, Problem, What to do (the last two wrap).
PROBLEMS_WIDTHS = (10, 12, 6, 20, 14, 62, 75)
# Monthly: the measure, then twelve months and the year to date.
MONTHLY_WIDTHS = (44, *(10,) * 12, 13)


def _print_one_page_wide(worksheet: Any) -> None:
    """A generated sheet prints landscape, as wide as one page, however long."""
    worksheet.set_landscape()
    worksheet.fit_to_pages(1, 0)


def _write_agenda(worksheet: Any, styles: dict[str, Any], grid: list[list[Any]] | None) -> None:
    for index, width in enumerate(AGENDA_WIDTHS):
        # Reasons wrap in Excel too, where the buttons write values into the column's format.
        fmt = styles["wrap"] if index == AGENDA_REASONS_COLUMN else None
        worksheet.set_column(index, index, width, fmt)
    if grid:  # the Agenda as staff left it: Print Packet follows it
        write_grid(worksheet, grid, styles)
        return
    worksheet.write(0, 0, "SafetyNet case review: agenda", styles["title"])
    worksheet.write(2, 0, "Click Build Agenda to choose this week's youths.", styles["note"])


def _write_data_sheet(
    worksheet: Any,
    sheet: Sheet,
    rows: Sequence[Sequence[Any]],
    formats: dict[Kind, Any],
    styles: dict[str, Any],
) -> None:
    columns = []
    for column in sheet.columns:
        spec: dict[str, Any] = {"header": column.header}
        if column.formula:
            spec["formula"] = column.formula
        if column.kind in formats:
            spec["format"] = formats[column.kind]
        columns.append(spec)
    last_row = max(1, len(rows))
    worksheet.add_table(
        0,
        0,
        last_row,
        len(sheet.columns) - 1,
        {"name": sheet.table, "style": TABLE_STYLE, "columns": columns},
    )
    for index, column in enumerate(sheet.columns):
        worksheet.set_column(index, index, column.width or 14, formats.get(column.kind))
    worksheet.freeze_panes(1, 1 if sheet.key else 0)
    worksheet.set_row(0, 30)
    for r, row in enumerate(rows, start=1):
        for c, (column, value) in enumerate(zip(sheet.columns, row, strict=True)):
            if column.kind is Kind.COMPUTED:
                continue  # the table formula fills it
            if value is None:
                continue
            if isinstance(value, (dt.date, dt.datetime)):
                worksheet.write_datetime(r, c, value, formats[Kind.DATE])
            elif isinstance(value, str):
                worksheet.write_string(r, c, value, formats.get(column.kind))
            elif isinstance(value, bool):
                worksheet.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                worksheet.write_number(r, c, value, formats.get(column.kind))
            else:  # a time of day, or anything else carried from an older workbook
                worksheet.write_string(r, c, str(value))
    add_validations(worksheet, sheet)


def _write_dashboard(workbook: Any, worksheet: Any, styles: dict[str, Any]) -> None:
    from .dashboard_charts import add_dashboard

    add_dashboard(workbook, worksheet, styles)


def _write_note_sheet(worksheet: Any, styles: dict[str, Any], title: str, note: str) -> None:
    worksheet.set_column(0, 0, 40)
    worksheet.write(0, 0, title, styles["title"])
    worksheet.write(2, 0, note, styles["note"])


def _lay_out_problems(worksheet: Any) -> None:
    """Wide enough that a wrapped problem takes a few lines, not a column of words."""
    for index, width in enumerate(PROBLEMS_WIDTHS):
        worksheet.set_column(index, index, width)
    _print_one_page_wide(worksheet)


def _lay_out_monthly(worksheet: Any) -> None:
    for index, width in enumerate(MONTHLY_WIDTHS):
        worksheet.set_column(index, index, width)


def _write_log(worksheet: Any, styles: dict[str, Any], rows: list[list[Any]]) -> None:
    widths = (18, 14, 20, 40, 60)
    for index, width in enumerate(widths):
        worksheet.set_column(index, index, width, styles["datetime"] if index == 0 else None)
    write_grid(worksheet, rows, styles, first_row=1)
    worksheet.add_table(
        0,
        0,
        max(1, len(rows)),
        len(LOG_HEADERS) - 1,
        {
            "name": "Log",
            "style": "Table Style Light 1",
            "columns": [{"header": h} for h in LOG_HEADERS],
        },
    )
    worksheet.freeze_panes(1, 0)


def _write_settings(worksheet: Any, styles: dict[str, Any], values: dict | None) -> None:
    worksheet.set_column(0, 0, 28)
    worksheet.set_column(1, 1, 44)
    worksheet.set_column(2, 2, 70)
    worksheet.write_row(0, 0, ("Setting", "Value", "About"), styles["header"])
    worksheet.freeze_panes(1, 0)
    for row, setting in enumerate(SETTINGS, start=1):
        value = (values or {}).get(setting.label, setting.default)
        worksheet.write_string(row, 0, setting.label, styles["bold"])
        if isinstance(value, int) and not isinstance(value, bool):
            worksheet.write_number(row, 1, value)
        else:
            worksheet.write_string(row, 1, str(value if value is not None else ""))
        worksheet.write_string(row, 2, setting.help, styles["note"])
        rule = validation_for(setting.kind, setting.list_name, setting.label, setting.help)
        if setting.kind is Kind.INTEGER:
            rule = {
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "error_message": "Type a whole number.",
            }
        if rule:
            worksheet.data_validation(row, 1, row, 1, rule)


def _write_lists(worksheet: Any, styles: dict[str, Any], lists: dict | None) -> None:
    lists = lists or LISTS
    for index, name in enumerate(LISTS):
        worksheet.set_column(index, index, max(14, len(name) + 4))
        worksheet.write_string(0, index, name, styles["header"])
        for row, value in enumerate(lists.get(name, LISTS[name]), start=1):
            worksheet.write_string(row, index, value)
    worksheet.freeze_panes(1, 0)


def _write_conf(worksheet: Any, interpreter: str | None, pythonpath: str | None) -> None:
    """xlwings reads this sheet from A1 down and stops at the first blank row."""
    rows = []
    if interpreter:
        rows.append(("INTERPRETER_WIN", interpreter))
        rows.append(("INTERPRETER_MAC", interpreter))
    if pythonpath:
        rows.append(("PYTHONPATH", pythonpath))
    rows.append(("ADD_WORKBOOK_TO_PYTHONPATH", "False"))
    rows.append(("SHOW CONSOLE", "False"))
    worksheet.set_column(0, 0, 30)
    worksheet.set_column(1, 1, 80)
    for row, (key, value) in enumerate(rows):
        worksheet.write_string(row, 0, key)
        worksheet.write_string(row, 1, value)
    # Hidden, as `xlwings release` hides it (RELEASE_HIDE_CONFIG_SHEET): staff need not
    # see the interpreter's path, and xlwings.bas's GetConfigFromSheet finds the sheet
    # through wb.Sheets("xlwings.conf"), which holds hidden sheets too.
    worksheet.hide()


def _use_every_style(worksheet: Any, styles: dict[str, Any]) -> None:
    """Give every named style a cell, so styles.xml holds an entry the writer can find.

    They sit in hidden columns of the Lists sheet, far right of the lists.
    """
    first = len(LISTS) + 5
    for offset, name in enumerate(sorted(styles)):
        worksheet.set_column(first + offset, first + offset, None, styles[name], {"hidden": True})
        worksheet.write_blank(0, first + offset, None, styles[name])

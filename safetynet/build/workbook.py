"""Build SafetyNet.xlsm with XlsxWriter, from the schema.

The workbook is built, never hand-made: every sheet, Table, dropdown, named
setting, chart, button and macro comes from code, so the same inputs give the
same bytes and a test can hold the committed blank workbook against the build.
"""

from __future__ import annotations

import datetime as dt
import io
import os
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
    LOG_SHEET,
    MONTHLY_SHEET,
    PROBLEMS_SHEET,
    SETTINGS,
    SETTINGS_SHEET,
    SHEET_ORDER,
    START_SHEET,
)
from ..tables import rows_from_frame
from ..upgrade.version import VERSION_NAME
from .buttons import buttons_for_sheet
from .generated_sheets import (
    VERSION_ROW,
    lay_out_monthly,
    lay_out_problems,
    print_one_page_wide,
    write_agenda,
    write_dashboard,
    write_note_sheet,
    write_start,
)
from .macros import vba_project_bytes
from .record_sheets import (
    column_formats,
    write_data_sheet,
    write_grid,
    write_lists,
    write_log,
    write_settings,
)
from .validation import AGENCY_LIST_NAME, list_range_name

# Fixed so that building twice gives the same bytes.
BUILD_TIMESTAMP = dt.datetime(2026, 1, 1)

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
    formats = column_formats(workbook, styles)
    sheets = {name: workbook.add_worksheet(name) for name in SHEET_ORDER}
    extra = dict(carried.extra_sheets) if carried else {}
    code_names = dict(CODE_NAMES)
    for index, name in enumerate(extra, start=1):
        sheets[name] = workbook.add_worksheet(name)
        code_names[name] = f"shKept{index}"
    for name, worksheet in sheets.items():
        worksheet.set_vba_name(code_names[name])

    _define_names(workbook)
    write_start(sheets[START_SHEET], styles)
    write_agenda(sheets[AGENDA_SHEET], styles, carried.agenda if carried else None)
    for sheet in DATA_SHEETS:
        frame = book.frames.get(sheet.name) if book else None
        rows = rows_from_frame(sheet, frame) if frame is not None else []
        if carried and sheet.name in carried.rows:
            rows = carried.rows[sheet.name]
        write_data_sheet(sheets[sheet.name], sheet, rows, formats, styles)
    write_dashboard(workbook, sheets[DASHBOARD_SHEET], styles)
    write_note_sheet(
        sheets[MONTHLY_SHEET],
        styles,
        "Monthly report for funders",
        "Click Monthly Report on the Dashboard sheet. Small counts are masked here.",
    )
    lay_out_monthly(sheets[MONTHLY_SHEET])
    write_note_sheet(
        sheets[PROBLEMS_SHEET],
        styles,
        "Problems found by Validate Entries",
        "Click Validate Entries on the Start sheet. Each problem links to its cell.",
    )
    lay_out_problems(sheets[PROBLEMS_SHEET])
    write_log(sheets[LOG_SHEET], styles, carried.log_rows if carried else [])
    for name, grid in extra.items():
        sheets[name].freeze_panes(1, 0)
        write_grid(sheets[name], grid, styles)
    write_settings(sheets[SETTINGS_SHEET], styles, book.settings if book else None)
    write_lists(sheets[LISTS_SHEET], styles, book.lists if book else None)
    _write_conf(sheets[CONF_SHEET], interpreter, pythonpath)
    _use_every_style(sheets[LISTS_SHEET], styles)

    for sheet_name, worksheet in sheets.items():
        for row, col, button in buttons_for_sheet(sheet_name):
            worksheet.insert_button(row, col, button.options())

    workbook.add_vba_project(io.BytesIO(vba_project_bytes(code_names.values())), is_stream=True)
    for name in (START_SHEET, AGENDA_SHEET, DASHBOARD_SHEET, MONTHLY_SHEET):
        print_one_page_wide(sheets[name])
    sheets[START_SHEET].activate()
    workbook.close()


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

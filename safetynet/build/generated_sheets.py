"""The sheets the program writes: the Start page, Agenda, Dashboard, Monthly, Problems.

As the build first lays them out (column widths, titles, a note on what fills
them, printing one page wide); the buttons later rewrite the cells of all but
the Start page. Apart from the sheets that keep records
(``build.record_sheets``), whose rows are staff's own.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..upgrade.version import VERSION_LABEL
from .buttons import BUTTONS, START_TEXT
from .record_sheets import write_grid

# The Start sheet's row (zero-based) holding the version, one row below the buttons' table.
VERSION_ROW = 4 + len(START_TEXT) + 2 + 2 * len(BUTTONS)


def write_start(worksheet: Any, styles: dict[str, Any]) -> None:
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


def print_one_page_wide(worksheet: Any) -> None:
    """A generated sheet prints landscape, as wide as one page, however long."""
    worksheet.set_landscape()
    worksheet.fit_to_pages(1, 0)


def write_agenda(worksheet: Any, styles: dict[str, Any], grid: list[list[Any]] | None) -> None:
    for index, width in enumerate(AGENDA_WIDTHS):
        # Reasons wrap in Excel too, where the buttons write values into the column's format.
        fmt = styles["wrap"] if index == AGENDA_REASONS_COLUMN else None
        worksheet.set_column(index, index, width, fmt)
    if grid:  # the Agenda as staff left it: Print Packet follows it
        write_grid(worksheet, grid, styles)
        return
    worksheet.write(0, 0, "SafetyNet case review: agenda", styles["title"])
    worksheet.write(2, 0, "Click Build Agenda to choose this week's youths.", styles["note"])


def write_dashboard(workbook: Any, worksheet: Any, styles: dict[str, Any]) -> None:
    from .dashboard_charts import add_dashboard

    add_dashboard(workbook, worksheet, styles)


def write_note_sheet(worksheet: Any, styles: dict[str, Any], title: str, note: str) -> None:
    worksheet.set_column(0, 0, 40)
    worksheet.write(0, 0, title, styles["title"])
    worksheet.write(2, 0, note, styles["note"])


def lay_out_problems(worksheet: Any) -> None:
    """Wide enough that a wrapped problem takes a few lines, not a column of words."""
    for index, width in enumerate(PROBLEMS_WIDTHS):
        worksheet.set_column(index, index, width)
    print_one_page_wide(worksheet)


def lay_out_monthly(worksheet: Any) -> None:
    for index, width in enumerate(MONTHLY_WIDTHS):
        worksheet.set_column(index, index, width)

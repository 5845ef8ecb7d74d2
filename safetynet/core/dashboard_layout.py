"""The fixed layout of the Dashboard sheet: where each table sits, its titles and labels.

The workbook build draws native Excel charts over fixed ranges of this
sheet; Refresh Dashboard later rewrites only the values. So every table here
has a fixed place and a fixed number of rows (24 months, the schema's lists,
the last 8 YWSP cohorts), and both the build and the refresh lay the sheet
out with ``dashboard_grid`` — they cannot drift apart. The Dashboard is for
staff only and is not masked. The numbers are counted in ``core.dashboard_values``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..grid import Cell
from ..schema import (
    DASHBOARD_SHEET,
    LISTS,
    REFERRALS,
    RELEASES,
    RISK_FACTORS,
    YOUTHS,
    YWSP,
)
from . import stats

MONTHS_SHOWN = 24
COHORTS_SHOWN = 8
SOURCES_SHOWN = 10
RELEASE_AGENCIES_SHOWN = 20
WIDTHS: tuple[float, ...] = (46, 13, 13, 15, 13)  # columns A–E; A fits a county agency's name
FIRST_TABLE_ROW = 3  # zero-based: row 4 in Excel


@dataclass(frozen=True)
class Table:
    """One block: a title row, a header row, then ``size`` data rows.

    ``labels`` are fixed (written at build, rewritten the same at refresh);
    None means the refresh writes labels too (months, cohorts, agencies).
    ``styles`` gives the style of each value column (None for a plain count).
    """

    key: str
    title: str
    headers: tuple[str, ...]
    labels: tuple[str, ...] | None
    size: int
    styles: tuple[str | None, ...]
    top: int = 0

    @property
    def first_row(self) -> int:
        """Zero-based row of the first data row."""
        return self.top + 2

    @property
    def last_row(self) -> int:
        return self.first_row + self.size - 1

    def reference(self, column: int) -> str:
        """Absolute reference to one column of the data rows: ``='Dashboard'!$B$7:$B$30``."""
        letter = chr(ord("A") + column)
        return f"='{DASHBOARD_SHEET}'!${letter}${self.first_row + 1}:${letter}${self.last_row + 1}"

    def header_reference(self, column: int) -> str:
        letter = chr(ord("A") + column)
        return f"='{DASHBOARD_SHEET}'!${letter}${self.top + 2}"


HEADLINES = (
    "Active youths",
    "New referrals this month",
    "New referrals this year",
    "Meetings held this year",
    "Youths discussed this year",
    "Open actions",
    "Overdue actions",
    "YWSP participants (all cohorts)",
    "Youths in the workbook",
)
_COUNT_SHARE = ("Youths", "Share")
_SHARE_STYLES = (None, "percent")


def _tables() -> tuple[Table, ...]:
    plain = [
        Table("headlines", "At a glance", ("Measure", "Count"), HEADLINES, len(HEADLINES), (None,)),
        Table(
            "referrals_by_month",
            "New referrals per month (Referral Date on Youths)",
            ("Month", "New referrals"),
            None,
            MONTHS_SHOWN,
            (None,),
        ),
        Table(
            "age",
            "Age at referral",
            ("Age at referral", *_COUNT_SHARE),
            stats.band_labels(stats.DASHBOARD_AGE_BANDS),
            len(stats.DASHBOARD_AGE_BANDS) + 1,
            _SHARE_STYLES,
        ),
        Table(
            "gender",
            YOUTHS.cols.gender,
            (YOUTHS.cols.gender, *_COUNT_SHARE),
            LISTS["Gender"],
            len(LISTS["Gender"]),
            _SHARE_STYLES,
        ),
        Table(
            "race",
            "Race/ethnicity",
            ("Race/ethnicity", *_COUNT_SHARE),
            stats.RACES,
            len(stats.RACES),
            _SHARE_STYLES,
        ),
        Table(
            "system",
            "System involvement",
            ("Involvement", *_COUNT_SHARE),
            stats.SYSTEM_INVOLVEMENT,
            len(stats.SYSTEM_INVOLVEMENT),
            _SHARE_STYLES,
        ),
        Table(
            "risk",
            "Risk factors (marked Y)",
            ("Risk factor", *_COUNT_SHARE),
            RISK_FACTORS,
            len(RISK_FACTORS),
            _SHARE_STYLES,
        ),
        Table(
            "victimization",
            "Victimization history",
            ("Victimization history", *_COUNT_SHARE),
            (*LISTS["Victimization History"], stats.NOT_RECORDED),
            len(LISTS["Victimization History"]) + 1,
            _SHARE_STYLES,
        ),
        Table(
            "exploitation_status",
            "Exploitation status",
            (YOUTHS.cols.status, *_COUNT_SHARE),
            (*LISTS["Exploitation Status"], stats.NOT_RECORDED),
            len(LISTS["Exploitation Status"]) + 1,
            _SHARE_STYLES,
        ),
        Table(
            "exploitation_type",
            "Exploitation type",
            ("Exploitation type", *_COUNT_SHARE),
            (*LISTS["Exploitation Type"], stats.NOT_RECORDED),
            len(LISTS["Exploitation Type"]) + 1,
            _SHARE_STYLES,
        ),
        Table(
            "sources",
            "Referral sources (most youths first)",
            ("Referral source", "Youths"),
            None,
            SOURCES_SHOWN,
            (None,),
        ),
        Table(
            "services",
            "Services referred and connected",
            (REFERRALS.cols.service, "Referred", "Connected", "Share connected"),
            LISTS["Service"],
            len(LISTS["Service"]),
            (None, None, "percent"),
        ),
        Table(
            "ywsp",
            f"YWSP cohorts (the last {COHORTS_SHOWN})",
            (YWSP.cols.cohort, "Participants", "Attendance rate", "Completion rate", "Start date"),
            None,
            COHORTS_SHOWN,
            (None, "percent", "percent", "date"),
        ),
        # Last, so adding it moved no table that an existing workbook's charts point at.
        Table(
            "releases",
            "Youths with a release of information current today, by agency",
            (RELEASES.cols.agency, "Identifying", "Any scope"),
            None,
            RELEASE_AGENCIES_SHOWN,
            (None, None),
        ),
    ]
    placed = []
    top = FIRST_TABLE_ROW
    for table in plain:
        placed.append(
            Table(
                table.key, table.title, table.headers, table.labels, table.size, table.styles, top
            )
        )
        top += 2 + table.size + 1
    return tuple(placed)


TABLES: tuple[Table, ...] = _tables()
TABLE: dict[str, Table] = {t.key: t for t in TABLES}
LAST_ROW = TABLES[-1].last_row
TITLE = "SafetyNet Dashboard"
STAFF_ONLY = "For staff at the table only: these counts are not masked. Do not send this sheet."

Rows = list[list[Any]]  # per table: each data row as label, value, value, ...


def dashboard_grid(values: dict[str, Rows] | None = None, note: str | Cell = "") -> list[list[Any]]:
    """The whole Dashboard sheet from A1, five columns wide, laid out by TABLES.

    With no values: the fixed labels and zeros the build writes. Rows a table
    does not fill (fewer cohorts than 8) are blank, so charts show nothing there.
    """
    width = len(WIDTHS)
    grid: list[list[Any]] = [[None] * width for _ in range(LAST_ROW + 1)]
    grid[0][0] = Cell(TITLE, "title")
    grid[1][0] = Cell(STAFF_ONLY, "note")
    if note:
        grid[2][0] = note if isinstance(note, Cell) else Cell(note, "note")
    for table in TABLES:
        grid[table.top][0] = Cell(table.title, "bold")
        for column, header in enumerate(table.headers):
            grid[table.top + 1][column] = Cell(header, "header")
        rows = (values or {}).get(table.key)
        if rows is None:
            rows = _empty_rows(table)
        for offset in range(table.size):
            line = rows[offset] if offset < len(rows) else None
            grid[table.first_row + offset][:width] = _row_cells(table, line, width)
    return grid


def _empty_rows(table: Table) -> Rows:
    if table.labels is None:
        return []
    zeros = [0 if style is None else None for style in table.styles]
    return [[label, *zeros] for label in table.labels]


def _row_cells(table: Table, line: Sequence[Any] | None, width: int) -> list[Any]:
    cells: list[Any] = [None] * width
    if line is None:
        return cells
    cells[0] = line[0]
    for column, (value, style) in enumerate(zip(line[1:], table.styles, strict=True), start=1):
        cells[column] = Cell(value, style) if style and value is not None else value
    return cells

"""Refresh Dashboard: recount everything for staff and rewrite the Dashboard's values.

The sheet keeps the layout the build gave it (``core.dashboard_layout``), so
its native charts, which point at fixed ranges, show the new numbers.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..display import full_date
from ..model import Workbook
from ..schema import DASHBOARD_SHEET, MEETINGS, REFERRALS, SET, YOUTHS, YWSP, Sheet, setting
from ..tables import empty_frame
from . import Operation, Outcome

STATISTICS_SHEETS = (YOUTHS.name, REFERRALS.name, MEETINGS.name, YWSP.name)


def frame_or_empty(book: Workbook, sheet: Sheet) -> pd.DataFrame:
    """The sheet's frame, or an empty one when the caller did not load it."""
    frame = book.frames.get(sheet.name)
    return frame if frame is not None else empty_frame(sheet)


def sessions_to_complete(book: Workbook) -> int:
    return setting(SET.ywsp_sessions_to_complete).whole_number(book.settings, 1)


def refresh_dashboard(book: Workbook, *, today: dt.date) -> Outcome:
    """Recount the Dashboard (not masked: staff only) and describe the sheet to write."""
    from ..core.dashboard_layout import dashboard_grid, dashboard_values  # only when asked for

    values = dashboard_values(
        frame_or_empty(book, YOUTHS),
        frame_or_empty(book, REFERRALS),
        frame_or_empty(book, MEETINGS),
        frame_or_empty(book, YWSP),
        today=today,
        sessions_to_complete=sessions_to_complete(book),
    )
    headline = dict((row[0], row[1]) for row in values["headlines"])
    note = f"Refreshed {full_date(today)}."
    message = (
        f"Dashboard refreshed for {full_date(today)}: {headline['Active youths']} active youths, "
        f"{headline['New referrals this month']} new referrals this month, "
        f"{headline['Overdue actions']} overdue actions."
    )
    return Outcome(
        operation=REFRESH_DASHBOARD.name,
        message=message,
        data={"today": today.isoformat(), "tables": _json(values)},
        sheets={DASHBOARD_SHEET: dashboard_grid(values, note)},
    )


def _json(values: dict[str, list[list]]) -> dict[str, list[list]]:
    def plain(value: object) -> object:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float):
            return round(value, 4)
        return value

    return {key: [[plain(v) for v in row] for row in rows] for key, rows in values.items()}


REFRESH_DASHBOARD = Operation(
    name="Refresh Dashboard",
    function=refresh_dashboard,
    reads=STATISTICS_SHEETS,
    command="dashboard",
    button="refresh_dashboard",
)

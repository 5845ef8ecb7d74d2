"""Refresh Dashboard: recount everything for staff and rewrite the Dashboard's values.

The sheet keeps the layout the build gave it (``core.dashboard_layout``), so
its native charts, which point at fixed ranges, show the new numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..display import full_date
from ..grid import Cell
from ..model import Problem, Workbook
from ..schema import (
    DASHBOARD_SHEET,
    LOG_SHEET,
    MEETINGS,
    REFERRALS,
    RELEASES,
    SET,
    YOUTHS,
    YWSP,
    Sheet,
    setting,
)
from . import Operation, Outcome

if TYPE_CHECKING:
    import pandas as pd

STATISTICS_SHEETS = (YOUTHS.name, REFERRALS.name, MEETINGS.name, YWSP.name, RELEASES.name)


def frame_or_empty(book: Workbook, sheet: Sheet) -> pd.DataFrame:
    """The sheet's frame, or an empty one when the caller did not load it."""
    from ..tables import empty_frame

    frame = book.frames.get(sheet.name)
    return frame if frame is not None else empty_frame(sheet)


def sessions_to_complete(book: Workbook) -> int:
    return setting(SET.ywsp_sessions_to_complete).whole_number(book.settings, 1)


def refresh_dashboard(
    book: Workbook, *, today: dt.date, errors: list[Problem] | None = None
) -> Outcome:
    """Recount the Dashboard (not masked: staff only) and describe the sheet to write.

    First the errors that would change the counts are looked for (``errors``
    when the caller already did): the Dashboard refreshes anyway and says how
    many. The Log (``book.grids``) gives the capacity line its waiting lists.
    """
    from ..core.dashboard_layout import dashboard_grid  # only when asked for
    from ..core.dashboard_values import dashboard_values
    from ..core.waiting import capacity, waiting_records
    from .counts_check import count_errors, message_warning, sheet_warning

    errors = count_errors(book, today) if errors is None else errors

    values = dashboard_values(
        frame_or_empty(book, YOUTHS),
        frame_or_empty(book, REFERRALS),
        frame_or_empty(book, MEETINGS),
        frame_or_empty(book, YWSP),
        today=today,
        sessions_to_complete=sessions_to_complete(book),
        releases=book.frames.get(RELEASES.name),
    )
    headline = dict((row[0], row[1]) for row in values["headlines"])
    load = capacity(
        frame_or_empty(book, MEETINGS),
        waiting_records(book.grids.get(LOG_SHEET)),
        today + dt.timedelta(days=1),
    )
    # One row above the tables: a warning leads it, and then it is all in red.
    lines = [sheet_warning(errors), f"Refreshed {full_date(today)}.", load.sentence(today)]
    note = Cell(" ".join(line for line in lines if line), "alert" if errors else "note")
    message = (
        f"Dashboard refreshed for {full_date(today)}: {headline['Active youths']} active youths, "
        f"{headline['New referrals this month']} new referrals this month, "
        f"{headline['Overdue actions']} overdue actions."
    )
    if errors:
        message += " " + message_warning(errors)
    return Outcome(
        operation=REFRESH_DASHBOARD.name,
        message=message,
        data={
            "today": today.isoformat(),
            "tables": _json(values),
            "count_errors": len(errors),
            "capacity": load.sentence(today),
        },
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
    grids=(LOG_SHEET,),
    command="dashboard",
    button="refresh_dashboard",
)

"""The columns the workbook computes with formulas, worked out again in Python.

A file written by a program and never opened in Excel holds no cached formula
results, so the program never trusts them: it recomputes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from .schema import SET, YOUTHS, YWSP, YWSP_WEEK_HEADERS, setting


def age_on(birth: pd.Series, on: dt.date | pd.Timestamp | pd.Series) -> pd.Series:
    """Whole years from each birth date to ``on``: one day, or a day per row (missing stays
    missing). The program's one age: the Age column, the agenda, face sheets, funders."""
    if isinstance(on, pd.Series):
        year, month, day = on.dt.year, on.dt.month, on.dt.day
    else:
        stamp = pd.Timestamp(on)
        year, month, day = stamp.year, stamp.month, stamp.day
    years = year - birth.dt.year
    before = _before_birthday(birth.dt.month, birth.dt.day, month, day)
    return (years - before.astype("Int64")).astype("Int64")


def age_of(birth: Any, on: dt.date) -> int | None:
    """One youth's age on ``on``, or None without a birth date (``age_on`` for one value:
    a face sheet asks thirty times, and a Series each time cost 3 ms)."""
    if birth is None or birth is pd.NaT or birth is pd.NA or pd.isna(birth):
        return None
    born = pd.Timestamp(birth)
    return on.year - born.year - int(_before_birthday(born.month, born.day, on.month, on.day))


def _before_birthday(month: Any, day: Any, on_month: Any, on_day: Any) -> Any:
    """True where ``on_month``/``on_day`` falls before the birthday in its year (one or many)."""
    return (month > on_month) | ((month == on_month) & (day > on_day))


def fill_computed(frames: dict[str, pd.DataFrame], settings: dict, today: dt.date) -> None:
    """Recompute Age, Sessions Attended and Completed in place."""
    youths = frames.get("Youths")
    if youths is not None:
        youths[YOUTHS.cols.age] = age_on(youths[YOUTHS.cols.date_of_birth], today)
    ywsp = frames.get(YWSP.name)
    if ywsp is not None:
        attended = (
            (ywsp[list(YWSP_WEEK_HEADERS)] == "Present").fillna(False).sum(axis=1).astype("Int64")
        )
        ywsp[YWSP.cols.sessions_attended] = attended
        need = setting(SET.ywsp_sessions_to_complete).whole_number(settings, 1)
        ywsp[YWSP.cols.completed] = (attended >= need).astype("boolean")

"""The columns the workbook computes with formulas, worked out again in Python.

A file written by a program and never opened in Excel holds no cached formula
results, so the program never trusts them: it recomputes.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .schema import YWSP, YWSP_WEEKS


def age_on(birth: pd.Series, on: dt.date | pd.Timestamp) -> pd.Series:
    """Whole years between each birth date and ``on`` (missing stays missing)."""
    on = pd.Timestamp(on)
    years = on.year - birth.dt.year
    before_birthday = (birth.dt.month > on.month) | (
        (birth.dt.month == on.month) & (birth.dt.day > on.day)
    )
    return (years - before_birthday.astype("Int64")).astype("Int64")


def fill_computed(frames: dict[str, pd.DataFrame], settings: dict, today: dt.date) -> None:
    """Recompute Age, Sessions Attended and Completed in place."""
    youths = frames.get("Youths")
    if youths is not None:
        youths["Age"] = age_on(youths["Date of Birth"], today)
    ywsp = frames.get(YWSP.name)
    if ywsp is not None:
        weeks = [f"Week {n}" for n in range(1, YWSP_WEEKS + 1)]
        attended = (ywsp[weeks] == "Present").fillna(False).sum(axis=1).astype("Int64")
        ywsp["Sessions Attended"] = attended
        need = int(settings.get("YWSP Sessions To Complete") or 9)
        ywsp["Completed"] = (attended >= need).astype("boolean")

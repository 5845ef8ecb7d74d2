"""Tiny invented workbooks for the Build Agenda tests: one youth per dict, defaults filled in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safetynet.model import Workbook
from safetynet.schema import LISTS, MEETINGS, YOUTHS, default_settings
from safetynet.tables import coerce_frame

D = dt.date
TODAY = D(2026, 11, 28)  # a Saturday
MEETING = D(2026, 12, 2)  # the Wednesday after
LAST_WEEK = D(2026, 11, 25)


def youth(number: int, **changes: Any) -> dict[str, Any]:
    """An active, low-risk, under-18 youth at home; ``changes`` use the sheet's headers."""
    record: dict[str, Any] = {
        "Youth ID": f"Y-{number:04d}",
        "First Name": "Zelda",
        "Last Name": f"Quux{number}",
        "Date of Birth": D(2011, 5, 17),
        "Gender": "Female",
        "Race/Ethnicity": "Multiple Races",
        "Referral Date": D(2026, 1, 5),
        "Referral Source": "Probation",
        "Exploitation Status": "At risk",
        "Custody Status": "Home",
        "Safety Level": "Low",
        "Status": "Active",
    }
    record.update(changes)
    return record


def meeting(youth_number: int | str, when: dt.date, **changes: Any) -> dict[str, Any]:
    youth_id = youth_number if isinstance(youth_number, str) else f"Y-{youth_number:04d}"
    record: dict[str, Any] = {
        "Meeting Date": when,
        "Youth ID": youth_id,
        "Section": "Out of custody",
        "Discussed": "Y",
    }
    record.update(changes)
    return record


def discussed(number: int | str, when: dt.date = LAST_WEEK, **changes: Any) -> dict[str, Any]:
    """A youth recently discussed: not new, not due."""
    return meeting(number, when, **changes)


def book(
    youths: list[dict[str, Any]],
    meetings: list[dict[str, Any]] = (),  # type: ignore[assignment]
    **settings: Any,
) -> Workbook:
    """A Workbook of Youths and Meetings; settings by label with spaces as underscores."""
    values = default_settings()
    for name, value in settings.items():
        values[name.replace("_", " ")] = value
    frames = {
        YOUTHS.name: coerce_frame(YOUTHS, youths),
        MEETINGS.name: coerce_frame(MEETINGS, list(meetings)),
    }
    return Workbook(frames, values, dict(LISTS))

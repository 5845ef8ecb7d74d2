"""Who is who: the workbook's youths by ID and by name and birth date, and each sheet's row keys.

Importing twice adds nothing twice because every row is looked up here first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from ..schema import AGENCIES, MEETINGS, MEMBERS, REFERRALS, YOUTHS, YWSP, Sheet
from .headers import fold

Y = YOUTHS.cols


def _day(value: Any) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if type(value) is dt.date:  # what the import makes: no pandas needed
        return value.isoformat()
    try:
        return pd.Timestamp(value).date().isoformat()
    except (ValueError, TypeError):
        return ""


def person_key(first: Any, last: Any, born: Any) -> tuple[str, str]:
    return fold(f"{first or ''} {last or ''}"), _day(born)


class YouthIndex:
    """The workbook's youths by ID and by name and birth date (and by name alone)."""

    def __init__(self, frame: pd.DataFrame | None):
        self.ids: dict[str, str] = {}
        self.people: dict[tuple[str, str], str] = {}
        self.names: dict[str, set[str]] = {}
        if frame is not None and len(frame):
            for yid, first, last, born in zip(
                frame[Y.youth_id],
                frame[Y.first_name],
                frame[Y.last_name],
                frame[Y.date_of_birth],
                strict=True,
            ):
                self.add(None if yid is pd.NA else str(yid), first, last, born)

    def add(self, yid: str | None, first: Any, last: Any, born: Any) -> None:
        person = person_key(
            None if first is pd.NA else first, None if last is pd.NA else last, born
        )
        if yid:
            self.ids[fold(yid)] = yid
            if person[0]:
                self.people.setdefault(person, yid)
                self.names.setdefault(person[0], set()).add(yid)

    def find(self, record: dict[str, Any]) -> tuple[str | None, str]:
        """(Youth ID, how) of the youth a record names; (None, why) when none or several."""
        name = fold(f"{record.get(Y.first_name) or ''} {record.get(Y.last_name) or ''}")
        if not name:
            return None, "There is no Youth ID and no name to find the youth by."
        born = _day(record.get(Y.date_of_birth))
        if born and (name, born) in self.people:
            return self.people[(name, born)], "by name and birth date"
        candidates = self.names.get(name, set())
        if len(candidates) == 1 and not born:
            return next(iter(candidates)), "by name"
        if len(candidates) > 1:
            return None, "The name matches more than one youth: add a Youth ID column."
        return None, "No youth on the Youths sheet has this name and birth date."


# The columns that tell one row of each sheet from another.
KEYS: dict[str, tuple[str, ...]] = {
    YOUTHS.name: (Y.youth_id,),
    REFERRALS.name: (REFERRALS.cols.youth_id, REFERRALS.cols.referral_date, REFERRALS.cols.service),
    MEETINGS.name: (MEETINGS.cols.meeting_date, MEETINGS.cols.youth_id),
    YWSP.name: (YWSP.cols.cohort, YWSP.cols.youth_id),
    AGENCIES.name: (AGENCIES.cols.agency,),
    MEMBERS.name: (MEMBERS.cols.name,),
}


def row_key(sheet: str, get: Any) -> tuple[str, ...] | None:
    parts = []
    for header in KEYS[sheet]:
        value = get(header)
        if value is None or value is pd.NA or value is pd.NaT:
            text = ""
        elif isinstance(value, (dt.date, pd.Timestamp)):
            text = _day(value)
        else:
            text = fold(value)
        parts.append(text)
    return tuple(parts) if any(parts) else None


def existing_keys(sheet: Sheet, frame: pd.DataFrame | None) -> dict[tuple[str, ...], str]:
    if frame is None or not len(frame):
        return {}
    out: dict[tuple[str, ...], str] = {}
    for row, values in zip(
        frame.index, frame[list(KEYS[sheet.name])].itertuples(index=False), strict=True
    ):
        found = dict(zip(KEYS[sheet.name], values, strict=True))
        key = row_key(sheet.name, found.get)
        if key:
            out.setdefault(key, f"row {row}")
    return out

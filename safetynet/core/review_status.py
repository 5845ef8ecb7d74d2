"""What earlier meetings left for the table to act on: plans, next review, overdue actions.

Pure: a youth's Meetings rows (dicts by header) and the meeting date in,
display strings out. The rules match Build Agenda's (core/agenda.py): only
rows dated before the meeting count (Print Packet records this meeting's own
rows), an action is a row with an Action Item or an Action Due, and it is
overdue when it was due before the meeting and Action Done is not Y (blank
counts as not done).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from ..schema import MEETINGS

BLANK = "—"
LAST_REVIEWS = 3  # how many earlier reviews a face sheet repeats
OVERDUE = "OVERDUE"
NOT_RECORDED = "Not recorded"

_C = MEETINGS.cols


def _known(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):
        return True


def _date_key(value: Any) -> pd.Timestamp:
    return pd.Timestamp(value) if _known(value) else pd.Timestamp.min


def _earlier(rows: Sequence[dict[str, Any]], before: dt.date) -> list[dict[str, Any]]:
    """Rows dated before the meeting, newest first (ties keep the sheet's order, last first)."""
    limit = pd.Timestamp(before)
    earlier = [r for r in rows if _date_key(r.get(_C.meeting_date)) < limit]
    return sorted(reversed(earlier), key=lambda r: _date_key(r.get(_C.meeting_date)), reverse=True)


def _done(row: dict[str, Any]) -> bool:
    value = row.get(_C.action_done)
    return _known(value) and bool(value)


def has_action(row: dict[str, Any]) -> bool:
    return _known(row.get(_C.action_item)) or _known(row.get(_C.action_due))


def is_overdue(row: dict[str, Any], meeting_date: dt.date) -> bool:
    """An action due before the meeting and not marked done."""
    if not has_action(row) or _done(row):
        return False
    due = row.get(_C.action_due)
    return _known(due) and pd.Timestamp(due) < pd.Timestamp(meeting_date)


def action_state(row: dict[str, Any], meeting_date: dt.date) -> str:
    """``Done``, ``Open`` or ``OVERDUE`` for a row's action; a dash when it has none."""
    if not has_action(row):
        return BLANK
    if _done(row):
        return "Done"
    return OVERDUE if is_overdue(row, meeting_date) else "Open"


def reviews_to_show(rows: Sequence[dict[str, Any]], before: dt.date) -> list[dict[str, Any]]:
    """The last reviews before the meeting, and any older one whose action is still overdue.

    Newest first. An overdue action from months ago is exactly what the table
    must not lose sight of, so it stays on the face sheet until it is done.
    """
    earlier = _earlier(rows, before)
    return [r for n, r in enumerate(earlier) if n < LAST_REVIEWS or is_overdue(r, before)]


def _latest(
    rows: Sequence[dict[str, Any]], header: str, fmt: Callable[[Any], str]
) -> tuple[str, str]:
    """(the value, the meeting date) from the latest earlier row that recorded ``header``."""
    for row in rows:
        value = row.get(header)
        if _known(value):
            return fmt(value), fmt(row.get(_C.meeting_date))
    return "", ""


def plan_fields(
    rows: Sequence[dict[str, Any]], before: dt.date, fmt: Callable[[Any], str]
) -> dict[str, str]:
    """Safety plan, aftercare plan and next review as the latest meetings left them.

    Each comes from the latest earlier meeting that recorded it (a meeting at
    which the youth was not discussed leaves them blank), with that meeting's
    date, so "Yes, 4 Nov 2026" says how fresh the answer is.
    """
    earlier = _earlier(rows, before)
    out: dict[str, str] = {}
    for field, header in (
        ("safety_plan", _C.safety_plan),
        ("aftercare_plan", _C.aftercare_plan),
    ):
        value, when = _latest(earlier, header, fmt)
        out[field] = f"{value}, {when}" if value else NOT_RECORDED
    review, set_on = _latest(earlier, _C.next_review_date, fmt)
    out["next_review_date"] = f"{review} (set {set_on})" if review else BLANK
    overdue = sum(is_overdue(r, before) for r in earlier)
    out["overdue_actions"] = (
        f"{overdue}, marked {OVERDUE} under Last reviews" if overdue else "None"
    )
    return out

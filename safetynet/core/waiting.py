"""Who has waited, and for how long: the waiting lists Print Packet records, read back.

No hand-kept column holds this. Print Packet adds one row to the Log sheet per
meeting, ``Print Packet: Waiting list 2026-12-02`` in its Operation column and the waiting
list's Youth IDs (never names) in its Youth IDs column; printing again for the
same date adds a newer row, and the newest row for a date is the one that
counts. A youth on the agenda that the table did not reach (Discussed N on the
Meetings sheet) has waited that meeting too.

A youth's wait is every such meeting before the one being prepared and after
it was last discussed: ``waiting since 18 Nov (3 meetings)``. The capacity line
counts the last 12 meetings: the youths that qualified (on an agenda or a
waiting list), those discussed at the last meeting they qualified for, and those
still waiting after it (the two add up), and how often a youth was put off.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..grid import Grid, plain
from ..schema import LOG_HEADERS, MEETINGS, normalise_header
from ..values import is_blank, to_text
from .agenda_words import plural, short_date

WAITING_OPERATION = "Waiting list"
CAPACITY_MEETINGS = 12
LOG_OPERATION, LOG_YOUTH_IDS = LOG_HEADERS[2], LOG_HEADERS[3]
# Print Packet's rows read "Print Packet: Waiting list 2026-12-02"; workbooks
# printed before Log notes carried the operation's name hold the bare words.
_WAITING_ROW = re.compile(
    rf"^\s*(?:Print Packet:\s*)?{WAITING_OPERATION}\s+(\d{{4}}-\d{{2}}-\d{{2}})\s*$", re.I
)


@dataclass(frozen=True)
class WaitingRecord:
    """The waiting list of one meeting, as Print Packet left it (Youth IDs only)."""

    meeting_date: dt.date
    youth_ids: tuple[str, ...]


def waiting_log_row(meeting_date: dt.date, youth_ids: Iterable[str]) -> tuple[str, list[str]]:
    """What Print Packet asks the Log to hold: (Operation words, Youth IDs)."""
    return f"{WAITING_OPERATION} {meeting_date.isoformat()}", list(youth_ids)


def waiting_on_sheet(agenda_grid: Grid, on_agenda: Iterable[str]) -> list[str]:
    """The Youth IDs under the Agenda sheet's waiting list heading, as staff left them."""
    rows = [[plain(v) for v in row] for row in agenda_grid]
    taken = {_key(i) for i in on_agenda}
    heading = next((n for n, row in enumerate(rows) if _is_waiting_heading(row)), None)
    if heading is None:
        return []
    column = None
    found: list[str] = []
    for row in rows[heading + 1 :]:
        words = [normalise_header(v) if isinstance(v, str) else "" for v in row]
        if column is None:
            column = words.index("youth id") if "youth id" in words else None
            continue
        typed = row[column] if column < len(row) else None
        if is_blank(typed) or _key(typed) in taken:
            continue
        taken.add(_key(typed))
        found.append(to_text(typed))
    return found


def _is_waiting_heading(row: list[object]) -> bool:
    return any(isinstance(v, str) and normalise_header(v).startswith("waiting list") for v in row)


def waiting_records(log: Grid | None) -> tuple[WaitingRecord, ...]:
    """Each meeting's newest recorded waiting list, from the Log sheet's raw grid."""
    rows = [[plain(v) for v in row] for row in (log or ())]
    header = next(
        (i for i, row in enumerate(rows) if LOG_OPERATION in row and LOG_YOUTH_IDS in row), None
    )
    if header is None:
        return ()
    operation, ids = rows[header].index(LOG_OPERATION), rows[header].index(LOG_YOUTH_IDS)
    newest: dict[dt.date, tuple[str, ...]] = {}
    for row in rows[header + 1 :]:
        words = row[operation] if operation < len(row) else None
        found = _WAITING_ROW.match(words) if isinstance(words, str) else None
        if not found:
            continue
        typed = row[ids] if ids < len(row) else None
        listed = str(typed or "").replace(";", ",").split(",")
        newest[dt.date.fromisoformat(found.group(1))] = tuple(
            i.strip() for i in listed if i.strip()
        )
    return tuple(WaitingRecord(day, newest[day]) for day in sorted(newest))


@dataclass(frozen=True)
class Wait:
    since: dt.date
    meetings: int


def _key(youth_id: object) -> str:
    return str(youth_id).strip().upper()


def _keys(ids: pd.Series) -> np.ndarray:
    """Youth IDs as matched across sheets, each distinct value cleaned once (blank: "")."""
    codes, uniques = pd.factorize(ids.to_numpy(dtype=object, na_value=None))
    cleaned = np.array([_key(v) for v in uniques] + [""], dtype=object)
    return cleaned[codes]


def _meeting_rows(meetings: pd.DataFrame, before: pd.Timestamp) -> pd.DataFrame:
    """Meetings rows before ``before``: date, key, and whether the youth was discussed."""
    cols = MEETINGS.cols
    dates = meetings[cols.meeting_date]
    keep = (dates < before).fillna(False).to_numpy()
    frame = pd.DataFrame(
        {
            "date": dates.to_numpy()[keep],
            "key": _keys(meetings[cols.youth_id])[keep],
            "discussed": meetings[cols.discussed].fillna(True).astype(bool).to_numpy()[keep],
        }
    )
    return frame[(frame["key"] != "").to_numpy()]


def waits(
    meetings: pd.DataFrame, records: Sequence[WaitingRecord], meeting_date: dt.date
) -> dict[str, Wait]:
    """Each waiting youth's wait before ``meeting_date``, by Youth ID key."""
    meeting = pd.Timestamp(meeting_date)
    rows = _meeting_rows(meetings, meeting)
    last = rows[rows["discussed"].to_numpy()].groupby("key")["date"].max()
    put_off = rows[~rows["discussed"].to_numpy()]
    last = last.to_dict()
    seen_then = pd.to_datetime(put_off["key"].map(last), errors="coerce")
    put_off = put_off[~(put_off["date"] <= seen_then).to_numpy()]
    waited: dict[str, set[dt.date]] = {}
    pairs = [(k, d.date()) for k, d in zip(put_off["key"], put_off["date"], strict=True)]
    pairs += [
        (_key(i), r.meeting_date)
        for r in records
        if r.meeting_date < meeting_date
        for i in r.youth_ids
    ]
    for key, day in pairs:
        seen = last.get(key)
        if seen is None or pd.Timestamp(day) > seen:
            waited.setdefault(key, set()).add(day)
    return {key: Wait(min(days), len(days)) for key, days in waited.items()}


def wait_reason(wait: Wait, meeting: dt.date) -> str:
    return f"Waiting since {short_date(wait.since, meeting)} ({plural(wait.meetings, 'meeting')})"


@dataclass(frozen=True)
class Capacity:
    """The last meetings' load, in distinct youths: those that qualified, split into
    those discussed at their latest meeting and those still waiting after it."""

    meetings: int
    first: dt.date | None
    last: dt.date | None
    qualified: int
    discussed: int
    waiting: int
    times_put_off: int

    def sentence(self, today: dt.date) -> str:
        if not self.meetings:
            return "Capacity: no earlier meeting is recorded yet."
        span = (
            f"{short_date(self.first, today)} to {short_date(self.last, today)}"
            if self.first != self.last
            else short_date(self.first, today)
        )
        return (
            f"Last {plural(self.meetings, 'meeting')} ({span}): "
            f"{plural(self.qualified, 'youth')} qualified, {self.discussed} discussed, "
            f"{self.waiting} still waiting; {self._put_off()}."
        )

    def _put_off(self) -> str:
        """Put-offs are events, not youths: "a youth was put off 19 times" reads as one youth."""
        if not self.times_put_off:
            return "nobody was put off"
        if self.times_put_off == 1:
            return "one youth was put off once"
        return f"youths were put off {self.times_put_off} times in all"


def capacity(
    meetings: pd.DataFrame,
    records: Sequence[WaitingRecord],
    before: dt.date,
    count: int = CAPACITY_MEETINGS,
) -> Capacity:
    """The last ``count`` meetings before ``before`` (Meetings dates and recorded lists)."""
    rows = _meeting_rows(meetings, pd.Timestamp(before))
    held = {d.date() for d in pd.unique(rows["date"].to_numpy()).astype("datetime64[us]").tolist()}
    held |= {r.meeting_date for r in records if r.meeting_date < before}
    days = sorted(held)[-count:]
    recent = rows[rows["date"].isin(pd.to_datetime(days)).to_numpy()] if days else rows[:0]
    by_date = {day: (set(), set()) for day in days}  # date -> (qualified, discussed)
    for key, day, discussed in zip(recent["key"], recent["date"], recent["discussed"], strict=True):
        qualified, talked = by_date[day.date()]
        qualified.add(key)
        if discussed:
            talked.add(key)
    recorded = {r.meeting_date: r.youth_ids for r in records}
    qualified: set[str] = set()
    discussed_at: dict[str, dt.date] = {}
    waited_at: dict[str, dt.date] = {}
    put_off = 0
    for day in days:
        on_agenda, talked = by_date[day]
        listed = {_key(i) for i in recorded.get(day, ())} - talked
        qualified |= on_agenda | listed
        for key in talked:
            discussed_at[key] = day
        for key in (on_agenda - talked) | listed:
            waited_at[key] = day
        put_off += len((on_agenda - talked) | listed)
    still = {k for k, day in waited_at.items() if discussed_at.get(k, dt.date.min) < day}
    return Capacity(
        meetings=len(days),
        first=days[0] if days else None,
        last=days[-1] if days else None,
        qualified=len(qualified),
        discussed=len(qualified - still),
        waiting=len(still),
        times_put_off=put_off,
    )

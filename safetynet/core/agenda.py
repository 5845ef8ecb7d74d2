"""Who the table discusses this week, and why: SPEC "Build Agenda", with no I/O.

The rules, in priority order (a youth's priority is its best reason; every
reason it has is listed, in this order):

1. **Flagged**: Discuss Next Meeting is Y.
2. **New case**: never discussed, i.e. no Meetings row dated *before* the
   meeting date whose Discussed is Y or blank. Rows on the meeting date itself
   do not count (Print Packet records them), so rerunning Build Agenda gives the
   same agenda; a youth put off at its first meeting (Discussed N) stays new.
3. **Urgent**: Custody Status Missing; Safety Level High; Next Court Date
   within Court Date Window Days before *or after* the meeting (a hearing just
   past needs follow-up as much as one coming); Custody Change Date within the
   window before the meeting (not repeated for a Missing youth, whose reason
   already gives the date); an action item whose Action Due is before the
   meeting and whose Action Done is not Y.
4. **Due for review**: last discussed (latest Meetings row before the meeting
   whose Discussed is not N) at least Review Interval Weeks before the meeting;
   or the Next Review Date set on the latest meeting that set one has come
   (on or before the meeting) and no discussion has happened since it ("Review
   due 1 Dec", given only when the interval has not already made the youth due).

Closed youths never appear. Youths 18 or older on the meeting date appear only
when flagged. Youth IDs are matched between sheets ignoring case and spaces; a
Youth ID on two rows of Youths is used once (its first row) and a note says so.

Waiting (``core.waiting``): each meeting a youth has waited since it was last
discussed (on a recorded waiting list, or put off with Discussed N) lifts it
one level (due -> urgent -> new -> flagged), and within a level those who
waited longer come first, after any Missing youth (nothing at its level
overtakes a missing child); so a youth that qualifies is discussed by its
fourth meeting unless more youths qualify than there are places, which the
agenda then says. A Missing youth stands at the new-case level from the
start, after the new cases themselves and before any youth lifted there by
waiting: only flagged youths, new cases and youths that have waited three
meetings (two when urgent) come before a missing child. A youth referred
after the meeting date is not yet a case.

Order (the same every time, whatever the row order of the sheets): by level
(priority lifted by waiting; a Missing youth's at least the new-case level),
at the new-case level new cases first, then Missing first, meetings waited
(most first), priority, then
within a priority: flagged and new by Referral Date (oldest first, blank
last); urgent by its most urgent kind (Missing, then Safety Level High, then a
court date in the window, then a custody change, then an overdue action);
among youths whose most urgent kind is the court date, the soonest hearing
first (those still to come by date, then those just past, the most recent
first); then number of urgent kinds (most first), then the court date
(earliest first, blank last); due by last discussed (longest ago first);
finally by Youth ID.
The first Max Youths Per Meeting make the agenda, the rest the waiting list.
On the agenda, youths are grouped by section: New case (whatever the custody),
In custody (Custody Status "In custody"; Placement is not detention, so it
counts as Out of custody), Out of custody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..model import SafetyNetError, Workbook
from ..schema import LISTS, MEETINGS, YOUTHS, setting
from ..tables import empty_frame
from .agenda_facts import (
    COURT_KIND,
    FLAGGED,
    NEW,
    URGENT,
    Y_REFERRED,
    History,
    Rules,
    active_youths,
    youth_facts,
)
from .agenda_words import (
    LONG_WAIT,
    capacity_notes,
    known,
    long_wait_notes,
    meeting_date_warnings,
    plural,
    reasons_for,
)
from .waiting import Capacity, Wait, WaitingRecord, capacity, wait_reason, waits

NEW_CASE, IN_CUSTODY, OUT_OF_CUSTODY = LISTS["Section"]
SECTIONS: tuple[str, ...] = LISTS["Section"]
WEEKDAY = setting("Meeting Weekday")


@dataclass(frozen=True)
class AgendaItem:
    youth_id: str
    section: str
    reasons: tuple[str, ...]
    priority: int  # 1 flagged, 2 new, 3 urgent, 4 due
    name: str  # for the staff's own Agenda sheet only: never in messages or logs
    age: int | None
    custody_status: str | None
    last_discussed: dt.date | None
    open_actions: int
    waited: int = 0  # meetings waited since last discussed
    waiting_since: dt.date | None = None


@dataclass(frozen=True)
class Agenda:
    meeting_date: dt.date
    items: tuple[AgendaItem, ...]
    waiting: tuple[AgendaItem, ...]
    notes: tuple[str, ...]
    capacity: Capacity | None = None
    # The notes that ask for attention (a mistyped-looking date, a youth's fourth wait):
    # also in ``notes``, in the message as they are, shown in red on the sheet.
    warnings: tuple[str, ...] = ()

    @property
    def youth_ids(self) -> list[str]:
        return [item.youth_id for item in self.items]


def next_meeting_date(today: dt.date, weekday: str) -> dt.date:
    """The first ``weekday`` strictly after ``today`` (a meeting today is already prepared)."""
    wanted = _weekday_number(weekday)
    days = (wanted - today.weekday() - 1) % 7 + 1
    return today + dt.timedelta(days=days)


def _weekday_number(weekday: str) -> int:
    text = str(weekday or "").strip().casefold()
    for number, name in enumerate(LISTS["Weekday"]):
        if text and (
            text == name.casefold() or (len(text) >= 3 and name.casefold().startswith(text))
        ):
            return number
    raise SafetyNetError(
        f'The {WEEKDAY.label} on the Settings sheet is "{weekday}", which is not a day of the '
        f"week. Choose one from its dropdown, for example {WEEKDAY.default}.",
        exit_code=1,
    )


def _frame(book: Workbook, sheet: Any) -> pd.DataFrame:
    frame = book.frames.get(sheet.name)
    return empty_frame(sheet) if frame is None else frame


def _days(stamps: pd.Series, blank: int) -> np.ndarray:
    """Dates as day numbers for sorting, with ``blank`` for a missing date."""
    values = stamps.to_numpy(dtype="datetime64[D]")
    days = values.astype("int64")
    return np.where(np.isnat(values), blank, days)


def select_agenda(
    book: Workbook,
    meeting_date: dt.date,
    *,
    today: dt.date | None = None,
    waiting: Sequence[WaitingRecord] = (),
) -> Agenda:
    """Choose and order the youths for ``meeting_date`` by the rules in this module's doc.

    ``waiting`` holds earlier meetings' waiting lists (``core.waiting.waiting_records``
    reads them from the Log); ``today`` turns on the date warnings.
    """
    rules = Rules.from_settings(book.settings)
    meeting = pd.Timestamp(meeting_date)
    notes: list[str] = []
    if today is not None:
        weekday = str(book.settings.get(WEEKDAY.label) or WEEKDAY.default)
        notes.extend(meeting_date_warnings(meeting_date, today, _weekday_number(weekday)))
    warnings = list(notes)
    youths, duplicate_notes = active_youths(_frame(book, YOUTHS))
    youths = youths[~(youths[Y_REFERRED] > meeting).fillna(False).to_numpy()]
    notes.extend(duplicate_notes)
    meetings = _frame(book, MEETINGS)
    history = History(meetings, meeting)
    facts = youth_facts(youths, history, meeting, rules, waits(meetings, waiting, meeting_date))

    qualifies = facts["priority"] > 0
    held_back = qualifies & facts["adult"] & ~facts["flagged"]
    if held_back.any():
        count = int(held_back.sum())
        notes.append(
            f"{plural(count, 'youth')} aged 18 or older on the meeting date "
            f"{'was' if count == 1 else 'were'} left off because not flagged; set Discuss "
            f"Next Meeting to Y to bring one back."
        )
    ranked = _ranked(facts[(qualifies & ~held_back).to_numpy()])
    items = [_item(row, history, meeting) for row in ranked.to_dict("records")]
    on_agenda = sorted(items[: rules.cap], key=lambda item: SECTIONS.index(item.section))
    flagged = sum(item.priority == FLAGGED for item in items)
    notes.extend(capacity_notes(items, rules.cap, flagged, meeting, len(youths)))
    left = items[rules.cap :]
    long_waits = long_wait_notes(sum(i.waited >= LONG_WAIT for i in left), rules.cap, len(items))
    notes.extend(long_waits)
    warnings.extend(long_waits)
    load = capacity(meetings, waiting, meeting_date)
    return Agenda(meeting_date, tuple(on_agenda), tuple(left), tuple(notes), load, tuple(warnings))


RANK_KEYS = (
    "level",
    "lifted",
    "missing",
    "waited",
    "priority",
    "first",
    "soon",
    "kinds",
    "court",
    "key",
)


def _ranked(facts: pd.DataFrame) -> pd.DataFrame:
    """Sorted by priority, then the tie-break of that priority, then Youth ID."""
    never = np.iinfo(np.int64).max
    priority = facts["priority"].to_numpy()
    waited = facts["waited"].to_numpy()
    urgent = priority == URGENT
    first = np.where(
        priority <= NEW,
        _days(facts["referred"], never),
        np.where(urgent, facts["top"].to_numpy(), _days(facts["last"], never)),
    )
    court_first = urgent & (facts["top"].to_numpy() == COURT_KIND)
    soon = np.where(court_first, facts["soon"].to_numpy(dtype=float), 0.0)
    kinds = np.where(urgent, -facts["kinds"].to_numpy(), 0)
    court = np.where(urgent & facts["court_near"].to_numpy(), _days(facts["court"], 0), never)
    missing = facts["missing"].to_numpy(dtype=bool)
    level = np.maximum(FLAGGED, priority - waited)
    level = np.where(missing, np.minimum(level, NEW), level)  # before any other urgent one
    keys = pd.DataFrame(
        {
            "level": level,
            "lifted": (level == NEW) & (priority > NEW),  # at the new level: new cases first
            "missing": ~missing,
            "waited": -waited,
            "priority": priority,
            "first": first,
            "soon": soon,
            "kinds": kinds,
            "court": court,
            "key": facts["key"].to_numpy(),
        },
        index=facts.index,
    ).sort_values(
        list(RANK_KEYS),
        kind="stable",
    )
    return facts.loc[keys.index]


def _item(facts: dict[str, Any], history: History, meeting: pd.Timestamp) -> AgendaItem:
    """One youth's agenda line: its reasons in words, its section, what the sheet shows."""
    custody = str(facts["custody"]).strip() if known(facts["custody"]) else None
    if facts["new"]:
        section = NEW_CASE
    elif (custody or "").casefold() == IN_CUSTODY.casefold():
        section = IN_CUSTODY
    else:
        section = OUT_OF_CUSTODY
    name = " ".join(
        str(part).strip() for part in (facts["first_name"], facts["last_name"]) if known(part)
    )
    last = facts["last"]
    reasons = reasons_for(facts, history.overdue.get(facts["key"], []), meeting)
    waited, since = int(facts["waited"]), facts["since"]
    if waited:
        reasons = (wait_reason(Wait(since.date(), waited), meeting.date()), *reasons)
    return AgendaItem(
        youth_id=str(facts["youth_id"]),
        section=section,
        reasons=reasons,
        priority=int(facts["priority"]),
        name=name,
        age=int(facts["age"]) if known(facts["age"]) else None,
        custody_status=custody,
        last_discussed=last.date() if known(last) else None,
        open_actions=int(history.open_actions.get(facts["key"], 0)),
        waited=waited,
        waiting_since=since.date() if waited else None,
    )

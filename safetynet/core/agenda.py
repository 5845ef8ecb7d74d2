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

from ..computed import age_on
from ..model import SafetyNetError, Workbook
from ..schema import LISTS, MEETINGS, YOUTHS, setting
from ..tables import empty_frame
from .agenda_words import (
    LONG_WAIT,
    capacity_notes,
    known,
    long_wait_notes,
    meeting_date_warnings,
    plural,
    reasons_for,
)
from .ids import shown_id
from .waiting import Capacity, Wait, WaitingRecord, capacity, wait_reason, waits

FLAGGED, NEW, URGENT, DUE = 1, 2, 3, 4
# The urgent kinds, most urgent first: Missing, High, court date, custody change, action.
MISSING_KIND, HIGH_KIND, COURT_KIND, CUSTODY_KIND, ACTION_KIND = range(5)
NEW_CASE, IN_CUSTODY, OUT_OF_CUSTODY = LISTS["Section"]
SECTIONS: tuple[str, ...] = LISTS["Section"]


def _h(sheet: Any, header: str) -> str:
    """A header as the schema spells it (fails at import if the schema renames it)."""
    return sheet.column(header).header


Y_ID, Y_FIRST, Y_LAST = (
    _h(YOUTHS, YOUTHS.cols.youth_id),
    _h(YOUTHS, YOUTHS.cols.first_name),
    _h(YOUTHS, YOUTHS.cols.last_name),
)
Y_BIRTH, Y_STATUS = _h(YOUTHS, YOUTHS.cols.date_of_birth), _h(YOUTHS, YOUTHS.cols.status)
Y_REFERRED, Y_SOURCE = (
    _h(YOUTHS, YOUTHS.cols.referral_date),
    _h(YOUTHS, YOUTHS.cols.referral_source),
)
Y_CUSTODY, Y_CHANGED = (
    _h(YOUTHS, YOUTHS.cols.custody_status),
    _h(YOUTHS, YOUTHS.cols.custody_change_date),
)
Y_COURT, Y_SAFETY = _h(YOUTHS, YOUTHS.cols.next_court_date), _h(YOUTHS, YOUTHS.cols.safety_level)
Y_FLAG = _h(YOUTHS, YOUTHS.cols.discuss_next_meeting)
M_DATE, M_ID, M_DISCUSSED = (
    _h(MEETINGS, MEETINGS.cols.meeting_date),
    _h(MEETINGS, YOUTHS.cols.youth_id),
    _h(MEETINGS, MEETINGS.cols.discussed),
)
M_ACTION, M_DUE, M_DONE = (
    _h(MEETINGS, MEETINGS.cols.action_item),
    _h(MEETINGS, MEETINGS.cols.action_due),
    _h(MEETINGS, MEETINGS.cols.action_done),
)
M_REVIEW = _h(MEETINGS, MEETINGS.cols.next_review_date)
MAX_YOUTHS = setting("Max Youths Per Meeting")
REVIEW_WEEKS = setting("Review Interval Weeks")
WINDOW_DAYS = setting("Court Date Window Days")
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


def _int_setting(settings: dict[str, Any], spec: Any, lowest: int) -> int:
    return spec.whole_number(settings, lowest)


def _frame(book: Workbook, sheet: Any) -> pd.DataFrame:
    frame = book.frames.get(sheet.name)
    return empty_frame(sheet) if frame is None else frame


def _key(ids: pd.Series) -> pd.Series:
    """Youth IDs as matched across sheets: spaces trimmed, upper case (blank: "")."""
    codes, uniques = pd.factorize(ids.to_numpy(dtype=object, na_value=None))
    cleaned = np.array([str(v).strip().upper() for v in uniques] + [""], dtype=object)
    return pd.Series(cleaned[codes], index=ids.index, dtype=object)  # code -1 (blank) -> ""


def _days(stamps: pd.Series, blank: int) -> np.ndarray:
    """Dates as day numbers for sorting, with ``blank`` for a missing date."""
    values = stamps.to_numpy(dtype="datetime64[D]")
    days = values.astype("int64")
    return np.where(np.isnat(values), blank, days)


def _is(values: pd.Series, word: str) -> pd.Series:
    """Which cells say ``word``, ignoring case and spaces (typed text forgiven)."""
    word = word.casefold()
    cells = values.to_numpy(dtype=object, na_value=None)
    return pd.Series(
        [v is not None and str(v).strip().casefold() == word for v in cells],
        index=values.index,
        dtype=bool,
    )


@dataclass(frozen=True)
class Rules:
    """The three settings the selection uses, with SPEC's defaults for unusable values."""

    cap: int
    interval: pd.Timedelta
    window: pd.Timedelta

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Rules:
        return cls(
            cap=_int_setting(settings, MAX_YOUTHS, 1),
            interval=pd.Timedelta(weeks=_int_setting(settings, REVIEW_WEEKS, 1)),
            window=pd.Timedelta(days=_int_setting(settings, WINDOW_DAYS, 0)),
        )


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
    youths, duplicate_notes = _active_youths(_frame(book, YOUTHS))
    youths = youths[~(youths[Y_REFERRED] > meeting).fillna(False).to_numpy()]
    notes.extend(duplicate_notes)
    meetings = _frame(book, MEETINGS)
    history = _History(meetings, meeting)
    facts = _facts(youths, history, meeting, rules, waits(meetings, waiting, meeting_date))

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


def _facts(
    youths: pd.DataFrame,
    history: _History,
    meeting: pd.Timestamp,
    rules: Rules,
    waited: dict[str, Wait],
) -> pd.DataFrame:
    """Every rule's answer for every active youth, one column each (vectorised)."""
    key = youths["key"]
    flagged = youths[Y_FLAG].fillna(False).astype(bool)
    last = _dates_for(key, history.last_discussed)
    review = _dates_for(key, history.next_review)
    new = last.isna()
    missing = _is(youths[Y_CUSTODY], "Missing")
    high = _is(youths[Y_SAFETY], "High")
    court, changed = youths[Y_COURT], youths[Y_CHANGED]
    court_near = ((court - meeting).abs() <= rules.window).fillna(False)
    recent_change = ((changed <= meeting) & (changed >= meeting - rules.window)).fillna(False)
    custody_changed = recent_change & ~missing
    overdue = pd.Series([k in history.overdue for k in key], index=key.index, dtype=bool)
    kinds = sum(s.astype(int) for s in (missing, high, court_near, custody_changed, overdue))
    due_interval = ~new & (last <= meeting - rules.interval).fillna(False)
    due_review = ~new & ~due_interval & ((review > last) & (review <= meeting)).fillna(False)
    age = age_on(youths[Y_BIRTH], meeting)
    top = np.select(
        [missing, high, court_near, custody_changed, overdue],
        [MISSING_KIND, HIGH_KIND, COURT_KIND, CUSTODY_KIND, ACTION_KIND],
        ACTION_KIND + 1,
    )
    ahead = ((court - meeting) / pd.Timedelta(days=1)).to_numpy(dtype=float, na_value=np.nan)
    # the soonest hearing first: those to come by date, then those past, the most recent first
    soon = np.where(ahead >= 0, ahead, rules.window.days + 1 - ahead)
    soon = np.where(court_near.to_numpy(dtype=bool), soon, np.inf)
    wait_count = np.array([waited[k].meetings if k in waited else 0 for k in key], dtype=np.int64)
    since = pd.Series(
        [pd.Timestamp(waited[k].since) if k in waited else pd.NaT for k in key],
        index=key.index,
        dtype="datetime64[ns]",
    )
    return pd.DataFrame(
        {
            "youth_id": youths[Y_ID].str.strip(),
            "key": key,
            "first_name": youths[Y_FIRST],
            "last_name": youths[Y_LAST],
            "age": age,
            "adult": (age >= 18).fillna(False).astype(bool),
            "referred": youths[Y_REFERRED],
            "source": youths[Y_SOURCE],
            "custody": youths[Y_CUSTODY],
            "changed": changed,
            "court": court,
            "priority": np.select(
                [flagged, new, kinds > 0, due_interval | due_review],
                [FLAGGED, NEW, URGENT, DUE],
                0,
            ),
            "kinds": kinds,
            "top": top,
            "soon": soon,
            "waited": wait_count,
            "since": since,
            "flagged": flagged,
            "new": new,
            "missing": missing,
            "high": high,
            "court_near": court_near,
            "custody_changed": custody_changed,
            "due_interval": due_interval,
            "due_review": due_review,
            "last": last,
            "review": review,
        },
        index=youths.index,
    )


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


def _dates_for(key: pd.Series, by_key: pd.Series) -> pd.Series:
    """The date ``by_key`` holds for each youth key (NaT when none), aligned to ``key``."""
    dates = by_key.astype("datetime64[ns]").reindex(key.to_numpy())
    return pd.Series(dates.to_numpy(), index=key.index, dtype="datetime64[ns]")


def _active_youths(youths: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Youths not Closed, with a Youth ID, one row per ID (the first row kept)."""
    key = _key(youths[Y_ID])
    keep = (key != "") & ~_is(youths[Y_STATUS], "Closed")
    used = [Y_ID, Y_FIRST, Y_LAST, Y_BIRTH, Y_REFERRED, Y_SOURCE, Y_CUSTODY, Y_CHANGED, Y_COURT]
    used += [Y_SAFETY, Y_FLAG]
    active = youths.loc[keep.to_numpy(), used].assign(key=key[keep])
    repeated = active["key"].duplicated(keep="first")
    notes = [
        f"Youth ID {shown_id(youth_id)} is on more than one row of the Youths sheet; the "
        f"agenda uses "
        f"row {active.index[(active['key'] == youth_id).to_numpy()][0]}. "
        f"Validate Entries lists the duplicates."
        for youth_id in sorted(set(active.loc[repeated.to_numpy(), "key"]))
    ]
    return active[~repeated.to_numpy()], notes


class _History:
    """What the Meetings sheet says about each youth before the meeting, by Youth ID key."""

    def __init__(self, meetings: pd.DataFrame, meeting: pd.Timestamp):
        used = [M_DATE, M_DISCUSSED, M_ACTION, M_DUE, M_DONE, M_REVIEW]
        rows = meetings[used].assign(key=_key(meetings[M_ID]))
        rows = rows[rows["key"].ne("").to_numpy()]
        before = rows[(rows[M_DATE] < meeting).fillna(False).to_numpy()]
        discussed = before[before[M_DISCUSSED].fillna(True).astype(bool).to_numpy()]
        self.last_discussed: pd.Series = discussed.groupby("key")[M_DATE].max()
        self.next_review: pd.Series = (
            before.sort_values([M_DATE, M_REVIEW], kind="stable").groupby("key")[M_REVIEW].last()
        )
        has_action = rows[M_ACTION].notna() | rows[M_DUE].notna()
        open_rows = rows[(has_action & ~rows[M_DONE].fillna(False).astype(bool)).to_numpy()]
        self.open_actions: dict[str, int] = open_rows.groupby("key").size().to_dict()
        late = open_rows[(open_rows[M_DUE] < meeting).fillna(False).to_numpy()]
        late = late.sort_values([M_DUE, M_ACTION], kind="stable")
        self.overdue: dict[str, list[tuple[pd.Timestamp, Any]]] = {}
        actions = late[M_ACTION].to_numpy(dtype=object, na_value=None)
        for key, due, action in zip(late["key"], late[M_DUE], actions, strict=True):
            self.overdue.setdefault(key, []).append((due, action))


def _item(facts: dict[str, Any], history: _History, meeting: pd.Timestamp) -> AgendaItem:
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

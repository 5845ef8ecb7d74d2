"""Every selection rule's answer for every youth: what Youths and Meetings say before a meeting.

Build Agenda's rules (listed in ``core.agenda``'s doc) answered one column
each, vectorised over the active youths: flagged, new, each urgent kind, due,
how long each has waited. ``core.agenda`` ranks these answers and words them;
kept apart so each rule can be read next to the columns it reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..computed import age_on
from ..schema import MEETINGS, YOUTHS, setting
from .ids import shown_id
from .waiting import Wait

FLAGGED, NEW, URGENT, DUE = 1, 2, 3, 4
# The urgent kinds, most urgent first: Missing, High, court date, custody change, action.
MISSING_KIND, HIGH_KIND, COURT_KIND, CUSTODY_KIND, ACTION_KIND = range(5)


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


def _int_setting(settings: dict[str, Any], spec: Any, lowest: int) -> int:
    return spec.whole_number(settings, lowest)


def _key(ids: pd.Series) -> pd.Series:
    """Youth IDs as matched across sheets: spaces trimmed, upper case (blank: "")."""
    codes, uniques = pd.factorize(ids.to_numpy(dtype=object, na_value=None))
    cleaned = np.array([str(v).strip().upper() for v in uniques] + [""], dtype=object)
    return pd.Series(cleaned[codes], index=ids.index, dtype=object)  # code -1 (blank) -> ""


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


def youth_facts(
    youths: pd.DataFrame,
    history: History,
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


def _dates_for(key: pd.Series, by_key: pd.Series) -> pd.Series:
    """The date ``by_key`` holds for each youth key (NaT when none), aligned to ``key``."""
    dates = by_key.astype("datetime64[ns]").reindex(key.to_numpy())
    return pd.Series(dates.to_numpy(), index=key.index, dtype="datetime64[ns]")


def active_youths(youths: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
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


class History:
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

"""Referrals to services and the weekly case reviews, as a year or ten of them would look.

The Meetings sheet comes from a small simulation of the table's own rule:
each week new cases first, a few urgent ones, then whoever has waited longest
since their last review, 10-15 youths a meeting. So the history it leaves is
one the Agenda logic would recognise: recent referrals not yet discussed,
youths last reviewed weeks ago, a few actions overdue.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ..schema import LISTS, MEETINGS, REFERRALS
from .agencies import Agencies
from .base import NO_DAY, Clock, pick, texts, typed_frame, yes_no
from .words import ACTIONS, DECISIONS, REFERRAL_NOTES, SAFETY_REASONS
from .youths import OPEN, Youths

SERVICES = (
    ("Safety plan", 15, "advocacy"),
    ("Mental health", 18, "health"),
    ("Medi-Cal", 8, "social"),
    ("Social Security", 3, "social"),
    ("Housing or placement", 10, "other"),
    ("Education", 10, "education"),
    ("Medical exam", 8, "health"),
    ("Rape crisis advocacy", 14, "advocacy"),
    ("Legal", 6, "defense"),
    ("YWSP", 3, "advocacy"),
    ("Other", 5, "other"),
)
REFERRER_KINDS = {
    "da": 20,
    "probation": 20,
    "social": 20,
    "advocacy": 25,
    "defense": 10,
    "health": 3,
    "police": 2,
}
MEETING_SIZES = (10, 11, 12, 13, 14, 15)
SMALL_COUNTY_SIZES = (0.04, 0.06, 0.1, 0.2, 0.25, 0.35)
LARGE_COUNTY_SIZES = (0.0, 0.0, 0.02, 0.08, 0.2, 0.7)
FIRST_LOOK_DAYS = 7  # a new referral waits at least a week before the table discusses it


def make_referrals(
    rng: np.random.Generator, clock: Clock, youths: Youths, agencies: Agencies, total: int
) -> pd.DataFrame:
    """``total`` referrals, more for youths whose case stayed open longer, in date order."""
    end = np.where(youths.closed == OPEN, 0, youths.closed)
    open_days = np.minimum(end - youths.referred, 365) + 30
    owner = rng.choice(len(youths.ids), size=total, p=open_days / open_days.sum())
    start, stop = youths.referred[owner], end[owner]
    day = start + (rng.random(total) * (stop - start + 1)).astype(np.int64)
    day = np.minimum(day, 0)
    order = np.lexsort((owner, day))
    owner, day = owner[order], day[order]

    service_index = rng.choice(len(SERVICES), total, p=_normalised([s[1] for s in SERVICES]))
    referred_to = np.empty(total, dtype=object)
    for i, (_, _, kind) in enumerate(SERVICES):
        rows = service_index == i
        core = agencies.names[agencies.at_table & (agencies.kinds == kind)]
        extra = agencies.names[~agencies.at_table & (agencies.kinds == kind)]
        use_extra = (rng.random(rows.sum()) < 0.3) & (len(extra) > 0)
        referred_to[rows] = np.where(
            use_extra,
            pick(rng, extra if len(extra) else core, rows.sum()),
            pick(rng, core, rows.sum()),
        )
    referrer_weights = np.array([REFERRER_KINDS.get(k, 0) for k in agencies.kinds], dtype=float)
    referrer_weights *= agencies.at_table

    age = -day
    recent = age < 21
    status = np.where(
        recent,
        pick(rng, ("Pending", "Connected"), total, (0.7, 0.3)),
        pick(rng, ("Connected", "Declined", "Closed", "Pending"), total, (0.6, 0.12, 0.2, 0.08)),
    )
    outcome = np.where(status == "Pending", NO_DAY, np.minimum(day + rng.integers(2, 46, total), 0))
    width = max(5, len(str(total)))
    return typed_frame(
        REFERRALS,
        {
            "Referral ID": np.array(
                [f"R-{i:0{width}d}" for i in range(1, total + 1)], dtype=object
            ),
            "Youth ID": youths.ids[owner],
            "Referral Date": clock.dates(day),
            "Service": np.array([SERVICES[i][0] for i in service_index], dtype=object),
            "Referred To": referred_to,
            "Referred By": pick(rng, agencies.names, total, referrer_weights),
            "Status": status.astype(object),
            "Outcome Date": clock.dates(outcome),
            "Notes": texts(pick(rng, REFERRAL_NOTES, total), rng.random(total) < 0.1),
        },
        total,
    )


def meeting_days(clock: Clock, span_days: int, weekday: int) -> np.ndarray:
    """Each meeting day: from eight weeks after the first referrals to the last held.

    On the meeting weekday itself today's meeting has been held, as Build Agenda takes
    it to be (it prepares next week's): without it the demo's first agenda had two weeks
    of youths to choose from, 32 qualifying for 15 places instead of about 20.
    """
    last = clock.weekday_on_or_before(np.array([0]), weekday)[0]
    first = -span_days + 56
    return np.arange(last, first - 1, -7)[::-1]


class Reviews(NamedTuple):
    """One entry per Meetings row: which meeting, which youth, why, and what came of it."""

    meeting: np.ndarray  # index into the meeting days
    youth: np.ndarray  # index into the youths
    reason: np.ndarray  # 0 new case, 1 urgent, 2 periodic review
    waited_weeks: np.ndarray  # since the last discussion, for reviews
    discussed: np.ndarray  # bool: not reached in time is "N", and the youth comes back


def simulate_reviews(
    rng: np.random.Generator, youths: Youths, days: np.ndarray, density: float
) -> Reviews:
    """Each week: new cases first, a few urgent ones, then those longest unreviewed.

    ``density`` scales the 10-15 youths a meeting for workbooks larger than any county's.
    """
    n = len(youths.ids)
    # Small counties fill 10-15 seats; the reference county (8,000 rows in ten years) fills most.
    grown = min(1.0, max(0.0, (n - 120) / 2880))
    sizes = (1 - grown) * np.array(SMALL_COUNTY_SIZES) + grown * np.array(LARGE_COUNTY_SIZES)
    last_seen = np.full(n, NO_DAY, dtype=np.int64)
    parts: list[tuple[np.ndarray, ...]] = []
    for m, day in enumerate(days):
        eligible = np.flatnonzero(
            (youths.referred <= day - FIRST_LOOK_DAYS) & (youths.closed > day)
        )
        if not len(eligible):
            continue
        seen = last_seen[eligible]
        new = seen == NO_DAY
        urgent = ~new & (rng.random(len(eligible)) < 0.05) & (day - seen >= 14)
        recently = ~new & ~urgent & (day - seen < 14)
        reason = np.where(new, 0, np.where(urgent, 1, 2))
        tie = np.where(new, youths.referred[eligible], seen)
        order = np.lexsort((eligible, tie, recently, reason))
        wanted = rng.choice(MEETING_SIZES, p=sizes)
        take = order[: max(1, round(wanted * density))]
        take = take[~recently[take]]  # reviewed in the last fortnight and nothing urgent: wait
        picked = eligible[take]
        discussed = rng.random(len(picked)) < 0.97
        waited = np.where(new[take], 0, (day - seen[take]) // 7)
        last_seen[picked[discussed]] = day
        parts.append((np.full(len(picked), m), picked, reason[take], waited, discussed))
    if not parts:
        empty = np.array([], dtype=np.int64)
        return Reviews(empty, empty, empty, empty, np.array([], dtype=bool))
    return Reviews(*(np.concatenate(column) for column in zip(*parts, strict=True)))


def make_meetings(
    rng: np.random.Generator,
    clock: Clock,
    youths: Youths,
    agencies: Agencies,
    span_days: int,
    weekday: int,
    density: float,
) -> pd.DataFrame:
    days = meeting_days(clock, span_days, weekday)
    reviews = simulate_reviews(rng, youths, days, density)
    who, reason, discussed = reviews.youth, reviews.reason, reviews.discussed
    n = len(who)
    day = days[reviews.meeting] if n else np.array([], dtype=np.int64)

    recent = day > -56
    in_custody = np.where(recent, youths.custody[who] == "In custody", rng.random(n) < 0.2)
    section = np.where(
        reason == 0, "New case", np.where(in_custody, "In custody", "Out of custody")
    )
    urgent_text = pick(rng, SAFETY_REASONS, n)
    selection = np.array(
        [
            "New referral"
            if r == 0
            else u
            if r == 1
            else f"Due for review: last discussed {w} weeks ago"
            for r, u, w in zip(reason, urgent_text, reviews.waited_weeks, strict=True)
        ],
        dtype=object,
    )

    action_index = rng.integers(len(ACTIONS), size=n)
    has_action = discussed & (rng.random(n) < 0.7)
    owner_kind = np.array([ACTIONS[i][1] for i in action_index], dtype=object)
    owner = np.empty(n, dtype=object)
    for kind in np.unique(owner_kind) if n else ():
        rows = owner_kind == kind
        owner[rows] = pick(
            rng, agencies.names[agencies.at_table & (agencies.kinds == kind)], rows.sum()
        )
    due = day + rng.choice([7, 14, 21, 28], n)
    # Old actions were done long ago; of those due in the last six weeks (today too: the
    # demo's next agenda is a week away, so an action due today is late by then) a few are not.
    done = np.where(due < -42, True, np.where(due <= 0, rng.random(n) < 0.9, rng.random(n) < 0.15))
    high = youths.high[who] & recent
    return typed_frame(
        MEETINGS,
        {
            "Meeting Date": clock.dates(day),
            "Youth ID": youths.ids[who],
            "Section": section.astype(object),
            "Selection Reason": selection,
            "Discussed": yes_no(discussed),
            "Decisions": texts(pick(rng, DECISIONS, n), discussed),
            "Safety Plan": yes_no(rng.random(n) < 0.4, blank=~discussed),
            "Aftercare Plan": yes_no(
                (section == "In custody") & (rng.random(n) < 0.4), blank=~discussed
            ),
            "Action Item": texts(
                np.array([ACTIONS[i][0] for i in action_index], dtype=object), has_action
            ),
            "Action Owner": texts(owner, has_action),
            "Action Due": clock.dates(np.where(has_action, due, NO_DAY)),
            "Action Done": yes_no(done, blank=~has_action),
            "Next Review Date": clock.dates(day + np.where(high, 14, 28)),
        },
        n,
    )


def _normalised(weights) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


assert {s[0] for s in SERVICES} == set(LISTS["Service"])

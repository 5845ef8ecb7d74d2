"""Build Agenda's words: each reason, each note, dates as staff write them ("3 Dec").

Kept apart from the selection so the wording can be read (and changed) in one
place. Reasons may quote an action item as staff typed it: they go on the
staff's own Agenda sheet and packet, never into a log or an error message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from ..display import day_month, day_month_year

ACTION_TEXT_LIMIT = 40
ACTIONS_NAMED = 3  # overdue actions spelled out; the rest are counted


def short_date(day: Any, meeting: dt.date) -> str:
    """``3 Dec``; the year is added when it is not the meeting's year."""
    day = pd.Timestamp(day)
    return day_month(day) if day.year == meeting.year else day_month_year(day)


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural_word or word + 's'}"


def reasons_for(
    facts: dict[str, Any], overdue: Iterable[tuple[Any, Any]], meeting: pd.Timestamp
) -> tuple[str, ...]:
    """A youth's reasons in rule order: flagged, new, urgent ones, due ones."""
    reasons: list[str] = []
    if facts["flagged"]:
        reasons.append("Flagged to discuss")
    if facts["new"]:
        reasons.append(new_reason(facts["referred"], facts["source"], meeting))
    if facts["missing"]:
        since = facts["changed"]
        reasons.append(f"Missing since {short_date(since, meeting)}" if known(since) else "Missing")
    if facts["high"]:
        reasons.append("Safety level High")
    if facts["court_near"]:
        court = facts["court"]
        was = "was " if court < meeting else ""
        reasons.append(f"Court date {was}{short_date(court, meeting)}")
    custody = str(facts["custody"]).strip() if known(facts["custody"]) else None
    if facts["custody_changed"]:
        now = f" (now {custody})" if custody else ""
        reasons.append(f"Custody changed {short_date(facts['changed'], meeting)}{now}")
    reasons.extend(overdue_reasons(overdue, meeting))
    last = facts["last"]
    if facts["due_interval"]:
        reasons.append(f"Not discussed for {plural((meeting - last).days // 7, 'week')}")
    if facts["due_review"]:  # only when the interval has not already made the youth due
        reasons.append(f"Review due {short_date(facts['review'], meeting)}")
    return tuple(reasons)


def known(value: Any) -> bool:
    return value is not None and not pd.isna(value)


def new_reason(referred: Any, source: Any, meeting: pd.Timestamp) -> str:
    text = "New referral"
    if known(referred):
        text += f" on {short_date(referred, meeting)}"
    if known(source):
        text += f" from {source}"
    return text


def overdue_reasons(actions: Iterable[tuple[Any, Any]], meeting: pd.Timestamp) -> list[str]:
    actions = list(actions)
    reasons = []
    for due, text in actions[:ACTIONS_NAMED]:
        late = plural((meeting - due).days, "day")
        if known(text):
            words = " ".join(str(text).split())
            if len(words) > ACTION_TEXT_LIMIT:
                words = words[: ACTION_TEXT_LIMIT - 1].rstrip() + "…"
            reasons.append(f"Action '{words}' {late} overdue")
        else:
            reasons.append(f"Action due {short_date(due, meeting)} {late} overdue")
    if len(actions) > ACTIONS_NAMED:
        reasons.append(f"{plural(len(actions) - ACTIONS_NAMED, 'more overdue action')}")
    return reasons


def capacity_notes(
    items: Sequence[Any], cap: int, flagged: int, meeting: pd.Timestamp, active: int
) -> list[str]:
    waiting = len(items) - cap
    if not active:
        return ["The Youths sheet has no active youths, so the agenda is empty."]
    if not items:
        return [
            f"No youth is flagged, new, urgent or due for review on {short_date(meeting, meeting)}."
        ]
    if flagged > cap:
        return [
            f"{flagged} youths are flagged for discussion but only {cap} fit; the "
            f"{flagged - cap} flagged last (most recent referral dates) are on the waiting list."
        ]
    if waiting > 0:
        return [
            f"{len(items)} youths qualify but only {cap} fit; the other {waiting} "
            f"{'is' if waiting == 1 else 'are'} on the waiting list, in order of priority."
        ]
    return []

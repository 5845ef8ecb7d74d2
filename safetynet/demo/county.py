"""Does the demo look like a county? How many youths qualify for the agenda, week by week.

A real table finds 10-25 youths that qualify for its 10-15 places; the demo's
rates (``youths``, ``casework``) are chosen for that. ``qualifying_by_week``
counts, for each of the last meetings, the youths the agenda rules would have
chosen from the workbook as it stood then: cases referred by that day and not
yet closed, and the Meetings rows before it. Fields staff overwrite (Safety
Level, Custody Status, Next Court Date) keep their current values, the best
the workbook can say about the past.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..core.agenda import next_meeting_date, select_agenda
from ..model import Workbook
from ..schema import SET, YOUTHS


def as_of(book: Workbook, day: dt.date) -> Workbook:
    """The workbook's Youths as they stood on ``day``: referred by then, open then."""
    cols = YOUTHS.cols
    youths = book.frames[YOUTHS.name]
    stamp = pd.Timestamp(day)
    closed_later = (youths[cols.closed_date] > stamp).fillna(False)
    then = youths[~(youths[cols.referral_date] > stamp).fillna(False).to_numpy()].copy()
    reopened = closed_later.reindex(then.index).to_numpy()
    then.loc[reopened, cols.status] = "Active"
    return book.replace(frames={**book.frames, YOUTHS.name: then})


def qualifying_by_week(
    book: Workbook, today: dt.date, weeks: int = 12
) -> list[tuple[dt.date, int]]:
    """(meeting date, youths that qualified) for the ``weeks`` meetings before ``today``."""
    weekday = str(book.settings.get(SET.meeting_weekday) or "Wednesday")
    upcoming = next_meeting_date(today, weekday)
    days = [upcoming - dt.timedelta(weeks=k) for k in range(weeks, 0, -1)]
    counts = []
    for day in days:
        agenda = select_agenda(as_of(book, day), day)
        counts.append((day, len(agenda.items) + len(agenda.waiting)))
    return counts

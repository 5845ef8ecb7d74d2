"""The wording of agenda reasons and notes (safetynet.core.agenda_words)."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers.agenda_books import MEETING, D

from safetynet.core.agenda_words import capacity_notes, overdue_reasons, plural, short_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2026, 12, 3), "3 Dec"), (D(2026, 1, 31), "31 Jan"), (D(2025, 12, 29), "29 Dec 2025")],
)
def test_dates_read_like_staff_write_them_with_the_year_only_when_it_differs(day, expected):
    assert short_date(day, MEETING) == expected


def test_plurals():
    assert [plural(n, "day") for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]


def test_action_text_is_tidied_and_cut_at_forty_characters():
    meeting = pd.Timestamp(MEETING)
    long_text = "Ask\nthe school   for the attendance record of the whole autumn term"
    (reason,) = overdue_reasons([(pd.Timestamp(D(2026, 11, 1)), long_text)], meeting)
    quoted = reason.split("'")[1]
    assert len(quoted) == 40 and quoted.endswith("…") and "\n" not in quoted
    assert reason.endswith("' 31 days overdue")


def test_one_waiting_youth_is_spoken_of_in_the_singular():
    assert capacity_notes(["a", "b", "c"], 2, 0, pd.Timestamp(MEETING), 5) == [
        "3 youths qualify but only 2 fit; the other 1 is on the waiting list, in order of priority."
    ]

"""The wording of agenda reasons and notes (safetynet.core.agenda_words)."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers.agenda_books import MEETING, TODAY, D

from safetynet.core.agenda_words import (
    capacity_notes,
    meeting_date_warnings,
    overdue_reasons,
    plural,
    short_date,
)


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


# --- meeting dates that look mistyped: warnings, never refusals ----------------------------

WEDNESDAY = 2


@pytest.mark.parametrize(
    ("meeting", "expected"),
    [
        (D(2026, 12, 2), []),
        (
            D(2026, 12, 3),
            [
                "The meeting date 3 Dec is a Thursday, but the Meeting Weekday on the Settings "
                "sheet is Wednesday; check the date."
            ],
        ),
        (
            D(2020, 1, 1),
            ["The meeting date 1 Jan 2020 is in the past."],
        ),
        (D(2027, 1, 20), []),  # 7 weeks and 4 days ahead: a holiday gap, not a typo
        (
            D(2035, 1, 3),
            ["The meeting date 3 Jan 2035 is more than 8 weeks ahead (422 weeks); check the date."],
        ),
    ],
)
def test_a_meeting_date_off_the_weekday_past_or_far_ahead_is_a_warning(meeting, expected):
    assert meeting_date_warnings(meeting, TODAY, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("meeting", "warning"),
    [
        (D(2026, 12, 3), "The meeting date 3 Dec is a Thursday"),
        (D(2020, 1, 1), "The meeting date 1 Jan 2020 is in the past."),
        (D(2035, 1, 3), "The meeting date 3 Jan 2035 is more than 8 weeks ahead"),
    ],
)
def test_the_warning_reaches_the_message_and_the_agenda_sheet_in_red(meeting, warning):
    from helpers.agenda_books import book, youth

    from safetynet.grid import Cell
    from safetynet.operations.agenda import build_agenda

    referred = {"Referral Date": D(2019, 6, 1)}
    outcome = build_agenda(book([youth(1, **referred)]), meeting_date=meeting, today=TODAY)
    assert warning in outcome.message
    cells = [c for row in outcome.sheets["Agenda"] for c in row if isinstance(c, Cell)]
    shown = [c for c in cells if isinstance(c.value, str) and c.value.startswith(warning)]
    assert [c.style for c in shown] == ["alert"]  # bold red among the grey notes
    assert outcome.exit_code == 0 and "Agenda" in outcome.sheets  # a warning, not a refusal
    assert outcome.data["warnings"] == [n for n in outcome.data["notes"] if n.startswith("The")]

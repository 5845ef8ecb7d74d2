"""Rules about the Settings sheet: values the agenda and the reports rely on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...model import Problem, Workbook
from ...schema import SETTINGS_SHEET
from .common import ERROR, WARNING


def settings_values(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Settings the agenda and reports rely on, in ranges that make sense."""
    ranges = {
        "Max Youths Per Meeting": (1, 40),
        "Review Interval Weeks": (1, 52),
        "Court Date Window Days": (0, 90),
        "Small Count Threshold": (1, 100),
        "YWSP Sessions To Complete": (1, 12),
    }
    for label, (low, high) in ranges.items():
        value = book.settings.get(label)
        if isinstance(value, int) and not low <= value <= high:
            yield Problem(
                SETTINGS_SHEET,
                None,
                label,
                value,
                f"{label} is {value}; it should be between {low} and {high}.",
                WARNING,
                f"Type a number from {low} to {high} beside {label} on the Settings sheet.",
                "setting-range",
            )
    weekday = book.settings.get("Meeting Weekday")
    weekdays = book.lists.get("Weekday", ())
    if weekday and weekdays and str(weekday) not in weekdays:
        yield Problem(
            SETTINGS_SHEET,
            None,
            "Meeting Weekday",
            weekday,
            f'Meeting Weekday "{weekday}" is not a day of the week.',
            ERROR,
            "Choose the day from the dropdown, e.g. Wednesday.",
            "setting-weekday",
        )

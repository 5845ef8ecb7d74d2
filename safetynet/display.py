"""How a date is written for people, one way per kind, in English whatever the machine's locale.

``3 Dec`` on the agenda's reasons, ``3 Dec 2026`` on face sheets and sheets,
``Wednesday 2 December 2026`` for a meeting, ``2 December 2026`` for a report.
Day before month: unambiguous on both sides of the Atlantic.
"""

from __future__ import annotations

import datetime as dt

SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_month(day: dt.date) -> str:
    """``3 Dec``."""
    return f"{day.day} {SHORT_MONTHS[day.month - 1]}"


def day_month_year(day: dt.date) -> str:
    """``3 Dec 2026``."""
    return f"{day_month(day)} {day.year}"


def full_date(day: dt.date) -> str:
    """``2 December 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def meeting_day(day: dt.date) -> str:
    """``Wednesday 2 December 2026``."""
    return f"{WEEKDAYS[day.weekday()]} {full_date(day)}"


def month_year(day: dt.date) -> str:
    """``October 2026``."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def short_month_year(day: dt.date) -> str:
    """``Oct 2026``."""
    return f"{SHORT_MONTHS[day.month - 1]} {day.year}"

"""Rules about dates: real, in plausible ranges, and in the order life happens.

No birth after today, no referral or meeting before birth, no year that
looks like a typing slip (a number typed in a date column becomes 1900), and
a youth whose age at referral is outside what the program serves is flagged.
Messages about birth dates never quote them. A birth date that is itself
wrong (after today, before 1950) is reported once: the youth's other dates
are not compared with it, or one slip of the year would raise an error on
every later row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pandas as pd

from ...computed import age_on
from ...model import Problem, Workbook
from ...schema import AGENCIES, DATA_SHEETS, MEETINGS, MEMBERS, REFERRALS, YOUTHS, Kind
from .common import ERROR, WARNING, day, frame_of, problems_where

EARLIEST_PLAUSIBLE = pd.Timestamp("1990-01-01")  # the program did not exist before
OLDEST_BIRTH = pd.Timestamp("1950-01-01")
YEARS_AHEAD = 5
YOUNGEST_AT_REFERRAL = 8
OLDEST_AT_REFERRAL = 25


def date_ranges(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Dates that cannot be right: far past, far future, birth dates after today."""
    now = day(today)
    latest = now + pd.DateOffset(years=YEARS_AHEAD)
    for sheet in DATA_SHEETS:
        frame = frame_of(book, sheet.name)
        if frame is None:
            continue
        for column in sheet.columns:
            if column.kind is not Kind.DATE:
                continue
            values = frame[column.header]
            if sheet.name == "Youths" and column.header == YOUTHS.cols.date_of_birth:
                yield from problems_where(
                    frame,
                    values > now,
                    sheet.name,
                    column.header,
                    "This birth date is after today.",
                    "Check the birth date and correct the year.",
                    ERROR,
                    "date-range",
                )
                yield from problems_where(
                    frame,
                    values < OLDEST_BIRTH,
                    sheet.name,
                    column.header,
                    "This birth date is before 1950, which looks mistyped.",
                    "Check the birth date and correct the year.",
                    ERROR,
                    "date-range",
                )
                continue
            yield from problems_where(
                frame,
                values < EARLIEST_PLAUSIBLE,
                sheet.name,
                column.header,
                "{value} is before 1990, which looks mistyped.",
                "Check the year. A number typed in a date column becomes a date in 1900.",
                ERROR,
                "date-range",
            )
            yield from problems_where(
                frame,
                values > latest,
                sheet.name,
                column.header,
                f"{{value}} is more than {YEARS_AHEAD} years from today, which looks mistyped.",
                "Check the year.",
                ERROR,
                "date-range",
            )


def youth_dates(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """A youth's own dates in order: born, referred, closed; an age the program serves."""
    youths = frame_of(book, "Youths")
    if youths is None:
        return
    now = day(today)
    born, referred = (
        plausible_births(youths[YOUTHS.cols.date_of_birth], now),
        youths[YOUTHS.cols.referral_date],
    )
    yield from problems_where(
        youths,
        referred < born,
        "Youths",
        YOUTHS.cols.referral_date,
        "The Referral Date is before the youth's Date of Birth.",
        "Check both dates; one of them has the wrong year.",
        ERROR,
        "date-order",
    )
    age = age_on(born, referred)
    odd_age = (referred >= born) & ((age < YOUNGEST_AT_REFERRAL) | (age > OLDEST_AT_REFERRAL))
    for problem in problems_where(
        youths,
        odd_age,
        "Youths",
        YOUTHS.cols.date_of_birth,
        "",
        "",
        WARNING,
        "age-at-referral",
    ):
        years = int(age.loc[problem.row])
        yield _with_message(
            problem,
            f"The Date of Birth makes the youth {years} at the Referral Date, which is "
            f"outside the ages this program usually serves ({YOUNGEST_AT_REFERRAL}"
            f"–{OLDEST_AT_REFERRAL}).",
            "Check the Date of Birth and the Referral Date.",
        )
    yield from problems_where(
        youths,
        referred > now,
        "Youths",
        YOUTHS.cols.referral_date,
        "The Referral Date {value} is after today.",
        "Type the day the table received the referral.",
        WARNING,
        "date-order",
    )
    closed = youths[YOUTHS.cols.closed_date]
    yield from problems_where(
        youths,
        closed < referred,
        "Youths",
        YOUTHS.cols.closed_date,
        "The Closed Date {value} is before the Referral Date.",
        "Check both dates.",
        WARNING,
        "date-order",
    )
    yield from problems_where(
        youths,
        closed > now,
        "Youths",
        YOUTHS.cols.closed_date,
        "The Closed Date {value} is after today.",
        "Type the day the case was closed.",
        WARNING,
        "date-order",
    )
    for header in (YOUTHS.cols.custody_change_date, YOUTHS.cols.next_court_date):
        yield from problems_where(
            youths,
            youths[header] < born,
            "Youths",
            header,
            f"The {header} is before the youth's Date of Birth.",
            "Check the year.",
            ERROR,
            "date-order",
        )


def _with_message(problem: Problem, message: str, fix: str) -> Problem:
    return replace(problem, message=message, fix=fix)


def record_dates(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Dates on Referrals, Meetings, Agencies and Members in a sensible order."""
    now = day(today)
    births = _births(book, now)
    referrals = frame_of(book, "Referrals")
    if referrals is not None:
        start = referrals[YOUTHS.cols.referral_date]
        yield from problems_where(
            referrals,
            start > now,
            "Referrals",
            YOUTHS.cols.referral_date,
            "The Referral Date {value} is after today.",
            "Type the day the referral was made.",
            WARNING,
            "date-order",
        )
        yield from problems_where(
            referrals,
            referrals[REFERRALS.cols.outcome_date] < start,
            "Referrals",
            REFERRALS.cols.outcome_date,
            "The Outcome Date {value} is before the Referral Date.",
            "Check both dates.",
            WARNING,
            "date-order",
        )
        if births is not None:
            yield from _before_birth(referrals, "Referrals", YOUTHS.cols.referral_date, births)
    meetings = frame_of(book, "Meetings")
    if meetings is not None:
        held = meetings[MEETINGS.cols.meeting_date]
        for header in (MEETINGS.cols.action_due, MEETINGS.cols.next_review_date):
            yield from problems_where(
                meetings,
                meetings[header] < held,
                "Meetings",
                header,
                f"The {header} {{value}} is before the Meeting Date.",
                "Check the date.",
                WARNING,
                "date-order",
            )
        if births is not None:
            yield from _before_birth(meetings, "Meetings", MEETINGS.cols.meeting_date, births)
    agencies = frame_of(book, "Agencies")
    if agencies is not None:
        yield from problems_where(
            agencies,
            agencies[AGENCIES.cols.mou_expires] < agencies[AGENCIES.cols.mou_signed],
            "Agencies",
            AGENCIES.cols.mou_expires,
            "The MOU expires ({value}) before it was signed.",
            "Check both dates.",
            WARNING,
            "date-order",
        )
        yield from problems_where(
            agencies,
            agencies[AGENCIES.cols.mou_signed] > now,
            "Agencies",
            AGENCIES.cols.mou_signed,
            "MOU Signed {value} is after today.",
            "Type the day it was signed.",
            WARNING,
            "date-order",
        )
    members = frame_of(book, "Members")
    if members is not None:
        yield from problems_where(
            members,
            members[MEMBERS.cols.confidentiality_signed] > now,
            "Members",
            MEMBERS.cols.confidentiality_signed,
            "Confidentiality Signed {value} is after today.",
            "Type the day it was signed.",
            WARNING,
            "date-order",
        )


def plausible_births(born: pd.Series, now: pd.Timestamp) -> pd.Series:
    """Birth dates other dates may be checked against: not after today, not before 1950."""
    return born.where((born <= now) & (born >= OLDEST_BIRTH))


def _births(book: Workbook, now: pd.Timestamp) -> pd.DataFrame | None:
    """Youth ID -> Date of Birth, for checking other sheets' dates against it.

    A birth date the Youths row already reports (implausible, or after the youth's own
    Referral Date) is left out: one wrong year is one problem, not one per later date.
    """
    youths = frame_of(book, "Youths")
    if youths is None:
        return None
    born = plausible_births(youths[YOUTHS.cols.date_of_birth], now)
    born = born.where(~(youths[YOUTHS.cols.referral_date] < born).fillna(False))
    youths = youths.assign(**{YOUTHS.cols.date_of_birth: born})
    known = youths.dropna(subset=[YOUTHS.cols.youth_id, YOUTHS.cols.date_of_birth])
    known = known.drop_duplicates(subset=YOUTHS.cols.youth_id)
    return pd.DataFrame(
        {
            YOUTHS.cols.youth_id: known[YOUTHS.cols.youth_id],
            "born": known[YOUTHS.cols.date_of_birth],
        }
    )


def _before_birth(frame, sheet_name, header, births) -> Iterator[Problem]:
    ids = frame[[YOUTHS.cols.youth_id]].reset_index(names="excel_row")
    born = ids.merge(births, on=YOUTHS.cols.youth_id, how="left").set_index("excel_row")["born"]
    born.index = frame.index
    yield from problems_where(
        frame,
        frame[header] < born,
        sheet_name,
        header,
        f"The {header} {{value}} is before this youth's Date of Birth.",
        "Check the date, and check that the Youth ID is the right one.",
        ERROR,
        "date-order",
    )

"""Rules about the work itself: cases opened and closed, actions, YWSP, MOUs, confidentiality."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd

from ...model import Problem, Workbook
from ...schema import AGENCIES, MEETINGS, MEMBERS, REFERRALS, YOUTHS, YWSP, YWSP_WEEK_HEADERS
from .common import ERROR, WARNING, day, frame_of, problems_where, text_key

SATURDAY = 5  # pandas day_of_week: Monday is 0


def closed_consistency(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Status and Closed Date agree; a closed youth is not waiting to be discussed."""
    youths = frame_of(book, "Youths")
    if youths is None:
        return
    status = youths[YOUTHS.cols.status]
    closed_date = youths[YOUTHS.cols.closed_date]
    yield from problems_where(
        youths,
        (status == "Closed") & closed_date.isna(),
        "Youths",
        YOUTHS.cols.closed_date,
        "The youth's Status is Closed but the Closed Date is blank.",
        "Type the day the case was closed.",
        ERROR,
        "closed-date",
    )
    yield from problems_where(
        youths,
        (status == "Active") & closed_date.notna(),
        "Youths",
        YOUTHS.cols.closed_date,
        "The youth's Status is Active but a Closed Date {value} is filled in.",
        "If the case was reopened, clear the Closed Date; if it is closed, set Status to Closed.",
        WARNING,
        "closed-date",
    )
    yield from problems_where(
        youths,
        (status == "Closed") & youths[YOUTHS.cols.closed_reason].isna(),
        "Youths",
        YOUTHS.cols.closed_reason,
        "The youth's Status is Closed but the Closed Reason is blank.",
        "Choose the reason from the dropdown.",
        WARNING,
        "closed-reason",
    )
    yield from problems_where(
        youths,
        (status == "Closed") & (youths[YOUTHS.cols.discuss_next_meeting] == True),  # noqa: E712
        "Youths",
        YOUTHS.cols.discuss_next_meeting,
        "The youth is Closed, so Discuss Next Meeting = Y will be ignored by the agenda.",
        "Set Status to Active to discuss the youth, or clear Discuss Next Meeting.",
        WARNING,
        "closed-discuss",
    )


def _closed_ids(book: Workbook) -> set[str]:
    youths = book.frames.get("Youths")
    if youths is None:
        return set()
    return set(youths.loc[youths[YOUTHS.cols.status] == "Closed", YOUTHS.cols.youth_id].dropna())


def overdue_actions(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """An action past its due date and not done, for a youth still being reviewed."""
    meetings = frame_of(book, "Meetings")
    if meetings is None:
        return
    open_case = ~meetings[YOUTHS.cols.youth_id].isin(_closed_ids(book))
    not_done = meetings[MEETINGS.cols.action_done] != True  # noqa: E712  (blank counts as not done)
    not_done = not_done.fillna(True)
    late = open_case & not_done & (meetings[MEETINGS.cols.action_due] < day(today))
    yield from problems_where(
        meetings,
        late,
        "Meetings",
        MEETINGS.cols.action_due,
        "The action was due {value} and is not marked done.",
        "Follow up with the Action Owner; when it is done, type Y under Action Done.",
        WARNING,
        "overdue-action",
    )
    has_item = meetings[MEETINGS.cols.action_item].notna()
    yield from problems_where(
        meetings,
        has_item & meetings[MEETINGS.cols.action_owner].isna(),
        "Meetings",
        MEETINGS.cols.action_owner,
        "An Action Item has no Action Owner.",
        "Choose the agency that will do it.",
        WARNING,
        "action-owner",
    )


def referral_outcomes(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """A referral that ended has an Outcome Date; a pending one does not."""
    referrals = frame_of(book, "Referrals")
    if referrals is None:
        return
    status = referrals[YOUTHS.cols.status]
    ended = status.isin(["Connected", "Declined", "Closed"])
    yield from problems_where(
        referrals,
        ended & referrals[REFERRALS.cols.outcome_date].isna(),
        "Referrals",
        REFERRALS.cols.outcome_date,
        "The referral's Status shows an outcome but the Outcome Date is blank.",
        "Type the day the youth was connected, declined or the referral closed.",
        WARNING,
        "referral-outcome",
    )
    yield from problems_where(
        referrals,
        (status == "Pending") & referrals[REFERRALS.cols.outcome_date].notna(),
        "Referrals",
        REFERRALS.cols.outcome_date,
        "The referral is Pending but has an Outcome Date {value}.",
        "Change the Status to the outcome, or clear the Outcome Date.",
        WARNING,
        "referral-outcome",
    )


def ywsp_sessions(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Cohorts start on a Saturday; attendance is not recorded for Saturdays still to come."""
    ywsp = frame_of(book, "YWSP")
    if ywsp is None:
        return
    start = ywsp[YWSP.cols.start_date]
    yield from problems_where(
        ywsp,
        start.notna() & (start.dt.day_of_week != SATURDAY),
        "YWSP",
        YWSP.cols.start_date,
        "{value} is not a Saturday; YWSP cohorts start on a Saturday.",
        "Type the date of the cohort's first Saturday.",
        WARNING,
        "ywsp-start",
    )
    now = day(today)
    for week, header in enumerate(YWSP_WEEK_HEADERS, start=1):
        session = start + pd.Timedelta(weeks=week - 1)
        marked = ywsp[header].isin(["Present", "Absent"])
        yield from problems_where(
            ywsp,
            marked & (session > now),
            "YWSP",
            header,
            f"Attendance is marked for {header}, whose Saturday has not come yet.",
            "Clear the cell, or check the Start Date.",
            WARNING,
            "ywsp-future",
        )


def agreements(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Active agencies have a current MOU; active members signed the confidentiality form.

    A member at the table without a signed form is an ERROR (the sign-in sheet
    lists active members, so they would be let in); an expired MOU is a
    WARNING: the agency must renew, but no data is wrong.
    """
    now = day(today)
    agencies = frame_of(book, "Agencies")
    if agencies is not None:
        active = agencies[AGENCIES.cols.active] == True  # noqa: E712
        expires = agencies[AGENCIES.cols.mou_expires]
        yield from problems_where(
            agencies,
            active & (expires < now),
            "Agencies",
            AGENCIES.cols.mou_expires,
            "This active agency's MOU expired on {value}.",
            "Have the agency sign a new MOU (safetynet mou), then type the new dates.",
            WARNING,
            "mou-expired",
        )
        yield from problems_where(
            agencies,
            active & agencies[AGENCIES.cols.mou_signed].isna(),
            "Agencies",
            AGENCIES.cols.mou_signed,
            "This active agency has no MOU Signed date.",
            "Have the agency sign the MOU (safetynet mou), then type the date.",
            WARNING,
            "mou-missing",
        )
    members = frame_of(book, "Members")
    if members is None:
        return
    active = members[MEMBERS.cols.active] == True  # noqa: E712
    yield from problems_where(
        members,
        active & members[MEMBERS.cols.confidentiality_signed].isna(),
        "Members",
        MEMBERS.cols.confidentiality_signed,
        "This active member has no Confidentiality Signed date.",
        "Have them sign the confidentiality form before the next meeting and type the date, "
        "or set Active to N.",
        ERROR,
        "confidentiality",
    )
    if agencies is not None:
        inactive = set(
            text_key(
                agencies.loc[agencies[AGENCIES.cols.active] == False, AGENCIES.cols.agency]  # noqa: E712
            ).dropna()
        )
        yield from problems_where(
            members,
            active & text_key(members[MEMBERS.cols.agency]).isin(inactive),
            "Members",
            MEMBERS.cols.agency,
            "This active member's agency {value} is marked inactive on the Agencies sheet.",
            "Set the member's Active to N, or the agency's Active to Y.",
            WARNING,
            "member-agency-inactive",
        )

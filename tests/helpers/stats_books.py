"""A five-youth invented workbook whose statistics were counted by hand.

Every expected number in test_stats, test_monthly and test_dashboard comes
from reading these rows, not from running the code. The hand counts are
written beside the rows.

Fiscal year 2026 runs October 2025 – September 2026.

Y1  born 2010-05-01, referred 2025-10-15 (age 15), Female, Black, Confirmed,
    probation only, Runaway + Prior Abuse, Active; discussed 2025-10-22 and
    2026-10-07 (so new in FY2026 in Oct 2025, and new again in FY2027, Oct 2026).
Y2  born 2008-11-01, referred 2025-11-03 (age 17), Transgender female, Latino,
    Suspected, probation and child welfare, Runaway, Active; on the agenda
    2025-10-22 but not discussed (Discussed = N), so new in Nov 2025.
Y3  born 2013-06-10, referred 2025-11-20 (age 12), Male, White, At risk,
    child welfare only, Closed; discussed 2025-12-03. New in Nov 2025.
Y4  no birth date, referred 2024-09-10 (FY2024), no gender, no race,
    Confirmed, Active; discussed 2025-10-22 and 2025-12-03: new in FY2026 in
    Oct 2025 (first contact that year is the meeting).
Y5  born 2007-01-01, referred 2026-10-05 (age 19), Non-binary, Multiple
    Races, Suspected, Active. New in FY2027 only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safetynet.model import Workbook
from safetynet.schema import LISTS, MEETINGS, REFERRALS, YOUTHS, YWSP, default_settings
from safetynet.tables import coerce_frame

D = dt.date
TODAY = D(2026, 11, 20)


def _youth(number: int, **values: Any) -> dict[str, Any]:
    record = {
        "Youth ID": f"Y{number}",
        "First Name": "Invented",
        "Last Name": f"Person{number}",
        "Custody Status": "Home",
        "Safety Level": "Low",
        "Status": "Active",
    }
    record.update(values)
    return record


YOUTH_ROWS = [
    _youth(
        1,
        **{
            "Date of Birth": D(2010, 5, 1),
            "Referral Date": D(2025, 10, 15),
            "Gender": "Female",
            "Race/Ethnicity": "Black/African American",
            "Exploitation Status": "Confirmed",
            "Probation": "Y",
            "Child Welfare": "N",
            "Risk: Runaway": "Y",
            "Risk: Prior Abuse": "Y",
            "Referral Source": "Probation",
            "Victimization History": "Sexual abuse",
            "Exploitation Type": "Third-party trafficking",
        },
    ),
    _youth(
        2,
        **{
            "Date of Birth": D(2008, 11, 1),
            "Referral Date": D(2025, 11, 3),
            "Gender": "Transgender female",
            "Race/Ethnicity": "Hispanic/Latino",
            "Exploitation Status": "Suspected",
            "Probation": "Y",
            "Child Welfare": "Y",
            "Risk: Runaway": "Y",
            "Referral Source": "Probation",
        },
    ),
    _youth(
        3,
        **{
            "Date of Birth": D(2013, 6, 10),
            "Referral Date": D(2025, 11, 20),
            "Gender": "Male",
            "Race/Ethnicity": "White Non-Latino/Caucasian",
            "Exploitation Status": "At risk",
            "Child Welfare": "Y",
            "Referral Source": "Social Services",
            "Status": "Closed",
            "Closed Date": D(2026, 3, 1),
        },
    ),
    _youth(
        4,
        **{
            "Referral Date": D(2024, 9, 10),
            "Exploitation Status": "Confirmed",
            "Referral Source": "Police",
        },
    ),
    _youth(
        5,
        **{
            "Date of Birth": D(2007, 1, 1),
            "Referral Date": D(2026, 10, 5),
            "Gender": "Non-binary",
            "Race/Ethnicity": "Multiple Races",
            "Exploitation Status": "Suspected",
            "Referral Source": "Police",
        },
    ),
]

REFERRAL_ROWS = [
    # FY2026: Oct 2 (Emotional Support, Shelter), Nov 2 (Justice, I&R), Dec 1 (Advocacy)
    {
        "Referral ID": "R1",
        "Youth ID": "Y1",
        "Referral Date": D(2025, 10, 20),
        "Service": "Safety plan",
        "Referred To": "Clinic",
        "Status": "Connected",
    },
    {
        "Referral ID": "R2",
        "Youth ID": "Y1",
        "Referral Date": D(2025, 10, 20),
        "Service": "Housing or placement",
        "Referred To": "Shelter",
        "Status": "Pending",
    },
    {
        "Referral ID": "R3",
        "Youth ID": "Y2",
        "Referral Date": D(2025, 11, 10),
        "Service": "Legal",
        "Referred To": "Legal Aid",
        "Status": "Connected",
    },
    {
        "Referral ID": "R4",
        "Youth ID": "Y3",
        "Referral Date": D(2025, 11, 12),
        "Service": "Medi-Cal",
        "Referred To": "County",
        "Status": "Declined",
    },
    {
        "Referral ID": "R5",
        "Youth ID": "Y3",
        "Referral Date": D(2025, 12, 1),
        "Service": "Rape crisis advocacy",
        "Referred To": "Rape Crisis",
        "Status": "Connected",
    },
    # FY2025: not in FY2026's table
    {
        "Referral ID": "R6",
        "Youth ID": "Y4",
        "Referral Date": D(2024, 12, 1),
        "Service": "Mental health",
        "Referred To": "Clinic",
        "Status": "Connected",
    },
]

MEETING_ROWS = [
    # Meetings held: 2025-10-22, 2025-12-03 (FY2026), 2026-10-07 (FY2027)
    # Case reviews FY2026: Oct 2 (Y4, Y1), Dec 2 (Y4, Y3)
    {
        "Meeting Date": D(2025, 10, 22),
        "Youth ID": "Y4",
        "Section": "Out of custody",
        "Discussed": "Y",
        "Action Item": "Call school",
        "Action Owner": "Probation",
        "Action Due": D(2025, 11, 1),
        "Action Done": "N",
    },  # open and overdue
    {"Meeting Date": D(2025, 10, 22), "Youth ID": "Y1", "Section": "New case", "Discussed": "Y"},
    {"Meeting Date": D(2025, 10, 22), "Youth ID": "Y2", "Section": "New case", "Discussed": "N"},
    {
        "Meeting Date": D(2025, 12, 3),
        "Youth ID": "Y4",
        "Section": "Out of custody",
        "Discussed": "Y",
        "Action Item": "Court letter",
        "Action Owner": "Police",
        "Action Due": D(2026, 12, 1),
    },  # open, not yet due
    {
        "Meeting Date": D(2025, 12, 3),
        "Youth ID": "Y3",
        "Section": "Out of custody",
        "Discussed": "Y",
        "Action Item": "Done thing",
        "Action Done": "Y",
    },
    {
        "Meeting Date": D(2026, 10, 7),
        "Youth ID": "Y1",
        "Section": "Out of custody",
        "Discussed": "Y",
    },
]

YWSP_ROWS = [
    # Cohort starts Saturday 2025-11-01: weeks 1-3 on Nov 1, 8, 15 -> 3 sessions in Nov 2025.
    # Present marks: Y1 weeks 1 and 3, Y2 weeks 1 and 2 -> 4 in Nov; 6 marks recorded.
    {
        "Cohort": "2025 Fall",
        "Youth ID": "Y1",
        "Start Date": D(2025, 11, 1),
        "Week 1": "Present",
        "Week 2": "Absent",
        "Week 3": "Present",
    },
    {
        "Cohort": "2025 Fall",
        "Youth ID": "Y2",
        "Start Date": D(2025, 11, 1),
        "Week 1": "Present",
        "Week 2": "Present",
        "Week 3": "Excused",
    },
]


def hand_counted_book(**settings: Any) -> Workbook:
    values = default_settings()
    values.update(settings)
    frames = {
        YOUTHS.name: coerce_frame(YOUTHS, YOUTH_ROWS),
        REFERRALS.name: coerce_frame(REFERRALS, REFERRAL_ROWS),
        MEETINGS.name: coerce_frame(MEETINGS, MEETING_ROWS),
        YWSP.name: coerce_frame(YWSP, YWSP_ROWS),
    }
    return Workbook(frames, values, dict(LISTS))

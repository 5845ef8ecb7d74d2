"""Small invented workbooks and Agenda grids for the packet and document tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safetynet.model import Workbook
from safetynet.schema import (
    AGENCIES,
    LISTS,
    MEETINGS,
    MEMBERS,
    REFERRALS,
    YOUTHS,
    YWSP,
    default_settings,
)
from safetynet.tables import coerce_frame

D = dt.date
TODAY = D(2026, 11, 28)
MEETING = D(2026, 12, 2)
AGENDA_HEADERS = ("Order", "Section", "Youth ID", "Name", "Age", "Custody Status", "Reasons")

# Invented people; names chosen so no name is a substring of another test string.
YOUTH_NAMES = [
    ("Quilla", "Barrowmere"),
    ("Tamsin", "Oakhurst"),
    ("Zeynep", "Kowalczyk"),
    ("Ngozi", "Fairweather"),
    ("Liesel", "Montague"),
]


def youth(n: int, **changes: Any) -> dict[str, Any]:
    first, last = YOUTH_NAMES[(n - 1) % len(YOUTH_NAMES)]
    row = {
        "Youth ID": f"Y-{n:04d}",
        "First Name": first,
        "Last Name": last,
        "Date of Birth": D(2009, 1 + n % 12, 1 + n % 27),
        "Gender": "Female",
        "Race/Ethnicity": "Black/African American",
        "Primary Language": "English",
        "City": "Oakland",
        "Referral Date": D(2025, 6, 1),
        "Referral Source": "Probation Department",
        "Exploitation Status": "Suspected",
        "Custody Status": "In custody" if n % 2 else "Home",
        "Custody Change Date": D(2026, 10, n % 27 + 1),
        "Probation": True,
        "Child Welfare": n % 3 == 0,
        "Case Number": f"JV-26-{7000 + n}",
        "Charges": "Loitering",
        "Next Court Date": D(2026, 12, 9),
        "Attorney": "Public Defender",
        "Safety Level": "High",
        "Current Safety Concerns": f"Seen with an older adult near the bus station, concern {n}",
        "Past Safety Concerns": "Ran from placement twice",
        "Risk: Runaway": True,
        "Risk: Homelessness": n % 2 == 0,
        "Victimization History": "Sexual abuse",
        "Advocate": "R. Advocate",
        "Status": "Active",
    }
    row.update(changes)
    return row


def referral(n: int, youth_id: str, **changes: Any) -> dict[str, Any]:
    row = {
        "Referral ID": f"R-{n:05d}",
        "Youth ID": youth_id,
        "Referral Date": D(2026, 10, 1),
        "Service": "Mental health",
        "Referred To": "County Behavioral Health",
        "Referred By": "Probation Department",
        "Status": "Pending",
    }
    row.update(changes)
    return row


def meeting(youth_id: str, day: dt.date, **changes: Any) -> dict[str, Any]:
    row = {
        "Meeting Date": day,
        "Youth ID": youth_id,
        "Section": "Out of custody",
        "Discussed": True,
        "Decisions": "Safety plan reviewed",
        "Action Item": "Call school",
        "Action Owner": "Probation Department",
        "Action Due": D(2026, 11, 20),
        "Action Done": False,
    }
    row.update(changes)
    return row


def member(
    name: str, signed: dt.date | None, active: bool = True, **changes: Any
) -> dict[str, Any]:
    row = {
        "Name": name,
        "Agency": "Probation Department",
        "Role": "Officer",
        "Email": name.split()[0].lower() + "@example.org",
        "Confidentiality Signed": signed,
        "Active": active,
    }
    row.update(changes)
    return row


def book(youths: int = 5, **frames: list[dict[str, Any]]) -> Workbook:
    records = {
        YOUTHS.name: [youth(n) for n in range(1, youths + 1)],
        REFERRALS.name: [
            referral(1, "Y-0001"),
            referral(2, "Y-0001", **{"Status": "Closed", "Referral Date": D(2024, 1, 1)}),
        ],
        MEETINGS.name: [meeting("Y-0002", D(2026, 11, 4))],
        YWSP.name: [
            {
                "Cohort": "2026 Fall",
                "Youth ID": "Y-0001",
                "Start Date": D(2026, 9, 5),
                "Week 1": "Present",
                "Week 2": "Present",
            }
        ],
        AGENCIES.name: [
            {
                "Agency": "Probation Department",
                "Type": "Government",
                "Contact Name": "Pat Contact",
                "Email": "pat@example.org",
                "MOU Signed": D(2025, 1, 1),
                "MOU Expires": D(2027, 1, 1),
                "Active": True,
            },
            {"Agency": "Bay Rape Crisis Center", "Type": "Community-based", "Active": True},
        ],
        MEMBERS.name: [
            member("Mia Cleared", D(2026, 1, 5)),
            member("Noel Pending", None),
            member("Olga Former", D(2020, 1, 1), active=False),
        ],
    }
    records.update(frames)
    sheets = {
        YOUTHS.name: YOUTHS,
        REFERRALS.name: REFERRALS,
        MEETINGS.name: MEETINGS,
        YWSP.name: YWSP,
        AGENCIES.name: AGENCIES,
        MEMBERS.name: MEMBERS,
    }
    typed = {name: coerce_frame(sheets[name], rows) for name, rows in records.items()}
    return Workbook(typed, default_settings(), dict(LISTS))


def agenda_grid(rows: list[tuple[str | None, str, str]], day: dt.date = MEETING) -> list[list[Any]]:
    """An Agenda sheet as Build Agenda leaves it: (section, Youth ID, reasons) per line."""
    grid: list[list[Any]] = [
        ["SafetyNet case review: agenda"],
        ["Meeting date", day],
        ["Time", "10:00 AM"],
        [],
        list(AGENDA_HEADERS),
    ]
    for n, (section, youth_id, reasons) in enumerate(rows, start=1):
        grid.append([n, section, youth_id, "(name)", 16, "", reasons])
    grid += [[], ["Waiting list (did not fit; move a row up into the agenda to discuss it)"]]
    return grid


def on_agenda(workbook: Workbook, grid: list[list[Any]]) -> Workbook:
    """The workbook as Print Packet gets it: with the Agenda sheet as staff left it."""
    return workbook.replace(grids={"Agenda": grid})

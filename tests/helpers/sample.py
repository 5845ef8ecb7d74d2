"""A small, valid, invented workbook as typed frames, for validation tests to break."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safetynet.model import Workbook
from safetynet.schema import DATA_SHEETS, LISTS, data_sheet, default_settings
from safetynet.tables import coerce_frame

TODAY = dt.date(2026, 11, 25)

AGENCIES = [
    {
        "Agency": "District Attorney's Office",
        "Type": "Government",
        "MOU Signed": dt.date(2025, 1, 6),
        "MOU Expires": dt.date(2028, 1, 6),
        "Active": "Y",
    },
    {
        "Agency": "Bay Rape Crisis Center",
        "Type": "Community-based",
        "MOU Signed": dt.date(2025, 2, 3),
        "MOU Expires": dt.date(2028, 2, 3),
        "Active": "Y",
    },
    {
        "Agency": "County Probation",
        "Type": "Government",
        "MOU Signed": dt.date(2025, 3, 3),
        "MOU Expires": dt.date(2028, 3, 3),
        "Active": "Y",
    },
]


def youth(number: int, **changes: Any) -> dict[str, Any]:
    record = {
        "Youth ID": f"Y-{number:04d}",
        "First Name": ["Ana", "Bea", "Cleo", "Dana", "Eve", "Fay"][number % 6],
        "Last Name": ["Quill", "Rowe", "Stone", "Tate", "Umber", "Vance"][number % 6],
        "Date of Birth": dt.date(2010, 1 + number % 12, 3 + number % 20),
        "Gender": "Female",
        "Race/Ethnicity": "Black/African American",
        "Referral Date": dt.date(2026, 3, 2),
        "Referral Source": "County Probation",
        "Exploitation Status": "Suspected",
        "Custody Status": "Home",
        "Safety Level": "Medium",
        "Status": "Active",
    }
    record.update(changes)
    return record


def records() -> dict[str, list[dict[str, Any]]]:
    """Plain dicts per sheet; tests edit them, then call ``book``."""
    return {
        "Youths": [youth(n) for n in range(1, 4)],
        "Referrals": [
            {
                "Referral ID": "R-00001",
                "Youth ID": "Y-0001",
                "Referral Date": dt.date(2026, 3, 9),
                "Service": "Mental health",
                "Referred To": "Bay Rape Crisis Center",
                "Referred By": "District Attorney's Office",
                "Status": "Connected",
                "Outcome Date": dt.date(2026, 4, 1),
            },
            {
                "Referral ID": "R-00002",
                "Youth ID": "Y-0002",
                "Referral Date": dt.date(2026, 3, 9),
                "Service": "Legal",
                "Referred To": "District Attorney's Office",
                "Status": "Pending",
            },
        ],
        "Meetings": [
            {
                "Meeting Date": dt.date(2026, 3, 4),
                "Youth ID": "Y-0001",
                "Section": "New case",
                "Discussed": "Y",
                "Action Item": "Call school",
                "Action Owner": "County Probation",
                "Action Due": dt.date(2026, 3, 11),
                "Action Done": "Y",
            },
            {
                "Meeting Date": dt.date(2026, 3, 4),
                "Youth ID": "Y-0002",
                "Section": "New case",
                "Discussed": "Y",
            },
        ],
        "YWSP": [
            {
                "Cohort": "2026 Spring",
                "Youth ID": "Y-0003",
                "Referred By": "County Probation",
                "Start Date": dt.date(2026, 3, 7),
                **{f"Week {n}": "Present" for n in range(1, 13)},
            },
        ],
        "Agencies": [dict(a) for a in AGENCIES],
        "Members": [
            {
                "Name": "Pat Lee",
                "Agency": "District Attorney's Office",
                "Role": "Deputy DA",
                "Confidentiality Signed": dt.date(2025, 1, 6),
                "Active": "Y",
            },
            {
                "Name": "Sam Ortiz",
                "Agency": "Bay Rape Crisis Center",
                "Role": "Advocate",
                "Confidentiality Signed": dt.date(2025, 2, 3),
                "Active": "Y",
            },
        ],
    }


def book(data: dict[str, list[dict[str, Any]]] | None = None, **options: Any) -> Workbook:
    data = records() if data is None else data
    frames = {
        sheet.name: coerce_frame(data_sheet(sheet.name), data.get(sheet.name, []))
        for sheet in DATA_SHEETS
    }
    return Workbook(frames, options.get("settings", default_settings()), dict(LISTS))

"""The schema against SPEC's data dictionary, spelled out here independently of the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from safetynet import schema

SPEC_HEADERS = {
    "Youths": [
        "Youth ID",
        "First Name",
        "Last Name",
        "Date of Birth",
        "Age",
        "Gender",
        "Race/Ethnicity",
        "Primary Language",
        "City",
        "ZIP",
        "Referral Date",
        "Referral Source",
        "Exploitation Status",
        "Custody Status",
        "Custody Change Date",
        "Probation",
        "Child Welfare",
        "Girls Court",
        "Case Number",
        "Charges",
        "Next Court Date",
        "Attorney",
        "Safety Level",
        "Current Safety Concerns",
        "Past Safety Concerns",
        "Risk: Runaway",
        "Risk: Substance Use",
        "Risk: School Disengagement",
        "Risk: Prior Abuse",
        "Risk: Foster Care History",
        "Risk: Homelessness",
        "Risk: Gang Involvement",
        "Risk: Family Violence",
        "Victimization History",
        "Exploitation Type",
        "Advocate",
        "Discuss Next Meeting",
        "Status",
        "Closed Date",
        "Closed Reason",
        "Notes",
    ],
    "Referrals": [
        "Referral ID",
        "Youth ID",
        "Referral Date",
        "Service",
        "Referred To",
        "Referred By",
        "Status",
        "Outcome Date",
        "Notes",
    ],
    "Meetings": [
        "Meeting Date",
        "Youth ID",
        "Section",
        "Selection Reason",
        "Discussed",
        "Decisions",
        "Safety Plan",
        "Aftercare Plan",
        "Action Item",
        "Action Owner",
        "Action Due",
        "Action Done",
        "Next Review Date",
    ],
    "YWSP": [
        "Cohort",
        "Youth ID",
        "Referred By",
        "Start Date",
        *[f"Week {n}" for n in range(1, 13)],
        "Sessions Attended",
        "Completed",
        "Feedback",
    ],
    "Agencies": [
        "Agency",
        "Type",
        "Contact Name",
        "Email",
        "Phone",
        "MOU Signed",
        "MOU Expires",
        "Active",
    ],
    "Members": ["Name", "Agency", "Role", "Email", "Confidentiality Signed", "Active"],
    "Releases": ["Youth ID", "Agency", "Signed", "Expires", "Revoked", "Scope", "Notes"],
}

SPEC_SETTINGS = [
    "County",
    "Program Name",
    "Lead Agency",
    "Meeting Weekday",
    "Meeting Time",
    "Meeting Location",
    "Facilitator",
    "Max Youths Per Meeting",
    "Review Interval Weeks",
    "Court Date Window Days",
    "Output Folder",
    "Small Count Threshold",
    "YWSP Sessions To Complete",
    "Require Releases",
]

SPEC_SHEETS = {
    "Youths",
    "Referrals",
    "Meetings",
    "YWSP",
    "Agencies",
    "Members",
    "Releases",
    "Settings",
    "Lists",
    "Agenda",
    "Dashboard",
    "Monthly",
    "Problems",
    "Log",
}


@pytest.mark.parametrize("sheet", list(SPEC_HEADERS))
def test_headers_are_specs_in_order(sheet):
    assert schema.data_sheet(sheet).headers == SPEC_HEADERS[sheet]


def test_every_spec_sheet_is_built():
    assert set(schema.SHEET_ORDER) >= SPEC_SHEETS


def test_settings_and_defaults():
    labels = [s.label for s in schema.SETTINGS]
    assert labels[: len(SPEC_SETTINGS)] == SPEC_SETTINGS
    defaults = schema.default_settings()
    assert defaults["Max Youths Per Meeting"] == 15
    assert defaults["Review Interval Weeks"] == 4
    assert defaults["Court Date Window Days"] == 14
    assert defaults["Small Count Threshold"] == 11
    assert defaults["YWSP Sessions To Complete"] == 9
    assert defaults["Require Releases"] == "N"  # a DA-led table prints as before releases


def test_lists_hold_specs_values():
    assert schema.LISTS["Release Scope"] == ("Identifying", "Non-identifying")
    assert schema.LISTS["Gender"] == (
        "Female",
        "Male",
        "Transgender female",
        "Transgender male",
        "Non-binary",
        "Other",
        "Not reported",
    )
    assert len(schema.LISTS["Race/Ethnicity"]) == 9
    assert schema.LISTS["Custody Status"] == (
        "In custody",
        "Placement",
        "Home",
        "Missing",
        "Unknown",
    )
    assert schema.LISTS["Section"] == ("New case", "In custody", "Out of custody")


def test_computed_columns_are_the_italic_ones():
    computed = {
        (s.name, c.header)
        for s in schema.DATA_SHEETS
        for c in s.columns
        if c.kind is schema.Kind.COMPUTED
    }
    assert computed == {("Youths", "Age"), ("YWSP", "Sessions Attended"), ("YWSP", "Completed")}


def test_list_columns_name_existing_lists():
    for sheet in schema.DATA_SHEETS:
        for column in sheet.columns:
            if column.kind is schema.Kind.LIST:
                assert column.list_name in schema.LISTS, (sheet.name, column.header)


def test_field_names_are_unique_per_sheet():
    for sheet in schema.DATA_SHEETS:
        fields = [c.field for c in sheet.columns]
        assert len(fields) == len(set(fields)), sheet.name
    assert schema.field_name("Risk: Runaway") == "risk_runaway"
    assert schema.field_name("Race/Ethnicity") == "race_ethnicity"


SPEC_FILE = Path(__file__).resolve().parents[2] / "shared" / "SPEC.md"


@pytest.mark.skipif(not SPEC_FILE.exists(), reason="the shared SPEC is not beside this checkout")
def test_spec_file_names_each_header():
    text = SPEC_FILE.read_text(encoding="utf-8")
    flat = re.sub(r"\s+", " ", text)
    for sheet, headers in SPEC_HEADERS.items():
        assert f"**{sheet}**" in flat
        for header in headers:
            if header.startswith("Week "):
                continue
            assert header in flat, header

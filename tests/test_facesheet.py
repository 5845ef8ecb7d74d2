"""The contexts that fill the face sheet, agenda, sign-in sheet, MOU and confidentiality form."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from helpers.packet_books import MEETING, D, book, meeting, member, referral, youth

from safetynet.core import facesheet as fs
from safetynet.core.agenda_sheet import EditedRow
from safetynet.schema import MEETINGS, MEMBERS, REFERRALS, YOUTHS
from safetynet.tables import coerce_frame


def _data(workbook, ids=("Y-0001", "Y-0002", "Y-0003")):
    return fs.gather(workbook.frames, ids)


def test_dates_read_day_month_year_and_blanks_read_as_a_dash():
    assert fs.format_date(D(2026, 12, 3)) == "3 Dec 2026"
    assert fs.format_date(pd.Timestamp("2026-01-15")) == "15 Jan 2026"
    assert fs.format_date(pd.NaT) == fs.BLANK
    assert fs.display(pd.NA) == fs.BLANK
    assert fs.display("   ") == fs.BLANK
    assert fs.display(True) == "Yes" and fs.display(False) == "No"


def test_control_characters_that_word_cannot_hold_are_dropped_but_line_breaks_kept():
    assert fs.display("a\x07b\x0cc\r\nd\x0be") == "abc\nd\ne"


def test_face_sheet_groups_identification_case_safety_and_risks():
    workbook = book()
    context = fs.face_sheet_context(
        _data(workbook),
        "Y-0001",
        meeting_date=MEETING,
        settings=workbook.settings,
        section="In custody",
        reasons="Court date soon",
    )
    y = context["youth"]
    assert (y["youth_id"], y["name"], y["date_of_birth"]) == (
        "Y-0001",
        "Quilla Barrowmere",
        "2 Feb 2009",
    )
    assert y["age"] == "17"  # on the meeting date, not on today's date
    assert y["case_number"] == "JV-26-7001"
    assert y["probation"] == "Yes" and y["child_welfare"] == "No"
    assert y["custody_change_date"] == "2 Oct 2026"
    assert context["risk_factors"] == ["Runaway"]
    assert context["risk_factors_text"] == "Runaway"
    assert context["reasons"] == "Court date soon"
    assert context["settings"]["county"] == "Example County"


def test_referrals_show_open_ones_and_recent_closed_ones_newest_first():
    rows = [
        referral(1, "Y-0001", **{"Referral Date": D(2020, 1, 1), "Status": "Pending"}),
        referral(2, "Y-0001", **{"Referral Date": D(2024, 1, 1), "Status": "Closed"}),
        referral(
            3,
            "Y-0001",
            **{
                "Referral Date": D(2026, 9, 1),
                "Status": "Connected",
                "Outcome Date": D(2026, 9, 20),
            },
        ),
        referral(4, "Y-0002", **{"Status": "Pending"}),
    ]
    workbook = book(**{REFERRALS.name: rows})
    context = fs.face_sheet_context(
        _data(workbook), "Y-0001", meeting_date=MEETING, settings=workbook.settings
    )
    shown = [(r["referral_id"], r["status"]) for r in context["referrals"]]
    assert shown == [("R-00003", "Connected"), ("R-00001", "Pending")]
    assert context["referrals"][0]["outcome_date"] == "20 Sep 2026"


def test_reviews_are_the_last_three_before_the_meeting_with_owner_due_and_done():
    rows = [
        meeting("Y-0001", D(2026, 11, day), Decisions=f"Decision {day}") for day in (4, 11, 18, 25)
    ]
    rows.append(meeting("Y-0001", MEETING, Decisions="Today's own row"))
    workbook = book(**{MEETINGS.name: rows})
    reviews = fs.face_sheet_context(
        _data(workbook), "Y-0001", meeting_date=MEETING, settings=workbook.settings
    )["reviews"]
    assert [r["decisions"] for r in reviews] == ["Decision 25", "Decision 18", "Decision 11"]
    assert (reviews[0]["action_owner"], reviews[0]["action_due"], reviews[0]["action_done"]) == (
        "Probation Department",
        "20 Nov 2026",
        "No",
    )


def test_ywsp_participation_counts_sessions():
    workbook = book()
    workbook.frames["YWSP"]["Sessions Attended"] = pd.array([2], dtype="Int64")
    ywsp = fs.face_sheet_context(
        _data(workbook), "Y-0001", meeting_date=MEETING, settings=workbook.settings
    )["ywsp"]
    assert ywsp == [{**ywsp[0], "cohort": "2026 Fall", "sessions_attended": "2"}]


def test_a_youth_never_discussed_is_a_new_case_otherwise_custody_decides():
    workbook = book()
    data = _data(workbook)
    assert fs.default_section(data, "Y-0001", MEETING) == "New case"
    assert fs.default_section(data, "Y-0002", MEETING) == "Out of custody"
    rows = [meeting("Y-0003", D(2026, 10, 1))]
    data = fs.gather(book(**{MEETINGS.name: rows}).frames, ["Y-0003"])
    assert fs.default_section(data, "Y-0003", MEETING) == "In custody"


def test_agenda_is_grouped_by_section_and_numbered_in_printed_order():
    workbook = book()
    items = [
        EditedRow(1, "Out of custody", "Y-0001"),
        EditedRow(2, "New case", "Y-0002"),
        EditedRow(3, "Out of custody", "Y-0003", "Overdue action"),
    ]
    context = fs.agenda_context(
        items, _data(workbook), meeting_date=MEETING, settings=workbook.settings
    )
    printed = [
        (s["name"], [(y["number"], y["youth_id"]) for y in s["youths"]])
        for s in context["sections"]
    ]
    assert printed == [
        ("New case", [("1", "Y-0002")]),
        ("Out of custody", [("2", "Y-0001"), ("3", "Y-0003")]),
    ]
    assert context["sections"][1]["youths"][1]["reasons"] == "Overdue action"
    assert [i.youth_id for i in fs.printed_order(items)] == ["Y-0002", "Y-0001", "Y-0003"]


def test_sign_in_lists_active_members_and_whether_their_form_is_on_file():
    workbook = book()
    context = fs.sign_in_context(
        workbook.frames[MEMBERS.name], meeting_date=MEETING, settings=workbook.settings
    )
    listed = {m["name"]: m["form_on_file"] for m in context["members"]}
    assert set(listed) == {"Mia Cleared", "Noel Pending"}
    assert listed["Mia Cleared"] == "Yes, signed 5 Jan 2026"
    assert listed["Noel Pending"].startswith("NO")


def test_gather_filters_each_sheet_once_and_keeps_the_first_of_a_doubled_id():
    youths = coerce_frame(YOUTHS, [youth(1), youth(1, **{"Case Number": "second"})])
    data = fs.gather({YOUTHS.name: youths}, ["Y-0001"])
    assert data.youths["Y-0001"]["Case Number"] == "JV-26-7001"
    assert data.referrals == {"Y-0001": []}


def test_mou_and_confidentiality_contexts_fill_from_their_rows():
    agency = {"Agency": "Bay Rape Crisis Center", "MOU Expires": pd.Timestamp("2027-01-01")}
    context = fs.mou_context(agency, settings={}, today=dt.date(2026, 11, 28))
    assert context["agency"]["agency"] == "Bay Rape Crisis Center"
    assert context["agency"]["mou_expires"] == "1 Jan 2027"
    assert context["today"] == "28 Nov 2026"
    person = member("Mia Cleared", D(2026, 1, 5))
    assert fs.confidentiality_context(person, settings={}, today=MEETING)["member"]["email"] == (
        "mia@example.org"
    )


def test_age_turns_on_the_birthday_itself():
    on = D(2026, 12, 2)
    assert fs.youth_context(youth(1, **{"Date of Birth": D(2010, 12, 2)}), on)["age"] == "16"
    assert fs.youth_context(youth(1, **{"Date of Birth": D(2010, 12, 3)}), on)["age"] == "15"
    assert fs.youth_context(youth(1, **{"Date of Birth": None}), on)["age"] == fs.BLANK

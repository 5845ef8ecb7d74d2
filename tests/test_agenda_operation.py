"""The Build Agenda operation: what it hands the command line and the button."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from helpers.agenda_books import MEETING, TODAY, D, book, discussed, youth
from helpers.packet_books import on_agenda

from safetynet.core.agenda import select_agenda
from safetynet.core.agenda_sheet import agenda_json, read_agenda_grid
from safetynet.grid import plain
from safetynet.model import SafetyNetError
from safetynet.operations.agenda import BUILD_AGENDA, build_agenda

NAMES = {"First Name": "Xanthippe", "Last Name": "Okonkwo-Vasquez"}


def sample():
    youths = [
        youth(1, **NAMES, **{"Safety Level": "High"}),
        youth(2, **NAMES, **{"Custody Status": "In custody"}),
        youth(3, **NAMES, **{"Referral Date": D(2026, 11, 20)}),
        youth(4, **NAMES),
    ]
    return book(youths, [discussed(1), discussed(2, D(2026, 10, 7)), discussed(4)])


def test_it_reads_only_youths_and_meetings():
    assert BUILD_AGENDA.reads == ("Youths", "Meetings")


def test_the_default_meeting_date_is_the_next_meeting_weekday_after_today():
    outcome = build_agenda(sample(), today=TODAY)
    assert outcome.data["meeting_date"] == MEETING.isoformat()
    thursday = build_agenda(sample().replace(settings={"Meeting Weekday": "Thursday"}), today=TODAY)
    assert thursday.data["meeting_date"] == "2026-12-03"


def test_a_date_given_wins_over_the_weekday():
    outcome = build_agenda(sample(), meeting_date=D(2026, 12, 16), today=TODAY)
    assert read_agenda_grid(outcome.sheets["Agenda"]).meeting_date == D(2026, 12, 16)


def test_it_writes_only_the_agenda_sheet_and_logs_the_ids():
    outcome = build_agenda(sample(), today=TODAY)
    assert list(outcome.sheets) == ["Agenda"]
    assert outcome.appends == {} and outcome.files == []
    assert outcome.youth_ids == ["Y-0003", "Y-0002", "Y-0001"]
    assert outcome.exit_code == 0
    assert read_agenda_grid(outcome.sheets["Agenda"]).youth_ids == outcome.youth_ids


def test_the_json_is_the_agenda_in_the_issue_shape():
    outcome = build_agenda(sample(), today=TODAY)
    assert json.loads(json.dumps(outcome.data))["agenda"][0] == {
        "youth_id": "Y-0003",
        "section": "New case",
        "reasons": ["New referral on 20 Nov from Probation"],
        "order": 1,
        "priority": 2,
        "age": 15,
        "custody_status": "Home",
        "last_discussed": None,
        "open_actions": 0,
        "waited": 0,
        "waiting_since": None,
    }
    assert outcome.data["waiting"] == []


def test_the_message_counts_and_never_names():
    outcome = build_agenda(sample(), today=TODAY)
    assert outcome.message == (
        "Agenda for Wednesday 2 December 2026: 3 youths (1 new case, 1 in custody, "
        "1 out of custody)."
    )
    everything = outcome.message + json.dumps(outcome.data)
    assert NAMES["First Name"] not in everything and NAMES["Last Name"] not in everything
    assert NAMES["Last Name"] in str(outcome.sheets["Agenda"])  # the staff's own sheet does


def test_the_message_carries_the_waiting_list_and_notes():
    workbook = sample().replace(settings={"Max Youths Per Meeting": 2})
    outcome = build_agenda(workbook, today=TODAY)
    assert outcome.message == (
        "Agenda for Wednesday 2 December 2026: 2 youths (1 new case, 1 out of custody); "
        "1 on the waiting list. 3 youths qualify but only 2 fit; the other 1 is on the "
        "waiting list, in order of priority."
    )


def test_an_empty_agenda_still_writes_the_sheet_and_says_why():
    outcome = build_agenda(book([youth(1)], [discussed(1)]), today=TODAY)
    assert outcome.message == (
        "Agenda for Wednesday 2 December 2026: no youths. "
        "No youth is flagged, new, urgent or due for review on 2 Dec."
    )
    assert read_agenda_grid(outcome.sheets["Agenda"]).rows == ()


def test_a_bad_meeting_weekday_is_a_plain_error():
    with pytest.raises(SafetyNetError, match="Meeting Weekday"):
        build_agenda(sample().replace(settings={"Meeting Weekday": "Someday"}), today=TODAY)


def test_on_the_demo_workbook_the_agenda_is_full_sectioned_and_reasoned():
    demo = pytest.importorskip("safetynet.demo")
    workbook = demo.generate(youths=120, seed=7, today=TODAY)
    outcome = build_agenda(workbook, today=TODAY)
    items = outcome.data["agenda"]
    assert 10 <= len(items) <= 15
    assert all(item["reasons"] for item in items + outcome.data["waiting"])
    sections = [item["section"] for item in items]
    assert sections == sorted(sections, key=["New case", "In custody", "Out of custody"].index)
    assert outcome.data == agenda_json(select_agenda(workbook, MEETING, today=TODAY))
    assert dt.date.fromisoformat(outcome.data["meeting_date"]) == MEETING


def test_print_packet_follows_the_agenda_sheet_as_staff_edited_it(tmp_path):
    packet = pytest.importorskip("safetynet.operations.packet")
    demo = pytest.importorskip("safetynet.demo")
    workbook = demo.generate(youths=40, seed=3, today=TODAY)
    grid = [list(row) for row in build_agenda(workbook, today=TODAY).sheets["Agenda"]]
    header = next(
        n for n, row in enumerate(grid) if row and getattr(row[0], "value", None) == "Order"
    )
    out_of_custody = [
        n
        for n in range(header + 1, len(grid))
        if len(grid[n]) > 2 and plain(grid[n][1]) == "Out of custody"
    ]
    assert len(out_of_custody) >= 3
    first, second, third = out_of_custody[:3]
    grid[first], grid[second] = grid[second], grid[first]  # reordered within a section
    staff_order = [plain(grid[first][2]), plain(grid[second][2])]
    removed = plain(grid[third][2])
    del grid[third]
    listed = {plain(row[2]) for row in grid if len(row) > 2}
    youths = workbook.frames["Youths"]
    typed = next(y for y in youths.loc[youths["Status"] == "Active", "Youth ID"] if y not in listed)
    grid.insert(header + 1, [None, None, typed])  # one typed in by hand
    edited = read_agenda_grid(grid)
    assert removed not in edited.youth_ids and typed in edited.youth_ids
    assert edited.notes == ()

    outcome = packet.print_packet(
        on_agenda(workbook, grid), out_dir=tmp_path, pdf=False, today=TODAY
    )
    assert sorted(outcome.youth_ids) == sorted(edited.youth_ids)
    printed = [y for y in outcome.youth_ids if y in staff_order]
    assert printed == staff_order  # the staff's order, not the rank

"""Waits and the capacity line, counted by hand on a few rows (safetynet.core.waiting)."""

from __future__ import annotations

import datetime as dt

from helpers.agenda_books import D, book, meeting, youth

from safetynet.core.agenda import select_agenda
from safetynet.core.agenda_sheet import agenda_grid
from safetynet.core.waiting import (
    Capacity,
    Wait,
    WaitingRecord,
    capacity,
    waiting_log_row,
    waiting_on_sheet,
    waiting_records,
    waits,
)
from safetynet.schema import LOG_HEADERS, MEETINGS, default_settings

MEETINGS_ROWS = [
    meeting(1, D(2026, 11, 11)),  # discussed
    meeting(2, D(2026, 11, 4)),
    meeting(2, D(2026, 11, 18), Discussed="N"),  # put off
]
RECORDS = (
    WaitingRecord(D(2026, 11, 18), ("Y-0003",)),
    WaitingRecord(D(2026, 11, 25), ("y-0003 ", "Y-0002")),  # typed case and spaces forgiven
)
WHEN = dt.datetime(2026, 11, 25, 12, 0)


def frame():
    return book([youth(n) for n in (1, 2, 3)], MEETINGS_ROWS).frames[MEETINGS.name]


def test_a_wait_counts_each_meeting_since_the_youth_was_last_discussed():
    assert waits(frame(), RECORDS, D(2026, 12, 2)) == {
        "Y-0002": Wait(D(2026, 11, 18), 2),  # put off, then on the list
        "Y-0003": Wait(D(2026, 11, 18), 2),
    }
    # preparing the 25 Nov meeting again: its own list does not count yet
    assert waits(frame(), RECORDS, D(2026, 11, 25)) == {
        "Y-0002": Wait(D(2026, 11, 18), 1),
        "Y-0003": Wait(D(2026, 11, 18), 1),
    }


def test_the_capacity_line_adds_up_by_hand():
    load = capacity(frame(), RECORDS, D(2026, 12, 2))
    assert load == Capacity(4, D(2026, 11, 4), D(2026, 11, 25), 3, 1, 2, 4)
    assert load.sentence(D(2026, 12, 2)) == (
        "Last 4 meetings (4 Nov to 25 Nov): 3 youths qualified, 1 discussed, 2 still waiting; "
        "youths were put off 4 times in all."
    )
    assert capacity(frame(), RECORDS, D(2026, 12, 2), count=1).meetings == 1


def test_the_log_keeps_youth_ids_only_and_the_newest_row_for_a_date_wins():
    assert waiting_log_row(D(2026, 12, 2), ["Y-0003", "Y-0002"]) == (
        "Waiting list 2026-12-02",
        ["Y-0003", "Y-0002"],
    )
    grid = [
        list(LOG_HEADERS),
        [WHEN, "lead", "Print Packet", "Y-0001, Y-0004", "SafetyNet packet 2026-12-02.docx"],
        [WHEN, "lead", "Waiting list 2026-12-02", "Y-0003, Y-0002", ""],
        [WHEN, "lead", "Build Agenda", "Y-0001", ""],
        # printed again after an edit; the Log now names the operation before the words
        [WHEN, "lead", "Print Packet: Waiting list 2026-12-02", "Y-0003", ""],
        [WHEN, "lead", "Waiting list 2026-11-25", "", ""],
        [WHEN, "lead", "Waiting list someday", "Y-0009", ""],
    ]
    assert waiting_records(grid) == (
        WaitingRecord(D(2026, 11, 25), ()),
        WaitingRecord(D(2026, 12, 2), ("Y-0003",)),
    )
    assert waiting_records(None) == () and waiting_records([["not", "a", "log"]]) == ()


def test_the_waiting_list_is_read_from_the_sheet_as_staff_left_it():
    youths = [youth(n, **{"Safety Level": "High"}) for n in range(1, 6)]
    workbook = book(youths, [meeting(n, D(2026, 11, 25)) for n in range(1, 6)])
    workbook = workbook.replace(settings={**default_settings(), "Max Youths Per Meeting": 2})
    agenda = select_agenda(workbook, D(2026, 12, 2))
    grid = [list(row) for row in agenda_grid(agenda, workbook.settings)]
    assert waiting_on_sheet(grid, agenda.youth_ids) == ["Y-0003", "Y-0004", "Y-0005"]
    # staff moved Y-0003 up into the agenda: it is on the agenda, not waiting
    assert waiting_on_sheet(grid, [*agenda.youth_ids, "Y-0003"]) == ["Y-0004", "Y-0005"]


def test_a_youth_who_waited_rises_above_one_who_did_not_but_never_above_a_missing_child():
    youths = [
        youth(1, **{"Safety Level": "High"}),
        youth(2),
        youth(3, **{"Custody Status": "Missing"}),
    ]
    meetings = [
        meeting(1, D(2026, 11, 25)),
        meeting(2, D(2026, 10, 1)),
        meeting(3, D(2026, 11, 25)),
    ]
    workbook = book(youths, meetings)
    workbook = workbook.replace(settings={**default_settings(), "Max Youths Per Meeting": 2})
    fresh = select_agenda(workbook, D(2026, 12, 2))
    assert [i.youth_id for i in fresh.items] == ["Y-0003", "Y-0001"]  # urgent before due
    waited = select_agenda(
        workbook, D(2026, 12, 2), waiting=[WaitingRecord(D(2026, 11, 25), ("Y-0002",))]
    )
    # due, waited once: lifted to the urgent level, ahead of High, behind Missing
    assert [i.youth_id for i in waited.items] == ["Y-0003", "Y-0002"]
    assert waited.items[1].reasons[0] == "Waiting since 25 Nov (1 meeting)"
    assert [i.youth_id for i in waited.waiting] == ["Y-0001"]


def test_the_agenda_sheet_shows_waiting_since_and_the_capacity_line():
    """Issue 16: the wait rises with each meeting, and the sheet says since when and how many."""
    youths = [youth(n, **{"Safety Level": "High"}) for n in range(1, 4)] + [youth(4)]
    meetings = [meeting(n, D(2026, 11, 4)) for n in range(1, 4)] + [meeting(4, D(2026, 10, 14))]
    lists = [WaitingRecord(day, ("Y-0004",)) for day in (D(2026, 11, 18), D(2026, 11, 25))]
    workbook = book(youths, meetings)
    seen = []
    for day, records in [
        (D(2026, 11, 25), lists[:1]),
        (D(2026, 12, 2), lists),
        (D(2026, 12, 9), [*lists, WaitingRecord(D(2026, 12, 2), ("Y-0004",))]),
    ]:
        agenda = select_agenda(workbook, day, waiting=records)
        item = next(i for i in agenda.items + agenda.waiting if i.youth_id == "Y-0004")
        seen.append(item.waited)
    assert seen == [1, 2, 3]
    grid = [[getattr(c, "value", c) for c in row] for row in agenda_grid(agenda, workbook.settings)]
    row = next(r for r in grid if len(r) > 2 and r[2] == "Y-0004")
    assert row[6].startswith("Waiting since 18 Nov (3 meetings); ")
    header = next(n for n, r in enumerate(grid) if r and r[0] == "Order")
    assert [agenda.capacity.sentence(D(2026, 12, 9))] in grid[:header]
    assert agenda.capacity.sentence(D(2026, 12, 9)) == (
        "Last 5 meetings (14 Oct to 2 Dec): 4 youths qualified, 3 discussed, 1 still waiting; "
        "youths were put off 3 times in all."
    )


def test_a_missing_child_comes_after_new_cases_but_before_youths_lifted_by_waiting():
    """SPEC: a Missing youth before any other urgent one, even one lifted a level by waiting;
    only flagged youths, new cases and a youth in its fourth meeting of waiting go first."""
    youths = [
        youth(1, **{"Safety Level": "High"}),  # urgent, waited once: lifted to the new level
        youth(2, **{"Custody Status": "Missing"}),
        youth(3, **{"Referral Date": D(2026, 11, 20)}),  # a new case
        youth(4),  # due, waited three meetings: lifted to the top level
    ]
    meetings = [
        meeting(1, D(2026, 11, 18)),
        meeting(2, D(2026, 11, 25)),
        meeting(4, D(2026, 10, 7)),
    ]
    records = [
        WaitingRecord(D(2026, 11, 11), ("Y-0004",)),
        WaitingRecord(D(2026, 11, 18), ("Y-0004",)),
        WaitingRecord(D(2026, 11, 25), ("Y-0001", "Y-0004")),
    ]
    workbook = book(youths, meetings, Max_Youths_Per_Meeting=1)
    agenda = select_agenda(workbook, D(2026, 12, 2), waiting=records)
    ranked = agenda.items + agenda.waiting
    assert [(i.youth_id, i.waited) for i in ranked] == [
        ("Y-0004", 3),
        ("Y-0003", 0),
        ("Y-0002", 0),
        ("Y-0001", 1),
    ]

"""The Agenda sheet: what Build Agenda writes, and reading it back as staff left it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from helpers.agenda_books import MEETING, D

from safetynet.actions import render
from safetynet.core.agenda import Agenda, AgendaItem
from safetynet.core.agenda_sheet import (
    HEADERS,
    NO_AGENDA,
    WAITING_HEADING,
    EditedAgenda,
    EditedRow,
    agenda_grid,
    agenda_json,
    read_agenda_grid,
)
from safetynet.grid import Cell, plain_grid
from safetynet.model import SafetyNetError
from safetynet.schema import default_settings


def item(number: int, section: str = "Out of custody", **changes) -> AgendaItem:
    values = {
        "youth_id": f"Y-{number:04d}",
        "section": section,
        "reasons": ("Safety level High", "Court date 3 Dec"),
        "priority": 3,
        "name": f"Zelda Quux{number}",
        "age": 15,
        "custody_status": "Home",
        "last_discussed": D(2026, 11, 4),
        "open_actions": 1,
    }
    values.update(changes)
    return AgendaItem(**values)


AGENDA = Agenda(
    MEETING,
    items=(
        item(4, "New case", last_discussed=None, reasons=("New referral on 20 Nov",)),
        item(2, "In custody", custody_status="In custody"),
        item(1),
    ),
    waiting=(item(7, reasons=("Not discussed for 5 weeks",)),),
    notes=("4 youths qualify but only 3 fit; the other 1 is on the waiting list.",),
)


def settings(**changes):
    values = default_settings()
    values.update(changes)
    return values


def sheet(agenda: Agenda = AGENDA) -> list[list]:
    return plain_grid(agenda_grid(agenda, settings(Meeting_Location="Room 4")))


def row_of(grid: list[list], first_cell) -> int:
    return next(n for n, row in enumerate(grid) if row and row[0] == first_cell)


# --- writing ---------------------------------------------------------------------------------


def test_the_sheet_starts_with_the_meeting_details_from_settings():
    grid = plain_grid(
        agenda_grid(AGENDA, settings(**{"Meeting Time": "9:30 AM", "Facilitator": "DDA Ruiz"}))
    )
    assert grid[0] == ["SafetyNet case review: agenda"]
    assert grid[1:5] == [
        ["Meeting date", MEETING],
        ["Time", "9:30 AM"],
        ["Place", "Conference Room B"],
        ["Facilitator", "DDA Ruiz"],
    ]


def test_the_agenda_rows_follow_the_header_numbered_in_order():
    grid = sheet()
    header = row_of(grid, "Order")
    assert tuple(grid[header]) == HEADERS
    assert grid[header + 1] == [
        1,
        "New case",
        "Y-0004",
        "Zelda Quux4",
        15,
        "Home",
        "New referral on 20 Nov",
        None,
        1,
    ]
    assert grid[header + 3] == [
        3,
        "Out of custody",
        "Y-0001",
        "Zelda Quux1",
        15,
        "Home",
        "Safety level High; Court date 3 Dec",
        D(2026, 11, 4),
        1,
    ]


def test_the_waiting_list_sits_below_with_its_own_heading_and_reasons():
    grid = sheet()
    heading = row_of(grid, WAITING_HEADING)
    assert heading > row_of(grid, "Order") + len(AGENDA.items)
    assert grid[heading + 1][0] == "Waiting"
    assert grid[heading + 2][:3] == [1, "Out of custody", "Y-0007"]
    assert grid[heading + 2][6] == "Not discussed for 5 weeks"


def test_notes_are_shown_above_the_agenda():
    grid = sheet()
    assert [AGENDA.notes[0]] in grid[: row_of(grid, "Order")]


def test_everything_stays_within_columns_a_to_i_and_uses_known_styles():
    cells = [value for row in agenda_grid(AGENDA, settings()) for value in row]
    assert max(len(row) for row in agenda_grid(AGENDA, settings())) <= 9
    styles = {value.style for value in cells if isinstance(value, Cell)}
    known = {"title", "header", "date", "wrap", "bold", "note", "alert", "top", "date_top"}
    assert styles <= known | {"top_center"}
    assert {"title", "header", "date", "wrap", "top", "date_top", "top_center"} <= styles


def test_json_has_the_issue_shape_and_no_names():
    data = agenda_json(AGENDA)
    assert data["meeting_date"] == "2026-12-02"
    first = data["agenda"][0]
    assert (first["youth_id"], first["section"], first["reasons"]) == (
        "Y-0004",
        "New case",
        ["New referral on 20 Nov"],
    )
    assert data["waiting"][0]["youth_id"] == "Y-0007"
    assert data["waiting"][0]["reasons"] == ["Not discussed for 5 weeks"]
    assert [e["order"] for e in data["agenda"]] == [1, 2, 3]
    text = json.dumps(data)  # serialisable as is
    assert "Zelda" not in text and "Quux" not in text


# --- reading back ------------------------------------------------------------------------------

NEW_REASON = "New referral on 20 Nov"
URGENT_REASONS = "Safety level High; Court date 3 Dec"


def test_an_untouched_sheet_reads_back_as_built():
    assert read_agenda_grid(agenda_grid(AGENDA, settings())) == EditedAgenda(
        MEETING,
        (
            EditedRow(1, "New case", "Y-0004", NEW_REASON),
            EditedRow(2, "In custody", "Y-0002", URGENT_REASONS),
            EditedRow(3, "Out of custody", "Y-0001", URGENT_REASONS),
        ),
    )


def test_a_hand_edited_sheet_is_read_as_staff_left_it():
    grid = sheet()
    header = row_of(grid, "Order")
    first, _deleted, third = grid[header + 1 : header + 4]
    typed = [None, None, " Y-0009 "]  # a row added with only a Youth ID
    grid[header + 1 : header + 4] = [third, [], typed, first]  # reordered, Y-0002 deleted
    grid[1][1] = "2026-12-09"  # meeting date retyped as text
    assert read_agenda_grid(grid) == EditedAgenda(
        D(2026, 12, 9),
        (
            EditedRow(1, "Out of custody", "Y-0001", URGENT_REASONS),
            EditedRow(2, None, "Y-0009"),
            EditedRow(3, "New case", "Y-0004", NEW_REASON),
        ),
    )
    assert "Y-0002" not in [r[2] for r in grid if len(r) > 2]  # deleted, not hidden elsewhere


def test_a_row_moved_up_from_the_waiting_list_joins_the_agenda():
    grid = sheet()
    waiting_row = grid.pop(row_of(grid, WAITING_HEADING) + 2)
    grid.insert(row_of(grid, "Order") + 1, waiting_row)
    assert read_agenda_grid(grid).youth_ids == ["Y-0007", "Y-0004", "Y-0002", "Y-0001"]


def test_a_deleted_waiting_heading_still_ends_the_agenda_at_the_waiting_header():
    grid = sheet()
    del grid[row_of(grid, WAITING_HEADING)]
    assert read_agenda_grid(grid).youth_ids == ["Y-0004", "Y-0002", "Y-0001"]


@pytest.mark.parametrize(
    "typed",
    [
        dt.datetime(2026, 12, 9, 0, 0),
        D(2026, 12, 9),
        "2026-12-09",
        "12/9/2026",
        "2026-12-09T00:00:00.000Z",
        46365.0,  # the Excel serial number when the cell lost its date format
    ],
)
def test_the_meeting_date_may_be_a_date_or_text(typed):
    grid = sheet()
    grid[1][1] = typed
    assert read_agenda_grid(grid).meeting_date == D(2026, 12, 9)


@pytest.mark.parametrize("typed", [None, "", "next Wednesday", True])
def test_an_unreadable_meeting_date_names_the_cell(typed):
    grid = sheet()
    grid[1][1:] = [typed]
    with pytest.raises(SafetyNetError) as caught:
        read_agenda_grid(grid)
    assert caught.value.exit_code == 1
    assert render(caught.value.message, "button") == (
        "The Agenda sheet has no readable meeting date in cell B2. "
        "Type the date there, for example 2026-12-02, or click Build Agenda again."
    )
    assert render(caught.value.message, "command", "SafetyNet.xlsm").endswith(
        "or run safetynet agenda SafetyNet.xlsm again."
    )


def test_a_lost_meeting_date_row_says_what_to_do():
    grid = sheet()
    del grid[1]
    with pytest.raises(SafetyNetError, match='lost its "Meeting date" row') as caught:
        read_agenda_grid(grid)
    assert caught.value.exit_code == 1


@pytest.mark.parametrize(
    "grid",
    [[], [[None, None]], [["SafetyNet case review: agenda"], ["Meeting date", MEETING]]],
    ids=["blank sheet", "empty cells", "no header row"],
)
def test_a_sheet_without_an_agenda_says_click_build_agenda(grid):
    with pytest.raises(SafetyNetError) as caught:
        read_agenda_grid(grid)
    assert (caught.value.message, caught.value.exit_code) == (NO_AGENDA, 1)


def test_an_agenda_with_every_row_deleted_reads_as_empty():
    grid = sheet(Agenda(MEETING, (), (item(7),), ()))
    assert read_agenda_grid(grid) == EditedAgenda(MEETING, ())


def test_sections_are_read_forgivingly_and_a_repeated_youth_is_kept_once():
    grid = sheet()
    header = row_of(grid, "Order")
    grid[header + 1][1] = " in CUSTODY "
    grid[header + 2][1] = "Urgent"
    grid[header + 3][2] = "y-0004"  # the same youth as the first row, typed again
    edited = read_agenda_grid(grid)
    assert edited.rows == (
        EditedRow(1, "In custody", "Y-0004", NEW_REASON),
        EditedRow(2, None, "Y-0002", URGENT_REASONS),
    )
    assert edited.notes == (
        f"Youth ID y-0004 is on the Agenda sheet twice (row {header + 4} repeats it); "
        f"it is kept once.",
    )


def test_numbers_typed_as_youth_ids_read_as_text():
    grid = sheet()
    grid[row_of(grid, "Order") + 1][2] = 17.0
    assert read_agenda_grid(grid).youth_ids[0] == "17"

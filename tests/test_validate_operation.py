"""Validate Entries as an operation, and the check Build Agenda and Print Packet run first."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from helpers.sample import TODAY, book, records

from safetynet.core.validate import RULES
from safetynet.grid import plain
from safetynet.model import Problem, ProblemsFound
from safetynet.operations.validate import VALIDATE_ENTRIES, require_valid, validate_entries
from safetynet.schema import DATA_SHEETS

CHECKED = dt.datetime(2026, 11, 25, 9, 30)


def test_it_reads_every_data_sheet():
    assert set(VALIDATE_ENTRIES.reads) == {sheet.name for sheet in DATA_SHEETS}


def test_errors_make_exit_status_1_and_fill_the_problems_sheet():
    data = records()
    data["Meetings"][0]["Youth ID"] = "Y-0999"
    data["Agencies"][0]["MOU Expires"] = dt.date(2026, 1, 1)
    data["Agencies"][1]["MOU Expires"] = dt.date(2026, 2, 1)
    outcome = validate_entries(book(data), today=TODAY, checked_at=CHECKED)
    assert outcome.message == "Found 1 error and 2 warnings."
    assert outcome.exit_code == 1
    assert (outcome.data["errors"], outcome.data["warnings"]) == (1, 2)
    assert list(outcome.sheets) == ["Problems"]
    assert len(outcome.sheets["Problems"]) == 3 + 3
    assert not outcome.appends and not outcome.files
    json.dumps(outcome.data)  # --json must be able to print it
    assert outcome.data["problems"][0]["value"] == "Y-0999"
    assert outcome.data["problems"][1]["value"] == "2026-01-01"


def test_warnings_alone_leave_exit_status_0():
    data = records()
    data["YWSP"][0]["Start Date"] = dt.date(2026, 3, 8)  # a Sunday
    outcome = validate_entries(book(data), today=TODAY, checked_at=CHECKED)
    assert (outcome.exit_code, outcome.message) == (0, "Found 0 errors and 1 warning.")


def test_validation_changes_no_data():
    workbook = book()
    before = {name: frame.copy() for name, frame in workbook.frames.items()}
    validate_entries(workbook, today=TODAY, checked_at=CHECKED)
    assert all(workbook.frames[name].equals(frame) for name, frame in before.items())


def blocked(data) -> list[Problem]:
    with pytest.raises(ProblemsFound) as caught:
        require_valid(book(data), TODAY, "Build Agenda")
    assert caught.value.message.startswith("Build Agenda stopped: ")
    assert caught.value.exit_code == 1
    return caught.value.problems


def test_a_dangling_youth_id_on_meetings_stops_the_agenda():
    data = records()
    data["Meetings"][1]["Youth ID"] = "Y-0404"
    (problem,) = blocked(data)
    assert (problem.sheet, problem.row, problem.column) == ("Meetings", 3, "Youth ID")


def test_a_duplicate_youth_id_stops_the_agenda():
    data = records()
    data["Youths"][2]["Youth ID"] = "Y-0001"
    data["YWSP"][0]["Youth ID"] = "Y-0001"
    assert [(p.row, p.rule) for p in blocked(data)] == [(4, "duplicate-id")]


def test_an_unreadable_date_the_agenda_uses_stops_it():
    unreadable = Problem(
        "Meetings", 2, "Next Review Date", "next week", "Not a date.", rule="readable-value"
    )
    with pytest.raises(ProblemsFound) as caught:
        require_valid(book().replace(problems=(unreadable,)), TODAY, "Print Packet")
    assert caught.value.problems == [unreadable]
    assert "Meetings, row 2, column Next Review Date" in caught.value.message


def test_errors_that_do_not_change_the_agenda_and_warnings_let_it_go_on():
    data = records()
    data["Youths"][0]["Gender"] = "Femail"  # an error for the counts, not for the agenda
    data["Meetings"][0]["Action Owner"] = "Unknown Agency"  # a warning
    found = require_valid(book(data), TODAY, "Build Agenda")
    # Only the rules that can stop an agenda run; the agency warning is Validate's to report.
    assert {p.rule for p in found} == {"list-value"}
    everything = require_valid(book(data), TODAY, "Build Agenda", rules=RULES)
    assert {p.rule for p in everything} == {"list-value", "unknown-agency"}


def test_the_stop_message_lists_a_few_cells_and_counts_the_rest():
    data = records()
    for meeting in range(8):
        data["Meetings"].append(
            {
                "Meeting Date": dt.date(2026, 3, 4),
                "Youth ID": f"Y-9{meeting:03d}",
                "Section": "New case",
            }
        )
    with pytest.raises(ProblemsFound) as caught:
        require_valid(book(data), TODAY, "Build Agenda")
    lines = caught.value.message.splitlines()
    assert len(caught.value.problems) == 8
    assert lines[0] == (
        "Build Agenda stopped: 8 errors in the workbook would make it wrong. "
        "Fix them, then try again."
    )
    assert len(lines) == 1 + 5 + 1 and "3 more" in lines[-1]


@pytest.mark.parametrize("seed", [7, 11])
def test_the_invented_demo_workbook_has_no_errors(seed):
    demo = pytest.importorskip("safetynet.demo")
    outcome = validate_entries(demo.generate(120, seed, TODAY), today=TODAY, checked_at=CHECKED)
    errors = [p for p in outcome.data["problems"] if p["severity"] == "error"]
    assert errors == []


def test_json_output_hides_youth_names_and_birth_dates_but_the_sheet_shows_them():
    data = records()
    data["Youths"][0]["Date of Birth"] = dt.date(2030, 2, 4)
    outcome = validate_entries(book(data), today=TODAY, checked_at=CHECKED)
    birth = next(p for p in outcome.data["problems"] if p["column"] == "Date of Birth")
    assert birth["value"] == "(value hidden)"
    assert "2030" not in json.dumps(outcome.data)
    sheet_values = [plain(cell) for row in outcome.sheets["Problems"] for cell in row]
    assert dt.date(2030, 2, 4) in sheet_values

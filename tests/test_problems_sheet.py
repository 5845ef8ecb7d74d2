"""The Problems sheet and the terminal listing of what Validate found."""

from __future__ import annotations

import datetime as dt

import pytest

from safetynet.core.problems_sheet import (
    HEADERS,
    cell_address,
    column_letter,
    count_sentence,
    format_problems,
    problems_grid,
)
from safetynet.grid import Cell, plain_grid
from safetynet.model import Problem, Severity

E, W = Severity.ERROR, Severity.WARNING
GENDER = Problem("Youths", 12, "Gender", "Femail", '"Femail" is not a choice.', E, "Choose.")
BIRTH = Problem("Youths", 4, "Date of Birth", dt.date(2010, 5, 6), "Birth after today.", E, "Fix.")
NAME = Problem("Youths", 5, "Last Name", "Okafor", "Merged.", E, "Unmerge.", "merged-cells")
WEEK = Problem("YWSP", 3, "Week 1", "P", '"P" is not a choice.', E, "Choose.")
MOU = Problem("Agencies", 7, "MOU Expires", dt.date(2026, 1, 2), "Expired.", W, "Renew.")
SETTING = Problem("Settings", None, "Max Youths Per Meeting", 0, "Too few.", W, "Type 15.")
CHECKED = dt.datetime(2026, 11, 25, 9, 5)


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (45, "AT")])
def test_column_letters(index, letters):
    assert column_letter(index) == letters


@pytest.mark.parametrize(
    ("problem", "address"),
    [
        (GENDER, "'Youths'!F12"),
        (WEEK, "'YWSP'!E3"),
        (MOU, "'Agencies'!G7"),
        (SETTING, "'Settings'!A1"),
        (Problem("Settings", 9, "Value", "x", "Not a number.", W), "'Settings'!B9"),
    ],
)
def test_each_problem_links_to_its_cell(problem, address):
    assert cell_address(problem) == address


def test_the_grid_has_a_title_a_summary_headers_and_one_linked_row_per_problem():
    grid = problems_grid([MOU, GENDER, SETTING, WEEK], CHECKED)
    values = plain_grid(grid)
    assert values[0] == ["Problems found by Validate Entries"]
    assert values[1][0].startswith("Checked 25 Nov 2026 09:05. Found 2 errors and 2 warnings.")
    assert values[2] == list(HEADERS)
    assert [row[:4] for row in values[3:]] == [
        ["Error", "Youths", 12, "Gender"],
        ["Error", "YWSP", 3, "Week 1"],
        ["Warning", "Agencies", 7, "MOU Expires"],
        ["Warning", "Settings", None, "Max Youths Per Meeting"],
    ]
    first = grid[3]
    assert isinstance(first[1], Cell) and first[1].link == "'Youths'!F12"
    assert first[2].link == "'Youths'!F12"
    assert first[0].style == "error" and grid[5][0].style == "warning"
    assert grid[5][4] == Cell(dt.date(2026, 1, 2), "date")


def test_an_empty_grid_says_nothing_was_found():
    values = plain_grid(problems_grid([], CHECKED))
    assert values[1] == ["Checked 25 Nov 2026 09:05. Found no problems."]
    assert len(values) == 3


def test_the_terminal_listing_groups_by_sheet_errors_first_and_hides_youth_details():
    text = format_problems([MOU, BIRTH, GENDER, NAME, WEEK])
    assert text.splitlines() == [
        "Errors (fix these first)",
        "  Youths",
        "    row 4, Date of Birth [(value hidden)]: Birth after today. Fix.",
        "    row 5, Last Name [(value hidden)]: Merged. Unmerge.",
        '    row 12, Gender [Femail]: "Femail" is not a choice. Choose.',
        "  YWSP",
        '    row 3, Week 1 [P]: "P" is not a choice. Choose.',
        "",
        "Warnings (worth checking)",
        "  Agencies",
        "    row 7, MOU Expires [1/2/2026]: Expired. Renew.",
        "",
        "Found 4 errors and 1 warning.",
    ]
    assert "Okafor" not in text and "2010" not in text


def test_a_youth_id_holding_a_name_is_hidden_on_the_terminal():
    leak = Problem("Youths", 2, "Youth ID", "OKAFOR1", "Name in ID.", E, "", "id-holds-name")
    assert "OKAFOR1" not in format_problems([leak])


@pytest.mark.parametrize(
    ("severities", "sentence"),
    [
        ([], "Found no problems."),
        ([E], "Found 1 error and 0 warnings."),
        ([E, E, E, W, W], "Found 3 errors and 2 warnings."),
        ([W], "Found 0 errors and 1 warning."),
    ],
)
def test_the_count_sentence(severities, sentence):
    problems = [Problem("Youths", 2, "Gender", None, "x", s) for s in severities]
    assert count_sentence(problems) == sentence

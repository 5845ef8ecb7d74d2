"""No youth's name or birth date in any message, whichever front end shows it (issue 17).

Staff type a youth's name where the Youth ID belongs: on Meetings, Referrals,
YWSP and the Agenda sheet (the workbook below), and in every kind of bad input
of the validation corpus (tests/helpers/bad_workbooks.py). Everything the
program then says is scanned: the command line's text and ``--json``, the
buttons' alerts, the Problems sheet Validate writes, the Log sheet, the error
log in the user's data folder and the names of the files written. The Problems
sheet's Value column is the one place a typed value is shown: it stays inside
the workbook, beside the cell it links to (``core/problems_sheet.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import hostile_books as hb
from helpers.bad_workbooks import CASES, Case, write_case

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # tests only: the remote engine

from safetynet import buttons, schema
from safetynet.cli import main
from safetynet.core.problems_sheet import HEADERS as PROBLEM_HEADERS
from safetynet.errorlog import log_file
from safetynet.schema import AGENDA_SHEET, LOG_SHEET, MEETINGS, REFERRALS, YOUTHS, YWSP
from safetynet.testing import remote_book
from safetynet.xlsx.read import load_workbook, read_sheet_grid

Y = YOUTHS.cols
COMMANDS = (  # Print Packet first: it reads the Agenda sheet that Build Agenda rewrites
    ("packet", "--no-pdf", "--json"),
    ("packet", "--no-pdf"),
    ("validate",),
    ("validate", "--json"),
    ("agenda", "--json"),
    ("agenda",),
    ("dashboard",),
    ("monthly", "--month", "2026-10", "--no-pdf"),
)
BUTTONS = ("print_packet", "validate_entries", "build_agenda", "refresh_dashboard")


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYNET_TODAY", hb.TODAY.isoformat())
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # where a remote book's documents go


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("names")
    return hb.small_workbook(folder / "SafetyNet.xlsm")


def secrets_of(path: Path) -> set[str]:
    """Every youth's first and last name, and birth date as a message would write it."""
    youths = load_workbook(path, (YOUTHS.name,), today=hb.TODAY)[YOUTHS.name]
    found = {str(v).strip() for h in (Y.first_name, Y.last_name) for v in youths[h].dropna()} - {""}
    for born in youths[Y.date_of_birth].dropna():
        day = born.date() if isinstance(born, dt.datetime) else born
        found |= {f"{day.month}/{day.day}/{day.year}", day.isoformat(), f"{day:%d %B %Y}"}
        found.add(f"{day.day} {day:%B %Y}")
    return found


def leaks(text: str, secrets: set[str]) -> list[str]:
    """The secrets found in ``text`` as whole words (so "Lee" is not found in "Leeway")."""
    return sorted(
        s for s in secrets if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text, re.I | re.U)
    )


def names_typed_into_ids(base: Path, target: Path) -> tuple[Path, list[str]]:
    """The demo workbook with youths' names typed into four Youth ID cells, and those names."""
    grid = read_sheet_grid(base, YOUTHS.name)
    first, last = grid[0].index(Y.first_name), grid[0].index(Y.last_name)
    people = [(row[first], row[last]) for row in grid[1:5]]
    agenda = read_sheet_grid(base, AGENDA_SHEET)
    header = next(r for r, row in enumerate(agenda) if Y.youth_id in row)
    agenda_ref = f"{_letter(agenda[header].index(Y.youth_id))}{header + 2}"
    typed = {
        MEETINGS.name: {"B2": f"{people[0][0]} {people[0][1]}"},
        REFERRALS.name: {"B3": people[1][0]},
        YWSP.name: {"B2": f"{people[2][1]}, {people[2][0]}"},
        AGENDA_SHEET: {agenda_ref: f"{people[3][0]} {people[3][1]}"},
    }
    for sheet in (MEETINGS.name, REFERRALS.name, YWSP.name):  # each in its Youth ID column
        assert all(ref.startswith(data_column(sheet)) for ref in typed[sheet])
    return hb.typed_at(base, target, typed), [t for c in typed.values() for t in c.values()]


def data_column(sheet: str) -> str:
    return _letter(schema.data_sheet(sheet).headers.index(Y.youth_id))


def _letter(index: int) -> str:
    from safetynet.grid import column_letter

    return column_letter(index)


def cli_messages(path: Path) -> list[str]:
    said = []
    for command in COMMANDS:
        result = CliRunner().invoke(main, [command[0], str(path), *command[1:]])
        assert result.exit_code in (0, 1, 2), (command, result.output, result.exception)
        if "--json" in command and result.output.lstrip().startswith("{"):
            json.loads(result.output)  # the machine's copy is whole JSON
        said.append(result.output)
    return said


def button_messages(path: Path) -> list[str]:
    """Each button's alert, and what it wrote on the Problems and Log sheets (not Value)."""
    said = []
    problems_at = list(schema.SHEET_ORDER).index(schema.PROBLEMS_SHEET)
    log_at = list(schema.SHEET_ORDER).index(LOG_SHEET)
    for button in BUTTONS:
        book = remote_book(path)
        getattr(buttons, button)(book)
        for action in book.json()["actions"]:
            if action["func"] == "alert":
                said.append(str(action["args"][0]))
            elif action["func"] == "setValues" and action["sheet_position"] == problems_at:
                said.extend(_problem_cells(action["values"]))
            elif action["func"] == "setValues" and action["sheet_position"] == log_at:
                said.extend(str(v) for row in action["values"] for v in row)
    return said


def _problem_cells(values: list[list[object]]) -> list[str]:
    value_column = PROBLEM_HEADERS.index("Value")
    below_headers = False
    cells = []
    for row in values:
        for c, value in enumerate(row):
            if not (below_headers and c == value_column):
                cells.append(str(value))
        below_headers = below_headers or list(row[: len(PROBLEM_HEADERS)]) == list(PROBLEM_HEADERS)
    return cells


def everything_else(folder: Path, workbook: Path) -> list[str]:
    """The Log sheet, the error log, and the name of every file the runs left."""
    log = read_sheet_grid(workbook, LOG_SHEET)
    found = [" | ".join(str(v) for v in row) for row in log]
    if log_file().exists():
        found.append(log_file().read_text(encoding="utf-8"))
    found += [str(p.relative_to(folder)) for p in folder.rglob("*")]
    return found


def test_names_typed_where_youth_ids_belong_reach_no_message(base, tmp_path):
    folder = tmp_path / "county"
    folder.mkdir()
    book, typed = names_typed_into_ids(base, folder / "SafetyNet.xlsm")
    secrets = secrets_of(base)
    assert all(leaks(name, secrets) for name in typed)  # the scan would see each one
    said = cli_messages(book) + button_messages(book) + everything_else(folder, book)
    assert [(leaks(t, secrets), t) for t in said if leaks(t, secrets)] == []
    assert any("hidden" in text for text in said)  # the names were met, and hidden


def test_a_name_on_the_agenda_sheet_only_reaches_no_message(base, tmp_path):
    """Valid data, so Build Agenda, Print Packet and the rest run and write their Log rows."""
    folder = tmp_path / "county"
    folder.mkdir()
    grid = read_sheet_grid(base, AGENDA_SHEET)
    header = next(r for r, row in enumerate(grid) if Y.youth_id in row)
    ref = f"{_letter(grid[header].index(Y.youth_id))}{header + 2}"
    name = str(grid[header + 1][grid[header].index("Name")])  # the youth's name beside it
    book = hb.typed_at(base, folder / "SafetyNet.xlsm", {AGENDA_SHEET: {ref: name}})
    secrets = secrets_of(base)
    said = cli_messages(book)
    assert "Youth ID (hidden: it does not look like a Youth ID and may be a name), not found" in (
        " ".join(said)
    )
    hb.copy(base, book)  # and a clean run of every writer, for the Log and the file names
    said += cli_messages(book) + button_messages(book) + everything_else(folder, book)
    assert len(read_sheet_grid(book, LOG_SHEET)) > len(read_sheet_grid(base, LOG_SHEET))
    assert [(leaks(t, secrets), t) for t in said if leaks(t, secrets)] == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_no_bad_input_of_the_corpus_puts_a_name_in_a_message(case: Case, tmp_path):
    """Validate's messages as JSON and by the button (its text is format_problems, scanned by
    test_validate_corpus), and Build Agenda's refusal, which quotes the first errors."""
    path = write_case(case, tmp_path)
    secrets = secrets_of(path)
    said = []
    for command in (("validate", "--json"), ("agenda",)):
        result = CliRunner().invoke(main, [command[0], str(path), *command[1:]])
        assert result.exit_code in (0, 1, 2), (command, result.output, result.exception)
        said.append(result.output)
    book = remote_book(path)
    buttons.validate_entries(book)
    for action in book.json()["actions"]:
        if action["func"] == "alert":
            said.append(str(action["args"][0]))
        elif action["func"] == "setValues":
            said.extend(_problem_cells(action["values"]))
    if log_file().exists():
        said.append(log_file().read_text(encoding="utf-8"))
    assert [(leaks(t, secrets), t) for t in said if leaks(t, secrets)] == []

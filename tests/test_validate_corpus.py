"""The corpus of bad inputs: each kind in its own small workbook file, read, inspected, validated.

Each must be reported at the right sheet, row and column, without a
traceback, leaving the file byte-for-byte as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from helpers.bad_workbooks import CASES, Case, write_case, write_workbook
from helpers.sample import TODAY, records

from safetynet.core.problems_sheet import format_problems
from safetynet.model import Problem, Severity, UnreadableWorkbook, Workbook
from safetynet.operations import Outcome
from safetynet.operations.validate import validate_entries
from safetynet.xlsx.inspect import inspect_workbook
from safetynet.xlsx.read import load_workbook


def check_file(path: Path, today: dt.date = TODAY) -> tuple[Workbook, Outcome]:
    """What `safetynet validate PATH` does: read, scan the file, validate."""
    book = load_workbook(path, today=today)
    book = book.replace(problems=(*book.problems, *inspect_workbook(path)))
    return book, validate_entries(book, today=today)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_corpus_covers_at_least_25_kinds_of_bad_input():
    assert len({case.name for case in CASES}) >= 25


def test_the_clean_file_has_no_problems(tmp_path):
    path = write_workbook(tmp_path / "clean.xlsx", records())
    _, outcome = check_file(path)
    assert outcome.data["problems"] == []
    assert outcome.exit_code == 0
    assert outcome.message == "Found no problems."


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_bad_input_is_named_at_its_cell(case: Case, tmp_path):
    path = write_case(case, tmp_path)
    before = digest(path)
    _, outcome = check_file(path)
    assert digest(path) == before, "validation must never change the file"
    found = [(p["sheet"], p["row"], p["column"], p["rule"]) for p in outcome.data["problems"]]
    assert (case.sheet, case.row, case.column, case.rule) in found, found


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_no_youth_name_or_birth_date_reaches_the_terminal(case: Case, tmp_path):
    path = write_case(case, tmp_path)
    book, outcome = check_file(path)
    youths = book.frames["Youths"]
    secrets = {
        str(v) for h in ("First Name", "Last Name") for v in youths[h].dropna() if len(str(v)) > 2
    }
    for born in youths["Date of Birth"].dropna():
        secrets |= {f"{born.month}/{born.day}/{born.year}", born.date().isoformat()}
    text = format_problems_of(outcome)
    messages = " ".join(p["message"] + " " + p["fix"] for p in outcome.data["problems"])
    for secret in secrets:
        assert secret.casefold() not in text.casefold()
        assert secret.casefold() not in messages.casefold()


def format_problems_of(outcome: Outcome) -> str:
    problems = [
        Problem(
            p["sheet"],
            p["row"],
            p["column"],
            p["value"],
            p["message"],
            Severity(p["severity"]),
            p["fix"],
            p["rule"],
        )
        for p in outcome.data["problems"]
    ]
    return format_problems(problems)


def test_error_cells_hidden_from_calamine_are_found_only_by_the_file_scan(tmp_path):
    case = next(c for c in CASES if c.rule == "excel-error")
    path = write_case(case, tmp_path)
    book = load_workbook(path, today=TODAY)
    assert not [p for p in book.problems if p.row == case.row and p.column == case.column]
    assert any(p.rule == "excel-error" for p in inspect_workbook(path))


# --- hard faults: the file cannot be read as a SafetyNet workbook -----------------------------


def one_plain_sentence_first(message: str) -> str:
    assert "Traceback" not in message and "\n" not in message
    assert "Error(" not in message and "Exception" not in message
    return message.split(". ")[0]


def test_a_renamed_header_names_the_sheet_and_the_header(tmp_path):
    from safetynet.schema import YOUTHS

    headers = YOUTHS.headers
    headers[headers.index("Referral Date")] = "Date Referred"
    path = write_workbook(tmp_path / "renamed.xlsx", records(), headers={"Youths": headers})
    with pytest.raises(UnreadableWorkbook) as caught:
        check_file(path)
    first = one_plain_sentence_first(caught.value.message)
    assert "Youths" in first and '"Referral Date"' in first


def test_a_deleted_header_names_the_sheet_and_the_header(tmp_path):
    from safetynet.schema import MEETINGS

    headers = [h for h in MEETINGS.headers if h != "Section"]
    path = write_workbook(tmp_path / "deleted.xlsx", records(), headers={"Meetings": headers})
    with pytest.raises(UnreadableWorkbook) as caught:
        check_file(path)
    first = one_plain_sentence_first(caught.value.message)
    assert "Meetings" in first and '"Section"' in first


def test_a_deleted_sheet_names_the_sheet(tmp_path):
    path = write_workbook(tmp_path / "no-ywsp.xlsx", records(), drop_sheets=("YWSP",))
    with pytest.raises(UnreadableWorkbook) as caught:
        check_file(path)
    assert '"YWSP"' in one_plain_sentence_first(caught.value.message)


def test_a_file_that_is_not_a_workbook_says_so(tmp_path):
    path = tmp_path / "SafetyNet.xlsm"
    path.write_text("Youth ID,First Name\nY-0001,x\n")
    with pytest.raises(UnreadableWorkbook) as caught:
        check_file(path)
    assert "not an Excel workbook" in one_plain_sentence_first(caught.value.message)


def test_a_password_protected_workbook_says_so(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain_file = write_workbook(tmp_path / "plain.xlsx", records())
    locked = tmp_path / "locked.xlsm"
    with open(plain_file, "rb") as source, open(locked, "wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    with pytest.raises(UnreadableWorkbook) as caught:
        check_file(locked)
    assert "password" in one_plain_sentence_first(caught.value.message)
    with pytest.raises(UnreadableWorkbook):
        inspect_workbook(locked)


def test_an_empty_youths_table_is_a_warning_not_a_crash(tmp_path):
    data = {name: [] for name in records()}
    path = write_workbook(tmp_path / "empty.xlsx", data)
    _, outcome = check_file(path)
    assert outcome.exit_code == 0
    assert [p["rule"] for p in outcome.data["problems"]] == ["empty-table"]


def test_fifty_thousand_meeting_rows_are_checked_quickly(tmp_path):

    data = records()
    data["Meetings"] = [
        {
            "Meeting Date": dt.date(2020, 1, 1) + dt.timedelta(days=7 * (n % 300)),
            "Youth ID": f"Y-{1 + n % 3:04d}",
            "Section": "In custody",
        }
        for n in range(50_000)
    ]
    data["Meetings"][49_999]["Youth ID"] = "Y-4242"
    path = write_workbook(tmp_path / "big.xlsx", data)
    _, outcome = check_file(path)
    dangling = [p for p in outcome.data["problems"] if p["rule"] == "unknown-youth"]
    assert [(p["row"], p["column"]) for p in dangling] == [(50_001, "Youth ID")]


def test_non_latin_names_are_read_and_validated(tmp_path):
    data = records()
    data["Youths"][0].update({"First Name": "小龙", "Last Name": "李"})
    data["Youths"][1].update({"First Name": "فاطمة", "Last Name": "الزهراء"})
    data["Youths"][2].update({"First Name": "Zoë 👩", "Last Name": "Ngọc"})
    path = write_workbook(tmp_path / "names.xlsx", data)
    book, outcome = check_file(path)
    assert outcome.data["problems"] == []
    assert book.frames["Youths"]["Last Name"].tolist() == ["李", "الزهراء", "Ngọc"]


def test_a_built_demo_workbook_validates_without_errors_and_unchanged(tmp_path):
    build = pytest.importorskip("safetynet.build.workbook")
    demo = pytest.importorskip("safetynet.demo")
    path = build.build_workbook(tmp_path / "SafetyNet.xlsm", demo.generate(120, 7, TODAY))
    before = digest(path)
    _, outcome = check_file(path)
    assert [p for p in outcome.data["problems"] if p["severity"] == "error"] == []
    assert digest(path) == before

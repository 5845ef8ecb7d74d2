"""The command line: exact messages and exit statuses, as a user sees them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.operations import with_function

from safetynet.build.workbook import build_workbook
from safetynet.cli import main
from safetynet.demo import generate
from safetynet.xlsx.read import load_workbook

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYNET_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "SafetyNet.xlsm"
    return build_workbook(path, generate(youths=80, seed=3, today=TODAY))


@pytest.fixture
def workbook(demo_file, tmp_path) -> Path:
    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(demo_file, copy)
    return copy


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_missing_file_is_exit_2_with_a_sentence(tmp_path):
    result = run("validate", tmp_path / "nowhere.xlsm")
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"There is no file at {tmp_path / 'nowhere.xlsm'}. Check the name and the folder."
    )


def test_a_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "notes.xlsm"
    path.write_text("just text")
    result = run("agenda", path)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "notes.xlsm is not an Excel workbook (.xlsm or .xlsx). Name the SafetyNet workbook."
    )


def test_a_compound_file_that_is_no_encrypted_workbook(tmp_path):
    path = tmp_path / "locked.xlsm"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = run("validate", path)
    assert result.exit_code == 2
    assert result.output.startswith("locked.xlsm is damaged or cut short")
    assert "Traceback" not in result.output


def test_a_wrong_date_is_a_usage_error(workbook):
    result = run("agenda", workbook, "--date", "2/12/2026")
    assert result.exit_code == 2
    assert "'2/12/2026' is not a date like 2026-12-02." in result.output


def test_validate_never_writes_and_exits_0_on_warnings_only(workbook):
    before = _digest(workbook)
    result = run("validate", workbook)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    assert _digest(workbook) == before


def test_validate_json(workbook):
    result = run("validate", workbook, "--json")
    data = json.loads(result.output)
    assert data["errors"] == 0
    assert all({"sheet", "row", "column", "message"} <= set(p) for p in data["problems"])


def test_agenda_json_shape_and_the_sheet_it_writes(workbook):
    result = run("agenda", workbook, "--date", "2026-12-02", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["meeting_date"] == "2026-12-02"
    assert 1 <= len(data["agenda"]) <= 15
    first = data["agenda"][0]
    assert {"youth_id", "section", "reasons"} <= set(first)
    assert all(isinstance(r, str) for r in first["reasons"])
    assert isinstance(data["waiting"], list)
    from safetynet.xlsx.read import read_sheet_grid

    grid = read_sheet_grid(workbook, "Agenda")
    written = {str(v) for row in grid for v in row}
    assert {item["youth_id"] for item in data["agenda"]} <= written
    log = read_sheet_grid(workbook, "Log")
    assert log[-1][2] == "Build Agenda"
    assert first["youth_id"] in log[-1][3]


def test_agenda_refuses_when_a_meeting_names_no_youth(tmp_path):
    book = generate(youths=30, seed=3, today=TODAY)
    meetings = book.frames["Meetings"]
    meetings.loc[meetings.index[0], "Youth ID"] = "Y-9999"
    path = build_workbook(tmp_path / "SafetyNet.xlsm", book)
    before = _digest(path)
    result = run("agenda", path)
    assert result.exit_code == 1
    assert "Y-9999" in result.output
    assert "Meetings, row 2, column Youth ID" in result.output
    assert _digest(path) == before


def test_refuses_while_excel_holds_the_file(workbook):
    lock = workbook.parent / ("~$" + workbook.name)
    lock.write_bytes(b"owner")
    before = _digest(workbook)
    result = run("agenda", workbook)
    assert result.exit_code == 1
    assert f'"{lock.name}"' in result.output
    assert _digest(workbook) == before


def test_packet_twice_adds_each_meeting_row_once(workbook, tmp_path):
    assert run("agenda", workbook, "--date", "2026-12-02").exit_code == 0
    out = tmp_path / "out"
    first = run("packet", workbook, "--out", out, "--no-pdf")
    assert first.exit_code == 0, first.output
    rows_after_first = len(
        load_workbook(workbook, ["Meetings"], today=dt.date(2026, 12, 1)).frames["Meetings"]
    )
    second = run("packet", workbook, "--out", out, "--no-pdf")
    assert second.exit_code == 0, second.output
    meetings = load_workbook(workbook, ["Meetings"], today=dt.date(2026, 12, 1)).frames["Meetings"]
    assert len(meetings) == rows_after_first
    on_the_day = meetings[meetings["Meeting Date"] == "2026-12-02"]
    assert on_the_day["Youth ID"].is_unique
    assert (out / "SafetyNet packet 2026-12-02.docx").exists()


def test_dashboard_and_monthly(workbook, tmp_path):
    assert run("dashboard", workbook).exit_code == 0
    result = run("monthly", workbook, "--month", "2026-10", "--out", tmp_path, "--no-pdf")
    assert result.exit_code == 0, result.output
    assert list(tmp_path.glob("*2026-10*.docx"))


def test_init_refuses_to_overwrite(tmp_path):
    path = tmp_path / "SafetyNet.xlsm"
    assert run("init", path).exit_code == 0
    again = run("init", path)
    assert again.exit_code == 1
    assert again.output.strip() == (
        f"{path} already exists. Nothing was changed. To replace it with an empty workbook, "
        f"add --force (a backup of the old one is kept)."
    )


def test_an_unexpected_failure_names_the_log_and_shows_no_traceback(
    workbook, monkeypatch, tmp_path
):
    from safetynet.operations import catalog

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(
        catalog, "OPERATIONS", with_function(catalog.OPERATIONS, "refresh_dashboard", broken)
    )
    result = run("dashboard", workbook)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    log = tmp_path / "logs" / "safetynet-errors.log"
    assert str(log) in result.output
    assert "RuntimeError: boom" in log.read_text()


def test_an_unexpected_failure_after_the_save_says_the_workbook_was_saved(
    workbook, monkeypatch, tmp_path
):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("safetynet.command_edge.report", broken)  # after the agenda is saved
    result = run("agenda", workbook)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Something went wrong that the program did not expect, and it stopped. SafetyNet.xlsm "
        "was saved before that; the copy from before is in the backups folder beside it. The "
        f"details are in {tmp_path / 'logs' / 'safetynet-errors.log'}; please send that file "
        "to whoever supports your SafetyNet Workbook."
    )
    assert agenda_ids(workbook)  # the agenda is on its sheet, as saved
    assert list((tmp_path / "SafetyNet backups").iterdir())


def agenda_ids(path: Path) -> list[str]:
    from safetynet.xlsx.read import read_sheet_grid

    return [str(v) for r in read_sheet_grid(path, "Agenda") for v in r if str(v).startswith("Y-")]


def _command(*args: object, stdout: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "safetynet.cli", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, "SAFETYNET_TODAY": TODAY.isoformat()},
    )


def _into_a_closed_pipe(*args: object) -> tuple[int, str]:
    """Run the command with its output piped to a reader that has already gone
    (``| head -0``): every write of its output meets a closed pipe. (exit status, stderr)"""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        command = _command(*args, stdout=write_end)
    finally:
        os.close(write_end)
    errors = command.stderr.read().decode()
    return command.wait(timeout=120), errors


def test_a_reader_gone_before_the_output_ends_validate_quietly(workbook, tmp_path):
    code, errors = _into_a_closed_pipe("validate", workbook)
    assert (code, errors) == (1, "")  # no "stopped without changing", no traceback
    assert not (tmp_path / "logs").exists()


def test_a_reader_gone_keeps_the_save_and_nothing_claims_otherwise(workbook, tmp_path):
    """agenda X | head -0: the agenda is saved, then its report meets the closed pipe."""
    before = _digest(workbook)
    code, errors = _into_a_closed_pipe("agenda", workbook)
    assert (code, errors) == (1, "")
    assert _digest(workbook) != before
    assert agenda_ids(workbook)
    assert len(list((tmp_path / "SafetyNet backups").iterdir())) == 1


def test_a_reader_that_takes_one_line_and_closes_ends_validate_quietly(tmp_path, monkeypatch):
    """validate X | head -1, with far more problems than a pipe holds, so the command is
    still writing when the reader closes its end."""
    from helpers.sample import book, records, youth

    from safetynet.schema import YOUTHS

    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))
    data = records()
    data[YOUTHS.name] = [youth(n, **{YOUTHS.cols.gender: "F?"}) for n in range(1, 601)]
    path = build_workbook(tmp_path / "SafetyNet.xlsm", book(data))
    command = _command("validate", path, stdout=subprocess.PIPE)
    assert command.stdout.readline() == b"Errors (fix these first)\n"
    command.stdout.close()
    errors = command.stderr.read().decode()
    assert command.wait(timeout=120) == 1  # problems found, or the output cut short
    assert errors == ""  # nor "Exception ignored ... BrokenPipeError" at the exit
    assert not (tmp_path / "logs").exists()


def test_email_without_a_keyboard_or_keyring_explains(workbook, monkeypatch):
    monkeypatch.setattr("safetynet.documents.mail.password_from_keyring", lambda *a, **k: None)
    assert run("agenda", workbook).exit_code == 0
    assert run("packet", workbook, "--no-pdf").exit_code == 0
    result = run("email", workbook)
    assert result.exit_code == 1
    assert "--packet-password-stdin" in result.output and "--remember" in result.output


def test_every_spec_command_exists():
    names = set(main.commands)
    assert {
        "init",
        "demo",
        "validate",
        "agenda",
        "packet",
        "dashboard",
        "monthly",
        "mou",
        "confidentiality",
        "email",
    } <= names

"""One operation, two front ends: the command line's adapter and the button's give one Outcome.

The button's adapter runs on xlwings' remote engine, fed the same workbook file
the way Excel's Office.js client would send it. For every operation in the
catalog the two Outcomes must agree: message, exit status, sheets, rows, file
names, youths, problems.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers.bad_workbooks import Formula, put_cell, write_workbook
from helpers.sample import records

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # tests only: the remote engine

from safetynet.adapters.file import FileAdapter
from safetynet.adapters.live import LiveAdapter
from safetynet.adapters.live_inspect import NOT_CHECKED
from safetynet.build.workbook import build_workbook
from safetynet.core.problems_sheet import count_sentence
from safetynet.demo import generate
from safetynet.grid import plain_grid
from safetynet.model import ProblemsFound
from safetynet.operations import Operation, Outcome
from safetynet.operations.catalog import OPERATIONS, by_command
from safetynet.run import run
from safetynet.schema import AGENCIES, MEMBERS, YOUTHS
from safetynet.testing import remote_book

TODAY = dt.date(2026, 11, 28)
PASSWORD = "a long packet password"


@pytest.fixture(autouse=True)
def quiet_home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A demo workbook whose Agenda sheet holds a built agenda (Print Packet reads it)."""
    path = tmp_path_factory.mktemp("parity") / "SafetyNet.xlsm"
    book = generate(youths=60, seed=5, today=TODAY)
    build_workbook(path, book)
    run(FileAdapter(path), by_command("agenda"), TODAY)
    return path


def options_for(operation: Operation, demo: Path) -> dict[str, Any]:
    from safetynet.xlsx.read import load_workbook

    if operation.command in ("mou", "confidentiality"):
        frames = load_workbook(demo, [AGENCIES.name, MEMBERS.name], today=TODAY).frames
        if operation.command == "mou":
            return {"pdf": False, "agency": str(frames[AGENCIES.name][AGENCIES.cols.agency][2])}
        return {"pdf": False, "member": str(frames[MEMBERS.name][MEMBERS.cols.name][2])}
    if operation.command == "email":
        return {"packet_path": None, "password": PASSWORD}
    return {"pdf": False} if operation.documents else {}


def comparable(outcome: Outcome, out: Path) -> dict[str, Any]:
    """The Outcome with its output folder written as OUT, so two folders compare equal."""

    def tidy(value: Any) -> Any:
        if isinstance(value, (str, Path)):
            return str(value).replace(str(out), "OUT")
        if isinstance(value, dict):
            return {k: tidy(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [tidy(v) for v in value]
        return value

    fields = dataclasses.asdict(outcome)
    fields["sheets"] = {name: plain_grid(grid) for name, grid in outcome.sheets.items()}
    fields["files"] = [Path(f).name for f in outcome.files]
    return tidy(fields)


def both(operation: Operation, demo: Path, tmp_path: Path) -> tuple[dict, dict]:
    """Run ``operation`` on two copies of the demo: the file's adapter and the button's."""
    options = options_for(operation, demo)
    results = []
    for side in ("file", "live"):
        path = tmp_path / side / "SafetyNet.xlsm"
        path.parent.mkdir()
        shutil.copyfile(demo, path)
        out = tmp_path / side / "out"

        def adapter(path: Path = path, out: Path = out, side: str = side) -> Any:
            if side == "file":
                return FileAdapter(path, out=out)
            return LiveAdapter(remote_book(path), out=out)

        if operation.command == "email":  # the draft needs the packet it attaches
            run(adapter(), by_command("packet"), TODAY, pdf=False)
        results.append(comparable(run(adapter(), operation, TODAY, **options), out))
    return results[0], results[1]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.command)
def test_both_front_ends_give_one_outcome(operation, demo, tmp_path):
    on_file, on_button = both(operation, demo, tmp_path)
    if operation.checks:  # the remote engine sends values only, and the button says so
        assert on_button["message"] == f"{on_file['message']} {NOT_CHECKED}"
        on_button["message"] = on_file["message"]
    assert on_button == on_file


# --- a damaged table: what each engine can see ------------------------------------------------


class Unwritten:
    """An adapter that keeps its Outcome instead of writing it (the small file has no
    generated sheets to write into)."""

    def __init__(self, adapter: Any):
        self.adapter = adapter
        self.applied: Outcome | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.adapter, name)

    def apply(self, outcome: Outcome) -> None:
        self.applied = outcome


@pytest.fixture(scope="module")
def damaged(tmp_path_factory) -> Path:
    """A merged cell, a #N/A cell and a formula typed into data columns of Youths."""
    data = records()
    put_cell(YOUTHS.name, 0, YOUTHS.cols.next_court_date, Formula("=NA()", "#N/A"))(data)
    put_cell(YOUTHS.name, 1, YOUTHS.cols.zip, Formula("=94601+0", 94601))(data)
    path = tmp_path_factory.mktemp("damaged") / "Damaged.xlsx"
    return write_workbook(path, data, merges=((YOUTHS.name, "I4:J4"),))


def places(problems) -> set[tuple[str, int | None, str | None, str]]:
    return {(p.sheet, p.row, p.column, p.rule) for p in problems}


def test_validate_reports_what_each_engine_can_see(damaged):
    validate = by_command("validate")
    on_file = run(Unwritten(FileAdapter(damaged, writes=False)), validate, TODAY)
    on_button = run(Unwritten(LiveAdapter(remote_book(damaged))), validate, TODAY)
    seen_by_file = places(on_file.problems)
    assert {
        (YOUTHS.name, 2, YOUTHS.cols.next_court_date, "excel-error"),
        (YOUTHS.name, 3, YOUTHS.cols.zip, "formula"),
        (YOUTHS.name, 4, YOUTHS.cols.city, "merged-cells"),
    } <= seen_by_file
    values_only = {p for p in seen_by_file if p[3] not in ("formula", "merged-cells")}
    assert places(on_button.problems) == values_only
    assert on_button.message == f"{count_sentence(on_button.problems)} {NOT_CHECKED}"


def test_build_agenda_refuses_on_the_same_cells_in_both(damaged):
    agenda = by_command("agenda")
    refusals = []
    for adapter in (FileAdapter(damaged), LiveAdapter(remote_book(damaged))):
        with pytest.raises(ProblemsFound) as stopped:
            run(Unwritten(adapter), agenda, TODAY)
        refusals.append(stopped.value)
    assert places(refusals[0].problems) == places(refusals[1].problems)
    assert (YOUTHS.name, 2, YOUTHS.cols.next_court_date, "excel-error") in places(
        refusals[0].problems
    )
    assert refusals[0].message == refusals[1].message

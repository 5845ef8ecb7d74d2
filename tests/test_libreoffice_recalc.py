"""LibreOffice computes the workbook's own formulas and gets the program's answers.

Excel writes a calculated column's structured reference with its table name
(``Youths[[#This Row],[Date of Birth]]``); written without it, LibreOffice shows
``Err:507`` and a staff member on LibreOffice (or Excel Online importing the
file) sees errors where ages belong. Here LibreOffice recalculates the blank
workbook, the demo workbook and the demo workbook after rows were appended by
the program's own writer, and every Age, Sessions Attended and Completed cell
must equal what safetynet/computed.py works out, cell by cell.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from helpers.libreoffice import libreoffice_available
from helpers.libreoffice_calc import recalculated_tables

from safetynet.build.workbook import build_workbook
from safetynet.demo import generate
from safetynet.schema import YOUTHS, YWSP, YWSP_WEEKS
from safetynet.xlsx.read import load_workbook
from safetynet.xlsx.write import TableAppend, write_workbook

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not libreoffice_available(), reason="needs soffice and python3-uno"),
]

BUILT_ON = dt.date(2026, 11, 28)
WEEKS = [f"Week {n}" for n in range(1, YWSP_WEEKS + 1)]
COLUMNS = {
    YOUTHS.name: [YOUTHS.cols.youth_id, YOUTHS.cols.age],
    YWSP.name: [YWSP.cols.youth_id, YWSP.cols.sessions_attended, YWSP.cols.completed],
}


def _row(sheet, **values):
    by_header = {column.header: None for column in sheet.columns}
    by_header.update(values)
    return list(by_header.values())


def _appended_youths():
    """Birthdays on either side of today, a leap day, and a youth with no birth date."""
    births = [dt.date(2010, 1, 1), dt.date(2012, 2, 29), dt.date(2009, 12, 31), None]
    return [
        _row(
            YOUTHS,
            **{
                YOUTHS.cols.youth_id: f"Y-9{n:03d}",
                YOUTHS.cols.first_name: "Test",
                YOUTHS.cols.last_name: f"Added{n}",
                YOUTHS.cols.date_of_birth: birth,
                YOUTHS.cols.status: "Active",
            },
        )
        for n, birth in enumerate(births)
    ]


def _appended_ywsp():
    """Every week Present, none, exactly the threshold (9), one under it, and blanks."""
    patterns = [
        ["Present"] * 12,
        ["Absent"] * 12,
        ["Present"] * 9 + ["Absent", "Excused", None],
        ["Present"] * 8 + [None] * 4,
        [None] * 12,
    ]
    return [
        _row(
            YWSP,
            **{
                YWSP.cols.cohort: "2026 Test",
                YWSP.cols.youth_id: f"Y-9{n:03d}",
                YWSP.cols.start_date: dt.date(2026, 9, 5),
                **dict(zip(WEEKS, weeks, strict=True)),
            },
        )
        for n, weeks in enumerate(patterns)
    ]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("recalc")
    blank = build_workbook(folder / "blank.xlsm")
    demo = build_workbook(folder / "demo.xlsm", generate(youths=60, seed=11, today=BUILT_ON))
    appended = folder / "appended.xlsm"
    shutil.copyfile(demo, appended)
    write_workbook(
        appended,
        [],
        [
            TableAppend(YOUTHS.name, YOUTHS.table, _appended_youths()),
            TableAppend(YWSP.name, YWSP.table, _appended_ywsp()),
        ],
    )
    empty_appended = folder / "blank-appended.xlsm"
    shutil.copyfile(blank, empty_appended)
    write_workbook(
        empty_appended,
        [],
        [
            TableAppend(YOUTHS.name, YOUTHS.table, _appended_youths()[:1]),
            TableAppend(YWSP.name, YWSP.table, _appended_ywsp()[:1]),
        ],
    )
    return {"blank": blank, "demo": demo, "appended": appended, "blank-appended": empty_appended}


@pytest.fixture(scope="module")
def recalculated(workbooks):
    """One LibreOffice start for every workbook."""
    return recalculated_tables(workbooks.values(), COLUMNS)


def _expected(path: Path, today: dt.date) -> dict[str, list[dict]]:
    """The program's own values, as LibreOffice would show them (numbers, "Y"/"N", blanks)."""
    book = load_workbook(path, (YOUTHS.name, YWSP.name), today=today)
    youths, ywsp = book.frames[YOUTHS.name], book.frames[YWSP.name]
    ages = [
        {YOUTHS.cols.youth_id: key, YOUTHS.cols.age: None if pd.isna(age) else float(age)}
        for key, age in zip(
            youths[YOUTHS.cols.youth_id], youths[YOUTHS.cols.age].astype(object), strict=True
        )
    ]
    sessions = [
        {
            YWSP.cols.youth_id: key,
            YWSP.cols.sessions_attended: float(attended),
            YWSP.cols.completed: "Y" if done else "N",
        }
        for key, attended, done in zip(
            ywsp[YWSP.cols.youth_id],
            ywsp[YWSP.cols.sessions_attended],
            ywsp[YWSP.cols.completed],
            strict=True,
        )
    ]
    return {YOUTHS.name: ages, YWSP.name: sessions}


def _filled(rows: list[dict], key: str) -> list[dict]:
    """Rows LibreOffice returned for records (a blank table row has no key)."""
    return [
        {k: (None if v in ("", None) else v) for k, v in row.items()} for row in rows if row[key]
    ]


@pytest.mark.parametrize("name", ["blank", "demo", "appended", "blank-appended"])
def test_libreoffice_computes_every_computed_column_as_the_program_does(
    workbooks, recalculated, name
):
    path = workbooks[name]
    found = recalculated[str(path.resolve())]
    today = dt.date.fromisoformat(found["today"])
    expected = _expected(path, today)
    for sheet, key in ((YOUTHS.name, YOUTHS.cols.youth_id), (YWSP.name, YWSP.cols.youth_id)):
        got = _filled(found[sheet], key)
        want = _filled(expected[sheet], key)
        assert len(got) == len(want)
        for row_got, row_want in zip(got, want, strict=True):
            assert row_got == row_want


def test_the_appended_rows_are_computed_not_just_copied(workbooks, recalculated):
    """The appended rows hit each edge: a leap-day birth, the threshold, blanks."""
    found = recalculated[str(workbooks["appended"].resolve())]
    ywsp = {row[YWSP.cols.youth_id]: row for row in found[YWSP.name]}
    assert [ywsp[f"Y-9{n:03d}"][YWSP.cols.sessions_attended] for n in range(5)] == [
        12.0, 0.0, 9.0, 8.0, 0.0,
    ]  # fmt: skip
    assert [ywsp[f"Y-9{n:03d}"][YWSP.cols.completed] for n in range(5)] == [
        "Y", "N", "Y", "N", "N",
    ]  # fmt: skip
    youths = {row[YOUTHS.cols.youth_id]: row for row in found[YOUTHS.name]}
    assert youths["Y-9003"][YOUTHS.cols.age] in ("", None)  # no birth date, no age
    assert all(
        isinstance(youths[f"Y-9{n:03d}"][YOUTHS.cols.age], float) for n in range(3)
    )  # numbers, not Err:507

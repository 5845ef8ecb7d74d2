"""Reading: typed frames, staff's habits forgiven, hard faults as one sentence."""

from __future__ import annotations

import datetime as dt
import zipfile

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from safetynet import schema
from safetynet.build.workbook import build_workbook
from safetynet.demo import generate
from safetynet.model import UnreadableWorkbook
from safetynet.tables import empty_frame, frame_from_rows
from safetynet.xlsx.read import load_workbook

TODAY = dt.date(2026, 11, 28)
MEMBERS = schema.MEMBERS


def test_demo_workbook_reads_back_exactly_as_generated(tmp_path):
    book = generate(youths=60, seed=5, today=TODAY)
    path = build_workbook(tmp_path / "SafetyNet.xlsm", book)
    read = load_workbook(path, today=TODAY)
    for name, frame in book.frames.items():
        assert_frame_equal(read.frames[name], frame, check_exact=True)
        assert list(read.frames[name].dtypes) == list(empty_frame(schema.data_sheet(name)).dtypes)
    assert read.settings == book.settings
    assert read.problems == ()


def test_staff_habits_are_forgiven():
    header = ["  Name ", "agency", "Role", "Email", "Confidentiality  Signed", "Active", "My notes"]
    rows = [
        header,
        ["  Ana  Ruiz ", "Probation", None, None, "3/14/2026", " y ", "extra"],
        [None, None, None, None, None, None, None],
        ["Bo Lee", "DA", 42, "", 46000, "No", None],
        ["Cy Dee", "DA", None, None, dt.datetime(2026, 1, 2, 9, 30), True],
    ]
    frame, problems = frame_from_rows(MEMBERS, rows)
    assert problems == []
    assert list(frame.index) == [2, 4, 5]  # Excel rows, the blank row skipped
    assert list(frame.columns) == MEMBERS.headers  # the extra column dropped
    assert frame.loc[2, "Name"] == "Ana Ruiz"
    assert frame.loc[4, "Role"] == "42"
    assert frame.loc[2, "Confidentiality Signed"] == pd.Timestamp("2026-03-14")
    assert frame.loc[4, "Confidentiality Signed"] == pd.Timestamp("2025-12-09")
    assert frame.loc[5, "Confidentiality Signed"] == pd.Timestamp("2026-01-02")
    assert list(frame["Active"]) == [True, False, True]


def test_office_js_iso_dates_are_dates():
    rows = [MEMBERS.headers, ["A", "B", None, None, "2026-11-20T00:00:00.000Z", "Y"]]
    frame, _ = frame_from_rows(MEMBERS, rows)
    assert frame.iloc[0]["Confidentiality Signed"] == pd.Timestamp("2026-11-20")


def test_values_that_make_no_sense_become_problems_not_exceptions():
    rows = [
        MEMBERS.headers,
        ["A", "B", None, None, "next Tuesday", "maybe"],
        ["C", "D", None, None, "#N/A", "Y"],
    ]
    frame, problems = frame_from_rows(MEMBERS, rows)
    where = [(p.row, p.column) for p in problems]
    assert where == [(2, "Confidentiality Signed"), (2, "Active"), (3, "Confidentiality Signed")]
    assert pd.isna(frame.loc[2, "Active"])
    assert "Excel error #N/A" in problems[2].message


def test_a_renamed_header_is_one_sentence():
    rows = [["Name", "Agency", "Role", "E-mail", "Confidentiality Signed", "Active"]]
    with pytest.raises(UnreadableWorkbook) as caught:
        frame_from_rows(MEMBERS, rows)
    assert str(caught.value) == (
        'The Members sheet has no column headed "Email" in row 1. Put that header back exactly '
        "as it was (undo the rename or the deletion), then try again."
    )


def test_a_deleted_sheet_is_one_sentence(tmp_path):
    path = build_workbook(tmp_path / "SafetyNet.xlsm")
    broken = tmp_path / "Broken.xlsm"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'name="Referrals"', b'name="Referals"')
            target.writestr(item, data)
    with pytest.raises(UnreadableWorkbook) as caught:
        load_workbook(broken, today=TODAY)
    assert str(caught.value) == (
        'Broken.xlsm has no sheet named "Referrals". Undo the rename or deletion in Excel, '
        "or restore the newest copy from the backups folder beside it."
    )


def _raw_workbook(path, sheets: dict[str, list[list]]):
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    dates = workbook.add_format({"num_format": "d mmm yyyy"})
    for name, rows in sheets.items():
        worksheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    worksheet.write_datetime(r, c, value, dates)
                elif value is not None:
                    worksheet.write(r, c, value)
    workbook.close()
    return path


def test_rows_typed_with_gaps_and_extra_columns_in_a_real_file(tmp_path):
    path = _raw_workbook(
        tmp_path / "Typed.xlsx",
        {
            "Members": [
                [*MEMBERS.headers, "Phone (mine)"],
                [
                    "Ana Ruiz",
                    "Probation",
                    "Officer",
                    "a@example.org",
                    dt.date(2026, 1, 5),
                    "Y",
                    "x",
                ],
                [],
                [" Bo Lee", "DA", None, None, None, "n", None],
                ["Cy  Dee", "DA", 7, None, "2026-02-03", "Yes", None],
            ],
            "Settings": [["Setting", "Value"], ["Max Youths Per Meeting", "12"]],
            "Lists": [["Gender"], ["Female"], ["Girl"]],
        },
    )
    book = load_workbook(path, ["Members"], today=TODAY)
    frame = book.frames["Members"]
    assert list(frame.index) == [2, 4, 5]
    assert frame.loc[4, "Name"] == "Bo Lee"
    assert frame.loc[5, "Name"] == "Cy Dee"
    assert frame.loc[5, "Role"] == "7"
    assert frame.loc[2, "Confidentiality Signed"] == pd.Timestamp("2026-01-05")
    assert frame.loc[5, "Confidentiality Signed"] == pd.Timestamp("2026-02-03")
    assert list(frame["Active"]) == [True, False, True]
    assert book.settings["Max Youths Per Meeting"] == 12
    assert book.lists["Gender"] == ("Female", "Girl")

"""The file scan finds what calamine's values hide: formulas, Excel errors, merged cells."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers.bad_workbooks import Formula, write_workbook
from helpers.sample import TODAY, records

from safetynet.model import Severity
from safetynet.schema import YOUTHS
from safetynet.xlsx import inspect as inspect_module
from safetynet.xlsx.inspect import inspect_workbook, sheet_parts


def found(path, sheets=("Youths", "Referrals", "Meetings", "YWSP", "Agencies", "Members")):
    return {(p.sheet, p.row, p.column, p.rule, p.severity) for p in inspect_workbook(path, sheets)}


def test_a_clean_file_has_nothing_to_report(tmp_path):
    assert found(write_workbook(tmp_path / "clean.xlsx", records())) == set()


def test_formulas_in_computed_columns_are_expected_but_elsewhere_reported(tmp_path):
    data = records()
    data["Youths"][0]["Age"] = Formula('=DATEDIF(D2,TODAY(),"y")', 16)
    data["YWSP"][0]["Sessions Attended"] = Formula('=COUNTIF(E2:P2,"Present")', 12)
    data["Youths"][1]["City"] = Formula('="Oak"&"land"', "Oakland")
    path = write_workbook(tmp_path / "formulas.xlsx", data)
    assert found(path) == {("Youths", 3, "City", "formula", Severity.WARNING)}


def test_the_formula_text_is_shown_so_staff_recognise_it(tmp_path):
    data = records()
    data["Referrals"][1]["Referral Date"] = Formula("=DATE(2026,3,9)", 46090)
    (problem,) = inspect_workbook(write_workbook(tmp_path / "f.xlsx", data), ["Referrals"])
    assert problem.value == "=DATE(2026,3,9)"
    assert "=DATE(2026,3,9)" in problem.message


def test_error_values_are_errors_except_in_computed_columns(tmp_path):
    data = records()
    data["Youths"][0]["Age"] = Formula("=1/0", "#DIV/0!")
    data["Agencies"][2]["MOU Expires"] = Formula("=NA()", "#N/A")
    path = write_workbook(tmp_path / "errors.xlsx", data)
    assert found(path) == {("Agencies", 4, "MOU Expires", "excel-error", Severity.ERROR)}


def test_merged_cells_inside_the_table_but_not_beside_it(tmp_path):
    beyond = inspect_module.column_letter(len(YOUTHS.headers) + 1)
    merges = (("Youths", "D3:D4"), ("Youths", f"{beyond}2:{beyond}5"))
    path = write_workbook(tmp_path / "merged.xlsx", records(), merges=merges)
    (problem,) = inspect_workbook(path, ["Youths"])
    assert (problem.row, problem.column, problem.value) == (3, "Date of Birth", "D3:D4")
    assert "Unmerge" in problem.fix


def test_columns_are_named_from_the_files_own_header_row(tmp_path):
    headers = list(YOUTHS.headers)
    headers[1], headers[2] = headers[2], headers[1]  # staff swapped First and Last Name
    data = records()
    data["Youths"][0]["Last Name"] = Formula('=UPPER("x")', "X")
    path = write_workbook(tmp_path / "moved.xlsx", data, headers={"Youths": headers})
    (problem,) = inspect_workbook(path, ["Youths"])
    assert (problem.row, problem.column) == (2, "Last Name")


def test_the_header_row_the_reader_read_names_the_columns_as_the_file_does(tmp_path):
    """The adapters hand over row 1 as calamine read it; it must name columns as the XML does."""
    from safetynet.xlsx.read import read_rows

    headers = list(YOUTHS.headers)
    headers[1], headers[2] = headers[2], headers[1]
    data = records()
    data["Youths"][0]["Last Name"] = Formula('=UPPER("x")', "X")
    data["Youths"][1]["City"] = Formula('="Oak"&"land"', "Oakland")
    path = write_workbook(tmp_path / "moved.xlsx", data, headers={"Youths": headers})
    rows = read_rows(path, ["Youths"])
    from_rows = inspect_workbook(path, ["Youths"], header_rows={"Youths": rows["Youths"][0]})
    assert from_rows == inspect_workbook(path, ["Youths"])
    assert {(p.row, p.column) for p in from_rows} == {(2, "Last Name"), (3, "City")}


def test_findings_survive_chunk_boundaries(tmp_path, monkeypatch):
    data = records()
    data["Meetings"] = [
        {"Meeting Date": dt.date(2026, 3, 4), "Youth ID": "Y-0001", "Section": "In custody"}
        for _ in range(400)
    ]
    for index in (0, 137, 399):
        data["Meetings"][index]["Section"] = Formula("=#REF!", "#REF!")
    path = write_workbook(tmp_path / "long.xlsx", data)
    monkeypatch.setattr(inspect_module, "CHUNK", 97)
    rows = sorted(p.row for p in inspect_workbook(path, ["Meetings"]))
    assert rows == [2, 139, 401]


def test_sheets_are_found_through_the_workbook_relationships(tmp_path):
    import zipfile

    path = write_workbook(tmp_path / "parts.xlsx", records())
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive)
    assert parts["youths"] == "xl/worksheets/sheet1.xml"
    assert parts["lists"] == "xl/worksheets/sheet9.xml"  # after the seven data sheets, Settings


def test_a_built_workbook_with_table_formulas_is_clean(tmp_path):
    build = pytest.importorskip("safetynet.build.workbook")
    demo = pytest.importorskip("safetynet.demo")
    path = build.build_workbook(tmp_path / "SafetyNet.xlsm", demo.generate(40, 3, TODAY))
    assert inspect_workbook(path) == []


def test_a_damaged_sheet_inside_the_zip_is_a_plain_message(tmp_path):
    import zipfile

    from safetynet.model import UnreadableWorkbook

    good = write_workbook(tmp_path / "good.xlsx", records())
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
            else:
                target.writestr(item, data)
    raw = bytearray(damaged.read_bytes())
    with zipfile.ZipFile(damaged) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    raw[start + 10 : start + 40] = bytes(30)  # scramble the compressed Youths sheet
    damaged.write_bytes(bytes(raw))
    with pytest.raises(UnreadableWorkbook) as caught:
        inspect_workbook(damaged, ["Youths"])
    assert caught.value.message.startswith("damaged.xlsx is damaged")

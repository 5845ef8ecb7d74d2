"""Rows appended to a table get its formulas in the table-qualified form, even from old workbooks.

Workbooks built before the schema named the table in its formulas hold the
bare form (``[[#This Row],[Date of Birth]]``) in their table parts; rows the
program appends to them must still carry ``Youths[[#This Row],...]``, which
Excel writes and LibreOffice computes.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from helpers.libreoffice import libreoffice_available
from helpers.libreoffice_calc import recalculated_tables

from safetynet.build.workbook import build_workbook
from safetynet.schema import YOUTHS, YWSP
from safetynet.xlsx.tablepart import qualify
from safetynet.xlsx.write import TableAppend, write_workbook


def test_bare_structured_references_get_the_table_name():
    bare = (
        'IF([[#This Row],[Date of Birth]]="","",DATEDIF([[#This Row],[Date of Birth]],TODAY(),"y"))'
    )
    assert qualify(bare, "Youths") == (
        'IF(Youths[[#This Row],[Date of Birth]]="","",'
        'DATEDIF(Youths[[#This Row],[Date of Birth]],TODAY(),"y"))'
    )
    done = 'COUNTIF(YWSP[[#This Row],[Week 1]:[Week 12]],"Present")'
    assert qualify(done, "YWSP") == done  # already named: unchanged
    excel = r"\_Prime.1[[#This Row],[Number]]*\_Prime.1[[#This Row],[Number]]"
    assert qualify(excel, r"\_Prime.1") == excel


def _as_built_before(source: Path, target: Path) -> Path:
    """The workbook as the old build wrote it: table formulas without their table name."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.startswith(("xl/tables/", "xl/worksheets/sheet")):
                data = re.sub(rb"\b(?:Youths|YWSP)\[\[#This Row\]", b"[[#This Row]", data)
            new.writestr(info, data)
    return target


def _row(sheet, **values):
    by_header = {column.header: None for column in sheet.columns}
    by_header.update(values)
    return list(by_header.values())


@pytest.fixture
def old_workbook(tmp_path) -> Path:
    built = build_workbook(tmp_path / "new.xlsm")
    path = _as_built_before(built, tmp_path / "SafetyNet.xlsm")
    with zipfile.ZipFile(path) as archive:
        assert b"Youths[[#This Row]" not in b"".join(archive.read(n) for n in archive.namelist())
    import datetime as dt

    youth = _row(
        YOUTHS, **{YOUTHS.cols.youth_id: "Y-0001", YOUTHS.cols.date_of_birth: dt.date(2010, 1, 1)}
    )
    weeks = {f"Week {n}": "Present" for n in range(1, 13)}
    ywsp = _row(YWSP, **{YWSP.cols.cohort: "C", YWSP.cols.youth_id: "Y-0001", **weeks})
    write_workbook(
        path,
        [],
        [
            TableAppend(YOUTHS.name, YOUTHS.table, [youth]),
            TableAppend(YWSP.name, YWSP.table, [ywsp]),
        ],
    )
    return path


def test_the_appended_cells_name_their_table(old_workbook):
    with zipfile.ZipFile(old_workbook) as archive:
        names = archive.namelist()
        sheets = b"".join(archive.read(n) for n in names if n.startswith("xl/worksheets/sheet"))
    cells = re.findall(rb"<f>([^<]*)</f>", sheets)
    assert cells and all(b"Youths[[#This Row]" in f or b"YWSP[[#This Row]" in f for f in cells)


@pytest.mark.libreoffice
@pytest.mark.skipif(not libreoffice_available(), reason="needs soffice and python3-uno")
def test_libreoffice_computes_rows_appended_to_an_old_workbook(old_workbook, tmp_path):
    copy = tmp_path / "copy.xlsm"
    shutil.copyfile(old_workbook, copy)
    found = recalculated_tables(
        [copy],
        {
            YOUTHS.name: [YOUTHS.cols.youth_id, YOUTHS.cols.age],
            YWSP.name: [YWSP.cols.sessions_attended, YWSP.cols.completed],
        },
    )[str(copy.resolve())]
    assert isinstance(found[YOUTHS.name][0][YOUTHS.cols.age], float)  # not Err:507
    assert found[YWSP.name][0] == {YWSP.cols.sessions_attended: 12.0, YWSP.cols.completed: "Y"}

"""The sheets as staff see them: nothing cut off, nothing overlapping, marks lined up.

What was wrong, seen in LibreOffice renders of the demo workbook: the
xlwings.conf sheet showed the interpreter's path; wrapped Reasons on the Agenda
ran over the rows below; "Facilitator" and "Open Actions" were cut; on Monthly
"<11" and "*" sat left beside right-aligned numbers.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # tests only: the remote engine

from safetynet.build.generated_sheets import AGENDA_WIDTHS, MONTHLY_WIDTHS
from safetynet.build.workbook import build_workbook
from safetynet.core.agenda_sheet import HEADERS, HEADING_ROWS, MEETING_DATE_LABEL
from safetynet.demo import generate
from safetynet.grid import Cell
from safetynet.operations.agenda import build_agenda
from safetynet.operations.monthly import monthly_report
from safetynet.schema import CONF_SHEET
from safetynet.testing import remote_book
from safetynet.xlsx.package import find_sheet_part
from safetynet.xlsx.rowheight import LINE_POINTS, lines_needed
from safetynet.xlsx.write import SheetWrite, write_workbook

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    book = generate(youths=60, seed=4, today=TODAY)
    path = build_workbook(
        tmp_path_factory.mktemp("layout") / "SafetyNet.xlsm",
        book,
        interpreter=r"C:\Users\lead\AppData\Local\Programs\Python\Python312\python.exe",
    )
    return book, path


def _part(path: Path, sheet: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if n.endswith((".xml", ".rels"))}
    return parts[find_sheet_part(parts, sheet, path.name)]


def test_the_xlwings_conf_sheet_is_hidden_yet_xlwings_reads_it(demo):
    _, path = demo
    with zipfile.ZipFile(path) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode()
    tag = re.search(r'<sheet name="xlwings\.conf"[^>]*>', workbook_xml).group(0)
    assert 'state="hidden"' in tag
    # xlwings' own reader of the sheet (xlwings.utils.read_config_sheet, used by its
    # UDF and embedded-code paths) on the remote engine, as xlwings Server would run it;
    # xlwings.bas reads it with wb.Sheets("xlwings.conf"), which includes hidden sheets.
    import xlwings as xw

    config = xw.utils.read_config_sheet(remote_book(path))
    assert config["INTERPRETER_WIN"].endswith(r"Python312\python.exe")
    assert config["SHOW CONSOLE"] == "False"
    assert CONF_SHEET == "xlwings.conf"


def test_agenda_columns_hold_their_labels_and_headers():
    longest_label = max(len(label) for label, _ in (*HEADING_ROWS, (MEETING_DATE_LABEL, "")))
    assert AGENDA_WIDTHS[0] >= longest_label + 1  # "Facilitator", "Meeting date"
    for header, width in zip(HEADERS, AGENDA_WIDTHS, strict=True):
        assert width >= len(header) + 1 or header == "Age", header  # "Open Actions" whole


def test_lines_are_counted_as_excel_breaks_them():
    assert lines_needed("", 50) == 1
    assert lines_needed("Flagged to discuss", 50) == 1
    assert lines_needed("word " * 20, 10) == 10  # 11 characters a line: two words each
    assert lines_needed("one\ntwo\nthree", 50) == 3
    assert lines_needed("x" * 120, 50) == 3  # a word longer than the line breaks inside it


def test_agenda_rows_are_tall_enough_for_their_reasons(demo, tmp_path):
    book, path = demo
    copy = tmp_path / "SafetyNet.xlsm"
    copy.write_bytes(path.read_bytes())
    grid = build_agenda(book, today=TODAY).sheets["Agenda"]
    write_workbook(copy, [SheetWrite("Agenda", grid)], [])
    xml = _part(copy, "Agenda").decode()
    heights = {
        int(m.group(1)): float(m.group(2))
        for m in re.finditer(r'<row r="(\d+)" ht="([\d.]+)"', xml)
    }
    reasons_col = HEADERS.index("Reasons")
    tall = 0
    for number, row in enumerate(grid, start=1):
        if len(row) <= reasons_col or not isinstance(row[reasons_col], Cell):
            continue
        text = str(row[reasons_col].value or "")
        lines = lines_needed(text, AGENDA_WIDTHS[reasons_col])
        if lines > 1:
            tall += 1
            assert heights[number] == lines * LINE_POINTS
        else:
            assert number not in heights
    assert tall >= 3  # the demo's agenda has reasons that wrap


def test_monthly_marks_and_counts_are_aligned_alike(demo, tmp_path):
    book, _ = demo
    grid = monthly_report(book, today=TODAY, out_dir=tmp_path, pdf=False).sheets["Monthly"]
    header = next(
        n for n, row in enumerate(grid) if row and getattr(row[0], "value", "") == "Measure"
    )
    assert {cell.style for cell in grid[header][1:]} == {"count_header"}
    marks = [c for row in grid[header + 1 :] for c in row[1:] if isinstance(c, Cell)]
    assert {c.value for c in marks if isinstance(c.value, str)} <= {"<11", "*"}
    assert any(c.value == "<11" for c in marks)
    assert {c.style for c in marks} == {"count"}  # numbers and marks alike: right-aligned
    assert len(MONTHLY_WIDTHS) == len(grid[header])

"""Workbooks as Excel leaves them: every operation works, and what it does not own is untouched.

Two kinds of fixture: files Excel itself saved (tests/data/excel/, see the
README there), on which the writer replaces a sheet and appends to a table;
and a SafetyNet workbook rewritten the way Excel rewrites one on save
(helpers/excel_resave.py), on which the week's operations run one after the
other from the command line. After each step: 0 schema findings, every part
the step does not own byte for byte as before, and the same results as on
the workbook before Excel touched it. At the end LibreOffice (one start for
every file) and openpyxl open each result.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from helpers.excel_resave import RICH_NOTE, USER_COLUMN, USER_PARTS, USER_SHEET, excel_resave
from helpers.libreoffice import libreoffice_available
from helpers.libreoffice_calc import recalculated_tables
from helpers.ooxml_audit import schema_findings
from helpers.week import STEP_IDS, STEPS, run_step

from safetynet.build.workbook import build_workbook
from safetynet.demo import generate
from safetynet.model import SafetyNetError
from safetynet.schema import LOG_SHEET, MEETINGS, PROBLEMS_SHEET, YOUTHS
from safetynet.xlsx.package import find_sheet_part, find_table
from safetynet.xlsx.read import load_workbook, read_sheet_grid
from safetynet.xlsx.write import SheetWrite, TableAppend, write_workbook

TODAY = dt.date(2026, 11, 28)
EXCEL = Path(__file__).parent / "data" / "excel"
EXCEL_FILES = sorted(p.name for p in EXCEL.glob("*.xls[xm]"))
# table-sample.xlsx has one sheet, holding a Table with a total row: the writer
# refuses both to rewrite it and to append to it (see the test of that).
WRITABLE = [name for name in EXCEL_FILES if name != "table-sample.xlsx"]


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYNET_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def owned_parts(parts: dict[str, bytes], name: str, sheets: tuple[str, ...]) -> set[str]:
    """The sheet parts (and their tables) a step may change, plus the Log it appends to."""
    owned = set()
    for sheet in (*sheets, LOG_SHEET):
        part = find_sheet_part(parts, sheet, name)
        owned.add(part)
        rels = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
        if sheet in (MEETINGS.name, LOG_SHEET) and rels in parts:
            table = MEETINGS.table if sheet == MEETINGS.name else LOG_SHEET
            owned.add(find_table(parts, sheet, table, name).part)
    return owned


def shown(path: Path, sheet: str) -> list[list]:
    """A generated sheet's values as a reader sees them, trailing blanks trimmed.

    On Problems, a problem's row number is where its record now sits (the
    Meetings table was sorted), so problems compare by everything else, in order.
    """
    rows = [list(row) for row in read_sheet_grid(path, sheet)]
    for row in rows:
        while row and row[-1] in ("", None):
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    if sheet == PROBLEMS_SHEET:
        head, found = rows[:3], rows[3:]
        rows = head + sorted(row[:2] + row[3:] for row in found)
    return rows


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    """The week's steps run on the built workbook and on it as Excel saved it, side by side."""
    folder = tmp_path_factory.mktemp("excel-week")
    (folder / "plain").mkdir()
    plain = build_workbook(folder / "plain" / "SafetyNet.xlsm", _demo())
    resaved = excel_resave(plain, folder / "resaved.xlsm")
    resaved_path = folder / "excel" / "SafetyNet.xlsm"
    resaved_path.parent.mkdir()
    shutil.move(resaved, resaved_path)
    history = []
    import os

    os.environ["SAFETYNET_TODAY"] = TODAY.isoformat()
    for step, sheets in STEPS:
        before = entries(resaved_path)
        results = [
            run_step(p, step, folder / "out" / p.parent.name, TODAY) for p in (plain, resaved_path)
        ]
        history.append(
            {
                "step": step,
                "sheets": sheets,
                "before": before,
                "after": entries(resaved_path),
                "exit": [r.exit_code for r in results],
                "output": [r.output for r in results],
                "findings": schema_findings(resaved_path),
                "shown": [{s: shown(p, s) for s in sheets if s != MEETINGS.name}
                          for p in (plain, resaved_path)],
            }
        )  # fmt: skip
    return plain, resaved_path, history


def _demo():
    return generate(youths=60, seed=9, today=TODAY)


def test_the_resaved_workbook_is_what_excel_writes(week, tmp_path):
    plain, _, history = week
    first = history[0]["before"]
    assert "xl/calcChain.xml" in first and "xl/sharedStrings.xml" in first
    youths = first[find_sheet_part(first, YOUTHS.name, "x")]
    assert b'mc:Ignorable="x14ac xr xr2 xr3"' in youths and b"x14ac:dyDescent" in youths
    assert b"<extLst>" in youths and b"<extLst>" in first["xl/workbook.xml"]
    assert RICH_NOTE[0].encode() in first["xl/sharedStrings.xml"]
    meetings_table = first[find_table(first, MEETINGS.name, MEETINGS.table, "x").part]
    assert b"<filterColumn" in meetings_table and b"<sortState" in meetings_table
    assert schema_findings(plain) == []


@pytest.mark.parametrize("index", range(len(STEPS)), ids=STEP_IDS)
def test_each_step_succeeds_with_no_findings_and_the_same_results(week, index):
    step = week[2][index]
    assert step["exit"][0] == step["exit"][1] and step["exit"][1] in (0, 1), step["output"]
    assert step["findings"] == []
    plain_shown, excel_shown = step["shown"]
    assert excel_shown == plain_shown  # the same agenda, problems, counts


@pytest.mark.parametrize("index", range(len(STEPS)), ids=STEP_IDS)
def test_each_step_leaves_every_part_it_does_not_own_byte_identical(week, index):
    step = week[2][index]
    before, after = step["before"], step["after"]
    owned = owned_parts(before, "SafetyNet.xlsm", step["sheets"])
    changed = {name for name in before if before[name] != after.get(name)}
    assert changed <= owned, sorted(changed - owned)
    assert set(after) == set(before)  # nothing added, nothing dropped (calcChain kept)
    for part in (*USER_PARTS, "xl/vbaProject.bin", "xl/sharedStrings.xml", "xl/styles.xml"):
        assert after[part] == before[part], part
    assert (
        after[find_sheet_part(before, YOUTHS.name, "x")]
        == before[find_sheet_part(before, YOUTHS.name, "x")]
    )  # the user's column and the rich note


def test_the_packet_keeps_the_sort_and_filter_and_records_the_same_meetings(week):
    plain, resaved, history = week
    packet = next(h for h in history if h["step"][0] == "packet")
    table = find_table(packet["after"], MEETINGS.name, MEETINGS.table, "x").part
    xml = packet["after"][table].decode()
    assert "<filterColumn" in xml and "<sortState" in xml
    ours = load_workbook(resaved, (MEETINGS.name, YOUTHS.name), today=TODAY)
    theirs = load_workbook(plain, (MEETINGS.name, YOUTHS.name), today=TODAY)
    last = len(ours.frames[MEETINGS.name]) + 1
    assert f'ref="A1:M{last}"' in xml and f'<sortState ref="A2:M{last}"' in xml

    def rows(book):
        frame = book.frames[MEETINGS.name].astype(str)
        return sorted(map(tuple, frame.itertuples(index=False)))

    assert rows(ours) == rows(theirs)
    assert USER_COLUMN not in ours.frames[YOUTHS.name].columns  # read by header, ignored


@pytest.mark.parametrize("name", EXCEL_FILES)
def test_excel_files_are_schema_valid_as_excel_saved_them(name):
    assert schema_findings(EXCEL / name) == []  # no false alarms on Excel's own output


def _first_sheet(parts: dict[str, bytes]) -> str:
    return re.search(rb'<sheet name="([^"]+)"', parts["xl/workbook.xml"]).group(1).decode()


@pytest.fixture(scope="module")
def written_excel_files(tmp_path_factory):
    """Each Excel file with its first sheet replaced (and a row appended where a table allows)."""
    folder = tmp_path_factory.mktemp("excel-files")
    done = {}
    for name in WRITABLE:
        path = folder / name
        shutil.copyfile(EXCEL / name, path)
        before = entries(path)
        sheet = _first_sheet(before)
        if name == "StructuredReferences.xlsx":
            sheet = "Formulas"
            appends = [TableAppend("Table", "\\_Prime.1", [[None, "Seven", 7]])]
        else:
            appends = []
        grid = [["Written by SafetyNet"], ["Count", 3], ["When", dt.date(2026, 11, 28)]]
        write_workbook(path, [SheetWrite(sheet, grid)], appends)
        done[name] = (path, before, entries(path), sheet)
    return done


@pytest.mark.parametrize("name", WRITABLE)
def test_writing_into_an_excel_file_changes_only_what_it_owns(written_excel_files, name):
    path, before, after, sheet = written_excel_files[name]
    part = find_sheet_part(before, sheet, name)
    owned = {part}
    if name == "StructuredReferences.xlsx":
        owned |= {find_sheet_part(before, "Table", name), "xl/tables/table1.xml"}
    if b"<f>" in before[part] or b"<f " in before[part]:
        # A sheet holding formulas was replaced, so Excel's calcChain goes (Excel
        # rebuilds it) and workbook.xml asks for a full recalculation on opening.
        owned |= {"xl/calcChain.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
        owned |= {"xl/workbook.xml"}
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed <= owned, sorted(changed - owned)
    assert set(after) <= set(before)
    findings = schema_findings(path)
    if "xl/sharedStrings.xml" not in before:
        # 45431.xlsm has no shared-strings table at all, so the strings we write stay
        # inline; openxml-audit warns (severity WARNING, "Excel_InlineStrCells") that
        # Excel moves them into a new table on its next save. Not a schema error; a
        # SafetyNet workbook always has the table (the build writes its headers there).
        findings = [f for f in findings if "inline-string cell" not in f]
    assert findings == []
    import openpyxl

    book = openpyxl.load_workbook(path, keep_vba=name.endswith(".xlsm"))
    assert book[sheet]["A1"].value == "Written by SafetyNet"
    # The writer never changes styles.xml: where the file has a date format the date
    # shows as one, else it stays the serial number (Excel's 28 Nov 2026).
    assert book[sheet]["B3"].value in (dt.datetime(2026, 11, 28), 46354)
    assert book[sheet]["B2"].value == 3


def test_a_table_with_a_total_row_is_refused_and_the_file_kept(tmp_path):
    path = tmp_path / "table-sample.xlsx"
    shutil.copyfile(EXCEL / "table-sample.xlsx", path)
    digest = path.read_bytes()
    with pytest.raises(SafetyNetError, match="has a Total Row"):
        write_workbook(path, [], [TableAppend("Tabelle1", "Tabelle1", [["a", 1, 2, 3, 4]])])
    with pytest.raises(SafetyNetError, match="holds an Excel Table of records"):
        write_workbook(path, [SheetWrite("Tabelle1", [["gone"]])], [])
    assert path.read_bytes() == digest


@pytest.mark.libreoffice
@pytest.mark.skipif(not libreoffice_available(), reason="needs soffice and python3-uno")
def test_libreoffice_opens_every_result_and_computes_their_formulas(week, written_excel_files):
    _, resaved, _ = week
    structured = written_excel_files["StructuredReferences.xlsx"][0]
    others = [written_excel_files[n][0] for n in WRITABLE if n != "StructuredReferences.xlsx"]
    found = recalculated_tables(
        [resaved, structured, *others],
        {
            YOUTHS.name: [YOUTHS.cols.youth_id, YOUTHS.cols.age],
            "Table": ["calc=#*#", "Name", "Number"],
        },
    )  # one LibreOffice start; each file opened, or the call fails
    assert set(found) == {str(p.resolve()) for p in (resaved, structured, *others)}
    ours = found[str(resaved.resolve())]
    today = dt.date.fromisoformat(ours["today"])
    ages = load_workbook(resaved, (YOUTHS.name,), today=today).frames[YOUTHS.name]
    expected = dict(
        zip(ages[YOUTHS.cols.youth_id], ages[YOUTHS.cols.age].astype(float), strict=True)
    )
    computed = {
        r[YOUTHS.cols.youth_id]: r[YOUTHS.cols.age]
        for r in ours[YOUTHS.name]
        if r[YOUTHS.cols.youth_id]
    }
    assert computed == expected
    rows = found[str(structured.resolve())]["Table"]
    assert rows[-1]["Name"] == "Seven" and rows[-1]["Number"] == 7.0  # the appended row
    # LibreOffice 7.4 cannot resolve Excel's own "\_Prime.1[[#This Row],...]" (a table
    # name starting with a backslash): Err:507 on Excel's rows as on ours. What matters
    # is that the appended row carries Excel's formula, computed like Excel's rows.
    assert {row["calc=#*#"] for row in rows} == {rows[0]["calc=#*#"]}
    sheet_xml = entries(structured)[find_sheet_part(entries(structured), "Table", "x")].decode()
    formulas = re.findall(r"<f>([^<]*)</f>", sheet_xml)
    assert len(formulas) == 7 and len(set(formulas)) == 1
    import openpyxl

    book = openpyxl.load_workbook(resaved, keep_vba=True)
    assert USER_SHEET in book.sheetnames

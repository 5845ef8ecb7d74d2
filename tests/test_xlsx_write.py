"""Writing the workbook file: only owned parts change, readers agree, nothing is lost."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers.xlsx_fixture import NOTES_SHEET, build_workbook, entries, entry_order, raw_entries
from python_calamine import CalamineWorkbook

from safetynet.grid import Cell
from safetynet.model import SafetyNetError, UnreadableWorkbook, WorkbookLocked
from safetynet.xlsx.backup import list_backups
from safetynet.xlsx.sheetxml import RANK
from safetynet.xlsx.styles import date_xfs, find_style_indexes
from safetynet.xlsx.write import SheetWrite, TableAppend, backup_dir, write_workbook

YOUTHS = "Youths"
TABLE = "YouthsTable"
YOUTHS_PART = "xl/worksheets/sheet1.xml"
AGENDA_PART = "xl/worksheets/sheet2.xml"
TABLE_PART = "xl/tables/table1.xml"

AGENDA = [
    [Cell("Agenda for the meeting", "title")],
    [Cell("Youth ID", "header"), Cell("Date", "header"), Cell("Reasons", "header")],
    [
        Cell("Y-0002", link="'Youths'!A3"),
        dt.date(2025, 6, 12),
        "New case; court date within 14 days",
    ],
    ["Y-0003", dt.datetime(2025, 6, 12, 9, 30), Cell("Missing", "warning")],
    [None, 0.25, True],
]
NEW_ROWS = [
    ["Y-0004", "Dee", dt.date(2025, 5, 1), 2, "Y"],
    ["Y-0005", None, dt.date(2025, 5, 2), None, "N"],
]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build_workbook(tmp_path / "SafetyNet.xlsx")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def calamine_rows(path: Path, sheet: str) -> list[list]:
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return workbook.get_sheet_by_name(sheet).to_python()
    finally:
        workbook.close()


def write_both(path: Path) -> Path:
    return write_workbook(
        path,
        [SheetWrite("Agenda", AGENDA)],
        [TableAppend(YOUTHS, TABLE, NEW_ROWS)],
    )


@pytest.mark.parametrize(
    ("writes", "appends", "owned"),
    [
        ([SheetWrite("Agenda", AGENDA)], [], {AGENDA_PART}),
        ([], [TableAppend(YOUTHS, TABLE, NEW_ROWS)], {YOUTHS_PART, TABLE_PART}),
        (
            [SheetWrite("Agenda", AGENDA)],
            [TableAppend(YOUTHS, TABLE, NEW_ROWS)],
            {AGENDA_PART, YOUTHS_PART, TABLE_PART},
        ),
    ],
)
def test_every_part_not_owned_is_byte_identical_and_in_order(book, writes, appends, owned):
    before, order, methods = entries(book), entry_order(book), _methods(book)
    write_workbook(book, writes, appends)
    after = entries(book)
    assert entry_order(book) == order
    assert _methods(book) == methods
    assert {name for name in before if before[name] != after[name]} == owned
    assert entry_order(book)[0] == "[Content_Types].xml"


def test_parts_not_owned_keep_their_compressed_bytes_too(book):
    before = raw_entries(book)
    write_both(book)
    after = raw_entries(book)
    owned = {AGENDA_PART, YOUTHS_PART, TABLE_PART}
    assert all(after[name] == data for name, data in before.items() if name not in owned)


def test_without_raw_copy_every_entry_is_recompressed_identically(book, monkeypatch):
    from safetynet.xlsx import zipcopy

    monkeypatch.setattr(zipcopy, "_can_copy_raw", lambda out: False)
    before = entries(book)
    write_both(book)
    after = entries(book)
    owned = {AGENDA_PART, YOUTHS_PART, TABLE_PART}
    assert {name for name in before if before[name] != after[name]} == owned


def _methods(path: Path) -> list[int]:
    with zipfile.ZipFile(path) as archive:
        return [info.compress_type for info in archive.infolist()]


def test_buttons_chart_validation_and_frozen_pane_survive(book):
    write_both(book)
    names = entry_order(book)
    assert any(n.startswith("xl/charts/chart") for n in names)
    assert any(n.endswith(".vml") for n in names)
    youths = entries(book)[YOUTHS_PART]
    assert b'state="frozen"' in youths
    assert b"<dataValidations" in youths and b"<legacyDrawing" in youths
    assert b"<tableParts" in youths
    assert b"BuildAgenda" in b"".join(v for n, v in entries(book).items() if n.endswith(".vml"))


@pytest.mark.parametrize("part", [AGENDA_PART, YOUTHS_PART])
def test_worksheet_children_stay_in_the_order_excel_requires(book, part):
    write_both(book)
    root = ET.fromstring(entries(book)[part])
    ranks = [RANK[child.tag.rsplit("}", 1)[-1]] for child in root]
    assert ranks == sorted(ranks)


def test_calamine_reads_written_values_with_their_types(book):
    write_both(book)
    agenda = calamine_rows(book, "Agenda")
    assert agenda[0][0] == "Agenda for the meeting"
    assert agenda[2][:3] == ["Y-0002", dt.date(2025, 6, 12), "New case; court date within 14 days"]
    assert agenda[3][1] == dt.datetime(2025, 6, 12, 9, 30)
    assert agenda[4][:3] == ["", 0.25, True]
    assert len(agenda) == 5  # the stale third row of the old agenda is gone
    youths = calamine_rows(book, YOUTHS)
    assert youths[-2] == ["Y-0004", "Dee", dt.date(2025, 5, 1), 2.0, "Y"]
    assert youths[-1] == ["Y-0005", "", dt.date(2025, 5, 2), "", "N"]
    assert youths[1][0] == "Y-0001"


def test_openpyxl_reads_written_values(book):
    write_both(book)
    workbook = openpyxl.load_workbook(book, read_only=True)
    try:
        agenda = [list(r) for r in workbook["Agenda"].iter_rows(values_only=True)]
        youths = [list(r) for r in workbook[YOUTHS].iter_rows(values_only=True)]
    finally:
        workbook.close()
    assert agenda[2][:2] == ["Y-0002", dt.datetime(2025, 6, 12)]
    assert youths[-1] == ["Y-0005", None, dt.datetime(2025, 5, 2), None, "N"]


def test_append_grows_table_and_filter_refs_and_styles_dates(book):
    write_workbook(book, appends=[TableAppend(YOUTHS, TABLE, NEW_ROWS)])
    parts = entries(book)
    table = parts[TABLE_PART]
    assert b'ref="A1:E6"' in table and b'<autoFilter ref="A1:E6"/>' in table
    assert b'<dimension ref="A1:E6"/>' in parts[YOUTHS_PART]
    styles = parts["xl/styles.xml"]
    new_date = re.search(rb'<c r="C6" s="(\d+)"', parts[YOUTHS_PART])
    assert new_date and int(new_date.group(1)) in date_xfs(styles)


def test_append_twice_stacks_rows_in_order(book):
    write_workbook(book, appends=[TableAppend(YOUTHS, TABLE, NEW_ROWS[:1])])
    write_workbook(book, appends=[TableAppend(YOUTHS, TABLE, NEW_ROWS[1:])])
    assert [r[0] for r in calamine_rows(book, YOUTHS)[1:]] == [f"Y-000{i}" for i in range(1, 6)]
    assert b'ref="A1:E6"' in entries(book)[TABLE_PART]


def test_append_fills_the_empty_row_of_a_new_table(tmp_path):
    path = build_workbook(tmp_path / "Empty.xlsx", table_rows=[])
    write_workbook(path, appends=[TableAppend(YOUTHS, TABLE, NEW_ROWS)])
    rows = calamine_rows(path, YOUTHS)
    assert [r[0] for r in rows] == ["Youth ID", "Y-0004", "Y-0005"]
    assert b'ref="A1:E3"' in entries(path)[TABLE_PART]


def test_append_refuses_to_overwrite_data_under_the_table(tmp_path):
    path = tmp_path / "Under.xlsx"
    build_workbook(path)
    _patch(
        path, YOUTHS_PART, b"</sheetData>", b'<row r="5"><c r="B5"><v>7</v></c></row></sheetData>'
    )
    digest = sha(path)
    with pytest.raises(SafetyNetError, match="row 5") as error:
        write_workbook(path, appends=[TableAppend(YOUTHS, TABLE, NEW_ROWS)])
    assert error.value.exit_code == 1
    assert sha(path) == digest


def test_append_keeps_notes_beside_the_table_on_the_same_row(tmp_path):
    path = tmp_path / "Beside.xlsx"
    build_workbook(path)
    beside = b'<row r="5"><c r="G5" t="inlineStr"><is><t>note</t></is></c></row></sheetData>'
    _patch(path, YOUTHS_PART, b"</sheetData>", beside)
    write_workbook(path, appends=[TableAppend(YOUTHS, TABLE, NEW_ROWS)])
    rows = calamine_rows(path, YOUTHS)
    assert rows[4][0] == "Y-0004" and rows[4][6] == "note"


def _patch(path: Path, part: str, old: bytes, new: bytes) -> None:
    """Rewrite one entry of a test zip (test setup only)."""
    parts = entries(path)
    parts[part] = parts[part].replace(old, new, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_sheet_names_with_apostrophes_and_links_and_no_stale_merges(book):
    write_workbook(book, [SheetWrite(NOTES_SHEET, [["fresh"]]), SheetWrite("Agenda", AGENDA)])
    assert calamine_rows(book, NOTES_SHEET) == [["fresh"]]
    agenda = entries(book)[AGENDA_PART]
    assert b"mergeCell" not in agenda
    assert b'<hyperlink ref="A3" location="\'Youths\'!A3"/>' in agenda


def test_named_styles_are_applied_by_xf_index(book):
    write_workbook(book, [SheetWrite("Agenda", AGENDA)])
    indexes = find_style_indexes(entries(book)["xl/styles.xml"])
    agenda = entries(book)[AGENDA_PART]
    assert f'<c r="A1" s="{indexes["title"]}"'.encode() in agenda
    assert f'<c r="A3" s="{indexes["link"]}"'.encode() in agenda
    assert f'<c r="B3" s="{indexes["date"]}"'.encode() in agenda
    assert f'<c r="B4" s="{indexes["datetime"]}"'.encode() in agenda


@pytest.mark.parametrize(
    "lock_name", ["~$SafetyNet.xlsx", "~$fetyNet.xlsx", ".~lock.SafetyNet.xlsx#"]
)
def test_open_in_excel_writes_nothing_and_names_the_lock_file(book, lock_name):
    (book.parent / lock_name).write_bytes(b"owner")
    digest = sha(book)
    with pytest.raises(WorkbookLocked) as error:
        write_both(book)
    assert lock_name in error.value.message
    assert error.value.exit_code == 1
    assert sha(book) == digest
    assert not backup_dir(book).exists()


@pytest.mark.parametrize(
    ("writes", "appends", "words"),
    [
        ([SheetWrite("Agendas", [["x"]])], [], 'no sheet named "Agendas"'),
        ([], [TableAppend(YOUTHS, "Nope", [["x"]])], 'no Excel Table named "Nope"'),
        ([], [TableAppend("Agenda", TABLE, [["x"]])], 'no Excel Table named "YouthsTable"'),
    ],
)
def test_missing_sheet_or_table_is_a_plain_sentence_and_nothing_changes(
    book, writes, appends, words
):
    digest = sha(book)
    with pytest.raises(UnreadableWorkbook, match=re.escape(words)):
        write_workbook(book, writes, appends)
    assert sha(book) == digest
    assert not list(book.parent.glob(".*tmp*"))


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "SafetyNet.xlsm"
    path.write_text("not a zip")
    with pytest.raises(UnreadableWorkbook, match="not an Excel workbook"):
        write_workbook(path, [SheetWrite("Agenda", [["x"]])])
    assert path.read_text() == "not a zip"


def test_backups_hold_the_previous_file_and_are_pruned_to_the_newest(book):
    contents = []
    for n in range(5):
        contents.append(book.read_bytes())
        last = write_workbook(book, [SheetWrite("Agenda", [[f"version {n}"]])], backups=3)
    kept = list_backups(book)
    assert len(kept) == 3
    assert kept[-1] == last
    assert [p.read_bytes() for p in kept] == contents[-3:]
    assert all(p.name.startswith("SafetyNet 20") for p in kept)


def test_stale_temp_files_are_cleaned_whatever_their_process_id_says(book):
    """Copies are made only under the writer's lock: its holder knows every other is left
    over, even one named by a living process (a reused id, or another computer's)."""
    dead = book.parent / f".{book.name}.tmp-999999999"
    reused = book.parent / f".{book.name}.tmp-{os.getppid()}"
    dead.write_bytes(b"half")
    reused.write_bytes(b"half")
    write_workbook(book, [SheetWrite("Agenda", [["x"]])])
    assert not dead.exists() and not reused.exists()


def test_a_copy_another_writer_is_making_is_left_alone(book):
    """A reader's clean-up while a writer (here another thread) holds the lock removes nothing."""
    import threading

    from safetynet.xlsx.read import read_sheet_grid
    from safetynet.xlsx.writerlock import writer_lock

    making = book.parent / f".{book.name}.tmp-999999999"  # another computer's process id
    entered, leave = threading.Event(), threading.Event()

    def writer() -> None:
        with writer_lock(book):
            making.write_bytes(b"being written")
            entered.set()
            leave.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert entered.wait(10)
        read_sheet_grid(book, YOUTHS)  # the start of a run that does not write
        assert making.exists()
    finally:
        leave.set()
        thread.join()
    read_sheet_grid(book, YOUTHS)  # no writer at work now: the copy is a leftover
    assert not making.exists()


def test_replacing_formula_cells_drops_calc_chain_everywhere(tmp_path):
    path = build_workbook(tmp_path / "Calc.xlsx")
    parts = entries(path)
    parts["xl/calcChain.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="B2" i="2"/></calcChain>'
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/calcChain" Target="calcChain.xml"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.calcChain+xml"/></Types>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    write_workbook(path, [SheetWrite("Agenda", [["values only"]])])
    after = entries(path)
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in after["[Content_Types].xml"]
    ET.fromstring(after["xl/_rels/workbook.xml.rels"])
    ET.fromstring(after["[Content_Types].xml"])


def test_long_text_is_cut_to_excels_limit_with_a_note(book):
    write_workbook(book, [SheetWrite("Agenda", [["x" * 40000]])])
    text = calamine_rows(book, "Agenda")[0][0]
    assert len(text) == 32767 and text.endswith("32,767 characters]")


def test_appending_fifteen_rows_to_eight_thousand_grows_the_table(tmp_path):
    rows = [
        [f"Y-{i:05d}", "Name", dt.date(2020, 1, 1) + dt.timedelta(days=i % 900), i, "N"]
        for i in range(8000)
    ]
    path = build_workbook(tmp_path / "Big.xlsx", table_rows=rows)
    new = [[f"Z-{i}", "New", dt.date(2025, 1, 1), i, "Y"] for i in range(15)]

    write_workbook(path, appends=[TableAppend(YOUTHS, TABLE, new)])
    assert calamine_rows(path, YOUTHS)[-1][0] == "Z-14"
    assert b'ref="A1:E8016"' in entries(path)[TABLE_PART]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_written_workbooks(book, product_workbook, tmp_path):
    write_both(book)
    product = tmp_path / "Product.xlsm"
    shutil.copyfile(product_workbook, product)
    meeting = {"Meeting Date": dt.date(2025, 6, 12), "Youth ID": "Y-0001", "Discussed": "N"}
    appends = [TableAppend("Meetings", "Meetings", [_product_rows("Meetings", meeting)])]
    write_workbook(product, [SheetWrite("Agenda", AGENDA)], appends)
    out = tmp_path / "lo"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(book), str(product)],
        check=True, timeout=180, capture_output=True, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    converted = out / book.name
    agenda = calamine_rows(converted, "Agenda")
    assert agenda[2][:2] == ["Y-0002", dt.date(2025, 6, 12)]
    youths = calamine_rows(converted, YOUTHS)
    assert youths[-2] == ["Y-0004", "Dee", dt.date(2025, 5, 1), 2.0, "Y"]
    converted_product = out / "Product.xlsx"
    assert calamine_rows(converted_product, "Agenda")[0][0] == "Agenda for the meeting"
    meetings = calamine_rows(converted_product, "Meetings")
    assert meetings[1][:2] == [dt.date(2025, 6, 12), "Y-0001"]

    # A workbook another program saved (shared strings, its own styles.xml) takes
    # writes too, and every named style is found again in its styles.xml.
    assert None not in find_style_indexes(entries(converted)["xl/styles.xml"]).values()
    write_workbook(
        converted, [SheetWrite("Agenda", [["again"]])], [TableAppend(YOUTHS, TABLE, NEW_ROWS)]
    )
    assert calamine_rows(converted, "Agenda") == [["again"]]
    assert [r[0] for r in calamine_rows(converted, YOUTHS)][-4:] == ["Y-0004", "Y-0005"] * 2


def test_the_backup_folder_sits_beside_the_workbook(tmp_path):
    assert backup_dir(tmp_path / "SafetyNet.xlsm") == tmp_path / "SafetyNet backups"


def test_written_zip_passes_its_own_crc_check(book):
    write_both(book)
    with zipfile.ZipFile(io.BytesIO(book.read_bytes())) as archive:
        assert archive.testzip() is None


def _during_planning(monkeypatch, action):
    """Run ``action`` while the writer is between reading and replacing the file."""
    from safetynet.xlsx import write

    real = write.plan_changes

    def planning(*args, **kwargs):
        result = real(*args, **kwargs)
        action()
        return result

    monkeypatch.setattr(write, "plan_changes", planning)


def test_a_save_by_someone_else_meanwhile_is_not_overwritten(book, monkeypatch):
    theirs = book.read_bytes()

    def other_program_saves():
        time.sleep(0.01)
        book.write_bytes(theirs)
        os.utime(book, ns=(time.time_ns(), time.time_ns() + 10**9))

    _during_planning(monkeypatch, other_program_saves)
    with pytest.raises(SafetyNetError, match="changed by another program while this command ran"):
        write_both(book)
    assert book.read_bytes() == theirs
    assert not list(book.parent.glob(".*tmp*"))


def test_excel_opening_the_file_meanwhile_stops_the_write(book, monkeypatch):
    digest = sha(book)
    _during_planning(monkeypatch, lambda: (book.parent / "~$SafetyNet.xlsx").write_bytes(b"x"))
    with pytest.raises(WorkbookLocked):
        write_both(book)
    assert sha(book) == digest


def test_a_copy_that_fails_its_check_never_replaces_the_workbook(book, monkeypatch):
    from safetynet.xlsx import write

    def broken_copy(source, target, changed, removed):
        target.write_bytes(b"PK\x03\x04 not really a zip")

    monkeypatch.setattr(write, "copy_zip", broken_copy)
    digest = sha(book)
    with pytest.raises(UnreadableWorkbook, match="was not changed"):
        write_both(book)
    assert sha(book) == digest
    assert not list(book.parent.glob(".*tmp*"))


def test_a_damaged_part_is_a_plain_sentence_and_nothing_changes(tmp_path):
    path = build_workbook(tmp_path / "Damaged.xlsx")
    _patch(path, "xl/tables/table1.xml", b"<tableColumns", b"<tableColumns <<")
    digest = sha(path)
    with pytest.raises(UnreadableWorkbook, match="damaged"):
        write_workbook(path, appends=[TableAppend(YOUTHS, TABLE, NEW_ROWS)])
    assert sha(path) == digest


def test_a_full_disk_is_a_plain_sentence_and_nothing_changes(book, monkeypatch):
    from safetynet.xlsx import write

    def disk_full(_path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "make_backup", disk_full)
    digest = sha(book)
    with pytest.raises(SafetyNetError, match="No space left on device") as error:
        write_both(book)
    assert error.value.exit_code == 1
    assert sha(book) == digest
    assert not list(book.parent.glob(".*tmp*"))


@pytest.fixture(scope="module")
def product_workbook(tmp_path_factory) -> Path:
    """The real SafetyNet.xlsm as the builder makes it: empty tables, macros, buttons."""
    from safetynet.build.workbook import build_workbook as build_product

    return build_product(tmp_path_factory.mktemp("product") / "SafetyNet.xlsm")


def _product_rows(sheet: str, values: dict) -> list:
    from safetynet.schema import data_sheet

    return [values.get(header) for header in data_sheet(sheet).headers]


def test_the_product_workbook_takes_appended_rows_into_its_empty_tables(product_workbook, tmp_path):
    from safetynet.schema import data_sheet
    from safetynet.xlsx.read import load_workbook

    path = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(product_workbook, path)
    before = entries(path)
    youth = {"Youth ID": "Y-0001", "First Name": "Ava", "Date of Birth": dt.date(2009, 5, 1)}
    meeting = {"Meeting Date": dt.date(2025, 6, 12), "Youth ID": "Y-0001", "Discussed": "N"}
    write_workbook(
        path,
        [SheetWrite("Agenda", AGENDA)],
        [
            TableAppend("Youths", data_sheet("Youths").table, [_product_rows("Youths", youth)]),
            TableAppend(
                "Meetings", data_sheet("Meetings").table, [_product_rows("Meetings", meeting)] * 2
            ),
        ],
    )
    after = entries(path)
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    changed = {name for name in before if before[name] != after[name]}
    # Agenda, Youths and Meetings sheets, and the Meetings table, which grew by a row
    # (the Youths table already spans its blank row, now filled).
    assert changed == {
        "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
        "xl/worksheets/sheet5.xml", "xl/tables/table3.xml",
    }  # fmt: skip
    book = load_workbook(path, ["Youths", "Meetings"], today=dt.date(2025, 6, 1))
    youths, meetings = book.frames["Youths"], book.frames["Meetings"]
    assert list(youths.index) == [2]  # the builder's blank table row was filled, not skipped
    assert youths.loc[2, "Date of Birth"] == pd.Timestamp("2009-05-01")
    assert list(meetings.index) == [2, 3]
    assert meetings.loc[3, "Meeting Date"] == pd.Timestamp("2025-06-12")
    assert not book.problems


def test_a_sheet_of_typed_records_is_never_rewritten_whole(book):
    digest = sha(book)
    with pytest.raises(SafetyNetError, match="holds an Excel Table"):
        write_workbook(book, [SheetWrite(YOUTHS, [["oops"]])])
    assert sha(book) == digest


def test_a_number_in_a_date_column_is_not_shown_as_a_date(book):
    write_workbook(book, appends=[TableAppend(YOUTHS, TABLE, [["Y-0009", "Ivy", 42, 1, "N"]])])
    assert calamine_rows(book, YOUTHS)[-1][2] == 42.0
    assert b'<c r="C5"><v>42</v></c>' in entries(book)[YOUTHS_PART]


# --- Windows, by its code path: the platform is faked, the attribute calls recorded ---------


@pytest.fixture
def windows(monkeypatch):
    """backup.py as on Windows: hidden-attribute changes recorded as (file name, hidden)."""
    from safetynet.xlsx import backup

    changes: list[tuple[str, bool]] = []
    monkeypatch.setattr(backup, "WINDOWS", True)
    monkeypatch.setattr(backup, "_set_hidden", lambda path, on: changes.append((path.name, on)))
    return changes


def test_on_windows_copies_are_hidden_while_made_and_shown_before_they_take_a_place(book, windows):
    """A rename keeps Windows' attributes: a copy still hidden would hide the workbook."""
    backup = write_workbook(book, [SheetWrite("Agenda", [["x"]])])
    temp = f".{book.name}.tmp-{os.getpid()}"
    partial = f".{backup.name}.tmp-{os.getpid()}"
    assert [c for c in windows if c[0] == temp] == [(temp, True), (temp, False)]
    assert [c for c in windows if c[0] == partial] == [(partial, True), (partial, False)]
    assert (f".{book.name}.writer-lock", True) in windows
    assert not any(name in (book.name, backup.name) for name, _ in windows)


def test_on_windows_a_process_is_asked_for_by_handle_not_signalled(monkeypatch, windows):
    """os.kill(pid, 0) on Windows ends the process: the liveness check must not call it."""
    from safetynet.xlsx import backup

    asked = []
    monkeypatch.setattr(backup, "_windows_pid_alive", lambda pid: asked.append(pid) or False)
    monkeypatch.setattr(backup.os, "kill", lambda *a: pytest.fail("os.kill on Windows"))
    assert backup.pid_alive("4242") is False
    assert asked == [4242]

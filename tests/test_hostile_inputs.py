"""Inputs that once crashed the program or wrote where it should not: each a sentence now.

Fixtures are made from one small demo workbook by tests/helpers/hostile_books.py.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import hostile_books as hb

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # tests only: the remote engine

from safetynet.cli import main
from safetynet.schema import DATA_SHEETS
from safetynet.xlsx.backup import list_backups
from safetynet.xlsx.read import load_workbook, read_sheet_grid
from safetynet.xlsx.write import TableAppend, write_workbook

TABLES = [s.name for s in DATA_SHEETS] + ["Log"]


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYNET_TODAY", hb.TODAY.isoformat())
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    return hb.small_workbook(folder / "SafetyNet.xlsm")


@pytest.fixture
def book(base, tmp_path) -> Path:
    return hb.copy(base, tmp_path / "SafetyNet.xlsm")


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def output_files(book: Path) -> list[str]:
    folder = book.parent / "SafetyNet Output"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- far cells ----------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["XFD1048576", "AX1048576"])
def test_a_value_in_a_far_cell_is_refused_by_name(base, tmp_path, ref):
    far = hb.value_at(base, tmp_path / "SafetyNet.xlsm", "Youths", ref)
    before = far.read_bytes()
    result = run("agenda", far)
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"A value was typed at {ref} on the Youths sheet, far beyond where its records are. "
        f"Delete it (select the cell and press Delete; Ctrl+End finds it), then try again."
    )
    assert far.read_bytes() == before


def test_a_value_near_the_table_is_still_read(base, tmp_path):
    near = hb.value_at(base, tmp_path / "SafetyNet.xlsm", "Youths", "BZ900")
    assert len(load_workbook(near, ("Youths",), today=hb.TODAY)["Youths"]) == 30


def test_a_far_cell_on_the_agenda_sheet_is_refused_too(base, tmp_path):
    far = hb.value_at(base, tmp_path / "SafetyNet.xlsm", "Agenda", "XFD1048576")
    before = far.read_bytes()
    result = run("packet", far, "--no-pdf")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "A value was typed at XFD1048576 on the Agenda sheet, far beyond where its records "
        "are. Delete it (select the cell and press Delete; Ctrl+End finds it), then try again."
    )
    assert output_files(far) == []
    assert far.read_bytes() == before


# --- Total Rows ---------------------------------------------------------------------------


@pytest.mark.parametrize("sheet", TABLES)
def test_a_total_row_is_not_a_record(base, tmp_path, sheet):
    with_total = hb.total_row(base, tmp_path / "SafetyNet.xlsm", sheet)
    assert run("validate", with_total).output == run("validate", base).output
    if sheet != "Log":
        assert len(load_workbook(with_total, (sheet,), today=hb.TODAY)[sheet]) == len(
            load_workbook(base, (sheet,), today=hb.TODAY)[sheet]
        )
    if sheet == "Meetings":  # the case: the agenda refused a Total Row on Meetings
        assert run("agenda", with_total).exit_code == 0


@pytest.mark.parametrize("sheet", ["Log", "Meetings"])
def test_packet_with_a_total_row_writes_no_document_and_says_so(base, tmp_path, sheet):
    with_total = hb.total_row(base, tmp_path / "SafetyNet.xlsm", sheet)
    before = with_total.read_bytes()
    result = run("packet", with_total, "--no-pdf")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f'The table on the "{sheet}" sheet of SafetyNet.xlsm has a Total Row, so rows cannot be '
        f"added under it. Turn it off (click in the table, Table Design > Total Row) and try "
        f"again. SafetyNet packet 2026-12-02.docx was not written either, since the workbook "
        f"could not record it."
    )
    assert output_files(with_total) == []
    assert with_total.read_bytes() == before


def test_monthly_with_a_total_row_on_log_writes_no_report(base, tmp_path):
    with_total = hb.total_row(base, tmp_path / "SafetyNet.xlsm", "Log")
    result = run("monthly", with_total, "--month", "2026-10", "--no-pdf")
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        "SafetyNet funder report 2026-10.docx was not written either, since the workbook "
        "could not record it."
    )
    assert output_files(with_total) == []


def button(name: str, path: Path) -> tuple[list[str], list[dict]]:
    """The button run on xlwings' remote engine: its alerts, and what it wrote."""
    from safetynet import buttons
    from safetynet.testing import remote_book

    book = remote_book(path)
    getattr(buttons, name)(book)
    actions = book.json()["actions"]
    alerts = [a["args"][0] for a in actions if a["func"] == "alert"]
    return alerts, [a for a in actions if a["func"] != "alert"]


def test_the_buttons_read_a_total_row_as_no_record(base, tmp_path):
    with_total = hb.total_row(base, tmp_path / "SafetyNet.xlsm", "Meetings")
    assert button("validate_entries", with_total)[0] == button("validate_entries", base)[0]
    alerts, _ = button("build_agenda", with_total)
    assert alerts[0].startswith("Agenda for Wednesday 2 December 2026")


def test_a_button_adds_no_row_under_a_total_row_and_changes_nothing(base, tmp_path):
    with_total = hb.total_row(base, tmp_path / "SafetyNet.xlsm", "Log")
    alerts, wrote = button("build_agenda", with_total)
    assert alerts == [
        'The table on the "Log" sheet of SafetyNet.xlsm has a Total Row, so rows cannot be '
        "added under it. Turn it off (click in the table, Table Design > Total Row) and try "
        "again."
    ]
    assert wrote == []  # not even the Agenda sheet: the update is one, or none


# --- Excel's last row ---------------------------------------------------------------------


def test_rows_past_excel_last_row_are_refused(base, tmp_path):
    full = hb.table_to_last_row(base, tmp_path / "SafetyNet.xlsm")
    before = full.read_bytes()
    row = ["2026-12-02", "Y-0001"]
    with pytest.raises(Exception) as refused:
        write_workbook(full, appends=[TableAppend("Meetings", "Meetings", [row])])
    assert refused.value.message == (  # type: ignore[attr-defined]
        'The table on the "Meetings" sheet of SafetyNet.xlsm reaches row 1,048,576, so 1 more '
        "row would pass row 1,048,576, the last row Excel has; nothing was added and the "
        "workbook is unchanged. Move old rows into another workbook (keep a copy), or delete "
        "empty rows inside the table, then try again."
    )
    assert full.read_bytes() == before
    result = run("packet", full, "--no-pdf")  # the reader stops first, naming the cell
    assert result.exit_code == 1
    assert result.output.strip() == (
        "A value was typed at B1048576 on the Meetings sheet, far beyond where its records "
        "are. Delete it (select the cell and press Delete; Ctrl+End finds it), then try again."
    )
    assert full.read_bytes() == before
    assert output_files(full) == []


# --- point 7: a sentence naming what to change --------------------------------------------


def test_output_folder_naming_a_file(tmp_path):
    taken = tmp_path / "notes.txt"
    taken.write_text("not a folder")
    book = hb.small_workbook(tmp_path / "SafetyNet.xlsm", youths=12, **{"Output Folder": taken})
    before = book.read_bytes()
    result = run("packet", book, "--no-pdf")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"The output folder {taken} is a file, not a folder, so nothing was made. Change Output "
        f"Folder on the Settings sheet to a folder (or leave it blank for one beside the "
        f"workbook), then try again."
    )
    assert book.read_bytes() == before  # the meeting is not recorded without its packet
    assert taken.read_text() == "not a folder"


def test_a_very_long_workbook_name(book):
    long = book.with_name("S" * 240 + ".xlsm")
    book.rename(long)
    before = long.read_bytes()
    result = run("dashboard", long)
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"{long.name} was not changed: its name (245 characters) is too long for the copies "
        f"kept in its backups folder. Rename it to something shorter, such as SafetyNet.xlsm, "
        f"then try again."
    )
    assert not [p for p in long.parent.iterdir() if ".tmp-" in p.name or "lock" in p.name]
    assert long.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "option", "text"),
    [
        (("agenda", "--date", "0001-01-01"), "--date", "0001-01-01 is too far from today; give "
         "a date between 1900 and 2200, like 2026-12-02."),
        (("agenda", "--date", "9999-12-31"), "--date", "9999-12-31 is too far from today; give "
         "a date between 1900 and 2200, like 2026-12-02."),
        (("monthly", "--month", "0001-01"), "--month", "0001-01 is too far from today; give a "
         "month between 1900 and 2200, like 2026-10."),
        (("monthly", "--month", "9999-12"), "--month", "9999-12 is too far from today; give a "
         "month between 1900 and 2200, like 2026-10."),
    ],
)  # fmt: skip
def test_dates_at_the_ends_of_the_calendar(book, args, option, text):
    result = run(args[0], book, *args[1:])
    assert result.exit_code == 2
    assert result.output.strip().endswith(f"Error: Invalid value for '{option}': {text}")


def test_a_workbook_saved_by_another_program_meanwhile(book, monkeypatch):
    from helpers.operations import with_function

    from safetynet.operations import catalog, dashboard

    original = dashboard.refresh_dashboard

    def excel_saves_meanwhile(*args, **kwargs):
        outcome = original(*args, **kwargs)
        book.write_bytes(book.read_bytes())  # Excel's save: same workbook, a new file
        os.utime(book, ns=(1, 10**18))
        return outcome

    monkeypatch.setattr(
        catalog,
        "OPERATIONS",
        with_function(catalog.OPERATIONS, "refresh_dashboard", excel_saves_meanwhile),
    )
    before = book.read_bytes()
    result = run("dashboard", book)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "SafetyNet.xlsm was changed by another program while this command ran, so it was not "
        "overwritten and nothing was lost. Run the command again; it will start from the "
        "saved version."
    )
    assert book.read_bytes() == before


# --- damage and permissions ---------------------------------------------------------------


def test_a_truncated_workbook_is_called_damaged_and_the_backup_named(book):
    assert run("dashboard", book).exit_code == 0  # makes a backup to go back to
    newest = list_backups(book)[-1]
    hb.truncated(hb.copy(book, book.with_name("whole.xlsm")), book)
    before = book.read_bytes()
    result = run("agenda", book)
    assert result.exit_code == 2
    assert book.read_bytes() == before
    assert result.output.strip() == (
        f"SafetyNet.xlsm is damaged: it ends too soon, as a copy or a save cut short leaves a "
        f'file. Restore the newest copy: "{newest.name}" in the "SafetyNet backups" folder '
        f"beside it (rename the damaged file, then copy that one in its place as "
        f"SafetyNet.xlsm)."
    )


def test_a_truncated_workbook_without_backups(base, tmp_path):
    broken = hb.truncated(base, tmp_path / "Other.xlsm")
    assert run("validate", broken).output.strip() == (
        "Other.xlsm is damaged: it ends too soon, as a copy or a save cut short leaves a file. "
        'There is no copy in "Other backups" beside it: open it in Excel, which may repair it, '
        "or go back to your own latest copy."
    )


def test_validate_finds_a_part_failing_its_crc(base, tmp_path):
    damaged = hb.crc_damaged(base, tmp_path / "Other.xlsm", "Log")
    result = run("validate", damaged)
    assert result.exit_code == 1
    part = hb.sheet_part(base, "Log")
    assert (
        f"  Log\n    whole sheet [{part}]: The workbook is damaged: the Log "
        "sheet fails its check sum (BadZipFile), so what it holds cannot be trusted. There is "
        'no copy in "Other backups" beside it: open it in Excel, which may repair it, or go '
        "back to your own latest copy." in result.output
    )


def test_a_crc_failure_on_a_sheet_read_stops_the_command(book):
    assert run("dashboard", book).exit_code == 0  # makes a backup to go back to
    newest = list_backups(book)[-1]
    hb.crc_damaged(hb.copy(book, book.with_name("whole.xlsm")), book, "Youths")
    before = book.read_bytes()
    result = run("agenda", book)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "SafetyNet.xlsm is damaged: part of it fails its check (BadZipFile). Restore the "
        f'newest copy: "{newest.name}" in the "SafetyNet backups" folder beside it (rename the '
        "damaged file, then copy that one in its place as SafetyNet.xlsm)."
    )
    assert book.read_bytes() == before


def test_a_crc_failure_found_only_by_the_writer_stops_it_and_its_documents(book):
    """Print Packet does not read the Log; the damage shows when the Log row is added."""
    assert run("dashboard", book).exit_code == 0
    newest = list_backups(book)[-1]
    hb.crc_damaged(hb.copy(book, book.with_name("whole.xlsm")), book, "Log")
    before = book.read_bytes()
    result = run("packet", book, "--no-pdf")
    assert result.exit_code == 2
    assert result.output.strip() == (
        'SafetyNet.xlsm is damaged and was not changed: the "Log" sheet fails its check '
        "(BadZipFile), so what it holds cannot be trusted. Restore the newest copy: "
        f'"{newest.name}" in the "SafetyNet backups" folder beside it (rename the damaged file, '
        "then copy that one in its place as SafetyNet.xlsm). SafetyNet packet 2026-12-02.docx "
        "was not written either, since the workbook could not record it."
    )
    assert book.read_bytes() == before
    assert output_files(book) == []


def test_a_read_only_workbook_is_left_alone(book):
    before = book.read_bytes()
    book.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # chmod 444
    try:
        result = run("dashboard", book)
        packet = run("packet", book, "--no-pdf")
        checked = run("validate", book)  # reading it is fine
    finally:
        book.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert (packet.exit_code, packet.output) == (result.exit_code, result.output)
    assert output_files(book) == []
    assert checked.exit_code == 0
    assert result.exit_code == 1
    assert result.output.strip() == (
        "SafetyNet.xlsm is read-only, so it was not changed. Make it writable (Windows: "
        "right-click it, Properties, untick Read-only; Mac: Get Info, Sharing & Permissions), "
        "then try again."
    )
    assert book.read_bytes() == before


def test_the_agenda_grid_reader_skips_nothing_it_should_read(book):
    assert read_sheet_grid(book, "Agenda")[0]  # the guard lets ordinary sheets through


def test_stale_copies_are_removed_at_the_start_of_a_run(book):
    dead = book.parent / f".{book.name}.tmp-999999999"
    dead.write_bytes(book.read_bytes())
    shutil.copyfile(book, book.with_name("keep.xlsm"))
    assert run("validate", book).exit_code in (0, 1)
    assert not dead.exists()


def test_a_button_run_removes_a_killed_writers_copy_too(book):
    """The buttons read through Excel, not the file: their run cleans up beside it as well."""
    from types import SimpleNamespace

    from safetynet.adapters.live import LiveAdapter

    dead = book.parent / f".{book.name}.tmp-999999999"
    dead.write_bytes(book.read_bytes())
    LiveAdapter(SimpleNamespace(fullname=str(book))).check()
    assert not dead.exists()
    LiveAdapter(SimpleNamespace(fullname="SafetyNet.xlsm")).check()  # on the web: no folder


def test_email_drafts_are_not_kept_when_the_log_cannot_record_them(book):
    """Email Packet writes beside the packet it attaches, so its drafts are removed again."""
    assert run("packet", book, "--no-pdf").exit_code == 0
    printed = output_files(book)
    hb.total_row(hb.copy(book, book.with_name("whole.xlsm")), book, "Log")
    before = book.read_bytes()
    result = CliRunner().invoke(
        main, ["email", str(book), "--packet-password-stdin"], input="correct horse battery\n"
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        'The table on the "Log" sheet of SafetyNet.xlsm has a Total Row, so rows cannot be '
        "added under it. Turn it off (click in the table, Table Design > Total Row) and try "
        "again. SafetyNet packet 2026-12-02 email.eml was not kept either, since the workbook "
        "could not record it."
    )
    assert output_files(book) == printed
    assert book.read_bytes() == before


def test_a_button_refuses_a_sheet_reaching_far_beyond_its_records():
    """Excel would have to hand over 52 million cells; the sentence names where Ctrl+End goes."""
    from types import SimpleNamespace

    from safetynet.adapters.live import sheet_values
    from safetynet.model import SafetyNetError

    far = SimpleNamespace(
        shape=(1_048_576, 50), row=1, column=1, last_cell=SimpleNamespace(address="$AX$1048576")
    )
    with pytest.raises(SafetyNetError) as refused:
        sheet_values(SimpleNamespace(name="Youths", used_range=far))
    assert refused.value.message == (
        "The Youths sheet reaches AX1048576, far beyond where its records are: something was "
        "typed (or formatted) out there. Press Ctrl+End to go to it, delete the rows and "
        "columns past your records, then try again."
    )


def test_a_button_adds_no_row_past_excels_last_row():
    from types import SimpleNamespace as Fake

    from safetynet.adapters.live import refuse_appends
    from safetynet.model import SafetyNetError

    full = Fake(name="Meetings", show_totals=False, range=Fake(last_cell=Fake(row=1_048_575)))
    book = Fake(name="SafetyNet.xlsm", sheets=[Fake(name="Meetings", tables=[full])])
    refuse_appends(book, {("Meetings", "Meetings"): 1})  # the last row is still free
    with pytest.raises(SafetyNetError) as refused:
        refuse_appends(book, {("Meetings", "Meetings"): 2})
    assert refused.value.message == (
        'The table on the "Meetings" sheet of SafetyNet.xlsm reaches row 1,048,575, so 2 more '
        "rows would pass row 1,048,576, the last row Excel has; nothing was added and the "
        "workbook is unchanged. Move old rows into another workbook (keep a copy), or delete "
        "empty rows inside the table, then try again."
    )

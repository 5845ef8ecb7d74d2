"""The buttons, run on xlwings' remote engine: the actions they would take in Excel."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from helpers.operations import with_function

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # tests only: the remote engine

from safetynet import buttons, schema
from safetynet.build.workbook import build_workbook
from safetynet.demo import generate
from safetynet.testing import payload, remote_book

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def fixed_day_and_home(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYNET_TODAY", TODAY.isoformat())
    monkeypatch.setenv("HOME", str(tmp_path))  # where a remote book's documents go
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))


def _demo(tmp_path_factory, youths: int):
    path = tmp_path_factory.mktemp(f"demo{youths}") / "SafetyNet.xlsm"
    return build_workbook(path, generate(youths=youths, seed=11, today=TODAY))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return _demo(tmp_path_factory, 100)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    return _demo(tmp_path_factory, 3000)


def _sheet_index(name: str) -> int:
    return list(schema.SHEET_ORDER).index(name)


def _actions(book):
    return book.json()["actions"]


def _alerts(actions):
    return [a["args"] for a in actions if a["func"] == "alert"]


def _values_written(actions, sheet: str):
    index = _sheet_index(sheet)
    return [a for a in actions if a["func"] == "setValues" and a["sheet_position"] == index]


def test_payload_sends_dates_as_iso_strings_like_office_js(small):
    data = payload(small)
    youths = next(s for s in data["sheets"] if s["name"] == "Youths")
    birth = youths["values"][1][youths["values"][0].index("Date of Birth")]
    assert isinstance(birth, str) and birth.endswith("T00:00:00.000Z")
    assert any(t["name"] == "Meetings" for s in data["sheets"] for t in s["tables"])


def test_build_agenda_writes_the_agenda_sheet_and_the_log(small):
    book = remote_book(small)
    buttons.build_agenda(book)
    actions = _actions(book)
    written = _values_written(actions, "Agenda")
    assert len(written) == 1
    flat = [str(v) for row in written[0]["values"] for v in row]
    assert "Youth ID" in flat
    assert sum(v.startswith("Y-") for v in flat) >= 10
    (log,) = _values_written(actions, "Log")
    assert log["values"][0][2] == "Build Agenda"
    assert log["start_row"] == 1  # the empty Log table's blank row is filled first
    (alert,) = _alerts(actions)
    assert alert[0].startswith("Agenda for Wednesday 2 December 2026")
    assert alert[3] == "info"


def test_validate_writes_problems_with_links(small):
    book = remote_book(small)
    buttons.validate_entries(book)
    actions = _actions(book)
    assert _values_written(actions, "Problems")
    (alert,) = _alerts(actions)
    assert alert[0].startswith("Found 0 errors")


def test_refresh_dashboard_writes_the_dashboard(small):
    book = remote_book(small)
    buttons.refresh_dashboard(book)
    actions = _actions(book)
    (written,) = _values_written(actions, "Dashboard")
    assert any(isinstance(v, int) and v > 0 for row in written["values"] for v in row)


def test_print_packet_records_the_meeting_once(small, tmp_path):
    book = remote_book(small)
    buttons.build_agenda(book)
    agenda = _values_written(_actions(book), "Agenda")[0]["values"]
    data = payload(small)
    sheet = next(s for s in data["sheets"] if s["name"] == "Agenda")
    sheet["values"] = [[("" if v is None else v) for v in row] for row in agenda]
    import xlwings as xw

    book = xw.Book(json=data)
    buttons.print_packet(book)
    actions = _actions(book)
    meetings = _values_written(actions, "Meetings")
    assert len(meetings) == 1 and len(meetings[0]["values"]) >= 10
    (alert,) = _alerts(actions)
    assert "packet" in alert[0].lower()
    assert list((tmp_path / "Documents" / "SafetyNet Output").glob("SafetyNet packet *.docx"))


def test_a_known_problem_becomes_an_alert(small):
    data = payload(small)
    youths = next(s for s in data["sheets"] if s["name"] == "Youths")
    youths["values"][0][youths["values"][0].index("Date of Birth")] = "DOB"
    import xlwings as xw

    book = xw.Book(json=data)
    buttons.build_agenda(book)  # must not raise
    (alert,) = _alerts(_actions(book))
    assert 'no column headed "Date of Birth"' in alert[0]
    assert alert[3] == "critical"


def test_an_unexpected_failure_is_logged_and_named(small, monkeypatch, tmp_path):
    from safetynet.operations import catalog

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(
        catalog, "OPERATIONS", with_function(catalog.OPERATIONS, "build_agenda", broken)
    )
    book = remote_book(small)
    buttons.build_agenda(book)
    (alert,) = _alerts(_actions(book))
    log = tmp_path / "logs" / "safetynet-errors.log"
    assert str(log) in alert[0]
    assert "RuntimeError: boom" in log.read_text()
    assert "Traceback" not in alert[0]


def test_mou_needs_a_selected_agency_row(small):
    book = remote_book(small)  # selection A1 on the Start sheet
    buttons.make_mou(book)
    (alert,) = _alerts(_actions(book))
    assert "Select a cell in the agency's row" in alert[0]


def test_mou_for_the_selected_agency(small, tmp_path):
    book = remote_book(small, selection="B3", active_sheet=_sheet_index("Agencies"))
    buttons.make_mou(book)
    (alert,) = _alerts(_actions(book))
    assert "MOU" in alert[0]
    assert list((tmp_path / "Documents" / "SafetyNet Output").glob("*.docx"))


def test_check_setup_reports_in_plain_words(small):
    book = remote_book(small)
    buttons.check_setup(book)
    (alert,) = _alerts(_actions(book))
    assert "Python:" in alert[0] and "xlwings" in alert[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    "button", ["validate_entries", "build_agenda", "refresh_dashboard", "monthly_report"]
)
def test_actions_do_not_grow_with_rows(small, large, button):
    counts = []
    for path in (small, large):
        book = remote_book(path)
        getattr(buttons, button)(book)
        actions = _actions(book)
        assert all(a["func"] != "alert" or a["args"][3] == "info" for a in actions), actions[-1]
        counts.append(len(actions))
    assert counts[0] == counts[1]


def test_import_takes_the_file_named_in_the_setting(tmp_path):
    import shutil
    from pathlib import Path

    from safetynet.model import Workbook
    from safetynet.schema import LISTS, SET, default_settings

    source = tmp_path / "county-tracker-flat.csv"
    shutil.copyfile(Path(__file__).parent / "data" / "import" / source.name, source)
    settings = {**default_settings(), SET.import_file: str(source)}
    path = build_workbook(tmp_path / "SafetyNet.xlsm", Workbook({}, settings, dict(LISTS)))
    book = remote_book(path)
    buttons.import_file(book)
    actions = _actions(book)
    (youths,) = _values_written(actions, "Youths")
    assert len(youths["values"]) == 60
    (alert,) = _alerts(actions)
    assert alert[0].startswith(
        "county-tracker-flat.csv into the Youths sheet: 62 source rows, 60 added, 1 matched to "
        "rows already there, 1 not imported."
    )
    assert source.with_name("county-tracker-flat - not imported.xlsx").exists()


def test_import_takes_the_file_chosen_in_excel_before_the_setting(tmp_path):
    """Desktop Excel's file chooser (the ImportRows macro) passes path=; the same operation."""
    import shutil
    from pathlib import Path

    from safetynet.model import Workbook
    from safetynet.schema import LISTS, SET, default_settings

    source = tmp_path / "chosen" / "county-tracker-spanish.csv"
    source.parent.mkdir()
    shutil.copyfile(Path(__file__).parent / "data" / "import" / source.name, source)
    settings = {**default_settings(), SET.import_file: str(tmp_path / "not-this-one.csv")}
    path = build_workbook(tmp_path / "SafetyNet.xlsm", Workbook({}, settings, dict(LISTS)))
    book = remote_book(path)
    buttons.import_file(book, path=str(source))
    (youths,) = _values_written(_actions(book), "Youths")
    assert len(youths["values"]) == 30
    (alert,) = _alerts(_actions(book))
    assert alert[0].startswith("county-tracker-spanish.csv into the Youths sheet: 30 source rows")


def test_import_with_no_file_named_says_where_to_name_one(small):
    book = remote_book(small)
    buttons.import_file(book)
    (alert,) = _alerts(_actions(book))
    assert alert[0].startswith("No file to import was named. Type its full path in the Import")
    assert alert[3] == "critical"


class _Name:
    def __init__(self, name: str, refers_to: str):
        self.name, self.refers_to = name, refers_to


class _DesktopBook:
    """What desktop Excel shows of a workbook's names (xlwings Server carries none of these)."""

    fullname = r"C:\Users\coordinator\Documents\SafetyNet.xlsm"

    def __init__(self, *names: _Name):
        self.names = list(names)


def test_a_button_on_an_older_workbook_says_what_upgrade_will_do():
    from safetynet import __version__

    old = _DesktopBook(
        _Name("County", "=Settings!$B$2"), _Name("SafetyNet_xlwings_version", '="0.37.8"')
    )
    said = buttons._with_older_note(old, "Dashboard refreshed.")
    assert said.startswith(
        f"Dashboard refreshed.\n\nThis workbook was made by SafetyNet 0.1.0; this program is "
        f'{__version__}. Run  safetynet upgrade "{old.fullname}"  to make it a {__version__} '
        "workbook:"
    )
    current = _DesktopBook(
        _Name("SafetyNet_xlwings_version", '="0.37.8"'),
        _Name("SafetyNet_version", f'="{__version__}"'),
    )
    assert buttons._with_older_note(current, "Dashboard refreshed.") == "Dashboard refreshed."
    # xlwings Server: no constant names in its payload, so nothing is claimed
    assert (
        buttons._with_older_note(_DesktopBook(), "Dashboard refreshed.") == "Dashboard refreshed."
    )


class _CellName(_Name):
    """A name of a cell, as desktop Excel shows it: ``refers_to_range`` holds its value."""

    def __init__(self, name: str, refers_to: str, value: object):
        super().__init__(name, refers_to)
        self.refers_to_range = type("Range", (), {"value": value})()


def test_the_remote_engine_reads_the_version_from_its_cell(small):
    from safetynet import __version__

    book = remote_book(small)
    assert buttons._workbook_names(book) == {"version": __version__}
    assert buttons._with_older_note(book, "Dashboard refreshed.") == "Dashboard refreshed."
    desktop = _DesktopBook(  # desktop Excel: the same cell, and the constant xlwings name
        _Name("SafetyNet_xlwings_version", '="0.37.8"'),
        _CellName("SafetyNet_version", "=Start!$C$26", "0.1.9"),
    )
    assert buttons._workbook_names(desktop)["version"] == "0.1.9"
    assert "This workbook was made by SafetyNet 0.1.9;" in buttons._with_older_note(desktop, "")
    typed_over = _DesktopBook(_CellName("SafetyNet_version", "=Start!$C$26", "my notes"))
    assert buttons._workbook_names(typed_over) == {}  # no version claimed from what was typed
    assert buttons._with_older_note(typed_over, "Done.") == "Done."


def test_the_remote_engine_says_plainly_when_it_cannot_see_the_version(monkeypatch):
    """A workbook that keeps its version as a constant (0.1.0 has none, the first 0.2.0
    ones a constant): xlwings Server does not pass it, so Check Setup says it cannot tell,
    and once this program is newer than 0.2.0 every button says such a workbook is older."""
    from pathlib import Path

    from safetynet.upgrade import version

    old = Path(__file__).parent / "data" / "upgrade" / "empty-0.1.0.xlsm"
    book = remote_book(old)
    assert buttons._workbook_names(book) == {"unseen": "0.2.0"}
    assert buttons._with_older_note(book, "Dashboard refreshed.") == "Dashboard refreshed."
    buttons.check_setup(book)
    (alert,) = _alerts(_actions(book))
    assert (
        "Which version of SafetyNet made this workbook cannot be read here (it was 0.2.0 or "
        'earlier). To find out, run  safetynet check "SafetyNet.xlsm"  on a computer that has '
        "the workbook file, or click Check Setup in desktop Excel."
    ) in alert[0].splitlines()
    monkeypatch.setattr(version, "__version__", "0.3.0")
    said = buttons._with_older_note(remote_book(old), "Dashboard refreshed.")
    assert said.startswith(
        "Dashboard refreshed.\n\nThis workbook was made by SafetyNet 0.2.0 or earlier; this "
        "program is 0.3.0. Run  safetynet upgrade "
    )

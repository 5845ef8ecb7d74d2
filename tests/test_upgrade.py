"""safetynet upgrade: a 0.1.0 workbook becomes this version's with every typed cell carried over."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.leak_watch import Watcher, watched_env, youth_name_words, youth_names
from python_calamine import CalamineWorkbook

from safetynet import __version__
from safetynet.cli import main
from safetynet.schema import (
    DATA_SHEETS,
    LISTS,
    LOG_SHEET,
    SETTINGS,
    SETTINGS_SHEET,
    YOUTHS,
    Kind,
    normalise_header,
)
from safetynet.upgrade.carry import carry_data, carry_lists, carry_settings
from safetynet.upgrade.version import FIRST_VERSION, workbook_version
from safetynet.xlsx import crypto
from safetynet.xlsx.backup import backup_dir, list_backups, prune_backups
from safetynet.xlsx.crypto import Container

DATA = Path(__file__).parent / "data" / "upgrade"
AUDIT = Path(__file__).parent / "helpers" / "write_audit.py"
OLD = sorted(DATA.glob("*-0.1.0.xlsm"))
TODAY = dt.date(2026, 11, 25)  # the day the demo fixture was made


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYNET_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def grids(path: Path | bytes) -> dict[str, list[list]]:
    """Every sheet's values, of a file or of a package decrypted in memory."""
    if isinstance(path, bytes):
        book = CalamineWorkbook.from_filelike(io.BytesIO(path))
    else:
        book = CalamineWorkbook.from_path(str(path))
    return {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}


def typed_cells(grid: list[list], sheet) -> dict[tuple, object]:
    """{(row key, header): value} for every typed (not computed) non-blank cell."""
    headers = [normalise_header(h) for h in grid[0]]
    typed = [c.header for c in sheet.columns if c.kind is not Kind.COMPUTED]
    where = {h: headers.index(normalise_header(h)) for h in typed}
    key_headers = [sheet.key] if sheet.key else [c.header for c in sheet.columns[:2]]
    seen: Counter = Counter()
    out = {}
    for row in grid[1:]:
        values = {h: row[i] if i < len(row) else None for h, i in where.items()}
        if all(v in (None, "") for v in values.values()):
            continue
        key = tuple(str(values[h]) for h in key_headers)
        seen[key] += 1
        for header, value in values.items():
            if value not in (None, ""):
                out[(*key, seen[key], header)] = value
    return out


def lists_of(book: dict[str, list[list]]) -> dict[str, list]:
    grid = book["Lists"]
    return {
        h: [r[i] for r in grid[1:] if i < len(r) and r[i] not in (None, "")]
        for i, h in enumerate(grid[0])
        if h
    }


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def xlwings_version() -> str:
    from importlib.metadata import version

    return version("xlwings")


@pytest.fixture(scope="module")
def this_version(tmp_path_factory) -> Path:
    from safetynet.build.workbook import build_workbook

    return build_workbook(tmp_path_factory.mktemp("new") / "SafetyNet.xlsm")


def upgraded(tmp_path: Path, old: Path) -> Path:
    copy = tmp_path / old.name
    shutil.copyfile(old, copy)
    new = tmp_path / "new.xlsm"
    result = run("upgrade", copy, "--out", new)
    assert result.exit_code == 0, result.output
    return new


def test_the_fixtures_are_version_0_1_0():
    assert [p.name for p in OLD] == ["demo-0.1.0.xlsm", "empty-0.1.0.xlsm"]
    for path in OLD:
        assert workbook_version(path) == FIRST_VERSION


@pytest.mark.parametrize("old", OLD, ids=lambda p: p.stem)
def test_every_typed_cell_is_carried_by_sheet_row_key_and_header(tmp_path, old, this_version):
    new = upgraded(tmp_path, old)
    before, after = grids(old), grids(new)
    assert_carried(before, after)
    assert workbook_version(new) == __version__
    assert digest(tmp_path / old.name) == digest(old)  # --out: the old file untouched
    # this version's macros and xlwings module, as a new workbook has them
    assert part(new, "xl/vbaProject.bin") == part(this_version, "xl/vbaProject.bin")
    assert b'"SafetyNet_xlwings_version">"' + xlwings_version().encode() in part(
        new, "xl/workbook.xml"
    )


def assert_carried(before: dict[str, list[list]], after: dict[str, list[list]]) -> None:
    """Every typed cell, setting, Log row and list value of ``before`` is in ``after``."""
    for sheet in DATA_SHEETS:
        if sheet.name not in before:  # a sheet newer than the old version: there, and empty
            assert not typed_cells(after[sheet.name], sheet), sheet.name
            continue
        assert typed_cells(after[sheet.name], sheet) == typed_cells(before[sheet.name], sheet)
    old_settings = {r[0]: r[1] for r in before[SETTINGS_SHEET][1:] if r[0]}
    new_settings = {r[0]: r[1] for r in after[SETTINGS_SHEET][1:] if r[0]}
    assert {k: new_settings[k] for k in old_settings} == old_settings
    assert set(new_settings) == {s.label for s in SETTINGS}
    old_log = [r for r in before[LOG_SHEET][1:] if any(v not in (None, "") for v in r)]
    assert after[LOG_SHEET][1 : 1 + len(old_log)] == old_log
    assert after[LOG_SHEET][1 + len(old_log)][2] == f"Upgrade from 0.1.0 to {__version__}"
    old_lists, new_lists = lists_of(before), lists_of(after)
    for name, values in old_lists.items():  # none removed, this version's added
        assert set(values) <= set(new_lists[name]), name
    assert set(new_lists) == set(LISTS)
    for name, values in LISTS.items():
        assert set(values) <= set(new_lists[name]), name


def test_the_demo_upgrade_report(tmp_path):
    copy = tmp_path / "demo.xlsm"
    shutil.copyfile(DATA / "demo-0.1.0.xlsm", copy)
    result = run("upgrade", copy, "--out", tmp_path / "new.xlsm", "--json")
    sheets = {s["sheet"]: (s["before"], s["after"]) for s in json.loads(result.output)["sheets"]}
    assert sheets["Youths"] == (40, 40)
    assert sheets["Referrals"] == (200, 200)
    assert sheets["Settings"] == (15, len(SETTINGS))
    for sheet in DATA_SHEETS:
        before, after = sheets[sheet.name]
        assert before == after
    log = [
        r[2] for r in grids(tmp_path / "new.xlsm")[LOG_SHEET] if str(r[2]).startswith("Upgrade:")
    ]
    assert log[0] == "Upgrade: Youths: 40 before, 40 after"  # sentences, not terminal columns
    assert "Upgrade: Settings: 15 before, 17 after (new, at their defaults: " in log[7]
    assert log[8].endswith("new in this version: Release Scope (Identifying, Non-identifying))")
    assert len(log) == len(sheets)


@pytest.fixture(scope="module")
def upgraded_demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("upgraded")
    shutil.copyfile(DATA / "demo-0.1.0.xlsm", folder / "SafetyNet.xlsm")
    result = CliRunner().invoke(main, ["upgrade", str(folder / "SafetyNet.xlsm")])
    assert result.exit_code == 0, result.output
    return folder / "SafetyNet.xlsm"


def test_in_place_the_old_file_goes_to_the_backups_byte_for_byte(upgraded_demo):
    [kept] = backup_dir(upgraded_demo).glob("SafetyNet 0.1.0 before upgrade *.xlsm")
    assert digest(kept) == digest(DATA / "demo-0.1.0.xlsm")
    assert workbook_version(upgraded_demo) == __version__
    # not one of the rotating copies: ten more saves do not delete it
    assert kept not in list_backups(upgraded_demo)
    assert kept not in prune_backups(upgraded_demo, 1)
    assert kept.exists()


def test_in_place_it_waits_for_another_writer_then_stops(tmp_path, monkeypatch):
    import threading

    from safetynet.xlsx import writerlock

    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(DATA / "empty-0.1.0.xlsm", copy)
    monkeypatch.setattr(writerlock, "WAIT_SECONDS", 0.2)
    entered, leave = threading.Event(), threading.Event()

    def hold() -> None:
        with writerlock.writer_lock(copy):
            entered.set()
            leave.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert entered.wait(10)
        result = run("upgrade", copy)
    finally:
        leave.set()
        holder.join()
    assert result.exit_code == 1
    assert result.output.startswith(
        "Another SafetyNet command has been changing SafetyNet.xlsm since "
    )
    assert digest(copy) == digest(DATA / "empty-0.1.0.xlsm")
    assert not backup_dir(copy).exists()


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["agenda"],
        ["packet", "--no-pdf"],
        ["dashboard"],
        ["monthly", "--no-pdf"],
        ["mou", "--agency", "Lindenbrook County District Attorney's Office", "--no-pdf"],
        ["confidentiality", "--member", "Glenn Richmond", "--no-pdf"],
        ["check"],
    ],
    ids=lambda c: c[0],
)
def test_the_upgraded_workbook_passes_every_operation(upgraded_demo, tmp_path, command):
    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(upgraded_demo, copy)
    result = run(command[0], copy, *command[1:])
    assert result.exit_code == 0, result.output
    assert "was made by SafetyNet" not in result.output


def test_the_upgraded_workbook_emails_the_packet_and_takes_a_password(
    upgraded_demo, tmp_path, monkeypatch
):
    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(upgraded_demo, copy)
    assert run("packet", copy, "--no-pdf").exit_code == 0
    mailed = CliRunner().invoke(
        main, ["email", str(copy), "--packet-password-stdin"], input="Lantern-Orchard-42\n"
    )
    assert mailed.exit_code == 0, mailed.output
    monkeypatch.setenv("SAFETYNET_PASSWORD", "Harbor-Juniper-97")
    for command in ("protect", "validate", "unprotect"):
        result = run(command, copy)
        assert result.exit_code == 0, (command, result.output)


@pytest.mark.parametrize("command", ["validate", "agenda", "dashboard", "check"])
def test_the_upgraded_empty_workbook_passes_its_operations(tmp_path, command):
    new = upgraded(tmp_path, DATA / "empty-0.1.0.xlsm")
    result = run(command, new)
    assert result.exit_code == 0, result.output
    assert "was made by SafetyNet" not in result.output


def test_the_upgraded_workbook_takes_an_import(upgraded_demo, tmp_path):
    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(upgraded_demo, copy)
    source = tmp_path / "t.csv"
    source.write_text("Name,DOB\nJane Newcomer,3/4/2010\n", encoding="utf-8")
    result = run("import", copy, source)
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output


def test_an_old_workbook_says_what_upgrade_will_do(tmp_path):
    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(DATA / "demo-0.1.0.xlsm", copy)
    result = run("dashboard", copy)
    assert result.exit_code == 0
    assert result.stderr.strip() == (
        f"This workbook was made by SafetyNet 0.1.0; this program is {__version__}. Run  "
        f'safetynet upgrade "{copy}"  to make it a {__version__} workbook: every value typed '
        "on the data sheets, the Settings, the Lists, the Log and the Agenda are carried over "
        "by header, the Dashboard, Monthly and Problems sheets are rebuilt, and it gets this "
        "version's buttons and macros. The old file is kept unchanged in the backups folder "
        "beside it."
    )
    assert "was made by SafetyNet 0.1.0" in run("check", copy).output
    failed = run("mou", copy, "--agency", "Nobody", "--no-pdf")  # a failure says it too
    assert failed.exit_code == 1
    assert failed.stderr.splitlines()[0].startswith("There is no agency 'Nobody'")
    assert failed.stderr.splitlines()[1].startswith("This workbook was made by SafetyNet 0.1.0")


def test_refuses_while_excel_holds_the_old_workbook(tmp_path):
    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(DATA / "empty-0.1.0.xlsm", copy)
    (tmp_path / "~$SafetyNet.xlsm").write_text("")
    result = run("upgrade", copy)
    assert result.exit_code == 1
    assert "open in Excel" in result.output
    assert digest(copy) == digest(DATA / "empty-0.1.0.xlsm")
    assert not backup_dir(copy).exists()


def with_version_name(source: Path, target: Path, definition: str) -> Path:
    """A copy of ``source`` whose SafetyNet_version name is defined as ``definition``."""
    import re

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = re.sub(
                    rb'(<definedName name="SafetyNet_version">)[^<]*(<)',
                    rb"\g<1>" + definition.encode() + rb"\g<2>",
                    data,
                )
            new.writestr(info, data)
    return target


def test_the_version_is_read_from_its_cell_and_from_the_older_constant(this_version, tmp_path):
    """This version points the name at a cell on the Start sheet (xlwings Server passes
    only names of cells); the first 0.2.0 workbooks hold a constant, still read."""
    from safetynet.build.generated_sheets import VERSION_ROW

    cell = f"Start!$C${VERSION_ROW + 1}"
    assert f'<definedName name="SafetyNet_version">{cell}<'.encode() in part(
        this_version, "xl/workbook.xml"
    )
    assert grids(this_version)["Start"][VERSION_ROW][1:3] == ["Program version", __version__]
    assert workbook_version(this_version) == __version__
    constant = with_version_name(this_version, tmp_path / "constant.xlsm", "&quot;0.2.0&quot;")
    assert b'name="SafetyNet_version">&quot;0.2.0&quot;<' in part(constant, "xl/workbook.xml")
    assert workbook_version(constant) == "0.2.0"
    for unreadable in ("Start!$B$1", "Start!#REF!", "Nowhere!$A$1", "&quot;my note&quot;"):
        typed_over = with_version_name(this_version, tmp_path / "over.xlsm", unreadable)
        assert workbook_version(typed_over) is None, unreadable  # nothing claimed
    sealed = tmp_path / "sealed.xlsm"
    sealed.write_bytes(crypto.encrypt(this_version.read_bytes(), PASSWORD))
    assert workbook_version(sealed) is None
    assert workbook_version(sealed, crypto.decrypt(sealed.read_bytes(), PASSWORD, "")) == (
        __version__
    )


def test_check_says_what_it_cannot_read_of_the_version(this_version, tmp_path):
    typed_over = with_version_name(this_version, tmp_path / "SafetyNet.xlsm", "Start!$B$1")
    lines = run("check", typed_over).output.splitlines()
    assert (
        "Which version of SafetyNet made this workbook could not be read: the cell beside "
        f'"Program version" on the Start sheet should hold it. Run  safetynet upgrade '
        f'"{typed_over}"  to write it again.'
    ) in lines
    sealed = tmp_path / "Sealed.xlsm"
    sealed.write_bytes(crypto.encrypt(this_version.read_bytes(), PASSWORD))
    assert (
        "The workbook is encrypted, so Check Setup cannot read which version of SafetyNet made "
        "it; the other commands say so, once they open it with the password, when it is older "
        "than this program."
    ) in run("check", sealed).output.splitlines()


# --- an encrypted workbook (Excel's Encrypt with Password) ------------------------------

PASSWORD = "Harbor-Juniper-97"
WRONG_PASSWORD = (
    "The password does not open SafetyNet.xlsm. It is unchanged. Type it again exactly as "
    "it was set in Excel (capitals count); if nobody knows it, restore a copy that is not "
    "encrypted, since nothing can recover a lost password.\n"
)


@pytest.fixture(scope="module")
def sealed_demo(tmp_path_factory) -> Path:
    """The 0.1.0 demo workbook encrypted as Excel does, every value as it was."""
    path = tmp_path_factory.mktemp("sealed") / "SafetyNet.xlsm"
    path.write_bytes(crypto.encrypt((DATA / "demo-0.1.0.xlsm").read_bytes(), PASSWORD))
    return path


@pytest.fixture
def no_keyring(monkeypatch):
    monkeypatch.delenv("SAFETYNET_PASSWORD", raising=False)
    monkeypatch.setattr("safetynet.passwords.from_keyring", lambda path: None)


def test_an_encrypted_workbook_is_upgraded_encrypted_with_the_same_password(
    sealed_demo, tmp_path, no_keyring
):
    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(sealed_demo, copy)
    result = CliRunner().invoke(
        main, ["upgrade", str(copy), "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert crypto.container_of_file(copy) is Container.ENCRYPTED
    package = crypto.decrypt(copy.read_bytes(), PASSWORD, copy.name)
    assert_carried(grids(DATA / "demo-0.1.0.xlsm"), grids(package))
    assert workbook_version(copy, package) == __version__
    [kept] = backup_dir(copy).glob("SafetyNet 0.1.0 before upgrade *.xlsm")
    assert digest(kept) == digest(sealed_demo)  # the old encrypted file, byte for byte
    assert (
        f"The old workbook is kept, unchanged, as {kept}.\nSafetyNet.xlsm is encrypted with "
        f"the same password as the old workbook, and so is the copy kept.\n"
    ) in result.output
    assert PASSWORD not in result.output


def test_an_encrypted_workbook_upgraded_to_another_file(sealed_demo, tmp_path, no_keyring):
    copy, new = tmp_path / "SafetyNet.xlsm", tmp_path / "New.xlsm"
    shutil.copyfile(sealed_demo, copy)
    result = run("upgrade", copy, "--out", new, "--json")
    assert result.exit_code == 1  # no password, no keyboard: the plain sentence
    assert "is encrypted and no password was given" in json.loads(result.output)["error"]
    assert not new.exists()
    result = CliRunner().invoke(
        main, ["upgrade", str(copy), "--out", str(new)], env={"SAFETYNET_PASSWORD": PASSWORD}
    )
    assert result.exit_code == 0, result.output
    assert digest(copy) == digest(sealed_demo)
    assert not backup_dir(copy).exists()
    assert crypto.container_of_file(new) is Container.ENCRYPTED
    package = crypto.decrypt(new.read_bytes(), PASSWORD, new.name)
    assert_carried(grids(DATA / "demo-0.1.0.xlsm"), grids(package))
    assert "New.xlsm is encrypted with the same password as SafetyNet.xlsm." in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["New.xlsm", "SafetyNet.xlsm"]


@pytest.mark.parametrize("out", [False, True], ids=["in place", "--out"])
def test_a_wrong_password_says_so_as_every_command_does_and_changes_nothing(
    sealed_demo, tmp_path, no_keyring, out
):
    copy, new = tmp_path / "SafetyNet.xlsm", tmp_path / "New.xlsm"
    shutil.copyfile(sealed_demo, copy)
    args = ["upgrade", str(copy), *(["--out", str(new)] if out else [])]
    result = CliRunner().invoke(main, args, env={"SAFETYNET_PASSWORD": PASSWORD.lower()})
    assert result.exit_code == 1
    assert result.output == WRONG_PASSWORD
    assert digest(copy) == digest(sealed_demo)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SafetyNet.xlsm"]  # no temp, no copy


def test_a_command_on_an_encrypted_older_workbook_says_it_is_older(sealed_demo, tmp_path):
    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(sealed_demo, copy)
    result = CliRunner().invoke(main, ["validate", str(copy)], env={"SAFETYNET_PASSWORD": PASSWORD})
    assert "This workbook was made by SafetyNet 0.1.0; this program is " in result.stderr
    failed = CliRunner().invoke(  # a failure says it too, once the password opened it
        main,
        ["mou", str(copy), "--agency", "Nobody", "--no-pdf"],
        env={"SAFETYNET_PASSWORD": PASSWORD},
    )
    assert failed.exit_code == 1
    assert failed.stderr.splitlines()[1].startswith("This workbook was made by SafetyNet 0.1.0")
    wrong = CliRunner().invoke(  # not opened: nothing said of its version, no second prompt
        main, ["validate", str(copy)], env={"SAFETYNET_PASSWORD": "not it at all"}
    )
    assert wrong.output == WRONG_PASSWORD


def test_the_encrypted_upgrade_writes_no_plain_byte(sealed_demo, tmp_path):
    """Upgrade (in place, then to another file) runs under an audit hook that reads every
    file it writes, before each rewrite, rename and removal and at the end; meanwhile a
    thread reads every file that appears in the workbook's folder and the temporary
    folder. None is a plain zip or holds a youth's name."""
    work, temp, home = (tmp_path / n for n in ("work", "temp", "home"))
    for folder in (work, temp, home):
        folder.mkdir()
    path = work / "SafetyNet.xlsm"
    shutil.copyfile(sealed_demo, path)
    words = youth_name_words((DATA / "demo-0.1.0.xlsm").read_bytes())
    secrets = home / "secrets.txt"
    secrets.write_text("\n".join(words), encoding="utf-8")
    env = watched_env(TODAY.isoformat(), PASSWORD, home, temp)
    watcher = Watcher([work, temp], youth_names((DATA / "demo-0.1.0.xlsm").read_bytes()))
    watcher.start()
    looked = []
    try:
        for run_number, args in enumerate(([path], [path, "--out", work / "New.xlsm"])):
            report = home / f"audit-{run_number}.json"
            ran = subprocess.run(
                [sys.executable, AUDIT, report, secrets, "upgrade", *args],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            assert ran.returncode == 0, ran.stdout + ran.stderr
            audit = json.loads(report.read_text(encoding="utf-8"))
            assert audit["findings"] == []
            looked += [Path(p).name for p in audit["looked"]]
    finally:
        watcher.halt.set()
        watcher.join(timeout=60)
    assert watcher.findings == []
    assert words and watcher.files_read >= 3  # the new files and the kept copy
    # the audit read the temporary new workbook as it was renamed, and the kept copy
    assert sum(n.startswith(".SafetyNet.upgrade-") for n in looked) == 1
    assert sum(n.startswith(".New.upgrade-") for n in looked) == 1
    assert any(n.startswith(".SafetyNet 0.1.0 before upgrade ") for n in looked)
    for made in (path, work / "New.xlsm", *backup_dir(path).iterdir()):
        assert crypto.container_of_file(made) is Container.ENCRYPTED, made.name
    control = Watcher([DATA], watcher.secrets)  # the watcher does see a plain workbook
    control.sweep()
    assert any(f.startswith("a plain zip: demo-0.1.0") for f in control.findings)


def test_out_refuses_to_overwrite(tmp_path):
    target = tmp_path / "taken.xlsm"
    target.write_bytes(b"mine")
    result = run("upgrade", DATA / "empty-0.1.0.xlsm", "--out", target)
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"{target} already exists. Nothing was changed. Name a new file with --out."
    )
    assert target.read_bytes() == b"mine"


def write_grids(path: Path, book: dict[str, list[list]]) -> None:
    """A workbook holding these values (dates as dates): an "older" one made another way."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    day = workbook.add_format({"num_format": "m/d/yyyy"})
    moment = workbook.add_format({"num_format": "m/d/yyyy h:mm"})
    for name, grid in book.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(r, c, value, moment)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, value, day)
                elif value not in (None, ""):
                    sheet.write(r, c, value)
    workbook.close()


def test_columns_moved_in_the_old_workbook_land_under_their_own_headers(tmp_path):
    old, new = tmp_path / "old.xlsm", tmp_path / "new.xlsm"
    book = grids(DATA / "demo-0.1.0.xlsm")
    moved = ("Youths", "Referrals", "Meetings")
    for name in moved:  # every column in the opposite order
        width = max(len(r) for r in book[name])
        book[name] = [list(reversed([*r, *[None] * (width - len(r))])) for r in book[name]]
    write_grids(old, book)
    assert run("upgrade", old, "--out", new).exit_code == 0
    after = grids(new)
    for sheet in DATA_SHEETS:
        if sheet.name in moved:
            assert after[sheet.name][0][:2] == sheet.headers[:2]  # this version's order
            assert typed_cells(after[sheet.name], sheet) == typed_cells(book[sheet.name], sheet)


def test_a_column_this_version_lacks_is_kept_in_a_sheet_named_for_it(tmp_path):
    old = tmp_path / "old.xlsm"
    book = grids(DATA / "demo-0.1.0.xlsm")
    youths = book["Youths"]
    youths[0].append("Foster Parent")  # a column staff added, or one this version dropped
    youths[2].append("Ms. Invented")
    youths[1][3] = "sometime in 2010"  # a birth date typed as text stays text
    write_grids(old, book)
    new = tmp_path / "new.xlsm"
    assert run("upgrade", old, "--out", new).exit_code == 0
    after = grids(new)
    kept = after["Foster Parent (old Youths)"]
    assert kept[0] == ["Row", YOUTHS.cols.youth_id, "Foster Parent"]
    assert kept[1][1:] == [after["Youths"][2][0], "Ms. Invented"]
    assert after["Youths"][1][3] == "sometime in 2010"


# --- the pure parts --------------------------------------------------------------------


def test_lists_keep_staff_values_and_gain_new_ones():
    grid = [["Gender", "Custom List"], ["Female", "a"], ["Girl", "b"]]
    lists, kept = carry_lists(grid)
    assert lists["Gender"][:2] == ("Female", "Girl")
    assert set(LISTS["Gender"]) <= set(lists["Gender"])
    assert kept == [["Custom List"], ["a"], ["b"]]


def test_a_column_missing_from_the_old_sheet_comes_in_blank():
    grid = [["Last Name", "Youth ID"], ["Doe", "Y-1"]]
    rows, kept = carry_data(YOUTHS, grid, set())
    headers = YOUTHS.headers
    assert rows[0][headers.index(YOUTHS.cols.youth_id)] == "Y-1"
    assert rows[0][headers.index(YOUTHS.cols.last_name)] == "Doe"
    assert rows[0][headers.index(YOUTHS.cols.first_name)] is None
    assert kept == {}


def test_settings_by_label_and_unknown_ones_kept():
    grid = [["Setting", "Value", "About"], ["County", "Marlow"], ["Old Thing", 3.0]]
    values, kept = carry_settings(grid)
    assert values["County"] == "Marlow"
    assert values[SETTINGS[-1].label] == SETTINGS[-1].default
    assert kept == [["Setting", "Value"], ["Old Thing", 3.0]]

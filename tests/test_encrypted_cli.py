"""Every command on an encrypted workbook, through the command line, with nothing leaked.

An encrypted copy and a plain twin of the same workbook go through validate,
agenda, packet, dashboard and monthly. After each command the encrypted file
is still encrypted, decrypts to a package whose parts the command does not own
(those the plain twin's run left alone) are byte-identical to before, and its
Agenda, Meetings and Monthly hold what the twin's hold. Meanwhile a thread
watches the workbook's folder (backups and output folder inside it) and the
temporary folder the commands use, and reads every file that appears or
changes: none may be a zip (a decrypted workbook or a plain Word file) or
hold a youth's name in clear text.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers.leak_watch import Watcher, watched_env, youth_names
from python_calamine import CalamineWorkbook

from safetynet.build.workbook import build_workbook
from safetynet.demo import generate
from safetynet.xlsx import crypto
from safetynet.xlsx.crypto import Container

TODAY = dt.date(2026, 11, 28)
PASSWORD = "Tuesday's table, 9 sharp"
COMMANDS = ("validate", "agenda", "packet", "dashboard", "monthly")


def parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def grid(package: bytes, sheet: str) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(package))
    try:
        return book.get_sheet_by_name(sheet).to_python()
    finally:
        book.close()


def cli(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "safetynet.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def plain_book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plain") / "SafetyNet.xlsm"
    return build_workbook(path, generate(youths=60, seed=12, today=TODAY))


def test_every_command_on_an_encrypted_workbook_leaks_nothing(plain_book, tmp_path):
    work, twin_folder, temp, home = (tmp_path / n for n in ("work", "twin", "temp", "home"))
    for folder in (work, twin_folder, temp, home):
        folder.mkdir()
    path, twin = work / "SafetyNet.xlsm", twin_folder / "SafetyNet.xlsm"
    shutil.copyfile(plain_book, path)
    shutil.copyfile(plain_book, twin)
    env = watched_env(TODAY.isoformat(), PASSWORD, home, temp)
    twin_env = {**env, "TMPDIR": str(twin_folder)}  # its PDFs' LibreOffice is not watched
    protected = cli("protect", str(path), env=env)
    assert protected.returncode == 0, protected.stderr
    assert crypto.container_of_file(path) is Container.ENCRYPTED
    for step in ("protect", "unprotect"):  # the twin's Log gets its first rows too
        assert cli(step, str(twin), env=env).returncode == 0
    assert crypto.container_of_file(twin) is Container.ZIP

    watcher = Watcher([work, temp], youth_names(plain_book.read_bytes()))
    watcher.start()
    try:
        for command in COMMANDS:
            before = parts(crypto.decrypt(path.read_bytes(), PASSWORD, path.name))
            twin_before = parts(twin.read_bytes())
            ran = cli(command, str(path), env=env)
            assert ran.returncode == 0, f"{command}: {ran.stdout} {ran.stderr}"
            assert "Traceback" not in ran.stderr
            assert PASSWORD not in ran.stdout + ran.stderr
            twin_ran = cli(command, str(twin), env=twin_env)
            assert twin_ran.returncode == 0, twin_ran.stderr

            assert crypto.container_of_file(path) is Container.ENCRYPTED, command
            package = crypto.decrypt(path.read_bytes(), PASSWORD, path.name)
            after, twin_after = parts(package), parts(twin.read_bytes())
            owned = {n for n in twin_before if twin_before[n] != twin_after.get(n)}
            changed = {n for n in before if before[n] != after.get(n)}
            assert changed == owned, command
            assert list(after) == list(twin_after), command  # same parts, same order
            for sheet in ("Agenda", "Meetings", "Monthly", "Dashboard"):
                assert grid(package, sheet) == grid(twin.read_bytes(), sheet), (command, sheet)
            if command == "validate":
                assert not changed
    finally:
        watcher.halt.set()
        watcher.join(timeout=60)

    assert watcher.findings == []
    assert watcher.files_read >= 10  # it did see the backups, the documents, the temp files
    package = crypto.decrypt(path.read_bytes(), PASSWORD, path.name)
    assert len(grid(package, "Meetings")) > len(grid(plain_book.read_bytes(), "Meetings"))
    log = grid(package, "Log")
    assert [r[2] for r in log[1:]] == [
        "Protect",
        "Build Agenda",
        "Print Packet",
        "Print Packet: Waiting list 2026-12-02",
        "Refresh Dashboard",
        "Monthly Report",
    ]  # fmt: skip; Print Packet records the waiting list (Youth IDs only) in its own row
    assert not any(PASSWORD in str(cell) for row in log for cell in row)
    control = Watcher([twin_folder], watcher.secrets)  # the watcher does see a leak
    control.sweep()
    assert any(f.startswith("a plain zip") for f in control.findings)
    backups = list((work / "SafetyNet backups").iterdir())
    assert backups and all(crypto.container_of_file(b) is Container.ENCRYPTED for b in backups)
    documents = list((work / "SafetyNet Output").iterdir())
    assert {d.suffix for d in documents} == {".docx"}  # no PDF unless asked
    assert all(crypto.container_of_file(d) is Container.ENCRYPTED for d in documents)
    assert crypto.decrypt(documents[0].read_bytes(), PASSWORD, documents[0].name)[:2] == b"PK"

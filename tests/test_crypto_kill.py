"""The kill test on an encrypted workbook: every kill leaves a file the password opens whole.

As tests/test_xlsx_write_kill.py, but the workbook is encrypted and the
writer seals each save. After every SIGKILL the file must decrypt with the
password to the old content or the new, never a mix, and stay encrypted.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

import pytest
from helpers.kills import kill_inside_write, random_kills
from helpers.xlsx_fixture import build_workbook
from python_calamine import CalamineWorkbook

from safetynet.xlsx import crypto
from safetynet.xlsx import write as write_module
from safetynet.xlsx.crypto import Container
from safetynet.xlsx.sealed import SealedWorkbook
from safetynet.xlsx.write import SheetWrite, write_workbook

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="needs fork and SIGKILL"
)  # fmt: skip

KILLS = 40
ROWS = 1500
PASSWORD = "kill me softly, 42"
CONTENTS = {
    "A": [["A", n, f"row {n} of the first agenda"] for n in range(ROWS)],
    "B": [["B", n, f"row {n} of the second agenda"] for n in range(ROWS)],
}


def _write_forever(path: Path, turn: int) -> None:
    """The child: open with the password once, then write A, B, A, B ... until killed."""
    try:
        sealed = SealedWorkbook(path, PASSWORD)
        while True:
            name = "AB"[turn % 2]
            write_workbook(path, [SheetWrite("Agenda", CONTENTS[name])], backups=3, sealer=sealed)
            turn += 1
    finally:
        os._exit(0)


def _which_content(path: Path) -> str:
    data = path.read_bytes()
    assert crypto.container_of(data) is Container.ENCRYPTED
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(crypto.decrypt(data, PASSWORD, "x")))
    try:
        rows = workbook.get_sheet_by_name("Agenda").to_python()
        youths = workbook.get_sheet_by_name("Youths").to_python()
    finally:
        workbook.close()
    assert youths[1][0] == "Y-0001"
    if rows[0][0] == "Old agenda":
        return "original"
    name = rows[0][0]
    assert name in CONTENTS
    assert [[r[0], int(r[1]), r[2]] for r in rows] == CONTENTS[name]
    return name


def test_killing_a_writer_of_an_encrypted_workbook_never_damages_it(tmp_path):
    path = build_workbook(tmp_path / "SafetyNet.xlsx")
    path.write_bytes(crypto.encrypt(path.read_bytes(), PASSWORD))

    def after_kill() -> str:
        temps = list(tmp_path.glob(".SafetyNet.xlsx.tmp-*"))
        assert all(crypto.container_of(t.read_bytes()) is not Container.ZIP for t in temps)
        return _which_content(path)

    started = time.monotonic()
    # past the one key derivation, into the writes
    seen = random_kills(
        KILLS, 20261201, (0.1, 0.6), lambda turn: _write_forever(path, turn), after_kill
    )
    elapsed = time.monotonic() - started
    print(f"{KILLS} kills in {elapsed:.1f} s; contents seen {seen}")
    assert seen.get("A", 0) and seen.get("B", 0)
    # One kill surely inside a write: its sealed copy is on disk, encrypted, the backup not made.
    kill_inside_write(write_module, "make_backup", lambda: _write_forever(path, 0))
    (temp,) = tmp_path.glob(".SafetyNet.xlsx.tmp-*")
    assert crypto.container_of(temp.read_bytes()) is Container.ENCRYPTED
    after_kill()
    write_workbook(path, [SheetWrite("Agenda", [["after"]])], sealer=SealedWorkbook(path, PASSWORD))
    assert not list(tmp_path.glob(".SafetyNet.xlsx.tmp-*"))
    backups = list((tmp_path / "SafetyNet backups").glob("SafetyNet *.xlsx"))
    assert backups and all(crypto.container_of_file(b) is Container.ENCRYPTED for b in backups)

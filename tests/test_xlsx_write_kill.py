"""The kill test: SIGKILL a process mid-write, again and again; the workbook survives.

A forked child rewrites the Agenda sheet in a loop, alternating two contents.
The parent kills it at seeded random moments. After every kill the workbook
must open and hold one content entirely: the old, or the new, never a mix.
"""

from __future__ import annotations

import os
import sys
import time
import zipfile
from pathlib import Path

import pytest
from helpers.kills import kill_inside_write, random_kills
from helpers.xlsx_fixture import build_workbook
from python_calamine import CalamineWorkbook

from safetynet.xlsx import write as write_module
from safetynet.xlsx.write import SheetWrite, write_workbook

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="needs fork and SIGKILL"
)  # fmt: skip

KILLS = 50
ROWS = 1500
CONTENTS = {
    "A": [["A", n, f"row {n} of the first agenda"] for n in range(ROWS)],
    "B": [["B", n, f"row {n} of the second agenda"] for n in range(ROWS)],
}


def _write_forever(path: Path, turn: int) -> None:
    """The child: write A, B, A, B ... until killed. Never returns into pytest."""
    try:
        while True:
            name = "AB"[turn % 2]
            write_workbook(path, [SheetWrite("Agenda", CONTENTS[name])], backups=3)
            turn += 1
    finally:
        os._exit(0)


def _which_content(path: Path) -> str:
    """'A', 'B' or 'original' when the Agenda holds one of them entirely; else fail."""
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    workbook = CalamineWorkbook.from_path(str(path))
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


def test_killing_a_writer_at_random_moments_never_damages_the_workbook(tmp_path):
    path = build_workbook(tmp_path / "SafetyNet.xlsx")
    started = time.monotonic()
    seen = random_kills(
        KILLS, 20240611, (0.0, 0.2), lambda turn: _write_forever(path, turn),
        lambda: _which_content(path),
    )  # fmt: skip
    elapsed = time.monotonic() - started
    print(f"{KILLS} kills in {elapsed:.1f} s; contents seen {seen}")
    assert seen.get("A", 0) and seen.get("B", 0)  # the writes did happen
    # And one kill surely inside a write: its copy is whole, the backup not yet made.
    kill_inside_write(write_module, "make_backup", lambda: _write_forever(path, 0))
    assert len(list(tmp_path.glob(".SafetyNet.xlsx.tmp-*"))) == 1
    assert _which_content(path) in CONTENTS.keys() | {"original"}
    write_workbook(path, [SheetWrite("Agenda", [["after"]])], backups=3)
    assert not list(tmp_path.glob(".SafetyNet.xlsx.tmp-*"))
    backups = tmp_path / "SafetyNet backups"
    assert len(list(backups.glob("SafetyNet *.xlsx"))) == 3
    assert not list(backups.glob(".*"))  # half-made copies of killed writers are gone

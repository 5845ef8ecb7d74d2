"""The kill test: SIGKILL a process mid-write, again and again; the workbook survives.

A forked child rewrites the Agenda sheet in a loop, alternating two contents.
The parent kills it at seeded random moments. After every kill the workbook
must open and hold one content entirely: the old, or the new, never a mix.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
import zipfile
from pathlib import Path

import pytest
from helpers.xlsx_fixture import build_workbook
from python_calamine import CalamineWorkbook

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
    chance = random.Random(20240611)
    seen: dict[str, int] = {}
    temps_left = 0
    started = time.monotonic()
    for kill in range(KILLS):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            _write_forever(path, kill)
        time.sleep(chance.uniform(0.0, 0.2))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        name = _which_content(path)
        seen[name] = seen.get(name, 0) + 1
        temps_left += len(list(tmp_path.glob(".SafetyNet.xlsx.tmp-*")))
    elapsed = time.monotonic() - started
    print(f"{KILLS} kills in {elapsed:.1f} s; contents seen {seen}; kills mid-write {temps_left}")
    assert seen.get("A", 0) and seen.get("B", 0)  # the writes did happen
    assert temps_left > 0  # and some kills landed in the middle of one
    write_workbook(path, [SheetWrite("Agenda", [["after"]])], backups=3)
    assert not list(tmp_path.glob(".SafetyNet.xlsx.tmp-*"))
    backups = tmp_path / "SafetyNet backups"
    assert len(list(backups.glob("SafetyNet *.xlsx"))) == 3
    assert not list(backups.glob(".*"))  # half-made copies of killed writers are gone

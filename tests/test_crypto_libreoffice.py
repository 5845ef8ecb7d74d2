"""LibreOffice opens our encrypted workbook with its password: a reader that shares no code."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers.libreoffice_password import open_with_password
from helpers.libreoffice_vba import libreoffice_available

from safetynet.build.workbook import build_workbook
from safetynet.demo import generate
from safetynet.schema import YOUTHS
from safetynet.xlsx import crypto
from safetynet.xlsx.read import read_sheet_grid
from safetynet.xlsx.sealed import SealedWorkbook
from safetynet.xlsx.write import SheetWrite, write_workbook

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not libreoffice_available(), reason="needs LibreOffice and uno"),
]
PASSWORD = "open sesame, 2026"


def test_libreoffice_opens_the_encrypted_workbook_and_sees_its_tables(tmp_path):
    path = tmp_path / "SafetyNet.xlsm"
    build_workbook(path, generate(youths=20, seed=9, today=dt.date(2026, 11, 28)))
    youths = read_sheet_grid(path, YOUTHS.name)
    path.write_bytes(crypto.encrypt(path.read_bytes(), PASSWORD))
    # a save as every command makes it: the key kept, the package sealed again
    write_workbook(path, [SheetWrite("Agenda", [["Checked by LibreOffice"]])],
                   sealer=SealedWorkbook(path, PASSWORD))  # fmt: skip

    seen = open_with_password(path, PASSWORD, YOUTHS.name)
    assert seen["opened"] is True
    assert {YOUTHS.name, "Meetings", "Referrals", "Agenda", "Log"} <= set(seen["sheets"])
    assert {YOUTHS.name, "Meetings", "Referrals", "Log"} <= set(seen["tables"])
    assert seen["rows"][0][:3] == youths[0][:3]
    assert seen["rows"][1][:3] == youths[1][:3]

    assert open_with_password(path, "open sesame, 2025", YOUTHS.name) == {"opened": False}

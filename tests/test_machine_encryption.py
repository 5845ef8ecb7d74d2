"""Check Setup says whether the workbook file is encrypted on disk, and recommends it."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from safetynet.build.workbook import build_workbook
from safetynet.cli import main
from safetynet.demo import generate
from safetynet.machine import encryption_line
from safetynet.xlsx import crypto

NOT_ENCRYPTED = (
    "Encryption: the workbook file is NOT encrypted: anyone who copies it reads every youth's "
    "details. Recommended: File > Info > Protect Workbook > Encrypt with Password (see the "
    "setup guide), and keep the password where the agency keeps its secrets."
)
ENCRYPTED = (
    "Encryption: the workbook file is encrypted with a password on disk, so a lost laptop or a "
    "copied file does not give away the youths' details."
)


def test_check_setup_tells_a_plain_workbook_from_an_encrypted_one(tmp_path, monkeypatch):
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))
    path = build_workbook(
        tmp_path / "SafetyNet.xlsm", generate(youths=5, seed=1, today=dt.date(2026, 11, 28))
    )
    assert encryption_line(path) == NOT_ENCRYPTED
    result = CliRunner().invoke(main, ["check", str(path)])
    assert NOT_ENCRYPTED in result.output.splitlines()
    path.write_bytes(crypto.encrypt(path.read_bytes(), "a good long password"))
    assert encryption_line(path) == ENCRYPTED
    result = CliRunner().invoke(main, ["check", str(path)])
    assert ENCRYPTED in result.output.splitlines()
    assert "Traceback" not in result.output

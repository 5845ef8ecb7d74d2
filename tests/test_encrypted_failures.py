"""What goes wrong with an encrypted workbook: a plain message, an exit status, no change."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from safetynet.build.workbook import build_workbook
from safetynet.cli import main
from safetynet.demo import generate
from safetynet.schema import LOG_SHEET
from safetynet.xlsx import crypto
from safetynet.xlsx.crypto import Container
from safetynet.xlsx.package import find_table
from safetynet.xlsx.read import read_sheet_grid

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 11, 28)
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYNET_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("SAFETYNET_PASSWORD", raising=False)
    monkeypatch.setattr("safetynet.passwords.from_keyring", lambda path: None)


@pytest.fixture(scope="module")
def sealed_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sealed") / "SafetyNet.xlsm"
    build_workbook(path, generate(youths=30, seed=5, today=TODAY))
    path.write_bytes(crypto.encrypt(path.read_bytes(), PASSWORD))
    return path


@pytest.fixture
def workbook(sealed_file, tmp_path) -> Path:
    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(sealed_file, copy)
    return copy


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: object, env: dict[str, str] | None = None, stdin: str | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, input=stdin)


def test_the_password_on_standard_input_opens_it(workbook):
    result = run("agenda", workbook, "--password-stdin", stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Agenda for ")
    assert crypto.container_of_file(workbook) is Container.ENCRYPTED


@pytest.mark.parametrize("command", ["validate", "agenda", "packet", "dashboard", "monthly"])
def test_a_wrong_password_names_the_file_and_changes_nothing(workbook, command):
    before = digest(workbook)
    result = run(command, workbook, env={"SAFETYNET_PASSWORD": "Correct horse battery"})
    assert result.exit_code == 1
    assert result.output == (
        "The password does not open SafetyNet.xlsm. It is unchanged. Type it again exactly as "
        "it was set in Excel (capitals count); if nobody knows it, restore a copy that is not "
        "encrypted, since nothing can recover a lost password.\n"
    )
    assert digest(workbook) == before
    assert not (workbook.parent / "SafetyNet backups").exists()


@pytest.mark.parametrize(
    ("how", "env", "stdin"),
    [("environment", {"SAFETYNET_PASSWORD": ""}, None), ("stdin", None, "\n")],
)
def test_an_empty_password_is_refused(workbook, how, env, stdin):
    before = digest(workbook)
    args = ["agenda", workbook, *(["--password-stdin"] if how == "stdin" else [])]
    result = run(*args, env=env, stdin=stdin)
    assert result.exit_code == 1
    assert result.output == (
        "The password given for SafetyNet.xlsm is empty, so it was not opened and is "
        "unchanged. Give the password set in Excel.\n"
    )
    assert digest(workbook) == before


def test_no_password_and_no_keyboard_says_how_to_give_one(workbook):
    result = run("dashboard", workbook)
    assert result.exit_code == 1
    assert result.output == (
        "SafetyNet.xlsm is encrypted and no password was given, and there is no keyboard to "
        "type it. Pass it on standard input with --password-stdin, set SAFETYNET_PASSWORD for "
        "a scheduled job, or run the command once in a terminal with --remember.\n"
    )


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.9])
def test_a_truncated_encrypted_workbook_is_damaged_and_left_alone(workbook, keep):
    data = workbook.read_bytes()
    workbook.write_bytes(data[: int(len(data) * keep)])
    before = digest(workbook)
    result = run("agenda", workbook, env={"SAFETYNET_PASSWORD": PASSWORD})
    assert result.exit_code == 2
    assert result.output == (
        "SafetyNet.xlsm is an encrypted workbook, but it is damaged or cut short, so it cannot "
        'be opened. It is unchanged. There is no copy in "SafetyNet backups" beside it: open '
        "it in Excel, which may repair it, or go back to your own latest copy.\n"
    )
    assert digest(workbook) == before


def test_a_damaged_encrypted_workbook_names_its_newest_backup(workbook):
    from safetynet.xlsx.backup import list_backups

    assert run("dashboard", workbook, env={"SAFETYNET_PASSWORD": PASSWORD}).exit_code == 0
    newest = list_backups(workbook)[-1]
    data = workbook.read_bytes()
    workbook.write_bytes(data[: len(data) // 2])
    result = run("agenda", workbook, env={"SAFETYNET_PASSWORD": PASSWORD})
    assert result.exit_code == 2
    assert result.output == (
        "SafetyNet.xlsm is an encrypted workbook, but it is damaged or cut short, so it cannot "
        f'be opened. It is unchanged. Restore the newest copy: "{newest.name}" in the '
        '"SafetyNet backups" folder beside it (rename the damaged file, then copy that one in '
        "its place as SafetyNet.xlsm).\n"
    )


def test_an_rc4_encrypted_xls_renamed_xlsm_is_an_old_file(tmp_path):
    path = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(DATA / "rc4_password.xls", path)
    before = digest(path)
    result = run("agenda", path, env={"SAFETYNET_PASSWORD": "Password1234_"})
    assert result.exit_code == 2
    assert result.output == (
        "SafetyNet.xlsm is an old Excel 97-2003 file (.xls, perhaps with a password), not a "
        "SafetyNet workbook. It is unchanged. Open it in Excel and save it as an Excel "
        "Macro-Enabled Workbook (.xlsm), then try again.\n"
    )
    assert digest(path) == before


def test_standard_encryption_gets_its_own_message(tmp_path):
    path = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(DATA / "standard_password.docx", path)
    before = digest(path)
    result = run("validate", path, env={"SAFETYNET_PASSWORD": "Password1234_"})
    assert result.exit_code == 2
    assert result.output.startswith(
        "SafetyNet.xlsm is encrypted in an older way (RC4 or standard encryption, from another "
        "program or an old Excel) that this program cannot read. It is unchanged."
    )
    assert digest(path) == before


def test_protect_twice_and_unprotect_a_plain_one_are_refused(workbook, tmp_path):
    result = run("protect", workbook, env={"SAFETYNET_PASSWORD": PASSWORD})
    assert result.exit_code == 1
    assert result.output.startswith("SafetyNet.xlsm is already encrypted with a password")
    plain = tmp_path / "plain" / "SafetyNet.xlsm"
    plain.parent.mkdir()
    plain.write_bytes(crypto.decrypt(workbook.read_bytes(), PASSWORD, "x"))
    result = run("unprotect", plain, env={"SAFETYNET_PASSWORD": PASSWORD})
    assert result.exit_code == 1
    assert result.output == "SafetyNet.xlsm is not encrypted, so there is no password to remove.\n"


def test_a_short_new_password_is_refused(tmp_path, sealed_file):
    plain = tmp_path / "SafetyNet.xlsm"
    plain.write_bytes(crypto.decrypt(sealed_file.read_bytes(), PASSWORD, "x"))
    before = digest(plain)
    result = run("protect", plain, env={"SAFETYNET_PASSWORD": "short"})
    assert result.exit_code == 1
    assert result.output.startswith("The password must have at least 8 characters")
    assert digest(plain) == before


def test_protect_then_unprotect_gives_back_every_part_and_logs_both(tmp_path, sealed_file):
    import io
    import zipfile

    plain = tmp_path / "SafetyNet.xlsm"
    original = crypto.decrypt(sealed_file.read_bytes(), PASSWORD, "x")
    plain.write_bytes(original)
    env = {"SAFETYNET_PASSWORD": "a brand new passphrase"}
    assert run("protect", plain, env=env).exit_code == 0
    assert crypto.container_of_file(plain) is Container.ENCRYPTED
    backups = list((tmp_path / "SafetyNet backups").iterdir())
    assert backups and all(crypto.container_of_file(b) is Container.ENCRYPTED for b in backups)
    result = run("unprotect", plain, env=env)
    assert result.exit_code == 0, result.output
    assert crypto.container_of_file(plain) is Container.ZIP
    with zipfile.ZipFile(io.BytesIO(original)) as a, zipfile.ZipFile(plain) as b:
        assert a.namelist() == b.namelist()
        changed = {n for n in a.namelist() if a.read(n) != b.read(n)}
        log = find_table({n: a.read(n) for n in a.namelist()}, LOG_SHEET, LOG_SHEET, "x")
    assert changed == {log.sheet_part, log.part}  # the Log's two rows, nothing else
    rows = read_sheet_grid(plain, LOG_SHEET)
    assert [r[2] for r in rows[1:]] == ["Protect", "Unprotect"]


def test_an_encrypted_workbook_is_held_by_the_writer_lock_from_before_its_read(
    workbook, monkeypatch
):
    """Two writers of one encrypted file run one after the other, as with a plain one."""
    import threading

    from safetynet.adapters.encrypted import file_adapter
    from safetynet.xlsx.writerlock import WorkbookBusy, writer_lock

    monkeypatch.setenv("SAFETYNET_PASSWORD", PASSWORD)
    adapter = file_adapter(workbook)
    refused: list[BaseException] = []

    def second_writer() -> None:
        try:
            with writer_lock(workbook, wait=0):
                pass
        except WorkbookBusy as exc:
            refused.append(exc)

    with adapter.session():
        assert adapter.held is not None and adapter.sealed.package  # decrypted under the lock
        other = threading.Thread(target=second_writer)
        other.start()
        other.join(10)
    assert len(refused) == 1 and "SafetyNet.xlsm" in str(refused[0])

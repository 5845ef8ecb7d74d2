"""Excel's Encrypt with Password, read and written in memory (safetynet.xlsx.crypto).

Held against a file Microsoft Office encrypted (tests/data/README.md) and
against msoffcrypto-tool's own reader, which shares none of our key code.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import msoffcrypto
import olefile
import pytest
from helpers.xlsx_fixture import build_workbook

from safetynet.model import UnreadableWorkbook
from safetynet.xlsx import crypto
from safetynet.xlsx.crypto import Container

DATA = Path(__file__).parent / "data"
EXCEL = DATA / "excel_agile_password.xlsx"
EXCEL_PLAIN = DATA / "excel_agile_password_plain.xlsx"
PASSWORD = "Password1234_"


def _entries(data: bytes) -> list[tuple]:
    """Each directory entry as Excel's layout fixes it: name, type, colour, links, size."""
    ole = olefile.OleFileIO(io.BytesIO(data))
    try:
        return [
            (e.name, e.entry_type, e.color, e.sid_left, e.sid_right, e.sid_child, e.clsid,
             e.size if e.name != "EncryptedPackage" else None)
            for e in ole.direntries
            if e is not None
        ]  # fmt: skip
    finally:
        ole.close()


def _streams(data: bytes) -> dict[str, bytes]:
    ole = olefile.OleFileIO(io.BytesIO(data))
    try:
        return {"/".join(s): ole.openstream(s).read() for s in ole.listdir()}
    finally:
        ole.close()


def test_excel_s_encrypted_file_decrypts_to_its_known_plain_workbook():
    plain, _ = crypto.unseal(EXCEL.read_bytes(), PASSWORD, EXCEL.name)
    assert plain == EXCEL_PLAIN.read_bytes()


def test_our_container_is_laid_out_as_excel_lays_it_out():
    ours = crypto.encrypt(EXCEL_PLAIN.read_bytes(), PASSWORD)
    excel = EXCEL.read_bytes()
    assert _entries(ours) == _entries(excel)
    theirs, mine = _streams(excel), _streams(ours)
    assert set(mine) == set(theirs)
    for name in theirs:
        if "DataSpaces" in name:
            assert mine[name] == theirs[name], name
    assert (
        mine["EncryptionInfo"][:8]
        == theirs["EncryptionInfo"][:8]
        == bytes.fromhex("0400040040000000")
    )
    assert crypto.descriptor_shape(mine["EncryptionInfo"]) == crypto.descriptor_shape(
        theirs["EncryptionInfo"]
    )
    ole = olefile.OleFileIO(io.BytesIO(ours))
    streams = [e for e in ole.direntries if e is not None and e.entry_type == olefile.STGTY_STREAM]
    assert all(e.createTime == e.modifyTime == 0 for e in streams)  # MS-CFB 2.6.1, as Excel
    assert ole.direntries[0].createTime == 0


def test_a_workbook_with_macros_comes_back_byte_identical_and_msoffcrypto_reads_ours(tmp_path):
    package = build_workbook(tmp_path / "book.xlsm").read_bytes()
    sealed = crypto.encrypt(package, "a long passphrase")
    assert crypto.container_of(sealed) is Container.ENCRYPTED
    assert crypto.decrypt(sealed, "a long passphrase", "book.xlsm") == package
    reader = msoffcrypto.OfficeFile(io.BytesIO(sealed))
    reader.load_key(password="a long passphrase", verify_password=True)
    out = io.BytesIO()
    reader.decrypt(out, verify_integrity=True)
    assert out.getvalue() == package


def test_a_save_keeps_the_key_but_draws_fresh_salt(tmp_path):
    package = build_workbook(tmp_path / "book.xlsm").read_bytes()
    _, envelope = crypto.unseal(crypto.encrypt(package, PASSWORD), PASSWORD, "book.xlsm")
    first, second = crypto.seal(package, envelope), crypto.seal(package, envelope)
    assert first != second
    for sealed in (first, second):
        assert crypto.decrypt(sealed, PASSWORD, "book.xlsm") == package
        assert crypto.unseal_with_key(sealed, envelope, "book.xlsm") == package
    other = crypto.encrypt(package, PASSWORD)  # the same password, another key encryptor
    with pytest.raises(crypto.KeyChanged):
        crypto.unseal_with_key(other, envelope, "book.xlsm")


def test_a_wrong_password_is_a_sentence_naming_the_file():
    with pytest.raises(crypto.WrongPassword) as raised:
        crypto.unseal(EXCEL.read_bytes(), "password1234_", "SafetyNet.xlsm")
    assert raised.value.exit_code == 1
    assert raised.value.message == (
        "The password does not open SafetyNet.xlsm. It is unchanged. Type it again exactly as "
        "it was set in Excel (capitals count); if nobody knows it, restore a copy that is not "
        "encrypted, since nothing can recover a lost password."
    )


def test_standard_encryption_has_its_own_message():
    data = (DATA / "standard_password.docx").read_bytes()
    assert crypto.container_of(data) is Container.ENCRYPTED
    with pytest.raises(crypto.UnsupportedEncryption) as raised:
        crypto.unseal(data, PASSWORD, "SafetyNet.xlsm")
    assert raised.value.exit_code == 2
    assert raised.value.message.startswith(
        "SafetyNet.xlsm is encrypted in an older way (RC4 or standard encryption"
    )


def test_a_compound_file_cut_before_its_directory_is_damaged():
    assert crypto.container_of(EXCEL.read_bytes()[:600]) is Container.DAMAGED


@pytest.mark.parametrize("keep", [4096, 9000, 14000])
def test_a_truncated_encrypted_file_is_damaged_never_a_wrong_password(keep):
    data = EXCEL.read_bytes()[:keep]
    assert crypto.container_of(data) is Container.ENCRYPTED
    with pytest.raises(UnreadableWorkbook) as raised:
        crypto.unseal(data, PASSWORD, "SafetyNet.xlsm")
    assert not isinstance(raised.value, crypto.WrongPassword)
    assert "damaged or cut short" in raised.value.message


def test_a_flipped_byte_in_the_package_fails_the_integrity_check():
    data = bytearray(crypto.encrypt(EXCEL_PLAIN.read_bytes(), PASSWORD))
    data[-1000] ^= 0x01  # inside the EncryptedPackage, which comes last
    with pytest.raises(UnreadableWorkbook, match="damaged or cut short"):
        crypto.unseal(bytes(data), PASSWORD, "SafetyNet.xlsm")


def test_containers_are_told_apart():
    assert crypto.container_of(EXCEL_PLAIN.read_bytes()) is Container.ZIP
    assert crypto.container_of(EXCEL.read_bytes()) is Container.ENCRYPTED
    assert crypto.container_of((DATA / "rc4_password.xls").read_bytes()) is Container.OLE
    assert crypto.container_of(b"Youth ID,First Name\n") is Container.OTHER


def test_the_envelope_never_shows_its_key():
    _, envelope = crypto.unseal(EXCEL.read_bytes(), PASSWORD, EXCEL.name)
    assert repr(envelope) == "KeyEnvelope(...)"
    assert zipfile.is_zipfile(io.BytesIO(crypto.decrypt(EXCEL.read_bytes(), PASSWORD, "x")))

"""Documents from an encrypted workbook: protected Word files, a PDF only when asked, email."""

from __future__ import annotations

import datetime as dt
import email
import shutil
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.libreoffice_vba import libreoffice_available

from safetynet.build.workbook import build_workbook
from safetynet.cli import main
from safetynet.demo import generate
from safetynet.documents.protect import UNPROTECTED_PDF
from safetynet.xlsx import crypto
from safetynet.xlsx.crypto import Container

TODAY = dt.date(2026, 11, 28)
PASSWORD = "the table's own passphrase"
ENV = {"SAFETYNET_PASSWORD": PASSWORD}


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYNET_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr("safetynet.passwords.from_keyring", lambda path: None)


@pytest.fixture(scope="module")
def sealed_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sealed") / "SafetyNet.xlsm"
    build_workbook(path, generate(youths=30, seed=8, today=TODAY))
    path.write_bytes(crypto.encrypt(path.read_bytes(), PASSWORD))
    return path


@pytest.fixture
def workbook(sealed_file, tmp_path) -> Path:
    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(sealed_file, copy)
    return copy


def run(*args: object, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def packet(workbook: Path, *extra: str) -> Path:
    assert run("agenda", workbook, env=ENV).exit_code == 0
    result = run("packet", workbook, "--out", workbook.parent / "out", *extra, env=ENV)
    assert result.exit_code == 0, result.output
    return workbook.parent / "out"


def test_the_packet_is_protected_with_the_workbook_password_and_no_pdf_by_default(workbook):
    out = packet(workbook)
    (made,) = out.iterdir()
    assert made.suffix == ".docx"
    assert crypto.container_of_file(made) is Container.ENCRYPTED
    assert crypto.decrypt(made.read_bytes(), PASSWORD, made.name)[:2] == b"PK"


@pytest.mark.libreoffice
@pytest.mark.skipif(not libreoffice_available(), reason="needs LibreOffice")
def test_a_pdf_when_asked_comes_with_a_warning_and_leaves_no_plain_copy(workbook):
    assert run("agenda", workbook, env=ENV).exit_code == 0
    out = workbook.parent / "out"
    result = run("packet", workbook, "--out", out, "--pdf", env=ENV)
    assert result.exit_code == 0, result.output
    assert UNPROTECTED_PDF in result.output
    names = sorted(p.name for p in out.iterdir())
    assert [Path(n).suffix for n in names] == [".docx", ".pdf"]  # no hidden plain copies left
    assert crypto.container_of_file(out / names[0]) is Container.ENCRYPTED
    assert (out / names[1]).read_bytes()[:5] == b"%PDF-"


def test_another_password_for_documents(workbook, monkeypatch):
    monkeypatch.setenv("SAFETYNET_DOCUMENT_PASSWORD", "for the partners only")
    out = packet(workbook, "--document-password")
    (made,) = out.iterdir()
    with pytest.raises(crypto.WrongPassword):
        crypto.decrypt(made.read_bytes(), PASSWORD, made.name)
    assert crypto.decrypt(made.read_bytes(), "for the partners only", made.name)[:2] == b"PK"


def test_the_email_attaches_the_packet_protected_with_the_email_password(workbook, monkeypatch):
    out = packet(workbook)
    (made,) = out.iterdir()
    monkeypatch.setattr("safetynet.documents.mail.password_from_keyring", lambda: "email pass 123")
    result = run("email", workbook, "--out", out, env=ENV)
    assert result.exit_code == 0, result.output
    (draft,) = out.glob("*.eml")
    message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
    (attachment,) = message.iter_attachments()
    sealed = attachment.get_content()
    assert crypto.container_of(sealed) is Container.ENCRYPTED
    plain = crypto.decrypt(made.read_bytes(), PASSWORD, made.name)
    assert crypto.decrypt(sealed, "email pass 123", "attachment") == plain
    assert PASSWORD.encode() not in draft.read_bytes()

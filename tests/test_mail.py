"""Email Packet: a draft that opens ready to send, with an attachment only the password opens."""

from __future__ import annotations

import email
import io
import os
from email import policy
from pathlib import Path
from typing import ClassVar

import msoffcrypto
import msoffcrypto.exceptions
import pytest
from docx import Document
from helpers.packet_books import TODAY, agenda_grid, book, member, on_agenda

from safetynet.documents import mail
from safetynet.model import SafetyNetError
from safetynet.operations.email import email_packet, newest_packet
from safetynet.operations.packet import print_packet

PASSWORD = "correct horse battery"


@pytest.fixture
def packet_dir(tmp_path: Path) -> Path:
    grid = agenda_grid([("New case", "Y-0001", ""), (None, "Y-0002", "")])
    print_packet(on_agenda(book(), grid), out_dir=tmp_path, pdf=False, copies=1, today=TODAY)
    return tmp_path


def _parse(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def _decrypt(data: bytes, password: str) -> bytes:
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password=password)
    out = io.BytesIO()
    office.decrypt(out)
    return out.getvalue()


def test_the_draft_is_unsent_addressed_to_cleared_members_with_the_protected_packet(packet_dir):
    cleared = [
        member("Mia Cleared", TODAY),
        member("Ravi Second", TODAY, Email="ravi@example.org"),
        member("Noel Pending", None),
        member("Olga Former", TODAY, active=False),
    ]
    outcome = email_packet(
        book(Members=cleared), packet_path=None, password=PASSWORD, out_dir=packet_dir, today=TODAY
    )
    draft = packet_dir / "SafetyNet packet 2026-12-02 email.eml"
    assert outcome.files == [draft]
    message = _parse(draft)
    assert message["X-Unsent"] == "1"
    assert set(message["To"].split(", ")) == {"mia@example.org", "ravi@example.org"}
    assert message["Subject"] == "SafetyNet case review packet (2 Dec 2026)"
    assert "password comes separately" in message.get_body(("plain",)).get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "SafetyNet packet 2026-12-02.docx"
    protected = attachment.get_content()
    assert msoffcrypto.OfficeFile(io.BytesIO(protected)).is_encrypted()
    opened = Document(io.BytesIO(_decrypt(protected, PASSWORD)))
    assert "Case review agenda" in opened.element.body.xpath("string(.)")


def test_the_wrong_password_does_not_open_the_attachment(packet_dir):
    email_packet(book(), packet_path=None, password=PASSWORD, out_dir=packet_dir, today=TODAY)
    message = _parse(packet_dir / "SafetyNet packet 2026-12-02 email.eml")
    protected = next(message.iter_attachments()).get_content()
    with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
        _decrypt(protected, "not the password")


def test_the_password_is_written_nowhere(packet_dir):
    outcome = email_packet(
        book(), packet_path=None, password=PASSWORD, out_dir=packet_dir, today=TODAY
    )
    for path in packet_dir.rglob("*"):
        assert PASSWORD.encode() not in path.read_bytes(), path.name
        assert PASSWORD not in path.name
    assert PASSWORD not in outcome.message and PASSWORD not in repr(outcome.data)


def test_the_newest_packet_is_chosen_and_numbered_copies_are_not(tmp_path):
    for name in (
        "SafetyNet packet 2026-11-25.docx",
        "SafetyNet packet 2026-12-02.docx",
        "SafetyNet packet 2026-12-09 copy 1 of 2.docx",
    ):
        (tmp_path / name).write_bytes(b"x")
    os.utime(tmp_path / "SafetyNet packet 2026-11-25.docx", (2_000_000_000, 2_000_000_000))
    assert newest_packet(tmp_path).name == "SafetyNet packet 2026-12-02.docx"


def test_no_packet_yet_says_to_print_one(tmp_path):
    with pytest.raises(SafetyNetError, match="Click Print Packet first"):
        email_packet(book(), packet_path=None, password=PASSWORD, out_dir=tmp_path, today=TODAY)


def test_nobody_cleared_with_an_email_is_refused(packet_dir):
    members = [member("Noel Pending", None), member("Mia Cleared", TODAY, Email=None)]
    with pytest.raises(SafetyNetError, match="nobody to send the packet to"):
        email_packet(
            book(Members=members),
            packet_path=None,
            password=PASSWORD,
            out_dir=packet_dir,
            today=TODAY,
        )


def test_a_short_password_is_refused_before_anything_is_written(packet_dir):
    before = sorted(p.name for p in packet_dir.iterdir())
    with pytest.raises(SafetyNetError, match="at least 8 characters"):
        email_packet(book(), packet_path=None, password="1234", out_dir=packet_dir, today=TODAY)
    assert sorted(p.name for p in packet_dir.iterdir()) == before


def test_the_keyring_keeps_the_password_when_a_backend_exists(monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1
        store: ClassVar[dict] = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        assert mail.password_from_keyring() is None
        mail.remember_password(PASSWORD)
        assert mail.password_from_keyring() == PASSWORD
    finally:
        keyring.set_keyring(previous)


def test_no_keyring_backend_is_a_plain_message_not_a_traceback():
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert mail.password_from_keyring() is None
        with pytest.raises(SafetyNetError, match="no password store"):
            mail.remember_password(PASSWORD)
    finally:
        keyring.set_keyring(previous)

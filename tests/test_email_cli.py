"""Email Packet from the command line and per agency: nobody exposed, the password asked once."""

from __future__ import annotations

import email
import io
import shutil
import sys
from email import policy
from pathlib import Path

import msoffcrypto
import pytest
from click.testing import CliRunner
from helpers.packet_books import TODAY, on_agenda
from test_packet import apply_meetings
from test_packet_releases import GRID, LEAD, releases_book

from safetynet.build.workbook import build_workbook
from safetynet.cli import main
from safetynet.demo import generate
from safetynet.operations.email import email_packet
from safetynet.operations.packet import print_packet
from safetynet.schema import LOG_SHEET, MEETINGS
from safetynet.xlsx.read import load_workbook, read_sheet_grid

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYNET_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("email") / "SafetyNet.xlsm"
    return build_workbook(path, generate(youths=40, seed=11, today=TODAY))


@pytest.fixture
def workbook(demo_file, tmp_path) -> Path:
    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(demo_file, copy)
    return copy


@pytest.fixture
def no_keyring():
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def run(*args, stdin: str | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin, catch_exceptions=False)


def parse(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def opens_with(data: bytes, password: str) -> bool:
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password=password)
    office.decrypt(io.BytesIO())
    return True


def encrypted_copy_of(packet: Path, attached: bytes) -> bytes:
    """``attached`` if, decrypted with the password, it is ``packet`` byte for byte."""
    office = msoffcrypto.OfficeFile(io.BytesIO(attached))
    office.load_key(password=PASSWORD)
    plain = io.BytesIO()
    office.decrypt(plain)
    return attached if plain.getvalue() == packet.read_bytes() else b""


def printed(workbook: Path) -> Path:
    assert run("agenda", workbook).exit_code == 0
    assert run("packet", workbook, "--no-pdf").exit_code == 0
    return workbook.parent / "SafetyNet Output"


def test_a_missing_packet_stops_before_the_password_is_asked(workbook, monkeypatch):
    asked = []
    monkeypatch.setattr(
        "safetynet.documents.mail.password_from_keyring", lambda *a: asked.append(1)
    )
    result = run("email", workbook, "--packet-password-stdin", stdin=PASSWORD + "\n")
    assert result.exit_code == 1
    assert result.output == (
        f"There is no packet in {workbook.parent / 'SafetyNet Output'}. Run safetynet packet "
        f"{workbook} first, then run safetynet email {workbook}.\n"
    )
    assert asked == [] and "Password" not in result.output


def test_a_piped_password_writes_a_bcc_draft_and_logs_the_youth_ids(workbook, no_keyring):
    folder = printed(workbook)
    result = run("email", workbook, "--packet-password-stdin", stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    (draft,) = folder.glob("*email.eml")
    message = parse(draft)
    assert message["To"] is None and message["Cc"] is None
    recipients = message["Bcc"].split(", ")
    assert len(recipients) >= 2 and all("@" in r for r in recipients)
    assert "in Bcc" in result.output
    assert opens_with(next(message.iter_attachments()).get_content(), PASSWORD)
    # The Log row lists the Youth IDs the attachment covers: the meeting's Meetings rows.
    book = load_workbook(workbook, (MEETINGS.name,), today=TODAY)
    meetings = book.frames[MEETINGS.name]
    date = message["Subject"]
    assert date.endswith(")")
    log = read_sheet_grid(workbook, LOG_SHEET)
    row = next(r for r in reversed(log) if r and r[2] == "Email Packet")
    packet_row = next(r for r in reversed(log) if r and r[2] == "Print Packet")
    assert row[3] == packet_row[3] and row[3]
    assert set(row[3].split(", ")) <= set(meetings[MEETINGS.cols.youth_id])
    assert row[4] == draft.name


def test_no_keyring_falls_back_and_the_draft_is_still_written(workbook, no_keyring):
    folder = printed(workbook)
    result = run("email", workbook, "--remember", "--packet-password-stdin", stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "no password store" in result.output
    assert "The draft is written all the same." in result.output
    assert len(list(folder.glob("*email.eml"))) == 1


class Keyboard(io.StringIO):
    """Standard input as a terminal: the program may prompt."""

    def isatty(self) -> bool:
        return True


class KeyboardSys:
    """The ``sys`` the command line sees: a terminal's standard input, the rest as it is
    (click's runner swaps standard output in and out, so it is looked up each time)."""

    def __init__(self, stdin: Keyboard):
        self.stdin = stdin

    def __getattr__(self, name: str):
        return getattr(sys, name)


def test_no_keyring_and_no_pipe_means_typing_it_and_the_draft_is_written(
    workbook, no_keyring, monkeypatch
):
    import safetynet.command_edge as edge

    folder = printed(workbook)
    monkeypatch.setattr(edge, "sys", KeyboardSys(Keyboard()))
    result = run("email", workbook, stdin=PASSWORD + "\n")  # typed at the hidden prompt
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Password for the packet (partners get it by phone or text)")
    (draft,) = folder.glob("*email.eml")
    assert opens_with(next(parse(draft).iter_attachments()).get_content(), PASSWORD)


def test_no_keyring_no_pipe_and_no_keyboard_is_a_plain_sentence(workbook, no_keyring):
    folder = printed(workbook)
    result = run("email", workbook)
    assert result.exit_code == 1
    assert "there is no keyboard to type it. Pipe it in with --packet-password-stdin" in (
        result.output
    )
    assert list(folder.glob("*email.eml")) == []


def test_per_agency_drafts_carry_each_agency_packet_to_its_members_only(tmp_path):
    workbook = releases_book()
    packet = print_packet(on_agenda(workbook, GRID), out_dir=tmp_path, pdf=False, today=TODAY)
    workbook = apply_meetings(workbook, packet.appends[MEETINGS.name])
    calls = []

    def password() -> str:
        calls.append(1)
        return PASSWORD

    outcome = email_packet(
        workbook, packet_path=None, password=password, out_dir=tmp_path, today=TODAY
    )
    assert calls == [1]  # asked once, for every draft
    drafts = {parse(p)["Bcc"]: parse(p) for p in outcome.files}
    assert set(drafts) == {
        "dana@example.org",
        "mia@example.org",
        "pat@example.org",
        "rae@example.org",
    }
    names = {bcc: next(m.iter_attachments()).get_filename() for bcc, m in drafts.items()}
    assert names == {
        "dana@example.org": f"SafetyNet packet 2026-12-02 for {LEAD}.docx",
        "mia@example.org": "SafetyNet packet 2026-12-02 for Probation Department.docx",
        "pat@example.org": "SafetyNet packet 2026-12-02 for Public Defender.docx",
        "rae@example.org": "SafetyNet packet 2026-12-02 for Bay Rape Crisis Center.docx",
    }
    # Each attachment is that agency's own packet, protected by the one password.
    for bcc, message in drafts.items():
        attached = next(message.iter_attachments()).get_content()
        assert attached == encrypted_copy_of(tmp_path / names[bcc], attached)
    assert sorted(outcome.youth_ids) == ["Y-0001", "Y-0002", "Y-0003", "Y-0004"]
    assert [n.what for n in outcome.log_notes] == [
        "draft for Bay Rape Crisis Center",
        f"draft for {LEAD}",
        "draft for Probation Department",
        "draft for Public Defender",
    ]
    assert all(sorted(n.youth_ids) == sorted(outcome.youth_ids) for n in outcome.log_notes)

"""Email Packet: ready-to-send drafts with the packet attached, password-protected.

Nobody is exposed: the members cleared to read the packet are in Bcc, never
in To, so no partner learns who else received it. With Require Releases = Y
there is one draft per agency, carrying that agency's own packet to its
members only. The password is asked for once, and only after the packets and
the recipients were found (``password`` may be a function the front end
passes, called then); it goes nowhere but into the encryption.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..actions import do
from ..model import SafetyNetError, Workbook
from ..schema import MEETINGS, MEMBERS, SET, setting
from . import LogNote, Operation, Outcome

_PACKET = re.compile(
    r"^SafetyNet packet (\d{4}-\d{2}-\d{2})(?: for (?P<agency>(?:(?! copy \d).)+))?\.docx$"
)


def newest_packet(folder: Path, *, per_agency: bool = False) -> Path:
    """The packet of the latest meeting in ``folder`` (numbered copies are for printing).

    ``per_agency``: the lead's copy among that meeting's agency packets.
    """
    _, found = _newest(folder, per_agency)
    return next(iter(found.values()))


def _newest(folder: Path, per_agency: bool) -> tuple[str, dict[str, Path]]:
    """The latest meeting date and its packets, by agency key ("" when not per agency)."""
    from ..core.releases import agency_key

    matches = [
        (m, p)
        for p in Path(folder).glob("SafetyNet packet *.docx")
        if (m := _PACKET.match(p.name)) and bool(m.group("agency")) is per_agency
    ]
    if not matches:
        kind = "per-agency packet" if per_agency else "packet"
        raise SafetyNetError(
            f"There is no {kind} in {folder}. {do('Print Packet')} first, then "
            f"{do('Email Packet')}.",
            exit_code=1,
        )
    date = max(m.group(1) for m, _ in matches)
    chosen = sorted(((m, p) for m, p in matches if m.group(1) == date), key=lambda mp: mp[1].name)
    return date, {agency_key(m.group("agency") or ""): p for m, p in chosen}


@dataclass(frozen=True)
class Draft:
    packet: Path
    agency: str  # "" for the one packet of every agency
    recipients: tuple[str, ...]


def email_packet(
    book: Workbook,
    *,
    today: dt.date,
    packet_path: Path | None,
    password: str | Callable[[], str],
    out_dir: Path,
) -> Outcome:
    """Write ``<packet name> email.eml`` beside each packet: one, or one per agency."""
    from ..core.facesheet import active_members, form_on_file, format_date
    from ..core.releases import agency_key
    from ..core.validate.releases import releases_required
    from ..documents.mail import check_password, draft_message, encrypt_docx, write_draft
    from ..documents.protect import document_bytes

    if isinstance(password, str):
        check_password(password)  # a password handed in is checked before anything else
    out_dir = Path(out_dir)
    cleared = [m for m in active_members(book.frames.get(MEMBERS.name)) if form_on_file(m)]
    without_email = [
        str(m[MEMBERS.cols.name]) for m in cleared if not _has_email(m.get(MEMBERS.cols.email))
    ]
    per_agency = releases_required(book.settings) and packet_path is None
    if packet_path:
        packet = Path(packet_path)
        if not packet.is_file():
            raise SafetyNetError(f"There is no packet at {packet}. {do('Print Packet')} first.", 1)
        dated = _PACKET.match(packet.name)
        date = dated.group(1) if dated else None
        drafts = [Draft(packet, "", _emails(cleared))]
    elif per_agency:
        date, packets = _newest(out_dir, per_agency=True)
        drafts = []
        for key, packet in packets.items():
            members = [m for m in cleared if agency_key(m.get(MEMBERS.cols.agency)) == key]
            agency = _PACKET.match(packet.name).group("agency")  # type: ignore[union-attr]
            if _emails(members):
                drafts.append(Draft(packet, agency, _emails(members)))
    else:
        date, packets = _newest(out_dir, per_agency=False)
        drafts = [Draft(next(iter(packets.values())), "", _emails(cleared))]
    drafts = [d for d in drafts if d.recipients]
    if not drafts:
        raise SafetyNetError(
            "No active member with a confidentiality form on file has an email address on the "
            "Members sheet, so there is nobody to send the packet to. Fill in Email and "
            "Confidentiality Signed on the Members sheet.",
            exit_code=1,
        )
    secret = password() if callable(password) else password  # asked once, packets found
    check_password(secret)
    subject = str(book.settings.get(SET.email_subject) or setting(SET.email_subject).default)
    body = str(book.settings.get(SET.email_body) or setting(SET.email_body).default)
    if date:
        subject += f" ({format_date(dt.date.fromisoformat(date))})"
    written: list[Path] = []
    for draft in drafts:
        message = draft_message(
            recipients=draft.recipients,
            subject=subject,
            body=body,
            attachment=encrypt_docx(document_bytes(draft.packet), secret),
            attachment_name=draft.packet.name,
        )
        written.append(write_draft(message, out_dir / f"{draft.packet.stem} email.eml"))
    covered = _covered(drafts, book, date)
    people = sum(len(d.recipients) for d in drafts)
    if per_agency:
        text = (
            f"{len(written)} email drafts are ready, one per agency with its own packet, to "
            f"{people} members in Bcc, each packet protected by the password."
        )
    else:
        text = (
            f"The email draft is ready: {written[0].name}, to {people} members in Bcc, with the "
            f"packet protected by the password."
        )
    text += " Open, check and send; send the password separately (by phone or text)."
    if without_email:
        text += f" No email address on the Members sheet for: {', '.join(without_email)}."
    return Outcome(
        operation=EMAIL_PACKET.name,
        message=text,
        files=written,
        youth_ids=covered,
        log_notes=[
            LogNote(f"draft for {d.agency}", tuple(covered), (path,))
            for d, path in zip(drafts, written, strict=True)
            if d.agency
        ],
        data={
            "drafts": [str(p) for p in written],
            "packets": [str(d.packet) for d in drafts],
            "recipients": people,
            "missing_email": without_email,
            "youth_ids": covered,
        },
    )


def _emails(members: list[dict]) -> tuple[str, ...]:
    return tuple(
        str(m[MEMBERS.cols.email]).strip() for m in members if _has_email(m.get(MEMBERS.cols.email))
    )


def _covered(drafts: list[Draft], book: Workbook, date: str | None) -> list[str]:
    """The Youth IDs the attachments cover: from the packets themselves, else the Meetings
    rows Print Packet added for that meeting."""
    from ..documents.packet import packet_youth_ids
    from ..documents.protect import document_bytes

    found: list[str] = []
    for draft in drafts:
        ids = packet_youth_ids(document_bytes(draft.packet))
        if ids is None:
            return _youths_of_meeting(book, date)
        found.extend(ids)
    return list(dict.fromkeys(found))


def _youths_of_meeting(book: Workbook, date: str | None) -> list[str]:
    """The Youth IDs Print Packet recorded on the Meetings sheet for the packet's meeting."""
    import pandas as pd

    meetings = book.frames.get(MEETINGS.name)
    if not date or meetings is None or meetings.empty:
        return []
    cols = MEETINGS.cols
    same = meetings[meetings[cols.meeting_date] == pd.Timestamp(date)]
    return list(dict.fromkeys(str(i) for i in same[cols.youth_id].dropna()))


def _has_email(value: object) -> bool:
    return isinstance(value, str) and "@" in value


EMAIL_PACKET = Operation(
    name="Email Packet",
    function=email_packet,
    reads=(MEMBERS.name, MEETINGS.name),
    documents=True,
    staged=False,  # it attaches the packet already in the output folder
    command="email",
    button="email_packet",
)

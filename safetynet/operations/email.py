"""Email Packet: a ready-to-send draft with the packet attached, password-protected.

The password is passed in by the front end (asked for, or taken from the
keyring) and goes nowhere but into the encryption.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..model import SafetyNetError, Workbook
from ..schema import MEMBERS, setting
from . import Operation, Outcome

_PACKET = re.compile(r"^SafetyNet packet (\d{4}-\d{2}-\d{2})\.docx$")


def newest_packet(folder: Path) -> Path:
    """The packet of the latest meeting in ``folder`` (numbered copies are for printing)."""
    found = [p for p in Path(folder).glob("SafetyNet packet *.docx") if _PACKET.match(p.name)]
    if not found:
        raise SafetyNetError(
            f"There is no packet in {folder}. Click Print Packet first, then Email Packet.",
            exit_code=1,
        )
    return max(found, key=lambda p: (_PACKET.match(p.name).group(1), p.stat().st_mtime))  # type: ignore[union-attr]


def email_packet(
    book: Workbook,
    *,
    today: dt.date,
    packet_path: Path | None,
    password: str,
    out_dir: Path,
) -> Outcome:
    """Write ``<packet name> email.eml`` beside the packet's other outputs."""
    from ..core.facesheet import active_members, form_on_file, format_date
    from ..documents.mail import check_password, draft_message, encrypt_docx, write_draft

    check_password(password)
    out_dir = Path(out_dir)
    packet = Path(packet_path) if packet_path else newest_packet(out_dir)
    if not packet.is_file():
        raise SafetyNetError(f"There is no packet at {packet}. Click Print Packet first.", 1)
    cleared = [m for m in active_members(book.frames.get(MEMBERS.name)) if form_on_file(m)]
    recipients = [str(m["Email"]).strip() for m in cleared if _has_email(m.get("Email"))]
    without_email = [str(m["Name"]) for m in cleared if not _has_email(m.get("Email"))]
    if not recipients:
        raise SafetyNetError(
            "No active member with a confidentiality form on file has an email address on the "
            "Members sheet, so there is nobody to send the packet to. Fill in Email and "
            "Confidentiality Signed on the Members sheet.",
            exit_code=1,
        )
    subject = str(book.settings.get("Email Subject") or setting("Email Subject").default)
    body = str(book.settings.get("Email Body") or setting("Email Body").default)
    dated = _PACKET.match(packet.name)
    if dated:
        subject += f" ({format_date(dt.date.fromisoformat(dated.group(1)))})"
    message = draft_message(
        recipients=recipients,
        subject=subject,
        body=body,
        attachment=encrypt_docx(packet.read_bytes(), password),
        attachment_name=packet.name,
    )
    draft = write_draft(message, out_dir / f"{packet.stem} email.eml")
    text = (
        f"The email draft is ready: {draft.name}, to {len(recipients)} members, with the packet "
        f"protected by the password. Open it, check it and send it; send the password "
        f"separately (by phone or text)."
    )
    if without_email:
        text += f" No email address on the Members sheet for: {', '.join(without_email)}."
    return Outcome(
        operation=EMAIL_PACKET.name,
        message=text,
        files=[draft],
        data={
            "draft": str(draft),
            "packet": str(packet),
            "recipients": len(recipients),
            "missing_email": without_email,
        },
    )


def _has_email(value: object) -> bool:
    return isinstance(value, str) and "@" in value


EMAIL_PACKET = Operation(
    name="Email Packet",
    function=email_packet,
    reads=(MEMBERS.name,),
    documents=True,
    staged=False,  # it attaches the packet already in the output folder
    command="email",
    button="email_packet",
)

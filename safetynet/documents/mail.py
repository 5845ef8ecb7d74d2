"""A draft email carrying the packet, encrypted, to the members cleared to read it.

The password protects the attachment only if it travels apart from it: it is
never written into the draft, the workbook, a file name or a log. It may be
kept in the operating system's keyring so staff do not have to retype it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from ..model import SafetyNetError

KEYRING_SERVICE = "SafetyNet"
KEYRING_USER = "packet password"
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
MIN_PASSWORD = 8


def encrypt_docx(data: bytes, password: str) -> bytes:
    """The Word file protected with ``password`` (Word asks for it on opening)."""
    from ..xlsx.crypto import encrypt

    check_password(password)
    try:
        return encrypt(data, password)
    except Exception as exc:  # not a Word file: a damaged one
        raise SafetyNetError(
            f"The packet could not be protected with a password ({type(exc).__name__}). "
            f"Print Packet again, then try again.",
            exit_code=1,
        ) from exc


def check_password(password: str) -> None:
    if not password or len(password) < MIN_PASSWORD:
        raise SafetyNetError(
            f"The password must have at least {MIN_PASSWORD} characters. Choose a longer one.",
            exit_code=2,
        )


def draft_message(
    *,
    recipients: Sequence[str],
    subject: str,
    body: str,
    attachment: bytes,
    attachment_name: str,
    sender: str | None = None,
) -> EmailMessage:
    """An unsent draft: Outlook and Thunderbird open it ready to send (X-Unsent: 1).

    The recipients are in Bcc, so no partner learns who else received the packet.
    """
    message = EmailMessage()
    message["Bcc"] = ", ".join(recipients)
    if sender:
        message["From"] = sender
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"
    message.set_content(body)
    message.add_attachment(
        attachment, maintype=DOCX_TYPE[0], subtype=DOCX_TYPE[1], filename=attachment_name
    )
    return message


def write_draft(message: EmailMessage, path: Path) -> Path:
    """Write the draft whole or not at all; the Bcc header is kept (it is a draft, not sent)."""
    from email import policy
    from email.generator import BytesGenerator

    from .protect import part_name

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = part_name(path)
    out = io.BytesIO()
    BytesGenerator(out, policy=policy.default).flatten(message)
    temporary.write_bytes(out.getvalue())
    temporary.replace(path)
    return path


def _keyring_failed(exc: Exception) -> SafetyNetError:
    return SafetyNetError(
        "This computer has no password store the program can use "
        f"({type(exc).__name__}). Type the password each time instead.",
        exit_code=1,
    )


def password_from_keyring(service: str = KEYRING_SERVICE) -> str | None:
    """The remembered packet password, or None when none is kept (or no keyring works)."""
    try:
        import keyring
        from keyring.errors import KeyringError

        return keyring.get_password(service, KEYRING_USER)
    except (KeyringError, RuntimeError, OSError, ImportError):
        return None


def remember_password(password: str, service: str = KEYRING_SERVICE) -> None:
    """Keep the password in the system keyring (Windows Credential Manager, macOS Keychain)."""
    check_password(password)
    try:
        import keyring
        from keyring.errors import KeyringError

        keyring.set_password(service, KEYRING_USER, password)
    except (KeyringError, RuntimeError, OSError, ImportError) as exc:
        raise _keyring_failed(exc) from exc

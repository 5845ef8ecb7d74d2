"""A draft email carrying the packet, encrypted, to the members cleared to read it.

The password protects the attachment only if it travels apart from it: it is
never written into the draft, the workbook, a file name or a log. It may be
kept in the operating system's keyring so staff do not have to retype it.
"""

from __future__ import annotations

import io
import os
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
    from msoffcrypto.format.ooxml import OOXMLFile

    check_password(password)
    out = io.BytesIO()
    try:
        OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    except Exception as exc:  # msoffcrypto raises its own types for a damaged file
        raise SafetyNetError(
            f"The packet could not be protected with a password ({type(exc).__name__}). "
            f"Print Packet again, then try again.",
            exit_code=1,
        ) from exc
    return out.getvalue()


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
    """An unsent draft: Outlook and Thunderbird open it ready to send (X-Unsent: 1)."""
    message = EmailMessage()
    message["To"] = ", ".join(recipients)
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
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"~{path.name[:200]}.{os.getpid()}.part")  # one per process
    temporary.write_bytes(bytes(message))
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

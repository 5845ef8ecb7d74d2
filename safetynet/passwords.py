"""Where an encrypted workbook's password comes from, and where it never goes.

In order: the first line of standard input (``--password-stdin``, for scripts),
the ``SAFETYNET_PASSWORD`` environment variable (scheduled jobs), the
keyring (after ``--remember`` was used once), a prompt on a terminal (twice
when a password is being set). Never from the command line's arguments, which
every user of the computer can see in the process list; never written to a
file, a log line or a message.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .model import SafetyNetError

ENV_VAR = "SAFETYNET_PASSWORD"
DOCUMENT_ENV_VAR = "SAFETYNET_DOCUMENT_PASSWORD"
KEYRING_SERVICE = "SafetyNet"
MIN_NEW_PASSWORD = 8


@dataclass(frozen=True)
class PasswordOptions:
    """What the command line was told about passwords (never a password itself)."""

    stdin: bool = False  # --password-stdin
    remember: bool = False  # --remember: keep it in the keyring once it opened the workbook
    document_password: bool = False  # --document-password: ask for another one for documents


class NoPassword(SafetyNetError):
    exit_code = 1


def _keyring_user(path: Path) -> str:
    return f"workbook password: {Path(path).resolve()}"


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _from_stdin() -> str:
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def _prompt(text: str, *, twice: bool) -> str:
    import click

    return click.prompt(text, hide_input=True, confirmation_prompt=twice, default="",
                        show_default=False)  # fmt: skip


def from_keyring(path: Path) -> str | None:
    """The remembered password of this workbook, or None (also when no keyring works)."""
    try:
        import keyring
        from keyring.errors import KeyringError

        return keyring.get_password(KEYRING_SERVICE, _keyring_user(path))
    except (KeyringError, RuntimeError, OSError, ImportError):
        return None


def remember(path: Path, password: str) -> None:
    """Keep the password in the system keyring (Credential Manager, Keychain)."""
    try:
        import keyring
        from keyring.errors import KeyringError

        keyring.set_password(KEYRING_SERVICE, _keyring_user(path), password)
    except (KeyringError, RuntimeError, OSError, ImportError) as exc:
        raise SafetyNetError(
            "This computer has no password store the program can use "
            f"({type(exc).__name__}), so the password was not remembered. The workbook is "
            "fine; give the password each time instead.",
            exit_code=1,
        ) from exc


def forget(path: Path) -> None:
    """Drop a remembered password (after unprotect); nothing kept is not an error."""
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, _keyring_user(path))
    except Exception:  # PasswordDeleteError when none was kept, or no keyring at all
        pass


def workbook_password(path: Path, options: PasswordOptions, *, new: bool = False) -> str:
    """The password for the workbook at ``path``; ``new`` when it is being set (protect)."""
    name = Path(path).name
    password: str | None
    if options.stdin:
        password = _from_stdin()
    elif ENV_VAR in os.environ:
        password = os.environ[ENV_VAR]
    elif not new and (remembered := from_keyring(path)):
        password = remembered
    elif _interactive():
        text = f"New password for {name}" if new else f"Password for {name}"
        password = _prompt(text, twice=new)
    else:
        raise NoPassword(
            f"{name} is encrypted and no password was given, and there is no keyboard to type "
            f"it. Pass it on standard input with --password-stdin, set {ENV_VAR} for a "
            f"scheduled job, or run the command once in a terminal with --remember."
        )
    if not password:
        raise NoPassword(
            f"The password given for {name} is empty, so it was not opened and is unchanged. "
            f"Give the password set in Excel."
        )
    if new and len(password) < MIN_NEW_PASSWORD:
        raise NoPassword(
            f"The password must have at least {MIN_NEW_PASSWORD} characters; {name} is "
            f"unchanged. Choose a longer one (a short sentence is easy to remember)."
        )
    return password


def document_password(workbook: str | None, options: PasswordOptions) -> str | None:
    """The password for documents: another one when asked for, else the workbook's."""
    if not options.document_password:
        return workbook
    password = os.environ.get(DOCUMENT_ENV_VAR) or (
        _prompt("Password for the documents", twice=True) if _interactive() else ""
    )
    if len(password) < MIN_NEW_PASSWORD:
        raise NoPassword(
            f"--document-password needs a password of at least {MIN_NEW_PASSWORD} characters, "
            f"typed when asked or set in {DOCUMENT_ENV_VAR}. Nothing was written."
        )
    return password

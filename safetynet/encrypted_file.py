"""Opening an encrypted workbook file with its password, and protect / unprotect.

``open_workbook`` gives None for a plain workbook and, for an encrypted one,
the file decrypted in memory (a ``SealedWorkbook``) that
``adapters.encrypted.EncryptedFileAdapter`` reads from and seals again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .model import SafetyNetError
from .passwords import PasswordOptions, forget, remember, workbook_password
from .xlsx.crypto import Container, container_of_file
from .xlsx.sealed import SealedWorkbook, open_sealed, protect_workbook, unprotect_workbook


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    path = Path(path)
    return path.is_file() and container_of_file(path) is Container.ENCRYPTED


def open_workbook(
    path: str | os.PathLike[str], passwords: PasswordOptions | None = None
) -> SealedWorkbook | None:
    """None for a plain workbook (checked readable); the decrypted one when it is encrypted."""
    from .xlsx.read import check_readable

    path = Path(path)
    if not is_encrypted(path):
        check_readable(path)
        return None
    options = passwords or PasswordOptions()
    password = workbook_password(path, options)
    sealed = open_sealed(path, password)
    if options.remember:
        remember(path, password)
    return sealed


def protect(
    path: str | os.PathLike[str],
    passwords: PasswordOptions,
    log_append: Callable[[], Any],
) -> tuple[Path, list[Path]]:
    """Encrypt a plain workbook; (backup, backups encrypted). The Log row goes in first."""
    from .xlsx.lock import refuse_if_open
    from .xlsx.read import check_readable

    path = Path(path)
    if is_encrypted(path):
        raise SafetyNetError(
            f"{path.name} is already encrypted with a password; it is unchanged. To change "
            f"the password, run 'safetynet unprotect' and then 'safetynet protect'.",
            exit_code=1,
        )
    refuse_if_open(check_readable(path))
    password = workbook_password(path, passwords, new=True)
    made = protect_workbook(path, password, appends=[log_append()])
    if passwords.remember:
        remember(path, password)
    return made


def unprotect(
    path: str | os.PathLike[str],
    passwords: PasswordOptions,
    log_append: Callable[[], Any],
) -> Path:
    """Remove the password; the backup kept is the encrypted file."""
    from .xlsx.lock import refuse_if_open

    path = Path(path)
    if not is_encrypted(path):
        from .xlsx.read import check_readable

        check_readable(path)
        raise SafetyNetError(
            f"{path.name} is not encrypted, so there is no password to remove.", exit_code=1
        )
    refuse_if_open(path)
    password = workbook_password(path, passwords)
    backup = unprotect_workbook(path, password, appends=[log_append()])
    forget(path)
    return backup

"""Word files protected with a password while the workbook they come from is encrypted.

The front end that opened an encrypted workbook wraps the operation in
``protected_documents(password)``; every Word file saved meanwhile (packet,
face sheets, funder report, MOU, forms) is then written encrypted, its plain
bytes kept in memory only, so an operation does not know or care. A PDF
cannot carry a password: it is made only when asked for, from plain copies in
a hidden folder beside it that is removed at once, and the user is told.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path

from ..model import SafetyNetError

UNPROTECTED_PDF = (
    "The PDF is not protected by a password (a PDF cannot be): anyone who gets the file "
    "reads it. Print it, then delete it; never email it."
)


class _Protection:
    def __init__(self, password: str):
        self.password = password
        self.plain: dict[Path, bytes] = {}
        self._envelope = None

    def seal(self, data: bytes) -> bytes:
        from ..xlsx import crypto

        if self._envelope is None:  # one key derivation for every document of the run
            self._envelope = crypto.new_envelope(self.password)
        return crypto.seal(data, self._envelope)


_active: ContextVar[_Protection | None] = ContextVar("document_protection", default=None)


@contextlib.contextmanager
def protected_documents(password: str | None) -> Iterator[None]:
    """Within: Word files are written encrypted with ``password`` (None: written plain)."""
    token = _active.set(_Protection(password) if password else None)
    try:
        yield
    finally:
        _active.reset(token)


def protecting() -> bool:
    return _active.get() is not None


def part_name(path: Path) -> Path:
    """A document's temporary name beside it, one per process (two Print Packets at once)."""
    return path.with_name(f"~{path.name[:200]}.{os.getpid()}.part")


def write_document(data: bytes, path: Path) -> Path:
    """Write a Word file atomically: encrypted while protecting, else as it is."""
    protection = _active.get()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = part_name(path)
    try:
        temporary.write_bytes(protection.seal(data) if protection else data)
        temporary.replace(path)
    except PermissionError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise SafetyNetError(
            f"{path.name} could not be written: it is probably open in Word. "
            f"Close it and try again.",
            exit_code=1,
        ) from exc
    if protection:
        protection.plain[path.resolve()] = data
    return path


def document_bytes(path: Path) -> bytes:
    """A Word file's plain bytes, decrypted in memory when it is protected."""
    from ..xlsx import crypto

    data = path.read_bytes()
    if crypto.container_of(data) is not crypto.Container.ENCRYPTED:
        return data
    protection = _active.get()
    if protection is None:
        raise SafetyNetError(
            f"{path.name} is protected with a password. Run the command on the encrypted "
            f"workbook it came from, so the program knows the password.",
            exit_code=1,
        )
    kept = protection.plain.get(path.resolve())
    if kept is not None:
        return kept
    try:
        return crypto.decrypt(data, protection.password, path.name)
    except crypto.WrongPassword as exc:
        raise SafetyNetError(
            f"{path.name} is protected with another password than this one. Print Packet "
            f"again, then try again.",
            exit_code=1,
        ) from exc


@contextlib.contextmanager
def plain_for_conversion(paths: Sequence[Path], out_dir: Path) -> Iterator[list[Path]]:
    """The files LibreOffice should read: plain copies of protected ones, removed after."""
    if not protecting():
        yield list(paths)
        return
    folder = Path(tempfile.mkdtemp(prefix=".safetynet-pdf-", dir=out_dir))
    try:
        copies = []
        for path in paths:
            copy = folder / path.name
            copy.write_bytes(document_bytes(path))
            copies.append(copy)
        yield copies
    finally:
        shutil.rmtree(folder, ignore_errors=True)

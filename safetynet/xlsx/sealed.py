"""An encrypted workbook file, opened with its password, and the protect/unprotect steps.

``SealedWorkbook`` is what the writer needs to save an encrypted workbook
(the ``Sealer`` below): the decrypted package, kept in memory from the read,
and how to seal a patched one and prove the sealed bytes open to it. No
decrypted byte is written anywhere: the temporary copy beside the workbook
is encrypted, and so is the backup, which is the old encrypted file itself.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from ..model import SafetyNetError, UnreadableWorkbook
from . import crypto
from .backup import fsync_file, list_backups, restore_advice
from .crypto import Container, container_of, container_of_file


class Sealer(Protocol):
    """How write_workbook opens an encrypted workbook and seals it again."""

    def open(self, path: Path) -> bytes: ...

    def seal(self, package: bytes) -> bytes: ...

    def check(self, sealed: bytes, package: bytes) -> None: ...


def _state(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


class SealedWorkbook:
    """An encrypted workbook file, decrypted in memory with its password."""

    def __init__(self, path: str | os.PathLike[str], password: str):
        self.path = Path(path).resolve()
        self._password = password
        self.package = b""
        self._read()

    def __repr__(self) -> str:
        return f"SealedWorkbook({self.path.name!r})"

    @property
    def password(self) -> str:
        """The workbook's password (for documents made from it); never logged or shown."""
        return self._password

    def _read(self) -> None:
        state = _state(self.path)
        data = self.path.read_bytes()
        envelope = getattr(self, "_envelope", None)
        try:
            try:  # saved by us since (same key encryptor): no need to derive the key again
                if envelope is None:
                    raise crypto.KeyChanged("first read")
                self.package = crypto.unseal_with_key(data, envelope, self.path.name)
            except crypto.KeyChanged:
                self.package, self._envelope = crypto.unseal(data, self._password, self.path.name)
        except crypto.DamagedPackage as exc:
            raise UnreadableWorkbook(
                f"{self.path.name} is an encrypted workbook, but it is damaged or cut short, so "
                f"it cannot be opened. It is unchanged. {restore_advice(self.path)}"
            ) from exc
        self._state = state

    def open(self, path: Path) -> bytes:
        """The decrypted package: the one read already, unless the file changed since."""
        if Path(path).resolve() != self.path or _state(self.path) != self._state:
            self.path = Path(path).resolve()
            self._read()
        return self.package

    def seal(self, package: bytes) -> bytes:
        return crypto.seal(package, self._envelope)

    def check(self, sealed: bytes, package: bytes) -> None:
        if crypto.unseal_with_key(sealed, self._envelope, self.path.name) != package:
            raise UnreadableWorkbook(
                f"{self.path.name} was not changed: its new encrypted copy did not decrypt to "
                f"what was written. Please report this; the workbook is as it was."
            )


class _Protecting:
    """Seal a plain workbook with a fresh key for a new password (``protect``)."""

    def __init__(self, password: str):
        self.password = password
        self.envelope = crypto.new_envelope(password)

    def open(self, path: Path) -> bytes:
        return path.read_bytes()

    def seal(self, package: bytes) -> bytes:
        return crypto.seal(package, self.envelope)

    def check(self, sealed: bytes, package: bytes) -> None:
        if crypto.decrypt(sealed, self.password, "the new copy") != package:
            raise UnreadableWorkbook("The encrypted copy did not decrypt to the workbook.")


class _Unprotecting:
    """Write the decrypted package as a plain workbook (``unprotect``)."""

    def __init__(self, sealed: SealedWorkbook):
        self.sealed = sealed

    def open(self, path: Path) -> bytes:
        return self.sealed.open(path)

    def seal(self, package: bytes) -> bytes:
        return package

    def check(self, sealed: bytes, package: bytes) -> None:
        if sealed != package:
            raise UnreadableWorkbook("The plain copy is not the decrypted workbook.")


def protect_workbook(
    path: str | os.PathLike[str], password: str, appends: Sequence[object] = ()
) -> tuple[Path, list[Path]]:
    """Encrypt a plain workbook with ``password``; its backups too. (backup, backups sealed)

    The backups taken before were plain copies: each is encrypted in place with
    the same password, so none is left for someone who copies the folder.
    """
    from .read import check_readable
    from .write import write_workbook

    path = check_readable(path).resolve()
    sealer = _Protecting(password)
    backup = write_workbook(path, (), appends, sealer=sealer)  # type: ignore[arg-type]
    sealed = []
    for copy in list_backups(path):
        data = copy.read_bytes()
        if container_of(data) is Container.ZIP:
            _replace_with(copy, crypto.seal(data, sealer.envelope))
            sealed.append(copy)
    return backup, sealed


def unprotect_workbook(
    path: str | os.PathLike[str], password: str, appends: Sequence[object] = ()
) -> Path:
    """Write the workbook back without its password; the backup keeps the encrypted file."""
    from .write import write_workbook

    sealed = open_sealed(path, password)
    return write_workbook(sealed.path, (), appends, sealer=_Unprotecting(sealed))  # type: ignore[arg-type]


def open_sealed(path: str | os.PathLike[str], password: str) -> SealedWorkbook:
    """The encrypted workbook at ``path`` opened with ``password`` (plain sentences on failure)."""
    path = Path(path)
    if not path.is_file():
        from .read import check_readable

        check_readable(path)  # says there is no file, or that it is a folder
    if not password:
        raise SafetyNetError(
            f"{path.name} is encrypted and the password given was empty. Type the password "
            f"set in Excel.",
            exit_code=1,
        )
    if container_of_file(path) is not Container.ENCRYPTED:
        raise UnreadableWorkbook(f"{path.name} is not an encrypted workbook.")
    return SealedWorkbook(path, password)


def _replace_with(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    partial.write_bytes(data)
    fsync_file(partial)
    os.replace(partial, path)

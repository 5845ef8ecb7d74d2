"""A workbook file encrypted with a password: one more adapter, the same operations.

It is the file adapter with the package in memory: the password is asked for
once (``safetynet.passwords``), the file decrypted into memory, read from
those bytes, patched in memory and sealed again by the writer, so no
decrypted byte reaches the disk. The Word files written while it runs are
protected with the same password, or the ``--document-password`` one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..passwords import PasswordOptions, document_password
from .common import header_rows
from .file import FileAdapter, apply_to_file
from .protocol import Inspection


class EncryptedFileAdapter(FileAdapter):
    """An encrypted SafetyNet workbook file (Excel's Encrypt with Password)."""

    protects_documents = True

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        out: str | os.PathLike[str] | None = None,
        writes: bool = True,
        passwords: PasswordOptions | None = None,
    ):
        super().__init__(path, out=out, writes=writes)
        self.passwords = passwords or PasswordOptions()
        self._sealed: Any = None

    @property
    def sealed(self) -> Any:
        """The file decrypted in memory (a ``SealedWorkbook``), opened on first use."""
        if self._sealed is None:
            from ..encrypted_file import open_workbook

            self._sealed = open_workbook(self.path, self.passwords)
        return self._sealed

    @property
    def opened_package(self) -> bytes | None:
        """The decrypted package once the password has opened it; None before (never asks)."""
        return self._sealed.package if self._sealed is not None else None

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        from ..documents.protect import protected_documents

        with super().session():  # the writer's lock, before the decrypting read
            password = document_password(self.sealed.password, self.passwords)
            with protected_documents(password):
                yield

    def checked_path(self) -> Path:
        from ..xlsx.read import check_exists

        return check_exists(self.path)

    def check(self) -> None:
        from ..xlsx.lock import refuse_if_open

        self.sealed  # noqa: B018  (asks for the password and decrypts, or says why not)
        if self.writes:
            refuse_if_open(self.path)

    def rows(self, sheets: Iterable[str]) -> dict[str, list[list[Any]]]:
        from ..xlsx.read import read_rows

        return read_rows(self.path, sheets, package=self.sealed.package, missing_as_blank=True)

    def inspect(self, sheets: tuple[str, ...], rows: dict[str, list[list[Any]]]) -> Inspection:
        from ..xlsx.inspect import inspect_workbook

        found = inspect_workbook(
            self.path, sheets, package=self.sealed.package, header_rows=header_rows(rows)
        )
        return Inspection(tuple(found))

    def apply(self, outcome: Any) -> None:
        if self.writes:
            expected = self.held.state if self.held else None
            apply_to_file(self.path, outcome, sealer=self.sealed, expected=expected)


def file_adapter(
    path: str | os.PathLike[str],
    *,
    out: str | os.PathLike[str] | None = None,
    writes: bool = True,
    passwords: PasswordOptions | None = None,
) -> FileAdapter:
    """The adapter for the workbook file at ``path``: encrypted or plain, by its bytes."""
    from ..encrypted_file import is_encrypted

    if is_encrypted(path):
        return EncryptedFileAdapter(path, out=out, writes=writes, passwords=passwords)
    return FileAdapter(path, out=out, writes=writes)

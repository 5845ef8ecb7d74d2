"""Write into the workbook file without losing anything else in it.

Only the parts an operation owns change: a generated sheet's cells, or the end
of a data table. Every other zip entry (buttons, macros, charts, dropdowns,
styles) is copied as the very bytes Excel stored, in the same order (see
zipcopy). The new file is written beside the old one and checked, a backup
copy is taken, and only then does one rename swap them, so a crash leaves the
old or the new workbook, never half of one. openpyxl is never used to save.
What each part becomes is planned first, in memory (``xlsx.writeplan``).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..model import SafetyNetError, UnreadableWorkbook, WorkbookLocked
from .backup import (
    backup_dir,
    fsync_dir,
    hide_file,
    make_backup,
    prune_backups,
    remove_stale_temps,
    replace_shown,
    restore_advice,
    temp_name,
)
from .lock import refuse_if_open
from .read import check_readable
from .writeplan import SheetWrite, TableAppend, plan_changes
from .writerlock import FileState, writer_lock
from .zipcopy import copy_zip, verify_zip

if TYPE_CHECKING:
    from .sealed import Sealer

__all__ = ["SheetWrite", "TableAppend", "backup_dir", "patch_package", "write_workbook"]

RESTORE = "Restore the newest copy from the backups folder beside it."


class ZipParts(Mapping[str, bytes]):
    """The entries of an open zip, read (and kept) only when asked for.

    ``advice``: what to do when a part is damaged (``backup.restore_advice``,
    which names the newest backup, when the workbook's path is known).
    """

    def __init__(self, archive: zipfile.ZipFile, name: str = "", advice: str = RESTORE):
        self.archive = archive
        self.name = name or Path(archive.filename or "").name
        self.advice = advice
        self.names = [info.filename for info in archive.infolist()]
        self.known = set(self.names)
        self.cache: dict[str, bytes] = {}

    def __getitem__(self, name: str) -> bytes:
        if name not in self.cache:
            try:
                self.cache[name] = self.archive.read(name)
            except KeyError:
                raise
            except Exception as exc:  # zlib.error, BadZipFile, CRC errors
                raise UnreadableWorkbook(
                    f"{self.name} is damaged and was not changed: {self._what(name)} fails its "
                    f"check ({type(exc).__name__}), so what it holds cannot be trusted. "
                    f"{self.advice}"
                ) from exc
        return self.cache[name]

    def _what(self, part: str) -> str:
        """The damaged part as staff know it: a sheet's name where it is one."""
        from .package import sheet_parts

        try:
            sheet = next(s for s, p in sheet_parts(self, self.name).items() if p == part)
        except Exception:  # the workbook's own list of sheets is damaged, or it is no sheet
            return f"its part {part}"
        return f'the "{sheet}" sheet'

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, name: object) -> bool:
        return name in self.known


def write_workbook(
    path: str | os.PathLike[str],
    writes: Sequence[SheetWrite] = (),
    appends: Sequence[TableAppend] = (),
    *,
    backups: int = 10,
    sealer: Sealer | None = None,
    expected: FileState | None = None,
) -> Path:
    """Apply ``writes`` and ``appends`` to the workbook file; return the backup copy's path.

    With a ``sealer`` the file is an encrypted workbook: the patch is made in
    memory and only encrypted bytes are written (the temporary copy, and the
    backup, which is the old encrypted file).

    Holds the writer lock (or joins the caller's). ``expected`` is the file as
    it was when the caller read it (``writer_lock(...).state``): if anyone
    saved it since, nothing is written. Raises WorkbookLocked while the
    workbook is open in Excel, UnreadableWorkbook when it is not a workbook or
    lacks a sheet or table named; in every case the file is left exactly as it was.
    """
    if backups < 1:
        raise ValueError("backups must be at least 1: every write keeps a copy")
    path = Path(path).resolve() if sealer else check_readable(Path(path).resolve())
    refuse_if_open(path)
    with writer_lock(path) as held:
        return _write_locked(path, writes, appends, backups, expected or held.state, sealer)


def _write_locked(
    path: Path,
    writes: Sequence[SheetWrite],
    appends: Sequence[TableAppend],
    backups: int,
    expected: FileState,
    sealer: Sealer | None,
) -> Path:
    remove_stale_temps(path)
    temp = temp_name(path)
    try:
        advice = restore_advice(path)  # names the newest backup, should the file be damaged
        if sealer is None:
            _plan_and_copy(path, temp, writes, appends, path.name, advice)
        else:
            package = patch_package(sealer.open(path), writes, appends, path.name, advice)
            write_sealed(temp, sealer, package)
        hide_file(temp)
        shutil.copymode(path, temp)
        refuse_if_open(path)  # Excel may have opened it meanwhile
        refuse_if_changed(path, expected)
        backup = make_backup(path)
        refuse_if_changed(path, expected)  # the last look, just before the rename
        _replace(temp, path)
    except OSError as exc:
        raise _save_failed(path, exc) from exc
    finally:
        with contextlib.suppress(OSError):  # never hide the sentence above behind this one
            temp.unlink(missing_ok=True)
    try:
        fsync_dir(path.parent)
        prune_backups(path, backups)
    except OSError:
        pass  # the workbook is saved; an old copy left behind costs only disk space
    return backup


def patch_package(
    source: bytes | Path,
    writes: Sequence[SheetWrite],
    appends: Sequence[TableAppend],
    file_name: str,
    advice: str = RESTORE,
) -> bytes:
    """The workbook package with the writes and appends applied, made and checked in memory."""
    out = io.BytesIO()
    _plan_and_copy(source, out, writes, appends, file_name, advice)
    return out.getvalue()


def write_sealed(temp: Path, sealer: Sealer, package: bytes) -> None:
    """Write the encrypted bytes beside the workbook, synced, and prove they open."""
    with open(temp, "wb") as handle:
        handle.write(sealer.seal(package))
        handle.flush()
        os.fsync(handle.fileno())
    sealer.check(temp.read_bytes(), package)


def refuse_if_changed(path: Path, expected: FileState) -> None:
    """Never save over a version this command did not read."""
    try:
        now: FileState | None = FileState.of(path)
    except OSError:
        now = None
    if now != expected:
        raise SafetyNetError(
            f"{path.name} was changed by another program while this command ran, so it "
            f"was not overwritten and nothing was lost. Run the command again; it will start "
            f"from the saved version.",
            exit_code=1,
        )


def _save_failed(path: Path, exc: OSError) -> SafetyNetError:
    if exc.errno == errno.ENAMETOOLONG or getattr(exc, "winerror", None) == 206:
        return SafetyNetError(
            f"{path.name} was not changed: its name ({len(path.name)} characters) is too long "
            f"for the copies kept in its backups folder. Rename it to something shorter, such "
            f"as SafetyNet.xlsm, then try again.",
            exit_code=1,
        )
    return SafetyNetError(
        f"{path.name} could not be saved ({exc.strerror or type(exc).__name__}); it is "
        f"unchanged. Check that the folder is not read-only and the disk is not full.",
        exit_code=1,
    )


def _plan_and_copy(
    source: Path | bytes,
    target: Path | BinaryIO,
    writes: Sequence[SheetWrite],
    appends: Sequence[TableAppend],
    name: str,
    advice: str = RESTORE,
) -> None:
    """Write the changed workbook to ``target`` and check it; a damaged source is a sentence."""
    try:
        with _open_zip(source, name, advice) as archive:
            parts = ZipParts(archive, name, advice)
            changed, removed = plan_changes(parts, writes, appends, name)
            copy_zip(archive, target, changed, removed)
            kept = [n for n in archive.namelist() if n not in removed]
    except (ET.ParseError, zipfile.BadZipFile, zlib.error, KeyError) as exc:
        raise UnreadableWorkbook(
            f"{name} is damaged and was not changed: part of it cannot be read "
            f"({type(exc).__name__}). {advice}"
        ) from exc
    _verify(target, kept, name, advice)


def _verify(temp: Path | BinaryIO, names: list[str], name: str, advice: str) -> None:
    try:
        verify_zip(temp, names)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise UnreadableWorkbook(
            f"{name} was not changed: the new copy failed its check ({exc}), so the "
            f"workbook itself may be damaged. {advice}"
        ) from exc


def _open_zip(source: Path | bytes, name: str, advice: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableWorkbook(
            f"{name} could not be opened as a workbook, so it was not changed. It may be "
            f"damaged. {advice}"
        ) from exc


def _replace(temp: Path, path: Path) -> None:
    try:
        replace_shown(temp, path)
    except PermissionError as exc:
        raise WorkbookLocked(
            f"{path.name} could not be replaced: another program is using it (Excel, a sync "
            f"tool or a virus scanner). It is unchanged. Close it and try again."
        ) from exc
    except OSError as exc:
        raise SafetyNetError(
            f"{path.name} could not be saved ({exc.strerror}). It is unchanged.", exit_code=1
        ) from exc

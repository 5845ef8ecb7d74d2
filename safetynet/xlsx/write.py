"""Write into the workbook file without losing anything else in it.

Only the parts an operation owns change: a generated sheet's cells, or the end
of a data table. Every other zip entry (buttons, macros, charts, dropdowns,
styles) is copied as the very bytes Excel stored, in the same order (see
zipcopy). The new file is written beside the old one and checked, a backup
copy is taken, and only then does one rename swap them, so a crash leaves the
old or the new workbook, never half of one. openpyxl is never used to save.

Formulas: generated sheets are written as values only. If a replaced sheet
held formulas, calcChain.xml (Excel's list of formula cells) is dropped with
its relationship and content type; Excel rebuilds it. Rows appended to a table
keep its computed columns' formulas.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import shutil
import xml.etree.ElementTree as ET
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..grid import Cell
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
from .cells import column_letter, escape_attribute, kind_of, rows_xml
from .lock import refuse_if_open
from .package import (
    WORKBOOK_PART,
    calc_chain_part,
    date1904,
    find_sheet_part,
    find_table,
    read_rels,
    rels_path,
    with_full_calc_on_load,
)
from .read import check_readable
from .rowheight import column_widths, row_heights
from .sheetxml import parse_worksheet, sheet_data_has_formulas, splice_children
from .styles import Styles
from .tableappend import append_to_table
from .tablepart import read_table
from .writerlock import FileState, writer_lock
from .zipcopy import copy_zip, verify_zip

if TYPE_CHECKING:
    from .sealed import Sealer

__all__ = ["SheetWrite", "TableAppend", "backup_dir", "patch_package", "write_workbook"]

CONTENT_TYPES = "[Content_Types].xml"


@dataclass(frozen=True)
class SheetWrite:
    """Replace every cell of ``sheet`` with ``rows`` (from A1), and its merged ranges."""

    sheet: str
    rows: Sequence[Sequence[Any | Cell]]


@dataclass(frozen=True)
class TableAppend:
    """Add ``rows`` (values in the Table's column order) under the Excel Table ``table``."""

    sheet: str
    table: str
    rows: Sequence[Sequence[Any]]


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


def sheet_write_xml(
    xml: bytes, write: SheetWrite, styles: Styles, is_1904: bool, where: str
) -> bytes:
    """The worksheet part with its cells, dimension, merges and links replaced."""
    sheet = parse_worksheet(xml, where)
    p = sheet.prefix
    heights = row_heights(write.rows, column_widths(sheet))
    body, width = rows_xml(write.rows, 1, styles.for_cell, is_1904, p, heights)
    height = max(
        (
            i + 1
            for i, row in enumerate(write.rows)
            if any(kind_of(v.value if isinstance(v, Cell) else v) != "blank" for v in row)
        ),
        default=0,
    )
    last = f"{column_letter(max(width, 1) - 1)}{max(height, 1)}"
    dimension = "A1" if last == "A1" else f"A1:{last}"
    new: dict[str, bytes] = {
        "dimension": f'<{p}dimension ref="{dimension}"/>'.encode(),
        "sheetData": (
            f"<{p}sheetData>{body}</{p}sheetData>" if body else f"<{p}sheetData/>"
        ).encode(),
        "mergeCells": b"",  # staff's merges on a generated sheet go with its old cells
        "hyperlinks": _links_xml(write.rows, p),
    }
    return splice_children(sheet, new)


def _links_xml(rows: Sequence[Sequence[Any]], p: str) -> bytes:
    links = []
    for r, row in enumerate(rows, start=1):
        for c, entry in enumerate(row):
            if isinstance(entry, Cell) and entry.link:
                links.append(
                    f'<{p}hyperlink ref="{column_letter(c)}{r}" '
                    f'location="{escape_attribute(entry.link.lstrip("="))}"/>'
                )
    if not links:
        return b""
    return f"<{p}hyperlinks>{''.join(links)}</{p}hyperlinks>".encode()


def _remove_calc_chain(parts: Mapping[str, bytes], changed: dict[str, bytes]) -> str | None:
    """Drop calcChain.xml with its relationship and content type; its name, if any."""
    part = calc_chain_part(parts)
    if part is None:
        return None
    rels = rels_path(WORKBOOK_PART)
    changed[rels] = re.sub(
        rb"<(?:\w+:)?Relationship\b[^>]*calcChain[^>]*?/>", b"", changed.get(rels, parts[rels])
    )
    types = changed.get(CONTENT_TYPES, parts[CONTENT_TYPES])
    changed[CONTENT_TYPES] = re.sub(
        rb'<(?:\w+:)?Override\b[^>]*PartName="/' + re.escape(part.encode()) + rb'"[^>]*?/>',
        b"",
        types,
    )
    return part


def check_well_formed(name: str, data: bytes) -> None:
    """Refuse to save a part that an XML parser rejects (a bug, never the user's fault)."""
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise SafetyNetError(
            f"The workbook was not changed: writing {name} went wrong ({exc}). "
            f"Please report this; your workbook is as it was."
        ) from exc


def _leaves_formula_uncalculated(
    parts: Mapping[str, bytes], changed: dict[str, bytes], append: TableAppend, file_name: str
) -> bool:
    """True when an appended row leaves a computed column's formula with no result."""
    table = find_table(parts, append.sheet, append.table, file_name)
    formulas = read_table(changed.get(table.part, parts[table.part])).formulas
    return any(
        formula and (i >= len(row) or kind_of(row[i]) == "blank")
        for row in append.rows
        for i, formula in enumerate(formulas)
    )


def refuse_table_sheet(parts: Mapping[str, bytes], part: str, where: str) -> None:
    """A sheet holding an Excel Table holds typed records: never rewrite it whole."""
    if any(kind == "table" for kind, _ in read_rels(parts, part).values()):
        raise SafetyNetError(
            f"{where} holds an Excel Table of records typed by staff, so it was not "
            f"rewritten and the workbook is unchanged. Please report this."
        )


def plan_changes(
    parts: Mapping[str, bytes],
    writes: Sequence[SheetWrite],
    appends: Sequence[TableAppend],
    file_name: str,
) -> tuple[dict[str, bytes], set[str]]:
    """({part: new bytes}, {parts to drop}) for the writes and appends asked for."""
    changed: dict[str, bytes] = {}
    removed: set[str] = set()
    styles = Styles.of(parts)
    is_1904 = date1904(parts)
    had_formulas = False
    for write in writes:
        part = find_sheet_part(parts, write.sheet, file_name)
        where = f'the "{write.sheet}" sheet of {file_name}'
        refuse_table_sheet(parts, part, where)
        old = changed.get(part, parts[part])
        had_formulas |= sheet_data_has_formulas(parse_worksheet(old, where))
        changed[part] = sheet_write_xml(old, write, styles, is_1904, where)
    for append in appends:
        table = find_table(parts, append.sheet, append.table, file_name)
        where = f'the "{append.sheet}" sheet of {file_name}'
        changed[table.sheet_part], changed[table.part] = append_to_table(
            changed.get(table.sheet_part, parts[table.sheet_part]),
            changed.get(table.part, parts[table.part]),
            append.rows,
            styles.for_value,
            is_1904,
            where,
        )
    if any(_leaves_formula_uncalculated(parts, changed, a, file_name) for a in appends):
        changed[WORKBOOK_PART] = with_full_calc_on_load(
            changed.get(WORKBOOK_PART, parts[WORKBOOK_PART])
        )
    if had_formulas:
        dropped = _remove_calc_chain(parts, changed)
        if dropped:
            removed.add(dropped)
    for name, data in changed.items():
        check_well_formed(name, data)
    return changed, removed


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

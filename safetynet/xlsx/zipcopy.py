"""Copy a zip entry by entry, swapping in new parts, and prove the copy sound.

Unchanged entries are copied as their raw compressed bytes (no inflate and
deflate again), so they are byte-for-byte the entries Excel wrote and a
large workbook is copied in a fraction of a second. Python's zipfile has no
public call for that; the few ZipFile attributes it needs are checked first,
and without them every entry is re-compressed instead (same uncompressed
bytes, same order, same method).
"""

from __future__ import annotations

import os
import shutil
import struct
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from ..model import UnreadableWorkbook

LOCAL_HEADER = struct.Struct("<4s5H3L2H")
LOCAL_SIGNATURE = b"PK\x03\x04"
DATA_DESCRIPTOR_FLAG = 0x08
ENCRYPTED_FLAG = 0x01


def _new_entry(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(info.filename, info.date_time)
    entry.compress_type = info.compress_type
    entry.external_attr = info.external_attr
    entry.comment = info.comment
    entry.create_system = info.create_system
    return entry


def _can_copy_raw(out: zipfile.ZipFile) -> bool:
    return all(hasattr(out, name) for name in ("fp", "filelist", "NameToInfo", "start_dir"))


def _copy_raw(source: zipfile.ZipFile, info: zipfile.ZipInfo, out: zipfile.ZipFile) -> None:
    """Append ``info``'s compressed bytes unchanged, under a fresh local header."""
    if info.flag_bits & ENCRYPTED_FLAG:
        raise UnreadableWorkbook("The workbook has an encrypted part; remove the password.")
    src = source.fp
    assert src is not None and out.fp is not None
    src.seek(info.header_offset)
    header = src.read(LOCAL_HEADER.size)
    fields = LOCAL_HEADER.unpack(header) if len(header) == LOCAL_HEADER.size else None
    if fields is None or fields[0] != LOCAL_SIGNATURE:
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    src.seek(info.header_offset + LOCAL_HEADER.size + fields[9] + fields[10])
    entry = _new_entry(info)
    entry.flag_bits = info.flag_bits & ~DATA_DESCRIPTOR_FLAG
    entry.CRC = info.CRC
    entry.compress_size = info.compress_size
    entry.file_size = info.file_size
    out.fp.seek(out.start_dir)
    entry.header_offset = out.fp.tell()
    out.fp.write(entry.FileHeader())
    left = info.compress_size
    while left:
        chunk = src.read(min(left, 1 << 20))
        if not chunk:
            raise zipfile.BadZipFile(f"{info.filename} is cut short")
        out.fp.write(chunk)
        left -= len(chunk)
    out.filelist.append(entry)
    out.NameToInfo[entry.filename] = entry
    out.start_dir = out.fp.tell()
    out._didModify = True  # so close() writes the central directory


def _copy_recompressed(
    source: zipfile.ZipFile, info: zipfile.ZipInfo, out: zipfile.ZipFile
) -> None:
    entry = _new_entry(info)
    entry.file_size = info.file_size
    with source.open(info) as src, out.open(entry, "w") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)


def copy_zip(
    source: zipfile.ZipFile,
    target: Path | BinaryIO,
    changed: Mapping[str, bytes],
    removed: set[str],
) -> None:
    """Write ``source``'s entries to ``target`` in order, ``changed`` swapped in.

    A path is written and synced to disk; an open binary file (a BytesIO for
    a package that must never reach the disk unencrypted) is only written.
    """
    if not isinstance(target, Path):
        _copy_entries(source, target, changed, removed)
        return
    with open(target, "wb") as handle:
        _copy_entries(source, handle, changed, removed)
        handle.flush()
        os.fsync(handle.fileno())


def _copy_entries(
    source: zipfile.ZipFile, handle: BinaryIO, changed: Mapping[str, bytes], removed: set[str]
) -> None:
    with zipfile.ZipFile(handle, "w", allowZip64=True) as out:
        raw = _can_copy_raw(out)
        for info in source.infolist():
            if info.filename in removed:
                continue
            if info.filename in changed:
                out.writestr(_new_entry(info), changed[info.filename])
            elif raw:
                _copy_raw(source, info, out)
            else:
                _copy_recompressed(source, info, out)
        out.comment = source.comment


def verify_zip(path: Path | BinaryIO, expected: list[str]) -> None:
    """Read every entry back (checking each CRC) before the copy may replace anything."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if names != expected:
            raise zipfile.BadZipFile("the copy lists other entries than intended")
        bad = archive.testzip()
        if bad is not None:
            raise zipfile.BadZipFile(f"{bad} fails its CRC check")

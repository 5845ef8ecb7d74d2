"""What a workbook file is, from its first bytes: a zip, an encrypted package, an old .xls."""

from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Container(StrEnum):
    """What a workbook file is, from its bytes."""

    ZIP = "zip"  # a plain .xlsm/.xlsx
    ENCRYPTED = "encrypted"  # a compound file with an EncryptedPackage stream
    OLE = "ole"  # another compound file: an old .xls, perhaps RC4-encrypted
    DAMAGED = "damaged"  # a compound file too damaged to tell which
    OTHER = "other"


def container_of(data: bytes) -> Container:
    """Zip, encrypted package, other compound file, or something else."""
    if data[:4] == ZIP_MAGIC:
        return Container.ZIP
    if data[:8] != OLE_MAGIC:
        return Container.OTHER
    names = _stream_names(data)
    if names is not None and {"encryptedpackage", "encryptioninfo"} <= names:
        return Container.ENCRYPTED
    if names is None and b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00" in data:
        return Container.ENCRYPTED  # a damaged one: its directory still names the stream
    return Container.OLE if names is not None else Container.DAMAGED


def container_of_file(path: str | Path) -> Container:
    """The container of the file at ``path``; reads only what it must."""
    with open(path, "rb") as handle:
        head = handle.read(8)
        if head != OLE_MAGIC:
            return container_of(head)
        return container_of(head + handle.read())


def _stream_names(data: bytes) -> set[str] | None:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:  # olefile raises OSError and its own types on damage
        return None
    try:
        return {"/".join(entry).lower() for entry in ole.listdir()}
    finally:
        ole.close()

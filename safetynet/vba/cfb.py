"""A Compound File Binary (MS-CFB, version 3) writer, just enough for vbaProject.bin.

No permissively licensed writer exists on PyPI, and olefile only reads. This
one writes a whole file at once from a mapping of stream paths to bytes:

- 512-byte sectors; streams under 4096 bytes live in the mini stream
  (64-byte mini sectors), as MS-CFB requires; larger ones in regular sectors.
- Every storage's children form a red-black tree, built balanced from the
  sorted names and coloured so that it is a valid red-black tree.
- No timestamps and zero CLSIDs: the same streams give the same bytes.

Limit: the FAT must fit in the 109 sector slots of the header (no DIFAT
sectors), i.e. at most 109 * 128 = 13,952 sectors, about 6.8 MB in all.
Larger input raises ``CompoundFileTooLarge``; a VBA project is a few
hundred KB at most.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR_SIZE = 512
MINI_SECTOR_SIZE = 64
MINI_STREAM_CUTOFF = 4096
HEADER_DIFAT_SLOTS = 109
MAX_SECTORS = HEADER_DIFAT_SLOTS * (SECTOR_SIZE // 4)
MAX_NAME_LENGTH = 31

FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF

_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1
_ENTRIES_PER_SECTOR = SECTOR_SIZE // 128


class CompoundFileTooLarge(ValueError):
    """The streams need more FAT sectors than the header can list."""


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    id: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = _BLACK
    start: int = ENDOFCHAIN


def _sort_key(name: str) -> tuple[int, str]:
    """MS-CFB 2.6.4 order: shorter names first, then by upper-cased UTF-16 code units."""
    return len(name.encode("utf-16-le")), name.upper()


def _build_tree(streams: Mapping[str, bytes]) -> _Entry:
    root = _Entry("Root Entry", _ROOT)
    for path, data in streams.items():
        parts = path.split("/")
        if any(
            not part or len(part) > MAX_NAME_LENGTH or any(c in part for c in "\\:!")
            for part in parts
        ):
            raise ValueError(
                f"The stream path {path!r} is not valid: each name needs 1 to 31 characters "
                "and no \\ / : or !."
            )
        storage = root
        for part in parts[:-1]:
            storage = storage.children.setdefault(part.upper(), _Entry(part, _STORAGE, start=0))
            if storage.kind != _STORAGE:
                raise ValueError(f"The stream path {path!r} runs through a stream.")
        if parts[-1].upper() in storage.children:
            raise ValueError(f"The stream path {path!r} is given twice.")
        storage.children[parts[-1].upper()] = _Entry(parts[-1], _STREAM, bytes(data))
    return root


def _number_entries(root: _Entry) -> list[_Entry]:
    """Entries in directory order: each storage's children right after it, sorted."""
    ordered = [root]
    position = 0
    while position < len(ordered):
        entry = ordered[position]
        ordered.extend(sorted(entry.children.values(), key=lambda e: _sort_key(e.name)))
        position += 1
    for index, entry in enumerate(ordered):
        entry.id = index
    return ordered


def _link_children(entry: _Entry) -> None:
    """Balanced tree from the sorted children: black down to the last full level, red below."""
    siblings = sorted(entry.children.values(), key=lambda e: _sort_key(e.name))
    full_levels = (len(siblings) + 1).bit_length() - 1

    def link(low: int, high: int, depth: int) -> int:
        if low >= high:
            return NOSTREAM
        middle = (low + high) // 2
        node = siblings[middle]
        node.color = _BLACK if depth < full_levels else _RED
        node.left = link(low, middle, depth + 1)
        node.right = link(middle + 1, high, depth + 1)
        return node.id

    entry.child = link(0, len(siblings), 0)
    for child in siblings:
        _link_children(child)


def _chain(fat: list[int], first: int, count: int) -> None:
    for index in range(first, first + count - 1):
        fat[index] = index + 1
    fat[first + count - 1] = ENDOFCHAIN


def _sectors_for(size: int, sector: int) -> int:
    return -(-size // sector)


def _pad(data: bytes, sector: int) -> bytes:
    return data + b"\0" * (-len(data) % sector)


def _directory_entry(entry: _Entry, size: int) -> bytes:
    encoded = (entry.name + "\0").encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        entry.kind,
        entry.color,
        entry.left,
        entry.right,
        entry.child,
        b"\0" * 16,
        0,
        0,
        0,
        entry.start,
        size,
    )


_UNUSED_ENTRY = struct.pack(
    "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"", 0, 0, 0, 0, 0
)


def write_compound_file(streams: Mapping[str, bytes]) -> bytes:
    """A compound file holding ``streams``, keyed by path ("VBA/dir"; "/" separates storages).

    Storages are created from the paths. Raises ValueError for a bad name or
    path and CompoundFileTooLarge past the limit in the module docstring.
    """
    root = _build_tree(streams)
    entries = _number_entries(root)
    _link_children(root)
    stream_entries = [e for e in entries if e.kind == _STREAM]
    small = [e for e in stream_entries if 0 < len(e.data) < MINI_STREAM_CUTOFF]
    large = [e for e in stream_entries if len(e.data) >= MINI_STREAM_CUTOFF]

    mini_stream = bytearray()
    mini_fat: list[int] = []
    for entry in small:
        count = _sectors_for(len(entry.data), MINI_SECTOR_SIZE)
        entry.start = len(mini_fat)
        mini_fat.extend([0] * count)
        _chain(mini_fat, entry.start, count)
        mini_stream += _pad(entry.data, MINI_SECTOR_SIZE)
    mini_fat_sectors = _sectors_for(len(mini_fat) * 4, SECTOR_SIZE)
    directory_sectors = _sectors_for(len(entries), _ENTRIES_PER_SECTOR)
    body_sectors = (
        directory_sectors
        + mini_fat_sectors
        + _sectors_for(len(mini_stream), SECTOR_SIZE)
        + sum(_sectors_for(len(e.data), SECTOR_SIZE) for e in large)
    )
    fat_sectors = 1
    while fat_sectors * (SECTOR_SIZE // 4) < body_sectors + fat_sectors:
        fat_sectors += 1
    if fat_sectors > HEADER_DIFAT_SLOTS:
        raise CompoundFileTooLarge(
            f"The VBA project needs {body_sectors * SECTOR_SIZE:,} bytes; "
            f"the limit is about {MAX_SECTORS * SECTOR_SIZE:,}."
        )

    fat = [FREESECT] * (fat_sectors * (SECTOR_SIZE // 4))
    for index in range(fat_sectors):
        fat[index] = FATSECT
    next_sector = fat_sectors

    def allocate(count: int) -> int:
        nonlocal next_sector
        if count == 0:
            return ENDOFCHAIN
        first = next_sector
        _chain(fat, first, count)
        next_sector += count
        return first

    directory_start = allocate(directory_sectors)
    mini_fat_start = allocate(mini_fat_sectors)
    root.start = allocate(_sectors_for(len(mini_stream), SECTOR_SIZE))
    for entry in large:
        entry.start = allocate(_sectors_for(len(entry.data), SECTOR_SIZE))

    directory = b"".join(
        _directory_entry(e, len(mini_stream) if e.kind == _ROOT else len(e.data)) for e in entries
    )
    directory += _UNUSED_ENTRY * (directory_sectors * _ENTRIES_PER_SECTOR - len(entries))
    mini_fat_padded = struct.pack(
        f"<{mini_fat_sectors * (SECTOR_SIZE // 4)}I",
        *(mini_fat + [FREESECT] * (mini_fat_sectors * (SECTOR_SIZE // 4) - len(mini_fat))),
    )
    difat = [*range(fat_sectors), *[FREESECT] * (HEADER_DIFAT_SLOTS - fat_sectors)]
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        _SIGNATURE,
        b"\0" * 16,
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        fat_sectors,
        directory_start,
        0,
        MINI_STREAM_CUTOFF,
        mini_fat_start,
        mini_fat_sectors,
        ENDOFCHAIN,
        0,
        *difat,
    )
    parts = [
        header,
        struct.pack(f"<{len(fat)}I", *fat),
        directory,
        mini_fat_padded,
        _pad(bytes(mini_stream), SECTOR_SIZE),
        *(_pad(e.data, SECTOR_SIZE) for e in large),
    ]
    return b"".join(parts)

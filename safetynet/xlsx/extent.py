"""Look at a sheet's cells before python-calamine does, and at its tables' Total Rows.

Calamine turns a sheet into a grid as wide and tall as its farthest value: one
"x" typed at XFD1048576 asks for 17 billion cells (the process dies), one at
AX1048576 for 52 million (20 s and 2 GB). So each sheet's XML is streamed first
(``<dimension>`` is not trusted) and a value far beyond what the sheet's data
could need is refused with a sentence naming the cell. "What it could need" is
worked out from the sheet itself: room for eight cells per value it holds (at
least a million cells) and twice the rows holding anything, as wide as its
table plus one alphabet. Finding those
values is one regular-expression pass per sheet, written so that an ordinary
cell never matches; only a cell beyond that reach is looked at more closely.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..model import SafetyNetError, UnreadableWorkbook
from ..schema import DATA_SHEETS
from .backup import restore_advice
from .cells import column_letter
from .package import read_rels, sheet_parts

FLOOR_CELLS = 1_000_000  # about 40 MB in calamine and Python: always allowed
CELLS_PER_VALUE = 8
SPARE_COLUMNS = 26
CHUNK = 1 << 20
_OVERLAP = 2048  # a candidate's tag is looked at within this many bytes
_SCHEMA_WIDTH = {s.name.casefold(): len(s.columns) for s in DATA_SHEETS}


@dataclass(frozen=True)
class SheetFacts:
    """What the reader must know before turning the grid into records."""

    total_rows: tuple[int, ...] = ()  # Excel row numbers of tables' Total Rows


class _Parts(Mapping[str, bytes]):
    def __init__(self, archive: zipfile.ZipFile):
        self.archive, self.names = archive, set(archive.namelist())

    def __getitem__(self, name: str) -> bytes:
        return self.archive.read(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, name: object) -> bool:
        return name in self.names


def check_sheets(
    path: Path,
    names: Iterable[str],
    package: bytes | None = None,
    *,
    passed: Callable[[str], None] = lambda name: None,
) -> dict[str, SheetFacts]:
    """Refuse a value out of reach on any sheet named; each sheet's Total Rows.

    ``package``: the workbook's bytes when they are held in memory (decrypted).
    ``passed`` is told each sheet as soon as it is known safe to read (or missing:
    the reader says so), before the next is looked at. The sheets are looked at
    smallest first, so a reader told as they pass starts at once and is not kept
    waiting behind the largest sheet's check (the first refused is the first raised).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(package) if package is not None else path) as archive:
            parts = _Parts(archive)
            by_name = {n.strip().casefold(): p for n, p in sheet_parts(parts, path.name).items()}
            part_of = {name: by_name.get(name.strip().casefold()) for name in names}
            facts = {}
            for name in sorted(part_of, key=lambda n: _size(archive, part_of[n])):
                part = part_of[name]
                if part is None or part not in parts:
                    passed(name)  # the reader says which sheet is missing
                    continue
                tables = _tables(parts, part)
                width = max([_SCHEMA_WIDTH.get(name.casefold(), 0), *(w for w, _ in tables)])
                _check_extent(archive, part, name, width)
                facts[name] = SheetFacts(tuple(r for _, rows in tables for r in rows))
                passed(name)
            return facts
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise UnreadableWorkbook(
            f"{path.name} is damaged: part of it fails its check ({type(exc).__name__}). "
            f"{restore_advice(path)}"
        ) from exc


def _size(archive: zipfile.ZipFile, part: str | None) -> int:
    try:
        return archive.getinfo(part).file_size if part else 0
    except KeyError:
        return 0


def total_rows(archive: zipfile.ZipFile, sheet_part: str) -> list[int]:
    """The Excel row numbers of the Total Rows of the tables on a sheet."""
    return [r for _, rows in _tables(_Parts(archive), sheet_part) for r in rows]


def _tables(parts: Mapping[str, bytes], sheet_part: str) -> list[tuple[int, tuple[int, ...]]]:
    """(width, Total Row numbers) of each table on the sheet."""
    from .tablepart import read_table

    found = []
    for kind, target in read_rels(parts, sheet_part).values():
        if kind != "table" or target not in parts:
            continue
        try:
            table = read_table(parts[target])
        except (ValueError, SyntaxError):
            continue  # a damaged table part: the writer refuses it with its own sentence
        area = table.area
        width = min(area.last_col - area.first_col + 1, 16384)
        totals = tuple(range(area.last_row - table.totals_rows + 1, area.last_row + 1))
        found.append((width, totals if table.totals_rows > 0 else ()))
    return found


def _check_extent(archive: zipfile.ZipFile, part: str, sheet: str, width: int) -> None:
    """One pass at the reach of a small sheet; a larger sheet's reach only when that finds one."""
    columns = _round_columns(max(width, 26) + SPARE_COLUMNS)
    prefix, _, _, far = _scan(archive, part, _beyond(columns, _rows(columns, 0, 0)))
    if far is None:
        return
    _, values, rows, _ = _scan(archive, part, None, prefix)  # how big the sheet really is
    far = _scan(archive, part, _beyond(columns, _rows(columns, values, rows)), prefix)[3]
    if far:
        raise SafetyNetError(_far_sentence(sheet, far), exit_code=1)


def _rows(columns: int, values: int, rows: int) -> int:
    """Rows within reach: room for the cells, and twice the rows that hold anything."""
    return _round_rows(max(max(FLOOR_CELLS, CELLS_PER_VALUE * values) // columns, 2 * rows))


def _scan(
    archive: zipfile.ZipFile,
    part: str,
    pattern: re.Pattern[bytes] | None,
    prefix: bytes | None = None,
) -> tuple[bytes, int, int, str | None]:
    """(tag prefix, cells holding a value, rows holding cells, the first value beyond reach).

    With a ``pattern`` it only looks for a value beyond reach (the counts are 0);
    without, it only counts.
    """
    count, rows, far, tail = 0, 0, None, b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(CHUNK)
            if prefix is None:
                found = re.search(rb"<(\w+:)?worksheet\b", chunk)
                prefix = (found.group(1) or b"") if found else b""
            if pattern is None:
                count += chunk.count(b"<" + prefix + b"v>") + chunk.count(b"<" + prefix + b"is>")
                rows += chunk.count(b"</" + prefix + b"row>")
                if not chunk:
                    return prefix, count, rows, None
                continue
            data = tail + chunk
            limit = len(data) if not chunk else max(0, len(data) - _OVERLAP)
            at = 0
            while far is None and (match := pattern.search(data, at)) and match.start() < limit:
                far, at = _far_value(data, match, prefix), match.end()
            if not chunk or far is not None:
                return prefix, count, rows, far
            tail = data[limit:]


def _round_columns(columns: int) -> int:
    """Up to the end of an alphabet (Z, AZ, BZ ... ZZ), so one character class finds beyond."""
    return min(-(-columns // 26) * 26, 702)


def _round_rows(rows: int) -> int:
    """Up to 1999, 29999, 99999 ...: one digit class and a length find the rows beyond."""
    rows = max(rows, 1000)
    digits = len(str(rows))
    lead = int(str(rows)[0])
    return min((lead + 1) * 10 ** (digits - 1) - 1, 1_048_576)


def _beyond(columns: int, rows: int) -> re.Pattern[bytes]:
    """``r="..."`` of a cell (or a row) beyond ``columns`` or ``rows``; nothing else matches."""
    block = columns // 26  # 1: A-Z, 2: up to AZ, ...
    if block == 1:
        wide = rb"[A-Z]{2,3}"
    elif block < 27:
        wide = b"[" + column_letter(block - 1).encode() + rb"-Z][A-Z]|[A-Z]{3}"
    else:
        wide = rb"[A-Z]{3}"
    digits, lead = len(str(rows)), int(str(rows)[0]) + 1
    tall = rb"\d{%d,}" % (digits + 1)
    if lead <= 9:
        tall = rb"[%d-9]\d{%d}|" % (lead, digits - 1) + tall
    # Possessive: letters or digits once taken are never given back (a quarter faster).
    return re.compile(rb'r="(?:(?:' + wide + rb")\d{1,7}+|[A-Z]{0,3}+(?:" + tall + rb'))"')


def _far_value(data: bytes, match: re.Match[bytes], prefix: bytes) -> str | None:
    """The far cell's reference (or "row N") when the matched tag holds a value."""
    start = data.rfind(b"<", 0, match.start())
    if not data[match.start() - 1 : match.start()].isspace():
        return None  # the end of another attribute's name
    tag = re.match(rb"<(?:\w+:)?(c|row)[\s>/]", data[start : start + 12])
    if tag is None:
        return None  # some other element's r="..." attribute
    end = data.find(b">", match.end())
    if end < 0 or data[end - 1 : end] == b"/":
        return None  # self-closed: formatting only
    ref = match.group(0)[3:-1].decode()
    if tag.group(1) == b"row" and re.search(rb"<(?:\w+:)?c\s[^>]*r=", data[end : end + 4096]):
        return None  # its cells say where they are, and are looked at themselves
    close = b"</" + prefix + tag.group(1) + b">"
    stop = data.find(close, end)
    body = data[end : stop if stop >= 0 else len(data)]
    if b"<" + prefix + b"v>" in body or b"<" + prefix + b"is>" in body or stop < 0:
        return ref if tag.group(1) == b"c" else f"row {ref}"
    return None


def _far_sentence(sheet: str, where: str) -> str:
    place = f"in {where}" if where.startswith("row") else f"at {where}"
    return (
        f"A value was typed {place} on the {sheet} sheet, far beyond where its records are. "
        f"Delete it (select the cell and press Delete; Ctrl+End finds it), then try again."
    )

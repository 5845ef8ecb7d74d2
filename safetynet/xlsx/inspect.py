"""Find in the workbook file what calamine's values cannot show.

Calamine reads a cell showing ``#N/A`` as blank, a formula as its last
result, and merged cells as one value and blanks. Those are signs of a table
a staff member has damaged, so this scan reads the sheet XML itself. It
streams each sheet in chunks and only parses cells when a chunk holds a
formula, an error or a merge, so a clean 50,000-row sheet costs one pass of
byte searching.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ..cell_problems import excel_error, formula_in_data, merged_cells
from ..grid import column_index, column_letter
from ..model import Problem, Severity, UnreadableWorkbook
from ..schema import Kind, data_sheet, normalise_header
from .extent import total_rows
from .read import ALL_DATA, check_readable

CHUNK = 1 << 20
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_SUSPECT = (b"<f", b":f", b't="e"', b"mergeCell ")
_FORMULA_START = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\bt="e"')
_ROW_ONE = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="1".*?</(?:\w+:)?row>', re.S)


def inspect_workbook(
    path: str | os.PathLike[str],
    sheets: Iterable[str] = ALL_DATA,
    *,
    package: bytes | None = None,
    header_rows: Mapping[str, Sequence[Any]] | None = None,
) -> list[Problem]:
    """Merged cells, formulas and Excel error values inside the data tables of ``sheets``.

    ``package``: the decrypted bytes of an encrypted workbook, read in memory.
    ``header_rows``: each sheet's row 1 as the reader already has it (from A1), so
    its headers need not be looked up again in the shared strings, a part that
    holds every text of the workbook before a late sheet's headers.
    """
    path = check_readable(path) if package is None else Path(path)
    problems: list[Problem] = []
    try:
        with zipfile.ZipFile(path if package is None else io.BytesIO(package)) as archive:
            parts = sheet_parts(archive)
            present = set(archive.namelist())
            problems.extend(damaged_parts(archive, parts, path))
            shared = SharedStrings(archive)
            for name in sheets:
                part = parts.get(normalise_header(name))
                if part is None or part not in present:
                    continue  # the reader reports a missing sheet in plain words
                header = (header_rows or {}).get(name)
                problems.extend(_inspect_sheet(archive, part, name, shared, header))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        from .backup import restore_advice

        raise UnreadableWorkbook(
            f"{path.name} is damaged and could not be checked ({type(exc).__name__}). "
            f"{restore_advice(path)}"
        ) from exc
    return problems


def damaged_parts(
    archive: zipfile.ZipFile, parts: dict[str, str], path: os.PathLike[str] | str
) -> Iterator[Problem]:
    """Every part whose bytes fail their check sum: damage no value can show."""
    from .backup import restore_advice

    sheet_of = {part: name for name, part in parts.items()}
    names = {normalise_header(n): n for n in _sheet_names(archive)}
    for info in archive.infolist():
        try:
            with archive.open(info) as stream:
                while stream.read(CHUNK):
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            sheet = names.get(sheet_of.get(info.filename, ""), "")
            what = f"the {sheet} sheet" if sheet else f"the part {info.filename}"
            yield Problem(
                sheet or "Workbook",
                None,
                None,
                info.filename,
                f"The workbook is damaged: {what} fails its check sum ({type(exc).__name__}), "
                f"so what it holds cannot be trusted.",
                Severity.ERROR,
                restore_advice(path),
                rule="damaged-part",
            )


def _sheet_names(archive: zipfile.ZipFile) -> list[str]:
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error):
        return []
    return [s.get("name", "") for s in book.iter(f"{_MAIN}sheet")]


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Normalised sheet name -> the zip path of its worksheet XML."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"))
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[normalise_header(sheet.get("name"))] = _tidy(part)
    return parts


def _tidy(part: str) -> str:
    pieces: list[str] = []
    for piece in part.split("/"):
        if piece == "..":
            if pieces:
                pieces.pop()
        elif piece not in ("", "."):
            pieces.append(piece)
    return "/".join(pieces)


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The sheet XML in pieces that end at a row boundary, so no cell is split."""
    tail = b""
    with archive.open(part) as stream:
        while True:
            block = stream.read(CHUNK)
            if not block:
                break
            buffer = tail + block
            cut = buffer.rfind(b"</row>")
            if cut < 0:
                tail = buffer
                continue
            cut += len(b"</row>")
            yield buffer[:cut]
            tail = buffer[cut:]
    if tail:
        yield tail


def _inspect_sheet(
    archive: zipfile.ZipFile,
    part: str,
    name: str,
    shared: SharedStrings,
    header: Sequence[Any] | None = None,
) -> list[Problem]:
    sheet = data_sheet(name)
    found: list[tuple[str, int, bool, bytes | None, bytes | None]] = []
    merges: list[tuple[str, int, str, int]] = []
    header_row = b""
    columns = _read_header_columns(header, sheet) if header is not None else None
    # A computed column holds a formula on every row (Age): skipped at its tag, unparsed.
    computed = frozenset(
        letter.encode()
        for letter, h in (columns or {}).items()
        if sheet.column(h).kind is Kind.COMPUTED
    )
    for chunk in _chunks(archive, part):
        if not header_row:
            header_row = _first_row(chunk)
        if not any(mark in chunk for mark in _SUSPECT):
            continue
        found.extend(_suspect_cells(chunk, computed))
        for match in _MERGE.finditer(chunk) if b"mergeCell" in chunk else ():
            first_col, first_row, last_col, last_row = match.groups()
            merges.append(
                (
                    first_col.decode(),
                    int(first_row),
                    (last_col or first_col).decode(),
                    int(last_row or first_row),
                )
            )
    if not found and not merges:
        return []
    totals = set(total_rows(archive, part))  # a Total Row's formulas are the table's own
    found = [cell for cell in found if cell[1] not in totals]
    if columns is None:
        columns = _header_columns(header_row, sheet, shared)
    return [*_cell_problems(sheet, columns, found), *_merge_problems(sheet, columns, merges)]


def _suspect_cells(
    chunk: bytes, skip: frozenset[bytes] = frozenset()
) -> Iterator[tuple[str, int, bool, bytes | None, bytes | None]]:
    """Cells holding a formula or an error: found by their tags, not by parsing every cell.

    ``skip``: column letters whose cells are passed over once their tag names them.
    """
    starts = {_cell_start(chunk, at) for at in _formula_tags(chunk)}
    if b't="e"' in chunk:
        for match in _ERROR_CELL.finditer(chunk):
            starts.add(match.start())
    for start in sorted(starts):
        if skip and start >= 0:
            tag = _REF.search(chunk, start, chunk.find(b">", start))
            if tag is not None and tag.group(1) in skip:
                continue
        cell = _CELL.match(chunk, start) if start >= 0 else None
        if cell is None:
            continue
        attributes, body = cell.group(1), cell.group(2) or b""
        ref = _REF.search(attributes)
        if ref is None:
            continue
        kind = _TYPE.search(attributes)
        formula = _FORMULA.search(body)
        value = _VALUE.search(body)
        yield (
            ref.group(1).decode(),
            int(ref.group(2)),
            kind is not None and kind.group(1) == b"e",
            formula.group(1) if formula is not None else None,
            value.group(1) if value is not None else None,
        )


def _formula_tags(chunk: bytes) -> Iterator[int]:
    """Where each ``<f>`` tag (or ``<x:f>``) begins: found with ``bytes.find``, which a
    sheet with a formula on every row (Age) passes through far faster than a pattern."""
    for needle in (b"<f", b":f"):
        at = chunk.find(needle)
        while at >= 0:
            if _FORMULA_START.match(chunk, start := chunk.rfind(b"<", 0, at + 1)):
                yield start
            at = chunk.find(needle, at + 2)


def _cell_start(chunk: bytes, position: int) -> int:
    """Where the cell around a formula tag begins; the formula comes right after its tag."""
    window = max(0, position - 1000)
    plain = chunk.rfind(b"<c ", window, position)
    prefixed = chunk.rfind(b":c ", window, position)
    if prefixed > plain:
        return chunk.rfind(b"<", 0, prefixed)
    return plain


def _first_row(chunk: bytes) -> bytes:
    match = _ROW_ONE.search(chunk)
    return match.group(0) if match else b" "


def _header_columns(header_row: bytes, sheet: Any, shared: SharedStrings) -> dict[str, str]:
    """Column letter -> schema header, from the sheet's own header row (staff may move columns)."""
    cells = []
    for match in _CELL.finditer(header_row):
        ref = _REF.search(match.group(1))
        if ref is not None and ref.group(2) == b"1":
            cells.append((ref.group(1).decode(), match.group(1), match.group(2) or b""))
    needed = [
        int(_VALUE.search(body).group(1))
        for _, attributes, body in cells
        if _TYPE.search(attributes) is not None
        and _TYPE.search(attributes).group(1) == b"s"
        and _VALUE.search(body) is not None
    ]
    strings = shared.up_to(max(needed, default=-1))
    wanted = {normalise_header(h): h for h in sheet.headers}
    letters: dict[str, str] = {}
    for letter, attributes, body in cells:
        header = wanted.get(normalise_header(_cell_text(attributes, body, strings)))
        if header:
            letters[letter] = header
    return letters or _schema_letters(sheet)


def _read_header_columns(header: Sequence[Any], sheet: Any) -> dict[str, str]:
    """Column letter -> schema header, from row 1 as the reader read it (column A first)."""
    wanted = {normalise_header(h): h for h in sheet.headers}
    letters = {
        column_letter(i): wanted[normalise_header(value)]
        for i, value in enumerate(header)
        if isinstance(value, str) and normalise_header(value) in wanted
    }
    return letters or _schema_letters(sheet)


def _schema_letters(sheet: Any) -> dict[str, str]:
    return {column_letter(i): h for i, h in enumerate(sheet.headers)}


class SharedStrings:
    """The workbook's shared strings, parsed as far as a header needs and only once:
    headers come early, so the parse usually stops soon."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.strings: list[str] = []
        self._events: Iterator[tuple[str, Any]] | None = None
        self._done = False

    def up_to(self, last: int) -> list[str]:
        """The strings up to index ``last`` (fewer when the part holds fewer)."""
        while len(self.strings) <= last and not self._done:
            try:
                if self._events is None:
                    self._events = ElementTree.iterparse(self.archive.open("xl/sharedStrings.xml"))
                _, element = next(self._events)
            except (KeyError, StopIteration, ElementTree.ParseError):
                self._done = True
                break
            if element.tag == f"{_MAIN}si":
                self.strings.append("".join(t.text or "" for t in element.iter(f"{_MAIN}t")))
                element.clear()
        return self.strings


def _cell_text(attributes: bytes, body: bytes, shared: list[str]) -> str:
    kind = _TYPE.search(attributes)
    if kind is not None and kind.group(1) == b"inlineStr":
        texts = re.findall(rb"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", body, re.S)
        return _unescape(b"".join(texts))
    value = _VALUE.search(body)
    if value is None:
        return ""
    if kind is not None and kind.group(1) == b"s":
        index = int(value.group(1))
        return shared[index] if index < len(shared) else ""
    return _unescape(value.group(1))


def _unescape(raw: bytes) -> str:
    from html import unescape

    return unescape(raw.decode("utf-8", "replace"))


def _cell_problems(sheet: Any, columns: dict[str, str], found: list) -> Iterator[Problem]:
    for letter, row, error, formula, value in found:
        header = columns.get(letter)
        if header is None or row < 2:
            continue
        if sheet.column(header).kind is Kind.COMPUTED:
            continue  # the program recomputes these; the cause shows elsewhere
        if error:
            yield excel_error(sheet.name, row, header, _unescape(value) if value else "")
        else:
            yield formula_in_data(
                sheet.name, row, header, "=" + _unescape(formula) if formula else ""
            )


def _merge_problems(sheet: Any, columns: dict[str, str], merges: list) -> Iterator[Problem]:
    table_columns = {column_index(letter) for letter in columns}
    if not table_columns:
        return
    last = max(table_columns)
    for first_col, first_row, last_col, last_row in merges:
        if column_index(first_col) > last:
            continue  # beside the table, not in it
        header = columns.get(first_col) or sheet.headers[0]
        where = f"{first_col}{first_row}:{last_col}{last_row}"
        yield merged_cells(sheet.name, first_row, header, where)


__all__ = ["inspect_workbook", "sheet_parts"]

"""Workbooks that once broke the program, made from a small demo workbook by editing its parts.

Each maker copies the workbook's zip entry by entry (order and compression
kept) and changes only the part it is about, as Excel or a damaged disk would:
a value in a far cell, a Total Row on a table, a table reaching Excel's last
row, a truncated file, a part failing its CRC. Invented data only (demo seed 3).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from safetynet.adapters.file import FileAdapter
from safetynet.build.workbook import build_workbook
from safetynet.demo import generate
from safetynet.operations.catalog import by_command
from safetynet.run import run
from safetynet.xlsx.package import find_sheet_part, find_table
from safetynet.xlsx.tablepart import read_table
from safetynet.xlsx.write import ZipParts

TODAY = dt.date(2026, 11, 28)
LAST_ROW = 1_048_576


def small_workbook(path: Path, youths: int = 30, **settings: object) -> Path:
    """A demo workbook with an Agenda built as of ``TODAY``, so every writing operation can
    run on it."""
    book = generate(youths=youths, seed=3, today=TODAY)
    if settings:
        book = book.replace(settings={**book.settings, **settings})
    build_workbook(path, book)
    run(FileAdapter(path), by_command("agenda"), TODAY, meeting_date=None)
    return path


def edit_parts(source: Path, target: Path, edit: Callable[[ZipParts], dict[str, bytes]]) -> Path:
    """``target``: ``source`` with the parts ``edit`` returns replaced."""
    with zipfile.ZipFile(source) as archive:
        changed = edit(ZipParts(archive))
        infos = archive.infolist()
        data = {i.filename: changed.get(i.filename) or archive.read(i) for i in infos}
    temporary = target.with_name(target.name + ".making")
    with zipfile.ZipFile(temporary, "w") as out:
        for info in infos:
            out.writestr(info, data[info.filename])
    temporary.replace(target)
    return target


def _sheet_part(parts: ZipParts, sheet: str) -> str:
    return find_sheet_part(parts, sheet, "fixture")


def value_at(source: Path, target: Path, sheet: str, ref: str) -> Path:
    """One "x" typed at ``ref`` (e.g. XFD1048576) on ``sheet``."""
    row = re.match(r"[A-Z]+(\d+)$", ref).group(1)  # type: ignore[union-attr]

    def edit(parts: ZipParts) -> dict[str, bytes]:
        part = _sheet_part(parts, sheet)
        cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
        return {part: parts[part].replace(b"</sheetData>", cell.encode() + b"</sheetData>")}

    return edit_parts(source, target, edit)


def typed_at(source: Path, target: Path, cells: dict[str, dict[str, str]]) -> Path:
    """``target``: ``source`` with text typed over existing cells, ``{sheet: {ref: text}}``
    (a youth's name where the Youth ID belongs, as staff do); the cell keeps its style."""

    def edit(parts: ZipParts) -> dict[str, bytes]:
        changed = {}
        for sheet, typed in cells.items():
            part = _sheet_part(parts, sheet)
            xml = parts[part]
            for ref, text in typed.items():
                found = re.search(rb'<c r="%s"([^>]*?)(?:/>|>.*?</c>)' % ref.encode(), xml, re.S)
                if found is None:
                    raise ValueError(f"no cell {ref} on {sheet} in the fixture")
                style = re.search(rb'\ss="\d+"', found.group(1))
                cell = b'<c r="%s"%s t="inlineStr"><is><t>%s</t></is></c>' % (
                    ref.encode(),
                    style.group(0) if style else b"",
                    text.encode(),
                )
                xml = xml[: found.start()] + cell + xml[found.end() :]
            changed[part] = xml
        return changed

    return edit_parts(source, target, edit)


def total_row(source: Path, target: Path, sheet: str, table: str | None = None) -> Path:
    """Excel's Table Design > Total Row on ``sheet``'s table: a "Total" label and a count."""

    def edit(parts: ZipParts) -> dict[str, bytes]:
        found = find_table(parts, sheet, table or sheet, "fixture")
        info = read_table(parts[found.part])
        area, number = info.area, info.area.last_row + 1
        sheet_xml = parts[found.sheet_part]
        first = _letters(area.first_col)
        second = _letters(area.first_col + 1)
        row = (
            f'<row r="{number}"><c r="{first}{number}" t="inlineStr"><is><t>Total</t></is></c>'
            f'<c r="{second}{number}"><f>SUBTOTAL(103,{found.name}[{second}])</f><v>3</v></c>'
            f"</row>"
        ).encode()
        if re.search(rb'<row r="%d"' % number, sheet_xml):
            raise ValueError(f"row {number} under the table is not free in the fixture")
        sheet_xml = sheet_xml.replace(b"</sheetData>", row + b"</sheetData>")
        old_ref = area.ref().encode()
        new_ref = f"{first}{area.first_row}:{_letters(area.last_col)}{number}".encode()
        table_xml = parts[found.part].replace(b'ref="%s"' % old_ref, b'ref="%s"' % new_ref, 1)
        table_xml = re.sub(
            rb"(<table\b[^>]*?)(\s*/?>)", rb'\1 totalsRowCount="1"\2', table_xml, count=1
        )
        return {found.sheet_part: sheet_xml, found.part: table_xml}

    return edit_parts(source, target, edit)


def table_to_last_row(source: Path, target: Path, sheet: str = "Meetings") -> Path:
    """The table's ref grown to row 1,048,576, with a value typed in that last row."""

    def edit(parts: ZipParts) -> dict[str, bytes]:
        found = find_table(parts, sheet, sheet, "fixture")
        area = read_table(parts[found.part]).area
        last = _letters(area.last_col)
        new_ref = f"{_letters(area.first_col)}{area.first_row}:{last}{LAST_ROW}".encode()
        table_xml = re.sub(rb'(<(?:\w+:)?(?:table|autoFilter)\b[^>]*?\sref=")[^"]*"',
                           rb"\g<1>" + new_ref + b'"', parts[found.part])  # fmt: skip
        cell = (
            f'<row r="{LAST_ROW}"><c r="B{LAST_ROW}" t="inlineStr"><is><t>Y-9999</t></is></c></row>'
        )
        end = b"</sheetData>"
        sheet_xml = parts[found.sheet_part].replace(end, cell.encode() + end)
        return {found.sheet_part: sheet_xml, found.part: table_xml}

    return edit_parts(source, target, edit)


def truncated(source: Path, target: Path) -> Path:
    """The first half of the file: a copy or a save cut short."""
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def crc_damaged(source: Path, target: Path, sheet: str = "Log") -> Path:
    """``sheet``'s part stored uncompressed with one byte changed: it fails its CRC check."""
    with zipfile.ZipFile(source) as archive:
        part = _sheet_part(ZipParts(archive), sheet)
        infos = archive.infolist()
        data = {i.filename: archive.read(i) for i in infos}
    with zipfile.ZipFile(target, "w") as out:
        for info in infos:
            if info.filename == part:
                info.compress_type = zipfile.ZIP_STORED
            out.writestr(info, data[info.filename])
    raw = bytearray(target.read_bytes())
    at = raw.index(b"<sheetData", raw.index(part.encode()))
    raw[at + 1] = ord("S")  # <SheetData: same length, different CRC
    target.write_bytes(bytes(raw))
    return target


def sheet_part(path: Path, sheet: str) -> str:
    """The zip part that holds ``sheet`` (its number changes as sheets are added)."""
    with zipfile.ZipFile(path) as archive:
        return _sheet_part(ZipParts(archive), sheet)


def copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def _letters(index: int) -> str:
    from safetynet.xlsx.cells import column_letter

    return column_letter(index)

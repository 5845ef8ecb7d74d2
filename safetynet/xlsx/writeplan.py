"""Planning a write: the new bytes of every part it changes, worked out in memory.

Nothing here touches the disk; ``xlsx.write`` copies the zip with these parts
swapped in, under the writer lock, and saves it safely.

Formulas: generated sheets are written as values only. If a replaced sheet
held formulas, calcChain.xml (Excel's list of formula cells) is dropped with
its relationship and content type; Excel rebuilds it. Rows appended to a table
keep its computed columns' formulas.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..grid import Cell
from ..model import SafetyNetError
from .cells import column_letter, escape_attribute, kind_of, rows_xml
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
from .rowheight import column_widths, row_heights
from .sheetxml import parse_worksheet, sheet_data_has_formulas, splice_children
from .styles import Styles
from .tableappend import append_to_table
from .tablepart import read_table

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

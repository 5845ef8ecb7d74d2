"""An Excel Table's own part (xl/tables/tableN.xml): its area, header and total rows, formulas.

Read to know where a table's rows are and which columns are computed, and
its refs grown once rows are added under it (``xlsx.tableappend``). Kept
apart from the sheet's cells, which are another part with another shape.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .cells import column_index, column_letter

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


@dataclass(frozen=True)
class Area:
    first_col: int
    first_row: int
    last_col: int
    last_row: int

    @classmethod
    def parse(cls, ref: str) -> Area:
        match = _REF.match(ref.strip().upper())
        if match is None:
            raise ValueError(ref)
        c1, r1, c2, r2 = match.groups()
        return cls(column_index(c1), int(r1), column_index(c2 or c1), int(r2 or r1))

    def ref(self) -> str:
        first = f"{column_letter(self.first_col)}{self.first_row}"
        last = f"{column_letter(self.last_col)}{self.last_row}"
        return first if first == last else f"{first}:{last}"


@dataclass(frozen=True)
class TableInfo:
    area: Area
    header_rows: int
    totals_rows: int
    formulas: tuple[str | None, ...]  # calculatedColumnFormula per column


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# A structured reference with no table name before it: "[[#This Row],[Date of Birth]]".
_UNQUALIFIED = re.compile(r"(?<![\w.\]\\])\[\[#This Row\]")


def qualify(formula: str, table: str) -> str:
    """The formula with each bare ``[[#This Row],...]`` given its table's name, as Excel
    writes it in a cell: without the name LibreOffice shows Err:507. Workbooks built
    before the schema's formulas named their table still carry the bare form."""
    return _UNQUALIFIED.sub(lambda _: f"{table}[[#This Row]", formula)


def read_table(table_xml: bytes) -> TableInfo:
    root = ET.fromstring(table_xml)
    name = root.get("name") or root.get("displayName") or ""
    formulas: list[str | None] = []
    for element in root:
        if _local(element.tag) != "tableColumns":
            continue
        for column in element:
            formula = next(
                (f.text for f in column if _local(f.tag) == "calculatedColumnFormula"), None
            )
            formulas.append(qualify(formula, name) if formula and name else formula)
    return TableInfo(
        Area.parse(root.get("ref", "")),
        int(root.get("headerRowCount", "1")),
        int(root.get("totalsRowCount", "0")),
        tuple(formulas),
    )


def _set_ref(xml: bytes, tag: str, old: Area, new: Area) -> bytes:
    """Grow ``ref`` on every ``tag`` start tag whose ref ends on the table's old last row."""

    def grow(match: re.Match[bytes]) -> bytes:
        start = match.group(0)
        ref = re.search(rb'\sref="([^"]*)"', start)
        if ref is None:
            return start
        try:
            area = Area.parse(ref.group(1).decode())
        except ValueError:
            return start
        if area.last_row != old.last_row:
            return start
        grown = Area(area.first_col, area.first_row, area.last_col, new.last_row).ref()
        return start[: ref.start(1)] + grown.encode() + start[ref.end(1) :]

    return re.sub(rb"<(?:\w+:)?" + tag.encode() + rb"\b[^>]*>", grow, xml)


def grow_table(table_xml: bytes, old: Area, new: Area) -> bytes:
    """The table part with its ref, autoFilter ref and sortState ref grown."""
    for tag in ("table", "autoFilter", "sortState"):
        table_xml = _set_ref(table_xml, tag, old, new)
    return table_xml

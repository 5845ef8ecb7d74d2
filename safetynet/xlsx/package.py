"""Where things live inside an .xlsx/.xlsm zip: sheets, tables, calcChain.

Only read here (ElementTree parses; nothing is re-serialised), so the names a
user gave, with spaces or apostrophes, are matched exactly as Excel stores them.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import UnreadableWorkbook
from ..schema import AGENCIES

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKBOOK_PART = "xl/workbook.xml"
CALC_CHAIN_TYPE = "calcChain"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def rels_path(part: str) -> str:
    """The relationships part of ``part``: xl/x.xml -> xl/_rels/x.xml.rels."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source_part: str, target: str) -> str:
    """A relationship target as a zip entry name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def read_rels(parts: Mapping[str, bytes], part: str) -> dict[str, tuple[str, str]]:
    """{relationship id: (type suffix, target part)} of ``part``; {} when it has none."""
    data = parts.get(rels_path(part))
    if data is None:
        return {}
    found = {}
    for rel in ET.fromstring(data):
        if rel.get("TargetMode") == "External":
            continue
        kind = rel.get(AGENCIES.cols.type, "").rsplit("/", 1)[-1]
        found[rel.get("Id", "")] = (kind, resolve(part, rel.get("Target", "")))
    return found


@dataclass(frozen=True)
class TablePart:
    name: str
    part: str
    sheet_part: str


def sheet_parts(parts: Mapping[str, bytes], file_name: str) -> dict[str, str]:
    """{sheet name: worksheet part} from workbook.xml and its rels."""
    if WORKBOOK_PART not in parts:
        raise UnreadableWorkbook(
            f"{file_name} is a zip file but not an Excel workbook (it has no {WORKBOOK_PART})."
        )
    rels = read_rels(parts, WORKBOOK_PART)
    found = {}
    for element in ET.fromstring(parts[WORKBOOK_PART]).iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = element.get(f"{{{REL_NS}}}id", "")
        if rel_id in rels and rels[rel_id][0] == "worksheet":
            found[element.get("name", "")] = rels[rel_id][1]
    return found


def find_sheet_part(parts: Mapping[str, bytes], sheet: str, file_name: str) -> str:
    """The worksheet part holding ``sheet`` (Excel compares names case-blind)."""
    by_name = sheet_parts(parts, file_name)
    for name, part in by_name.items():
        if name.casefold() == sheet.casefold() and part in parts:
            return part
    raise UnreadableWorkbook(
        f'{file_name} has no sheet named "{sheet}". Undo the rename or deletion in Excel, '
        f"or restore the newest copy from the backups folder beside it."
    )


def find_table(parts: Mapping[str, bytes], sheet: str, table: str, file_name: str) -> TablePart:
    """The table part of the Excel Table ``table`` on ``sheet``."""
    sheet_part = find_sheet_part(parts, sheet, file_name)
    for kind, target in read_rels(parts, sheet_part).values():
        if kind != "table" or target not in parts:
            continue
        root = ET.fromstring(parts[target])
        names = {root.get("name", "").casefold(), root.get("displayName", "").casefold()}
        if table.casefold() in names:
            return TablePart(root.get("displayName") or table, target, sheet_part)
    raise UnreadableWorkbook(
        f'The "{sheet}" sheet of {file_name} has no Excel Table named "{table}". '
        f"Restore the table (Insert > Table, then name it {table} in Table Design) "
        f"or restore the newest copy from the backups folder beside it."
    )


def date1904(parts: Mapping[str, bytes]) -> bool:
    """True when the workbook counts dates from 1904 (old Mac workbooks)."""
    for element in ET.fromstring(parts[WORKBOOK_PART]).iter():
        if _local(element.tag) == "workbookPr":
            return element.get("date1904", "0") in ("1", "true")
    return False


def calc_chain_part(parts: Mapping[str, bytes]) -> str | None:
    for kind, target in read_rels(parts, WORKBOOK_PART).values():
        if kind == CALC_CHAIN_TYPE and target in parts:
            return target
    return None


# CT_Workbook children that come after calcPr (ECMA-376 part 1, 18.2.28).
_AFTER_CALC_PR = (
    "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
    "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst",
)  # fmt: skip


def with_full_calc_on_load(workbook_xml: bytes) -> bytes:
    """workbook.xml asking Excel to recalculate on opening (formulas written without results).

    Only the calcPr element changes (or is added in its place); every other
    byte stays as it was.
    """
    calc = re.search(rb"<((?:\w+:)?)calcPr\b[^>]*?(/?)>", workbook_xml)
    if calc is not None:
        tag = calc.group(0)
        if re.search(rb'\sfullCalcOnLoad="(1|true)"', tag):
            return workbook_xml
        tag = re.sub(rb'\sfullCalcOnLoad="[^"]*"', b"", tag)
        end = len(tag) - (2 if tag.endswith(b"/>") else 1)
        tag = tag[:end] + b' fullCalcOnLoad="1"' + tag[end:]
        return workbook_xml[: calc.start()] + tag + workbook_xml[calc.end() :]
    root = re.search(rb"<((?:\w+:)?)workbook\b", workbook_xml)
    prefix = root.group(1) if root else b""
    names = b"|".join(name.encode() for name in _AFTER_CALC_PR)
    later = re.search(rb"<(?:\w+:)?(?:" + names + rb")\b", workbook_xml)
    at = later.start() if later else workbook_xml.rfind(b"</" + prefix + b"workbook>")
    return workbook_xml[:at] + b"<" + prefix + b'calcPr fullCalcOnLoad="1"/>' + workbook_xml[at:]

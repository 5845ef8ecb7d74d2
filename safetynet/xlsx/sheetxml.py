"""Splice new cells into a worksheet part without re-serialising anything else.

The worksheet's other children (frozen panes, column widths, dropdowns,
buttons, drawings, tables, extensions) stay as the bytes Excel wrote. Only the
top level is scanned, and the (possibly huge) sheetData is skipped with one
search, so an 8,000-row sheet costs milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import UnreadableWorkbook

# CT_Worksheet children in the order Excel requires (ECMA-376 part 1, 18.3.1.99).
WORKSHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
    "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter",
    "sortState", "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr",
    "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions",
    "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
    "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
    "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
    "controls", "webPublishItems", "tableParts", "extLst",
)  # fmt: skip
RANK = {name: i for i, name in enumerate(WORKSHEET_ORDER)}

_TAG = re.compile(rb"""<(/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>""")
_ROOT = re.compile(rb"""<([A-Za-z_][\w.:-]*:)?worksheet\b(?:[^>"']|"[^"]*"|'[^']*')*>""")


@dataclass(frozen=True)
class Child:
    """One top-level element of the worksheet: its local name and byte span."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Worksheet:
    xml: bytes
    prefix: str  # "" or e.g. "x:" when the part uses a prefixed namespace
    body_start: int  # just after <worksheet ...>
    children: tuple[Child, ...]

    def child(self, name: str) -> Child | None:
        return next((c for c in self.children if c.name == name), None)


def _skip_special(xml: bytes, pos: int) -> int | None:
    """The end of a comment or processing instruction at ``pos``, if one starts there."""
    if xml.startswith(b"<!--", pos):
        return xml.index(b"-->", pos) + 3
    if xml.startswith(b"<?", pos):
        return xml.index(b"?>", pos) + 2
    return None


def parse_worksheet(xml: bytes, where: str) -> Worksheet:
    """Find the worksheet's top-level children without building a tree."""
    root = _ROOT.search(xml)
    if root is None:
        raise UnreadableWorkbook(f"{where} is not a worksheet Excel wrote. It may be damaged.")
    prefix = (root.group(1) or b"").decode()
    close = xml.rfind(f"</{prefix}worksheet>".encode())
    if close < root.end():
        raise UnreadableWorkbook(f"{where} is cut short. It may be damaged.")
    children: list[Child] = []
    pos = root.end()
    try:
        while True:
            pos = xml.index(b"<", pos)
            if pos >= close:
                break
            special = _skip_special(xml, pos)
            if special is not None:
                pos = special
                continue
            tag = _TAG.match(xml, pos)
            if tag is None or tag.group(1):
                raise ValueError("unexpected tag")
            qname = tag.group(2).decode()
            local = qname.rsplit(":", 1)[-1]
            if tag.group(4):  # self-closing
                end = tag.end()
            elif local == "sheetData":
                end = xml.index(f"</{qname}>".encode(), tag.end()) + len(qname) + 3
            else:
                end = _matching_end(xml, tag.end(), qname)
            children.append(Child(local, pos, end))
            pos = end
    except ValueError as exc:
        raise UnreadableWorkbook(f"{where} could not be read. It may be damaged.") from exc
    return Worksheet(xml, prefix, root.end(), tuple(children))


def _matching_end(xml: bytes, pos: int, qname: str) -> int:
    """The end of the element whose start tag ends at ``pos`` (nesting counted)."""
    depth = 1
    name = qname.encode()
    while depth:
        lt = xml.index(b"<", pos)
        special = _skip_special(xml, lt)
        if special is not None:
            pos = special
            continue
        tag = _TAG.match(xml, lt)
        if tag is None:
            raise ValueError("unclosed tag")
        pos = tag.end()
        if tag.group(2) != name or tag.group(4):
            continue
        depth += -1 if tag.group(1) else 1
    return pos


def splice_children(sheet: Worksheet, new: dict[str, bytes]) -> bytes:
    """The worksheet with children ``new`` (by local name) replacing or added.

    An empty bytes value removes that child. Each added child goes right after
    the last existing child that Excel orders before it, so elements the writer
    does not know keep their place.
    """
    xml = sheet.xml
    replaced = {c.name for c in sheet.children if c.name in new}
    edits: list[tuple[int, int, bytes, int]] = []
    for child in sheet.children:
        if child.name in new:
            edits.append((child.start, child.end, new[child.name], RANK[child.name]))
    for name, content in new.items():
        if name in replaced or not content:
            continue
        rank = RANK[name]
        before = [c for c in sheet.children if RANK.get(c.name, -1) < rank and c.name in RANK]
        at = before[-1].end if before else sheet.body_start
        edits.append((at, at, content, rank))
    out = []
    pos = 0
    for start, end, content, _rank in sorted(edits, key=lambda e: (e[0], e[1], e[3])):
        out.append(xml[pos:start])
        out.append(content)
        pos = end
    out.append(xml[pos:])
    return b"".join(out)


def sheet_data_has_formulas(sheet: Worksheet) -> bool:
    child = sheet.child("sheetData")
    if child is None:
        return False
    return re.search(rb"<(?:\w+:)?f[\s>/]", sheet.xml[child.start : child.end]) is not None

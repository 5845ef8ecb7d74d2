"""Row heights for wrapped text in a generated sheet.

Excel and LibreOffice take a row's height from the file when they open it; a
row written without one is one line tall, so a wrapped Reasons cell spills
over the rows below it (LibreOffice) or shows its first line only. The writer
therefore works out how many lines each wrapped cell needs in its column, the
way Excel breaks lines (at spaces, by the width of Calibri 11 characters), and
sets the row's height to hold the tallest.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from ..grid import Cell
from .sheetxml import Worksheet

LINE_POINTS = 15.0  # one line of Calibri 11, Excel's default row height
DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters of "0"
# Column widths count characters of "0"; running text in Calibri is narrower.
CHARACTERS_PER_WIDTH = 1.1
WRAP_STYLES = frozenset({"wrap"})

_COL = re.compile(rb"<(?:\w+:)?col\b[^>]*>")


def _attribute(tag: bytes, name: bytes) -> bytes | None:
    match = re.search(rb"\s" + name + rb'="([^"]*)"', tag)
    return match.group(1) if match else None


def column_widths(sheet: Worksheet) -> dict[int, float]:
    """{zero-based column: width} from the sheet's <cols> (columns not listed are default)."""
    cols = sheet.child("cols")
    if cols is None:
        return {}
    widths: dict[int, float] = {}
    for match in _COL.finditer(sheet.xml, cols.start, cols.end):
        tag = match.group(0)
        low, high, width = (_attribute(tag, n) for n in (b"min", b"max", b"width"))
        if not (low and high and width):
            continue
        for col in range(int(low) - 1, min(int(high), 200)):
            widths[col] = float(width)
    return widths


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` wide, breaking at spaces."""
    per_line = max(1, math.floor(width * CHARACTERS_PER_WIDTH))
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            length = len(word)
            if used and used + 1 + length > per_line:
                lines += 1
                used = 0
            used += length + (1 if used else 0)
            while used > per_line:  # a word longer than the line breaks inside it
                lines += 1
                used -= per_line
    return max(lines, 1)


def row_heights(rows: Sequence[Sequence[Any]], widths: dict[int, float]) -> list[float | None]:
    """Each row's height in points when a wrapped cell needs more than one line, else None."""
    heights: list[float | None] = []
    for row in rows:
        lines = 1
        for col, entry in enumerate(row):
            if isinstance(entry, Cell) and entry.style in WRAP_STYLES and entry.value:
                lines = max(lines, lines_needed(str(entry.value), widths.get(col, DEFAULT_WIDTH)))
        heights.append(lines * LINE_POINTS if lines > 1 else None)
    return heights

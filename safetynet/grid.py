"""What an operation wants written on a sheet, as plain data.

The core and the operations describe output as grids of values and ``Cell``s;
the file adapter and the xlwings adapter each know how to put a grid on a
sheet. Style names refer to ``STYLES`` below, the one style table: the
builder and the file adapter give it to XlsxWriter and find it again in
styles.xml, the live adapter turns it into xlwings calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Each named style in XlsxWriter's format properties.
STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14},
    "header": {"bold": True, "bg_color": "#DCE6F1", "border": 1},
    "date": {"num_format": "d mmm yyyy"},
    "datetime": {"num_format": "d mmm yyyy hh:mm"},
    "wrap": {"text_wrap": True, "valign": "top"},
    "bold": {"bold": True},
    "link": {"font_color": "#0563C1", "underline": 1},
    "percent": {"num_format": "0%"},
    "warning": {"bg_color": "#FCE4D6"},
    "error": {"bg_color": "#F8CBAD"},
    "note": {"italic": True, "font_color": "#595959"},
    # A note that asks for attention (a meeting date that looks mistyped, errors under the
    # counts): bold dark red among the grey notes, so it is not read past.
    "alert": {"bold": True, "font_color": "#9C0006"},
    # Cells beside a wrapped one start at the top of the row, as the wrapped text does.
    "top": {"valign": "top"},
    "date_top": {"num_format": "d mmm yyyy", "valign": "top"},
    # A short number in a wide column (Order, Age): centred, so it does not run into the
    # words of the next cell ("1 New case").
    "top_center": {"valign": "top", "align": "center"},
    # A count or its mask (<11, *): right-aligned alike, so marks line up with numbers.
    "count": {"align": "right"},
    "count_header": {"bold": True, "bg_color": "#DCE6F1", "border": 1, "align": "right"},
}


@dataclass(frozen=True)
class Cell:
    value: Any
    style: str | None = None
    link: str | None = None  # a place inside the workbook, e.g. "'Youths'!A12"


Grid = Sequence[Sequence[Any]]  # rows of plain values or Cells, starting at A1


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: Excel's name for a zero-based column index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """A -> 0, AA -> 26."""
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def plain(value: Any) -> Any:
    """The bare value of a grid entry."""
    return value.value if isinstance(value, Cell) else value


def plain_grid(grid: Grid) -> list[list[Any]]:
    return [[plain(v) for v in row] for row in grid]

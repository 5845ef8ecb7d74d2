"""Python values as SpreadsheetML cell XML: inline strings, numbers, booleans, dates.

Text is written inline (no sharedStrings change), escaped for XML 1.0, with the
characters XML forbids dropped and Excel's own ``_xHHHH_`` escape protected so
text reads back exactly as given.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ..grid import Cell, column_index, column_letter  # noqa: F401 (re-exported)

EXCEL_CELL_LIMIT = 32767  # characters (UTF-16 code units) Excel keeps in one cell
CUT_NOTE = " [cut here: an Excel cell holds at most 32,767 characters]"
EPOCH_1900 = dt.datetime(1899, 12, 30)
EPOCH_1904 = dt.datetime(1904, 1, 1)

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def clean_text(text: str) -> str:
    """Text Excel can store: no XML-forbidden characters, at most 32,767 units."""
    text = _FORBIDDEN.sub("", text)
    if len(text.encode("utf-16-le")) // 2 > EXCEL_CELL_LIMIT:
        keep = EXCEL_CELL_LIMIT - len(CUT_NOTE)
        cut = text.encode("utf-16-le")[: keep * 2].decode("utf-16-le", errors="ignore")
        text = cut + CUT_NOTE
    return text


def escape_text(text: str) -> str:
    """Element text: & < > escaped, literal ``_xHHHH_`` kept literal, and a
    carriage return as Excel's ``_x000D_`` (XML readers turn a raw one into a newline)."""
    text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "_x000D_")


def escape_attribute(text: str) -> str:
    return escape_text(_FORBIDDEN.sub("", text)).replace('"', "&quot;")


def serial(value: dt.date | dt.datetime | dt.time, date1904: bool = False) -> float:
    """An Excel date serial number (days since 1899-12-30, or 1904-01-01)."""
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return (seconds + value.microsecond / 1e6) / 86400
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    delta = value - (EPOCH_1904 if date1904 else EPOCH_1900)
    number = delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
    return int(number) if number == int(number) else number


def is_blank(value: Any) -> bool:
    """None, pandas NA/NaT and float NaN are empty cells."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd  # already loaded by every caller that passes pandas values
    except ImportError:  # pragma: no cover
        return False
    return value is pd.NA or value is pd.NaT


def kind_of(value: Any) -> str:
    """'blank', 'bool', 'number', 'datetime', 'date', 'time' or 'text'."""
    if is_blank(value):
        return "blank"
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):
        return "bool"
    if isinstance(value, dt.datetime):  # pandas Timestamp included
        return "datetime" if (value.hour, value.minute, value.second) != (0, 0, 0) else "date"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dt.time):
        return "time"
    if isinstance(value, (numbers.Number, Decimal)):
        return "number" if math.isfinite(float(value)) else "blank"  # type: ignore[arg-type]
    return "text"


def format_number(value: Any) -> str:
    if isinstance(value, numbers.Integral):
        return str(int(value))  # type: ignore[call-overload]
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def cell_xml(
    ref: str,
    value: Any,
    style: int | None,
    date1904: bool = False,
    formula: str | None = None,
    prefix: str = "",
) -> str:
    """One <c> element, or '' for an empty unstyled cell."""
    kind = kind_of(value)
    s = f' s="{style}"' if style else ""
    c = f"{prefix}c"
    if formula is not None:
        return _formula_xml(ref, s, formula, value, kind, date1904, prefix)
    if kind == "blank":
        return f'<{c} r="{ref}"{s}/>' if style else ""
    if kind == "bool":
        return f'<{c} r="{ref}"{s} t="b"><{prefix}v>{int(bool(value))}</{prefix}v></{c}>'
    if kind in ("date", "datetime") and value.year < (1904 if date1904 else 1900):
        kind, value = "text", value.isoformat()  # Excel has no dates before its epoch
    elif kind in ("date", "datetime", "time"):
        number = format_number(serial(value, date1904))
        return f'<{c} r="{ref}"{s}><{prefix}v>{number}</{prefix}v></{c}>'
    if kind == "number":
        return f'<{c} r="{ref}"{s}><{prefix}v>{format_number(value)}</{prefix}v></{c}>'
    text = escape_text(clean_text(str(value)))
    return (
        f'<{c} r="{ref}"{s} t="inlineStr"><{prefix}is>'
        f'<{prefix}t xml:space="preserve">{text}</{prefix}t></{prefix}is></{c}>'
    )


def _formula_xml(
    ref: str, s: str, formula: str, value: Any, kind: str, date1904: bool, prefix: str
) -> str:
    """A formula cell; ``value``, when given, is its cached result until Excel recalculates."""
    f = f"<{prefix}f>{escape_text(formula)}</{prefix}f>"
    t, cached = "", ""
    if kind == "bool":
        t, cached = ' t="b"', str(int(bool(value)))
    elif kind in ("date", "datetime", "time") and getattr(value, "year", 1900) >= 1900:
        cached = format_number(serial(value, date1904))
    elif kind == "number":
        cached = format_number(value)
    elif kind != "blank":
        t, cached = ' t="str"', escape_text(clean_text(str(value)))
    v = f"<{prefix}v>{cached}</{prefix}v>" if kind != "blank" else ""
    return f'<{prefix}c r="{ref}"{s}{t}>{f}{v}</{prefix}c>'


StyleChooser = Callable[[int, Any, Cell | None], int | None]


def rows_xml(
    rows: Sequence[Sequence[Any]],
    first_row: int,
    choose_style: StyleChooser,
    date1904: bool = False,
    prefix: str = "",
    heights: Sequence[float | None] = (),
) -> tuple[str, int]:
    """<row> elements for ``rows`` starting at Excel row ``first_row``; and the widest row.

    ``heights[i]``, when given and not None, is row i's height in points.
    """
    parts: list[str] = []
    widest = 0
    for offset, row in enumerate(rows):
        number = first_row + offset
        cells = []
        for col, entry in enumerate(row):
            cell = entry if isinstance(entry, Cell) else None
            value = entry.value if cell is not None else entry
            xml = cell_xml(
                f"{column_letter(col)}{number}",
                value,
                choose_style(col, value, cell),
                date1904,
                prefix=prefix,
            )
            if xml:
                cells.append(xml)
                widest = max(widest, col + 1)
        height = heights[offset] if offset < len(heights) else None
        size = f' ht="{format_number(height)}" customHeight="1"' if height else ""
        if cells:
            parts.append(f'<{prefix}row r="{number}"{size}>{"".join(cells)}</{prefix}row>')
    return "".join(parts), widest

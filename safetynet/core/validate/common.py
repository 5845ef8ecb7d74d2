"""Small helpers every rule module shares: finding a frame, turning a mask into Problems."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pandas as pd

from ...model import Problem, Severity, Workbook
from ...schema import DATA_SHEETS, YOUTHS
from ..ids import shown_id

ERROR = Severity.ERROR
WARNING = Severity.WARNING

# Columns whose values identify a youth (the schema's ``identifying`` flag): never quoted
# in a message or on the terminal.
PRIVATE_COLUMNS: frozenset[tuple[str, str]] = frozenset(
    (sheet.name, column.header)
    for sheet in DATA_SHEETS
    for column in sheet.columns
    if column.identifying
)

# Columns holding a Youth ID: a value quoted only when it looks like one (see core.ids).
ID_COLUMNS: frozenset[str] = frozenset({YOUTHS.cols.youth_id})


def frame_of(book: Workbook, sheet: str) -> pd.DataFrame | None:
    """The sheet's frame when the caller loaded it; rules skip sheets not loaded."""
    frame = book.frames.get(sheet)
    if frame is None or len(frame) == 0:
        return None
    return frame


def day(today: dt.date) -> pd.Timestamp:
    return pd.Timestamp(today).normalize()


def mask_true(mask: pd.Series) -> pd.Series:
    """A boolean mask with missing values read as False."""
    return mask.fillna(False).astype(bool)


def show(value: Any) -> str:
    """A value as staff would recognise it in a sentence."""
    if isinstance(value, pd.Timestamp):
        return f"{value.month}/{value.day}/{value.year}"
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value.month}/{value.day}/{value.year}"
    return str(value)


def plain_value(value: Any) -> Any:
    """Problem.value: dates as dates, missing as None, everything else as it was."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, float) and value != value:
        return None
    return value


def problems_where(
    frame: pd.DataFrame,
    mask: pd.Series,
    sheet: str,
    column: str,
    message: str,
    fix: str,
    severity: Severity,
    rule: str,
    value_column: str | None = None,
) -> Iterator[Problem]:
    """One Problem per row where ``mask`` holds; ``{value}`` in the texts is the cell's value.

    Rows are few (only the bad ones), so a Python loop over them costs nothing.
    """
    hits = frame.index[mask_true(mask).to_numpy()]
    if len(hits) == 0:
        return
    values = frame.loc[hits, value_column or column]
    quote = "{value}" in message or "{value}" in fix
    private = (sheet, value_column or column) in PRIVATE_COLUMNS
    an_id = (value_column or column) in ID_COLUMNS
    for row, value in zip(hits, values, strict=True):
        text, todo = message, fix
        if quote and not private:
            shown = shown_id(value) if an_id else show(value)
            text, todo = message.replace("{value}", shown), fix.replace("{value}", shown)
        elif quote:  # an identifying value is never quoted: say "this value" instead
            text, todo = (
                _unquoted(message, "This value"),
                _unquoted(fix, "this value"),
            )
        yield Problem(sheet, int(row), column, plain_value(value), text, severity, todo, rule)


def _unquoted(text: str, instead: str) -> str:
    start = text.startswith('"{value}"') or text.startswith("{value}")
    text = text.replace('"{value}"', "{value}")
    if start:
        text = text.replace("{value}", instead, 1)
    return text.replace("{value}", instead.lower())


_NOT_WORD = re.compile(r"[^\w]+")


def name_key(text: Any) -> str:
    """A name without accents, case, punctuation or extra spaces.

    "José  DÍAZ-Ruiz" -> "jose diaz ruiz", so spelling habits do not hide a duplicate.
    """
    if text is None or text is pd.NA:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", stripped.casefold()).replace("_", " ").split())


def text_key(series: pd.Series) -> pd.Series:
    """Case- and space-insensitive form of a text column, for matching names and IDs."""
    return series.astype("string").str.strip().str.casefold()

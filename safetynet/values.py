"""One cell's value as typed by staff, turned into the value the program works with.

Each converter returns ``(value, problem)``: a value that cannot be understood
gives ``None`` and a plain sentence, never an exception. ``tables`` applies
them to whole columns.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import pandas as pd

from .schema import Column, Kind

EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_YES = frozenset({"y", "yes", "true", "1", "x"})
_NO = frozenset({"n", "no", "false", "0"})
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%m-%d-%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%Y/%m/%d",
)
_SPACES = re.compile(r"\s+")


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return value is pd.NA or value is pd.NaT


FIXES: dict[Kind, str] = {
    Kind.DATE: "Type a real date, for example 3/14/2026.",
    Kind.YN: "Type Y, N, or leave it blank.",
    Kind.INTEGER: "Type a whole number.",
    Kind.COMPUTED: "Leave this column to the workbook's formula.",
}
for _kind in (Kind.ID, Kind.TEXT, Kind.LONG_TEXT, Kind.LIST, Kind.AGENCY):
    FIXES[_kind] = "Retype the value as plain text."


def coerce(column: Column, value: Any) -> tuple[Any, str | None]:
    """One cell to its typed value; the second item explains a value that made no sense."""
    if is_blank(value):
        return None, None
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return None, f"The cell shows the Excel error {value.strip().upper()}."
    kind = column.value_kind
    if kind is Kind.DATE:
        return to_date(value)
    if kind is Kind.YN:
        return to_yes_no(value)
    if kind is Kind.INTEGER:
        return to_integer(value)
    return to_text(value), None


def to_text(value: Any) -> str:
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _SPACES.sub(" ", str(value)).strip()


def to_date(value: Any) -> tuple[pd.Timestamp | None, str | None]:
    stamp, problem = _to_timestamp(value)
    if stamp is not None and not (MIN_YEAR <= stamp.year <= MAX_YEAR):
        return None, f"The year {stamp.year} cannot be right."
    return stamp, problem


MIN_YEAR, MAX_YEAR = 1850, 2200  # also keeps every date inside pandas' nanosecond range


def _to_timestamp(value: Any) -> tuple[pd.Timestamp | None, str | None]:
    if isinstance(value, dt.datetime):
        value = value.replace(tzinfo=None)
        value = dt.datetime(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        if not (MIN_YEAR <= value.year <= MAX_YEAR):
            return None, f"The year {value.year} cannot be right."
        return pd.Timestamp(value.year, value.month, value.day), None
    if isinstance(value, bool):
        return None, "This should be a date, not TRUE or FALSE."
    if isinstance(value, (int, float)):
        if 1 <= value < 2958466:
            return pd.Timestamp(EXCEL_EPOCH + dt.timedelta(days=int(value))), None
        return None, "This number is not a date."
    text = str(value).strip()
    parsed = parse_date_text(text)
    if parsed is None:
        return None, "This is not a date the program can read."
    return parsed, None


def parse_date_text(text: str) -> pd.Timestamp | None:
    text = _SPACES.sub(" ", text.strip())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})?", text):
        # Office.js sends date cells as ISO strings (2026-11-20T00:00:00.000Z).
        try:
            return pd.Timestamp(text[:10])
        except ValueError:
            return None
    text = text.replace(".", "/")
    for fmt in _DATE_FORMATS:
        try:
            return pd.Timestamp(dt.datetime.strptime(text, fmt))
        except ValueError:
            continue
    if re.fullmatch(r"\d+(\.\d+)?", text):
        number = float(text)
        if 1 <= number < 2958466:
            return pd.Timestamp(EXCEL_EPOCH + dt.timedelta(days=int(number)))
    return None


def to_yes_no(value: Any) -> tuple[bool | None, str | None]:
    if isinstance(value, bool):
        return value, None
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value), None
    text = str(value).strip().casefold()
    if text in _YES:
        return True, None
    if text in _NO:
        return False, None
    return None, "This should be Y or N."


def to_integer(value: Any) -> tuple[int | None, str | None]:
    if isinstance(value, bool):
        return None, "This should be a number."
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or abs(value) > 2**62:
            return None, "This number is too large."
        return (int(value), None) if float(value).is_integer() else (round(value), None)
    text = str(value).strip()
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return None, "This should be a whole number."
    if not math.isfinite(number) or abs(number) > 2**62:
        return None, "This number is too large."
    return round(number), None

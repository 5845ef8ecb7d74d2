"""Turn a sheet's raw cell grid into a typed DataFrame, and back.

Both adapters (the workbook file through calamine, a live workbook through
xlwings) hand over the same thing: a list of rows, the header row first. This
module is where staff's habits are forgiven — stray spaces, blank rows, numbers
typed as text, dates typed as text, extra columns on the right — and where a
value that cannot be understood becomes a Problem instead of an exception.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .model import Problem, Severity, UnreadableWorkbook
from .schema import Column, Kind, Sheet

DTYPES: dict[Kind, str] = {
    Kind.ID: "string",
    Kind.TEXT: "string",
    Kind.LONG_TEXT: "string",
    Kind.LIST: "string",
    Kind.AGENCY: "string",
    Kind.DATE: "datetime64[ns]",
    Kind.YN: "boolean",
    Kind.INTEGER: "Int64",
}

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


def dtype_of(column: Column) -> str:
    return DTYPES[column.value_kind]


def empty_frame(sheet: Sheet) -> pd.DataFrame:
    """A typed frame with no rows, its index named ``row`` like every read frame."""
    frame = pd.DataFrame({c.header: pd.Series([], dtype=dtype_of(c)) for c in sheet.columns})
    frame.index = pd.Index([], dtype="int64", name="row")
    return frame


def normalise_header(text: Any) -> str:
    return _SPACES.sub(" ", str(text if text is not None else "")).strip().casefold()


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return value is pd.NA or value is pd.NaT


def header_map(sheet: Sheet, header_row: Sequence[Any]) -> dict[str, int]:
    """Map each schema header to its position; a missing one is a hard fault."""
    seen = {normalise_header(h): i for i, h in reversed(list(enumerate(header_row)))}
    positions: dict[str, int] = {}
    for column in sheet.columns:
        position = seen.get(normalise_header(column.header))
        if position is None:
            raise UnreadableWorkbook(
                f'The {sheet.name} sheet has no column headed "{column.header}" in row 1. '
                f"Put that header back exactly as it was (undo the rename or the deletion), "
                f"then try again."
            )
        positions[column.header] = position
    return positions


def frame_from_rows(
    sheet: Sheet, rows: Sequence[Sequence[Any]], first_row: int = 1
) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed frame from a raw grid whose first row holds the headers.

    ``first_row`` is the Excel row number of the header row. Blank rows are
    skipped; the frame's index keeps each row's Excel row number.
    """
    if not rows:
        raise UnreadableWorkbook(
            f"The {sheet.name} sheet is empty: its header row is missing. "
            f"Restore it from the backup folder or from a new workbook (safetynet init)."
        )
    positions = header_map(sheet, rows[0])
    width = max(positions.values()) + 1
    body = rows[1:]
    if body and min(map(len, body)) < width:
        body = [r if len(r) >= width else [*r, *([None] * (width - len(r)))] for r in body]
    columns = list(zip(*body, strict=False)) if body else [()] * width
    found: list[tuple[int, int, Problem]] = []
    series = {}
    for order, column in enumerate(sheet.columns):
        if column.kind is Kind.COMPUTED:
            # A formula's cached result, if any: never trusted, computed.py works it out.
            series[column.header] = pd.Series([None] * len(body), dtype=dtype_of(column))
            continue
        values, bad = type_column(column, columns[positions[column.header]])
        series[column.header] = pd.Series(values, dtype=dtype_of(column))
        for i, raw_value, message in bad:
            row = first_row + 1 + i
            found.append(
                (
                    row,
                    order,
                    Problem(
                        sheet.name,
                        row,
                        column.header,
                        raw_value,
                        message,
                        Severity.ERROR,
                        _FIXES[column.value_kind],
                        rule="readable-value",
                    ),
                )
            )
    frame = pd.DataFrame(series)
    frame.index = pd.Index(
        np.arange(first_row + 1, first_row + 1 + len(body), dtype="int64"), name="row"
    )
    keep = _filled_rows(series, [c.header for c in sheet.columns if c.kind is not Kind.COMPUTED])
    if keep is not None:
        frame = frame[keep]  # drop blank rows, perhaps holding only a formula's result
    return frame, [p for _, _, p in sorted(found, key=lambda t: (t[0], t[1]))]


def _filled_rows(series: dict[str, pd.Series], typed: list[str]) -> np.ndarray | None:
    """Which rows hold any typed value; None when all do (usually after the first column)."""
    keep: np.ndarray | None = None
    for header in typed:
        filled = series[header].notna().to_numpy()
        keep = filled if keep is None else keep | filled
        if keep.all():
            return None
    return keep


_TEXT_KINDS = frozenset({Kind.ID, Kind.TEXT, Kind.LONG_TEXT, Kind.LIST, Kind.AGENCY})


_SLOW = object()  # marks a cell the short path leaves to ``coerce``
_YN_FAST: dict[Any, Any] = {
    "Y": True,
    "N": False,
    "y": True,
    "n": False,
    "Yes": True,
    "No": False,
    "": None,
    None: None,
    True: True,
    False: False,
}


def _clean_text(text: str, kind: Kind) -> str | None:
    """Strip; outside long text, fold runs of spaces into one. Blank is None."""
    text = text.strip()
    if kind is not Kind.LONG_TEXT and "  " in text:
        text = " ".join(text.split())
    return text or None


def type_column(column: Column, values: Sequence[Any]) -> tuple[list[Any], list[tuple]]:
    """Type one column's raw values; (position, raw value, message) for each that fails.

    The usual cells (clean text, dates from the file, Y/N) are typed by one
    comprehension per column; anything else goes through ``coerce``, which
    explains what is wrong. This keeps reading close to calamine's own speed.
    """
    kind = column.value_kind
    date_type = dt.date
    if kind in _TEXT_KINDS:
        distinct = set(values)
        if len(distinct) * 2 < len(values) and all(type(u) is str for u in distinct - {None}):
            # Lists, agencies, cities: few distinct values, each cleaned once.
            cleaned = {u: (None if u is None else _clean_text(u, kind)) for u in distinct}
            out = list(map(cleaned.__getitem__, values))
        elif kind is Kind.LONG_TEXT:
            out = [
                (v.strip() or None) if type(v) is str else (None if v is None else _SLOW)
                for v in values
            ]
        else:
            # strip always; split and join only the rare cell with a double space
            out = [
                ((" ".join(t.split()) if "  " in t else t) if (t := v.strip()) else None)
                if type(v) is str
                else (None if v is None else _SLOW)
                for v in values
            ]
        present = set(out)  # hashing is cheap: a string keeps its hash
        suspects = [i for i, v in enumerate(out) if v is _SLOW] if _SLOW in present else []
        if not EXCEL_ERRORS.isdisjoint(present):
            suspects += [i for i, v in enumerate(out) if v in EXCEL_ERRORS]
    elif kind is Kind.DATE:
        out = [
            v if type(v) is date_type else (None if v is None or v == "" else _SLOW) for v in values
        ]
        suspects = [
            i
            for i, v in enumerate(out)
            if v is _SLOW or (v is not None and not MIN_YEAR <= v.year <= MAX_YEAR)
        ]
    elif kind is Kind.YN:
        # Few distinct values (Y, N, blank): look each up once. 1, 1.0 and True share a
        # key, and all three mean Y, so that sharing is harmless here.
        known = {u: _YN_FAST.get(u, _SLOW) if type(u) is not float else _SLOW for u in set(values)}
        out = list(map(known.__getitem__, values))
        slow = _SLOW in known.values()
        suspects = [i for i, v in enumerate(out) if v is _SLOW] if slow else []
    else:
        out = [_SLOW] * len(values)
        suspects = list(range(len(values)))
    bad: list[tuple] = []
    for i in suspects:
        value = values[i]
        typed, problem = coerce(column, value)
        out[i] = typed
        if problem:
            bad.append((i, value, problem))
    return out, bad


_FIXES: dict[Kind, str] = {
    Kind.DATE: "Type a real date, for example 3/14/2026.",
    Kind.YN: "Type Y, N, or leave it blank.",
    Kind.INTEGER: "Type a whole number.",
    Kind.COMPUTED: "Leave this column to the workbook's formula.",
}
for _kind in (Kind.ID, Kind.TEXT, Kind.LONG_TEXT, Kind.LIST, Kind.AGENCY):
    _FIXES[_kind] = "Retype the value as plain text."


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


def cell_value(column: Column, value: Any) -> Any:
    """A typed value as a workbook cell holds it: dates as dates, Y/N as text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if column.value_kind is Kind.YN:
        return "Y" if bool(value) else "N"
    if column.value_kind is Kind.DATE:
        stamp = pd.Timestamp(value)
        return stamp.to_pydatetime().date()
    if column.value_kind is Kind.INTEGER:
        return int(value)
    return str(value)


def rows_from_frame(sheet: Sheet, frame: pd.DataFrame) -> list[list[Any]]:
    """The data rows of a frame as cell values, in the schema's column order."""
    columns = sheet.columns
    series = [
        frame[c.header].tolist() if c.header in frame else [None] * len(frame) for c in columns
    ]
    return [
        [cell_value(col, values[i]) for col, values in zip(columns, series, strict=True)]
        for i in range(len(frame))
    ]


def coerce_frame(
    sheet: Sheet, records: Iterable[dict[str, Any]], first_row: int = 2
) -> pd.DataFrame:
    """A typed frame from dicts of already-typed values (used by generators and tests)."""
    rows = [[r.get(c.header) for c in sheet.columns] for r in records]
    frame, problems = frame_from_rows(sheet, [sheet.headers, *rows], first_row=first_row - 1)
    if problems:
        raise ValueError(problems[0].sentence())
    return frame

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
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .model import Problem, Severity, UnreadableWorkbook
from .schema import Column, Kind, Sheet, normalise_header
from .values import EXCEL_ERRORS, FIXES, MAX_YEAR, MIN_YEAR, coerce

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


def dtype_of(column: Column) -> str:
    return DTYPES[column.value_kind]


def empty_frame(sheet: Sheet) -> pd.DataFrame:
    """A typed frame with no rows, its index named ``row`` like every read frame."""
    frame = pd.DataFrame({c.header: pd.Series([], dtype=dtype_of(c)) for c in sheet.columns})
    frame.index = pd.Index([], dtype="int64", name="row")
    return frame


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
                        FIXES[column.value_kind],
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
        return _date_column(column, values)
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


_NAT = np.iinfo(np.int64).min  # NaT as nanoseconds
_EPOCH = dt.date(1970, 1, 1)
_DAY_NS = 86_400 * 10**9


def _date_column(column: Column, values: Sequence[Any]) -> tuple[np.ndarray, list[tuple]]:
    """A date column as datetime64[ns], each distinct date converted once.

    Ten years of referrals hold about 3,650 distinct days in 15,000 cells, so
    the days are worked out once and the column filled by lookup in C.
    """
    date_type = dt.date
    known: dict[Any, int | None] = {}
    for value in set(values):
        if value is None or value == "":
            known[value] = _NAT
        elif type(value) is date_type and MIN_YEAR <= value.year <= MAX_YEAR:
            known[value] = (value - _EPOCH).days * _DAY_NS
        else:
            known[value] = None  # left to coerce, which explains what is wrong
    bad: list[tuple] = []
    if None not in known.values():
        days = np.fromiter(map(known.__getitem__, values), dtype=np.int64, count=len(values))
        return days.view("datetime64[ns]"), bad
    days = np.empty(len(values), dtype=np.int64)
    for i, value in enumerate(values):
        found = known[value]
        if found is None:
            typed, problem = coerce(column, value)
            found = _NAT if typed is None else int(pd.Timestamp(typed).value)
            if problem:
                bad.append((i, value, problem))
        days[i] = found
    return days.view("datetime64[ns]"), bad


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

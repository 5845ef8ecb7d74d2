"""What Validate found, as the Problems sheet and as text for the command line.

Both keep youths' names and birth dates out of anything that leaves the
workbook: the Problems sheet stays inside it (so it may show the value), the
terminal does not (a screen may be shared, a log kept).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any

from ..display import day_month_year
from ..grid import Cell, Grid, column_letter
from ..model import Problem
from ..schema import DATA_SHEETS, SETTINGS_SHEET
from .ids import looks_like_id
from .validate import sort_problems
from .validate.common import ID_COLUMNS, PRIVATE_COLUMNS

HEADERS = ("Severity", "Sheet", "Row", "Column", "Value", "Problem", "What to do")
HIDDEN = "(value hidden)"
# Rules whose value may hold a youth's name even outside the name columns.
PRIVATE_RULES = frozenset({"id-holds-name"})

_HEADER_ORDER = {sheet.name: sheet.headers for sheet in DATA_SHEETS}


def cell_address(problem: Problem) -> str:
    """Where a link should land: the problem's cell, or the sheet's A1 when not known."""
    headers = _HEADER_ORDER.get(problem.sheet, [])
    letter = "A"
    if problem.sheet == SETTINGS_SHEET and problem.row is not None:
        letter = "B"  # labels in A, values in B
    elif problem.column in headers:
        letter = column_letter(headers.index(problem.column))
    row = problem.row if problem.row is not None else 1
    sheet = problem.sheet.replace("'", "''")
    return f"'{sheet}'!{letter}{row}"


def count_sentence(problems: Sequence[Problem]) -> str:
    """ "Found 3 errors and 2 warnings." — the one line every front end shows."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "Found no problems."
    return f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')}."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def problems_grid(problems: Iterable[Problem], checked_at: dt.date) -> Grid:
    """The Problems sheet: title, summary, headers, one linked row per problem."""
    ordered = sort_problems(problems)
    when = day_month_year(checked_at)
    if isinstance(checked_at, dt.datetime):
        when += f" {checked_at:%H:%M}"
    summary = f"Checked {when}. {count_sentence(ordered)}"
    if ordered:
        summary += " Click a sheet name to go to the cell."
    grid: list[list[Any]] = [
        [Cell("Problems found by Validate Entries", "title")],
        [Cell(summary, "note")],
        [Cell(h, "header") for h in HEADERS],
    ]
    for problem in ordered:
        link = cell_address(problem)
        severity = "Error" if problem.is_error else "Warning"
        grid.append(
            [
                Cell(severity, "error" if problem.is_error else "warning"),
                Cell(problem.sheet, "link", link),
                Cell(problem.row, "link", link),
                problem.column,
                _sheet_value(problem.value),
                Cell(problem.message, "wrap"),
                Cell(problem.fix, "wrap"),
            ]
        )
    return grid


def _sheet_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return Cell(value, "datetime")
    if isinstance(value, dt.date):
        return Cell(value, "date")
    return value


def is_private(problem: Problem) -> bool:
    if problem.column in ID_COLUMNS and not looks_like_id(problem.value):
        return True  # a name typed where the ID belongs
    return (problem.sheet, problem.column) in PRIVATE_COLUMNS or problem.rule in PRIVATE_RULES


def terminal_value(problem: Problem) -> str:
    """The value as the command line may print it: never a youth's name or birth date."""
    if problem.value is None or problem.value == "":
        return ""
    if is_private(problem):
        return HIDDEN
    text = str(problem.value)
    if isinstance(problem.value, dt.date):
        text = f"{problem.value.month}/{problem.value.day}/{problem.value.year}"
    return text if len(text) <= 60 else text[:57] + "..."


def public_dict(problem: Problem) -> dict[str, Any]:
    """``Problem.to_dict`` for output that leaves the workbook (``--json``): no youth details."""
    record = problem.to_dict()
    if is_private(problem) and record["value"] not in (None, ""):
        record["value"] = HIDDEN
    return record


def format_problems(problems: Iterable[Problem]) -> str:
    """Problems for the terminal: grouped by sheet, errors first, then a one-line count."""
    ordered = sort_problems(problems)
    if not ordered:
        return "Found no problems."
    lines: list[str] = []
    for is_error, group in groupby(ordered, key=lambda p: p.is_error):
        label = "Errors (fix these first)" if is_error else "Warnings (worth checking)"
        lines.append(label)
        for sheet, in_sheet in groupby(group, key=lambda p: p.sheet):
            lines.append(f"  {sheet}")
            for problem in in_sheet:
                lines.append(f"    {_terminal_line(problem)}")
        lines.append("")
    lines.append(count_sentence(ordered))
    return "\n".join(lines)


def _terminal_line(problem: Problem) -> str:
    place = []
    if problem.row is not None:
        place.append(f"row {problem.row}")
    if problem.column:
        place.append(problem.column)
    where = ", ".join(place) or "whole sheet"
    value = terminal_value(problem)
    shown = f" [{value}]" if value else ""
    text = f"{where}{shown}: {problem.message}"
    if problem.fix:
        text += f" {problem.fix}"
    return text

"""Validate Entries: every rule a careful coordinator would check, as a list of functions.

Each rule is ``rule(book, today) -> Iterable[Problem]`` and only reads. Rules
skip sheets the caller did not load, so an operation can validate just what it
reads. ``RULES`` is a tuple: to add a rule, pass ``rules=(*RULES, mine)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from ...model import Problem, Workbook
from ...schema import DATA_SHEETS, SHEET_ORDER
from .dates import date_ranges, record_dates, youth_dates
from .fields import contact_formats, empty_youths, list_values, reading_problems, required_fields
from .identity import (
    agency_references,
    duplicate_youths,
    id_holds_name,
    repeated_rows,
    same_name_no_birth_date,
    unique_ids,
    youth_references,
)
from .settings import settings_values
from .workflow import (
    agreements,
    closed_consistency,
    overdue_actions,
    referral_outcomes,
    ywsp_sessions,
)

Rule = Callable[[Workbook, dt.date], Iterable[Problem]]

RULES: tuple[Rule, ...] = (
    reading_problems,
    required_fields,
    list_values,
    date_ranges,
    youth_dates,
    record_dates,
    empty_youths,
    contact_formats,
    settings_values,
    unique_ids,
    repeated_rows,
    youth_references,
    agency_references,
    id_holds_name,
    duplicate_youths,
    same_name_no_birth_date,
    closed_consistency,
    overdue_actions,
    referral_outcomes,
    ywsp_sessions,
    agreements,
)

# A fault at a cell (the key) makes these other findings at the same cell only an echo.
_ECHOES: dict[str, frozenset[str]] = {
    "readable-value": frozenset({"required", "date-order", "date-range", "list-value"}),
    "excel-error": frozenset({"required", "date-order", "date-range", "list-value"}),
    "merged-cells": frozenset({"required"}),
    "date-range": frozenset({"date-order", "age-at-referral"}),
}

_SHEET_RANK = {name: i for i, name in enumerate(SHEET_ORDER)}
_COLUMN_RANK = {
    (sheet.name, header): i for sheet in DATA_SHEETS for i, header in enumerate(sheet.headers)
}


def validate(book: Workbook, today: dt.date, rules: Iterable[Rule] = RULES) -> list[Problem]:
    """All problems the rules find, errors first, then in sheet, row and column order."""
    found: list[Problem] = []
    for rule in rules:
        found.extend(rule(book, today))
    return sort_problems(drop_echoes(found))


def drop_echoes(problems: list[Problem]) -> list[Problem]:
    """One report per cell fault: "blank" after "not a date" would only confuse."""
    echoes: dict[tuple[object, ...], set[str]] = {}
    for problem in problems:
        if problem.rule in _ECHOES:
            place = (problem.sheet, problem.row, problem.column)
            echoes.setdefault(place, set()).update(_ECHOES[problem.rule])
    seen: set[tuple[object, ...]] = set()
    kept: list[Problem] = []
    for problem in problems:
        place = (problem.sheet, problem.row, problem.column)
        if problem.rule in echoes.get(place, ()):
            continue
        identity = (*place, problem.rule, problem.message)
        if identity in seen:
            continue
        seen.add(identity)
        kept.append(problem)
    return kept


def sort_key(problem: Problem) -> tuple[int, int, int, int, str]:
    return (
        0 if problem.is_error else 1,
        _SHEET_RANK.get(problem.sheet, len(_SHEET_RANK)),
        problem.row if problem.row is not None else 0,
        _COLUMN_RANK.get((problem.sheet, problem.column or ""), -1),
        problem.message,
    )


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=sort_key)


__all__ = ["RULES", "Rule", "drop_echoes", "sort_problems", "validate"]

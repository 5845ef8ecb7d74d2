"""Validate Entries as an operation, and the check other operations run before they start."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..core.problems_sheet import count_sentence, problems_grid, public_dict
from ..core.validate import (
    Rule,
    list_values,
    reading_problems,
    required_fields,
    unique_ids,
    validate,
    youth_references,
)
from ..core.validate.releases import agenda_ids, agenda_without_releases
from ..model import Problem, ProblemsFound, Workbook
from ..schema import DATA_SHEETS, PROBLEMS_SHEET
from . import Outcome

SHEETS: tuple[str, ...] = tuple(sheet.name for sheet in DATA_SHEETS)


def validate_entries(
    book: Workbook,
    *,
    today: dt.date | None = None,
    checked_at: dt.datetime | None = None,
    agenda_grid: list[list[Any]] | None = None,
) -> Outcome:
    """Check every loaded sheet; the Problems sheet lists what was found. Data is never changed.

    ``agenda_grid`` (the Agenda sheet as staff left it) adds the release warnings
    about the youths on it when Require Releases is Y.

    ``data["problems"]`` (what ``--json`` prints) hides youths' names and birth
    dates; the Problems sheet, which stays inside the workbook, shows them.
    """
    today = today or dt.date.today()
    checked_at = checked_at or dt.datetime.combine(today, dt.datetime.now().time())
    problems = validate(book, today)
    ids, meeting = agenda_ids(agenda_grid)
    problems = [*problems, *agenda_without_releases(book, today, ids, meeting)]
    errors = sum(p.is_error for p in problems)
    return Outcome(
        operation="Validate Entries",
        message=count_sentence(problems),
        exit_code=1 if errors else 0,
        data={
            "problems": [public_dict(p) for p in problems],
            "errors": errors,
            "warnings": len(problems) - errors,
        },
        sheets={PROBLEMS_SHEET: problems_grid(problems, checked_at)},
        problems=problems,
    )


# Columns the agenda and the packet read dates from.
_AGENDA_DATES = frozenset(
    {
        ("Youths", "Date of Birth"),
        ("Youths", "Referral Date"),
        ("Youths", "Custody Change Date"),
        ("Youths", "Next Court Date"),
        ("Youths", "Closed Date"),
        ("Meetings", "Meeting Date"),
        ("Meetings", "Action Due"),
        ("Meetings", "Next Review Date"),
    }
)
# Columns the agenda selects or groups by: a stray value changes who is on it.
_AGENDA_CHOICES = frozenset(
    {
        ("Youths", "Status"),
        ("Youths", "Custody Status"),
        ("Youths", "Safety Level"),
        ("Youths", "Youth ID"),
        ("Meetings", "Youth ID"),
        ("Meetings", "Meeting Date"),
        ("Meetings", "Action Done"),
        ("Youths", "Discuss Next Meeting"),
    }
)


def _breaks_agenda(problem: Problem) -> bool:
    if not problem.is_error:
        return False
    place = (problem.sheet, problem.column)
    if problem.rule == "unknown-youth" and problem.sheet == "Meetings":
        return True
    if problem.rule == "duplicate-id" and problem.sheet == "Youths":
        return True
    if problem.rule == "readable-value":
        return place in _AGENDA_DATES or place in _AGENDA_CHOICES
    if problem.rule in ("required", "list-value"):
        return place in _AGENDA_CHOICES
    return False


def _stop_message(operation: str, blocking: list[Problem], shown: int = 5) -> str:
    """A plain message naming the first few cells; the full list is on the exception."""
    count = len(blocking)
    noun = "error" if count == 1 else "errors"
    lines = [
        f"{operation} stopped: {count} {noun} in the workbook would make it wrong. "
        f"Fix {'it' if count == 1 else 'them'}, then try again."
    ]
    lines += [f"- {p.sentence()}" for p in blocking[:shown]]
    if count > shown:
        lines.append(f"- and {count - shown} more: run Validate Entries to see them all.")
    return "\n".join(lines)


# The rules whose errors can stop an agenda or a packet (see _breaks_agenda); the
# others (fuzzy duplicate names, MOUs, formats) only warn, so they need not run.
BLOCKING_RULES: tuple[Rule, ...] = (
    reading_problems,
    required_fields,
    list_values,
    unique_ids,
    youth_references,
)

BLOCKERS: dict[str, Callable[[Problem], bool]] = {
    "Build Agenda": _breaks_agenda,
    "Print Packet": _breaks_agenda,
}


def require_valid(
    book: Workbook, today: dt.date, for_operation: str, rules: tuple[Rule, ...] = BLOCKING_RULES
) -> list[Problem]:
    """Stop ``for_operation`` with the list of errors that would make its output wrong.

    Only the rules that can find such errors run (a click should not pay for
    the fuzzy duplicate search). Returns what else they found, which the
    operation may mention but goes on past.
    """
    blocks = BLOCKERS.get(for_operation, _breaks_agenda)
    problems = validate(book, today, rules=rules)
    blocking = [p for p in problems if blocks(p)]
    if blocking:
        raise ProblemsFound(_stop_message(for_operation, blocking), blocking)
    return problems

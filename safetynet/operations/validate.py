"""Validate Entries as an operation, and the check other operations run before they start."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..model import Problem, ProblemsFound, Workbook
from ..schema import AGENDA_SHEET, DATA_SHEETS, MEETINGS, PROBLEMS_SHEET, YOUTHS, data_sheet
from . import Operation, Outcome

if TYPE_CHECKING:
    from ..core.validate import Rule


def validate_entries(
    book: Workbook, *, today: dt.date, checked_at: dt.datetime | None = None
) -> Outcome:
    """Check every loaded sheet; the Problems sheet lists what was found. Data is never changed.

    ``data["problems"]`` (what ``--json`` prints) hides youths' names and birth
    dates; the Problems sheet, which stays inside the workbook, shows them. The
    Agenda sheet (``book.grids``) adds the release warnings about the youths on it
    when Require Releases is Y.
    """
    from ..core.problems_sheet import count_sentence, problems_grid, public_dict
    from ..core.validate import validate  # the core: pandas, imported while the file was read
    from ..core.validate.releases import agenda_ids, agenda_without_releases

    problems = validate(book, today)
    ids, meeting = agenda_ids(book.grids.get(AGENDA_SHEET))
    problems = [*problems, *agenda_without_releases(book, today, ids, meeting)]
    errors = sum(p.is_error for p in problems)
    return Outcome(
        operation=VALIDATE_ENTRIES.name,
        message=count_sentence(problems),
        exit_code=1 if errors else 0,
        data={
            "problems": [public_dict(p) for p in problems],
            "errors": errors,
            "warnings": len(problems) - errors,
        },
        sheets={PROBLEMS_SHEET: problems_grid(problems, checked_at or today)},
        problems=problems,
    )


# Problems that stop Build Agenda and Print Packet in a column the agenda reads
# (see schema.Column.agenda): an unreadable value, an Excel error, merged cells.
_UNREADABLE_RULES = frozenset({"readable-value", "excel-error", "merged-cells"})


def _agenda_role(problem: Problem) -> str:
    try:
        return data_sheet(problem.sheet).column(problem.column or "").agenda
    except KeyError:
        return ""


def _breaks_agenda(problem: Problem) -> bool:
    """True when the error would put the wrong youths on the agenda or the packet."""
    if not problem.is_error:
        return False
    if problem.rule == "unknown-youth" and problem.sheet == MEETINGS.name:
        return True
    if problem.rule == "duplicate-id" and problem.sheet == YOUTHS.name:
        return True
    role = _agenda_role(problem)
    if problem.rule in _UNREADABLE_RULES:
        return role in ("read", "select")
    if problem.rule in ("required", "list-value"):
        return role == "select"
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
        lines.append(f"- and {count - shown} more: Validate Entries lists them all.")
    return "\n".join(lines)


def blocking_rules() -> tuple[Rule, ...]:
    """The rules whose errors can stop an agenda or a packet (see _breaks_agenda).

    The others (fuzzy duplicate names, MOUs, formats) only warn, so they need not run.
    """
    from ..core.validate import (
        list_values,
        reading_problems,
        required_fields,
        unique_ids,
        youth_references,
    )

    return (reading_problems, required_fields, list_values, unique_ids, youth_references)


def require_valid(
    book: Workbook, today: dt.date, for_operation: str, rules: tuple[Rule, ...] | None = None
) -> list[Problem]:
    """Stop ``for_operation`` with the list of errors that would make its output wrong.

    Only the rules that can find such errors run (a click should not pay for
    the fuzzy duplicate search). Returns what else they found, which the
    operation may mention but goes on past.
    """
    from ..core.validate import validate

    problems = validate(book, today, rules=blocking_rules() if rules is None else rules)
    blocking = [p for p in problems if _breaks_agenda(p)]
    if blocking:
        raise ProblemsFound(_stop_message(for_operation, blocking), blocking)
    return problems


VALIDATE_ENTRIES = Operation(
    name="Validate Entries",
    function=validate_entries,
    reads=tuple(sheet.name for sheet in DATA_SHEETS),
    grids=(AGENDA_SHEET,),
    command="validate",
    button="validate_entries",
    checks=True,
)

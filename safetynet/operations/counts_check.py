"""Before a report counts: the errors in the data that would change its counts.

Refresh Dashboard and Monthly Report run the rules that can find such errors
(unreadable or off-list values, a Youth ID used twice or naming nobody,
impossible dates) on the sheets they count. The Dashboard, seen by staff
only, refreshes anyway and says how many; the funder report does not go out
while any stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..actions import do, on_sheet
from ..core.validate import (
    Rule,
    date_ranges,
    list_values,
    reading_problems,
    record_dates,
    required_fields,
    unique_ids,
    validate,
    youth_dates,
    youth_references,
)
from ..model import Problem, Workbook
from ..schema import MEETINGS, REFERRALS, YOUTHS, YWSP

COUNTED_SHEETS = frozenset({YOUTHS.name, REFERRALS.name, MEETINGS.name, YWSP.name})
COUNT_RULES: tuple[Rule, ...] = (
    reading_problems,
    required_fields,
    list_values,
    unique_ids,
    youth_references,
    date_ranges,
    youth_dates,
    record_dates,
)


# A blank Gender or Date of Birth is counted, as "Not reported"; these blanks are not.
COUNTED_REQUIRED = frozenset(
    {
        (YOUTHS.name, YOUTHS.cols.youth_id),
        (YOUTHS.name, YOUTHS.cols.referral_date),
        (REFERRALS.name, REFERRALS.cols.youth_id),
        (REFERRALS.name, REFERRALS.cols.referral_date),
        (REFERRALS.name, REFERRALS.cols.service),
        (MEETINGS.name, MEETINGS.cols.meeting_date),
        (MEETINGS.name, MEETINGS.cols.youth_id),
        (YWSP.name, YWSP.cols.youth_id),
        (YWSP.name, YWSP.cols.cohort),
    }
)


def changes_counts(problem: Problem) -> bool:
    if not problem.is_error or problem.sheet not in COUNTED_SHEETS:
        return False
    if problem.rule == "required":
        return (problem.sheet, problem.column) in COUNTED_REQUIRED
    return True


def count_errors(book: Workbook, today: dt.date) -> list[Problem]:
    """The errors, on the sheets reports count, that would change a count."""
    return [p for p in validate(book, today, rules=COUNT_RULES) if changes_counts(p)]


def _errors(count: int) -> str:
    return f"{count} error{'' if count == 1 else 's'} in the data"


def message_warning(errors: Sequence[Problem]) -> str:
    """For the operation's message (placeholders: the front end words them)."""
    if not errors:
        return ""
    return (
        f"Warning: {_errors(len(errors))} change{'s' if len(errors) == 1 else ''} these counts; "
        f"{do('Validate Entries')} to see where, and fix them."
    )


def sheet_warning(errors: Sequence[Problem]) -> str:
    """For the sheet itself, read in Excel."""
    if not errors:
        return ""
    return (
        f"Warning: {_errors(len(errors))} change{'s' if len(errors) == 1 else ''} these counts; "
        f"{on_sheet('Validate Entries')} to see where, and fix them."
    )

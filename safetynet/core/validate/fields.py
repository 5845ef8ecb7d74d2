"""Rules about single cells: readable, required, from the list, in a usable format.

Severity of a value not in its dropdown list: an ERROR for the lists the
agenda, the dashboard and the funder report count or sort by (a misspelt
"female" would drop out of a count, a "closed " youth would stay on the
agenda, "present" would not count as a session); a WARNING for the lists
that are only shown as text (Closed Reason, Exploitation Type, …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...model import Problem, Workbook
from ...schema import AGENCIES, DATA_SHEETS, MEETINGS, REFERRALS, YOUTHS, Kind, Sheet
from .common import ERROR, WARNING, frame_of, mask_true, problems_where, text_key

# Lists whose values drive selection, counts and sorting: a stray value is an error.
COUNTED_LISTS: frozenset[str] = frozenset(
    {
        YOUTHS.cols.gender,
        YOUTHS.cols.race_ethnicity,
        YOUTHS.cols.custody_status,
        YOUTHS.cols.safety_level,
        "Youth Status",
        MEETINGS.cols.section,
        REFERRALS.cols.service,
        "Referral Status",
        "Attendance",
    }
)


def reading_problems(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """What the reader could not understand (not a date, not Y/N, an Excel error)."""
    yield from book.problems


def required_fields(book: Workbook, today: dt.date) -> Iterator[Problem]:
    for sheet in DATA_SHEETS:
        frame = frame_of(book, sheet.name)
        if frame is None:
            continue
        for column in sheet.columns:
            if not column.required or column.kind is Kind.COMPUTED:
                continue
            yield from problems_where(
                frame,
                frame[column.header].isna(),
                sheet.name,
                column.header,
                f"{column.header} is blank, and every row needs one.",
                _required_fix(sheet, column.header),
                ERROR,
                "required",
            )


def _required_fix(sheet: Sheet, header: str) -> str:
    column = sheet.column(header)
    if column.kind is Kind.LIST:
        return "Choose a value from the cell's dropdown."
    if column.kind is Kind.AGENCY:
        return "Type the agency's name as it is on the Agencies sheet."
    if column.kind is Kind.DATE:
        return "Type the date, for example 3/14/2026."
    if column.kind is Kind.YN:
        return "Type Y or N."
    return f"Fill in the {header}."


def list_values(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Every dropdown column holds a value of its list (lists as edited on the Lists sheet)."""
    for sheet in DATA_SHEETS:
        frame = frame_of(book, sheet.name)
        if frame is None:
            continue
        for column in sheet.columns:
            if column.kind is not Kind.LIST or column.list_name is None:
                continue
            allowed = book.lists.get(column.list_name, ())
            values = frame[column.header]
            bad = values.notna() & ~values.isin(allowed)
            if not mask_true(bad).any():
                continue
            severity = ERROR if column.list_name in COUNTED_LISTS else WARNING
            yield from _off_list(frame, bad, sheet.name, column.header, allowed, severity)


def _off_list(frame, bad, sheet_name, header, allowed, severity) -> Iterator[Problem]:
    by_key = {str(a).strip().casefold(): a for a in allowed}
    keys = text_key(frame[header])
    near = bad & keys.isin(list(by_key))
    if mask_true(near).any():
        for problem in problems_where(
            frame,
            near,
            sheet_name,
            header,
            '"{value}" is not written as in the list.',
            "",
            severity,
            "list-value",
        ):
            exact = by_key[str(problem.value).strip().casefold()]
            yield _with_fix(problem, f'Choose "{exact}" from the dropdown.')
    shown = ", ".join(allowed[:8]) + (", …" if len(allowed) > 8 else "")
    yield from problems_where(
        frame,
        bad & ~near,
        sheet_name,
        header,
        '"{value}" is not one of the choices for ' + header + ".",
        f"Choose one from the dropdown ({shown}), or add it to the Lists sheet first.",
        severity,
        "list-value",
    )


def _with_fix(problem: Problem, fix: str) -> Problem:
    from dataclasses import replace

    return replace(problem, fix=fix)


def empty_youths(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """An empty Youths table is fine in a new workbook, but worth saying."""
    youths = book.frames.get("Youths")
    if youths is not None and len(youths) == 0:
        yield Problem(
            "Youths",
            2,
            YOUTHS.cols.youth_id,
            None,
            "The Youths sheet has no youths yet.",
            WARNING,
            "Type the first youth in row 2, or check that rows were not deleted by mistake.",
            "empty-table",
        )


EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
ZIP = r"^\d{5}(-\d{4})?$"


def contact_formats(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Emails the packet is sent to, and ZIP codes the reports group by, look right."""
    for sheet_name in ("Agencies", "Members"):
        frame = frame_of(book, sheet_name)
        if frame is None:
            continue
        emails = frame[AGENCIES.cols.email]
        bad = emails.notna() & ~emails.str.strip().str.fullmatch(EMAIL)
        yield from problems_where(
            frame,
            bad,
            sheet_name,
            AGENCIES.cols.email,
            '"{value}" does not look like an email address.',
            "Type it as name@example.org, with no spaces.",
            WARNING,
            "email-format",
        )
    youths = frame_of(book, "Youths")
    if youths is not None:
        zips = youths[YOUTHS.cols.zip]
        short = zips.notna() & zips.str.fullmatch(r"\d{3,4}")
        yield from problems_where(
            youths,
            short,
            "Youths",
            YOUTHS.cols.zip,
            "ZIP {value} is too short: Excel may have dropped a leading zero.",
            "Format the cell as Text and type all five digits.",
            WARNING,
            "zip-format",
        )
        odd = zips.notna() & ~zips.str.fullmatch(ZIP) & ~short
        yield from problems_where(
            youths,
            odd,
            "Youths",
            YOUTHS.cols.zip,
            '"{value}" is not a ZIP code.',
            "Type five digits, e.g. 94607.",
            WARNING,
            "zip-format",
        )

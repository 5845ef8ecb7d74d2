"""Monthly Report: the OVC PMT counts for funders, masked, on the Monthly sheet and in Word.

Masking happens before anything is written: the sheet, the ``--json``
output and the Word report all carry the masked table, never raw counts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..actions import do
from ..display import month_year
from ..model import SafetyNetError, Workbook
from ..schema import LOG_SHEET, MEETINGS, MONTHLY_SHEET, REFERRALS, YOUTHS, YWSP, setting
from . import Operation, Outcome
from .dashboard import STATISTICS_SHEETS, frame_or_empty, refresh_dashboard

if TYPE_CHECKING:
    import pandas as pd

THRESHOLD = setting("Small Count Threshold")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def report_month(month: str | None, today: dt.date, first_data: dt.date | None = None) -> pd.Period:
    """The month asked for (``YYYY-MM``), or by default the last complete month before today.

    A month after today's has nothing to count yet, and one before the
    program's first record (``first_data``) nothing either: both are refused
    rather than sent to a funder as a report of zeros.
    """
    import pandas as pd

    if month is None:
        return pd.Period(today, freq="M") - 1
    found = _MONTH.match(str(month))
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise SafetyNetError(
            f'"{month}" is not a month the report understands. Write the year, a dash and the '
            f"month, for example 2026-10 for October 2026."
        )
    asked = pd.Period(year=int(found.group(1)), month=int(found.group(2)), freq="M")
    current = pd.Period(today, freq="M")
    if asked > current:
        raise SafetyNetError(
            f"{month_year(asked)} has not begun yet, so there is nothing to report. Choose "
            f"{month_year(current)} or an earlier month.",
            exit_code=2,
        )
    if first_data is not None and asked < pd.Period(first_data, freq="M"):
        first = pd.Period(first_data, freq="M")
        raise SafetyNetError(
            f"{month_year(asked)} is before the program's first record ({month_year(first)}), "
            f"so there is nothing to report. Choose {month_year(first)} or a later month.",
            exit_code=2,
        )
    return asked


def first_record(book: Workbook) -> dt.date | None:
    """The earliest referral or meeting in the workbook: the program's first data."""
    import pandas as pd

    dates = [
        frame_or_empty(book, YOUTHS)[YOUTHS.cols.referral_date].min(),
        frame_or_empty(book, REFERRALS)[REFERRALS.cols.referral_date].min(),
        frame_or_empty(book, MEETINGS)[MEETINGS.cols.meeting_date].min(),
    ]
    known = [d for d in dates if pd.notna(d)]
    return min(known).date() if known else None


def refusal(errors: list) -> str:
    count = len(errors)
    return (
        f"No funder report was written: {count} error{'' if count == 1 else 's'} in the data "
        f"change{'s' if count == 1 else ''} its counts. {do('Validate Entries')} to see where, "
        f"fix {'it' if count == 1 else 'them'}, then {do('Monthly Report')} again."
    )


def small_count_threshold(book: Workbook) -> int:
    """The Small Count Threshold setting; anything but a whole number of 3 or more stops.

    At 2, "<2" would mean exactly 1: the mark itself would tell.
    """
    value = book.settings.get(THRESHOLD.label, THRESHOLD.default)
    try:
        threshold = int(str(value).strip()) if value not in (None, "") else int(THRESHOLD.default)
    except ValueError:
        threshold = 0
    if threshold < 3:
        raise SafetyNetError(
            f'Settings: Small Count Threshold is "{value}". Type a whole number of 3 or more '
            f"(11 is the usual rule), then run Monthly Report again.",
            exit_code=1,
        )
    return threshold


def monthly_report(
    book: Workbook,
    *,
    today: dt.date,
    month: str | None = None,
    out_dir: Path | None = None,
    pdf: bool = True,
) -> Outcome:
    """Count, mask and lay out the month's funder table; write the Word (and PDF) report
    when ``out_dir`` is given.

    The Dashboard is refreshed in the same click, from the same data, so the
    staff's figures and the funders' never disagree and the two cost one read
    of the workbook. Only the Monthly sheet, the JSON and the report are masked.
    While errors that change the counts stand, the sheet says so and no funder
    report is written (exit status 1); the current month is marked in progress.
    """
    import pandas as pd

    from ..core.masking import masking_rule  # the statistics load only when asked for
    from ..core.monthly import RevealedCount, masked_rows, monthly_grid, monthly_table
    from .counts_check import count_errors, sheet_warning

    through = report_month(month, today, first_record(book))
    threshold = small_count_threshold(book)
    errors = count_errors(book, today)
    table = monthly_table(
        frame_or_empty(book, YOUTHS),
        frame_or_empty(book, REFERRALS),
        frame_or_empty(book, MEETINGS),
        frame_or_empty(book, YWSP),
        through,
        today,
    )
    table = replace(table, in_progress=through == pd.Period(today, freq="M"), counted_to=today)
    try:
        shown = masked_rows(table, threshold)
    except RevealedCount as leak:
        where = "; ".join(f"{measure}, {column}" for measure, column in leak.cells[:3])
        raise SafetyNetError(
            f"Monthly Report stopped before writing anything: after masking, "
            f"{len(leak.cells)} hidden count(s) could still be worked out from the totals "
            f"({where}). Nothing was written to the Monthly sheet or the funder report. "
            f"Raise Small Count Threshold in Settings, or report a longer period, and "
            f"{do('Monthly Report')} again; if it keeps stopping, tell whoever maintains "
            f"SafetyNet.",
            exit_code=1,
        ) from None
    program = str(book.settings.get("Program Name") or "SafetyNet")
    county = str(book.settings.get("County") or "")
    heading = f"{program} monthly report for funders" + (f", {county}" if county else "")
    files: list[Path] = []
    notes: list[str] = []
    if out_dir is not None and not errors:
        from ..documents.funder import write_funder_report

        report = write_funder_report(
            table, shown, book.settings, threshold, Path(out_dir), today=today
        )
        files.append(report)
        if pdf:
            from ..documents.pdf import pdf_note, to_pdf

            made = to_pdf([report], Path(out_dir))
            files.extend(made)
            if pdf_note(made):
                notes.append(pdf_note(made))
    message = (
        f"Monthly report for {month_year(through)} (fiscal year {table.fiscal_year}"
        f"{'; month in progress' if table.in_progress else ''}) is on the Monthly sheet; "
        f"small counts are masked."
    )
    if files:
        message += " Written: " + ", ".join(p.name for p in files) + "."
    if errors:
        message += " " + refusal(errors)
    dashboard = refresh_dashboard(book, today=today, errors=errors)
    message += " The Dashboard was refreshed too."
    return Outcome(
        operation=MONTHLY_REPORT.name,
        message=" ".join([message, *notes]),
        exit_code=1 if errors else 0,
        data={
            "month": through.strftime("%Y-%m"),
            "fiscal_year": table.fiscal_year,
            "months": [m.strftime("%Y-%m") for m in table.months],
            "masking_rule": masking_rule(threshold),
            "month_in_progress": table.in_progress,
            "count_errors": len(errors),
            "rows": [
                {"section": row.section, "measure": row.label, "values": cells}
                for row, cells in zip(table.rows, shown, strict=True)
            ],
        },
        sheets={
            MONTHLY_SHEET: monthly_grid(table, shown, threshold, heading, sheet_warning(errors)),
            **dashboard.sheets,
        },
        files=files,
    )


MONTHLY_REPORT = Operation(
    name="Monthly Report",
    function=monthly_report,
    reads=STATISTICS_SHEETS,
    grids=(LOG_SHEET,),
    documents=True,
    command="monthly",
    button="monthly_report",
)

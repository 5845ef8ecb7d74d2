"""Monthly Report: the OVC PMT counts for funders, masked, on the Monthly sheet and in Word.

Masking happens before anything is written: the sheet, the ``--json``
output and the Word report all carry the masked table, never raw counts.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from ..display import month_year
from ..model import SafetyNetError, Workbook
from ..schema import MEETINGS, MONTHLY_SHEET, REFERRALS, YOUTHS, YWSP, setting
from . import Operation, Outcome
from .dashboard import STATISTICS_SHEETS, frame_or_empty, refresh_dashboard

THRESHOLD = setting("Small Count Threshold")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def report_month(month: str | None, today: dt.date) -> pd.Period:
    """The month asked for (``YYYY-MM``), or by default the last complete month before today."""
    if month is None:
        return pd.Period(today, freq="M") - 1
    found = _MONTH.match(str(month))
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise SafetyNetError(
            f'"{month}" is not a month the report understands. Write the year, a dash and the '
            f"month, for example 2026-10 for October 2026."
        )
    return pd.Period(year=int(found.group(1)), month=int(found.group(2)), freq="M")


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
    """
    from ..core.masking import masking_rule  # the statistics load only when asked for
    from ..core.monthly import masked_rows, monthly_grid, monthly_table

    through = report_month(month, today)
    threshold = small_count_threshold(book)
    table = monthly_table(
        frame_or_empty(book, YOUTHS),
        frame_or_empty(book, REFERRALS),
        frame_or_empty(book, MEETINGS),
        frame_or_empty(book, YWSP),
        through,
    )
    shown = masked_rows(table, threshold)
    program = str(book.settings.get("Program Name") or "SafetyNet")
    county = str(book.settings.get("County") or "")
    heading = f"{program} monthly report for funders" + (f", {county}" if county else "")
    files: list[Path] = []
    notes: list[str] = []
    if out_dir is not None:
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
        f"Monthly report for {month_year(through)} (fiscal year {table.fiscal_year}) is on the "
        f"Monthly sheet; small counts are masked."
    )
    if files:
        message += " Written: " + ", ".join(p.name for p in files) + "."
    dashboard = refresh_dashboard(book, today=today)
    message += " The Dashboard was refreshed too."
    return Outcome(
        operation=MONTHLY_REPORT.name,
        message=" ".join([message, *notes]),
        data={
            "month": through.strftime("%Y-%m"),
            "fiscal_year": table.fiscal_year,
            "months": [m.strftime("%Y-%m") for m in table.months],
            "masking_rule": masking_rule(threshold),
            "rows": [
                {"section": row.section, "measure": row.label, "values": cells}
                for row, cells in zip(table.rows, shown, strict=True)
            ],
        },
        sheets={
            MONTHLY_SHEET: monthly_grid(table, shown, threshold, heading),
            **dashboard.sheets,
        },
        files=files,
    )


MONTHLY_REPORT = Operation(
    name="Monthly Report",
    function=monthly_report,
    reads=STATISTICS_SHEETS,
    documents=True,
    command="monthly",
    button="monthly_report",
)

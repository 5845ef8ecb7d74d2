"""Reports check the data first, count only months that exist, and show the table's load."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers.stats_books import REFERRAL_ROWS, TODAY, hand_counted_book
from test_funder import docx_text

from safetynet.actions import render
from safetynet.grid import Cell, plain_grid
from safetynet.model import SafetyNetError, Workbook
from safetynet.operations.dashboard import refresh_dashboard
from safetynet.operations.monthly import monthly_report
from safetynet.schema import REFERRALS, YOUTHS
from safetynet.tables import coerce_frame


def with_errors(book: Workbook) -> Workbook:
    """Two referrals for a Youth ID that is on no row of Youths: counted for nobody."""
    stray = [{**REFERRAL_ROWS[0], "Referral ID": f"R-9{n}", "Youth ID": "Y99"} for n in (1, 2)]
    referrals = coerce_frame(REFERRALS, [*REFERRAL_ROWS, *stray])
    return book.replace(frames={**book.frames, REFERRALS.name: referrals})


def texts(grid) -> list[str]:
    return [c for row in plain_grid(grid) for c in row if isinstance(c, str)]


def test_the_dashboard_refreshes_with_the_number_of_errors_that_change_its_counts():
    outcome = refresh_dashboard(with_errors(hand_counted_book()), today=TODAY)
    assert outcome.exit_code == 0 and outcome.sheets  # staff still get their figures
    assert render(outcome.message, "command", "SafetyNet.xlsm").endswith(
        "Warning: 2 errors in the data change these counts; run safetynet validate "
        "SafetyNet.xlsm to see where, and fix them."
    )
    note = outcome.sheets["Dashboard"][2][0]
    assert note.value.startswith(
        "Warning: 2 errors in the data change these counts; click Validate Entries to see "
        "where, and fix them. Refreshed 20 November 2026. Last 3 meetings"
    )
    assert note.style == "alert"  # in red: a warning in the grey note would be read past
    assert outcome.data["count_errors"] == 2


def test_a_clean_workbook_has_no_warning_and_a_capacity_line():
    """By hand: meetings 22 Oct 2025, 3 Dec 2025, 7 Oct 2026; Y2 put off (Discussed N)."""
    outcome = refresh_dashboard(hand_counted_book(), today=TODAY)
    assert "Warning" not in outcome.message
    note = outcome.sheets["Dashboard"][2][0]
    assert (note.value, note.style) == (
        "Refreshed 20 November 2026. Last 3 meetings (22 Oct 2025 to 7 Oct): 4 youths "
        "qualified, 3 discussed, 1 still waiting; one youth was put off once.",
        "note",
    )


def test_the_funder_report_does_not_go_out_while_those_errors_stand(tmp_path):
    outcome = monthly_report(
        with_errors(hand_counted_book()), month="2025-12", today=TODAY, out_dir=tmp_path, pdf=False
    )
    assert outcome.files == [] and list(tmp_path.iterdir()) == []
    assert outcome.exit_code == 1
    assert render(outcome.message, "button").startswith(
        "Monthly report for December 2025 (fiscal year 2026) is on the Monthly sheet; small "
        "counts are masked. No funder report was written: 2 errors in the data change its "
        "counts. Click Validate Entries to see where, fix them, then click Monthly Report again."
    )
    [warning] = [
        c
        for row in outcome.sheets["Monthly"]
        for c in row
        if isinstance(c, Cell) and str(c.value).startswith("Warning: 2 errors in the data")
    ]
    assert warning.style == "alert"
    assert "Dashboard" in outcome.sheets  # refreshed, with the same warning


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (
            "2026-12",
            "December 2026 has not begun yet, so there is nothing to report. Choose "
            "November 2026 or an earlier month.",
        ),
        (
            "2024-08",
            "August 2024 is before the program's first record (September 2024), so there is "
            "nothing to report. Choose September 2024 or a later month.",
        ),
    ],
)
def test_a_month_in_the_future_or_before_the_first_record_is_refused(month, expected, tmp_path):
    with pytest.raises(SafetyNetError) as caught:
        monthly_report(hand_counted_book(), month=month, today=TODAY, out_dir=tmp_path)
    assert caught.value.message == expected
    assert list(tmp_path.iterdir()) == []


def test_the_current_month_is_marked_in_progress_on_the_sheet_and_in_the_report(tmp_path):
    outcome = monthly_report(
        hand_counted_book(), month="2026-11", today=TODAY, out_dir=tmp_path, pdf=False
    )
    assert outcome.message.startswith(
        "Monthly report for November 2026 (fiscal year 2027; month in progress) is on the "
        "Monthly sheet"
    )
    assert (
        "Federal fiscal year 2027 (October 2026 to September 2027), reported through "
        "November 2026 (month in progress): counted to 20 November 2026, the month is not over."
    ) in texts(outcome.sheets["Monthly"])
    assert outcome.data["month_in_progress"] is True
    assert outcome.sheets["Monthly"][1][0].style == "alert"  # partial figures, in red
    [report] = outcome.files
    assert "Monthly report to funders: November 2026 (month in progress)" in docx_text(report)


def test_a_finished_month_is_not_marked(tmp_path):
    outcome = monthly_report(hand_counted_book(), month="2026-10", today=TODAY)
    assert "in progress" not in outcome.message
    assert not any("in progress" in t for t in texts(outcome.sheets["Monthly"]))


def test_the_first_record_is_the_earliest_referral_or_meeting():
    from safetynet.operations.monthly import first_record

    book = hand_counted_book()
    assert first_record(book) == dt.date(2024, 9, 10)
    empty = book.replace(frames={YOUTHS.name: book.frames[YOUTHS.name].iloc[0:0]})
    assert first_record(empty) is None


def test_a_meeting_recorded_ahead_of_its_day_is_not_yet_held():
    """Print Packet on Monday records Wednesday's meeting; a report on Tuesday does not
    count it as held (Dashboard, and the Monthly column of the month in progress)."""
    from helpers.stats_books import MEETING_ROWS

    from safetynet.core.monthly import MEETINGS_HELD
    from safetynet.schema import MEETINGS

    book = hand_counted_book()
    ahead = {**MEETING_ROWS[0], "Meeting Date": dt.date(2026, 11, 25), "Discussed": None}
    later = book.replace(
        frames={**book.frames, MEETINGS.name: coerce_frame(MEETINGS, [*MEETING_ROWS, ahead])}
    )
    held_by_month = [1, 0, *[None] * 10, 1]  # 7 Oct 2026 only; November's is not held yet
    for workbook in (book, later):
        monthly = monthly_report(workbook, month="2026-11", today=TODAY)
        [held] = [r for r in monthly.data["rows"] if r["measure"] == MEETINGS_HELD]
        dashboard = dict(refresh_dashboard(workbook, today=TODAY).data["tables"]["headlines"])
        assert (held["values"], dashboard["Meetings held this year"]) == (held_by_month, 1)

"""The Monthly funder table and the Monthly Report operation, against hand counts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from helpers.stats_books import TODAY, hand_counted_book

from safetynet.core.monthly import (
    ATTENDANCE,
    CASE_REVIEWS,
    MEETINGS_HELD,
    NEW_YOUTHS,
    SERVICES_TOTAL,
    SESSIONS_HELD,
    masked_rows,
    monthly_table,
)
from safetynet.grid import plain_grid
from safetynet.model import SafetyNetError
from safetynet.operations.monthly import monthly_report, report_month


def counts_by_section(table):
    return {(row.section.split(" (")[0], row.label): list(row.counts) for row in table.rows}


@pytest.fixture(scope="module")
def december():
    book = hand_counted_book()
    return monthly_table(
        book["Youths"], book["Referrals"], book["Meetings"], book["YWSP"], pd.Period("2025-12")
    )


def test_fiscal_year_and_reported_months(december):
    assert december.fiscal_year == 2026
    assert [str(m) for m in december.reported_months] == ["2025-10", "2025-11", "2025-12"]
    assert len(december.months) == 12


# Oct, Nov, Dec, year to date — counted by hand from helpers/stats_books.py
EXPECTED = {
    ("Youths served", NEW_YOUTHS): [2, 2, 0, 4],
    ("Age at referral", "0–12"): [0, 1, 0, 1],
    ("Age at referral", "13–17"): [1, 1, 0, 2],
    ("Age at referral", "18–24"): [0, 0, 0, 0],
    ("Age at referral", "Not reported"): [1, 0, 0, 1],
    ("Gender", "Male"): [0, 1, 0, 1],
    ("Gender", "Female"): [1, 0, 0, 1],
    ("Gender", "Other"): [0, 1, 0, 1],
    ("Gender", "Not Reported"): [1, 0, 0, 1],
    ("Race/ethnicity", "Black/African American"): [1, 0, 0, 1],
    ("Race/ethnicity", "Hispanic/Latino"): [0, 1, 0, 1],
    ("Race/ethnicity", "White Non-Latino/Caucasian"): [0, 1, 0, 1],
    ("Race/ethnicity", "Not Reported"): [1, 0, 0, 1],
    ("Race/ethnicity", "Asian"): [0, 0, 0, 0],
    ("Victimization type", "Human Trafficking: Sex"): [2, 1, 0, 3],
    ("Services", SERVICES_TOTAL): [2, 2, 1, 5],
    ("Services", "Emotional Support or Safety Services"): [1, 0, 0, 1],
    ("Services", "Shelter/Housing"): [1, 0, 0, 1],
    ("Services", "Criminal/Civil Justice System Assistance"): [0, 1, 0, 1],
    ("Services", "Information & Referral"): [0, 1, 0, 1],
    ("Services", "Personal Advocacy/Accompaniment"): [0, 0, 1, 1],
    ("Case reviews", MEETINGS_HELD): [1, 0, 1, 2],
    ("Case reviews", CASE_REVIEWS): [2, 0, 2, 4],
    ("Young Women's Saturday Program", SESSIONS_HELD): [0, 3, 0, 3],
    ("Young Women's Saturday Program", ATTENDANCE): [0, 4, 0, 4],
}


@pytest.mark.parametrize(("key", "expected"), EXPECTED.items(), ids=[k[1] for k in EXPECTED])
def test_each_measure_matches_the_hand_count(december, key, expected):
    assert counts_by_section(december)[key] == expected


def test_next_fiscal_year_counts_a_returning_youth_as_new_again():
    book = hand_counted_book()
    table = monthly_table(
        book["Youths"], book["Referrals"], book["Meetings"], book["YWSP"], pd.Period("2026-10")
    )
    counts = counts_by_section(table)
    assert table.fiscal_year == 2027
    assert counts[("Youths served", NEW_YOUTHS)] == [2, 2]  # Y1 again, and Y5
    assert counts[("Age at referral", "13–17")] == [1, 1]  # Y1 was 15 when referred
    assert counts[("Age at referral", "18–24")] == [1, 1]  # Y5 was 19


def test_category_blocks_add_up_to_their_totals(december):
    for block in december.blocks:
        total = december.rows[block.total_row].counts
        parts = [december.rows[r].counts for r in block.part_rows]
        assert [sum(column) for column in zip(*parts, strict=True)] == list(total)


def test_masked_rows_hide_small_counts_but_not_meetings(december):
    shown = dict(zip((row.label for row in december.rows), masked_rows(december, 11), strict=True))
    assert shown[NEW_YOUTHS] == ["<11", "<11", 0, *[None] * 9, "<11"]
    assert shown[MEETINGS_HELD] == [1, 0, 1, *[None] * 9, 2]
    assert shown[SESSIONS_HELD][1] == 3


def test_report_month_default_is_the_last_complete_month():
    assert str(report_month(None, dt.date(2026, 11, 20))) == "2026-10"
    assert str(report_month(None, dt.date(2026, 1, 3))) == "2025-12"
    assert str(report_month("2026-3", TODAY)) == "2026-03"


@pytest.mark.parametrize("bad", ["2026-13", "October", "26-10", ""])
def test_a_month_that_is_not_yyyy_mm_is_refused_in_words(bad):
    with pytest.raises(SafetyNetError, match="for example 2026-10"):
        report_month(bad, TODAY)


def test_operation_writes_the_monthly_sheet_with_the_rule_and_no_small_counts():
    outcome = monthly_report(hand_counted_book(), month="2025-12", today=TODAY)
    grid = plain_grid(outcome.sheets["Monthly"])
    text = [str(v) for row in grid for v in row if v is not None]
    assert any(
        t.startswith("To protect privacy, counts from 1 to 10 are shown as <11") for t in text
    )
    header = next(row for row in grid if row and row[0] == "Measure")
    assert header[1] == "Oct 2025" and header[12] == "Sep 2026" and header[13] == "Year to date"
    unmasked = {MEETINGS_HELD, SESSIONS_HELD}
    for row in grid:
        if len(row) == 14 and row[0] not in unmasked and row[0] != "Measure":
            assert not any(isinstance(v, int) and 1 <= v <= 10 for v in row[1:]), row
    assert outcome.files == [] and "December 2025" in outcome.message


def test_json_carries_only_masked_values():
    outcome = monthly_report(hand_counted_book(), month="2025-12", today=TODAY)
    new = next(r for r in outcome.data["rows"] if r["measure"] == NEW_YOUTHS)
    assert new["values"][:3] == ["<11", "<11", 0]


def test_threshold_setting_changes_what_is_masked():
    outcome = monthly_report(
        hand_counted_book(**{"Small Count Threshold": 3}), month="2025-12", today=TODAY
    )
    new = next(r for r in outcome.data["rows"] if r["measure"] == NEW_YOUTHS)
    # Both months are masked ("<3" is 1..2, so a pair the totals would pin shows as *).
    assert all(v in ("<3", "*") for v in new["values"][:2])
    cells = [v for row in outcome.data["rows"] for v in row["values"]]
    assert "<3" in cells and "<11" not in cells
    assert "counts from 1 to 2 are shown as <3" in outcome.data["masking_rule"]


@pytest.mark.parametrize("bad", ["eleven", 2, 0])
def test_a_bad_threshold_setting_stops_with_a_plain_sentence(bad):
    with pytest.raises(SafetyNetError, match="Small Count Threshold") as caught:
        monthly_report(hand_counted_book(**{"Small Count Threshold": bad}), today=TODAY)
    assert caught.value.exit_code == 1


def test_demo_workbook_shows_no_small_count():
    demo = pytest.importorskip("safetynet.demo")
    book = demo.generate(youths=200, seed=3, today=TODAY)
    outcome = monthly_report(book, month="2026-09", today=TODAY)
    for row in outcome.data["rows"]:
        if row["measure"] in (MEETINGS_HELD, SESSIONS_HELD):
            continue
        assert not any(isinstance(v, int) and 1 <= v <= 10 for v in row["values"]), row


def test_an_empty_workbook_reports_zeros(tmp_path):
    from safetynet.model import Workbook
    from safetynet.schema import LISTS, default_settings

    outcome = monthly_report(
        Workbook({}, default_settings(), dict(LISTS)), today=TODAY, out_dir=tmp_path, pdf=False
    )
    new = next(r for r in outcome.data["rows"] if r["measure"] == NEW_YOUTHS)
    assert new["values"][0] == 0 and new["values"][-1] == 0
    assert [p.name for p in outcome.files] == ["SafetyNet funder report 2026-10.docx"]


def test_a_table_the_audit_would_refuse_is_never_written(tmp_path, monkeypatch):
    """If the masking ever let a count through, the audit stops the report: no sheet, no file."""
    import safetynet.core.monthly as monthly_core

    def primary_only(table, blocks, threshold, maskable_rows):
        """Masks only the first small count: its row's year to date gives it away."""
        first = next(
            (r, c)
            for r, (row, m) in enumerate(zip(table, maskable_rows, strict=True))
            for c, v in enumerate(row)
            if m and 1 <= v < threshold
        )
        status = [["shown"] * len(row) for row in table]
        status[first[0]][first[1]] = "small"
        shown = [list(row) for row in table]
        shown[first[0]][first[1]] = f"<{threshold}"
        return shown, status

    monkeypatch.setattr(monthly_core, "mask_table", primary_only)
    with pytest.raises(SafetyNetError) as stopped:
        monthly_report(hand_counted_book(), month="2025-12", today=TODAY, out_dir=tmp_path)
    assert stopped.value.exit_code == 1
    assert stopped.value.message.startswith(
        "Monthly Report stopped before writing anything: after masking, "
    )
    assert "Nothing was written to the Monthly sheet or the funder report." in stopped.value.message
    assert list(tmp_path.iterdir()) == []

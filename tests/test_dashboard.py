"""Refresh Dashboard: the numbers (hand-counted) and the fixed layout the charts rely on."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from helpers.stats_books import TODAY, hand_counted_book

from safetynet.core.dashboard_layout import (
    COHORTS_SHOWN,
    MONTHS_SHOWN,
    TABLE,
    TABLES,
    dashboard_grid,
)
from safetynet.core.dashboard_values import dashboard_values
from safetynet.grid import Cell, plain_grid
from safetynet.model import Workbook
from safetynet.operations.dashboard import refresh_dashboard
from safetynet.schema import LISTS, default_settings


@pytest.fixture(scope="module")
def values():
    book = hand_counted_book()
    return dashboard_values(
        book["Youths"], book["Referrals"], book["Meetings"], book["YWSP"], today=TODAY
    )


def rows_of(values, key):
    return {row[0]: row[1:] for row in values[key]}


def test_headline_figures(values):
    assert rows_of(values, "headlines") == {
        "Active youths": [4],  # Y3 is closed
        "New referrals this month": [0],
        "New referrals this year": [1],  # Y5, 5 Oct 2026
        "Meetings held this year": [1],  # 7 Oct 2026
        "Youths discussed this year": [1],
        "Open actions": [2],
        "Overdue actions": [1],
        "YWSP participants (all cohorts)": [2],
        "Youths in the workbook": [5],
    }


def test_age_at_referral_in_staff_bands(values):
    counts = {label: n for label, (n, _) in rows_of(values, "age").items()}
    assert counts == {
        "Under 12": 0,
        "12–13": 1,
        "14–15": 1,
        "16–17": 1,
        "18–20": 1,
        "21 and over": 0,
        "Not reported": 1,
    }
    assert rows_of(values, "age")["14–15"][1] == pytest.approx(0.2)


def test_gender_keeps_the_list_and_counts_blank_as_not_reported(values):
    counts = {label: n for label, (n, _) in rows_of(values, "gender").items()}
    assert list(counts) == list(LISTS["Gender"])
    assert counts["Not reported"] == 1 and counts["Transgender female"] == 1
    assert sum(counts.values()) == 5


def test_system_involvement_and_exploitation_status(values):
    assert {k: v[0] for k, v in rows_of(values, "system").items()} == {
        "Probation only": 1,
        "Child welfare only": 1,
        "Both": 1,
        "Neither": 2,
    }
    assert {k: v[0] for k, v in rows_of(values, "exploitation_status").items()} == {
        "At risk": 1,
        "Suspected": 2,
        "Confirmed": 2,
        "Not recorded": 0,
    }


def test_new_referrals_per_month_cover_24_months_ending_this_month(values):
    months = values["referrals_by_month"]
    assert len(months) == MONTHS_SHOWN
    assert months[0][0] == "Dec 2024" and months[-1][0] == "Nov 2026"
    counts = dict(months)
    assert (counts["Oct 2025"], counts["Nov 2025"], counts["Oct 2026"]) == (1, 2, 1)
    assert sum(counts.values()) == 4  # Y4 was referred in 2024-09, before the window


def test_referral_sources_most_first_ties_by_name(values):
    assert values["sources"] == [["Police", 2], ["Probation", 2], ["Social Services", 1]]


def test_services_referred_connected_and_share(values):
    services = rows_of(values, "services")
    assert services["Safety plan"] == [1, 1, 1.0]
    assert services["Housing or placement"] == [1, 0, 0.0]
    assert services["Education"] == [0, 0, None]


def test_ywsp_cohort_rates(values):
    [cohort] = values["ywsp"]
    assert cohort[:2] == ["2025 Fall", 2]
    assert cohort[2] == pytest.approx(4 / 6)
    assert cohort[3] == 0.0  # nobody reached 9 sessions yet
    assert cohort[4] == dt.date(2025, 11, 1)


def test_every_table_fits_its_fixed_rows(values):
    for table in TABLES:
        assert len(values[table.key]) <= table.size, table.key
        if table.labels is not None:
            assert [row[0] for row in values[table.key]] == list(table.labels)


def test_tables_do_not_overlap():
    for above, below in itertools.pairwise(TABLES):
        assert below.top > above.last_row


def test_refresh_lays_out_the_sheet_exactly_as_the_build(values):
    """Charts point at fixed cells: labels and titles must sit where the build put them."""
    built, refreshed = plain_grid(dashboard_grid()), plain_grid(dashboard_grid(values, "x"))
    assert len(built) == len(refreshed)
    for table in TABLES:
        assert built[table.top][0] == refreshed[table.top][0] == table.title
        assert built[table.top + 1][: len(table.headers)] == list(table.headers)
        assert refreshed[table.top + 1][: len(table.headers)] == list(table.headers)
        if table.labels is not None:
            column = [row[0] for row in refreshed[table.first_row : table.last_row + 1]]
            assert column == [row[0] for row in built[table.first_row : table.last_row + 1]]


def test_refreshed_values_land_in_the_charted_cells(values):
    grid = plain_grid(dashboard_grid(values))
    risk = TABLE["risk"]
    assert grid[risk.first_row][0] == "Runaway"
    assert grid[risk.first_row][1] == 2  # Y1 and Y2
    cohorts = TABLE["ywsp"]
    assert grid[cohorts.first_row][0] == "2025 Fall"
    assert all(row[0] is None for row in grid[cohorts.first_row + 1 : cohorts.last_row + 1])
    assert cohorts.size == COHORTS_SHOWN


def test_rates_are_styled_as_percentages(values):
    grid = dashboard_grid(values)
    cell = grid[TABLE["services"].first_row][3]
    assert isinstance(cell, Cell) and cell.style == "percent"


def test_operation_describes_the_dashboard_sheet_only():
    outcome = refresh_dashboard(hand_counted_book(), today=TODAY)
    assert set(outcome.sheets) == {"Dashboard"}
    assert not outcome.appends and not outcome.files
    assert "4 active youths" in outcome.message
    assert outcome.data["tables"]["headlines"][0] == ["Active youths", 4]


def test_operation_works_on_an_empty_workbook():
    outcome = refresh_dashboard(Workbook({}, default_settings(), dict(LISTS)), today=TODAY)
    grid = plain_grid(outcome.sheets["Dashboard"])
    assert grid[TABLE["headlines"].first_row][1] == 0

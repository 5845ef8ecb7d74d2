"""Each measure against the hand-counted book in helpers/stats_books.py."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from helpers.stats_books import hand_counted_book
from hypothesis import given, settings
from hypothesis import strategies as st

from safetynet.computed import age_of, age_on
from safetynet.core import stats
from safetynet.schema import LISTS

D = dt.date


@pytest.fixture(scope="module")
def book():
    return hand_counted_book()


@pytest.mark.parametrize(
    ("day", "year"),
    [(D(2025, 9, 30), 2025), (D(2025, 10, 1), 2026), (D(2026, 9, 30), 2026), (D(2026, 1, 1), 2026)],
)
def test_fiscal_year_starts_in_october(day, year):
    assert stats.fiscal_year_of(day) == year
    assert stats.fiscal_years(pd.Series(pd.to_datetime([day]))).iloc[0] == year


def test_fiscal_year_months_run_october_to_september():
    months = stats.fiscal_year_months(2026)
    assert [str(m) for m in (months[0], months[-1])] == ["2025-10", "2026-09"]
    assert len(months) == 12


def test_age_counts_the_birthday_itself():
    birth = pd.Series(pd.to_datetime(["2010-05-01", "2010-05-01", "2010-05-01", None]))
    on = pd.Series(pd.to_datetime(["2025-04-30", "2025-05-01", "2026-01-01", "2025-01-01"]))
    assert age_on(birth, on).tolist() == [14, 15, 15, pd.NA]
    assert age_on(birth, pd.Timestamp("2025-05-01")).tolist() == [15, 15, 15, pd.NA]
    assert [age_of(b, dt.date(2025, 4, 30)) for b in birth] == [14, 14, 14, None]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    birth=st.dates(D(1990, 1, 1), D(2030, 12, 31)),
    on=st.dates(D(1990, 1, 1), D(2040, 12, 31)),
)
def test_one_youths_age_is_the_age_columns(birth, on):
    """Face sheets ask age_of, the Age column age_on: one age, leap days included."""
    column = age_on(pd.Series(pd.to_datetime([birth])), on).iloc[0]
    assert age_of(birth, on) == column


def test_age_bands_follow_the_pmt_and_no_birth_date_is_not_reported():
    ages = pd.Series([0, 12, 13, 17, 18, 24, 25, 59, 60, None], dtype="Int64")
    assert stats.age_band(ages).tolist() == [
        "0–12",
        "0–12",
        "13–17",
        "13–17",
        "18–24",
        "18–24",
        "25–59",
        "25–59",
        "60+",
        "Not reported",
    ]


def test_funder_gender_maps_every_list_value_and_blanks():
    genders = pd.Series([*LISTS["Gender"], None, "Two-spirit"], dtype="string")
    assert stats.funder_gender(genders).tolist() == [
        "Female",
        "Male",
        "Other",
        "Other",
        "Other",
        "Other",
        "Not Reported",
        "Not Reported",
        "Other",
    ]


def test_race_blank_is_not_reported_and_added_values_some_other_race():
    races = pd.Series(["Asian", None, "Martian"], dtype="string")
    assert stats.race_category(races).tolist() == ["Asian", "Not Reported", "Some Other Race"]


def test_every_service_belongs_to_one_of_the_five_pmt_groups():
    assert set(stats.SERVICE_GROUP_OF) == set(LISTS["Service"])
    assert set(stats.SERVICE_GROUP_OF.values()) == set(stats.SERVICE_GROUPS)
    groups = stats.service_group(pd.Series(["Legal", "Rape crisis advocacy", "Horse therapy"]))
    assert groups.tolist() == [
        "Criminal/Civil Justice System Assistance",
        "Personal Advocacy/Accompaniment",
        "Information & Referral",
    ]


def test_new_youths_once_per_fiscal_year_by_first_contact(book):
    new = stats.new_youths(book["Youths"], book["Meetings"])
    found = {(r["Youth ID"], int(r["fiscal_year"]), str(r["month"])) for _, r in new.iterrows()}
    assert found == {
        ("Y4", 2024, "2024-09"),  # referred in FY2024
        ("Y1", 2026, "2025-10"),
        ("Y4", 2026, "2025-10"),  # first discussed in FY2026 on 22 Oct 2025
        ("Y2", 2026, "2025-11"),  # on the agenda in October but not discussed
        ("Y3", 2026, "2025-11"),
        ("Y1", 2027, "2026-10"),  # discussed again in FY2027: new again, once
        ("Y5", 2027, "2026-10"),
    }


def test_contacts_ignore_meetings_for_unknown_youths(book):
    meetings = pd.concat(
        [book["Meetings"], book["Meetings"].iloc[[1]].assign(**{"Youth ID": "Y99"})]
    )
    new = stats.new_youths(book["Youths"], meetings)
    assert "Y99" not in set(new["Youth ID"])


def test_trafficked_is_confirmed_or_suspected(book):
    flags = stats.is_trafficked(book["Youths"])
    assert flags.tolist() == [True, True, False, True, True]


def test_case_reviews_are_rows_discussed(book):
    reviews = stats.case_reviews(book["Meetings"])
    assert len(reviews) == 5
    assert stats.meeting_dates(book["Meetings"]).dt.date.tolist() == [
        D(2025, 10, 22),
        D(2025, 12, 3),
        D(2026, 10, 7),
    ]


def test_open_and_overdue_actions(book):
    assert len(stats.open_actions(book["Meetings"])) == 2
    overdue = stats.overdue_actions(book["Meetings"], D(2026, 11, 20))
    assert overdue["Action Item"].tolist() == ["Call school"]


def test_system_involvement(book):
    assert stats.system_involvement(book["Youths"]).tolist() == [
        "Probation only",
        "Both",
        "Child welfare only",
        "Neither",
        "Neither",
    ]


def test_risk_factor_counts(book):
    counts = stats.risk_factor_counts(book["Youths"])
    assert counts["Runaway"] == 2 and counts["Prior Abuse"] == 1 and counts["Homelessness"] == 0


def test_services_referred_and_connected(book):
    table = stats.services_referred_connected(book["Referrals"], LISTS["Service"])
    assert table.loc["Safety plan"].tolist() == [1, 1]
    assert table.loc["Housing or placement"].tolist() == [1, 0]
    assert table.loc["Medi-Cal"].tolist() == [1, 0]
    assert table.loc["Mental health"].tolist() == [1, 1]
    assert table["referred"].sum() == 6 and table["connected"].sum() == 4


def test_ywsp_sessions_and_marks(book):
    sessions = stats.ywsp_sessions(book["YWSP"])
    assert sessions["date"].dt.date.tolist() == [D(2025, 11, 1), D(2025, 11, 8), D(2025, 11, 15)]
    marks = stats.ywsp_marks(book["YWSP"])
    assert (marks["mark"] == "Present").sum() == 4 and len(marks) == 6


@pytest.mark.parametrize(("need", "completion"), [(2, 1.0), (3, 0.0)])
def test_ywsp_cohort_rates(book, need, completion):
    cohorts = stats.ywsp_cohorts(book["YWSP"], need)
    row = cohorts.loc["2025 Fall"]
    assert row["participants"] == 2
    assert row["attendance_rate"] == pytest.approx(4 / 6)
    assert row["completion_rate"] == completion


def test_ywsp_cohorts_of_an_empty_sheet(book):
    assert stats.ywsp_cohorts(book["YWSP"].iloc[0:0], 9).empty

"""The numbers that fill the Dashboard's tables, counted from the data sheets.

Apart from the layout (``core.dashboard_layout``), which the build uses
without any data: this is what Refresh Dashboard adds, one list of rows per
table, over all youths in the workbook. The Dashboard is for staff only and is
not masked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from ..display import short_month_year
from ..schema import LISTS, MEETINGS, RELEASES, YOUTHS, YWSP
from . import stats
from .dashboard_layout import (
    COHORTS_SHOWN,
    HEADLINES,
    MONTHS_SHOWN,
    RELEASE_AGENCIES_SHOWN,
    SOURCES_SHOWN,
    TABLE,
    Rows,
)

OTHER_SOURCES = "All other sources"


def _shares(counts: pd.Series, whole: int) -> Rows:
    return [[label, int(n), (n / whole) if whole else None] for label, n in counts.items()]


def dashboard_values(
    youths: pd.DataFrame,
    referrals: pd.DataFrame,
    meetings: pd.DataFrame,
    ywsp: pd.DataFrame,
    *,
    today: dt.date,
    sessions_to_complete: int = 9,
    releases: pd.DataFrame | None = None,
) -> dict[str, Rows]:
    """Every Dashboard table's rows, over all youths in the workbook (unmasked).

    Shares are of all youths (one row per Youth ID). "This month" and "this
    year" are the calendar month and year of ``today``.
    """
    people = stats.unique_youths(youths)
    whole = len(people)
    now = pd.Timestamp(today)
    referred = people[YOUTHS.cols.referral_date]
    this_year = (referred.dt.year == now.year).fillna(False)
    this_month = this_year & (referred.dt.month == now.month).fillna(False)
    dates = stats.meeting_dates(meetings, until=today)
    reviews = stats.case_reviews(meetings)
    reviews_this_year = reviews[reviews[MEETINGS.cols.meeting_date].dt.year == now.year]
    cohorts = stats.ywsp_cohorts(ywsp, sessions_to_complete)
    ywsp_people = ywsp.loc[ywsp[YWSP.cols.cohort].notna(), stats.YOUTH_ID].dropna().nunique()

    headline_values = (
        int((people[YOUTHS.cols.status] == "Active").fillna(False).sum()),
        int(this_month.sum()),
        int(this_year.sum()),
        int((dates.dt.year == now.year).sum()),
        int(reviews_this_year[stats.YOUTH_ID].nunique()),
        len(stats.open_actions(meetings)),
        len(stats.overdue_actions(meetings, today)),
        int(ywsp_people),
        whole,
    )
    values: dict[str, Rows] = {
        "headlines": [[label, n] for label, n in zip(HEADLINES, headline_values, strict=True)]
    }

    months = pd.period_range(end=now.to_period("M"), periods=MONTHS_SHOWN, freq="M")
    per_month = stats.month_of(referred.dropna()).value_counts().reindex(months, fill_value=0)
    values["referrals_by_month"] = [[short_month_year(m), int(n)] for m, n in per_month.items()]

    ages = stats.age_band(stats.age_at_referral(people), stats.DASHBOARD_AGE_BANDS)
    values["age"] = _shares(stats.count_by(ages, TABLE["age"].labels or ()), whole)
    gender = people[YOUTHS.cols.gender].astype("string").fillna(stats.NOT_REPORTED)
    gender = gender.where(gender.isin(LISTS["Gender"]), "Other")
    values["gender"] = _shares(stats.count_by(gender, LISTS["Gender"]), whole)
    race = stats.race_category(people[YOUTHS.cols.race_ethnicity])
    values["race"] = _shares(stats.count_by(race, stats.RACES), whole)
    involvement = stats.system_involvement(people)
    values["system"] = _shares(stats.count_by(involvement, stats.SYSTEM_INVOLVEMENT), whole)
    values["risk"] = _shares(stats.risk_factor_counts(people), whole)
    for key, column in (
        ("victimization", YOUTHS.cols.victimization_history),
        ("exploitation_status", YOUTHS.cols.exploitation_status),
        ("exploitation_type", YOUTHS.cols.exploitation_type),
    ):
        labels = TABLE[key].labels or ()
        values[key] = _shares(stats.count_by(stats.listed_category(people[column]), labels), whole)

    values["sources"] = _top_sources(people[YOUTHS.cols.referral_source])
    services = stats.services_referred_connected(referrals, LISTS["Service"])
    values["services"] = [
        [
            name,
            int(row.referred),
            int(row.connected),
            float(row.connected / row.referred) if row.referred else None,
        ]
        for name, row in services.iterrows()
    ]
    last = cohorts.tail(COHORTS_SHOWN)
    values["ywsp"] = [
        [
            str(name),
            int(row.participants),
            _rate(row.attendance_rate),
            _rate(row.completion_rate),
            row.start.date() if pd.notna(row.start) else None,
        ]
        for name, row in last.iterrows()
    ]
    values["releases"] = release_rows(releases, today)
    return values


def release_rows(releases: pd.DataFrame | None, today: dt.date) -> Rows:
    """Per agency: youths with a current Identifying release, and with any current release."""
    from .releases import IDENTIFYING, current_rows

    current = current_rows(releases, today)
    if len(current) == 0:
        return []
    cols = RELEASES.cols
    agency = current[cols.agency].astype("string").str.split().str.join(" ")
    frame = pd.DataFrame(
        {
            "agency": agency,
            "youth": current[cols.youth_id].astype("string").str.strip(),
            "identifying": current[cols.scope].astype("string").str.strip() == IDENTIFYING,
        }
    ).dropna(subset=["agency", "youth"])
    frame["key"] = frame["agency"].str.casefold()
    rows = []
    for _key, group in frame.groupby("key", sort=True):
        rows.append(
            [
                str(group["agency"].iloc[0]),
                int(group.loc[group["identifying"].fillna(False), "youth"].nunique()),
                int(group["youth"].nunique()),
            ]
        )
    rows.sort(key=lambda r: (-r[1], -r[2], r[0].casefold()))
    return rows[:RELEASE_AGENCIES_SHOWN]


def _rate(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)


def _top_sources(sources: pd.Series) -> Rows:
    counts = sources.dropna().value_counts()
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    if len(counts) <= SOURCES_SHOWN:
        return [[str(name), int(n)] for name, n in counts.items()]
    top = counts.iloc[: SOURCES_SHOWN - 1]
    rest = int(counts.iloc[SOURCES_SHOWN - 1 :].sum())
    return [*([str(name), int(n)] for name, n in top.items()), [OTHER_SOURCES, rest]]

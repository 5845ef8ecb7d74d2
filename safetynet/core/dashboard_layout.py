"""The fixed layout of the Dashboard sheet, and the numbers that fill it.

The workbook build draws native Excel charts over fixed ranges of this
sheet; Refresh Dashboard later rewrites only the values. So every table here
has a fixed place and a fixed number of rows (24 months, the schema's lists,
the last 8 YWSP cohorts), and both the build and the refresh lay the sheet
out with ``dashboard_grid`` — they cannot drift apart. The Dashboard is for
staff only and is not masked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..display import short_month_year
from ..grid import Cell
from ..schema import (
    DASHBOARD_SHEET,
    LISTS,
    MEETINGS,
    REFERRALS,
    RELEASES,
    RISK_FACTORS,
    YOUTHS,
    YWSP,
)
from . import stats

MONTHS_SHOWN = 24
COHORTS_SHOWN = 8
SOURCES_SHOWN = 10
RELEASE_AGENCIES_SHOWN = 20
OTHER_SOURCES = "All other sources"
WIDTHS: tuple[float, ...] = (38, 13, 13, 15, 13)  # columns A–E
FIRST_TABLE_ROW = 3  # zero-based: row 4 in Excel


@dataclass(frozen=True)
class Table:
    """One block: a title row, a header row, then ``size`` data rows.

    ``labels`` are fixed (written at build, rewritten the same at refresh);
    None means the refresh writes labels too (months, cohorts, agencies).
    ``styles`` gives the style of each value column (None for a plain count).
    """

    key: str
    title: str
    headers: tuple[str, ...]
    labels: tuple[str, ...] | None
    size: int
    styles: tuple[str | None, ...]
    top: int = 0

    @property
    def first_row(self) -> int:
        """Zero-based row of the first data row."""
        return self.top + 2

    @property
    def last_row(self) -> int:
        return self.first_row + self.size - 1

    def reference(self, column: int) -> str:
        """Absolute reference to one column of the data rows: ``='Dashboard'!$B$7:$B$30``."""
        letter = chr(ord("A") + column)
        return f"='{DASHBOARD_SHEET}'!${letter}${self.first_row + 1}:${letter}${self.last_row + 1}"

    def header_reference(self, column: int) -> str:
        letter = chr(ord("A") + column)
        return f"='{DASHBOARD_SHEET}'!${letter}${self.top + 2}"


HEADLINES = (
    "Active youths",
    "New referrals this month",
    "New referrals this year",
    "Meetings held this year",
    "Youths discussed this year",
    "Open actions",
    "Overdue actions",
    "YWSP participants (all cohorts)",
    "Youths in the workbook",
)
_COUNT_SHARE = ("Youths", "Share")
_SHARE_STYLES = (None, "percent")


def _tables() -> tuple[Table, ...]:
    plain = [
        Table("headlines", "At a glance", ("Measure", "Count"), HEADLINES, len(HEADLINES), (None,)),
        Table(
            "referrals_by_month",
            "New referrals per month (Referral Date on Youths)",
            ("Month", "New referrals"),
            None,
            MONTHS_SHOWN,
            (None,),
        ),
        Table(
            "age",
            "Age at referral",
            ("Age at referral", *_COUNT_SHARE),
            stats.band_labels(stats.DASHBOARD_AGE_BANDS),
            len(stats.DASHBOARD_AGE_BANDS) + 1,
            _SHARE_STYLES,
        ),
        Table(
            "gender",
            YOUTHS.cols.gender,
            (YOUTHS.cols.gender, *_COUNT_SHARE),
            LISTS["Gender"],
            len(LISTS["Gender"]),
            _SHARE_STYLES,
        ),
        Table(
            "race",
            "Race/ethnicity",
            ("Race/ethnicity", *_COUNT_SHARE),
            stats.RACES,
            len(stats.RACES),
            _SHARE_STYLES,
        ),
        Table(
            "system",
            "System involvement",
            ("Involvement", *_COUNT_SHARE),
            stats.SYSTEM_INVOLVEMENT,
            len(stats.SYSTEM_INVOLVEMENT),
            _SHARE_STYLES,
        ),
        Table(
            "risk",
            "Risk factors (marked Y)",
            ("Risk factor", *_COUNT_SHARE),
            RISK_FACTORS,
            len(RISK_FACTORS),
            _SHARE_STYLES,
        ),
        Table(
            "victimization",
            "Victimization history",
            ("Victimization history", *_COUNT_SHARE),
            (*LISTS["Victimization History"], stats.NOT_RECORDED),
            len(LISTS["Victimization History"]) + 1,
            _SHARE_STYLES,
        ),
        Table(
            "exploitation_status",
            "Exploitation status",
            (YOUTHS.cols.status, *_COUNT_SHARE),
            (*LISTS["Exploitation Status"], stats.NOT_RECORDED),
            len(LISTS["Exploitation Status"]) + 1,
            _SHARE_STYLES,
        ),
        Table(
            "exploitation_type",
            "Exploitation type",
            ("Exploitation type", *_COUNT_SHARE),
            (*LISTS["Exploitation Type"], stats.NOT_RECORDED),
            len(LISTS["Exploitation Type"]) + 1,
            _SHARE_STYLES,
        ),
        Table(
            "sources",
            "Referral sources (most youths first)",
            ("Referral source", "Youths"),
            None,
            SOURCES_SHOWN,
            (None,),
        ),
        Table(
            "services",
            "Services referred and connected",
            (REFERRALS.cols.service, "Referred", "Connected", "Share connected"),
            LISTS["Service"],
            len(LISTS["Service"]),
            (None, None, "percent"),
        ),
        Table(
            "ywsp",
            f"YWSP cohorts (the last {COHORTS_SHOWN})",
            (YWSP.cols.cohort, "Participants", "Attendance rate", "Completion rate", "Start date"),
            None,
            COHORTS_SHOWN,
            (None, "percent", "percent", "date"),
        ),
        # Last, so adding it moved no table that an existing workbook's charts point at.
        Table(
            "releases",
            "Youths with a release of information current today, by agency",
            (RELEASES.cols.agency, "Identifying", "Any scope"),
            None,
            RELEASE_AGENCIES_SHOWN,
            (None, None),
        ),
    ]
    placed = []
    top = FIRST_TABLE_ROW
    for table in plain:
        placed.append(
            Table(
                table.key, table.title, table.headers, table.labels, table.size, table.styles, top
            )
        )
        top += 2 + table.size + 1
    return tuple(placed)


TABLES: tuple[Table, ...] = _tables()
TABLE: dict[str, Table] = {t.key: t for t in TABLES}
LAST_ROW = TABLES[-1].last_row
TITLE = "SafetyNet Dashboard"
STAFF_ONLY = "For staff at the table only: these counts are not masked. Do not send this sheet."

Rows = list[list[Any]]  # per table: each data row as label, value, value, ...


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
    from ..schema import RELEASES

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


def dashboard_grid(values: dict[str, Rows] | None = None, note: str | Cell = "") -> list[list[Any]]:
    """The whole Dashboard sheet from A1, five columns wide, laid out by TABLES.

    With no values: the fixed labels and zeros the build writes. Rows a table
    does not fill (fewer cohorts than 8) are blank, so charts show nothing there.
    """
    width = len(WIDTHS)
    grid: list[list[Any]] = [[None] * width for _ in range(LAST_ROW + 1)]
    grid[0][0] = Cell(TITLE, "title")
    grid[1][0] = Cell(STAFF_ONLY, "note")
    if note:
        grid[2][0] = note if isinstance(note, Cell) else Cell(note, "note")
    for table in TABLES:
        grid[table.top][0] = Cell(table.title, "bold")
        for column, header in enumerate(table.headers):
            grid[table.top + 1][column] = Cell(header, "header")
        rows = (values or {}).get(table.key)
        if rows is None:
            rows = _empty_rows(table)
        for offset in range(table.size):
            line = rows[offset] if offset < len(rows) else None
            grid[table.first_row + offset][:width] = _row_cells(table, line, width)
    return grid


def _empty_rows(table: Table) -> Rows:
    if table.labels is None:
        return []
    zeros = [0 if style is None else None for style in table.styles]
    return [[label, *zeros] for label in table.labels]


def _row_cells(table: Table, line: Sequence[Any] | None, width: int) -> list[Any]:
    cells: list[Any] = [None] * width
    if line is None:
        return cells
    cells[0] = line[0]
    for column, (value, style) in enumerate(zip(line[1:], table.styles, strict=True), start=1):
        cells[column] = Cell(value, style) if style and value is not None else value
    return cells

"""The Monthly funder table: OVC VOCA Performance Measurement Tool categories by month.

One column per month of the federal fiscal year (October–September) up to
the report month, and a year-to-date column that is the sum of those months.
Every definition (new youth, case review, session) is in ``stats``; this
module only arranges the counts and says which rows add up to which, so that
masking knows the sums a reader could use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import stats
from .masking import Block, mask_table

NEW_YOUTHS = "New youths (counted once per fiscal year)"
SERVICES_TOTAL = "Service referrals made"
MEETINGS_HELD = "Meetings held"
CASE_REVIEWS = "Case reviews (youths discussed)"
SESSIONS_HELD = "YWSP sessions held"
ATTENDANCE = "YWSP attendance (youths present, all sessions)"
YEAR_TO_DATE = "Year to date"


@dataclass(frozen=True)
class MonthlyRow:
    """One measure: its section heading, label, counts per reported month then year to date."""

    section: str
    label: str
    counts: tuple[int, ...]
    masked: bool = True  # counts of people are masked; counts of meetings are not


@dataclass(frozen=True)
class MonthlyTable:
    fiscal_year: int
    months: tuple[pd.Period, ...]  # all twelve, October first
    through: pd.Period  # the report month: later months are not reported yet
    rows: tuple[MonthlyRow, ...]
    blocks: tuple[Block, ...]  # category rows that add up to a total row

    @property
    def reported_months(self) -> tuple[pd.Period, ...]:
        return tuple(m for m in self.months if m <= self.through)


def _by_month(
    labels: pd.Series, months: pd.Series, label_order: Sequence[str], reported: Sequence[pd.Period]
) -> np.ndarray:
    """Counts of each label in each reported month (rows: labels, columns: months)."""
    frame = pd.DataFrame({"label": labels.to_numpy(), "month": months.to_numpy()})
    counts = frame.groupby(["label", "month"]).size()
    table = counts.unstack("month", fill_value=0) if len(counts) else pd.DataFrame()
    table = table.reindex(index=list(label_order), columns=list(reported), fill_value=0)
    return table.to_numpy(dtype=np.int64).reshape(len(label_order), len(reported))


def _single(months: pd.Series, reported: Sequence[pd.Period]) -> np.ndarray:
    """Events per reported month, as one row."""
    return _by_month(pd.Series("x", index=months.index), months, ["x"], reported)


def monthly_table(
    youths: pd.DataFrame,
    referrals: pd.DataFrame,
    meetings: pd.DataFrame,
    ywsp: pd.DataFrame,
    through: pd.Period,
) -> MonthlyTable:
    """Count every Monthly measure for the fiscal year holding ``through``, up to that month."""
    fiscal_year = stats.fiscal_year_of(through.to_timestamp().date())
    months = tuple(stats.fiscal_year_months(fiscal_year))
    reported = [m for m in months if m <= through]

    new = stats.new_youths(youths, meetings)
    new = new[(new["fiscal_year"] == fiscal_year) & (new["month"] <= through)].reset_index(
        drop=True
    )
    ages = stats.age_band(stats.age_between(new["Date of Birth"], new["Referral Date"]))
    age_labels = stats.band_labels(stats.FUNDER_AGE_BANDS)

    made = referrals[referrals["Referral Date"].notna()]
    made = made[stats.fiscal_years(made["Referral Date"]) == fiscal_year]
    made_months = stats.month_of(made["Referral Date"])

    dates = stats.meeting_dates(meetings)
    dates = dates[stats.fiscal_years(dates) == fiscal_year]
    reviews = stats.case_reviews(meetings)
    reviews = reviews[stats.fiscal_years(reviews["Meeting Date"]) == fiscal_year]

    sessions = stats.ywsp_sessions(ywsp)
    sessions = sessions[stats.fiscal_years(sessions["date"]) == fiscal_year]
    marks = stats.ywsp_marks(ywsp)
    present = marks[
        (marks["mark"] == "Present") & (stats.fiscal_years(marks["date"]) == fiscal_year)
    ]

    rows: list[MonthlyRow] = []
    blocks: list[Block] = []

    def add(section: str, labels: Sequence[str], counts: np.ndarray, masked: bool = True) -> None:
        for label, line in zip(labels, counts, strict=True):
            ytd = int(line.sum())
            rows.append(MonthlyRow(section, label, (*(int(v) for v in line), ytd), masked))

    def add_block(section: str, labels: Sequence[str], counts: np.ndarray, total: int) -> None:
        first = len(rows)
        add(section, labels, counts)
        blocks.append(Block(total, tuple(range(first, len(rows)))))

    new_months = new["month"]
    add("Youths served", [NEW_YOUTHS], _single(new_months, reported))
    add_block(
        "Age at referral (new youths)",
        age_labels,
        _by_month(ages, new_months, age_labels, reported),
        0,
    )
    genders = stats.funder_gender(new["Gender"])
    add_block(
        "Gender (new youths)",
        stats.FUNDER_GENDERS,
        _by_month(genders, new_months, stats.FUNDER_GENDERS, reported),
        0,
    )
    races = stats.race_category(new["Race/Ethnicity"])
    add_block(
        "Race/ethnicity (new youths)",
        stats.RACES,
        _by_month(races, new_months, stats.RACES, reported),
        0,
    )
    trafficked = new[stats.is_trafficked(new)]
    add(
        "Victimization type (new youths)",
        [stats.HUMAN_TRAFFICKING_SEX],
        _single(trafficked["month"], reported),
    )

    services_total = len(rows)
    add("Services (OVC PMT groups)", [SERVICES_TOTAL], _single(made_months, reported))
    groups = stats.service_group(made["Service"])
    add_block(
        "Services (OVC PMT groups)",
        stats.SERVICE_GROUPS,
        _by_month(groups, made_months, stats.SERVICE_GROUPS, reported),
        services_total,
    )

    add("Case reviews", [MEETINGS_HELD], _single(stats.month_of(dates), reported), masked=False)
    add("Case reviews", [CASE_REVIEWS], _single(stats.month_of(reviews["Meeting Date"]), reported))
    add(
        "Young Women's Saturday Program",
        [SESSIONS_HELD],
        _single(stats.month_of(sessions["date"]), reported),
        masked=False,
    )
    add(
        "Young Women's Saturday Program",
        [ATTENDANCE],
        _single(stats.month_of(present["date"]), reported),
    )
    return MonthlyTable(fiscal_year, months, through, tuple(rows), tuple(blocks))


def masked_rows(table: MonthlyTable, threshold: int) -> list[list[int | str | None]]:
    """Each row's twelve month cells and year to date as shown to funders.

    Months after the report month are None (blank on the sheet).
    """
    counts = [list(row.counts) for row in table.rows]
    shown, _ = mask_table(counts, table.blocks, threshold, [row.masked for row in table.rows])
    later = len(table.months) - len(table.reported_months)
    return [[*line[:-1], *([None] * later), line[-1]] for line in shown]


DEFINITION_NOTE = (
    "Categories follow the OVC VOCA Performance Measurement Tool. A youth is new once per "
    "fiscal year, in the month of their first referral or case review that year; demographics "
    "are for new youths."
)


def monthly_grid(
    table: MonthlyTable,
    shown: Sequence[Sequence[int | str | None]],
    threshold: int,
    heading: str,
) -> list[list[Any]]:
    """The Monthly sheet: title, the masking rule in one sentence, then the table by section."""
    from ..grid import Cell
    from .masking import masking_rule

    first, last = table.months[0], table.months[-1]
    grid: list[list[Any]] = [
        [Cell(heading, "title")],
        [
            f"Federal fiscal year {table.fiscal_year} ({first:%B %Y} to {last:%B %Y}), "
            f"reported through {table.through:%B %Y}."
        ],
        [Cell(masking_rule(threshold), "note")],
        [Cell(DEFINITION_NOTE, "note")],
        [],
        [
            Cell(text, "header")
            for text in ("Measure", *(m.strftime("%b %Y") for m in table.months), YEAR_TO_DATE)
        ],
    ]
    section = None
    for row, cells in zip(table.rows, shown, strict=True):
        if row.section != section:
            section = row.section
            grid.append([Cell(section, "bold")])
        grid.append([row.label, *cells])
    return grid

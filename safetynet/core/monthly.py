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

from ..display import full_date, month_year
from ..schema import MEETINGS, REFERRALS, YOUTHS
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
    in_progress: bool = False  # the report month is the current one: counts are partial
    counted_to: Any = None  # the day counted to (a date), said when the month is in progress

    @property
    def month_label(self) -> str:
        """``December 2026``, or ``December 2026 (month in progress)``."""
        label = month_year(self.through)
        return f"{label} (month in progress)" if self.in_progress else label

    @property
    def reported_months(self) -> tuple[pd.Period, ...]:
        return tuple(m for m in self.months if m <= self.through)


def _by_month(
    labels: pd.Series, dates: pd.Series, label_order: Sequence[str], first: int, count: int
) -> np.ndarray:
    """Counts of each label in each of ``count`` months from month number ``first``.

    Rows follow ``label_order``; dates outside the months, and labels not in
    the order, are not counted.
    """
    found = stats.codes(labels, label_order)
    offset = stats.month_numbers(dates) - first
    inside = (found >= 0) & (offset >= 0) & (offset < count)
    flat = found[inside] * count + offset[inside]
    return np.bincount(flat, minlength=len(label_order) * count).reshape(len(label_order), count)


def _single(dates: pd.Series, first: int, count: int) -> np.ndarray:
    """Events per month, as one row."""
    offset = stats.month_numbers(dates) - first
    inside = (offset >= 0) & (offset < count)
    return np.bincount(offset[inside], minlength=count).reshape(1, count)


def monthly_table(
    youths: pd.DataFrame,
    referrals: pd.DataFrame,
    meetings: pd.DataFrame,
    ywsp: pd.DataFrame,
    through: pd.Period,
    today: Any = None,
) -> MonthlyTable:
    """Count every Monthly measure for the fiscal year holding ``through``, up to that month.

    ``today`` (a date) keeps a meeting recorded ahead of its day out of "Meetings held".
    """
    fiscal_year = stats.fiscal_year_of(through.to_timestamp().date())
    months = tuple(stats.fiscal_year_months(fiscal_year))
    first = months[0].ordinal
    count = len([m for m in months if m <= through])

    new = stats.new_youths(youths, meetings)
    new = new[(new["fiscal_year"] == fiscal_year).to_numpy(dtype=bool)].reset_index(drop=True)
    new_dates = new["date"]
    ages = stats.age_band(stats.age_at_referral(new))
    age_labels = stats.band_labels(stats.FUNDER_AGE_BANDS)
    made = referrals[[YOUTHS.cols.referral_date, REFERRALS.cols.service]]
    marks = stats.ywsp_marks(ywsp)
    sessions = stats.ywsp_sessions(ywsp, marks)
    present = marks[(marks["mark"] == "Present").to_numpy(dtype=bool)]

    rows: list[MonthlyRow] = []
    blocks: list[Block] = []

    def add(section: str, labels: Sequence[str], counts: np.ndarray, masked: bool = True) -> None:
        for label, line in zip(labels, counts, strict=True):
            ytd = int(line.sum())
            rows.append(MonthlyRow(section, label, (*(int(v) for v in line), ytd), masked))

    def add_block(
        section: str, labels: Sequence[str], values: pd.Series, dates: pd.Series, total: int
    ) -> None:
        """Category rows that add up, month by month, to row ``total``."""
        start = len(rows)
        add(section, labels, _by_month(values, dates, labels, first, count))
        blocks.append(Block(total, tuple(range(start, len(rows)))))

    made_dates = made[YOUTHS.cols.referral_date]
    add("Youths served", [NEW_YOUTHS], _single(new_dates, first, count))
    add_block("Age at referral (new youths)", age_labels, ages, new_dates, 0)
    genders = stats.funder_gender(new[YOUTHS.cols.gender])
    add_block("Gender (new youths)", stats.FUNDER_GENDERS, genders, new_dates, 0)
    races = stats.race_category(new[YOUTHS.cols.race_ethnicity])
    add_block("Race/ethnicity (new youths)", stats.RACES, races, new_dates, 0)
    trafficked = new_dates[stats.is_trafficked(new).to_numpy(dtype=bool)]
    add(
        "Victimization type (new youths)",
        [stats.HUMAN_TRAFFICKING_SEX],
        _single(trafficked, first, count),
    )

    services_total = len(rows)
    add("Services (OVC PMT groups)", [SERVICES_TOTAL], _single(made_dates, first, count))
    groups = stats.service_group(made[REFERRALS.cols.service])
    add_block("Services (OVC PMT groups)", stats.SERVICE_GROUPS, groups, made_dates, services_total)

    reviews = stats.case_reviews(meetings)[MEETINGS.cols.meeting_date]
    add(
        "Case reviews",
        [MEETINGS_HELD],
        _single(stats.meeting_dates(meetings, until=today), first, count),
        masked=False,
    )
    add("Case reviews", [CASE_REVIEWS], _single(reviews, first, count))
    add(
        "Young Women's Saturday Program",
        [SESSIONS_HELD],
        _single(sessions["date"], first, count),
        masked=False,
    )
    add("Young Women's Saturday Program", [ATTENDANCE], _single(present["date"], first, count))
    return MonthlyTable(fiscal_year, months, through, tuple(rows), tuple(blocks))


class RevealedCount(Exception):
    """The masked table would still let a reader work out these cells: (measure, column)."""

    def __init__(self, cells: list[tuple[str, str]]):
        super().__init__(f"{len(cells)} masked cell(s) could be worked out")
        self.cells = cells


def masked_rows(table: MonthlyTable, threshold: int) -> list[list[int | str | None]]:
    """Each row's twelve month cells and year to date as shown to funders, audited.

    Months after the report month are None (blank on the sheet). Raises
    ``RevealedCount`` when the audit (``masking_audit``) finds a masked cell a
    reader could work out: such a table must not be written anywhere.
    """
    counts = [list(row.counts) for row in table.rows]
    maskable = [row.masked for row in table.rows]
    shown, status = mask_table(counts, table.blocks, threshold, maskable)
    revealed = revealed_cells(table, status, threshold)
    if revealed:
        raise RevealedCount(revealed)
    later = len(table.months) - len(table.reported_months)
    return [[*line[:-1], *([None] * later), line[-1]] for line in shown]


def revealed_cells(
    table: MonthlyTable, status: Sequence[Sequence[str]], threshold: int
) -> list[tuple[str, str]]:
    """The masked cells of ``table`` a reader could work out, by measure and month."""
    from .masking import table_equations
    from .masking_audit import pinned_cells

    if not table.rows:
        return []
    n_columns = len(table.rows[0].counts)
    summed = [r for r, row in enumerate(table.rows) if row.masked]
    equations = table_equations(len(table.rows), n_columns, table.blocks, summed)
    values = [v for row in table.rows for v in row.counts]
    flat = [s for line in status for s in line]
    columns = [f"{m:%b %Y}" for m in table.reported_months] + [YEAR_TO_DATE]
    return [
        (table.rows[cell // n_columns].label, columns[cell % n_columns])
        for cell in pinned_cells(values, equations, flat, threshold)
    ]


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
    warning: str = "",
) -> list[list[Any]]:
    """The Monthly sheet: title, the masking rule in one sentence, then the table by section."""
    from ..grid import Cell
    from .masking import masking_rule

    first, last = table.months[0], table.months[-1]
    period = (
        f"Federal fiscal year {table.fiscal_year} ({month_year(first)} to {month_year(last)}), "
        f"reported through {table.month_label}"
        + (
            f": counted to {full_date(table.counted_to)}, the month is not over."
            if table.in_progress and table.counted_to
            else "."
        )
    )
    grid: list[list[Any]] = [
        [Cell(heading, "title")],
        # a month in progress is in red: its column will grow, a reader must not take it as final
        [Cell(period, "alert") if table.in_progress else period],
        *([[Cell(warning, "alert")]] if warning else []),
        [Cell(masking_rule(threshold), "note")],
        [Cell(DEFINITION_NOTE, "note")],
        [],
        [
            Cell("Measure", "header"),
            *(
                Cell(text, "count_header")
                for text in (*(m.strftime("%b %Y") for m in table.months), YEAR_TO_DATE)
            ),
        ],
    ]
    section = None
    for row, cells in zip(table.rows, shown, strict=True):
        if row.section != section:
            section = row.section
            grid.append([Cell(section, "bold")])
        grid.append([row.label, *(None if v is None else Cell(v, "count") for v in cells)])
    return grid

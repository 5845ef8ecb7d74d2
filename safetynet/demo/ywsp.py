"""Young Women's Saturday Program cohorts: 8-12 girls, twelve Saturdays, about 70% complete."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import YWSP, YWSP_WEEK_HEADERS, YWSP_WEEKS
from .agencies import GIRLS_COURT, Agencies
from .base import Clock, pick, typed_frame
from .words import YWSP_FEEDBACK
from .youths import Youths

SATURDAY = 5
SEASONS = (
    "Winter",
    "Winter",
    "Spring",
    "Spring",
    "Spring",
    "Summer",
    "Summer",
    "Summer",
    "Fall",
    "Fall",
    "Fall",
    "Winter",
)


def cohort_count(youths: int) -> int:
    """A few cohorts a year; 60 (about 600 rows) at the reference size."""
    return max(3, round(youths / 50))


def start_days(clock: Clock, span_days: int, cohorts: int) -> np.ndarray:
    """Cohort start Saturdays spread over the years, the newest one still running."""
    spread = np.linspace(-span_days + 84, -14, cohorts).round().astype(np.int64)
    return clock.weekday_on_or_before(spread, SATURDAY)


def cohort_names(clock: Clock, starts: np.ndarray) -> list[str]:
    names: list[str] = []
    for day in clock.dates(starts).astype(object):
        base = f"{day.year} {SEASONS[day.month - 1]}"
        suffix = sum(1 for n in names if n.split(" (")[0] == base)
        names.append(base if not suffix else f"{base} ({chr(ord('A') + suffix)})")
    return names


def choose_participants(
    rng: np.random.Generator, youths: Youths, start: int, taken: np.ndarray
) -> np.ndarray:
    """8-12 girls aged 12-17 with an open case, the most recently referred preferred."""
    age = (start - youths.born) / 365.25
    eligible = np.flatnonzero(
        youths.girl
        & ~taken
        & (youths.referred <= start)
        & (youths.closed > start + 84)
        & (age >= 12)
        & (age < 18)
    )
    if not len(eligible):
        return eligible
    size = min(len(eligible), int(rng.integers(8, 13)))
    recent_first = eligible[np.argsort(-youths.referred[eligible], kind="stable")]
    return rng.choice(recent_first[: size * 3], size=size, replace=False)


def attendance(rng: np.random.Generator, start: int) -> tuple[list[str | None], bool]:
    """Twelve weeks of Present/Absent/Excused; weeks still to come are blank."""
    completer = rng.random() < 0.72
    dropout = int(rng.integers(2, 9))
    weeks: list[str | None] = []
    for week in range(YWSP_WEEKS):
        if start + 7 * week > -1:
            weeks.append(None)
        elif completer or week < dropout:
            present = rng.random() < (0.92 if completer else 0.8)
            weeks.append("Present" if present else ("Excused" if rng.random() < 0.5 else "Absent"))
        else:
            weeks.append("Absent")
    return weeks, completer


def make_ywsp(
    rng: np.random.Generator, clock: Clock, youths: Youths, agencies: Agencies, span_days: int
) -> pd.DataFrame:
    starts = start_days(clock, span_days, cohort_count(len(youths.ids)))
    names = cohort_names(clock, starts)
    taken = np.zeros(len(youths.ids), dtype=bool)
    probation = agencies.first_of_kind("probation")
    rows: dict[str, list] = {
        h: [] for h in ("Cohort", "Youth ID", "Referred By", "Start Date", "Feedback")
    }
    weeks: list[list[str | None]] = []
    for name, start in zip(names, starts, strict=True):
        for who in choose_participants(rng, youths, int(start), taken):
            taken[who] = True
            attended, completer = attendance(rng, int(start))
            weeks.append(attended)
            rows["Cohort"].append(name)
            rows["Youth ID"].append(youths.ids[who])
            rows["Referred By"].append(GIRLS_COURT if rng.random() < 0.9 else probation)
            rows["Start Date"].append(start)
            finished = attended[-1] is not None
            rows["Feedback"].append(
                str(pick(rng, YWSP_FEEDBACK, 1)[0])
                if finished and completer and rng.random() < 0.5
                else None
            )
    n = len(weeks)
    grid = np.array(weeks, dtype=object).reshape(n, YWSP_WEEKS)
    columns = {h: np.array(v, dtype=object) for h, v in rows.items()}
    columns["Start Date"] = clock.dates(np.array(rows["Start Date"] or [], dtype=np.int64))
    columns.update({header: grid[:, w] for w, header in enumerate(YWSP_WEEK_HEADERS)})
    enrol_in_girls_court(youths, np.flatnonzero(taken))
    return typed_frame(YWSP, columns, n)


def enrol_in_girls_court(youths: Youths, rows: np.ndarray) -> None:
    """Girls Court refers to YWSP: its participants are Girls Court and probation youths."""
    frame = youths.frame
    labels = frame.index[rows]
    frame.loc[labels, "Girls Court"] = True
    frame.loc[labels, "Probation"] = True
    no_case = labels[frame.loc[labels, "Case Number"].isna().to_numpy()]
    years = frame.loc[no_case, "Referral Date"].dt.year
    frame.loc[no_case, "Case Number"] = [
        f"JV-{y}-{r - 1:05d}" for y, r in zip(years, no_case, strict=True)
    ]

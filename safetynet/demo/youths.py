"""Invented youths at the rates programs like Alameda's SafetyNet report.

Rates (FIELD-NOTES): mostly girls aged 12-17, about 63% Black and 15% Latina,
runaway history about 62%, prior victimization about 75%, chronic school
absence about 41%. Youth IDs follow the order of referral, as staff would
number them.

The case-review figures are chosen so the week looks like a county's table,
where 10-25 youths qualify for 10-15 places (SPEC; issue 16). They are
estimates, not measurements; where each comes from:

* caseload: Alameda's SafetyNet discussed 762 youths to 2018, about 110 a year;
  the default demo refers 120 in a year, and a case stays open about six months
  (``CASE_DAYS``: 60 days plus a random length averaging 90) unless the youth
  turns 18, so 35-50 cases are open at a time;
* Safety Level High for about 1 open case in 10 (``HIGH_RATE``), and Missing for
  about 1 in 25 (``CUSTODY_OPEN``): runaway history is common (62%), but at any
  moment few youths are away;
* a custody change (arrest, release, a new placement) in the last two weeks for
  about 1 open case in 12 (``FRESH_CUSTODY_RATE``); other changes are older;
* a court date for most youths on probation, in the next two weeks for 1 in 4
  of them (a hearing every couple of months).

Overdue actions come from ``casework`` (about 1 in 10 recent actions not done).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..schema import RISK_FACTORS, YOUTHS
from .agencies import Agencies
from .base import NO_DAY, Clock, full_names, name_pools, pick, texts, typed_frame, yes_no
from .words import CHARGES, CITIES, CURRENT_CONCERNS, LANGUAGES, PAST_CONCERNS, YOUTH_NOTES

OPEN = np.iinfo(np.int64).max  # the closing day of a youth still open

GENDERS = (
    ("Female", 0.90),
    ("Male", 0.06),
    ("Transgender female", 0.02),
    ("Transgender male", 0.005),
    ("Non-binary", 0.01),
    ("Not reported", 0.005),
)
RACES = (
    ("Black/African American", 0.62),
    ("Hispanic/Latino", 0.15),
    ("White Non-Latino/Caucasian", 0.08),
    ("Multiple Races", 0.06),
    ("Asian", 0.04),
    ("American Indian/Alaska Native", 0.01),
    ("Native Hawaiian & Other Pacific Islander", 0.01),
    ("Some Other Race", 0.01),
    ("Not Reported", 0.02),
)
AGES_AT_REFERRAL = (
    (11, 0.02),
    (12, 0.06),
    (13, 0.10),
    (14, 0.16),
    (15, 0.21),
    (16, 0.22),
    (17, 0.17),
    (18, 0.04),
    (19, 0.02),
)
RISK_RATES = {
    "Runaway": 0.62,
    "Substance Use": 0.45,
    "School Disengagement": 0.41,
    "Prior Abuse": 0.75,
    "Foster Care History": 0.35,
    "Homelessness": 0.25,
    "Gang Involvement": 0.15,
    "Family Violence": 0.50,
}
ABUSE_HISTORY = (
    ("Sexual abuse", 0.35),
    ("Physical abuse", 0.15),
    ("Neglect", 0.10),
    ("Witnessed domestic violence", 0.10),
    ("Multiple types", 0.30),
)
NO_ABUSE_HISTORY = (("None known", 0.7), ("Unknown", 0.3))
EXPLOITATION_TYPES = (
    ("Third-party trafficking", 0.35),
    ("Familial trafficking", 0.10),
    ("Survival sex", 0.25),
    ("Online exploitation", 0.15),
    ("Gang-involved trafficking", 0.10),
    ("Unknown", 0.05),
)
HIGH_RATE = 0.10
FRESH_CUSTODY_RATE = 0.08
CASE_DAYS = (60, 90)  # the shortest case, and the mean of the random rest
CUSTODY_OPEN = (
    ("Home", 0.48),
    ("Placement", 0.22),
    ("In custody", 0.18),
    ("Missing", 0.04),
    ("Unknown", 0.08),
)
CUSTODY_CLOSED = (("Home", 0.70), ("Placement", 0.20), ("Unknown", 0.10))
CLOSED_REASONS = (
    ("Stable, no longer needs review", 0.55),
    ("Moved out of county", 0.15),
    ("Declined services", 0.15),
    ("Other", 0.15),
)
SOURCE_WEIGHTS = {
    "probation": 25,
    "social": 22,
    "police": 12,
    "da": 10,
    "advocacy": 8,
    "health": 8,
    "education": 6,
    "court": 4,
    "defense": 3,
    "forensic": 2,
    "other": 3,
}


@dataclass(frozen=True)
class Youths:
    """The frame, plus the facts the other sheets are built from (one entry per youth)."""

    frame: pd.DataFrame
    ids: np.ndarray
    referred: np.ndarray  # day offset of the referral
    closed: np.ndarray  # day offset of closing, OPEN when still open
    born: np.ndarray
    girl: np.ndarray  # Female or Transgender female: who YWSP is for
    custody: np.ndarray
    high: np.ndarray  # Safety Level High


def choose(rng: np.random.Generator, table, size: int) -> np.ndarray:
    return pick(rng, [v for v, _ in table], size, [w for _, w in table])


def referral_days(rng: np.random.Generator, n: int, span_days: int) -> np.ndarray:
    """Referral day offsets, oldest first; a few in the last ten days, not yet discussed."""
    days = -rng.integers(0, span_days + 1, n)
    recent = min(n, 3 + n // 1000)
    days[:recent] = -rng.integers(0, 10, recent)
    return np.sort(days)


def unique_names(
    rng: np.random.Generator, gender: np.ndarray, born: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """First and last names; no two youths share a last name and a birth date.

    Validation flags one youth entered twice (same or near-same name and birth
    date), so the invented ones must never look like that.
    """
    pools = name_pools()
    n = len(gender)
    girl_name = np.isin(gender, ("Female", "Transgender female"))
    boy_name = np.isin(gender, ("Male", "Transgender male"))
    first = np.where(
        girl_name,
        pick(rng, pools.female, n),
        np.where(boy_name, pick(rng, pools.male, n), pick(rng, pools.neutral, n)),
    )
    last = pick(rng, pools.last, n, pools.last_weights)
    seen: set[tuple[str, int]] = set()
    for i in range(n):
        while (last[i], born[i]) in seen:
            last[i] = pools.last[rng.integers(len(pools.last))]
        seen.add((last[i], born[i]))
    return first, last


def closing(
    rng: np.random.Generator, referred: np.ndarray, born: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """When each case closed (OPEN if not yet) and why."""
    n = len(referred)
    length = CASE_DAYS[0] + rng.exponential(CASE_DAYS[1], n).astype(np.int64)
    # Most cases close within weeks of the 18th birthday (the table serves minors); a youth
    # referred at 18 or 19 stays open for a few months of aftercare.
    adult = born + round(18 * 365.25) + rng.integers(0, 60, n)
    closed = np.minimum(referred + length, np.maximum(adult, referred + 90))
    closed = np.where(closed < 0, closed, OPEN)
    age_at_close = (closed - born) / 365.25
    reason = choose(rng, CLOSED_REASONS, n)
    reason = np.where(age_at_close >= 18, "Aged out", reason).astype(object)
    reason[closed == OPEN] = None
    return closed, reason


def make_youths(
    rng: np.random.Generator, clock: Clock, n: int, span_days: int, agencies: Agencies
) -> Youths:
    referred = referral_days(rng, n, span_days)
    ages = choose(rng, AGES_AT_REFERRAL, n).astype(float)
    born = referred - np.round((ages + rng.uniform(0.02, 0.97, n)) * 365.25).astype(np.int64)
    gender = choose(rng, GENDERS, n)
    first, last = unique_names(rng, gender, born)
    closed, closed_reason = closing(rng, referred, born)
    is_open = closed == OPEN
    end = np.where(is_open, 0, closed)

    city_index = rng.choice(len(CITIES), n, p=[c[1] for c in CITIES])
    zips = np.array(
        [CITIES[c][2][rng.integers(len(CITIES[c][2]))] for c in city_index], dtype=object
    )

    kinds_weight = np.array([SOURCE_WEIGHTS[k] for k in agencies.kinds], dtype=float)
    source = pick(rng, agencies.names, n, kinds_weight * np.where(agencies.at_table, 1.0, 0.1))

    custody = np.where(is_open, choose(rng, CUSTODY_OPEN, n), choose(rng, CUSTODY_CLOSED, n))
    # A change is older than the court window (15 days and more) unless it is fresh.
    older = np.maximum(referred, np.where(is_open, np.minimum(end, -15), end))
    custody_changed = referred + (rng.random(n) * (older - referred)).astype(np.int64)
    fresh = is_open & (rng.random(n) < FRESH_CUSTODY_RATE)
    custody_changed[fresh] = np.maximum(referred[fresh], -rng.integers(0, 14, fresh.sum()))
    custody_changed[(rng.random(n) < 0.15) | ((referred > -15) & ~fresh)] = NO_DAY

    risks = {r: rng.random(n) < RISK_RATES[r] for r in RISK_FACTORS}
    probation = rng.random(n) < 0.55
    child_welfare = rng.random(n) < np.where(risks["Foster Care History"], 0.8, 0.3)
    girl = np.isin(gender, ("Female", "Transgender female"))
    girls_court = girl & probation & (rng.random(n) < 0.35)

    safety = np.where(
        rng.random(n) < HIGH_RATE, "High", np.where(rng.random(n) < 0.55, "Medium", "Low")
    )
    safety = np.where(custody == "Missing", "High", safety)
    safety = np.where(~is_open & (safety == "High"), "Medium", safety).astype(object)

    court = np.full(n, NO_DAY, dtype=np.int64)
    has_court = is_open & probation & (rng.random(n) < 0.65)
    soon = rng.random(n) < 0.25
    court[has_court] = np.where(soon, rng.integers(1, 15, n), rng.integers(15, 121, n))[has_court]

    exploitation = choose(rng, (("At risk", 0.4), ("Suspected", 0.3), ("Confirmed", 0.3)), n)
    history = np.where(
        risks["Prior Abuse"], choose(rng, ABUSE_HISTORY, n), choose(rng, NO_ABUSE_HISTORY, n)
    )
    advocates = np.array(full_names(rng, max(4, n // 60)), dtype=object)
    attorneys = np.array(full_names(rng, max(3, n // 100)), dtype=object)
    attorney = np.array(
        [
            f"{a}, Deputy Public Defender" if rng.random() < 0.8 else f"{a}, private counsel"
            for a in attorneys[rng.integers(len(attorneys), size=n)]
        ],
        dtype=object,
    )

    flagged = np.zeros(n, dtype=bool)
    open_rows = np.flatnonzero(is_open)
    flagged[
        rng.choice(open_rows, size=min(len(open_rows), 1 + rng.integers(0, 3)), replace=False)
    ] = True

    years = clock.dates(referred).astype("datetime64[Y]").astype(int) + 1970
    columns = {
        "Youth ID": np.array(
            [f"Y-{i:0{max(4, len(str(n)))}d}" for i in range(1, n + 1)], dtype=object
        ),
        "First Name": first,
        "Last Name": last,
        "Date of Birth": clock.dates(born),
        "Gender": gender,
        "Race/Ethnicity": choose(rng, RACES, n),
        "Primary Language": choose(rng, LANGUAGES, n),
        "City": np.array([CITIES[c][0] for c in city_index], dtype=object),
        "ZIP": zips,
        "Referral Date": clock.dates(referred),
        "Referral Source": source,
        "Exploitation Status": exploitation,
        "Custody Status": custody.astype(object),
        "Custody Change Date": clock.dates(custody_changed),
        "Probation": yes_no(probation),
        "Child Welfare": yes_no(child_welfare),
        "Girls Court": yes_no(girls_court),
        "Case Number": texts(
            np.array([f"JV-{y}-{i:05d}" for i, y in enumerate(years, 1)], dtype=object), probation
        ),
        "Charges": texts(pick(rng, CHARGES, n), probation),
        "Next Court Date": clock.dates(court),
        "Attorney": texts(attorney, probation),
        "Safety Level": safety,
        "Current Safety Concerns": texts(
            concerns(rng, CURRENT_CONCERNS, n), rng.random(n) < np.where(is_open, 0.85, 0.4)
        ),
        "Past Safety Concerns": texts(concerns(rng, PAST_CONCERNS, n), rng.random(n) < 0.8),
        **{
            f"Risk: {r}": yes_no(
                risks[r],
                blank=(rng.random(n) < 0.03)
                if r in ("Substance Use", "Gang Involvement", "Foster Care History")
                else None,
            )
            for r in RISK_FACTORS
        },
        "Victimization History": history.astype(object),
        "Exploitation Type": texts(choose(rng, EXPLOITATION_TYPES, n), exploitation != "At risk"),
        "Advocate": advocates[rng.integers(len(advocates), size=n)],
        "Discuss Next Meeting": yes_no(flagged),
        "Status": np.where(is_open, "Active", "Closed").astype(object),
        "Closed Date": clock.dates(np.where(is_open, NO_DAY, closed)),
        "Closed Reason": closed_reason,
        "Notes": texts(pick(rng, YOUTH_NOTES, n), rng.random(n) < 0.15),
    }
    frame = typed_frame(YOUTHS, columns, n)
    return Youths(
        frame,
        columns["Youth ID"],
        referred,
        closed,
        born,
        girl,
        custody.astype(object),
        safety == "High",
    )


def concerns(rng: np.random.Generator, phrases: tuple[str, ...], n: int) -> np.ndarray:
    """One or two phrases per youth, joined as staff would write them."""
    first = pick(rng, phrases, n)
    second = pick(rng, phrases, n)
    two = (rng.random(n) < 0.4) & (first != second)
    return np.array(
        [f"{a}; {b.lower()}" if t else a for a, b, t in zip(first, second, two, strict=True)],
        dtype=object,
    )

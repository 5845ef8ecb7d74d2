"""The measures behind the Dashboard and the Monthly sheet, each defined once.

Every function takes typed frames (see ``safetynet.tables``) and returns plain
pandas objects. Nothing here loops over rows in Python: the reference
workbook has 3,000 youths and 15,000 referrals, and a button must answer in
about a second.

Definitions (the words funders and staff will ask about):

* **Fiscal year** — the federal fiscal year, 1 October to 30 September, named
  by the calendar year it ends in (1 Oct 2025 – 30 Sep 2026 is FY 2026).
* **Contact** — a youth's Referral Date (Youths sheet), or a Meetings row for
  the youth with Discussed = Y (a case review). Meetings rows for a Youth ID
  that is not on the Youths sheet are ignored (Validate reports them).
* **New youth** — a youth counts as new once per fiscal year, in the month of
  their first contact in that fiscal year. So a youth referred in FY 2025 and
  still discussed in FY 2026 is new again (once) in FY 2026, as the OVC PMT
  asks; demographics are reported for new youths.
* **Age at referral** — whole years from Date of Birth to Referral Date.
* **Case review** — a Meetings row with Discussed = Y (a youth listed on an
  agenda but not reached is not a review).
* **Meetings held** — distinct Meeting Dates.
* **YWSP session** — one Saturday of a cohort: week *n* falls on Start Date +
  7 × (n − 1) days; a session was held when anyone's mark for it is recorded.
* **YWSP attendance** — Present marks; the attendance rate is Present marks
  over all recorded marks (Present, Absent, Excused).
* **YWSP completion** — Sessions Attended (Present marks) at least the
  setting YWSP Sessions To Complete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..computed import age_on
from ..schema import LISTS, MEETINGS, REFERRALS, RISK_FACTORS, YOUTHS, YWSP, YWSP_WEEK_HEADERS

YOUTH_ID = YOUTHS.cols.youth_id
NOT_REPORTED = "Not reported"
NOT_RECORDED = "Not recorded"
FISCAL_YEAR_FIRST_MONTH = 10  # October

# Age bands, upper bounds inclusive: OVC PMT bands for funders, finer ones for staff.
FUNDER_AGE_BANDS: tuple[tuple[str, int], ...] = (
    ("0–12", 12),
    ("13–17", 17),
    ("18–24", 24),
    ("25–59", 59),
    ("60+", 200),
)
DASHBOARD_AGE_BANDS: tuple[tuple[str, int], ...] = (
    ("Under 12", 11),
    ("12–13", 13),
    ("14–15", 15),
    ("16–17", 17),
    ("18–20", 20),
    ("21 and over", 200),
)

FUNDER_GENDERS: tuple[str, ...] = ("Male", "Female", "Other", "Not Reported")
# Every Gender list value mapped to the PMT's four; blank and unknown values are
# "Not Reported" and "Other" respectively (see funder_gender).
FUNDER_GENDER_OF: dict[str, str] = {
    "Female": "Female",
    "Male": "Male",
    "Transgender female": "Other",
    "Transgender male": "Other",
    "Non-binary": "Other",
    "Other": "Other",
    "Not reported": "Not Reported",
}

RACES: tuple[str, ...] = LISTS["Race/Ethnicity"]
RACE_NOT_REPORTED = "Not Reported"
RACE_OTHER = "Some Other Race"

HUMAN_TRAFFICKING_SEX = "Human Trafficking: Sex"
TRAFFICKED_STATUSES: tuple[str, ...] = ("Confirmed", "Suspected")

# The five OVC PMT service groups, and where each Service list value belongs.
SERVICE_GROUPS: tuple[str, ...] = (
    "Information & Referral",
    "Personal Advocacy/Accompaniment",
    "Emotional Support or Safety Services",
    "Shelter/Housing",
    "Criminal/Civil Justice System Assistance",
)
SERVICE_GROUP_OF: dict[str, str] = {
    "Safety plan": "Emotional Support or Safety Services",
    "Mental health": "Emotional Support or Safety Services",
    "YWSP": "Emotional Support or Safety Services",
    "Medi-Cal": "Information & Referral",
    "Social Security": "Information & Referral",
    "Education": "Information & Referral",
    "Medical exam": "Information & Referral",
    "Other": "Information & Referral",
    "Housing or placement": "Shelter/Housing",
    "Legal": "Criminal/Civil Justice System Assistance",
    "Rape crisis advocacy": "Personal Advocacy/Accompaniment",
}
UNLISTED_SERVICE_GROUP = "Information & Referral"  # a service staff added to the list

SYSTEM_INVOLVEMENT: tuple[str, ...] = ("Probation only", "Child welfare only", "Both", "Neither")
WEEK_COLUMNS: tuple[str, ...] = YWSP_WEEK_HEADERS
ATTENDANCE_MARKS: tuple[str, ...] = LISTS["Attendance"]


# --- fast column helpers ------------------------------------------------------


def yes(flags: pd.Series) -> np.ndarray:
    """A Y/N column as plain booleans: blank counts as N."""
    return flags.to_numpy(dtype=bool, na_value=False)


def month_numbers(dates: pd.Series) -> np.ndarray:
    """Months since January 1970 (a monthly Period's ordinal); blank is a huge negative."""
    return dates.to_numpy(dtype="datetime64[ns]").astype("datetime64[M]").astype(np.int64)


def codes(values: pd.Series, labels: Sequence[str]) -> np.ndarray:
    """Each value's position in ``labels``, -1 when it is not one of them (or blank)."""
    return np.asarray(pd.Categorical(values.to_numpy(dtype=object), categories=list(labels)).codes)


# --- calendar -------------------------------------------------------------


def fiscal_year_of(day: dt.date) -> int:
    """The federal fiscal year a day belongs to, named by the year it ends in."""
    return day.year + (1 if day.month >= FISCAL_YEAR_FIRST_MONTH else 0)


def fiscal_years(dates: pd.Series) -> pd.Series:
    """``fiscal_year_of`` for a whole column of dates (missing stays missing)."""
    years = dates.dt.year.astype("Int64")
    return years + (dates.dt.month >= FISCAL_YEAR_FIRST_MONTH).astype("Int64")


def fiscal_year_months(fiscal_year: int) -> list[pd.Period]:
    """October of the year before through September: the twelve report columns."""
    return list(pd.period_range(f"{fiscal_year - 1}-10", f"{fiscal_year}-09", freq="M"))


def month_of(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("M")


# --- categories -----------------------------------------------------------


def age_band(ages: pd.Series, bands: Sequence[tuple[str, int]] = FUNDER_AGE_BANDS) -> pd.Series:
    """Band label for each age; no age (no birth date) is "Not reported"."""
    years = ages.to_numpy(dtype=float, na_value=np.nan)
    uppers = np.array([upper for _, upper in bands], dtype=float)
    position = np.searchsorted(uppers, years, side="left")
    position[np.isnan(years)] = len(bands)
    names = np.array([*(label for label, _ in bands), NOT_REPORTED], dtype=object)
    return pd.Series(names[np.minimum(position, len(bands))], index=ages.index, dtype="string")


def band_labels(bands: Sequence[tuple[str, int]]) -> tuple[str, ...]:
    return (*(label for label, _ in bands), NOT_REPORTED)


def age_at_referral(youths: pd.DataFrame) -> pd.Series:
    return age_on(youths[YOUTHS.cols.date_of_birth], youths[YOUTHS.cols.referral_date])


def funder_gender(gender: pd.Series) -> pd.Series:
    """Gender in the PMT's words: Male / Female / Other / Not Reported.

    Transgender female, Transgender male, Non-binary and Other become Other;
    Not reported and blank become Not Reported; a value staff added to the
    list becomes Other.
    """
    mapped = gender.map(FUNDER_GENDER_OF).astype("string")
    mapped = mapped.mask(gender.notna() & mapped.isna(), "Other")
    return mapped.fillna("Not Reported")


def race_category(race: pd.Series) -> pd.Series:
    """Race/ethnicity on SPEC's list; blank is Not Reported, an added value Some Other Race."""
    known = race.isin(RACES).fillna(False).astype(bool)
    result = race.astype("string").where(known, RACE_OTHER)
    return result.mask(race.isna(), RACE_NOT_REPORTED)


def listed_category(values: pd.Series, missing: str = NOT_RECORDED) -> pd.Series:
    """A list column with blanks as ``missing`` (values off the list are kept as typed)."""
    return values.astype("string").fillna(missing)


def is_trafficked(youths: pd.DataFrame) -> pd.Series:
    """Victimization type "Human Trafficking: Sex": Exploitation Status Confirmed or Suspected."""
    return (
        youths[YOUTHS.cols.exploitation_status].isin(TRAFFICKED_STATUSES).fillna(False).astype(bool)
    )


def service_group(service: pd.Series) -> pd.Series:
    """The PMT group of each Service; a value staff added to the list is Information & Referral."""
    return service.map(SERVICE_GROUP_OF).astype("string").fillna(UNLISTED_SERVICE_GROUP)


def system_involvement(youths: pd.DataFrame) -> pd.Series:
    """Probation only / Child welfare only / Both / Neither (blank counts as N)."""
    probation = yes(youths[YOUTHS.cols.probation])
    welfare = yes(youths[YOUTHS.cols.child_welfare])
    names = np.array(["Neither", "Probation only", "Child welfare only", "Both"], dtype=object)
    return pd.Series(names[probation + 2 * welfare], index=youths.index, dtype="string")


def risk_factor_counts(youths: pd.DataFrame) -> pd.Series:
    """Youths with each risk factor marked Y, in RISK_FACTORS order."""
    counts = {risk: int(yes(youths[f"Risk: {risk}"]).sum()) for risk in RISK_FACTORS}
    return pd.Series(counts, dtype="int64")


def count_by(values: pd.Series, labels: Sequence[str]) -> pd.Series:
    """How many of each label, in the labels' order, zero when absent."""
    found = codes(values, labels)
    counts = np.bincount(found[found >= 0], minlength=len(labels))
    return pd.Series(counts, index=list(labels), dtype="int64")


# --- youths, contacts, meetings -------------------------------------------


def unique_youths(youths: pd.DataFrame) -> pd.DataFrame:
    """One row per Youth ID (the first), without rows lacking an ID."""
    ids = youths[YOUTH_ID]
    return youths[(ids.notna() & ~ids.duplicated()).to_numpy(dtype=bool)]


def case_reviews(meetings: pd.DataFrame) -> pd.DataFrame:
    """Meetings rows with Discussed = Y and a Meeting Date."""
    discussed = (
        yes(meetings[MEETINGS.cols.discussed])
        & meetings[MEETINGS.cols.meeting_date].notna().to_numpy()
    )
    return meetings[discussed]


def meeting_dates(meetings: pd.DataFrame, until: dt.date | None = None) -> pd.Series:
    """The distinct Meeting Dates, sorted: one per meeting held.

    With ``until`` (today), a later date is not counted: Print Packet records next
    Wednesday's meeting days ahead, and it is not held yet.
    """
    dates = meetings[MEETINGS.cols.meeting_date].dropna().drop_duplicates().sort_values()
    if until is not None:
        dates = dates[(dates <= pd.Timestamp(until)).to_numpy(dtype=bool)]
    return dates.reset_index(drop=True)


def contacts(youths: pd.DataFrame, meetings: pd.DataFrame) -> pd.DataFrame:
    """Every contact (Referral Date, or a case review) as rows of Youth ID and date."""
    known = unique_youths(youths)
    referred = known.loc[
        known[YOUTHS.cols.referral_date].notna(), [YOUTH_ID, YOUTHS.cols.referral_date]
    ]
    referred = referred.rename(columns={YOUTHS.cols.referral_date: "date"})
    reviews = case_reviews(meetings)
    reviewed = reviews.loc[
        reviews[YOUTH_ID].isin(known[YOUTH_ID]), [YOUTH_ID, MEETINGS.cols.meeting_date]
    ]
    reviewed = reviewed.rename(columns={MEETINGS.cols.meeting_date: "date"})
    both = pd.concat([referred, reviewed], ignore_index=True)
    both["date"] = both["date"].astype("datetime64[ns]")
    return both


def new_youths(youths: pd.DataFrame, meetings: pd.DataFrame) -> pd.DataFrame:
    """One row per youth per fiscal year they were served, dated by their first contact in it.

    Columns: Youth ID, fiscal_year, date, month, plus the youth's Youths row
    (Gender, Race/Ethnicity, Date of Birth, Referral Date, Exploitation Status).
    """
    events = contacts(youths, meetings)
    events["fiscal_year"] = fiscal_years(events["date"])
    first = events.groupby([YOUTH_ID, "fiscal_year"], as_index=False, sort=True)["date"].min()
    first["month"] = month_of(first["date"])
    wanted = [
        YOUTH_ID,
        YOUTHS.cols.gender,
        YOUTHS.cols.race_ethnicity,
        YOUTHS.cols.date_of_birth,
        YOUTHS.cols.referral_date,
    ]
    details = unique_youths(youths)[[*wanted, YOUTHS.cols.exploitation_status]]
    return first.merge(details, on=YOUTH_ID, how="left")


def open_actions(meetings: pd.DataFrame) -> pd.DataFrame:
    """Meetings rows with an Action Item not marked done."""
    done = yes(meetings[MEETINGS.cols.action_done])
    return meetings[meetings[MEETINGS.cols.action_item].notna().to_numpy() & ~done]


def overdue_actions(meetings: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Open actions whose Action Due is before today."""
    actions = open_actions(meetings)
    return actions[(actions[MEETINGS.cols.action_due] < pd.Timestamp(today)).to_numpy(dtype=bool)]


# --- services ---------------------------------------------------------------


def services_referred_connected(referrals: pd.DataFrame, services: Sequence[str]) -> pd.DataFrame:
    """Per Service: referrals made, and how many reached Status Connected."""
    made = count_by(referrals[REFERRALS.cols.service].dropna(), services)
    connected_rows = referrals[referrals[YOUTHS.cols.status] == "Connected"]
    connected = count_by(connected_rows[REFERRALS.cols.service].dropna(), services)
    return pd.DataFrame({"referred": made, "connected": connected})


# --- YWSP ---------------------------------------------------------------------


def ywsp_marks(ywsp: pd.DataFrame) -> pd.DataFrame:
    """Every recorded attendance mark: Cohort, Youth ID, week, session date, mark."""
    rows = ywsp[ywsp[YWSP.cols.cohort].notna().to_numpy()]
    marks = rows[list(WEEK_COLUMNS)].to_numpy(dtype=object, na_value=None)
    recorded = np.zeros(marks.shape, dtype=bool)
    for mark in ATTENDANCE_MARKS:
        recorded |= marks == mark
    row_at, week_at = np.nonzero(recorded)
    start = rows[YWSP.cols.start_date].to_numpy(dtype="datetime64[ns]")[row_at]
    return pd.DataFrame(
        {
            YWSP.cols.cohort: rows[YWSP.cols.cohort].to_numpy(dtype=object)[row_at],
            YOUTH_ID: rows[YOUTH_ID].to_numpy(dtype=object)[row_at],
            YWSP.cols.start_date: start,
            "week": week_at.astype(np.int64) + 1,
            "mark": marks[row_at, week_at],
            "date": start + (week_at * 7).astype("timedelta64[D]"),
        }
    )


def ywsp_sessions(ywsp: pd.DataFrame, marks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sessions held: one row per cohort and week with any mark recorded, with its date.

    ``marks``: ``ywsp_marks(ywsp)`` when the caller has it already.
    """
    marks = ywsp_marks(ywsp) if marks is None else marks
    sessions = marks.groupby([YWSP.cols.cohort, "week"], as_index=False, sort=True)["date"].min()
    return sessions


def ywsp_cohorts(ywsp: pd.DataFrame, sessions_to_complete: int) -> pd.DataFrame:
    """Per cohort (oldest start first, then by name): start, participants, rates.

    Index: Cohort. Rates are fractions (0–1); a cohort with no marks has no
    attendance rate (NaN).
    """
    rows = ywsp[ywsp[YWSP.cols.cohort].notna().to_numpy()]
    marks = rows[list(WEEK_COLUMNS)].to_numpy(dtype=object, na_value=None)
    present = (marks == "Present").sum(axis=1)
    recorded = sum((marks == mark).sum(axis=1) for mark in ATTENDANCE_MARKS)
    group, names = pd.factorize(rows[YWSP.cols.cohort].to_numpy(dtype=object))
    size = len(names)
    participants = np.bincount(group, minlength=size)
    present_total = np.bincount(group, weights=present, minlength=size)
    recorded_total = np.bincount(group, weights=recorded, minlength=size)
    completed = np.bincount(group, weights=present >= sessions_to_complete, minlength=size)
    starts = (
        pd.Series(rows[YWSP.cols.start_date].to_numpy(dtype="datetime64[ns]")).groupby(group).min()
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        attendance = np.where(recorded_total > 0, present_total / recorded_total, np.nan)
    cohorts = pd.DataFrame(
        {
            "start": starts.reindex(range(size)).to_numpy(dtype="datetime64[ns]"),
            "participants": participants.astype(np.int64),
            "present": present_total.astype(np.int64),
            "recorded": recorded_total.astype(np.int64),
            "attendance_rate": attendance,
            "completed": completed.astype(np.int64),
            "completion_rate": completed / np.maximum(participants, 1),
            "_name": np.asarray(names, dtype=object).astype(str),
        },
        index=pd.Index(names, name=YWSP.cols.cohort, dtype="string"),
    )
    ordered = cohorts.sort_values(["start", "_name"], na_position="first", kind="stable")
    return ordered.drop(columns="_name")

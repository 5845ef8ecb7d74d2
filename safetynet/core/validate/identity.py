"""Rules about who is who: unique IDs, references that resolve, one youth entered twice.

The duplicate-youth check never compares every youth with every other (3,000
youths would be 4.5 million pairs): youths are paired only when their birth
dates are the same, a day apart, a year apart, or have day and month swapped
(the usual typing slips), and only those pairs are scored with rapidfuzz.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
import pandas as pd

from ...model import Problem, Workbook
from ...schema import AGENCIES, DATA_SHEETS, MEETINGS, YOUTHS, YWSP, Kind
from ..ids import shown_id
from .common import ERROR, WARNING, frame_of, mask_true, name_key, problems_where, text_key

# Name similarity (0–100) from which two youths with near birth dates are reported.
SIMILAR_NAMES = 88


def unique_ids(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Youth IDs, Referral IDs and agency names identify one row each."""
    for sheet in DATA_SHEETS:
        frame = frame_of(book, sheet.name)
        if frame is None or sheet.key is None:
            continue
        keys = text_key(frame[sheet.key])
        repeated = keys.notna() & keys.duplicated(keep=False)
        if not mask_true(repeated).any():
            continue
        first_row = {k: r for r, k in zip(frame.index[::-1], keys[::-1], strict=True)}
        severity = WARNING if sheet.name == "Members" else ERROR
        later = repeated & keys.duplicated(keep="first")
        for problem in problems_where(
            frame,
            later,
            sheet.name,
            sheet.key,
            "",
            "",
            severity,
            "duplicate-id",
        ):
            first = first_row[str(problem.value).strip().casefold()]
            yield Problem(
                problem.sheet,
                problem.row,
                problem.column,
                problem.value,
                f'{sheet.key} "{problem.value}" is also used in row {first}; '
                f"each {sheet.key} must be used once.",
                severity,
                _duplicate_fix(sheet.name, sheet.key),
                "duplicate-id",
            )


def _duplicate_fix(sheet_name: str, key: str) -> str:
    if sheet_name == "Youths":
        return (
            "If both rows are the same youth, merge them into one row; if not, give this "
            "youth a new Youth ID and correct its Referrals, Meetings and YWSP rows."
        )
    if sheet_name == "Members":
        return "If it is the same person, delete one row; if not, add a middle initial."
    return f"Give this row a new {key}, or delete it if it was entered twice."


def repeated_rows(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """The same youth twice at one meeting, or twice in one YWSP cohort."""
    for sheet_name, first in (("Meetings", MEETINGS.cols.meeting_date), ("YWSP", YWSP.cols.cohort)):
        frame = frame_of(book, sheet_name)
        if frame is None:
            continue
        keys = pd.DataFrame({"a": frame[first], "b": text_key(frame[YOUTHS.cols.youth_id])})
        again = keys.notna().all(axis=1) & keys.duplicated(keep="first")
        yield from problems_where(
            frame,
            again,
            sheet_name,
            YOUTHS.cols.youth_id,
            f"Youth ID {{value}} has another row with the same {first}.",
            "Delete the extra row, or merge what it says into the other one.",
            WARNING,
            "repeated-row",
        )


def youth_references(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Referrals, Meetings and YWSP rows name a Youth ID that exists on Youths."""
    youths = book.frames.get("Youths")
    if youths is None:
        return
    known = set(youths[YOUTHS.cols.youth_id].dropna())
    by_key = {str(k).strip().casefold(): k for k in known}
    for sheet_name in ("Referrals", "Meetings", "YWSP"):
        frame = frame_of(book, sheet_name)
        if frame is None:
            continue
        ids = frame[YOUTHS.cols.youth_id]
        dangling = ids.notna() & ~ids.isin(known)
        for problem in problems_where(
            frame,
            dangling,
            sheet_name,
            YOUTHS.cols.youth_id,
            "There is no youth with Youth ID {value} on the Youths sheet.",
            "Correct the Youth ID, or add the youth to the Youths sheet.",
            ERROR,
            "unknown-youth",
        ):
            near = by_key.get(str(problem.value).strip().casefold())
            if near is not None:
                from dataclasses import replace

                problem = replace(problem, fix=f"Did you mean {near}? Type it exactly so.")
            yield problem


AGENCY_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (sheet.name, column.header)
    for sheet in DATA_SHEETS
    for column in sheet.columns
    if column.kind is Kind.AGENCY
)


def agency_references(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Referral sources, Referred To/By, Action Owners and members' agencies are known agencies."""
    agencies = book.frames.get("Agencies")
    if agencies is None or len(agencies) == 0:
        return
    names = agencies[AGENCIES.cols.agency].dropna()
    by_key = {str(n).strip().casefold(): n for n in names}
    known = set(names)
    for sheet_name, header in AGENCY_COLUMNS:
        frame = frame_of(book, sheet_name)
        if frame is None:
            continue
        values = frame[header]
        unknown = values.notna() & ~values.isin(known)
        for problem in problems_where(
            frame,
            unknown,
            sheet_name,
            header,
            '"{value}" is not an agency on the Agencies sheet.',
            "Choose the agency from the dropdown, or add it to the Agencies sheet first.",
            WARNING,
            "unknown-agency",
        ):
            near = by_key.get(str(problem.value).strip().casefold())
            if near is not None:
                from dataclasses import replace

                problem = replace(problem, fix=f'Type it exactly as "{near}".')
            yield problem


def id_holds_name(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """A Youth ID must not contain the youth's name: IDs go into file names and logs."""
    youths = frame_of(book, "Youths")
    if youths is None:
        return
    ids = text_key(youths[YOUTHS.cols.youth_id]).fillna("")
    hits = pd.Series(False, index=youths.index)
    for header in (YOUTHS.cols.first_name, YOUTHS.cols.last_name):
        names = text_key(youths[header]).fillna("")
        long_enough = names.str.len() >= 3
        contains = [n in i for i, n in zip(ids, names, strict=True)]
        hits |= long_enough & pd.Series(contains, index=youths.index)
    for problem in problems_where(
        youths,
        hits,
        "Youths",
        YOUTHS.cols.youth_id,
        "",
        "",
        ERROR,
        "id-holds-name",
    ):
        yield Problem(
            problem.sheet,
            problem.row,
            problem.column,
            problem.value,
            "This Youth ID contains the youth's name; Youth IDs appear in file names and logs.",
            ERROR,
            "Give the youth a code without the name (e.g. Y-0123) and change it on the "
            "Referrals, Meetings and YWSP rows too.",
            "id-holds-name",
        )


def duplicate_youths(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """The same youth under two Youth IDs: similar names and the same or a near birth date."""
    youths = frame_of(book, "Youths")
    if youths is None:
        return
    pairs = _candidate_pairs(youths)
    if pairs.empty:
        return
    from rapidfuzz import fuzz
    from rapidfuzz.process import cpdist

    names = _full_names(youths)
    left = names.loc[pairs["row_a"]].tolist()
    right = names.loc[pairs["row_b"]].tolist()
    sort_score = cpdist(left, right, scorer=fuzz.token_sort_ratio, workers=1)
    set_score = cpdist(left, right, scorer=fuzz.token_set_ratio, workers=1)
    score = np.maximum(sort_score, set_score)
    usable = np.array([bool(a) and bool(b) for a, b in zip(left, right, strict=True)])
    pairs = pairs[(score >= SIMILAR_NAMES) & usable]
    pairs = pairs.assign(
        exact=[
            a == b
            for a, b in zip(names.loc[pairs["row_a"]], names.loc[pairs["row_b"]], strict=True)
        ]
    )
    ids = youths[YOUTHS.cols.youth_id]
    for row_a, row_b, same_day, exact in pairs[["row_a", "row_b", "same_day", "exact"]].itertuples(
        index=False
    ):
        first_id, second_id = ids.loc[row_a], ids.loc[row_b]
        certain = bool(same_day and exact)
        how = "the same name and birth date" if certain else "similar names and near birth dates"
        yield Problem(
            "Youths",
            int(row_b),
            YOUTHS.cols.youth_id,
            None if second_id is pd.NA else second_id,
            f"Youth ID {_id(second_id)} (row {row_b}) and Youth ID {_id(first_id)} (row {row_a}) "
            f"have {how}: they may be the same youth entered twice.",
            ERROR if certain else WARNING,
            "If they are the same youth, keep one Youth ID, move the other's Referrals, "
            "Meetings and YWSP rows to it, and delete the extra row.",
            "duplicate-youth",
        )


def same_name_no_birth_date(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Two youths with the same name where one has no Date of Birth to tell them apart."""
    youths = frame_of(book, "Youths")
    if youths is None:
        return
    missing = youths[YOUTHS.cols.date_of_birth].isna()
    if not missing.any():
        return
    keys = _full_names(youths).map(lambda name: " ".join(sorted(name.split())))
    table = pd.DataFrame(
        {"row": youths.index.to_numpy(), "key": keys.to_numpy(), "missing": missing.to_numpy()}
    )
    table = table[table["key"] != ""]
    pairs = table.merge(table, on="key", suffixes=("_a", "_b"))
    pairs = pairs[(pairs["row_a"] < pairs["row_b"]) & (pairs["missing_a"] | pairs["missing_b"])]
    ids = youths[YOUTHS.cols.youth_id]
    for row_a, row_b in pairs[["row_a", "row_b"]].itertuples(index=False):
        second_id = ids.loc[row_b]
        yield Problem(
            "Youths",
            int(row_b),
            YOUTHS.cols.youth_id,
            None if second_id is pd.NA else second_id,
            f"Youth ID {_id(second_id)} (row {row_b}) and Youth ID {_id(ids.loc[row_a])} "
            f"(row {row_a}) have the same name and a Date of Birth is missing: they may be "
            f"the same youth entered twice.",
            WARNING,
            "Fill in the Date of Birth; if they are the same youth, keep one Youth ID and "
            "move the other's Referrals, Meetings and YWSP rows to it.",
            "duplicate-youth",
        )


def _id(value: object) -> str:
    return "(blank)" if value is pd.NA or value is None else shown_id(value)


def _full_names(youths: pd.DataFrame) -> pd.Series:
    first = youths[YOUTHS.cols.first_name].map(name_key, na_action="ignore").fillna("")
    last = youths[YOUTHS.cols.last_name].map(name_key, na_action="ignore").fillna("")
    return (first + " " + last).str.strip()


def _candidate_pairs(youths: pd.DataFrame) -> pd.DataFrame:
    """Row pairs whose birth dates match or differ by a typical slip; vectorised by a join."""
    born = youths[YOUTHS.cols.date_of_birth].dropna()
    born = born[(born.dt.year > 1900) & (born.dt.year < 2200)]  # leave room for the variants
    if born.empty:
        return pd.DataFrame(columns=["row_a", "row_b", "same_day"])
    home = pd.DataFrame({"row_b": born.index.to_numpy(), "date": born.to_numpy()})
    variants = [born, born - pd.Timedelta(days=1), born + pd.Timedelta(days=1)]
    variants.append(born - pd.DateOffset(years=1))
    variants.append(born + pd.DateOffset(years=1))
    swappable = born[(born.dt.day <= 12) & (born.dt.day != born.dt.month)]
    swapped = pd.to_datetime(
        pd.DataFrame(
            {"year": swappable.dt.year, "month": swappable.dt.day, "day": swappable.dt.month}
        ),
        errors="coerce",
    )
    variants.append(swapped.dropna())
    probes = pd.concat(
        [
            pd.DataFrame({"row_a": v.index.to_numpy(), "date": v.to_numpy(), "same_day": i == 0})
            for i, v in enumerate(variants)
        ],
        ignore_index=True,
    )
    pairs = probes.merge(home, on="date")
    pairs = pairs[pairs["row_a"] < pairs["row_b"]]
    pairs = pairs.sort_values("same_day", ascending=False)
    return pairs.drop_duplicates(subset=["row_a", "row_b"]).sort_values(["row_b", "row_a"])

"""Shared pieces of the generator: days as numbers, name pools, typed frames.

Dates are handled as whole days relative to ``today`` (negative = past) in
numpy arrays, because calling Faker or building Timestamps row by row is what
would make 3,000 youths slow. Only at the end do they become the typed frames
``safetynet.tables`` would have produced from a workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..schema import Kind, Sheet
from ..tables import dtype_of

NO_DAY = np.iinfo(np.int64).min  # a missing date in a day-offset array


@dataclass(frozen=True)
class Clock:
    """Converts between day offsets (relative to today) and real dates."""

    today: dt.date

    def dates(self, offsets: np.ndarray) -> np.ndarray:
        """Day offsets to datetime64[D]; NO_DAY becomes NaT."""
        offsets = np.asarray(offsets, dtype=np.int64)
        base = np.datetime64(self.today, "D")
        out = base + np.where(offsets == NO_DAY, 0, offsets).astype("timedelta64[D]")
        out[offsets == NO_DAY] = np.datetime64("NaT")
        return out

    def offset(self, day: dt.date) -> int:
        return (day - self.today).days

    def weekday_on_or_before(self, offsets: np.ndarray, weekday: int) -> np.ndarray:
        """Move each day back to the nearest ``weekday`` (Monday = 0) on or before it."""
        current = (np.asarray(offsets) + self.today.weekday()) % 7
        return np.asarray(offsets) - (current - weekday) % 7


@dataclass(frozen=True)
class NamePools:
    """Faker's en_US name lists (invented people), with their frequencies."""

    female: tuple[str, ...]
    male: tuple[str, ...]
    neutral: tuple[str, ...]
    last: tuple[str, ...]
    last_weights: np.ndarray


@lru_cache(maxsize=1)
def name_pools() -> NamePools:
    from faker.providers.person.en_US import Provider

    last_weights = np.array(list(Provider.last_names.values()), dtype=float)
    return NamePools(
        female=tuple(Provider.first_names_female),
        male=tuple(Provider.first_names_male),
        neutral=tuple(Provider.first_names_nonbinary),
        last=tuple(Provider.last_names),
        last_weights=last_weights / last_weights.sum(),
    )


def pick(
    rng: np.random.Generator, choices: Sequence[Any], size: int, p: Sequence[float] | None = None
) -> np.ndarray:
    """``size`` values from ``choices`` as an object array (weights normalised)."""
    values = np.empty(len(choices), dtype=object)
    values[:] = list(choices)
    if p is not None:
        weights = np.asarray(p, dtype=float)
        p = weights / weights.sum()
    return values[rng.choice(len(choices), size=size, p=p)]


def full_names(rng: np.random.Generator, size: int, taken: set[str] | None = None) -> list[str]:
    """Distinct invented adult names (staff, contacts), none already in ``taken``."""
    pools = name_pools()
    taken = set() if taken is None else taken
    names: list[str] = []
    while len(names) < size:
        need = size - len(names)
        female = rng.random(need) < 0.6
        firsts = np.where(female, pick(rng, pools.female, need), pick(rng, pools.male, need))
        lasts = pick(rng, pools.last, need, pools.last_weights)
        for first, last in zip(firsts, lasts, strict=True):
            name = f"{first} {last}"
            if name not in taken and len(names) < size:
                taken.add(name)
                names.append(name)
    return names


def email_for(name: str, domain: str) -> str:
    first, _, last = name.partition(" ")
    return f"{first[0]}{last}".lower().replace("'", "") + f"@{domain}"


def domain_for(agency: str) -> str:
    """A clearly fictional address: the reserved .example top-level domain."""
    words = [w for w in agency.replace("'", "").split() if w[0].isalnum()]
    stem = "".join(w[0] for w in words).lower() if len(words) > 2 else "".join(words).lower()
    return f"{stem}.example"


def typed_frame(sheet: Sheet, columns: Mapping[str, Any], rows: int) -> pd.DataFrame:
    """A frame with exactly the dtypes and row index ``safetynet.tables`` gives a read sheet.

    Columns not given are blank. Day-offset columns must already be datetime64.
    """
    data: dict[str, pd.Series] = {}
    for column in sheet.columns:
        dtype = dtype_of(column)
        values = columns.get(column.header)
        if values is None:
            data[column.header] = pd.Series([None] * rows, dtype=dtype)
        elif column.kind is Kind.DATE:
            data[column.header] = pd.Series(np.asarray(values)).astype(dtype)
        else:
            data[column.header] = pd.Series(pd.array(np.asarray(values, dtype=object), dtype=dtype))
    frame = pd.DataFrame(data)
    frame.index = pd.Index(np.arange(2, rows + 2, dtype=np.int64), name="row")
    return frame


def yes_no(flags: np.ndarray, blank: np.ndarray | None = None) -> np.ndarray:
    """Booleans to an object array of True/False, with None where ``blank``."""
    out = np.asarray(flags, dtype=bool).astype(object)
    if blank is not None:
        out[np.asarray(blank, dtype=bool)] = None
    return out


def texts(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Keep the text where ``keep``, blank elsewhere."""
    out = np.asarray(values, dtype=object).copy()
    out[~np.asarray(keep, dtype=bool)] = None
    return out

"""New IDs in the workbook's own pattern: after Y-0412 comes Y-0413, never one already used."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..schema import REFERRALS, YOUTHS, Sheet

_PATTERN = re.compile(r"^(.*?)(\d+)$")
# The pattern of an empty workbook: the one the schema's help text shows.
DEFAULTS: dict[str, tuple[str, str, int]] = {
    YOUTHS.name: (YOUTHS.cols.youth_id, "Y-", 4),
    REFERRALS.name: (REFERRALS.cols.referral_id, "R-", 5),
}


@dataclass
class IdMaker:
    header: str
    prefix: str
    width: int
    number: int = 0
    used: set[str] = field(default_factory=set)

    @classmethod
    def for_sheet(cls, sheet: Sheet, frame: pd.DataFrame | None) -> IdMaker | None:
        """The maker for a sheet whose rows carry a made ID (Youths, Referrals), else None."""
        if sheet.name not in DEFAULTS:
            return None
        header, prefix, width = DEFAULTS[sheet.name]
        existing = [] if frame is None else [str(v) for v in frame[header].dropna()]
        return cls.from_ids(header, existing, prefix, width)

    @classmethod
    def from_ids(cls, header: str, existing: Iterable[str], prefix: str, width: int) -> IdMaker:
        existing = [e.strip() for e in existing if e and e.strip()]
        shapes = Counter()
        for value in existing:
            found = _PATTERN.match(value)
            if found:
                shapes[(found.group(1), len(found.group(2)))] += 1
        if shapes:
            prefix, width = shapes.most_common(1)[0][0]
        numbers = [
            int(m.group(2)) for v in existing if (m := _PATTERN.match(v)) and m.group(1) == prefix
        ]
        maker = cls(header, prefix, width, max(numbers, default=0))
        maker.reserve(existing)
        return maker

    def reserve(self, values: Iterable[Any]) -> None:
        """IDs the source brings with it: never made again."""
        for value in values:
            if value:
                self.used.add(str(value).strip().casefold())

    def next(self) -> str:
        while True:
            self.number += 1
            made = f"{self.prefix}{self.number:0{self.width}d}"
            if made.casefold() not in self.used:
                self.used.add(made.casefold())
                return made


def compact_ids(ids: list[str]) -> list[str]:
    """Runs of consecutive IDs as one "Y-0001 to Y-3000", so the Log cell stays short.

    (An Excel cell holds at most 32,767 characters; a large import's IDs one by
    one would not fit.)
    """
    out: list[str] = []
    run: list[tuple[str, int, str]] = []

    def flush() -> None:
        if run:
            out.append(run[0][2] if len(run) == 1 else f"{run[0][2]} to {run[-1][2]}")
            run.clear()

    for value in ids:
        found = _PATTERN.match(value)
        if found is None:
            flush()
            out.append(value)
            continue
        prefix, number = found.group(1), int(found.group(2))
        if run and (run[-1][0] != prefix or run[-1][1] + 1 != number):
            flush()
        run.append((prefix, number, value))
    flush()
    return out

"""When a release is current, and what it lets an agency see."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from safetynet.core.releases import (
    current_rows,
    expiring_soon,
    identified_by_agency,
    released_to,
)
from safetynet.schema import RELEASES

MEETING = dt.date(2026, 3, 4)


def releases(*rows):
    return pd.DataFrame([dict(zip(RELEASES.headers, r, strict=True)) for r in rows])


def d(text):
    return pd.Timestamp(text) if text else None


BOOK = releases(
    ("Y-1", "Probation Department", d("2026-01-10"), d("2026-07-10"), None, "Identifying", None),
    ("Y-2", "Probation Department", d("2026-03-05"), d("2026-09-01"), None, "Identifying", None),
    ("Y-3", "Probation Department", d("2025-01-01"), d("2026-03-03"), None, "Identifying", None),
    ("Y-4", "Probation Department", d("2026-01-01"), d("2026-12-31"), d("2026-03-01"),
     "Identifying", None),
    ("Y-5", "probation department ", d("2026-01-01"), d("2026-03-04"), None, "Identifying", None),
    ("Y-6", "Probation Department", d("2026-01-01"), d("2026-12-31"), None, "Non-identifying",
     None),
    ("Y-7", "Public Defender", d("2026-01-01"), d("2026-12-31"), d("2026-03-05"),
     "Identifying", None),
)  # fmt: skip


def test_a_release_is_current_when_signed_not_expired_and_not_revoked():
    current = set(current_rows(BOOK, MEETING)[RELEASES.cols.youth_id])
    # Y-2 is signed after the meeting, Y-3 expired the day before, Y-4 was revoked before it;
    # Y-5 expires on the day itself (still current), Y-7 is revoked only after it.
    assert current == {"Y-1", "Y-5", "Y-6", "Y-7"}


def test_only_identifying_releases_let_an_agency_see_a_youth_and_names_match_loosely():
    by_agency = identified_by_agency(BOOK, MEETING)
    assert by_agency == {
        "probation department": frozenset({"Y-1", "Y-5"}),
        "public defender": frozenset({"Y-7"}),
    }
    assert released_to(BOOK, "PROBATION  Department", ["Y-6", "Y-5", "Y-1"], MEETING) == [
        "Y-5",
        "Y-1",
    ]
    assert released_to(None, "Probation Department", ["Y-1"], MEETING) == []


def test_releases_expiring_within_thirty_days_are_found():
    soon = set(expiring_soon(BOOK, MEETING)[RELEASES.cols.youth_id])
    assert soon == {"Y-5"}
    assert set(expiring_soon(BOOK, dt.date(2026, 6, 15))[RELEASES.cols.youth_id]) == {"Y-1"}

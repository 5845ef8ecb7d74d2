"""Releases of information: which agency may see which youth's identifying details, on a day.

A release is *current* on a day when it was signed on or before that day, has
not expired (its Expires day is that day or later) and has not been revoked
(no Revoked day on or before that day). Only a current release of scope
Identifying lets an agency's packet name the youth. Agencies are matched by
name without case or extra spaces, as staff type them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from ..schema import RELEASES

IDENTIFYING = "Identifying"
EXPIRY_WARNING_DAYS = 30


def agency_key(name: object) -> str:
    """An agency name as compared: case, spaces and a trailing full stop do not matter."""
    return " ".join(str(name or "").split()).casefold().rstrip(".")


def _day(value: object) -> pd.Timestamp | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        return pd.Timestamp(value).normalize()
    except (TypeError, ValueError):
        return None


def _days(column: pd.Series) -> list[pd.Timestamp | None]:
    return [_day(value) for value in column.tolist()]


def current_rows(releases: pd.DataFrame | None, on: dt.date) -> pd.DataFrame:
    """The rows of the Releases sheet current on ``on`` (any scope)."""
    if releases is None or len(releases) == 0:
        return pd.DataFrame(columns=RELEASES.headers)
    day = pd.Timestamp(on).normalize()
    cols = RELEASES.cols
    signed = _days(releases[cols.signed])
    expires = _days(releases[cols.expires])
    revoked = _days(releases[cols.revoked])
    current = [
        s is not None and s <= day and e is not None and e >= day and (r is None or r > day)
        for s, e, r in zip(signed, expires, revoked, strict=True)
    ]
    return releases[pd.Series(current, index=releases.index, dtype=bool)]


def identified_by_agency(releases: pd.DataFrame | None, on: dt.date) -> dict[str, frozenset[str]]:
    """For each agency (by ``agency_key``), the Youth IDs with a current Identifying release."""
    rows = current_rows(releases, on)
    cols = RELEASES.cols
    found: dict[str, set[str]] = {}
    for agency, youth, scope in zip(
        rows[cols.agency], rows[cols.youth_id], rows[cols.scope], strict=True
    ):
        if str(scope or "").strip().casefold() == IDENTIFYING.casefold() and str(youth or ""):
            found.setdefault(agency_key(agency), set()).add(str(youth).strip())
    return {agency: frozenset(ids) for agency, ids in found.items()}


def released_to(
    releases: pd.DataFrame | None, agency: str, youth_ids: Iterable[str], on: dt.date
) -> list[str]:
    """Those of ``youth_ids`` that ``agency`` may see in full on ``on``, in the order given."""
    allowed = identified_by_agency(releases, on).get(agency_key(agency), frozenset())
    return [y for y in youth_ids if y in allowed]


def expiring_soon(
    releases: pd.DataFrame | None, on: dt.date, days: int = EXPIRY_WARNING_DAYS
) -> pd.DataFrame:
    """Current releases whose Expires day falls within ``days`` days after ``on``."""
    rows = current_rows(releases, on)
    if len(rows) == 0:
        return rows
    day = pd.Timestamp(on).normalize()
    expires = _days(rows[RELEASES.cols.expires])
    soon = [e is not None and e <= day + pd.Timedelta(days=days) for e in expires]
    return rows[pd.Series(soon, index=rows.index, dtype=bool)]


def release_rule(settings: dict) -> str:
    """The table's rule on sharing, in one sentence, for the MOU and the confidentiality form."""
    from ..schema import SET

    value = settings.get(SET.require_releases)
    required = value is True or str(value or "").strip().upper() in ("Y", "YES", "TRUE")
    if required:
        return (
            "Releases of information: a partner agency receives a youth's name and other "
            "identifying details only while that youth (and, for a minor, a guardian) has a "
            "current, signed, time-limited release to that agency; every other youth appears "
            "in that agency's packet, and is discussed, without identifying details."
        )
    return (
        "Releases of information: every partner agency at the table receives the full case "
        "review packet; what it learns is confidential and may be used only for the youths' "
        "safety and services."
    )

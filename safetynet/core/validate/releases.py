"""Releases of information: warnings before the packet is printed.

Two warnings, never errors (the packet still prints, de-identifying whoever
has no release): a youth on the Agenda without a current Identifying release
to an agency at the table, when Require Releases is Y; and a current release
that expires within 30 days of the next meeting, so staff can renew it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

import pandas as pd

from ...model import Problem, Workbook
from ...schema import AGENDA_SHEET, MEMBERS, RELEASES, SET, YOUTHS
from ..releases import EXPIRY_WARNING_DAYS, agency_key, expiring_soon, identified_by_agency
from .common import WARNING, frame_of


def releases_required(settings: dict) -> bool:
    value = settings.get(SET.require_releases)
    return value is True or str(value or "").strip().upper() in ("Y", "YES", "TRUE")


def next_meeting(book: Workbook, today: dt.date) -> dt.date:
    """The next meeting day from the Meeting Weekday setting (today + 7 if it is unreadable)."""
    from ...model import SafetyNetError
    from ..agenda import next_meeting_date

    try:
        return next_meeting_date(today, str(book.settings.get(SET.meeting_weekday) or ""))
    except SafetyNetError:  # Validate reports the setting itself
        return today + dt.timedelta(days=7)


def releases_expiring(book: Workbook, today: dt.date) -> Iterator[Problem]:
    """Releases that expire within 30 days of the next meeting: those current on it, and
    those current today that lapse before it (renewed in time, the packet can still name
    the youth)."""
    releases = frame_of(book, RELEASES.name)
    if releases is None:
        return
    meeting = next_meeting(book, today)
    cols = RELEASES.cols
    before = expiring_soon(releases, today, max((meeting - today).days - 1, 0))
    soon = expiring_soon(releases, meeting, EXPIRY_WARNING_DAYS)
    rows = pd.concat([before, soon[~soon.index.isin(before.index)]]).sort_index()
    for row, expires, agency in zip(rows.index, rows[cols.expires], rows[cols.agency], strict=True):
        day = pd.Timestamp(expires)
        when = (
            f"before the next meeting ({meeting.day} {meeting:%b %Y})"
            if day.date() < meeting
            else f"within {EXPIRY_WARNING_DAYS} days of the next meeting"
        )
        yield Problem(
            RELEASES.name,
            int(row),
            cols.expires,
            day.date(),
            f"This release to {agency} expires on {day.day} {day:%b %Y}, {when}.",
            WARNING,
            "Ask the youth (and guardian) whether to renew it, and type the new release on a "
            "row of its own.",
            "release-expiring",
        )


def agenda_without_releases(
    book: Workbook, today: dt.date, agenda_ids: Sequence[str], meeting: dt.date | None = None
) -> list[Problem]:
    """Agenda youths some agency at the table may not see in full (Require Releases = Y)."""
    if not releases_required(book.settings) or not agenda_ids:
        return []
    meeting = meeting or next_meeting(book, today)
    agencies = _agencies_at_table(book)
    allowed = identified_by_agency(book.frames.get(RELEASES.name), meeting)
    problems = []
    for youth_id in agenda_ids:
        missing = [a for a in agencies if youth_id not in allowed.get(agency_key(a), ())]
        if not missing:
            continue
        problems.append(
            Problem(
                AGENDA_SHEET,
                None,
                YOUTHS.cols.youth_id,
                youth_id,
                f"Youth {youth_id} is on the agenda without a current release of information "
                f"to {_which(missing, agencies)}.",
                WARNING,
                "If the youth (and guardian) agree, record a signed Identifying release on the "
                "Releases sheet before printing; otherwise nothing to do.",
                "agenda-no-release",
            )
        )
    return problems


_LISTED = 3  # more agencies than this read as a count, not a list of names


def _which(missing: Sequence[str], agencies: Sequence[str]) -> str:
    """The agencies without a release, and what that means for their packets, briefly: a
    table of fifteen agencies should not read fifteen names on every agenda youth's line."""
    if len(missing) == 1:
        return f"{missing[0]}: that packet will show the youth without identifying details"
    if len(missing) <= _LISTED:
        return (
            f"{', '.join(missing)}: those packets will show the youth without identifying details"
        )
    released = [a for a in agencies if a not in missing]
    if not released:
        return (
            f"any of the {len(agencies)} agencies at the table: every packet but the lead "
            f"agency's will show the youth without identifying details"
        )
    return (
        f"{len(missing)} of the {len(agencies)} agencies at the table (only "
        f"{_and(released)} {'has' if len(released) == 1 else 'have'} one): their packets "
        f"will show the youth without identifying details"
    )


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _agencies_at_table(book: Workbook) -> list[str]:
    """Agencies with an active member, except the lead agency (its copy is complete)."""
    members = frame_of(book, MEMBERS.name)
    if members is None:
        return []
    active = members[members[MEMBERS.cols.active].fillna(False).astype(bool)]
    lead = agency_key(book.settings.get(SET.lead_agency))
    found: dict[str, str] = {}
    for agency in active[MEMBERS.cols.agency].dropna():
        name = " ".join(str(agency).split())
        if name and agency_key(name) != lead:
            found.setdefault(agency_key(name), name)
    return [found[k] for k in sorted(found)]


def agenda_ids(grid: Iterable[Iterable[object]] | None) -> tuple[list[str], dt.date | None]:
    """The Youth IDs and meeting date of the Agenda sheet as staff left it ([] if unreadable)."""
    if not grid:
        return [], None
    from ...model import SafetyNetError
    from ..agenda_sheet import read_agenda_grid

    try:
        edited = read_agenda_grid([list(row) for row in grid])
    except SafetyNetError:
        return [], None
    return [row.youth_id for row in edited.rows], edited.meeting_date

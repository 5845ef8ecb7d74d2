"""What each document says, as plain dicts a Word template can fill.

Pure: frames and settings in, nested dicts of display strings out. Every value
is already formatted ("3 Dec 2026", "Yes", "—"), so templates never need
filters and staff editing them in Word only meet plain ``{{ field }}`` tags.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..computed import age_of
from ..display import day_month_year
from ..schema import (
    AGENCIES,
    LISTS,
    MEETINGS,
    MEMBERS,
    REFERRALS,
    RISK_FACTORS,
    SETTINGS,
    YOUTHS,
    YWSP,
    Sheet,
)
from . import review_status
from .agenda_sheet import EditedRow
from .releases import release_rule

BLANK = "—"
SECTIONS: tuple[str, ...] = LISTS["Section"]
RECENT_REFERRAL_DAYS = 180  # closed referrals younger than this still show on the face sheet
RECENT_CLOSED_SHOWN = 4  # of those, how many (the newest); every open referral shows
LAST_REVIEWS = review_status.LAST_REVIEWS


def format_date(value: Any) -> str:
    """``3 Dec 2026``: unambiguous on both sides of the Atlantic; blank as a dash."""
    if value is None or value is pd.NaT or value is pd.NA:
        return BLANK
    try:
        if pd.isna(value):
            return BLANK
    except (TypeError, ValueError):
        pass
    return day_month_year(pd.Timestamp(value))


def display(value: Any) -> str:
    """Any cell value as the text a reader should see."""
    if value is None or value is pd.NA or value is pd.NaT:
        return BLANK
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (pd.Timestamp, dt.date)):
        return format_date(value)
    try:
        if pd.isna(value):
            return BLANK
    except (TypeError, ValueError):
        pass
    text = clean_text(str(value))
    return text if text else BLANK


_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\n\t")
_CONTROL[0x0B] = "\n"  # Excel's line break in some exports


def clean_text(text: str) -> str:
    """Keep line breaks, drop control characters that Word files cannot hold."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL).strip()


_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {}


def _fields(sheet: Sheet) -> tuple[tuple[str, str], ...]:
    """(field, header) pairs, worked out once per sheet (a packet formats thousands of cells)."""
    if sheet.name not in _FIELDS:
        _FIELDS[sheet.name] = tuple((c.field, c.header) for c in sheet.columns)
    return _FIELDS[sheet.name]


def record(sheet: Sheet, row: Any) -> dict[str, str]:
    """One frame row (a namedtuple-like or dict) as {field: display text}."""
    get = row.get if isinstance(row, dict) else (lambda h: getattr(row, h, None))
    return {name: display(get(header)) for name, header in _fields(sheet)}


def settings_context(settings: dict[str, Any]) -> dict[str, str]:
    return {s.field: display(settings.get(s.label, s.default)) for s in SETTINGS}


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records")


def _is_yes(value: Any) -> bool:
    return value is True or (value is not pd.NA and value is not None and bool(value) is True)


@dataclass(frozen=True)
class FaceSheetData:
    """The rows of every sheet that mention the youths on one agenda, fetched once."""

    youths: dict[str, dict[str, Any]]
    referrals: dict[str, list[dict[str, Any]]]
    meetings: dict[str, list[dict[str, Any]]]
    ywsp: dict[str, list[dict[str, Any]]]


def _by_youth(frame: pd.DataFrame | None, ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if frame is None or frame.empty:
        return out
    picked = frame[frame[REFERRALS.cols.youth_id].isin(list(ids)).fillna(False)]
    for row in _rows(picked):
        out[row[REFERRALS.cols.youth_id]].append(row)
    return out


def gather(frames: dict[str, pd.DataFrame], youth_ids: Iterable[str]) -> FaceSheetData:
    """Pick the agenda youths' rows out of the whole workbook in one pass per sheet.

    A 3,000-youth workbook stays fast because each sheet is filtered once,
    not once per youth.
    """
    ids = set(youth_ids)
    youths = frames[YOUTHS.name]
    picked = youths[youths[REFERRALS.cols.youth_id].isin(list(ids)).fillna(False)]
    by_id: dict[str, dict[str, Any]] = {}
    for row in _rows(picked):
        by_id.setdefault(
            row[REFERRALS.cols.youth_id], row
        )  # the first row wins if an ID is doubled
    return FaceSheetData(
        youths=by_id,
        referrals=_by_youth(frames.get(REFERRALS.name), ids),
        meetings=_by_youth(frames.get(MEETINGS.name), ids),
        ywsp=_by_youth(frames.get(YWSP.name), ids),
    )


def _age(birth: Any, on: dt.date) -> str:
    age = age_of(birth, on)
    return BLANK if age is None else str(age)


def youth_context(row: dict[str, Any], today: dt.date) -> dict[str, str]:
    youth = record(YOUTHS, row)
    names = [row.get(YOUTHS.cols.first_name), row.get(YOUTHS.cols.last_name)]
    youth["name"] = " ".join(str(n) for n in names if n is not None and n is not pd.NA) or BLANK
    youth["age"] = _age(row.get(YOUTHS.cols.date_of_birth), today)
    return youth


def _date_key(value: Any) -> pd.Timestamp:
    if value is None or value is pd.NaT or pd.isna(value):
        return pd.Timestamp.min
    return pd.Timestamp(value)


def referral_rows(rows: Sequence[dict[str, Any]], today: dt.date) -> list[dict[str, str]]:
    """Open referrals, and the newest closed ones from the last months, newest first.

    Every open (Pending or blank) referral shows: the table acts on those. Of
    the settled ones (Connected, Declined, Closed) from the last
    RECENT_REFERRAL_DAYS, the RECENT_CLOSED_SHOWN newest show, so a youth with
    a long history still gets a one-page face sheet; ``referrals_more`` says
    how many were left to the Referrals sheet.
    """
    return [record(REFERRALS, r) for r in _shown_referrals(rows, today)[0]]


def _shown_referrals(
    rows: Sequence[dict[str, Any]], today: dt.date
) -> tuple[list[dict[str, Any]], int]:
    since = pd.Timestamp(today) - pd.Timedelta(days=RECENT_REFERRAL_DAYS)
    status_of = REFERRALS.cols.status
    open_rows, settled = [], []
    for row in rows:
        status = row.get(status_of)
        if status is pd.NA or status is None or status == "Pending":
            open_rows.append(row)
            continue
        latest = max(
            _date_key(row.get(REFERRALS.cols.referral_date)),
            _date_key(row.get(REFERRALS.cols.outcome_date)),
        )
        if latest >= since:
            settled.append(row)

    def newest_first(chosen: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(
            chosen,
            key=lambda r: (
                _date_key(r.get(REFERRALS.cols.referral_date)),
                str(r.get(REFERRALS.cols.referral_id)),
            ),
            reverse=True,
        )

    settled = newest_first(settled)
    shown = newest_first(open_rows + settled[:RECENT_CLOSED_SHOWN])
    return shown, max(len(settled) - RECENT_CLOSED_SHOWN, 0)


def referrals_more(rows: Sequence[dict[str, Any]], today: dt.date) -> str:
    """A sentence for the settled referrals left off the face sheet; blank when none were."""
    left = _shown_referrals(rows, today)[1]
    if not left:
        return ""
    many = left > 1
    return (
        f"{left} more settled referral{'s' if many else ''} from the last "
        f"{RECENT_REFERRAL_DAYS // 30} months {'are' if many else 'is'} on the Referrals sheet."
    )


def review_rows(rows: Sequence[dict[str, Any]], before: dt.date) -> list[dict[str, str]]:
    """The last reviews before this meeting and older ones still overdue, newest first.

    Each carries ``action_state`` (Done, Open, OVERDUE) so the overdue ones stand out.
    """
    return [
        {**record(MEETINGS, r), "action_state": review_status.action_state(r, before)}
        for r in review_status.reviews_to_show(rows, before)
    ]


def ywsp_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    ordered = sorted(rows, key=lambda r: _date_key(r.get(YWSP.cols.start_date)), reverse=True)
    return [record(YWSP, r) for r in ordered]


def risk_factors_present(row: dict[str, Any]) -> list[str]:
    return [r for r in RISK_FACTORS if _is_yes(row.get(f"Risk: {r}"))]


def face_sheet_context(
    data: FaceSheetData,
    youth_id: str,
    *,
    meeting_date: dt.date,
    settings: dict[str, Any],
    section: str = "",
    reasons: str = "",
    copy_label: str = "",
) -> dict[str, Any]:
    """Everything the face sheet of one youth shows, ready for the template."""
    row = data.youths[youth_id]
    meetings = data.meetings.get(youth_id, [])
    referrals = data.referrals.get(youth_id, [])
    risks = risk_factors_present(row)
    return {
        "settings": settings_context(settings),
        "meeting_date": format_date(meeting_date),
        "copy_label": copy_label,
        "section": section or BLANK,
        "reasons": reasons or BLANK,
        "youth": youth_context(row, meeting_date),
        "risk_factors": risks,
        "risk_factors_text": ", ".join(risks) if risks else "None recorded",
        "referrals": referral_rows(referrals, meeting_date),
        "referrals_more": referrals_more(referrals, meeting_date),
        **review_status.plan_fields(meetings, meeting_date, display),
        "reviews": review_rows(meetings, meeting_date),
        "ywsp": ywsp_rows(data.ywsp.get(youth_id, [])),
        "release_note": "",  # per-agency packets say here why details are shown or withheld
    }


def default_section(data: FaceSheetData, youth_id: str, meeting_date: dt.date) -> str:
    """The section a youth belongs in when staff left it blank on the Agenda sheet."""
    earlier = [
        r
        for r in data.meetings.get(youth_id, [])
        if _date_key(r.get(MEETINGS.cols.meeting_date)) < pd.Timestamp(meeting_date)
    ]
    if not earlier:
        return "New case"
    if data.youths[youth_id].get(YOUTHS.cols.custody_status) == "In custody":
        return "In custody"
    return "Out of custody"


def printed_order(items: Sequence[EditedRow]) -> list[EditedRow]:
    """Section by section (new, in custody, out of custody), staff's order within each.

    The agenda and the face sheets behind it follow this one order, so page
    N of the packet is line N of the agenda.
    """
    rank = {name: n for n, name in enumerate(SECTIONS)}
    return sorted(items, key=lambda i: (rank.get(i.section, len(rank)), i.section, i.order))


def agenda_context(
    items: Sequence[EditedRow],
    data: FaceSheetData,
    *,
    meeting_date: dt.date,
    settings: dict[str, Any],
    copy_label: str = "",
) -> dict[str, Any]:
    """The agenda: youths grouped by section, numbered in the order they are printed."""
    sections: list[dict[str, Any]] = []
    for number, item in enumerate(printed_order(items), start=1):
        if not sections or sections[-1]["name"] != item.section:
            sections.append({"name": item.section, "youths": []})
        sections[-1]["youths"].append(
            {
                "number": str(number),
                "youth_id": item.youth_id,
                "name": youth_context(data.youths[item.youth_id], meeting_date)["name"],
                "reasons": item.reasons or BLANK,
            }
        )
    return {
        "settings": settings_context(settings),
        "meeting_date": format_date(meeting_date),
        "copy_label": copy_label,
        "youth_count": str(len(items)),
        "sections": sections,
        "release_note": "",  # per-agency packets say here whom they de-identify, and why
    }


def active_members(members: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Active members, by agency then name, so the sign-in sheet reads like the table."""
    if members is None or members.empty:
        return []
    active = members[members[MEMBERS.cols.active].fillna(False).astype(bool)]
    rows = _rows(active)
    rows.sort(
        key=lambda r: (str(r.get(MEMBERS.cols.agency) or ""), str(r.get(MEMBERS.cols.name) or ""))
    )
    return rows


def form_on_file(member: dict[str, Any]) -> bool:
    signed = member.get(MEMBERS.cols.confidentiality_signed)
    return not (signed is None or signed is pd.NaT or pd.isna(signed))


def sign_in_context(
    members: pd.DataFrame | None,
    *,
    meeting_date: dt.date,
    settings: dict[str, Any],
    copy_label: str = "",
) -> dict[str, Any]:
    rows = []
    for member in active_members(members):
        entry = record(MEMBERS, member)
        entry["form_on_file"] = (
            f"Yes, signed {format_date(member.get(MEMBERS.cols.confidentiality_signed))}"
            if form_on_file(member)
            else "NO: sign the form before taking part"
        )
        rows.append(entry)
    return {
        "settings": settings_context(settings),
        "meeting_date": format_date(meeting_date),
        "copy_label": copy_label,
        "members": rows,
    }


def mou_context(
    agency: dict[str, Any], *, settings: dict[str, Any], today: dt.date
) -> dict[str, Any]:
    return {
        "settings": settings_context(settings),
        "today": format_date(today),
        "copy_label": "",
        "agency": record(AGENCIES, agency),
        "release_rule": release_rule(settings),
    }


def confidentiality_context(
    member: dict[str, Any], *, settings: dict[str, Any], today: dt.date
) -> dict[str, Any]:
    return {
        "settings": settings_context(settings),
        "today": format_date(today),
        "copy_label": "",
        "member": record(MEMBERS, member),
        "release_rule": release_rule(settings),
    }

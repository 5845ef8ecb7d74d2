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
from .agenda_sheet import EditedRow

BLANK = "—"
SECTIONS: tuple[str, ...] = LISTS["Section"]
RECENT_REFERRAL_DAYS = 180  # closed referrals younger than this still show on the face sheet
LAST_REVIEWS = 3  # how many earlier reviews a face sheet repeats


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
    picked = frame[frame["Youth ID"].isin(list(ids)).fillna(False)]
    for row in _rows(picked):
        out[row["Youth ID"]].append(row)
    return out


def gather(frames: dict[str, pd.DataFrame], youth_ids: Iterable[str]) -> FaceSheetData:
    """Pick the agenda youths' rows out of the whole workbook in one pass per sheet.

    A 3,000-youth workbook stays fast because each sheet is filtered once,
    not once per youth.
    """
    ids = set(youth_ids)
    youths = frames[YOUTHS.name]
    picked = youths[youths["Youth ID"].isin(list(ids)).fillna(False)]
    by_id: dict[str, dict[str, Any]] = {}
    for row in _rows(picked):
        by_id.setdefault(row["Youth ID"], row)  # the first row wins if an ID is doubled
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
    names = [row.get("First Name"), row.get("Last Name")]
    youth["name"] = " ".join(str(n) for n in names if n is not None and n is not pd.NA) or BLANK
    youth["age"] = _age(row.get("Date of Birth"), today)
    return youth


def _date_key(value: Any) -> pd.Timestamp:
    if value is None or value is pd.NaT or pd.isna(value):
        return pd.Timestamp.min
    return pd.Timestamp(value)


def referral_rows(rows: Sequence[dict[str, Any]], today: dt.date) -> list[dict[str, str]]:
    """Open referrals, and closed ones from the last months, newest first."""
    since = pd.Timestamp(today) - pd.Timedelta(days=RECENT_REFERRAL_DAYS)
    kept = []
    for row in rows:
        status = row.get("Status")
        is_open = status is pd.NA or status is None or status == "Pending"
        latest = max(_date_key(row.get("Referral Date")), _date_key(row.get("Outcome Date")))
        if is_open or latest >= since:
            kept.append(row)
    kept.sort(
        key=lambda r: (_date_key(r.get("Referral Date")), str(r.get("Referral ID"))), reverse=True
    )
    return [record(REFERRALS, r) for r in kept]


def review_rows(rows: Sequence[dict[str, Any]], before: dt.date) -> list[dict[str, str]]:
    """The last reviews before this meeting, newest first."""
    limit = pd.Timestamp(before)
    earlier = [r for r in rows if _date_key(r.get("Meeting Date")) < limit]
    earlier.sort(key=lambda r: _date_key(r.get("Meeting Date")), reverse=True)
    return [record(MEETINGS, r) for r in earlier[:LAST_REVIEWS]]


def ywsp_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    ordered = sorted(rows, key=lambda r: _date_key(r.get("Start Date")), reverse=True)
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
        "referrals": referral_rows(data.referrals.get(youth_id, []), meeting_date),
        "reviews": review_rows(data.meetings.get(youth_id, []), meeting_date),
        "ywsp": ywsp_rows(data.ywsp.get(youth_id, [])),
    }


def default_section(data: FaceSheetData, youth_id: str, meeting_date: dt.date) -> str:
    """The section a youth belongs in when staff left it blank on the Agenda sheet."""
    earlier = [
        r
        for r in data.meetings.get(youth_id, [])
        if _date_key(r.get("Meeting Date")) < pd.Timestamp(meeting_date)
    ]
    if not earlier:
        return "New case"
    if data.youths[youth_id].get("Custody Status") == "In custody":
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
    }


def active_members(members: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Active members, by agency then name, so the sign-in sheet reads like the table."""
    if members is None or members.empty:
        return []
    active = members[members["Active"].fillna(False).astype(bool)]
    rows = _rows(active)
    rows.sort(key=lambda r: (str(r.get("Agency") or ""), str(r.get("Name") or "")))
    return rows


def form_on_file(member: dict[str, Any]) -> bool:
    signed = member.get("Confidentiality Signed")
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
            f"Yes, signed {format_date(member.get('Confidentiality Signed'))}"
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
    }


def confidentiality_context(
    member: dict[str, Any], *, settings: dict[str, Any], today: dt.date
) -> dict[str, Any]:
    return {
        "settings": settings_context(settings),
        "today": format_date(today),
        "copy_label": "",
        "member": record(MEMBERS, member),
    }

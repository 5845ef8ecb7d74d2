"""What a youth looks like in the packet of an agency the youth has not released to.

Pure: document contexts in, document contexts out. Which values go is decided
by the schema's ``identifying`` flag on each column, once: any field of a
face-sheet or agenda context named after an identifying column of any data
sheet is withheld, and so is a field the program derives from identifying
columns (``name`` from First and Last Name). A field someone adds to the face
sheet from a schema column is therefore covered by that column's flag.

Two further nets, because free text goes where flags cannot see: the reasons
a youth is on the agenda are reduced to their kind ("Court date soon"), and
every string of the packet is scrubbed of the withheld youths' names, birth
dates, case numbers and ZIP codes wherever they appear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ..schema import DATA_SHEETS, LISTS, YOUTHS

WITHHELD = "Withheld (no release)"
SKIPPED_KEYS = frozenset({"settings", "copy_label", "release_note"})

# Fields a context builder derives from columns, with the columns they come from.
DERIVED: dict[str, tuple[str, ...]] = {
    "name": (YOUTHS.cols.first_name, YOUTHS.cols.last_name),
}


def identifying_fields() -> frozenset[str]:
    """Context field names withheld for a youth without a release: from the schema's flag."""
    flagged = {c.header for sheet in DATA_SHEETS for c in sheet.columns if c.identifying}
    fields = {c.field for sheet in DATA_SHEETS for c in sheet.columns if c.identifying}
    fields |= {name for name, sources in DERIVED.items() if flagged.intersection(sources)}
    return frozenset(fields)


IDENTIFYING_FIELDS = identifying_fields()


def withhold(context: Any) -> Any:
    """A copy of ``context`` with every identifying field replaced by ``WITHHELD``.

    Walks nested dicts and lists (referrals, reviews, YWSP rows, whatever a face
    sheet gains); the reasons become their kind only (``reason_kinds``).
    """
    if isinstance(context, Mapping):
        out: dict[str, Any] = {}
        for key, value in context.items():
            if key in SKIPPED_KEYS:
                out[key] = value
            elif key in IDENTIFYING_FIELDS:
                out[key] = [WITHHELD] if isinstance(value, list) and value else WITHHELD
            elif key == "reasons" and isinstance(value, str):
                out[key] = reason_kinds(value)
            else:
                out[key] = withhold(value)
        return out
    if isinstance(context, list):
        return [withhold(item) for item in context]
    return context


# Build Agenda's reasons (core/agenda_words.py), by the words they start with, and
# what an agency without a release may read of each. Anything else (typed by staff)
# is left out.
_REASON_KINDS: tuple[tuple[str, str | None], ...] = (
    ("Flagged to discuss", None),
    ("New referral", "New referral"),
    ("Missing", "Missing"),
    ("Safety level High", None),
    ("Court date", "Court date soon"),
    ("Action", "Overdue action"),
    ("Review due", "Review due"),
)
_MORE_OVERDUE = re.compile(r"^\d+ more overdue actions?$")
_WEEKS = re.compile(r"^Not discussed for \d+ weeks?$")


def reason_kinds(reasons: str) -> str:
    """Reasons as an agency without a release may read them: no dates, sources or action text."""
    kept: list[str] = []
    for phrase in (p.strip() for p in reasons.split(";")):
        kind = _kind(phrase)
        if kind and kind not in kept:
            kept.append(kind)
    return "; ".join(kept) if kept else "—"


def _kind(phrase: str) -> str | None:
    if _MORE_OVERDUE.match(phrase) or _WEEKS.match(phrase):
        return phrase
    if phrase.startswith("Custody changed"):
        now = re.search(r"\(now ([^)]*)\)$", phrase)
        if now and now.group(1) in LISTS["Custody Status"]:
            return f"Custody changed (now {now.group(1)})"
        return "Custody changed"
    for start, shown in _REASON_KINDS:
        if phrase.startswith(start):
            return shown or start
    return None


def secrets_of(youth_rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """The strings that must not appear for these youths: names, birth dates, case numbers, ZIPs."""
    from .facesheet import format_date

    found: list[str] = []
    cols = YOUTHS.cols
    for row in youth_rows:
        for header in (cols.first_name, cols.last_name, cols.case_number, cols.zip):
            value = row.get(header)
            if value is not None and str(value).strip() and str(value) not in ("nan", "<NA>"):
                found.append(" ".join(str(value).split()))
        birth = row.get(cols.date_of_birth)
        if birth is not None and format_date(birth) != "—":
            day = pd.Timestamp(birth)
            found += [format_date(birth), day.strftime("%Y-%m-%d"), day.strftime("%m/%d/%Y")]
    return sorted({s for s in found if len(s) >= 2}, key=len, reverse=True)


def scrub(context: Any, secrets: Iterable[str]) -> Any:
    """A copy of ``context`` where each secret, as a whole word in any case, reads ``WITHHELD``."""
    words = [s for s in secrets if s]
    if not words:
        return context
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
    )
    return _scrub(context, pattern)


def _scrub(node: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(node, str):
        return pattern.sub(WITHHELD, node)
    if isinstance(node, Mapping):
        return {k: v if k == "settings" else _scrub(v, pattern) for k, v in node.items()}
    if isinstance(node, list):
        return [_scrub(item, pattern) for item in node]
    if isinstance(node, tuple):
        return tuple(_scrub(item, pattern) for item in node)
    return node

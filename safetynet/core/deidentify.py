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
dates (as a reader might type them), case numbers and ZIP codes wherever they
appear, and of the names and case numbers of youths not on the agenda whom
the agency may not see either (a youth's notes may name another). A value a
youth shown in full shares with a withheld one (a sister's surname, the same
ZIP) stays: it is that youth's own, and blanking it would say who shares it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pandas as pd

from ..schema import DATA_SHEETS, LISTS, YOUTHS

WITHHELD = "Withheld (no release)"
# In a table row (referrals, reviews), where a column is narrow: the face sheet's note says why.
WITHHELD_IN_TABLE = "Withheld"
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


def withhold(context: Any, marker: str = WITHHELD) -> Any:
    """A copy of ``context`` with every identifying field replaced by ``WITHHELD``.

    Walks nested dicts and lists (referrals, reviews, YWSP rows, whatever a face
    sheet gains; in their rows the shorter ``WITHHELD_IN_TABLE``); the reasons
    become their kind only (``reason_kinds``).
    """
    if isinstance(context, Mapping):
        out: dict[str, Any] = {}
        for key, value in context.items():
            if key in SKIPPED_KEYS:
                out[key] = value
            elif key in IDENTIFYING_FIELDS:
                out[key] = [marker] if isinstance(value, list) and value else marker
            elif key == "reasons" and isinstance(value, str):
                out[key] = reason_kinds(value)
            else:
                out[key] = withhold(value, marker)
        return out
    if isinstance(context, list):
        return [withhold(item, WITHHELD_IN_TABLE) for item in context]
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


def secrets_of(youth_rows: Iterable[Mapping[str, Any]], *, brief: bool = False) -> list[str]:
    """The strings that must not appear for these youths: names, birth dates, case numbers, ZIPs.

    A birth date in every form a reader might type it (``14 Mar 2010``, ``3/14/2010``,
    ``2010-03-14``, ``March 14, 2010``, ...). ``brief``: only the full name and the case
    number, for youths who are not on the agenda (a first name or a ZIP alone is
    everyone's, and would blank half a packet when a county has thousands of youths).
    """
    found: list[str] = []
    cols = YOUTHS.cols
    for row in youth_rows:
        first, last = _text(row.get(cols.first_name)), _text(row.get(cols.last_name))
        if first and last:
            found += [f"{first} {last}", f"{last}, {first}"]
        found.append(_text(row.get(cols.case_number)))
        if brief:
            continue
        found += [first, last, _text(row.get(cols.zip))]
        found += birth_date_forms(row.get(cols.date_of_birth))
    return sorted({s for s in found if len(s) >= 2}, key=len, reverse=True)


def _text(value: Any) -> str:
    if value is None or str(value).strip() in ("", "nan", "<NA>", "NaT", "None"):
        return ""
    return " ".join(str(value).split())


def birth_date_forms(value: Any) -> list[str]:
    """A date as the packet prints it and as people write it, US and ISO."""
    from .facesheet import format_date

    if value is None or format_date(value) == "—":
        return []
    day = pd.Timestamp(value)
    d, m, y, month, mon = day.day, day.month, day.year, f"{day:%B}", f"{day:%b}"
    return [
        format_date(value),
        f"{d} {month} {y}",
        f"{month} {d}, {y}",
        f"{mon} {d}, {y}",
        f"{month} {d} {y}",
        f"{y}-{m:02d}-{d:02d}",
        f"{m:02d}/{d:02d}/{y}",
        f"{m}/{d}/{y}",
        f"{m:02d}-{d:02d}-{y}",
        f"{m}-{d}-{y}",
        f"{m:02d}/{d:02d}/{y % 100:02d}",
        f"{m}/{d}/{y % 100:02d}",
    ]


def packet_secrets(
    withheld: Iterable[Mapping[str, Any]],
    shown: Iterable[Mapping[str, Any]],
    elsewhere: Iterable[str] = (),
) -> list[str]:
    """What one agency's packet must not contain: the ``withheld`` agenda youths' details and
    the ``elsewhere`` secrets (the names and case numbers of youths off the agenda it may not
    see), less every value of a youth ``shown`` in full (that youth's own, not a secret)."""
    own = {s.casefold() for s in secrets_of(shown)}
    found = [*secrets_of(withheld), *elsewhere]
    return sorted({s for s in found if s.casefold() not in own}, key=len, reverse=True)


_WORD = re.compile(r"\w+")
_CUT = re.compile(r"(\w+)…")


def mentioned(secrets: Iterable[str], context: Any) -> list[str]:
    """Those of ``secrets`` that ``context`` may hold: each word of it occurs there, or all
    but the last and the last is begun by a word cut short with "…" (Build Agenda cuts an
    action's words at 40 characters: "Drive Zeynep Kowal…"). A set lookup per word, so a
    county's thousands of youths cost little; only these go into a pattern."""
    present = set(_words_of(context))
    cut = {c for c in _cut_words(context) if len(c) >= 2}
    found = []
    for secret in secrets:
        *before, last = _WORD.findall(secret.casefold()) or [""]
        if not last or not all(w in present for w in before):
            continue
        if last in present or _begun(last, cut, bool(before)):
            found.append(secret)
    return found


def _begun(last: str, cut: set[str], after_words: bool) -> bool:
    """Whether a cut word begins ``last`` (a lone word only from 4 letters: "Li…" is no one)."""
    return (after_words or len(last) >= 4) and any(last != c and last.startswith(c) for c in cut)


def scrub(context: Any, secrets: Iterable[str], keep: Iterable[str] = ()) -> Any:
    """A copy of ``context`` where each secret, as a whole word in any case, reads ``WITHHELD``.

    ``keep``: phrases left whole though they contain a secret word (the names of agencies,
    members and advocates: New Dawn Mentoring stays so when a withheld youth is a Dawn).
    A secret cut short by Build Agenda goes as far as it was cut. The settings, the copy
    label and the release note are the program's words and are left alone.
    """
    words = mentioned([s for s in secrets if s], context)
    if not words:
        return context
    cut = {c for c in _cut_words(context) if len(c) >= 2}
    shortened = []
    for secret in words:
        spans = list(_WORD.finditer(secret))
        last = spans[-1].group().casefold()
        for piece in cut:
            if _begun(last, {piece}, len(spans) > 1):
                shortened.append(secret[: spans[-1].start()] + piece + "…")
    named = {w.casefold() for w in words}  # a member who shares a youth's full name: no keep
    kept = sorted(
        {k for k in mentioned(keep, context) if k and k.casefold() not in named},
        key=len,
        reverse=True,
    )
    alternatives = [re.escape(w) for w in (*kept, *sorted(words + shortened, key=len)[::-1])]
    pattern = re.compile(r"(?<!\w)(" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    keep_folded = {k.casefold() for k in kept}
    return _scrub(context, pattern, keep_folded)


def _cut_words(context: Any) -> set[str]:
    return {m for text in _strings_of(context) for m in _CUT.findall(text.casefold())}


def _strings_of(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            if key not in SKIPPED_KEYS:
                yield from _strings_of(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _strings_of(item)


def _words_of(node: Any) -> Iterator[str]:
    for text in _strings_of(node):
        yield from _WORD.findall(text.casefold())


def _scrub(node: Any, pattern: re.Pattern[str], keep: set[str]) -> Any:
    if isinstance(node, str):
        return pattern.sub(lambda m: m[0] if m[0].casefold() in keep else WITHHELD, node)
    if isinstance(node, Mapping):
        return {k: v if k in SKIPPED_KEYS else _scrub(v, pattern, keep) for k, v in node.items()}
    if isinstance(node, list):
        return [_scrub(item, pattern, keep) for item in node]
    if isinstance(node, tuple):
        return tuple(_scrub(item, pattern, keep) for item in node)
    return node

"""Which SPEC column each of a source's headers means: exact, a synonym, or a near spelling."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from ..schema import DATA_SHEETS, FULL_NAME_SYNONYMS, MEETINGS, MEMBERS, YOUTHS, YWSP, Kind, Sheet

FULL_NAME = "Full Name"  # one source column holding "Jane Doe" or "Doe, Jane"
NOTES = "Keep as note"  # no SPEC home: kept in the sheet's notes column as "Header: value"
FUZZY_CUTOFF = 86
LOOKUP_HOW = "used to find the Youth ID"
# Columns of Youths that, on another sheet, find the youth a row belongs to.
LOOKUP_COLUMNS: tuple[str, ...] = (
    YOUTHS.cols.first_name,
    YOUTHS.cols.last_name,
    YOUTHS.cols.date_of_birth,
)

# The free-text column that receives what has no column of its own.
NOTES_COLUMN: dict[str, str] = {
    YOUTHS.name: YOUTHS.cols.notes,
    "Referrals": YOUTHS.cols.notes,
    MEETINGS.name: MEETINGS.cols.decisions,
    YWSP.name: YWSP.cols.feedback,
}


def fold(text: Any) -> str:
    """Case, accents and punctuation aside: "Fecha de Nacimiento:" -> "fecha de nacimiento"."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = plain.replace("#", " number ")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


@dataclass(frozen=True)
class ColumnRule:
    """One source header and where its values go.

    ``target`` is a header of the sheet, FULL_NAME or NOTES. ``values`` maps a
    source value to a dropdown value ("" = no match found: kept as typed).
    """

    source: str
    target: str
    how: str = ""
    dates: str = ""  # "month first" or "day first", for a date column
    values: dict[str, str] = field(default_factory=dict)


def _choices(sheet: Sheet) -> dict[str, tuple[str, str]]:
    """folded header or synonym -> (target, how), exact headers winning over synonyms."""
    return _choices_for(sheet.name)


@functools.cache
def _choices_for(name: str) -> dict[str, tuple[str, str]]:
    sheet = next(s for s in DATA_SHEETS if s.name == name)
    out: dict[str, tuple[str, str]] = {}
    typed = [c for c in sheet.columns if c.kind is not Kind.COMPUTED]
    names = {c.header for c in typed}
    for column in typed:
        for synonym in column.synonyms:
            out.setdefault(fold(synonym), (column.header, "synonym"))
    if YOUTHS.cols.first_name in names:
        for synonym in FULL_NAME_SYNONYMS:
            out.setdefault(fold(synonym), (FULL_NAME, "synonym"))
    elif YOUTHS.cols.youth_id in names:  # Referrals, Meetings, YWSP: a name finds the Youth ID
        for synonym in FULL_NAME_SYNONYMS:
            out.setdefault(fold(synonym), (FULL_NAME, LOOKUP_HOW))
        for part in LOOKUP_COLUMNS:
            for synonym in (part, *YOUTHS.column(part).synonyms):
                out.setdefault(fold(synonym), (part, LOOKUP_HOW))
    elif MEMBERS.cols.name in names:  # Members: a first and a last name column are joined
        for part in LOOKUP_COLUMNS[:2]:
            for synonym in (part, *YOUTHS.column(part).synonyms):
                out.setdefault(fold(synonym), (MEMBERS.cols.name, "joined"))
    for column in typed:
        out[fold(column.header)] = (column.header, "exact")
    return out


def match_header(sheet: Sheet, header: Any) -> tuple[str, str, int]:
    """(target, how, score) for one source header; NOTES when nothing is close enough."""
    choices = _choices(sheet)
    key = fold(header)
    if not key:
        return NOTES, "no header", 0
    if key in choices:
        target, how = choices[key]
        return target, how, 100
    best, best_score = None, 0.0
    for choice in choices:
        score = max(fuzz.ratio(key, choice), fuzz.token_sort_ratio(key, choice))
        if score > best_score:
            best, best_score = choice, score
    if best is not None and best_score >= FUZZY_CUTOFF:
        target, _ = choices[best]
        return target, f"near spelling ({round(best_score)}%)", round(best_score)
    return NOTES, "no match", 0


def propose_rules(sheet: Sheet, headers: Sequence[Any]) -> list[ColumnRule]:
    """A rule per distinct source header; a target taken twice keeps the better match.

    Several source columns may share Notes, a joined name, or the notes column.
    """
    found = [(str(h).strip(), *match_header(sheet, h)) for h in headers if str(h or "").strip()]
    found = list({h: (h, t, how, s) for h, t, how, s in found}.values())
    shared = {NOTES, NOTES_COLUMN.get(sheet.name, NOTES)}
    if YOUTHS.cols.first_name not in sheet.headers:
        shared.add(MEMBERS.cols.name)  # Members: first and last joined
    best: dict[str, int] = {}
    for _, target, _, score in found:
        if target not in shared:
            best[target] = max(best.get(target, 0), score)
    rules = []
    taken: set[str] = set()
    for header, target, how, score in found:
        if target not in shared and (score < best[target] or target in taken):
            target, how = NOTES, f"also looked like {target}"
        if target not in shared:
            taken.add(target)
        rules.append(ColumnRule(header, target, how))
    return rules


def sheet_score(sheet: Sheet, headers: Sequence[Any]) -> int:
    """How many source headers find a column on ``sheet`` (Notes aside)."""
    return sum(r.target != NOTES for r in propose_rules(sheet, headers))


def best_sheet(headers: Sequence[Any]) -> tuple[Sheet, int]:
    """The data sheet the headers fit best, for an import that names none."""
    scored = [(sheet_score(s, headers), -i, s) for i, s in enumerate(DATA_SHEETS)]
    score, _, sheet = max(scored, key=lambda t: (t[0], t[1]))
    return sheet, score


def _cell_score(value: Any) -> int:
    key = fold(value)
    if not key or isinstance(value, (int, float)) or len(key) > 40:
        return 0
    for sheet in DATA_SHEETS:
        if key in _choices(sheet):
            return 3
    return 1


def find_header_row(grid: Sequence[Sequence[Any]], look: int = 15) -> int | None:
    """The index of the row holding the headers: below any title rows, the one most like headers."""
    best, best_score = None, 0
    for index, row in enumerate(grid[:look]):
        filled = [v for v in row if str(v if v is not None else "").strip()]
        if len(filled) < 2:
            continue  # a title (merged across) or a blank row
        score = sum(_cell_score(v) for v in filled)
        if score > best_score:
            best, best_score = index, score
    return best

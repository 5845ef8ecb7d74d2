"""A source cell to the value its SPEC column holds: dates in their written forms, Y/N, dropdowns.

Each converter returns ``(value, why)``: a value it cannot understand gives
``None`` and a plain reason, and the caller keeps the raw value in Notes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz import fuzz

from ..lists import NO_WORDS, VALUE_SYNONYMS, YES_WORDS
from ..values import EXCEL_EPOCH, MAX_YEAR, MIN_YEAR, is_blank, to_text
from .headers import fold

MONTH_FIRST, DAY_FIRST = "month first", "day first"
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/\-.](\d{1,2})[/\-.](\d{1,4})$")
_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?$")
_SPANISH_MONTHS = {
    "enero": "January",
    "febrero": "February",
    "marzo": "March",
    "abril": "April",
    "mayo": "May",
    "junio": "June",
    "julio": "July",
    "agosto": "August",
    "septiembre": "September",
    "setiembre": "September",
    "octubre": "October",
    "noviembre": "November",
    "diciembre": "December",
}
_WORD_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%B %Y %d")
_YES = frozenset(fold(w) for w in YES_WORDS)
_NO = frozenset(fold(w) for w in NO_WORDS)


def date_order(values: Iterable[Any]) -> str:
    """Day first when some written date can only be read that way (13/03/2024), else month first."""
    day_first = month_first = False
    for value in values:
        if not isinstance(value, str):
            continue
        found = _NUMERIC_DATE.match(value.strip())
        if not found or len(found.group(1)) == 4:
            continue
        first, second = int(found.group(1)), int(found.group(2))
        day_first |= first > 12 >= second
        month_first |= second > 12 >= first
    return DAY_FIRST if day_first and not month_first else MONTH_FIRST


def _year(text: str, today: dt.date) -> int:
    year = int(text)
    if len(text) <= 2:
        pivot = today.year % 100
        year += 2000 if year <= pivot else 1900
    return year


def to_date(value: Any, order: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    """Month- or day-first numbers, ISO, Excel serials, "March 3, 2024", "3 de marzo de 2024"."""
    if is_blank(value):
        return None, None
    if isinstance(value, dt.datetime):
        found: dt.date | None = value.date()
    elif isinstance(value, dt.date):
        found = value
    elif isinstance(value, bool):
        return None, "This is TRUE or FALSE, not a date."
    elif isinstance(value, (int, float)):
        found = _serial(value)
    else:
        found = _date_text(str(value), order, today)
    if found is None:
        return None, "This is not a date the program can read."
    if not (MIN_YEAR <= found.year <= MAX_YEAR):
        return None, f"The year {found.year} cannot be right."
    return found, None


def _serial(number: float) -> dt.date | None:
    if 1 <= number < 2958466:
        return (EXCEL_EPOCH + dt.timedelta(days=int(number))).date()
    return None


def _date_text(text: str, order: str, today: dt.date) -> dt.date | None:
    text = " ".join(text.split())
    iso = _ISO_TIME.match(text)
    if iso:
        text = iso.group(1)
    numeric = _NUMERIC_DATE.match(text)
    if numeric:
        a, b, c = numeric.groups()
        try:
            if len(a) == 4:
                return dt.date(int(a), int(b), int(c))
            month, day = (a, b) if order == MONTH_FIRST else (b, a)
            return dt.date(_year(c, today), int(month), int(day))
        except ValueError:
            return None
    if re.fullmatch(r"\d{4,6}(\.\d+)?", text):
        return _serial(float(text))
    words = fold(text).split()
    words = [_SPANISH_MONTHS.get(w, w) for w in words if w not in ("de", "del", "of", "the")]
    words = [re.sub(r"^(\d+)(st|nd|rd|th)$", r"\1", w) for w in words]
    plain = " ".join(words)
    for fmt in _WORD_FORMATS:
        try:
            return dt.datetime.strptime(plain, fmt).date()
        except ValueError:
            continue
    return None


def to_yes_no(value: Any) -> tuple[str | None, str | None]:
    """ "yes", "sí", "x", TRUE, 1 -> Y; "no", FALSE, 0 -> N."""
    if is_blank(value):
        return None, None
    if isinstance(value, bool):
        return ("Y" if value else "N"), None
    key = fold(to_text(value))
    if key in _YES:
        return "Y", None
    if key in _NO:
        return "N", None
    return None, "This should be yes or no."


def propose_value(raw: str, allowed: Sequence[str], list_name: str | None) -> tuple[str, str]:
    """(list value or "", how) for one source value of a dropdown column.

    In order: the list's own spelling, a known synonym, the only entry it
    begins ("F" -> Female), a near spelling that no other entry comes close to.
    """
    key = fold(raw)
    if not key:
        return "", "blank"
    folded = {fold(a): a for a in allowed}
    if key in folded:
        return folded[key], "exact"
    synonyms = {fold(k): v for k, v in VALUE_SYNONYMS.get(list_name or "", {}).items()}
    if key in synonyms and synonyms[key] in allowed:
        return synonyms[key], "synonym"
    starting = [a for f, a in folded.items() if f.startswith(key)]
    if len(starting) == 1:
        return starting[0], "the only entry it begins"
    known = {**{f: v for f, v in synonyms.items() if v in allowed}, **folded}
    best: dict[str, float] = {}
    for f, a in known.items():
        best[a] = max(best.get(a, 0.0), fuzz.ratio(key, f))
    scores = sorted(((score, a) for a, score in best.items()), reverse=True)
    if scores and scores[0][0] >= 85 and (len(scores) == 1 or scores[0][0] - scores[1][0] >= 8):
        return scores[0][1], f"near spelling ({round(scores[0][0])}%)"
    return "", "no match: kept as typed"


def text_of(value: Any) -> str | None:
    """A source cell as text, blank as None (numbers typed as 94612.0 lose the .0)."""
    if is_blank(value):
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%m/%d/%Y") if not isinstance(value, dt.datetime) else to_text(value)
    return to_text(value) or None

"""Source rows to sheet rows: values converted, youths found, rows matched, IDs made.

Pure: the source's cells, the map and the workbook's frames in; rows to add,
rows matched and what could not come in (with why) out. Every source row ends
in exactly one of added, matched or not imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import Workbook
from ..schema import (
    AGENCIES,
    MEETINGS,
    MEMBERS,
    REFERRALS,
    YOUTHS,
    YWSP,
    Column,
    Kind,
    Sheet,
    data_sheet,
)
from .coerce import date_order, propose_value, text_of, to_date, to_yes_no
from .headers import FULL_NAME, LOOKUP_COLUMNS, NOTES, NOTES_COLUMN, ColumnRule, fold
from .ids import IdMaker
from .mapping import ImportMap
from .matching import KEYS, YouthIndex, existing_keys, person_key, row_key

Y = YOUTHS.cols


@dataclass(frozen=True)
class SourceTable:
    """One sheet of a source (or a CSV): its headers, its data rows and their row numbers."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    numbers: tuple[int, ...]  # each row's number as the spreadsheet shows it


@dataclass(frozen=True)
class Entry:
    """A line of the report: where in the source, the value, and what happened to it."""

    table: str
    row: int
    column: str
    value: Any
    why: str
    source: str = ""  # the whole source row, "Header: value; ...", so staff can tell which


def row_text(headers: Sequence[str], row: Sequence[Any]) -> str:
    """A source row as "Header: value; Header: value" (blank cells left out)."""
    parts = []
    for header, value in zip(headers, row, strict=False):
        text = text_of(value)
        if text is not None:
            parts.append(f"{header}: {text}")
    return "; ".join(parts)


@dataclass
class ImportResult:
    sheet: str
    rows: list[list[Any]] = field(default_factory=list)  # to add, in the sheet's column order
    added: list[Entry] = field(default_factory=list)
    matched: list[Entry] = field(default_factory=list)
    not_imported: list[Entry] = field(default_factory=list)
    kept_in_notes: list[Entry] = field(default_factory=list)  # cells that missed their column
    youth_ids: list[str] = field(default_factory=list)
    source_rows: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return {
            "source_rows": self.source_rows,
            "added": len(self.added),
            "matched": len(self.matched),
            "not_imported": len(self.not_imported),
        }


# --- completing the map from the source's values ------------------------------------


def complete_map(plan: ImportMap, tables: Sequence[SourceTable], book: Workbook) -> ImportMap:
    """Fill in what the map leaves open: date order, and a proposal for each dropdown value."""
    sheet = data_sheet(plan.sheet)
    rules = []
    for rule in plan.columns:
        column = _column(sheet, rule.target)
        if column is None:
            rules.append(rule)
            continue
        seen = _distinct(tables, rule.source)
        kind = column.value_kind
        if kind is Kind.DATE and not rule.dates:
            rule = ColumnRule(rule.source, rule.target, rule.how, date_order(seen), rule.values)
        elif kind in (Kind.LIST, Kind.YN):
            values = dict(rule.values)
            for raw in seen:
                text = text_of(raw)
                if text is None or text in values:
                    continue
                proposed = _propose(column, text, book)
                if proposed is not None:
                    values[text] = proposed
            rule = ColumnRule(rule.source, rule.target, rule.how, rule.dates, values)
        rules.append(rule)
    return ImportMap(plan.sheet, tuple(rules), plan.source_sheets, plan.defaults)


def _propose(column: Column, text: str, book: Workbook) -> str | None:
    """A map entry for one value, or None where the value needs none (already right)."""
    if column.value_kind is Kind.YN:
        value, problem = to_yes_no(text)
        return None if problem is None and value == text else (value or "")
    allowed = book.lists.get(column.list_name or "", ())
    if text in allowed:
        return None
    value, _ = propose_value(text, allowed, column.list_name)
    return value


def _distinct(tables: Sequence[SourceTable], header: str) -> list[Any]:
    seen: dict[Any, None] = {}
    for table in tables:
        if header in table.headers:
            i = table.headers.index(header)
            for row in table.rows:
                if i < len(row) and row[i] is not None and row[i] != "":
                    seen.setdefault(row[i], None)
    return list(seen)


def _column(sheet: Sheet, target: str) -> Column | None:
    if target in sheet.headers:
        return sheet.column(target)
    if target in LOOKUP_COLUMNS:
        return YOUTHS.column(target)
    return None


# --- building rows ------------------------------------------------------------------


class _Converter:
    """Converts one rule's source values, each distinct value once."""

    def __init__(self, rule: ColumnRule, column: Column, agencies: dict[str, str], today: dt.date):
        self.rule, self.column, self.agencies, self.today = rule, column, agencies, today
        self.cache: dict[Any, tuple[Any, str | None]] = {}

    def __call__(self, raw: Any) -> tuple[Any, str | None]:
        try:
            return self.cache[raw]
        except KeyError:
            found = self.cache[raw] = self._convert(raw)
            return found
        except TypeError:  # an unhashable value (never from calamine or csv)
            return self._convert(raw)

    def _convert(self, raw: Any) -> tuple[Any, str | None]:
        kind = self.column.value_kind
        if kind is Kind.DATE:
            return to_date(raw, self.rule.dates, self.today)
        text = text_of(raw)
        if text is None:
            return None, None
        if kind is Kind.YN:
            mapped = self.rule.values.get(text)
            return to_yes_no(mapped if mapped else text)
        if kind is Kind.LIST:
            return (self.rule.values.get(text) or text), None
        if kind is Kind.AGENCY:
            return self.agencies.get(fold(text), text), None
        return text, None


def split_name(text: str) -> tuple[str, str]:
    """ "Doe, Jane" -> (Jane, Doe); "Jane Marie Doe" -> (Jane Marie, Doe); "Cher" -> (Cher, "")."""
    if "," in text:
        last, _, first = text.partition(",")
        return " ".join(first.split()), " ".join(last.split())
    words = text.split()
    if len(words) == 1:
        return words[0], ""
    return " ".join(words[:-1]), words[-1]


def _records(
    plan: ImportMap, table: SourceTable, book: Workbook, today: dt.date, result: ImportResult
) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {header: value}) for each source row, notes gathered, bad cells listed."""
    sheet = data_sheet(plan.sheet)
    agencies = {}
    if AGENCIES.name in book.frames:
        names = book.frames[AGENCIES.name][AGENCIES.cols.agency].dropna()
        agencies = {fold(a): str(a) for a in names}
    notes_home = NOTES_COLUMN.get(sheet.name)
    work = []
    for position, header in enumerate(table.headers):
        rule = plan.rule(header)
        if rule is None:
            continue
        column = _column(sheet, rule.target)
        convert = _Converter(rule, column, agencies, today) if column else None
        work.append((position, header, rule.target, column, convert))
    out = []
    for number, row in zip(table.numbers, table.rows, strict=True):
        record: dict[str, Any] = {}
        extras: list[str] = []
        for position, header, target, column, convert in work:
            raw = row[position] if position < len(row) else None
            if raw is None or raw == "":
                continue
            if target == FULL_NAME:
                text = text_of(raw)
                if text:
                    record.setdefault(FULL_NAME, text)
                continue
            if target == NOTES or convert is None:
                text = text_of(raw)
                if text:
                    extras.append(f"{header}: {text}")
                    if notes_home is None:
                        result.kept_in_notes.append(
                            Entry(
                                table.name,
                                number,
                                header,
                                raw,
                                f"The {sheet.name} sheet "
                                "has no column for this, and no Notes column.",
                            )
                        )
                continue
            value, why = convert(raw)
            if why:
                extras.append(f"{header}: {text_of(raw)}")
                where = f"kept in {notes_home}" if notes_home else "not imported"
                result.kept_in_notes.append(
                    Entry(table.name, number, header, raw, f"{why} ({where})")
                )
                continue
            if value is None:
                continue
            previous = record.get(target)
            if previous is not None and column.kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.ID):
                joiner = "; " if column.kind is Kind.LONG_TEXT else " "
                value = f"{previous}{joiner}{value}"
            elif previous is not None:
                continue  # a second source for a date or a dropdown: the first one wins
            record[target] = value
        if FULL_NAME in record:
            first, last = split_name(record.pop(FULL_NAME))
            record.setdefault(Y.first_name, first)
            if last:
                record.setdefault(Y.last_name, last)
        for header, value in plan.defaults.items():
            record.setdefault(header, value)
        if extras and notes_home:
            kept = "; ".join(extras)
            record[notes_home] = f"{record[notes_home]}; {kept}" if record.get(notes_home) else kept
        out.append((number, record))
    return out


_MISSING = {
    REFERRALS.name: "There is no Youth ID, and no name that finds one.",
    MEETINGS.name: "A Meetings row needs a meeting date and a Youth ID.",
    YWSP.name: "A YWSP row needs a cohort and a Youth ID.",
    AGENCIES.name: "There is no agency name.",
    MEMBERS.name: "There is no member's name.",
}


def build_rows(
    plan: ImportMap, tables: Sequence[SourceTable], book: Workbook, today: dt.date
) -> ImportResult:
    """Every source row added, matched or not imported; the plan already complete."""
    sheet = data_sheet(plan.sheet)
    result = ImportResult(sheet.name)
    frame = book.frames.get(sheet.name)
    youths = YouthIndex(book.frames.get(YOUTHS.name))
    keys = existing_keys(sheet, frame)
    ids = IdMaker.for_sheet(sheet, frame)
    if sheet is REFERRALS and frame is not None:
        for row, rid in frame[REFERRALS.cols.referral_id].dropna().items():
            keys.setdefault(("id", fold(rid)), f"row {row}")
    for table in tables:
        records = _records(plan, table, book, today, result)
        result.source_rows += len(records)
        if ids is not None:
            ids.reserve(r.get(ids.header) for _, r in records)
        for number, record in records:
            _place(sheet, table.name, number, record, result, youths, keys, ids)
        _with_source_rows(result, table)
    return result


def _with_source_rows(result: ImportResult, table: SourceTable) -> None:
    """The rows not imported or matched carry the source row, so staff can recognise them."""
    by_number = dict(zip(table.numbers, table.rows, strict=True))
    for entries in (result.not_imported, result.matched):
        for i, entry in enumerate(entries):
            if entry.table == table.name and not entry.source and entry.row in by_number:
                entries[i] = replace(entry, source=row_text(table.headers, by_number[entry.row]))


def _place(sheet, table, number, record, result, youths, keys, ids) -> None:
    """Add, match or refuse one record."""
    key_header = KEYS[sheet.name][0]
    if sheet is YOUTHS:
        _place_youth(table, number, record, result, youths, ids)
        return
    if YOUTHS.cols.youth_id in sheet.headers and not record.get(YOUTHS.cols.youth_id):
        found, how = youths.find(record)
        if found is None:
            result.not_imported.append(Entry(table, number, YOUTHS.cols.youth_id, None, how))
            return
        record[YOUTHS.cols.youth_id] = found
    key = row_key(sheet.name, record.get)
    if key is None or not all(key[: 2 if sheet.name in (MEETINGS.name, YWSP.name) else 1]):
        result.not_imported.append(Entry(table, number, key_header, None, _MISSING[sheet.name]))
        return
    candidates = [key]
    if ids is not None and record.get(ids.header):
        candidates.insert(0, ("id", fold(record[ids.header])))
    for candidate in candidates:
        if candidate in keys:
            result.matched.append(
                Entry(table, number, key_header, keys[candidate], "already on the sheet")
            )
            return
    if ids is not None and not record.get(ids.header):
        record[ids.header] = ids.next()
    here = f"source row {number} of {table}, added by this import"
    keys[key] = here
    if ids is not None:
        keys[("id", fold(record[ids.header]))] = here
    _add(sheet, table, number, record, result)


def _place_youth(table, number, record, result, youths, ids) -> None:
    given = record.get(Y.youth_id)
    has_name = record.get(Y.first_name) or record.get(Y.last_name)
    if given and fold(given) in youths.ids:
        result.matched.append(
            Entry(table, number, Y.youth_id, youths.ids[fold(given)], "by Youth ID")
        )
        return
    if not has_name and not given:
        why = "There is no name and no Youth ID, so the row cannot be told from any other."
        result.not_imported.append(Entry(table, number, Y.first_name, None, why))
        return
    if has_name:
        person = person_key(
            record.get(Y.first_name), record.get(Y.last_name), record.get(Y.date_of_birth)
        )
        if person in youths.people:
            result.matched.append(
                Entry(table, number, Y.youth_id, youths.people[person], "by name and birth date")
            )
            return
    yid = given or ids.next()
    record[Y.youth_id] = yid
    youths.add(yid, record.get(Y.first_name), record.get(Y.last_name), record.get(Y.date_of_birth))
    result.youth_ids.append(yid)
    _add(YOUTHS, table, number, record, result)


def _add(
    sheet: Sheet, table: str, number: int, record: dict[str, Any], result: ImportResult
) -> None:
    result.rows.append(
        [None if c.kind is Kind.COMPUTED else record.get(c.header) for c in sheet.columns]
    )
    result.added.append(
        Entry(table, number, KEYS[sheet.name][0], record.get(KEYS[sheet.name][0]), "added")
    )

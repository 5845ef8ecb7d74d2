"""Carry every value of an older workbook into this version's shape, by header, never by position.

Pure: the old workbook's sheets as raw grids in, what the new one holds out
(data rows in this version's column order, Settings, Lists, Log, Agenda, and
a sheet for anything this version has no place for), with a count of rows
before and after for every sheet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..build.workbook import Carried
from ..schema import (
    AGENDA_SHEET,
    CONF_SHEET,
    DASHBOARD_SHEET,
    DATA_SHEETS,
    LISTS,
    LISTS_SHEET,
    LOG_SHEET,
    MONTHLY_SHEET,
    PROBLEMS_SHEET,
    SETTINGS,
    SETTINGS_SHEET,
    SHEET_ORDER,
    Kind,
    Sheet,
    normalise_header,
)

Grid = list[list[Any]]
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass
class SheetCount:
    sheet: str
    before: int
    after: int
    note: str = ""


@dataclass
class Upgrade:
    """What the new workbook receives, and the report of it."""

    carried: Carried
    settings: dict[str, Any]
    lists: dict[str, tuple[str, ...]]
    interpreter: str | None = None
    pythonpath: str | None = None
    counts: list[SheetCount] = field(default_factory=list)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _filled(rows: Sequence[Sequence[Any]]) -> list[Sequence[Any]]:
    return [r for r in rows if any(not _blank(v) for v in r)]


def sheet_title(text: str, taken: set[str]) -> str:
    """A legal, unused Excel sheet name (31 characters, none of []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("-", text).strip("'")[:31] or "Kept"
    name, n = base, 2
    while name.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def carry_data(
    sheet: Sheet, grid: Grid, taken: set[str]
) -> tuple[list[list[Any]], dict[str, Grid]]:
    """(rows in this version's order, {kept sheet: grid}) for one data sheet.

    A column this version dropped (or one staff added) becomes a sheet of its
    own, named for it, with the old row number and the row's key beside each value.
    """
    if not grid:
        return [], {}
    headers = [normalise_header(h) for h in grid[0]]
    where = {h: i for i, h in reversed(list(enumerate(headers))) if h}
    width = max(len(r) for r in grid)
    computed = {
        where[normalise_header(c.header)]
        for c in sheet.columns
        if c.kind is Kind.COMPUTED and normalise_header(c.header) in where
    }
    typed = [i for i in range(width) if i not in computed]
    # A row holding only a formula's result (an empty table's first row) holds nothing typed.
    body: list[tuple[int, list[Any]]] = []
    for number, row in enumerate(grid[1:], start=2):
        if len(row) < width + 1:
            row = [*row, *([None] * (width + 1 - len(row)))]
        if any(row[i] is not None and row[i] != "" for i in typed):
            body.append((number, row))
    none = width  # every padded row ends in None: a column the old sheet lacks reads it
    positions = [
        none if c.kind is Kind.COMPUTED else where.get(normalise_header(c.header), none)
        for c in sheet.columns
    ]
    rows = [[_cell(row[p]) for p in positions] for _, row in body]
    known = {normalise_header(c.header) for c in sheet.columns}
    key_headers = [c.header for c in sheet.columns if c.kind is Kind.ID or c.header == sheet.key]
    key_headers = key_headers or [sheet.columns[0].header, sheet.columns[1].header]
    key_positions = [where.get(normalise_header(h), none) for h in key_headers]
    kept: dict[str, Grid] = {}
    for index in typed:
        header = grid[0][index] if index < len(grid[0]) else None
        if normalise_header(header) in known and where.get(normalise_header(header)) == index:
            continue
        found = [(n, row) for n, row in body if not _blank(row[index])]
        if not found and _blank(header):
            continue
        label = str(header).strip() if not _blank(header) else f"Column {index + 1}"
        name = sheet_title(f"{label} (old {sheet.name})", taken)
        kept[name] = [
            ["Row", *key_headers, label],
            *([n, *(_cell(row[p]) for p in key_positions), _cell(row[index])] for n, row in found),
        ]
    return rows, kept


def _cell(value: Any) -> Any:
    if value is None or value == "":
        return None
    if type(value) is dt.time:
        return value.strftime("%H:%M")
    return value


def _typed_rows(sheet: Sheet, grid: Grid) -> int:
    """Rows of the old sheet holding anything typed (formula results aside)."""
    if not grid:
        return 0
    formulas = {normalise_header(c.header) for c in sheet.columns if c.kind is Kind.COMPUTED}
    typed = [i for i, h in enumerate(grid[0]) if normalise_header(h) not in formulas]
    return sum(1 for r in grid[1:] if any(i < len(r) and not _blank(r[i]) for i in typed))


def carry_settings(grid: Grid) -> tuple[dict[str, Any], Grid]:
    """Each setting by its label (new ones at their default); labels this version lacks, kept."""
    by_label = {normalise_header(s.label): s for s in SETTINGS}
    values: dict[str, Any] = {s.label: s.default for s in SETTINGS}
    unknown: Grid = []
    for row in _filled(grid[1:] if grid and normalise_header(grid[0][0]) == "setting" else grid):
        label = row[0] if row else None
        value = row[1] if len(row) > 1 else None
        setting = by_label.get(normalise_header(label))
        if setting is None:
            unknown.append([label, value])
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, dt.time):
            value = value.strftime("%I:%M %p").lstrip("0")
        values[setting.label] = "" if value is None else value
    return values, ([["Setting", "Value"], *unknown] if unknown else [])


def carry_lists(grid: Grid) -> tuple[dict[str, tuple[str, ...]], Grid]:
    """Staff's list values kept in their order, this version's new values added, none removed."""
    lists = dict(LISTS)
    if not grid:
        return lists, []
    known = {normalise_header(n): n for n in LISTS}
    unknown_columns: list[list[Any]] = []
    for col, header in enumerate(grid[0]):
        values = [r[col] for r in grid[1:] if col < len(r) and not _blank(r[col])]
        name = known.get(normalise_header(header))
        if name is None:
            if values or not _blank(header):
                unknown_columns.append([header, *values])
            continue
        old = [str(v).strip() if not isinstance(v, float) else str(int(v)) for v in values]
        lists[name] = tuple(dict.fromkeys([*old, *LISTS[name]]))
    if not unknown_columns:
        return lists, []
    height = max(len(c) for c in unknown_columns)
    padded = [c + [None] * (height - len(c)) for c in unknown_columns]
    return lists, [list(r) for r in zip(*padded, strict=True)]


def carry_conf(grid: Grid) -> tuple[str | None, str | None]:
    """The interpreter and PYTHONPATH the old workbook's buttons ran."""
    found = {str(r[0]).strip().upper(): r[1] for r in grid if len(r) > 1 and not _blank(r[0])}
    interpreter = found.get("INTERPRETER_WIN") or found.get("INTERPRETER_MAC")
    pythonpath = found.get("PYTHONPATH")
    return (str(interpreter) if interpreter else None, str(pythonpath) if pythonpath else None)


def plan_upgrade(grids: dict[str, Grid]) -> Upgrade:
    """Everything the new workbook receives from the old one's grids (sheet name -> cells)."""
    by_name = {normalise_header(n): n for n in grids}

    def grid_of(name: str) -> Grid:
        actual = by_name.get(normalise_header(name))
        return grids[actual] if actual is not None else []

    taken = set(SHEET_ORDER)
    carried = Carried()
    counts: list[SheetCount] = []
    for sheet in DATA_SHEETS:
        old = grid_of(sheet.name)
        rows, kept = carry_data(sheet, old, taken)
        carried.rows[sheet.name] = rows
        carried.extra_sheets.update(kept)
        note = f"{len(kept)} old column(s) kept in sheets of their own" if kept else ""
        if not old:
            note = "new in this version"
        counts.append(SheetCount(sheet.name, _typed_rows(sheet, old), len(rows), note))
    settings, unknown_settings = carry_settings(grid_of(SETTINGS_SHEET))
    had = {normalise_header(r[0]) for r in grid_of(SETTINGS_SHEET) if r}
    added = [s.label for s in SETTINGS if normalise_header(s.label) not in had]
    counts.append(
        SheetCount(
            SETTINGS_SHEET,
            len(_filled(grid_of(SETTINGS_SHEET)[1:])),
            len(SETTINGS),
            f"new, at their defaults: {', '.join(added)}" if added else "",
        )
    )
    if unknown_settings:
        carried.extra_sheets[sheet_title("Settings (old)", taken)] = unknown_settings
    lists, unknown_lists = carry_lists(grid_of(LISTS_SHEET))
    old_lists = grid_of(LISTS_SHEET)
    before = sum(1 for r in old_lists[1:] for v in r if not _blank(v))
    counts.append(
        SheetCount(
            LISTS_SHEET,
            before,
            sum(len(v) for v in lists.values()),
            _new_list_values(old_lists, lists),
        )
    )
    if unknown_lists:
        carried.extra_sheets[sheet_title("Lists (old)", taken)] = unknown_lists
    log = _filled(grid_of(LOG_SHEET)[1:])
    carried.log_rows.extend(list(r) for r in log)
    counts.append(SheetCount(LOG_SHEET, len(log), len(log), "and the upgrade's own rows"))
    agenda = grid_of(AGENDA_SHEET)
    agenda_rows = len(_filled(agenda))
    if agenda_rows > 2:  # more than the title and the note of a new workbook
        carried = replace(carried, agenda=[list(r) for r in agenda])
        counts.append(SheetCount(AGENDA_SHEET, agenda_rows, agenda_rows, "kept as it was"))
    for name in (DASHBOARD_SHEET, MONTHLY_SHEET, PROBLEMS_SHEET):
        before = len(_filled(grid_of(name)))
        counts.append(SheetCount(name, before, 0, "rebuilt: click its button to refill it"))
    known = {normalise_header(n) for n in SHEET_ORDER}
    for name, grid in grids.items():
        if normalise_header(name) in known:
            continue
        title = sheet_title(name, taken)
        carried.extra_sheets[title] = [list(r) for r in grid]
        rows = len(_filled(grid))
        counts.append(SheetCount(title, rows, rows, "a sheet of the county's own, kept"))
    interpreter, pythonpath = carry_conf(grid_of(CONF_SHEET))
    return Upgrade(carried, settings, lists, interpreter, pythonpath, counts)


def _new_list_values(old: Grid, lists: dict[str, tuple[str, ...]]) -> str:
    """ "values; new: Release Scope (Identifying, Non-identifying)": what this version added."""
    had: dict[str, set[str]] = {}
    for col, header in enumerate(old[0] if old else []):
        values = {str(r[col]).strip() for r in old[1:] if col < len(r) and not _blank(r[col])}
        had[normalise_header(header)] = {v.casefold() for v in values}
    added = []
    for name, values in lists.items():
        new = [v for v in values if v.casefold() not in had.get(normalise_header(name), set())]
        if new:
            added.append(f"{name} ({', '.join(new)})")
    return "values" + (f"; new in this version: {'; '.join(added)}" if added else "")


def report_lines(upgrade: Upgrade) -> list[str]:
    """The upgrade report for the terminal: every sheet with its rows before and after."""
    width = max(len(c.sheet) for c in upgrade.counts)
    lines = []
    for c in upgrade.counts:
        text = f"  {c.sheet:<{width}}  {c.before:>6} before  {c.after:>6} after"
        lines.append(text + (f"  ({c.note})" if c.note else ""))
    return lines


def log_lines(upgrade: Upgrade) -> list[str]:
    """The same report as Log rows: sentences, not columns padded for a terminal."""
    return [
        f"{c.sheet}: {c.before} before, {c.after} after" + (f" ({c.note})" if c.note else "")
        for c in upgrade.counts
    ]

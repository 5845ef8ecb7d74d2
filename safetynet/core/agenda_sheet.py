"""The Agenda sheet: written from an Agenda, read back as staff left it.

Layout (columns A..I only: the workbook's buttons sit from column K on):

    A1  title
    A2  Meeting date | B2 the date        A3 Time | B3 ...
    A4  Place | B4 ...                    A5 Facilitator | B5 ...
    then any notes (one per row, column A), a blank row,
    the header row Order, Section, Youth ID, Name, Age, Custody Status, Reasons,
    Last Discussed, Open Actions, one row per youth,
    a blank row, the "Waiting list" heading, its own header row and rows.

Reading trusts the sheet, not the numbers in it: the agenda is the rows
between the header row and the waiting list heading, top to bottom, that hold a
Youth ID (blank rows skipped). Staff reorder by moving rows, so the Order
column is renumbered from the rows' positions; a row with only a Youth ID
typed is kept; the waiting list is ignored unless a row is moved up above its
heading.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from ..actions import do
from ..grid import Cell, Grid, column_letter, plain
from ..model import SafetyNetError
from ..schema import AGENDA_SHEET, MEETINGS, YOUTHS, normalise_header, setting
from ..values import is_blank, to_date, to_text
from .agenda import SECTIONS, Agenda, AgendaItem
from .ids import shown_id

HEADERS: tuple[str, ...] = (
    "Order",
    MEETINGS.cols.section,
    YOUTHS.cols.youth_id,
    "Name",  # the youth's, made of First and Last Name
    YOUTHS.cols.age,
    YOUTHS.cols.custody_status,
    "Reasons",
    "Last Discussed",
    "Open Actions",
)
WAITING_HEADING = "Waiting list (did not fit; move a row up into the agenda to discuss it)"
WAITING_HEADERS: tuple[str, ...] = ("Waiting", *HEADERS[1:])
MEETING_DATE_LABEL = "Meeting date"
HEADING_ROWS: tuple[tuple[str, str], ...] = (
    ("Time", "Meeting Time"),
    ("Place", "Meeting Location"),
    ("Facilitator", "Facilitator"),
)
HOW_TO_EDIT = (
    "To change the agenda, move, delete or insert rows, or type a Youth ID in a new row; "
    "Print Packet follows this sheet as you leave it."
)
NO_AGENDA = f"The Agenda sheet has no agenda yet. {do('Build Agenda')} first."


@dataclass(frozen=True)
class EditedRow:
    """One line of the agenda as staff left it, as it will be printed and recorded."""

    order: int
    section: str | None
    youth_id: str
    reasons: str = ""


@dataclass(frozen=True)
class EditedAgenda:
    meeting_date: dt.date
    rows: tuple[EditedRow, ...]
    notes: tuple[str, ...] = ()  # e.g. a Youth ID listed twice, kept once

    @property
    def youth_ids(self) -> list[str]:
        return [row.youth_id for row in self.rows]


def agenda_grid(agenda: Agenda, settings: dict[str, Any]) -> Grid:
    """The Agenda sheet's whole content, from A1."""
    program = str(settings.get("Program Name") or setting("Program Name").default)
    grid: list[list[Any]] = [
        [Cell(f"{program} case review: agenda", "title")],
        [MEETING_DATE_LABEL, Cell(agenda.meeting_date, "date")],
    ]
    for label, setting_label in HEADING_ROWS:
        grid.append([label, settings.get(setting_label, setting(setting_label).default)])
    load = [agenda.capacity.sentence(agenda.meeting_date)] if agenda.capacity else []
    grid.extend(
        [Cell(note, "alert" if note in agenda.warnings else "note")]
        for note in (*agenda.notes, *load, HOW_TO_EDIT)
    )
    grid.append([])
    grid.append([Cell(h, "header") for h in HEADERS])
    grid.extend(_row(n, item) for n, item in enumerate(agenda.items, start=1))
    grid.append([])
    grid.append([Cell(WAITING_HEADING, "bold")])
    grid.append([Cell(h, "header") for h in WAITING_HEADERS])
    grid.extend(_row(n, item) for n, item in enumerate(agenda.waiting, start=1))
    return grid


def _row(number: int, item: AgendaItem) -> list[Any]:
    """One youth's row; every cell top-aligned, level with the first line of its reasons."""
    return [
        Cell(number, "top_center"),
        Cell(item.section, "top"),
        Cell(item.youth_id, "top"),
        Cell(item.name, "top"),
        Cell(item.age, "top_center"),
        Cell(item.custody_status, "top"),
        Cell("; ".join(item.reasons), "wrap"),
        Cell(item.last_discussed, "date_top") if item.last_discussed else None,
        Cell(item.open_actions, "top_center"),
    ]


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    """The ``--json`` shape of issue 5, plus extra keys; no names (JSON may be piped to logs)."""

    def entry(number: int, item: AgendaItem, order_key: str) -> dict[str, Any]:
        return {
            "youth_id": item.youth_id,
            "section": item.section,
            "reasons": list(item.reasons),
            order_key: number,
            "priority": item.priority,
            "age": item.age,
            "custody_status": item.custody_status,
            "last_discussed": item.last_discussed.isoformat() if item.last_discussed else None,
            "open_actions": item.open_actions,
            "waited": item.waited,
            "waiting_since": item.waiting_since.isoformat() if item.waiting_since else None,
        }

    return {
        "meeting_date": agenda.meeting_date.isoformat(),
        "agenda": [entry(n, item, "order") for n, item in enumerate(agenda.items, start=1)],
        "waiting": [entry(n, item, "waiting") for n, item in enumerate(agenda.waiting, start=1)],
        "notes": list(agenda.notes),
        "warnings": list(agenda.warnings),
        "capacity": _capacity_json(agenda.capacity),
    }


def _capacity_json(load: Any) -> dict[str, Any] | None:
    if load is None:
        return None
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in asdict(load).items()}


def read_agenda_grid(grid: Grid) -> EditedAgenda:
    """The agenda as staff left it on the sheet (see the module doc for the rules)."""
    rows = [[plain(value) for value in row] for row in grid]
    header_at, columns = _find_header(rows)
    meeting_date = _meeting_date(rows[:header_at])
    section_by_name = {s.casefold(): s for s in SECTIONS}
    edited: list[EditedRow] = []
    seen: set[str] = set()
    notes: list[str] = []
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if _is_waiting_heading(row) or _looks_like_header(row):
            break
        youth_id = _cell(row, columns["youth id"])
        if is_blank(youth_id):
            continue
        youth_id = to_text(youth_id)
        if youth_id.upper() in seen:
            notes.append(
                f"Youth ID {shown_id(youth_id)} is on the Agenda sheet twice (row {number} "
                f"repeats it); it is kept once."
            )
            continue
        seen.add(youth_id.upper())
        section = _cell(row, columns.get("section"))
        section_text = None if is_blank(section) else to_text(section).casefold()
        reasons = _cell(row, columns.get("reasons"))
        edited.append(
            EditedRow(
                len(edited) + 1,
                section_by_name.get(section_text or ""),
                youth_id,
                "" if is_blank(reasons) else to_text(reasons),
            )
        )
    return EditedAgenda(meeting_date, tuple(edited), tuple(notes))


def _cell(row: list[Any], column: int | None) -> Any:
    return row[column] if column is not None and column < len(row) else None


def _header_positions(row: list[Any]) -> dict[str, int]:
    return {normalise_header(v): i for i, v in enumerate(row) if isinstance(v, str) and v.strip()}


def _looks_like_header(row: list[Any]) -> bool:
    return "youth id" in _header_positions(row)


def _is_waiting_heading(row: list[Any]) -> bool:
    return any(isinstance(v, str) and normalise_header(v).startswith("waiting list") for v in row)


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]]:
    for number, row in enumerate(rows):
        if _is_waiting_heading(row):
            break
        positions = _header_positions(row)
        if "youth id" in positions:
            return number, positions
    raise SafetyNetError(NO_AGENDA, exit_code=1)


def _as_date(typed: Any) -> dt.date | None:
    """A date cell as Excel, calamine or Office.js hand it over, or as staff typed it."""
    if typed is None:
        return None
    stamp, _problem = to_date(typed)
    return None if stamp is None else stamp.date()


def _meeting_date(rows: list[list[Any]]) -> dt.date:
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if not (isinstance(value, str) and normalise_header(value) == "meeting date"):
                continue
            typed = next((v for v in row[column + 1 :] if not is_blank(v)), None)
            day = _as_date(typed)
            if day is None:
                cell = f"{column_letter(column + 1)}{number}"
                raise SafetyNetError(
                    f"The {AGENDA_SHEET} sheet has no readable meeting date in cell {cell}. "
                    f"Type the date there, for example 2026-12-02, or {do('Build Agenda')} again.",
                    exit_code=1,
                )
            return day
    raise SafetyNetError(
        f'The {AGENDA_SHEET} sheet has lost its "{MEETING_DATE_LABEL}" row above the agenda. '
        f"{do('Build Agenda')} again, or type {MEETING_DATE_LABEL} in column A with the date "
        f"beside it.",
        exit_code=1,
    )

"""Build Agenda: choose the week's youths and lay them out on the Agenda sheet."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..display import meeting_day
from ..model import Workbook
from ..schema import AGENDA_SHEET, LOG_SHEET, MEETINGS, YOUTHS
from . import Operation, Outcome
from .validate import require_valid

if TYPE_CHECKING:
    from ..core.agenda import Agenda


def build_agenda(book: Workbook, *, today: dt.date, meeting_date: dt.date | None = None) -> Outcome:
    """The agenda for ``meeting_date`` (default: the next Meeting Weekday after today).

    The Log (``book.grids``) holds the waiting lists Print Packet recorded;
    without it nobody has waited. Refuses, listing the cells, when an error in
    the data would make the agenda wrong (a Meetings row naming no youth, two
    youths with one ID); warnings do not stop it. Writes only the Agenda sheet; the message counts
    youths and never names one.
    """
    from ..core.agenda import WEEKDAY, next_meeting_date, select_agenda  # the core: pandas
    from ..core.agenda_sheet import agenda_grid, agenda_json
    from ..core.waiting import waiting_records

    require_valid(book, today, BUILD_AGENDA.name)
    if meeting_date is None:
        weekday = book.settings.get(WEEKDAY.label) or WEEKDAY.default
        meeting_date = next_meeting_date(today, str(weekday))
    waited = waiting_records(book.grids.get(LOG_SHEET))
    agenda = select_agenda(book, meeting_date, today=today, waiting=waited)
    return Outcome(
        operation=BUILD_AGENDA.name,
        message=summary(agenda),
        data=agenda_json(agenda),
        sheets={AGENDA_SHEET: agenda_grid(agenda, book.settings)},
        youth_ids=agenda.youth_ids,
    )


def summary(agenda: Agenda) -> str:
    """``Agenda for Wednesday 2 December 2026: 12 youths (3 new cases, ...).`` plus the notes."""
    when = meeting_day(agenda.meeting_date)
    if agenda.items:
        counts = [
            (sum(item.section == section for item in agenda.items), section.casefold())
            for section in ("New case", "In custody", "Out of custody")
        ]
        parts = ", ".join(
            f"{n} {'new cases' if name == 'new case' and n != 1 else name}"
            for n, name in counts
            if n
        )
        text = f"Agenda for {when}: {len(agenda.items)} {_youths(len(agenda.items))} ({parts})"
    else:
        text = f"Agenda for {when}: no youths"
    if agenda.waiting:
        text += f"; {len(agenda.waiting)} on the waiting list"
    return " ".join([text + ".", *agenda.notes])


def _youths(count: int) -> str:
    return "youth" if count == 1 else "youths"


BUILD_AGENDA = Operation(
    name="Build Agenda",
    function=build_agenda,
    reads=(YOUTHS.name, MEETINGS.name),
    grids=(LOG_SHEET,),
    command="agenda",
    button="build_agenda",
)

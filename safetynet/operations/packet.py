"""Print Packet: the agenda as staff left it, one face sheet per youth, the sign-in sheet.

It also records the meeting: one Meetings row per youth for that date, ready
for the outcomes, and never a second one when run again; and, in the Log, the
waiting list as the sheet shows it (Youth IDs only), which the next agenda
reads to lift those who waited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..actions import do
from ..core.ids import shown_id
from ..model import Problem, ProblemsFound, SafetyNetError, Workbook
from ..schema import (
    AGENCIES,
    AGENDA_SHEET,
    MEETINGS,
    MEMBERS,
    REFERRALS,
    RELEASES,
    YOUTHS,
    YWSP,
)
from . import LogNote, Operation, Outcome
from .validate import require_valid

if TYPE_CHECKING:
    import pandas as pd


def print_packet(
    book: Workbook,
    *,
    today: dt.date,
    out_dir: Path,
    pdf: bool = True,
    copies: int = 0,
    templates_dir: Path | None = None,
) -> Outcome:
    """Write the packet (and numbered copies, and PDFs) and the Meetings rows to add.

    The agenda is ``book.grids["Agenda"]``, the sheet as staff left it.
    """
    from ..core import facesheet as fs
    from ..core.agenda_sheet import read_agenda_grid
    from ..core.validate.releases import releases_required
    from ..core.waiting import waiting_on_sheet
    from ..documents.packet import PacketContexts, build_packet, copy_label, packet_name
    from ..documents.pdf import pdfs_with_note
    from ..documents.render import save, templates_folder

    require_valid(book, today, PRINT_PACKET.name)
    edited = read_agenda_grid(book.grids[AGENDA_SHEET])
    if not edited.rows:
        raise SafetyNetError(
            f"The {AGENDA_SHEET} sheet lists no youths. {do('Build Agenda')}, or type Youth IDs "
            f"into the agenda, then {do('Print Packet')} again.",
            exit_code=1,
        )
    if copies < 0 or copies > 200:
        raise SafetyNetError("The number of copies must be between 0 and 200.", exit_code=2)
    meeting_date = edited.meeting_date
    ids = _known_ids(book.frames[YOUTHS.name], [r.youth_id for r in edited.rows])
    data = fs.gather(book.frames, ids)
    items = [
        replace(
            row,
            youth_id=youth_id,
            section=row.section or fs.default_section(data, youth_id, meeting_date),
        )
        for row, youth_id in zip(edited.rows, ids, strict=True)
    ]
    ordered = fs.printed_order(items)
    settings = book.settings
    members = book.frames.get(MEMBERS.name)
    contexts = PacketContexts(
        agenda=fs.agenda_context(ordered, data, meeting_date=meeting_date, settings=settings),
        face_sheets=tuple(
            fs.face_sheet_context(
                data,
                item.youth_id,
                meeting_date=meeting_date,
                settings=settings,
                section=item.section,
                reasons=item.reasons,
            )
            for item in ordered
        ),
        sign_in=fs.sign_in_context(members, meeting_date=meeting_date, settings=settings),
    )
    folder = templates_dir or templates_folder(book.path)
    out_dir = Path(out_dir)
    log_notes: list[LogNote] = []
    if releases_required(settings):
        from .packet_agencies import write_agency_packets

        written, log_notes = write_agency_packets(
            book, contexts, data, folder, out_dir, meeting_date, copies
        )
    else:
        written = [save(build_packet(folder, contexts), out_dir / packet_name(meeting_date))]
        holders = [
            str(m[MEMBERS.cols.name]) for m in fs.active_members(members) if fs.form_on_file(m)
        ]
        for copy in range(1, copies + 1):
            holder = holders[copy - 1] if copy <= len(holders) else None
            labelled = contexts.labelled(copy_label(copy, copies, holder))
            path = out_dir / packet_name(meeting_date, copy, copies)
            written.append(save(build_packet(folder, labelled), path))
    pdfs, note = pdfs_with_note(written, out_dir) if pdf else ([], "")
    log_notes = [
        replace(n, files=(*n.files, *(p for p in pdfs if p.stem in {f.stem for f in n.files})))
        for n in log_notes
    ]
    appends = meetings_rows(book.frames.get(MEETINGS.name), ordered, meeting_date)
    waiting = waiting_on_sheet(book.grids[AGENDA_SHEET], [i.youth_id for i in ordered])
    message = (
        f"The packet for {fs.format_date(meeting_date)} is ready: {len(ordered)} youths, "
        f"{written[0].name}"
        + (f" and {len(written) - 1} more" if log_notes else "")
        + (f" and {copies} numbered copies" if copies and not log_notes else "")
        + (" (PDF too)." if pdfs else ".")
        + f" {len(appends)} Meetings rows added for the outcomes."
    )
    notes = [*edited.notes, *([note] if note else [])]
    if notes:
        message += " " + " ".join(notes)
    return Outcome(
        operation=PRINT_PACKET.name,
        message=message,
        data={
            "meeting_date": meeting_date.isoformat(),
            "youth_ids": [i.youth_id for i in ordered],
            "files": [str(p) for p in [*written, *pdfs]],
            "meetings_added": len(appends),
            "notes": notes,
        },
        appends={MEETINGS.name: appends} if appends else {},
        files=[*written, *pdfs],
        youth_ids=[i.youth_id for i in ordered],
        log_notes=[_waiting_note(meeting_date, waiting), *log_notes],
    )


def _known_ids(youths: pd.DataFrame, wanted: list[str]) -> list[str]:
    """The Youths sheet's spelling of each agenda ID; refuse an ID that is not there."""
    canonical = {str(i).strip().upper(): str(i) for i in youths[YOUTHS.cols.youth_id].dropna()}
    unknown = [w for w in wanted if w.strip().upper() not in canonical]
    if unknown:
        problems = [
            Problem(
                AGENDA_SHEET,
                None,
                YOUTHS.cols.youth_id,
                w,
                f"Youth ID {shown_id(w)} is on the agenda but not on the {YOUTHS.name} sheet.",
                fix="Correct the ID on the Agenda sheet, or add the youth to the Youths sheet.",
                rule="agenda-unknown-youth",
            )
            for w in unknown
        ]
        listed = ", ".join(dict.fromkeys(shown_id(w) for w in unknown))
        raise ProblemsFound(
            f"The {AGENDA_SHEET} sheet lists Youth ID{'s' if len(unknown) > 1 else ''} {listed}, "
            f"not found on the {YOUTHS.name} sheet. Correct the ID on the Agenda sheet (or add "
            f"the youth to the {YOUTHS.name} sheet), then {do('Print Packet')} again.",
            problems,
        )
    return [canonical[w.strip().upper()] for w in wanted]


def meetings_rows(
    meetings: pd.DataFrame | None, items: list[Any], meeting_date: dt.date
) -> list[list[Any]]:
    """One new Meetings row per agenda youth, except those already recorded for the date."""
    import pandas as pd

    from ..tables import cell_value

    already: set[str] = set()
    if meetings is not None and not meetings.empty:
        same_day = meetings[meetings[MEETINGS.cols.meeting_date] == pd.Timestamp(meeting_date)]
        already = {str(i).strip().upper() for i in same_day[MEETINGS.cols.youth_id].dropna()}
    rows = []
    for item in items:
        if item.youth_id.upper() in already:
            continue
        values = {
            MEETINGS.cols.meeting_date: meeting_date,
            MEETINGS.cols.youth_id: item.youth_id,
            MEETINGS.cols.section: item.section,
            MEETINGS.cols.selection_reason: item.reasons or None,
        }
        rows.append([cell_value(c, values.get(c.header)) for c in MEETINGS.columns])
        already.add(item.youth_id.upper())
    return rows


PRINT_PACKET = Operation(
    name="Print Packet",
    function=print_packet,
    reads=(
        YOUTHS.name,
        REFERRALS.name,
        MEETINGS.name,
        YWSP.name,
        MEMBERS.name,
        RELEASES.name,
        AGENCIES.name,
    ),
    grids=(AGENDA_SHEET,),
    documents=True,
    command="packet",
    button="print_packet",
)


def _waiting_note(meeting_date: dt.date, youth_ids: list[str]) -> LogNote:
    """The waiting list's Log row, which later agendas read back to count waits."""
    from ..core.waiting import waiting_log_row

    words, ids = waiting_log_row(meeting_date, youth_ids)
    return LogNote(words, tuple(ids))

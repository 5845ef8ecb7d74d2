"""Print Packet with Require Releases = Y: one packet per agency at the table.

An agency is at the table when one of its members is active on the Members
sheet (the sign-in sheet lists them). Its packet names a youth only when the
youth has a current Identifying release to it on the meeting date; every
other youth is de-identified (``core.deidentify``), and the names and case
numbers of youths off the agenda it may not see are scrubbed from what it
reads. The lead agency's copy is complete. Numbered copies (``--copies``) are
per agency, issued to its members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from ..core import facesheet as fs
from ..core.releases import agency_key, identified_by_agency, released_to
from ..model import Workbook
from ..schema import AGENCIES, MEMBERS, RELEASES, SET, YOUTHS
from . import LogNote


def agency_copies(
    book: Workbook, youth_ids: list[str], meeting_date: dt.date
) -> list[Any]:  # list[AgencyCopy]
    """The lead agency first, then each agency with an active member, by name."""
    from ..documents.packet import AgencyCopy

    members = fs.active_members(book.frames.get(MEMBERS.name))
    lead = str(book.settings.get(SET.lead_agency) or "").strip()
    by_agency: dict[str, tuple[str, list[str]]] = {}
    for member in members:
        agency = " ".join(str(member.get(MEMBERS.cols.agency) or "").split())
        if not agency:
            continue
        _, holders = by_agency.setdefault(agency_key(agency), (agency, []))
        if fs.form_on_file(member):
            holders.append(str(member[MEMBERS.cols.name]))
    releases = book.frames.get(RELEASES.name)
    copies = []
    if lead:
        _, holders = by_agency.pop(agency_key(lead), (lead, []))
        copies.append(AgencyCopy(lead, tuple(youth_ids), (), tuple(holders), lead=True))
    for _key, (agency, holders) in sorted(by_agency.items()):
        shown = released_to(releases, agency, youth_ids, meeting_date)
        withheld = tuple(y for y in youth_ids if y not in shown)
        copies.append(AgencyCopy(agency, tuple(shown), withheld, tuple(holders)))
    return copies


def write_agency_packets(
    book: Workbook,
    contexts: Any,  # documents.packet.PacketContexts
    data: fs.FaceSheetData,
    folder: Path,
    out_dir: Path,
    meeting_date: dt.date,
    copies: int,
) -> tuple[list[Path], list[LogNote]]:
    """Each agency's packet (and its numbered copies); a Log note per agency's copy.

    Agencies that see the same youths the same way share one packet, built once with
    stand-ins for the agency's name and the copy's label, then stamped per copy: a county
    with fifty agencies at the table builds a few packets, not fifty.
    """
    from ..documents.packet import (
        AGENCY_MARK,
        LABEL_MARK,
        agency_copy_label,
        agency_packet_name,
        document_data,
    )

    youth_ids = [sheet["youth"]["youth_id"] for sheet in contexts.face_sheets]
    named = _named_off_agenda(book, youth_ids, [contexts.agenda, *contexts.face_sheets])
    allowed = identified_by_agency(book.frames.get(RELEASES.name), meeting_date)
    table = _names_at_table(book)
    built: dict[tuple[Any, ...], bytes] = {}
    written: list[Path] = []
    notes: list[LogNote] = []
    for copy in agency_copies(book, youth_ids, meeting_date):
        sees = allowed.get(agency_key(copy.agency), frozenset())
        elsewhere = [] if copy.lead else [s for s, ids in named.items() if ids - sees]
        whole = partial(_whole_packet, folder, contexts, copy, data.youths, elsewhere, table)
        shape = (copy.lead, copy.identified, copy.withheld, tuple(elsewhere))
        if shape not in built:
            stand_in = partial(_whole_packet, folder, contexts, replace(copy, agency=AGENCY_MARK))
            built[shape] = document_data(stand_in(data.youths, elsewhere, table, LABEL_MARK))
        labels = [(agency_copy_label(copy.agency), agency_packet_name(meeting_date, copy.agency))]
        for number in range(1, copies + 1):
            holder = copy.holders[number - 1] if number <= len(copy.holders) else None
            labels.append(
                (
                    agency_copy_label(copy.agency, number, copies, holder),
                    agency_packet_name(meeting_date, copy.agency, number, copies),
                )
            )
        files = [
            _issue(built[shape], copy.agency, label, out_dir / name, whole)
            for label, name in labels
        ]
        written.extend(files)
        notes.append(LogNote(f"{copy.agency} copy identified", copy.identified, tuple(files)))
    return written, notes


def _issue(packet: bytes, agency: str, label: str, path: Path, whole: Callable[[str], Any]) -> Path:
    """One agency's file: the shared packet stamped with its name and label, or, when a
    template changed a stand-in on its way in, built whole."""
    from ..documents.packet import AGENCY_MARK, LABEL_MARK, stamp
    from ..documents.protect import write_document
    from ..documents.render import save

    made = stamp(packet, {AGENCY_MARK: agency, LABEL_MARK: label})
    if made is not None:
        return write_document(made, path)
    return save(whole(label), path)


def _whole_packet(
    folder: Path,
    contexts: Any,
    copy: Any,
    youth_rows: dict[str, dict[str, Any]],
    elsewhere: list[str],
    table: list[str],
    label: str,
) -> Any:
    """``copy``'s packet built from the templates, every page labelled ``label``."""
    from ..documents.packet import agency_contexts, build_packet

    own = agency_contexts(contexts, copy, youth_rows, elsewhere, table)
    return build_packet(folder, own.labelled(label))


def _names_at_table(book: Workbook) -> list[str]:
    """The agencies, their contacts and the members, by name: words a packet prints that are
    nobody's secret, even when a youth shares one of them (a Dawn, New Dawn Mentoring)."""
    names = [str(book.settings.get(SET.lead_agency) or "")]
    for sheet, columns in (
        (AGENCIES, (AGENCIES.cols.agency, AGENCIES.cols.contact_name)),
        (MEMBERS, (MEMBERS.cols.name, MEMBERS.cols.agency)),
    ):
        frame = book.frames.get(sheet.name)
        if frame is not None:
            for column in columns:
                names += [" ".join(str(v).split()) for v in frame[column].dropna()]
    return [n for n in dict.fromkeys(names) if n]


def _named_off_agenda(book: Workbook, agenda: list[str], pages: list[Any]) -> dict[str, set[str]]:
    """The names and case numbers of youths not on the agenda that the packet's pages may
    hold (a face sheet's notes may name another youth), each with the Youth IDs it is of.
    Found once for every agency's copy: a county's thousands of youths, a few mentioned."""
    from ..core.deidentify import mentioned, secrets_of

    youths = book.frames.get(YOUTHS.name)
    if youths is None or youths.empty:
        return {}
    cols = YOUTHS.cols
    on = set(agenda)
    wanted = [cols.youth_id, cols.first_name, cols.last_name, cols.case_number]
    rows = youths[wanted].astype(object).where(youths[wanted].notna(), None)
    by_secret: dict[str, set[str]] = {}
    for row in rows.to_dict("records"):
        youth_id = str(row[cols.youth_id] or "").strip()
        if youth_id and youth_id not in on:
            for secret in secrets_of([row], brief=True):
                by_secret.setdefault(secret, set()).add(youth_id)
    return {s: by_secret[s] for s in mentioned(by_secret, pages)}

"""Put the rendered agenda, face sheets and sign-in sheet together as one Word file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .render import render, render_bodies


def compose(parts: Sequence[Any]) -> Any:
    """One document: the first part, then each further part starting on a new page.

    docxcompose keeps the first part's header and footer for the whole packet,
    so the confidentiality line and the copy number show on every page.
    """
    from docxcompose.composer import Composer

    composer = Composer(parts[0])
    for part in parts[1:]:
        _start_on_new_page(part)
        composer.append(part)
    return composer.doc


def _start_on_new_page(document: Any) -> None:
    """Break before the first paragraph; a separate break paragraph can leave a blank page."""
    body = document.element.body
    first = body[0] if len(body) else None
    if first is not None and first.tag.endswith("}p"):
        from docx.text.paragraph import Paragraph

        Paragraph(first, document._body).paragraph_format.page_break_before = True
        return
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.page_break_before = True
    body.insert(0, paragraph._p)


@dataclass(frozen=True)
class PacketContexts:
    """Every context of one packet, so numbered copies only change the copy label."""

    agenda: dict[str, Any]
    face_sheets: tuple[dict[str, Any], ...]
    sign_in: dict[str, Any]

    def labelled(self, label: str) -> PacketContexts:
        return replace(
            self,
            agenda={**self.agenda, "copy_label": label},
            face_sheets=tuple({**c, "copy_label": label} for c in self.face_sheets),
            sign_in={**self.sign_in, "copy_label": label},
        )


def build_packet(folder: Path, contexts: PacketContexts) -> Any:
    """Agenda first, one face sheet per youth in agenda order, the sign-in sheet last."""
    agenda = render(folder, "agenda.docx", contexts.agenda)
    sign_in = render(folder, "sign_in.docx", contexts.sign_in)
    if not contexts.face_sheets:
        return _mark_youths(compose([agenda, sign_in]), ())
    sheets = render(folder, "face_sheet.docx", contexts.face_sheets[0])
    for body in render_bodies(folder, "face_sheet.docx", contexts.face_sheets[1:]):
        append_body(sheets, body)
    ids = tuple(sheet["youth"]["youth_id"] for sheet in contexts.face_sheets)
    return _mark_youths(compose_around(sheets, before=agenda, after=sign_in), ids)


_YOUTHS_MARK = "SafetyNet youths: "


def _mark_youths(document: Any, youth_ids: Sequence[str]) -> Any:
    """Keep the packet's Youth IDs (never names) in its Subject property, so the email that
    attaches it can log which youths it covers without the workbook's help."""
    document.core_properties.subject = _YOUTHS_MARK + " ".join(youth_ids)
    return document


def packet_youth_ids(packet: bytes) -> list[str] | None:
    """The Youth IDs a packet covers, from its Subject property; None for a packet without."""
    import io
    import re
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(packet)) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = re.search(r"<dc:subject>([^<]*)</dc:subject>", core)
    if not found or not found.group(1).startswith(_YOUTHS_MARK):
        return None
    return found.group(1)[len(_YOUTHS_MARK) :].split()


def append_body(document: Any, elements: Sequence[Any]) -> None:
    """Body elements filled from ``document``'s own template, added from a new page.

    They share its styles, numbering and relationship ids, so nothing needs
    mapping (docxcompose maps every style of every part, about 0.1 s a part).
    """
    from docx.oxml import OxmlElement

    if not elements:
        return
    first = elements[0]
    if first.tag.endswith("}p"):
        from docx.text.paragraph import Paragraph

        Paragraph(first, document._body).paragraph_format.page_break_before = True
    else:
        breaker = OxmlElement("w:p")
        elements = [breaker, *elements]
        from docx.text.paragraph import Paragraph

        Paragraph(breaker, document._body).paragraph_format.page_break_before = True
    body = document.element.body
    final_section = body[-1] if len(body) and body[-1].tag.endswith("}sectPr") else None
    for element in elements:
        if final_section is not None:
            final_section.addprevious(element)
        else:
            body.append(element)


def compose_around(middle: Any, *, before: Any, after: Any) -> Any:
    """``before``, ``middle``, ``after``, each from a new page, built on the middle part.

    docxcompose maps the styles of every element it copies; copying the two
    short parts into the long one is many times faster than the other way.
    The header and footer of ``before`` (agenda.docx) are kept for the whole.
    """
    from docxcompose.composer import Composer

    _start_on_new_page(middle)
    _start_on_new_page(after)
    _use_headers_of(before, middle)
    composer = Composer(middle)
    composer.insert(0, before)
    composer.append(after)
    return composer.doc


def _use_headers_of(source: Any, target: Any) -> None:
    """Copy the header and footer XML of ``source`` into ``target``'s own parts."""
    import copy

    for kind in ("header", "footer"):
        theirs = getattr(source.sections[0], kind)
        ours = getattr(target.sections[0], kind)
        if theirs.is_linked_to_previous or ours.is_linked_to_previous:
            continue
        element = ours._element
        for child in list(element):
            element.remove(child)
        for child in theirs._element:
            element.append(copy.deepcopy(child))


def packet_name(meeting_date: dt.date, copy: int = 0, copies: int = 0) -> str:
    """The file name: the meeting date and at most a copy number, never a name."""
    base = f"SafetyNet packet {meeting_date.isoformat()}"
    if copy:
        width = len(str(copies))
        base += f" copy {copy:0{width}d} of {copies}"
    return base + ".docx"


def copy_label(copy: int, copies: int, member: str | None) -> str:
    """The line on every page of a numbered copy, so a lost copy can be traced."""
    holder = member or "____________________"
    return f"Copy {copy} of {copies} — issued to {holder}"


# --- one packet per agency, when releases are required --------------------------------


@dataclass(frozen=True)
class AgencyCopy:
    """One agency's packet: the youths it may see in full, the others de-identified."""

    agency: str
    identified: tuple[str, ...]
    withheld: tuple[str, ...]
    holders: tuple[str, ...]  # its members with a confidentiality form, for numbered copies
    lead: bool = False


_WITHHELD_MEANS = "“Withheld” means left out on purpose, not missing."


def release_note(copy: AgencyCopy) -> str:
    """The cover's one line: which youths this copy de-identifies and why, naming none."""
    if copy.lead:
        return f"Complete copy for {copy.agency}, the lead agency."
    if not copy.withheld:
        return f"Copy for {copy.agency}: every youth here has a current release to {copy.agency}."
    if not copy.identified:
        count = len(copy.withheld)
        every = "The youth appears" if count == 1 else f"All {count} youths appear"
        return (
            f"Copy for {copy.agency}: {every} without identifying details, because none has a "
            f"current release of information to {copy.agency}. {_WITHHELD_MEANS}"
        )
    if len(copy.identified) < len(copy.withheld):  # name the shorter list
        shown = ", ".join(copy.identified)
        verb = "appears" if len(copy.identified) == 1 else "appear"
        others = len(copy.withheld)
        return (
            f"Copy for {copy.agency}: {shown} {verb} in full; the other {others} "
            f"{'youth appears' if others == 1 else 'youths appear'} without identifying "
            f"details, because they have no current release of information to {copy.agency}. "
            f"{_WITHHELD_MEANS}"
        )
    ids = ", ".join(copy.withheld)
    verb = "appears" if len(copy.withheld) == 1 else "appear"
    return (
        f"Copy for {copy.agency}: {ids} {verb} without identifying details, because they "
        f"have no current release of information to {copy.agency}. {_WITHHELD_MEANS}"
    )


def face_sheet_note(copy: AgencyCopy, youth_id: str) -> str:
    """The face sheet's line under its title: why its details are shown or withheld."""
    if copy.lead:
        return ""
    # One line where it can be: the title above names the youth, the cover says what
    # "Withheld" means, and a second line here can push the sheet onto a second page.
    if youth_id in copy.withheld:
        return f"Identifying details withheld: no current release of information to {copy.agency}."
    return f"Shown in full: a current release of information to {copy.agency}."


def agency_contexts(
    contexts: PacketContexts,
    copy: AgencyCopy,
    youth_rows: dict[str, dict[str, Any]],
    elsewhere: Sequence[str] = (),
    keep: Sequence[str] = (),
) -> PacketContexts:
    """The packet as ``copy.agency`` may see it: ``withhold`` the others, then scrub their
    names, birth dates, case numbers and ZIPs out of every page but the sign-in sheet, and
    the ``elsewhere`` secrets (youths off the agenda it may not see, named in free text).
    ``keep``: names of people and agencies at the table, left whole (New Dawn Survivor
    Mentoring stays so when a withheld youth is called Dawn)."""
    from ..core.deidentify import packet_secrets, scrub, withhold
    from ..schema import YOUTHS

    hidden = set(copy.withheld)
    secrets = packet_secrets(
        (youth_rows[y] for y in copy.withheld if y in youth_rows),
        (youth_rows[y] for y in copy.identified if y in youth_rows),
        elsewhere,
    )
    staff = [str(m.get("name") or "") for m in contexts.sign_in.get("members", [])]
    staff += [str(row.get(YOUTHS.cols.advocate) or "") for row in youth_rows.values()]
    staff += list(keep)
    agenda = {
        **contexts.agenda,
        "release_note": release_note(copy),
        "sections": [
            {
                **section,
                "youths": [
                    withhold(entry) if entry["youth_id"] in hidden else entry
                    for entry in section["youths"]
                ],
            }
            for section in contexts.agenda["sections"]
        ],
    }
    sheets = [
        {
            **(withhold(sheet) if sheet["youth"]["youth_id"] in hidden else sheet),
            "release_note": face_sheet_note(copy, sheet["youth"]["youth_id"]),
        }
        for sheet in contexts.face_sheets
    ]
    scrubbed = scrub({"agenda": agenda, "face_sheets": sheets}, secrets, staff)  # one pattern
    return replace(contexts, agenda=scrubbed["agenda"], face_sheets=tuple(scrubbed["face_sheets"]))


# Stand-ins for the agency's name and the copy's label in a packet built once for every
# agency that sees the same youths the same way; each agency's file is then that packet
# with the stand-ins replaced (``stamp``). Digits and signs no filter changes the case of.
AGENCY_MARK = "§§SN0451§§"
LABEL_MARK = "§§SN0452§§"
_LEFT_OVER = "§§sn045"


def document_data(document: Any) -> bytes:
    """A python-docx document as the bytes of its .docx file."""
    import io

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def stamp(packet: bytes, marks: dict[str, str]) -> bytes | None:
    """``packet`` with each mark replaced by its text in every part that holds one.

    None when a template changed a mark on its way into the document (a filter cut or
    lowered it): the caller then builds that agency's packet whole.
    """
    import io
    import zipfile
    from xml.sax.saxutils import escape

    from ..xlsx.zipcopy import copy_zip

    start = "§§".encode()
    changed: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(packet)) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if start not in data:
                continue
            text = data.decode("utf-8")
            for mark, value in marks.items():
                text = text.replace(mark, escape(value, {'"': "&quot;", "'": "&apos;"}))
            if _LEFT_OVER in text.casefold():
                return None
            changed[info.filename] = text.encode("utf-8")
        out = io.BytesIO()
        copy_zip(archive, out, changed, set())
    return out.getvalue()


def agency_packet_name(meeting_date: dt.date, agency: str, copy: int = 0, copies: int = 0) -> str:
    """``SafetyNet packet 2026-03-04 for Probation.docx``: a date, an agency, a copy number."""
    safe = " ".join("".join(ch if ch.isalnum() or ch in " .,&'-" else " " for ch in agency).split())
    return packet_name(meeting_date, copy, copies).replace(
        f"SafetyNet packet {meeting_date.isoformat()}",
        f"SafetyNet packet {meeting_date.isoformat()} for {safe[:60].rstrip(' .')}",
    )


def agency_copy_label(agency: str, copy: int = 0, copies: int = 0, member: str | None = None):
    """The line on every page: whose copy this is (and which numbered copy)."""
    if not copy:
        return f"Copy for {agency}"
    return copy_label(copy, copies, member).replace(
        f"Copy {copy} of {copies}", f"Copy {copy} of {copies} for {agency}", 1
    )

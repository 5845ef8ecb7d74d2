"""The default Word templates, made with python-docx.

Staff edit the committed .docx files in Word; this code only makes the first
version (and makes them again when asked). Every template carries the same
confidentiality header, page numbers and a letterhead filled from Settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

CONFIDENTIAL = "CONFIDENTIAL — SafetyNet case review — do not copy or forward"
_FONT = "Calibri"


def _docx() -> Any:
    from docx import Document
    from docx.shared import Inches, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Inches(0.8))
    section.top_margin = section.bottom_margin = Inches(0.7)
    normal = doc.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(2)
    for name, size in (("Title", 15), ("Heading 1", 11.5), ("Heading 2", 11)):
        style = doc.styles[name]
        style.font.name = _FONT
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(5 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(2)
        style.paragraph_format.keep_with_next = True
    _header_footer(section)
    return doc


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update on printing."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header_footer(section: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = header.add_run(CONFIDENTIAL)
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x9C, 0x00, 0x06)
    copy = header.add_run("   {{ copy_label }}")  # blank unless numbered copies were asked for
    copy.font.size = Pt(9)
    copy.bold = True

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{ settings.program_name }} · {{ settings.county }} · Page ").font.size = Pt(8)
    _field(footer, "PAGE")
    footer.add_run(" of ").font.size = Pt(8)
    _field(footer, "NUMPAGES")


def _letterhead(doc: Any, title: str) -> None:
    from docx.shared import Pt

    top = doc.add_paragraph()
    run = top.add_run("{{ settings.program_name }} · {{ settings.county }}")
    run.bold = True
    run.font.size = Pt(12)
    doc.add_paragraph("{{ settings.lead_agency }}")
    doc.add_paragraph(title, style="Title")


def _shade(cell: Any, fill: str = "E7E6E6") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _tag(expression: str) -> str:
    return "{{ " + expression + " }}"


def _pairs(doc: Any, pairs: Sequence[tuple[str, str]]) -> None:
    """Label/value pairs, two per row, so a face sheet fits on one or two pages."""
    rows = (len(pairs) + 1) // 2
    table = doc.add_table(rows=rows, cols=4)
    table.style = "Table Grid"
    for n, (label, tag) in enumerate(pairs):
        cells = table.rows[n // 2].cells
        label_cell, value_cell = cells[(n % 2) * 2], cells[(n % 2) * 2 + 1]
        label_cell.text = label
        label_cell.paragraphs[0].runs[0].bold = True
        _shade(label_cell)
        value_cell.text = _tag(tag)
    _set_widths(table, PAIR_WIDTHS)


# Column widths in inches (the page is 6.9 inches wide inside the margins), by header row.
WIDTHS: dict[tuple[str, ...], tuple[float, ...]] = {
    ("#", "Youth ID", "Name", "Why on the agenda"): (0.4, 0.9, 1.8, 3.8),
    ("Referred", "Service", "Referred to", "Status", "Outcome"): (0.95, 1.5, 2.25, 1.0, 1.2),
    ("Meeting", "Decisions", "Action", "Owner", "Due", "Done"): (0.9, 1.8, 1.7, 1.2, 0.85, 0.45),
    ("Cohort", "Start", "Sessions attended", "Completed"): (2.0, 1.6, 1.8, 1.5),
    ("Name", "Agency", "Role", "Confidentiality form", "Signature"): (1.5, 1.7, 1.0, 1.3, 1.4),
}
PAIR_WIDTHS = (1.25, 2.2, 1.25, 2.2)


def _set_widths(table: Any, inches: Sequence[float]) -> None:
    """Word reads the cell widths, LibreOffice the grid: set both."""
    from docx.shared import Inches

    table.autofit = False
    for column, width in zip(table.columns, inches, strict=True):
        column.width = Inches(width)
        for cell in column.cells:
            cell.width = Inches(width)


def _loop_table(doc: Any, headers: Sequence[str], loop: str, cells: Sequence[str]) -> None:
    """A table with one row per item of ``loop`` (docxtpl's ``{%tr %}`` rows)."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell)
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for cell, tag in zip(table.rows[2].cells, cells, strict=True):
        cell.text = _tag(tag) if tag else ""
    table.rows[3].cells[0].text = "{%tr endfor %}"
    if tuple(headers) in WIDTHS:
        _set_widths(table, WIDTHS[tuple(headers)])


def _list_or(
    doc: Any, listname: str, sentence: str, headers: Sequence[str], loop: str, cells: Sequence[str]
) -> None:
    """The table when ``listname`` has items, else one plain sentence."""
    doc.add_paragraph("{%p if " + listname + " %}")
    _loop_table(doc, headers, loop, cells)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph(sentence)
    doc.add_paragraph("{%p endif %}")


def face_sheet() -> Any:
    doc = _docx()
    doc.add_paragraph("Face sheet: {{ youth.youth_id }}", style="Title")
    doc.add_paragraph(
        "Case review of {{ meeting_date }} · {{ section }} · on the agenda because: {{ reasons }}"
    )
    doc.add_heading("Identification", level=1)
    _pairs(
        doc,
        [
            ("Name", "youth.name"),
            ("Youth ID", "youth.youth_id"),
            ("Date of birth", "youth.date_of_birth"),
            ("Age", "youth.age"),
        ],
    )
    doc.add_heading("Background", level=1)
    _pairs(
        doc,
        [
            ("Gender", "youth.gender"),
            ("Race/ethnicity", "youth.race_ethnicity"),
            ("Language", "youth.primary_language"),
            ("City", "youth.city"),
            ("Referred", "youth.referral_date"),
            ("Referred by", "youth.referral_source"),
            ("Exploitation", "youth.exploitation_status"),
            ("Advocate", "youth.advocate"),
        ],
    )
    doc.add_heading("System involvement", level=1)
    _pairs(
        doc,
        [
            ("Probation", "youth.probation"),
            ("Child welfare", "youth.child_welfare"),
            ("Girls Court", "youth.girls_court"),
            ("Custody status", "youth.custody_status"),
            ("Custody since", "youth.custody_change_date"),
        ],
    )
    doc.add_heading("Pending case", level=1)
    _pairs(
        doc,
        [
            ("Case number", "youth.case_number"),
            ("Next court date", "youth.next_court_date"),
            ("Attorney", "youth.attorney"),
            ("Charges", "youth.charges"),
        ],
    )
    doc.add_heading("Safety", level=1)
    _pairs(
        doc,
        [("Safety level", "youth.safety_level"), ("Exploitation type", "youth.exploitation_type")],
    )
    doc.add_paragraph().add_run("Current safety concerns").bold = True
    doc.add_paragraph("{{ youth.current_safety_concerns }}")
    doc.add_paragraph().add_run("Past safety concerns").bold = True
    doc.add_paragraph("{{ youth.past_safety_concerns }}")
    doc.add_heading("Risk factors present", level=1)
    doc.add_paragraph("{{ risk_factors_text }}")
    doc.add_heading("Victimization history", level=1)
    doc.add_paragraph("{{ youth.victimization_history }}")
    doc.add_heading("Referrals: open and recent", level=1)
    _list_or(
        doc,
        "referrals",
        "No open or recent referrals.",
        ("Referred", "Service", "Referred to", "Status", "Outcome"),
        "r in referrals",
        ("r.referral_date", "r.service", "r.referred_to", "r.status", "r.outcome_date"),
    )
    doc.add_heading("Last reviews: decisions and actions", level=1)
    _list_or(
        doc,
        "reviews",
        "Not reviewed before.",
        ("Meeting", "Decisions", "Action", "Owner", "Due", "Done"),
        "m in reviews",
        (
            "m.meeting_date",
            "m.decisions",
            "m.action_item",
            "m.action_owner",
            "m.action_due",
            "m.action_done",
        ),
    )
    doc.add_heading("YWSP participation", level=1)
    _list_or(
        doc,
        "ywsp",
        "Not in YWSP.",
        ("Cohort", "Start", "Sessions attended", "Completed"),
        "w in ywsp",
        ("w.cohort", "w.start_date", "w.sessions_attended", "w.completed"),
    )
    notes = doc.add_paragraph()
    notes.add_run("Notes: ").bold = True
    notes.add_run("{{ youth.notes }}")
    return doc


def agenda() -> Any:
    doc = _docx()
    _letterhead(doc, "Case review agenda")
    doc.add_paragraph(
        "{{ meeting_date }} · {{ settings.meeting_time }} · {{ settings.meeting_location }}"
    )
    doc.add_paragraph(
        "Facilitator: {{ settings.facilitator }} · Youths to discuss: {{ youth_count }}"
    )
    doc.add_paragraph("{%p for s in sections %}")
    doc.add_heading("{{ s.name }}", level=1)
    _loop_table(
        doc,
        ("#", "Youth ID", "Name", "Why on the agenda"),
        "y in s.youths",
        ("y.number", "y.youth_id", "y.name", "y.reasons"),
    )
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph(
        "Face sheets follow in the order above, each on its own page. Collect every copy "
        "at the end of the meeting."
    )
    return doc


def sign_in() -> Any:
    doc = _docx()
    _letterhead(doc, "Sign-in sheet")
    doc.add_paragraph("Case review of {{ meeting_date }} · {{ settings.meeting_location }}")
    doc.add_paragraph(
        "Only members whose confidentiality form is on file may take part. By signing you "
        "confirm you will keep everything discussed confidential."
    )
    _list_or(
        doc,
        "members",
        "No active members on the Members sheet.",
        ("Name", "Agency", "Role", "Confidentiality form", "Signature"),
        "m in members",
        ("m.name", "m.agency", "m.role", "m.form_on_file", ""),
    )
    return doc


def mou() -> Any:
    doc = _docx()
    _letterhead(doc, "Memorandum of Understanding")
    doc.add_paragraph("Between {{ settings.lead_agency }} and {{ agency.agency }}")
    doc.add_paragraph("Date: {{ today }}")
    for text in (
        "{{ agency.agency }} joins the {{ settings.program_name }} multi-disciplinary case review "
        "of {{ settings.county }}, which meets each {{ settings.meeting_weekday }} at "
        "{{ settings.meeting_time }} to keep commercially sexually exploited children and "
        "youths at risk safe.",
        "{{ agency.agency }} agrees to send a representative who has signed the confidentiality "
        "agreement, to share what it lawfully may about the youths discussed, to carry out the "
        "actions it accepts by the dates agreed, and to keep every case review document "
        "confidential: no copies, no forwarding, every printed copy returned at the end of the "
        "meeting.",
        "{{ settings.lead_agency }} agrees to prepare the agenda and face sheets, to send them "
        "only to members whose confidentiality agreement is on file, protected by a password, "
        "and to keep the records of the case review secure.",
        "This memorandum runs for one year from signature and may be ended by either party "
        "in writing.",
    ):
        doc.add_paragraph(text)
    doc.add_heading("Agency contact", level=1)
    _pairs(
        doc,
        [
            ("Agency", "agency.agency"),
            ("Type", "agency.type"),
            ("Contact", "agency.contact_name"),
            ("Email", "agency.email"),
            ("Phone", "agency.phone"),
            ("MOU expires", "agency.mou_expires"),
        ],
    )
    _signatures(
        doc,
        ["{{ agency.contact_name }}, for {{ agency.agency }}", "For {{ settings.lead_agency }}"],
    )
    return doc


def confidentiality() -> Any:
    doc = _docx()
    _letterhead(doc, "Confidentiality agreement")
    doc.add_paragraph("Date: {{ today }}")
    for text in (
        "I, {{ member.name }}, {{ member.role }} at {{ member.agency }}, take part in the "
        "{{ settings.program_name }} case review of {{ settings.county }}.",
        "I will not disclose anything I learn at the case review, or from its agenda, face "
        "sheets or emails, to anyone outside the table, except as the law requires. I will not "
        "copy, photograph or forward case review documents; I will return every printed copy "
        "at the end of the meeting and delete emailed copies when I no longer need them. I "
        "will keep the packet's password apart from the packet.",
        "I understand that breaking this agreement may end my agency's participation and may "
        "be unlawful.",
    ):
        doc.add_paragraph(text)
    _pairs(
        doc,
        [
            ("Name", "member.name"),
            ("Agency", "member.agency"),
            ("Role", "member.role"),
            ("Email", "member.email"),
        ],
    )
    _signatures(doc, ["{{ member.name }}", "Witness, for {{ settings.lead_agency }}"])
    return doc


def _signatures(doc: Any, who: Sequence[str]) -> None:
    for line in who:
        doc.add_paragraph("")
        doc.add_paragraph("Signature: ______________________________   Date: ______________")
        doc.add_paragraph(line)


MAKERS = {
    "agenda.docx": agenda,
    "face_sheet.docx": face_sheet,
    "sign_in.docx": sign_in,
    "mou.docx": mou,
    "confidentiality.docx": confidentiality,
}


def make_default_templates(folder: Path, names: Sequence[str] | None = None) -> list[Path]:
    """Write the default templates (all, or those named) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names or MAKERS:
        path = folder / name
        MAKERS[name]().save(path)
        written.append(stable_zip(path))
    return written


def stable_zip(path: Path) -> Path:
    """Rewrite a .docx with fixed entry dates, so making the templates again changes no byte."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            target.writestr(
                zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)),
                data,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return path

"""The default Word templates, made with python-docx.

Staff edit the committed .docx files in Word; this code only makes the first
version (and makes them again when asked). Every template carries the same
confidentiality header, page numbers and a letterhead filled from Settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .docx_parts import (
    labelled,
    letterhead,
    loop_table,
    new_document,
    pairs_table,
    ruled_lines,
    signature_lines,
    stable_zip,
    table_or_sentence,
)


def face_sheet() -> Any:
    """One page per youth: who, where the case stands, what the table must act on, notes."""
    doc = new_document()
    doc.add_paragraph("Face sheet: {{ youth.youth_id }}", style="Title")
    doc.add_paragraph(
        "Case review of {{ meeting_date }} · {{ section }} · on the agenda because: {{ reasons }}"
    )
    release_line(doc)
    doc.add_heading("Youth", level=1)
    pairs_table(
        doc,
        [
            ("Name", "youth.name"),
            ("Youth ID", "youth.youth_id"),
            ("Date of birth", "youth.date_of_birth"),
            ("Age", "youth.age"),
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
    doc.add_heading("System involvement and pending case", level=1)
    pairs_table(
        doc,
        [
            ("Probation", "youth.probation"),
            ("Custody status", "youth.custody_status"),
            ("Child welfare", "youth.child_welfare"),
            ("Custody since", "youth.custody_change_date"),
            ("Girls Court", "youth.girls_court"),
            ("Case number", "youth.case_number"),
            ("Next court date", "youth.next_court_date"),
            ("Attorney", "youth.attorney"),
            ("Charges", "youth.charges"),
        ],
    )
    doc.add_heading("Safety and plans", level=1)
    pairs_table(
        doc,
        [
            ("Safety level", "youth.safety_level"),
            ("Exploitation type", "youth.exploitation_type"),
            ("Safety plan", "safety_plan"),
            ("Aftercare plan", "aftercare_plan"),
            ("Next review", "next_review_date"),
            ("Overdue actions", "overdue_actions"),
        ],
    )
    labelled(doc, "Current safety concerns", "{{ youth.current_safety_concerns }}")
    labelled(doc, "Past safety concerns", "{{ youth.past_safety_concerns }}")
    labelled(doc, "Risk factors present", "{{ risk_factors_text }}")
    labelled(doc, "Victimization history", "{{ youth.victimization_history }}")
    doc.add_heading("Referrals: open and recent", level=1)
    table_or_sentence(
        doc,
        "referrals",
        "No open or recent referrals.",
        ("Referred", "Service", "Referred to", "Status", "Outcome"),
        "r in referrals",
        ("r.referral_date", "r.service", "r.referred_to", "r.status", "r.outcome_date"),
    )
    doc.add_paragraph("{%p if referrals_more %}")
    doc.add_paragraph("{{ referrals_more }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Last reviews: decisions and actions", level=1)
    table_or_sentence(
        doc,
        "reviews",
        "Not reviewed before.",
        ("Meeting", "Decisions", "Action", "Owner", "Due", "Status"),
        "m in reviews",
        (
            "m.meeting_date",
            "m.decisions",
            "m.action_item",
            "m.action_owner",
            "m.action_due",
            "m.action_state",
        ),
    )
    doc.add_paragraph("{%p for w in ywsp %}")
    labelled(
        doc,
        "YWSP",
        "{{ w.cohort }} cohort from {{ w.start_date }}: {{ w.sessions_attended }} sessions "
        "attended; completed: {{ w.completed }}",
    )
    doc.add_paragraph("{%p else %}")
    labelled(doc, "YWSP", "not in YWSP")
    doc.add_paragraph("{%p endfor %}")
    labelled(doc, "Notes", "{{ youth.notes }}")
    doc.add_heading("Today's review", level=1)
    ruled_lines(doc, ("Decisions", "Actions: who, by when", "", "Plans; next review"))
    return doc


def release_line(doc: Any) -> None:
    """``release_note`` in bold, on a line of its own only when there is one (Require
    Releases = Y), so a packet for every agency prints as it did before releases."""
    doc.add_paragraph("{%p if release_note %}")
    doc.add_paragraph().add_run("{{ release_note }}").bold = True
    doc.add_paragraph("{%p endif %}")


def agenda() -> Any:
    doc = new_document()
    letterhead(doc, "Case review agenda")
    doc.add_paragraph(
        "{{ meeting_date }} · {{ settings.meeting_time }} · {{ settings.meeting_location }}"
    )
    doc.add_paragraph(
        "Facilitator: {{ settings.facilitator }} · Youths to discuss: {{ youth_count }}"
    )
    release_line(doc)
    doc.add_paragraph("{%p for s in sections %}")
    doc.add_heading("{{ s.name }}", level=1)
    loop_table(
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
    doc = new_document()
    letterhead(doc, "Sign-in sheet")
    doc.add_paragraph("Case review of {{ meeting_date }} · {{ settings.meeting_location }}")
    doc.add_paragraph(
        "Only members whose confidentiality form is on file may take part. By signing you "
        "confirm you will keep everything discussed confidential."
    )
    table_or_sentence(
        doc,
        "members",
        "No active members on the Members sheet.",
        ("Name", "Agency", "Role", "Confidentiality form", "Signature"),
        "m in members",
        ("m.name", "m.agency", "m.role", "m.form_on_file", ""),
        min_height=0.34,
    )
    return doc


def mou() -> Any:
    doc = new_document()
    letterhead(doc, "Memorandum of Understanding")
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
        "{{ release_rule }}",
        "This memorandum runs for one year from signature and may be ended by either party "
        "in writing.",
    ):
        doc.add_paragraph(text)
    doc.add_heading("Agency contact", level=1)
    pairs_table(
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
    signature_lines(
        doc,
        ["{{ agency.contact_name }}, for {{ agency.agency }}", "For {{ settings.lead_agency }}"],
    )
    return doc


def confidentiality() -> Any:
    doc = new_document()
    letterhead(doc, "Confidentiality agreement")
    doc.add_paragraph("Date: {{ today }}")
    for text in (
        "I, {{ member.name }}, {{ member.role }} at {{ member.agency }}, take part in the "
        "{{ settings.program_name }} case review of {{ settings.county }}.",
        "I will not disclose anything I learn at the case review, or from its agenda, face "
        "sheets or emails, to anyone outside the table, except as the law requires. I will not "
        "copy, photograph or forward case review documents; I will return every printed copy "
        "at the end of the meeting and delete emailed copies when I no longer need them. I "
        "will keep the packet's password apart from the packet.",
        "{{ release_rule }}",
        "I understand that breaking this agreement may end my agency's participation and may "
        "be unlawful.",
    ):
        doc.add_paragraph(text)
    pairs_table(
        doc,
        [
            ("Name", "member.name"),
            ("Agency", "member.agency"),
            ("Role", "member.role"),
            ("Email", "member.email"),
        ],
    )
    signature_lines(doc, ["{{ member.name }}", "Witness, for {{ settings.lead_agency }}"])
    return doc


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

"""The ``{{ fields }}`` each Word template may use, generated from the schema.

One list feeds three things: templates/README.md (what staff may type in
Word), the sample contexts tests render every template with, and the check
that the real context builders provide exactly these fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..schema import AGENCIES, MEETINGS, MEMBERS, REFERRALS, SETTINGS, YOUTHS, YWSP, Sheet

TEMPLATE_NAMES: tuple[str, ...] = (
    "agenda.docx",
    "face_sheet.docx",
    "sign_in.docx",
    "mou.docx",
    "confidentiality.docx",
)


@dataclass(frozen=True)
class Field:
    """``path`` as a template writes it; ``[]`` marks a list to loop over."""

    path: str
    about: str


def _sheet_fields(prefix: str, sheet: Sheet) -> list[Field]:
    return [
        Field(f"{prefix}.{c.field}", f'"{c.header}" on the {sheet.name} sheet')
        for c in sheet.columns
    ]


def _common() -> list[Field]:
    fields = [Field(f"settings.{s.field}", f'the "{s.label}" setting') for s in SETTINGS]
    fields.append(Field("copy_label", 'e.g. "Copy 3 of 12 — issued to …"; blank when not numbered'))
    return fields


def _face_sheet() -> list[Field]:
    """The reviews are the last three before the meeting plus older ones still overdue."""
    return [
        Field("meeting_date", "the meeting date, e.g. 2 Dec 2026"),
        Field("section", "New case, In custody or Out of custody"),
        Field("reasons", "why the youth is on this agenda"),
        *_sheet_fields("youth", YOUTHS),
        Field("youth.name", "first and last name"),
        Field("youth.age", "age in whole years on the meeting date"),
        Field(
            "risk_factors[]",
            "the names of the risk factors marked Y (loop: {% for r in risk_factors %})",
        ),
        Field(
            "risk_factors_text", 'the risk factors marked Y, comma-separated, or "None recorded"'
        ),
        Field(
            "safety_plan",
            "Safety Plan from the latest earlier meeting that recorded it, with its date "
            '("Yes, 4 Nov 2026"), or "Not recorded"',
        ),
        Field("aftercare_plan", "Aftercare Plan, the same way"),
        Field(
            "next_review_date",
            "the Next Review Date the latest earlier meeting set, and when it was set",
        ),
        Field(
            "overdue_actions",
            'how many actions are overdue (due before the meeting, not done), or "None"',
        ),
        *_sheet_fields("referrals[]", REFERRALS),
        Field(
            "referrals_more",
            "how many settled referrals of the last months were left off, in a sentence; "
            "blank when none were (every open referral is always listed)",
        ),
        *_sheet_fields("reviews[]", MEETINGS),
        Field(
            "reviews[].action_state",
            "Done, Open or OVERDUE (due before the meeting and not done); — when no action. "
            "The reviews are the last three before the meeting and any older one still overdue",
        ),
        *_sheet_fields("ywsp[]", YWSP),
        Field(
            "release_note",
            "with Require Releases = Y, in an agency's copy: whether this youth is shown in "
            "full or without identifying details, and why; blank otherwise",
        ),
    ]


def _agenda() -> list[Field]:
    return [
        Field("meeting_date", "the meeting date"),
        Field("youth_count", "how many youths are on the agenda"),
        Field("sections[].name", "New case, In custody or Out of custody"),
        Field(
            "sections[].youths[].number", "the line number, which is also the face sheet's order"
        ),
        Field("sections[].youths[].youth_id", "the Youth ID"),
        Field("sections[].youths[].name", "first and last name"),
        Field("sections[].youths[].reasons", "why the youth is on this agenda"),
        Field(
            "release_note",
            "with Require Releases = Y, whose copy this is and which youths it shows "
            "without identifying details, and why; blank otherwise",
        ),
    ]


def _sign_in() -> list[Field]:
    return [
        Field("meeting_date", "the meeting date"),
        *_sheet_fields("members[]", MEMBERS),
        Field("members[].form_on_file", "whether the confidentiality form is on file, in words"),
    ]


_RELEASE_RULE = Field(
    "release_rule",
    "the table's rule on releases of information in one sentence, from the Require "
    "Releases setting",
)


def _mou() -> list[Field]:
    return [
        Field("today", "the date the document was made"),
        *_sheet_fields("agency", AGENCIES),
        _RELEASE_RULE,
    ]


def _confidentiality() -> list[Field]:
    return [
        Field("today", "the date the document was made"),
        *_sheet_fields("member", MEMBERS),
        _RELEASE_RULE,
    ]


def template_fields() -> dict[str, list[Field]]:
    """Every template and the fields it may use, in the order the README lists them."""
    own = {
        "agenda.docx": _agenda(),
        "face_sheet.docx": _face_sheet(),
        "sign_in.docx": _sign_in(),
        "mou.docx": _mou(),
        "confidentiality.docx": _confidentiality(),
    }
    return {name: own[name] + _common() for name in TEMPLATE_NAMES}


def context_paths(context: Any, prefix: str = "") -> set[str]:
    """The field paths a context provides, written as fields.py writes them."""
    paths: set[str] = set()
    if isinstance(context, dict):
        for key, value in context.items():
            paths |= context_paths(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(context, list):
        if context and isinstance(context[0], (dict, list)):
            for item in context:
                paths |= context_paths(item, f"{prefix}[]")
        else:
            paths.add(f"{prefix}[]")
    else:
        paths.add(prefix)
    return paths


def sample_context(template: str, text: str = "Sample", items: int = 2) -> dict[str, Any]:
    """A context giving every field of ``template`` a value; ``text`` fills the strings."""
    context: dict[str, Any] = {}
    for field in template_fields()[template]:
        _put(context, field.path.split("."), text, items)
    return context


def _put(node: dict[str, Any], parts: list[str], text: str, items: int) -> None:
    head, rest = parts[0], parts[1:]
    if head.endswith("[]"):
        key = head[:-2]
        if not rest:
            node[key] = [f"{text} {n}" for n in range(1, items + 1)]
            return
        entries = node.setdefault(key, [{} for _ in range(items)])
        for entry in entries:
            _put(entry, rest, text, items)
    elif rest:
        _put(node.setdefault(head, {}), rest, text, items)
    else:
        node[head] = text


def readme_text() -> str:
    """templates/README.md, written by scripts/make_templates.py."""
    lines = [
        "# Word templates",
        "",
        "The program fills these Word files to make the packet, the MOU and the",
        "confidentiality form. Change anything you like in Word — letterhead, wording,",
        "fonts, logo — but keep the `{{ tags }}`: they are the contract with the program.",
        "A tag naming a field that is not listed below stops the program with a message",
        "naming the template and the tag.",
        "",
        "Lists are filled with a loop. In a table, put `{%tr for r in referrals %}` in a",
        "row of its own, the row to repeat below it (`{{ r.service }}`, …), and",
        "`{%tr endfor %}` in a row below that. In running text use `{%p for … %}` /",
        "`{%p endfor %}` on paragraphs of their own.",
        "",
        "Where the program looks: a folder named `templates` beside SafetyNet.xlsm when there",
        "is one (copy this folder there to keep your edited templates with the workbook;",
        "it must then hold every template), otherwise the templates installed with the program.",
        "To make the default templates again: `python scripts/make_templates.py`.",
        "",
        "Every value is text, already formatted: dates read like `3 Dec 2026`, Y/N",
        "columns read `Yes` / `No`, and a blank reads `—`.",
        "",
        "This file is generated from the program's data dictionary; do not edit it by hand.",
        "",
    ]
    for name, fields in template_fields().items():
        lines += [f"## {name}", "", "| field | what it is |", "|---|---|"]
        lines += [f"| `{f.path}` | {f.about} |" for f in fields]
        lines.append("")
    lines += _funder_lines()
    return "\n".join(lines)


def _funder_lines() -> list[str]:
    """The funder report's fields, kept by the module that fills it."""
    try:
        from . import funder_template
    except ImportError:
        return []
    lines = [
        f"## {funder_template.TEMPLATE_NAME}",
        "",
        "Only masked, non-identifying counts: no youth appears in it.",
        "",
        "| field | what it is |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {about} |" for name, about in funder_template.FIELDS.items()]
    return [*lines, ""]

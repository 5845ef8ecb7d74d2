"""Building blocks of the default templates: page, confidential header, tables of tags.

Kept apart from the templates themselves so each template reads as a list of
what is on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

CONFIDENTIAL = "CONFIDENTIAL — SafetyNet case review — do not copy or forward"
_FONT = "Calibri"


def new_document() -> Any:
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
    header_footer(section)
    return doc


def add_field(paragraph: Any, instruction: str) -> None:
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


def header_footer(section: Any) -> None:
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
    add_field(footer, "PAGE")
    footer.add_run(" of ").font.size = Pt(8)
    add_field(footer, "NUMPAGES")


def letterhead(doc: Any, title: str) -> None:
    from docx.shared import Pt

    top = doc.add_paragraph()
    run = top.add_run("{{ settings.program_name }} · {{ settings.county }}")
    run.bold = True
    run.font.size = Pt(12)
    doc.add_paragraph("{{ settings.lead_agency }}")
    doc.add_paragraph(title, style="Title")


def shade(cell: Any, fill: str = "E7E6E6") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def field_tag(expression: str) -> str:
    return "{{ " + expression + " }}"


def pairs_table(doc: Any, pairs: Sequence[tuple[str, str]]) -> None:
    """Label/value pairs, two per row, so a face sheet fits on one or two pages."""
    rows = (len(pairs) + 1) // 2
    table = doc.add_table(rows=rows, cols=4)
    table.style = "Table Grid"
    for n, (label, tag) in enumerate(pairs):
        cells = table.rows[n // 2].cells
        label_cell, value_cell = cells[(n % 2) * 2], cells[(n % 2) * 2 + 1]
        label_cell.text = label
        label_cell.paragraphs[0].runs[0].bold = True
        shade(label_cell)
        value_cell.text = field_tag(tag)
    set_widths(table, PAIR_WIDTHS)


# Column widths in inches (the page is 6.9 inches wide inside the margins), by header row.
WIDTHS: dict[tuple[str, ...], tuple[float, ...]] = {
    ("#", "Youth ID", "Name", "Why on the agenda"): (0.4, 0.9, 1.8, 3.8),
    ("Referred", "Service", "Referred to", "Status", "Outcome"): (0.95, 1.5, 2.25, 1.0, 1.2),
    ("Meeting", "Decisions", "Action", "Owner", "Due", "Done"): (0.9, 1.8, 1.7, 1.2, 0.85, 0.45),
    ("Cohort", "Start", "Sessions attended", "Completed"): (2.0, 1.6, 1.8, 1.5),
    ("Name", "Agency", "Role", "Confidentiality form", "Signature"): (1.5, 1.7, 1.0, 1.3, 1.4),
}
PAIR_WIDTHS = (1.25, 2.2, 1.25, 2.2)


def set_widths(table: Any, inches: Sequence[float]) -> None:
    """Word reads the cell widths, LibreOffice the grid: set both."""
    from docx.shared import Inches

    table.autofit = False
    for column, width in zip(table.columns, inches, strict=True):
        column.width = Inches(width)
        for cell in column.cells:
            cell.width = Inches(width)


def loop_table(doc: Any, headers: Sequence[str], loop: str, cells: Sequence[str]) -> None:
    """A table with one row per item of ``loop`` (docxtpl's ``{%tr %}`` rows)."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
        shade(cell)
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for cell, tag in zip(table.rows[2].cells, cells, strict=True):
        cell.text = field_tag(tag) if tag else ""
    table.rows[3].cells[0].text = "{%tr endfor %}"
    if tuple(headers) in WIDTHS:
        set_widths(table, WIDTHS[tuple(headers)])


def table_or_sentence(
    doc: Any, listname: str, sentence: str, headers: Sequence[str], loop: str, cells: Sequence[str]
) -> None:
    """The table when ``listname`` has items, else one plain sentence."""
    doc.add_paragraph("{%p if " + listname + " %}")
    loop_table(doc, headers, loop, cells)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph(sentence)
    doc.add_paragraph("{%p endif %}")


def signature_lines(doc: Any, who: Sequence[str]) -> None:
    for line in who:
        doc.add_paragraph("")
        doc.add_paragraph("Signature: ______________________________   Date: ______________")
        doc.add_paragraph(line)


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

"""The default funder report template (templates/funder_report.docx), made with python-docx.

Staff may restyle it in Word (letterhead, wording); the ``{{ tags }}`` below
are the contract with ``documents.funder``. The report carries only masked,
non-identifying counts, so its header says that instead of "confidential".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TEMPLATE_NAME = "funder_report.docx"
HEADER = "Aggregate counts only: no personally identifying information"
FIELDS: dict[str, str] = {
    "program_name": "Program Name from Settings",
    "county": "County from Settings",
    "lead_agency": "Lead Agency from Settings",
    "month_label": "The report month, e.g. October 2026",
    "fiscal_year": "The federal fiscal year, e.g. 2027",
    "fiscal_year_start": "The first month of the fiscal year, e.g. October 2026",
    "masking_rule": "The masking rule in one sentence",
    "rows": "Table rows: row.label, row.month, row.ytd (section rows have blank counts)",
    "chart": "The picture of new youths per month (masked months are labelled, not drawn)",
    "definitions": "How youths, services and reviews are counted",
    "prepared": "The date the report was made",
}


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def make_funder_template(path: str | Path) -> Path:
    """Write the default funder report template at ``path`` and return the path."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(0.8)
    section.top_margin = section.bottom_margin = Inches(0.7)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(3)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = header.add_run(HEADER)
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{ program_name }} · {{ county }} · prepared {{ prepared }}").font.size = Pt(8)

    top = doc.add_paragraph()
    lead = top.add_run("{{ program_name }} · {{ county }}")
    lead.bold = True
    lead.font.size = Pt(12)
    doc.add_paragraph("{{ lead_agency }}")
    title = doc.add_paragraph("Monthly report to funders: {{ month_label }}", style="Title")
    title.runs[0].font.size = Pt(18)
    doc.add_paragraph(
        "Federal fiscal year {{ fiscal_year }}: the year to date runs from "
        "{{ fiscal_year_start }} through {{ month_label }}. Categories follow the OVC VOCA "
        "Performance Measurement Tool."
    )
    rule = doc.add_paragraph("{{ masking_rule }}")
    rule.runs[0].italic = True

    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("Measure", "{{ month_label }}", "Year to date"), strict=True
    ):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell, "DCE6F1")
    table.rows[1].cells[0].text = "{%tr for row in rows %}"
    for cell, tag in zip(table.rows[2].cells, ("row.label", "row.month", "row.ytd"), strict=True):
        cell.text = "{{ " + tag + " }}"
    for cell in table.rows[2].cells[1:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table.rows[3].cells[0].text = "{%tr endfor %}"
    widths = (Inches(4.3), Inches(1.3), Inches(1.3))
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width

    doc.add_paragraph()
    doc.add_paragraph("{{ chart }}")
    doc.add_heading("How the numbers are counted", level=2)
    doc.add_paragraph("{{ definitions }}")

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path

"""The default funder report template (templates/funder_report.docx), made with python-docx.

Staff may restyle it in Word (letterhead, wording); the ``{{ tags }}`` below
are the contract with ``documents.funder``. The report carries only masked,
non-identifying counts, so its header says that instead of "confidential".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .docx_parts import drop_styles_with_effects, keep_rows_whole, repeat_header, set_widths

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
    "rows": "Table rows: row.label, row.month, row.ytd; row.heading is true for a section's "
    "heading row (its counts are blank)",
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
    drop_styles_with_effects(doc)
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

    table = doc.add_table(rows=8, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("Measure", "{{ month_label }}", "Year to date"), strict=True
    ):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell, "DCE6F1")
    # Rows 1-7: for each row, a section heading row or a measure row.
    for index, tag in ((1, "{%tr for row in rows %}"), (2, "{%tr if row.heading %}")):
        table.rows[index].cells[0].text = tag
    widths = (Inches(4.3), Inches(1.3), Inches(1.3))
    set_widths(table, [w.inches for w in widths])  # before merging: a merged cell sums its widths
    heading = table.rows[3].cells
    heading[0].merge(heading[2]).text = "{{ row.label }}"
    heading[0].paragraphs[0].runs[0].bold = True
    _shade(heading[0], "F2F2F2")
    heading[0].paragraphs[0].paragraph_format.keep_with_next = True  # a heading never ends a page
    table.rows[4].cells[0].text = "{%tr else %}"
    for cell, tag in zip(table.rows[5].cells, ("row.label", "row.month", "row.ytd"), strict=True):
        cell.text = "{{ " + tag + " }}"
    for cell in table.rows[5].cells[1:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table.rows[6].cells[0].text = "{%tr endif %}"
    table.rows[7].cells[0].text = "{%tr endfor %}"
    repeat_header(table.rows[0])
    keep_rows_whole(table)  # a row split over a page break left an empty bordered strip on page 2

    doc.add_paragraph()
    doc.add_paragraph("{{ chart }}")
    doc.add_heading("How the numbers are counted", level=2)
    doc.add_paragraph("{{ definitions }}")

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path

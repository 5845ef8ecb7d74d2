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


PAGE_WIDTH, SIDE_MARGIN = 8.5, 0.75
CONTENT_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN  # inches between the margins
TABLE_TEXT = "Table Text"  # the paragraph style of every table cell


def new_document() -> Any:
    """A Letter page with the confidential header, in Calibri (Carlito stands in for PDFs)."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Inches, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(PAGE_WIDTH), Inches(11)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Inches(SIDE_MARGIN))
    section.top_margin = section.bottom_margin = Inches(0.65)
    section.header_distance = section.footer_distance = Inches(0.35)
    normal = doc.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.line_spacing = 1.0  # python-docx's default 1.15 costs a line in eight
    for name, size in (("Title", 15), ("Heading 1", 11), ("Heading 2", 11)):
        style = doc.styles[name]
        style.font.name = _FONT
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(6 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(2)
        style.paragraph_format.keep_with_next = True
    cells = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = normal
    cells.font.size = Pt(9)
    cells.paragraph_format.space_after = Pt(0)
    header_footer(section)
    drop_styles_with_effects(doc)
    return doc


def drop_styles_with_effects(doc: Any) -> None:
    """Leave out python-docx's stale Word 2010 copy of the styles (stylesWithEffects.xml).

    It no longer matches styles.xml once the styles above are changed, and a
    copy that disagrees is what makes Word offer to repair a file; Word
    rebuilds the part itself when it needs it. It is also 430 KB of the 470.
    """
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rel_id]


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


def _cell_text(cell: Any, text: str, bold: bool = False) -> None:
    cell.text = text
    paragraph = cell.paragraphs[0]
    paragraph.style = TABLE_TEXT
    if bold and paragraph.runs:
        paragraph.runs[0].bold = True


def _row_property(row: Any, tag: str) -> None:
    """Set a row property (``w:cantSplit``, ``w:tblHeader``) in the order the schema wants."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    if properties.find(qn(tag)) is not None:
        return
    element = OxmlElement(tag)
    if tag == "w:cantSplit":  # before trHeight and tblHeader
        properties.insert(0, element)
    else:
        properties.append(element)


def keep_rows_whole(table: Any) -> None:
    """No row breaks across pages: a split row leaves an empty bordered strip behind."""
    for row in table.rows:
        _row_property(row, "w:cantSplit")


def repeat_header(row: Any) -> None:
    """The header row repeats on every page the table runs onto, and keeps with the next row."""
    _row_property(row, "w:tblHeader")
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def pairs_table(
    doc: Any, pairs: Sequence[tuple[str, str]], widths: Sequence[float] | None = None
) -> None:
    """Label/value pairs, two per row, so a face sheet fits on one page."""
    rows = (len(pairs) + 1) // 2
    table = doc.add_table(rows=rows, cols=4)
    table.style = "Table Grid"
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].style = TABLE_TEXT
    for n, (label, tag) in enumerate(pairs):
        cells = table.rows[n // 2].cells
        label_cell, value_cell = cells[(n % 2) * 2], cells[(n % 2) * 2 + 1]
        _cell_text(label_cell, label, bold=True)
        shade(label_cell)
        _cell_text(value_cell, field_tag(tag))
    set_widths(table, widths or PAIR_WIDTHS)
    if len(pairs) % 2:  # the last value gets the whole row rather than an empty pair beside it
        last = table.rows[-1].cells
        last[1].merge(last[3])
    keep_rows_whole(table)


# Column widths in inches (7.0 inches inside the margins), by header row. Every header word and
# every date ("30 Sep 2026") fits its column whole in 9-point Calibri/Carlito, with the cell's
# 0.075-inch margins each side; tests/test_print_quality.py checks the PDF for broken words.
WIDTHS: dict[tuple[str, ...], tuple[float, ...]] = {
    ("#", "Youth ID", "Name", "Why on the agenda"): (0.35, 0.8, 1.65, 4.2),
    ("Referred", "Service", "Referred to", "Status", "Outcome"): (0.85, 1.55, 2.8, 0.9, 0.9),
    # Owner holds an agency's name ("Lindenbrook County Social Services Agency"): two lines
    # at most, not three, so a face sheet with a few reviews keeps to its page.
    ("Meeting", "Decisions", "Action", "Owner", "Due", "Status"): (
        0.85,
        1.5,
        1.3,
        1.72,
        0.85,
        0.78,
    ),
    ("Cohort", "Start", "Sessions attended", "Completed"): (2.2, 1.6, 1.6, 1.6),
    ("Name", "Agency", "Role", "Confidentiality form", "Signature"): (1.35, 1.9, 1.05, 1.45, 1.25),
}
PAIR_WIDTHS = (1.15, 2.35, 1.15, 2.35)


def set_widths(table: Any, inches: Sequence[float]) -> None:
    """Word reads the cell widths, LibreOffice the grid: set both."""
    from docx.shared import Inches

    table.autofit = False
    for column, width in zip(table.columns, inches, strict=True):
        column.width = Inches(width)
        for cell in column.cells:
            cell.width = Inches(width)


def loop_table(
    doc: Any,
    headers: Sequence[str],
    loop: str,
    cells: Sequence[str],
    min_height: float | None = None,
) -> None:
    """A table with one row per item of ``loop`` (docxtpl's ``{%tr %}`` rows).

    The header row repeats on each page and no row splits, whatever the item
    count; ``min_height`` (inches) leaves room to write, as on a sign-in sheet.
    """
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, header, bold=True)
        shade(cell)
    _cell_text(table.rows[1].cells[0], "{%tr for " + loop + " %}")
    for cell, tag in zip(table.rows[2].cells, cells, strict=True):
        _cell_text(cell, field_tag(tag) if tag else "")
    _cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    if min_height:
        from docx.enum.table import WD_ROW_HEIGHT_RULE
        from docx.shared import Inches

        table.rows[2].height = Inches(min_height)
        table.rows[2].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    repeat_header(table.rows[0])
    keep_rows_whole(table)
    if tuple(headers) in WIDTHS:
        set_widths(table, WIDTHS[tuple(headers)])


def table_or_sentence(
    doc: Any,
    listname: str,
    sentence: str,
    headers: Sequence[str],
    loop: str,
    cells: Sequence[str],
    min_height: float | None = None,
) -> None:
    """The table when ``listname`` has items, else one plain sentence."""
    doc.add_paragraph("{%p if " + listname + " %}")
    loop_table(doc, headers, loop, cells, min_height)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph(sentence)
    doc.add_paragraph("{%p endif %}")


def labelled(doc: Any, label: str, text: str) -> Any:
    """``Label: text`` as one paragraph: a bold label costs no line of its own."""
    paragraph = doc.add_paragraph()
    paragraph.add_run(label + ": ").bold = True
    paragraph.add_run(text)
    return paragraph


def _no_borders_but(table: Any, kept: Sequence[str]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    old = properties.find(qn("w:tblBorders"))
    if old is not None:
        properties.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        if side in kept:
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), "808080")
        else:
            edge.set(qn("w:val"), "nil")
        borders.append(edge)
    # tblBorders comes after tblStyle, tblW, jc, tblInd in CT_TblPr; before shd, tblLayout, tblLook
    later = [properties.find(qn(t)) for t in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")]
    following = next((e for e in later if e is not None), None)
    if following is not None:
        following.addprevious(borders)
    else:
        properties.append(borders)


def ruled_lines(doc: Any, prompts: Sequence[str], height: float = 0.25) -> None:
    """Ruled lines to write on, a prompt in small type at the left of some."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Inches, Pt, RGBColor

    table = doc.add_table(rows=len(prompts), cols=2)
    _no_borders_but(table, ("bottom", "insideH"))
    for row, prompt in zip(table.rows, prompts, strict=True):
        row.height = Inches(height)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _cell_text(row.cells[0], prompt)
        _cell_text(row.cells[1], "")
        for run in row.cells[0].paragraphs[0].runs:
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    keep_rows_whole(table)
    set_widths(table, (1.3, CONTENT_WIDTH - 1.3))


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

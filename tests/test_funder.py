"""The funder report: Word from the template, masked counts only, no names, PDF when possible."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from helpers.stats_books import TODAY, YOUTH_ROWS, hand_counted_book

from safetynet.core.monthly import masked_rows, monthly_table
from safetynet.documents.funder import (
    chart_png,
    funder_report_name,
    report_rows,
    write_funder_report,
)
from safetynet.documents.funder_template import FIELDS, make_funder_template
from safetynet.documents.render import BrokenTemplate
from safetynet.operations.monthly import monthly_report


def docx_text(path) -> str:
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs + section.footer.paragraphs)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def december():
    book = hand_counted_book()
    table = monthly_table(
        book["Youths"], book["Referrals"], book["Meetings"], book["YWSP"], pd.Period("2025-12")
    )
    return table, masked_rows(table, 11)


def test_file_name_holds_the_month_and_nothing_else():
    assert funder_report_name(pd.Period("2026-10")) == "SafetyNet funder report 2026-10.docx"


def test_template_holds_every_field(tmp_path):
    text = docx_text(make_funder_template(tmp_path / "funder_report.docx"))
    for name in FIELDS:
        assert name in text, name


def test_report_rows_take_the_month_and_year_to_date(december):
    table, shown = december
    rows = report_rows(table, shown)
    assert rows[0] == {"label": "YOUTHS SERVED", "month": "", "ytd": ""}
    new = rows[1]
    assert new["month"] == "0" and new["ytd"] == "<11"  # December had no new youth


def test_report_from_the_operation_is_masked_and_nameless(tmp_path):
    outcome = monthly_report(
        hand_counted_book(), month="2025-12", today=TODAY, out_dir=tmp_path, pdf=False
    )
    [report] = outcome.files
    assert report.name == "SafetyNet funder report 2025-12.docx"
    text = docx_text(report)
    assert "Monthly report to funders: December 2025" in text
    assert "counts from 1 to 10 are shown as <11" in text
    assert "<11" in text.split("Year to date", 1)[1]
    for youth in YOUTH_ROWS:
        assert youth["Last Name"] not in text
        assert youth["Youth ID"] + "\n" not in text
    assert "{{" not in text and "{%" not in text


def test_report_carries_one_chart_picture(tmp_path, december):
    from docx import Document

    table, shown = december
    path = write_funder_report(
        table, shown, {"County": "Invented County"}, 11, tmp_path, today=TODAY
    )
    assert len(Document(str(path)).inline_shapes) == 1
    assert "Invented County" in docx_text(path)


def test_chart_draws_no_bar_for_a_masked_month(december):
    from safetynet.documents.funder import chart_bars

    table, shown = december
    bars = chart_bars(table, shown)
    assert len(bars) == 12
    assert bars[0] == ("Oct 2025", 0, "<11")  # two new youths: masked, so no bar
    assert bars[2] == ("Dec 2025", 0, "0")
    assert bars[3] == ("Jan 2026", 0, None)  # not reported yet


def test_chart_is_a_png(december):
    table, shown = december
    assert chart_png(table, shown)[:8] == b"\x89PNG\r\n\x1a\n"


def test_staff_template_with_a_broken_tag_is_explained(tmp_path, december):
    from docx import Document

    folder = tmp_path / "templates"
    make_funder_template(folder / "funder_report.docx")
    document = Document(str(folder / "funder_report.docx"))
    document.add_paragraph("{{ month_label ")
    document.save(str(folder / "funder_report.docx"))
    table, shown = december
    with pytest.raises(BrokenTemplate, match=r"funder_report\.docx"):
        write_funder_report(
            table, shown, {}, 11, tmp_path / "out", template_folder=folder, today=TODAY
        )


def test_staff_template_beside_the_workbook_wins(tmp_path, december):
    from docx import Document

    folder = tmp_path / "templates"
    make_funder_template(folder / "funder_report.docx")
    document = Document(str(folder / "funder_report.docx"))
    document.add_paragraph("Letterhead of the invented county")
    document.save(str(folder / "funder_report.docx"))
    table, shown = december
    path = write_funder_report(
        table, shown, {}, 11, tmp_path / "out", template_folder=folder, today=TODAY
    )
    assert "Letterhead of the invented county" in docx_text(path)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_beside_the_word_file(tmp_path):
    outcome = monthly_report(
        hand_counted_book(), month="2025-12", today=TODAY, out_dir=tmp_path, pdf=True
    )
    assert [p.suffix for p in outcome.files] == [".docx", ".pdf"]
    assert all(p.is_file() for p in outcome.files)
    assert "SafetyNet funder report 2025-12.pdf" in outcome.message

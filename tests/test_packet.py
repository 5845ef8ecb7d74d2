"""Print Packet: one Word file, agenda first, each face sheet on its own page, no leaks."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from helpers.packet_books import MEETING, TODAY, agenda_grid, book, meeting, on_agenda

from safetynet.actions import do
from safetynet.documents.pdf import find_office
from safetynet.model import ProblemsFound, SafetyNetError, Workbook
from safetynet.operations.packet import print_packet
from safetynet.schema import MEETINGS, YOUTHS
from safetynet.tables import coerce_frame

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pages(path: Path) -> list[str]:
    """The body text split where a new page is forced (page breaks, section breaks)."""
    body = Document(str(path)).element.body
    chunks: list[list[str]] = [[]]
    for element in body:
        starts_page = element.find(f"{W}pPr/{W}pageBreakBefore") is not None
        if starts_page:
            val = element.find(f"{W}pPr/{W}pageBreakBefore").get(f"{W}val")
            starts_page = val not in ("0", "false")
        if starts_page and any(chunks[-1]):
            chunks.append([])
        for node in element.iter():
            if node.tag == f"{W}t" and node.text:
                chunks[-1].append(node.text)
            elif node.tag == f"{W}br" and node.get(f"{W}type") == "page":
                chunks.append([])
            elif node.tag in (f"{W}tab", f"{W}br", f"{W}p"):
                chunks[-1].append(" ")
        if element.find(f"{W}pPr/{W}sectPr") is not None:
            chunks.append([])
    return ["".join(c) for c in chunks if "".join(c).strip()]


def header_texts(path: Path) -> list[str]:
    document = Document(str(path))
    return [s.header._element.xpath("string(.)") for s in document.sections]


def apply_meetings(workbook: Workbook, rows: list[list]) -> Workbook:
    """What the lead's adapter does with Outcome.appends["Meetings"], for the second run."""
    frame = workbook.frames[MEETINGS.name]
    records = frame.to_dict("records") + [dict(zip(MEETINGS.headers, r, strict=True)) for r in rows]
    clean = [{k: (None if v is pd.NA or v is pd.NaT else v) for k, v in r.items()} for r in records]
    return workbook.replace(
        frames={**workbook.frames, MEETINGS.name: coerce_frame(MEETINGS, clean)}
    )


GRID = agenda_grid(
    [
        ("In custody", "Y-0001", "Court date on 9 Dec"),
        (None, "Y-0002", ""),
        ("New case", "y-0003", "New referral"),
    ]
)


def test_agenda_first_then_each_youth_on_its_own_page_then_sign_in(tmp_path):
    workbook = book()
    outcome = print_packet(on_agenda(workbook, GRID), out_dir=tmp_path, pdf=False, today=TODAY)
    packet = tmp_path / "SafetyNet packet 2026-12-02.docx"
    assert outcome.files == [packet]
    text = pages(packet)
    assert len(text) == 5
    assert "Case review agenda" in text[0]
    # New cases first, then in custody, then out of custody; ID typed in lower case is matched.
    assert outcome.youth_ids == ["Y-0003", "Y-0001", "Y-0002"]
    for page, youth_id in zip(text[1:4], outcome.youth_ids, strict=True):
        n = int(youth_id[-1])
        assert f"Face sheet: {youth_id}" in page
        assert f"JV-26-{7000 + n}" in page
        assert f"near the bus station, concern {n}" in page
        others = {f"JV-26-{7000 + m}" for m in (1, 2, 3) if m != n}
        assert not any(o in page for o in others)
    assert "Sign-in sheet" in text[4] and "Mia Cleared" in text[4]
    assert "Olga Former" not in text[4]  # inactive members do not sign in


def test_meetings_rows_are_added_once_even_when_printed_twice(tmp_path):
    workbook = book()
    first = print_packet(on_agenda(workbook, GRID), out_dir=tmp_path, pdf=False, today=TODAY)
    rows = first.appends["Meetings"]
    assert [r[:4] for r in rows] == [
        [MEETING, "Y-0003", "New case", "New referral"],
        [MEETING, "Y-0001", "In custody", "Court date on 9 Dec"],
        [MEETING, "Y-0002", "Out of custody", None],
    ]
    assert all(len(r) == len(MEETINGS.columns) and r[4:] == [None] * 9 for r in rows)
    again = print_packet(
        on_agenda(apply_meetings(workbook, rows), GRID), out_dir=tmp_path, pdf=False, today=TODAY
    )
    assert again.appends == {}
    assert "0 Meetings rows added" in again.message


def test_a_youth_already_recorded_for_the_date_gets_no_second_row(tmp_path):
    workbook = book(Meetings=[meeting("Y-0001", MEETING, Section="In custody")])
    outcome = print_packet(on_agenda(workbook, GRID), out_dir=tmp_path, pdf=False, today=TODAY)
    # Y-0002 now has no earlier review, so it joins Y-0003 as a new case, in agenda order.
    assert [r[1:3] for r in outcome.appends["Meetings"]] == [
        ["Y-0002", "New case"],
        ["Y-0003", "New case"],
    ]


def test_an_id_not_on_the_youths_sheet_is_refused_and_nothing_is_written(tmp_path):
    grid = agenda_grid([("New case", "Y-0001", ""), ("New case", "Y-9999", "")])
    with pytest.raises(ProblemsFound) as caught:
        print_packet(on_agenda(book(), grid), out_dir=tmp_path, pdf=False, today=TODAY)
    assert "Y-9999" in caught.value.message and "Youths sheet" in caught.value.message
    assert caught.value.problems[0].value == "Y-9999"
    assert list(tmp_path.iterdir()) == []


def test_a_name_typed_on_the_agenda_is_not_echoed(tmp_path):
    workbook = book()
    youth = workbook.frames[YOUTHS.name].iloc[0]
    name = f"{youth[YOUTHS.cols.first_name]} {youth[YOUTHS.cols.last_name]}"
    grid = agenda_grid([("New case", name, ""), ("New case", name, "")])
    with pytest.raises(ProblemsFound) as caught:
        print_packet(on_agenda(workbook, grid), out_dir=tmp_path, pdf=False, today=TODAY)
    hidden = "(hidden: it does not look like a Youth ID and may be a name)"
    assert caught.value.message == (
        f"The Agenda sheet lists Youth ID {hidden}, not found on the Youths sheet. Correct the "
        f"ID on the Agenda sheet (or add the youth to the Youths sheet), then {do('Print Packet')} "
        f"again."
    )
    assert caught.value.problems[0].message == (
        f"Youth ID {hidden} is on the agenda but not on the Youths sheet."
    )
    assert list(tmp_path.iterdir()) == []


def test_an_empty_agenda_says_to_build_one(tmp_path):
    with pytest.raises(SafetyNetError, match="Build Agenda"):
        print_packet(on_agenda(book(), agenda_grid([])), out_dir=tmp_path, pdf=False, today=TODAY)


def test_numbered_copies_name_their_holder_on_every_page(tmp_path):
    outcome = print_packet(
        on_agenda(book(), GRID), out_dir=tmp_path, pdf=False, copies=3, today=TODAY
    )
    names = [p.name for p in outcome.files]
    assert names == [
        "SafetyNet packet 2026-12-02.docx",
        "SafetyNet packet 2026-12-02 copy 1 of 3.docx",
        "SafetyNet packet 2026-12-02 copy 2 of 3.docx",
        "SafetyNet packet 2026-12-02 copy 3 of 3.docx",
    ]
    first = header_texts(outcome.files[1])
    assert first and all("Copy 1 of 3 — issued to Mia Cleared" in h for h in first)
    # Only Mia has her form on file: the other copies get a blank to fill in by hand.
    assert all("Copy 2 of 3 — issued to ____" in h for h in header_texts(outcome.files[2]))
    assert all("Copy" not in h and "CONFIDENTIAL" in h for h in header_texts(outcome.files[0]))


def _forbidden_strings(workbook: Workbook) -> set[str]:
    youths = workbook.frames[YOUTHS.name]
    found: set[str] = set()
    for first, last in zip(youths["First Name"], youths["Last Name"], strict=True):
        found |= {first.casefold(), last.casefold()}
    for birth in youths["Date of Birth"]:
        day = birth.date()
        for fmt in (
            "%Y-%m-%d",
            "%Y%m%d",
            "%m-%d-%Y",
            "%m%d%Y",
            "%d-%m-%Y",
            "%d%m%Y",
            "%m.%d.%Y",
            "%d %b %Y",
            "%b %d %Y",
            "%Y_%m_%d",
            "%m_%d_%Y",
            "%-m-%-d-%Y",
            "%d.%m.%Y",
        ):
            found.add(day.strftime(fmt).casefold())
    return found


def test_no_output_file_name_carries_a_youth_name_or_birth_date(tmp_path):
    workbook = book()
    with_pdf = find_office() is not None
    print_packet(on_agenda(workbook, GRID), out_dir=tmp_path, pdf=with_pdf, copies=2, today=TODAY)
    forbidden = _forbidden_strings(workbook)
    names = [p.name.casefold() for p in tmp_path.rglob("*")]
    assert len(names) == (6 if with_pdf else 3)
    assert not [(n, f) for n in names for f in forbidden if f in n]


def _demo_packet(tmp_path: Path, youths: int = 60, pdf: bool = False, copies: int = 0):
    demo = pytest.importorskip("safetynet.demo")
    from safetynet.core.agenda import select_agenda
    from safetynet.core.agenda_sheet import agenda_grid as sheet_grid

    workbook = demo.generate(youths=youths, seed=7, today=TODAY)
    agenda = select_agenda(workbook, MEETING, today=TODAY)
    grid = sheet_grid(agenda, workbook.settings)
    outcome = print_packet(
        on_agenda(workbook, grid), out_dir=tmp_path, pdf=pdf, copies=copies, today=TODAY
    )
    return workbook, outcome


def test_demo_packet_has_each_agenda_youth_with_case_and_concerns_on_its_own_page(tmp_path):
    workbook, outcome = _demo_packet(tmp_path)
    text = pages(outcome.files[0])
    youths = workbook.frames[YOUTHS.name].set_index("Youth ID")
    assert "Case review agenda" in text[0]
    assert len(outcome.youth_ids) >= 10
    assert len(text) == len(outcome.youth_ids) + 2
    for page, youth_id in zip(text[1:-1], outcome.youth_ids, strict=True):
        assert youth_id in text[0]
        assert f"Face sheet: {youth_id}" in page
        row = youths.loc[youth_id]
        for column in ("Case Number", "Current Safety Concerns"):
            value = row[column]
            if not pd.isna(value):
                assert " ".join(str(value).split()) in " ".join(page.split()), (youth_id, column)
    assert "Sign-in sheet" in text[-1]


def test_demo_packet_from_three_thousand_youths_holds_the_fifteen_the_cap_allows(tmp_path):
    _workbook, outcome = _demo_packet(tmp_path, youths=3000)
    assert len(outcome.youth_ids) == 15


@pytest.mark.libreoffice
@pytest.mark.skipif(find_office() is None, reason="LibreOffice is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_the_pdf_reads_back_with_the_agenda_first_and_every_face_sheet(tmp_path):
    outcome = print_packet(on_agenda(book(), GRID), out_dir=tmp_path, pdf=True, today=TODAY)
    pdf = tmp_path / "SafetyNet packet 2026-12-02.pdf"
    assert pdf in outcome.files and "(PDF too)" in outcome.message
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    printed = text.split("\f")
    assert "Case review agenda" in printed[0]
    assert "CONFIDENTIAL — SafetyNet case review — do not copy or forward" in printed[0]
    for youth_id in outcome.youth_ids:
        assert sum(f"Face sheet: {youth_id}" in p for p in printed) == 1
    assert "Page 1 of" in printed[0]


def test_without_libreoffice_the_word_file_is_made_with_a_plain_note(tmp_path, monkeypatch):
    monkeypatch.setattr("safetynet.documents.pdf.find_office", lambda: None)
    outcome = print_packet(on_agenda(book(), GRID), out_dir=tmp_path, pdf=True, today=TODAY)
    assert [p.suffix for p in outcome.files] == [".docx"]
    assert "LibreOffice is not installed" in outcome.message


def test_the_meeting_date_comes_from_the_agenda_sheet(tmp_path):
    grid = agenda_grid([("New case", "Y-0001", "")], day=dt.date(2027, 1, 6))
    outcome = print_packet(on_agenda(book(), grid), out_dir=tmp_path, pdf=False, today=TODAY)
    assert outcome.files[0].name == "SafetyNet packet 2027-01-06.docx"
    assert outcome.appends["Meetings"][0][0] == dt.date(2027, 1, 6)


def test_a_failed_pdf_still_keeps_the_word_packet_and_the_meetings_rows(tmp_path, monkeypatch):
    def broken(paths, out_dir):
        raise SafetyNetError("LibreOffice could not make the PDF: it made no x.pdf.")

    monkeypatch.setattr("safetynet.documents.pdf.to_pdf", broken)
    outcome = print_packet(on_agenda(book(), GRID), out_dir=tmp_path, pdf=True, today=TODAY)
    assert [p.suffix for p in outcome.files] == [".docx"]
    assert len(outcome.appends["Meetings"]) == 3
    assert "LibreOffice could not make the PDF" in outcome.message

"""The MOU and confidentiality form operations."""

from __future__ import annotations

import pytest
from docx import Document
from helpers.packet_books import TODAY, book

from safetynet.model import SafetyNetError
from safetynet.operations.documents import confidentiality, mou, safe_file_part


def _text(path) -> str:
    return Document(str(path)).element.body.xpath("string(.)")


def test_mou_is_filled_from_agencies_and_settings(tmp_path):
    workbook = book()
    workbook.settings["County"] = "Alder County"
    outcome = mou(workbook, agency="probation department", out_dir=tmp_path, pdf=False, today=TODAY)
    (path,) = outcome.files
    assert path.name == "MOU Probation Department 2026-11-28.docx"
    text = _text(path)
    assert (
        "Probation Department joins the SafetyNet multi-disciplinary case review of Alder County"
        in text
    )
    assert "Pat Contact" in text and "1 Jan 2027" in text and "Date: 28 Nov 2026" in text


def test_confidentiality_form_is_filled_from_members(tmp_path):
    outcome = confidentiality(
        book(), member="Noel Pending", out_dir=tmp_path, pdf=False, today=TODAY
    )
    (path,) = outcome.files
    assert path.name == "Confidentiality Noel Pending 2026-11-28.docx"
    assert "I, Noel Pending, Officer at Probation Department" in _text(path)


def test_an_unknown_agency_lists_close_matches(tmp_path):
    with pytest.raises(SafetyNetError) as caught:
        mou(book(), agency="Bay Rape Crisis Centre", out_dir=tmp_path, pdf=False, today=TODAY)
    message = caught.value.message
    assert "no agency 'Bay Rape Crisis Centre' on the Agencies sheet" in message
    assert "Did you mean 'Bay Rape Crisis Center'?" in message
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_member_with_nothing_close_is_still_a_plain_sentence(tmp_path):
    with pytest.raises(SafetyNetError, match="no name 'Zzz' on the Members sheet") as caught:
        confidentiality(book(), member="Zzz", out_dir=tmp_path, pdf=False, today=TODAY)
    assert "Did you mean" not in caught.value.message


def test_names_are_made_safe_for_file_names():
    assert safe_file_part('A/B: "C" <D>?') == "A B C D"
    assert safe_file_part("...") == "unnamed"

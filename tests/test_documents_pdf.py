"""Word to PDF through LibreOffice: one start for many files, plain messages when it fails."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from docx import Document

from safetynet.documents import pdf
from safetynet.model import SafetyNetError


def _fake_office(tmp_path: Path, script: str) -> str:
    path = tmp_path / "fake-soffice"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def _docx(folder: Path, name: str) -> Path:
    document = Document()
    document.add_paragraph(f"text of {name}")
    path = folder / f"{name}.docx"
    document.save(str(path))
    return path


def test_no_office_means_no_pdf_and_a_plain_note(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_office", lambda: None)
    assert pdf.to_pdf([_docx(tmp_path, "a")], tmp_path) == []
    assert "LibreOffice is not installed" in pdf.pdf_note([])


def test_an_office_that_makes_nothing_is_a_plain_error(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_office", lambda: _fake_office(tmp_path, "exit 1"))
    stale = tmp_path / "a.pdf"
    stale.write_bytes(b"%PDF old")  # an old PDF must not pass for the new one
    with pytest.raises(
        SafetyNetError, match=r"LibreOffice could not make the PDF: it made no a\.pdf"
    ):
        pdf.to_pdf([_docx(tmp_path, "a")], tmp_path)


def test_an_office_that_hangs_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_office", lambda: _fake_office(tmp_path, "exec sleep 30"))
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 0.5)
    with pytest.raises(SafetyNetError, match=r"took longer than 0\.5 seconds"):
        pdf.to_pdf([_docx(tmp_path, "a")], tmp_path)


def test_all_files_go_through_one_start_with_a_private_profile(tmp_path, monkeypatch):
    log = tmp_path / "calls.txt"
    script = (
        f'echo "$@" >> {log}\nfor f in "$@"; do case "$f" in *.docx) '
        f'touch "{tmp_path}/out/$(basename "$f" .docx).pdf";; esac; done'
    )
    monkeypatch.setattr(pdf, "find_office", lambda: _fake_office(tmp_path, script))
    files = [_docx(tmp_path, "a"), _docx(tmp_path, "b")]
    made = pdf.to_pdf(files, tmp_path / "out")
    assert made == [tmp_path / "out" / "a.pdf", tmp_path / "out" / "b.pdf"]
    calls = log.read_text().splitlines()
    assert len(calls) == 1
    assert "-env:UserInstallation=file://" in calls[0] and "--headless" in calls[0]


@pytest.mark.libreoffice
@pytest.mark.skipif(pdf.find_office() is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_two_files_in_one_call(tmp_path):
    made = pdf.to_pdf([_docx(tmp_path, "one"), _docx(tmp_path, "two")], tmp_path / "pdf")
    assert [p.name for p in made] == ["one.pdf", "two.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in made)

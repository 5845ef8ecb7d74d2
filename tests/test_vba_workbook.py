"""An .xlsm built by XlsxWriter around our vbaProject.bin: olevba and LibreOffice find it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import xlsxwriter
from helpers.libreoffice_vba import libreoffice_available, read_vba
from oletools.olevba import VBA_Parser

from safetynet.vba import VbaModule, build_vba_project, xlwings_modules

DATA = Path(__file__).parent / "data" / "vba"
SHEETS = {"Youths": "shYouths", "Agenda": "shAgenda"}


def build_xlsm(path: Path) -> Path:
    with (DATA / "Sample.bas").open(encoding="cp1252", newline="") as file:
        sample = file.read()
    modules = [VbaModule("ThisWorkbook", "document", "")]
    modules += [VbaModule(code_name, "document", "") for code_name in SHEETS.values()]
    modules += [*xlwings_modules(), VbaModule("Sample", "standard", sample)]
    workbook = xlsxwriter.Workbook(path)
    workbook.set_vba_name("ThisWorkbook")
    for sheet_name, code_name in SHEETS.items():
        sheet = workbook.add_worksheet(sheet_name)
        sheet.set_vba_name(code_name)
    sheet.insert_button("B2", {"macro": "SayHello", "caption": "Say Hello"})
    workbook.add_vba_project(io.BytesIO(build_vba_project(modules)), is_stream=True)
    workbook.close()
    return path


def test_olevba_finds_every_module_inside_the_xlsm(tmp_path):
    parser = VBA_Parser(str(build_xlsm(tmp_path / "Book.xlsm")))
    try:
        found = {path.split("/")[-1] for _, path, _, _ in parser.extract_macros()}
    finally:
        parser.close()
    assert found == {"ThisWorkbook", "shYouths", "shAgenda", "xlwings", "Dictionary", "Sample"}


@pytest.mark.libreoffice
@pytest.mark.skipif(not libreoffice_available(), reason="needs soffice and python3-uno")
def test_libreoffice_imports_the_modules_and_binds_the_button(tmp_path):
    seen = read_vba(build_xlsm(tmp_path / "Book.xlsm"))
    assert set(seen.libraries["VBAProject"]) == {
        "ThisWorkbook",
        "shYouths",
        "shAgenda",
        "xlwings",
        "Dictionary",
        "Sample",
    }
    sample = seen.libraries["VBAProject"]["Sample"]
    assert "Sub SayHello()" in sample and 'GREETING As String = "Café ok"' in sample
    assert "Public Function RunPython(" in seen.libraries["VBAProject"]["xlwings"]
    assert seen.code_names == SHEETS
    ((label, script),) = seen.buttons["Agenda"]
    assert label == "Say Hello"
    assert script.startswith("vnd.sun.star.script:VBAProject.Sample.SayHello?")

"""The built SafetyNet.xlsm: sheets, tables, dropdowns, names, buttons, macros, reproducibility."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
import zipfile
from pathlib import Path

import pytest
from helpers.libreoffice_vba import libreoffice_available, read_vba

from safetynet import schema
from safetynet.build.buttons import BUTTONS, buttons_for_sheet
from safetynet.build.macros import macro_names, macro_sources
from safetynet.build.workbook import CODE_NAMES, build_workbook
from safetynet.resources import blank_workbook
from safetynet.vba import xlwings_modules


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    return build_workbook(tmp_path_factory.mktemp("blank") / "SafetyNet.xlsm")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def _sheet_parts(path: Path) -> dict[str, str]:
    from safetynet.xlsx.package import sheet_parts

    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    return sheet_parts(parts, path.name)


def test_same_inputs_give_the_same_bytes(blank, tmp_path):
    again = build_workbook(tmp_path / "SafetyNet.xlsm")
    assert _digest(again) == _digest(blank)


def test_committed_blank_workbook_is_up_to_date(blank):
    committed = blank_workbook()
    assert committed.exists(), "run scripts/build-workbook to make workbook/SafetyNet.xlsm"
    assert _digest(committed) == _digest(blank), (
        "workbook/SafetyNet.xlsm is out of date with the build: run scripts/build-workbook"
    )


def test_blank_workbook_names_no_machine(blank):
    from safetynet.xlsx.read import read_sheet_grid

    rows = read_sheet_grid(blank, schema.CONF_SHEET)
    keys = [row[0] for row in rows]
    assert "ADD_WORKBOOK_TO_PYTHONPATH" in keys
    assert not any("INTERPRETER" in str(k) for k in keys)
    assert all(row[0] for row in rows), "xlwings stops reading at the first blank row"
    assert not any("/" in str(v) or "\\" in str(v) for row in rows for v in row)


def test_init_writes_this_machines_interpreter(tmp_path):
    from safetynet.machine import init_workbook
    from safetynet.xlsx.read import read_sheet_grid

    path = init_workbook(tmp_path / "SafetyNet.xlsm")
    conf = dict((row[0], row[1]) for row in read_sheet_grid(path, schema.CONF_SHEET))
    assert conf["INTERPRETER_WIN"] == conf["INTERPRETER_MAC"] == sys.executable
    assert conf["ADD_WORKBOOK_TO_PYTHONPATH"] == "False"


def test_sheets_in_order(blank):
    assert list(_sheet_parts(blank)) == list(schema.SHEET_ORDER)


@pytest.mark.parametrize("sheet", schema.DATA_SHEETS, ids=lambda s: s.name)
def test_each_data_sheet_is_a_table_with_exactly_specs_headers(blank, sheet):
    with zipfile.ZipFile(blank) as archive:
        tables = [
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/tables/")
        ]
    mine = [t for t in tables if f'displayName="{sheet.table}"' in t]
    assert len(mine) == 1
    headers = re.findall(r'<tableColumn id="\d+" name="([^"]+)"', mine[0])
    unescaped = [h.replace("&amp;", "&") for h in headers]
    assert unescaped == sheet.headers
    worksheet = _part(blank, _sheet_parts(blank)[sheet.name])
    assert 'state="frozen"' in worksheet
    assert "<dataValidations" in worksheet


def test_dropdowns_refer_to_lists_and_agencies(blank):
    youths = _part(blank, _sheet_parts(blank)["Youths"])
    assert "<formula1>List_Gender</formula1>" in youths
    assert "<formula1>List_Agencies</formula1>" in youths
    assert '<formula1>"Y,N"</formula1>' in youths
    workbook = _part(blank, "xl/workbook.xml")
    assert 'name="List_Gender"' in workbook
    assert "OFFSET(Lists!$A$2" in workbook


def test_settings_are_named_cells_with_defaults(blank):
    from safetynet.xlsx.read import load_workbook

    workbook = _part(blank, "xl/workbook.xml")
    for setting in schema.SETTINGS:
        assert f'name="{setting.name}"' in workbook, setting.label
    book = load_workbook(blank, today=dt.date(2026, 12, 1))
    assert book.settings == schema.default_settings()
    assert all(len(frame) == 0 for frame in book.frames.values())


def test_every_button_runs_a_sub_that_exists():
    subs = macro_names()
    for button in BUTTONS:
        assert button.macro in subs
    for sheet in schema.SHEET_ORDER:
        for _, _, button in buttons_for_sheet(sheet):
            assert button.macro in subs


def test_buttons_sit_where_staff_need_them(blank):
    drawings = {}
    with zipfile.ZipFile(blank) as archive:
        for name in archive.namelist():
            if name.startswith("xl/drawings/vmlDrawing"):
                drawings[name] = archive.read(name).decode()
    macros = " ".join(drawings.values())
    for button in BUTTONS:
        assert f"[0]!{button.macro}" in macros
    placed = {s: {b.macro for _, _, b in buttons_for_sheet(s)} for s in schema.SHEET_ORDER}
    assert {"BuildAgenda", "PrintPacket", "EmailPacket"} <= placed["Agenda"]
    assert {"RefreshDashboard", "MonthlyReport"} <= placed["Dashboard"]
    assert {b.macro for b in BUTTONS} <= placed["Start"]


def _decoded_modules(path: Path) -> dict[str, str]:
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _body(text: str) -> str:
    """Module text without the opening Attribute lines (and a class file's header)."""
    from safetynet.vba.source import split_source

    return split_source(text)[1]


def test_olevba_decodes_every_module_to_the_exact_text(blank):
    decoded = _decoded_modules(blank)
    for name, text in macro_sources():
        assert _body(decoded[name]) == _body(text)
    for module in xlwings_modules():
        assert _body(decoded[module.name]) == _body(module.source)
    for code_name in ("ThisWorkbook", *CODE_NAMES.values()):
        assert code_name in decoded


def test_workbook_carries_the_installed_xlwings_module(blank):
    import xlwings

    decoded = _decoded_modules(blank)
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in decoded["xlwings"]
    from safetynet.machine import workbook_xlwings_version

    assert workbook_xlwings_version(blank) == xlwings.__version__


def test_vba_project_opens_at_strictest_defect_level(blank):
    import olefile

    with zipfile.ZipFile(blank) as archive:
        data = archive.read("xl/vbaProject.bin")
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
    streams = {"/".join(s) for s in ole.listdir()}
    assert {"PROJECT", "PROJECTwm", "VBA/dir", "VBA/_VBA_PROJECT", "VBA/SafetyNet"} <= streams
    assert ole.openstream("VBA/_VBA_PROJECT").read()[:4] == b"\xcc\x61\xff\xff"
    ole.close()


@pytest.mark.libreoffice
@pytest.mark.skipif(not libreoffice_available(), reason="LibreOffice with uno is not installed")
def test_libreoffice_opens_it_and_sees_macros_and_buttons(blank):
    seen = read_vba(blank)
    modules = seen.modules()
    assert "SafetyNet" in modules and "xlwings" in modules
    assert "Sub BuildAgenda" in modules["SafetyNet"]
    bound = {sheet: " ".join(code for _, code in pairs) for sheet, pairs in seen.buttons.items()}
    assert "BuildAgenda" in bound.get("Agenda", "")
    assert "RefreshDashboard" in bound.get("Dashboard", "")
    assert "CheckSetup" in bound.get("Start", "")

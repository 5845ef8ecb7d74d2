"""Splicing worksheet XML: only the owned elements change, in Excel's order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safetynet.grid import Cell
from safetynet.model import UnreadableWorkbook
from safetynet.xlsx.package import with_full_calc_on_load
from safetynet.xlsx.sheetxml import parse_worksheet, sheet_data_has_formulas, splice_children
from safetynet.xlsx.styles import Styles
from safetynet.xlsx.tableappend import append_to_table
from safetynet.xlsx.tablepart import Area, grow_table
from safetynet.xlsx.writeplan import SheetWrite, sheet_write_xml

DATA = Path(__file__).parent / "data"
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
# As Excel writes it: an old merge and link, a comment, controls in
# mc:AlternateContent, a raw ">" inside an attribute, CRLF after the declaration.
EXCEL_SHEET = (DATA / "xlsx_sheet_excel.xml").read_bytes()
# A table B2:C4 whose last row is blank but styled, with a note beside it in E4,
# and a calculated column.
TABLE_SHEET = (DATA / "xlsx_table_sheet.xml").read_bytes()
TABLE = (DATA / "xlsx_table.xml").read_bytes()

NO_STYLES = Styles({"date": None, "datetime": None, "link": None, "title": None}, frozenset())


def children(xml: bytes) -> list[str]:
    return [c.name for c in parse_worksheet(xml, "test").children]


def test_top_level_children_are_found_without_a_tree():
    names = children(EXCEL_SHEET)
    assert names[:5] == ["sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols"]
    assert names[-4:] == ["pageMargins", "legacyDrawing", "AlternateContent", "tableParts"]
    assert sheet_data_has_formulas(parse_worksheet(EXCEL_SHEET, "test"))


def test_a_sheet_write_changes_only_the_owned_elements():
    rows = [[Cell("Title", link="'Youths'!A2")], ["x", dt.date(2025, 1, 1)]]
    out = sheet_write_xml(EXCEL_SHEET, SheetWrite("Agenda", rows), NO_STYLES, False, "test")
    for kept in (
        b'<sheetPr codeName="Sheet2"/>',
        b'<pane ySplit="1" state="frozen"/>',
        b'<cols><col min="1" max="1" width="30" customWidth="1"/></cols>',
        b'prompt="a > b"',
        b"<!-- a comment with <sheetData> inside -->",
        b'<control shapeId="1025" r:id="rId2" name="Button 1"/>',
        b'<legacyDrawing r:id="rId1"/>',
    ):
        assert kept in out
    assert b"<mergeCells" not in out  # no merges asked for: the old one goes
    assert b"<f>" not in out
    assert b'<dimension ref="A1:B2"/>' in out
    assert b'<hyperlinks><hyperlink ref="A1" location="\'Youths\'!A2"/></hyperlinks>' in out
    assert out.index(b"<dataValidations") < out.index(b"<hyperlinks") < out.index(b"<pageMargins")
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n')


def test_new_elements_go_where_excel_expects_them():
    bare = (
        f'<worksheet {MAIN}><sheetViews/><sheetData/>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    ).encode()  # fmt: skip
    write = SheetWrite("Agenda", [[Cell("go", link="B!A1"), "b"]])
    out = sheet_write_xml(bare, write, NO_STYLES, False, "test")
    assert children(out) == [
        "dimension", "sheetViews", "sheetData", "hyperlinks", "pageMargins"
    ]  # fmt: skip


def test_prefixed_namespaces_are_kept():
    prefixed = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<x:sheetData/></x:worksheet>"
    )
    out = sheet_write_xml(prefixed, SheetWrite("A", [["v"]]), NO_STYLES, False, "test")
    assert b'<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is>' in out
    assert b'<x:dimension ref="A1"/>' in out


def test_an_empty_write_leaves_an_empty_sheet():
    out = sheet_write_xml(EXCEL_SHEET, SheetWrite("Agenda", []), NO_STYLES, False, "test")
    assert b"<sheetData/>" in out and b'<dimension ref="A1"/>' in out


def test_splice_removes_with_empty_bytes():
    sheet = parse_worksheet(EXCEL_SHEET, "test")
    out = splice_children(sheet, {"hyperlinks": b"", "mergeCells": b""})
    assert b"<hyperlinks" not in out and b"<mergeCells" not in out
    assert b"<dataValidations" in out


@pytest.mark.parametrize("broken", [b"<html></html>", b"<worksheet><sheetData>", b""])
def test_a_damaged_sheet_is_a_plain_error(broken):
    with pytest.raises(UnreadableWorkbook, match="test"):
        parse_worksheet(broken, "test")


def test_append_fills_blank_table_rows_inherits_styles_and_keeps_table_formulas():
    sheet, table = append_to_table(
        TABLE_SHEET, TABLE, [[2], [3, "typed"]], lambda value, base: base, False, "test"
    )
    assert b'<row r="4"><c r="B4" s="5"><v>2</v></c>' in sheet
    assert b'<c r="C4" s="6"><f>T[[#This Row],[ID]]&amp;"!"</f></c>' in sheet
    assert b'<c r="E4" t="inlineStr"><is><t>keep</t></is></c></row>' in sheet
    assert (
        b'<row r="5"><c r="B5" s="5"><v>3</v></c>'
        b'<c r="C5" s="6" t="str"><f>T[[#This Row],[ID]]&amp;"!"</f><v>typed</v></c></row>'
    ) in sheet  # a computed column keeps its formula; a value given is its cached result
    assert b'ref="B2:C5"' in table and b'<autoFilter ref="B2:C5"/>' in table
    assert b'<dimension ref="B2:C5"/>' in sheet


def test_grow_table_leaves_other_refs_alone():
    grown = grow_table(TABLE, Area.parse("B2:C4"), Area.parse("B2:C9"))
    assert grown.count(b"B2:C9") == 2


WB = b'<workbook xmlns="m"><sheets/><definedNames/>'


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (WB + b'<calcPr calcId="191029"/></workbook>',
         WB + b'<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'),
        (WB + b'<calcPr fullCalcOnLoad="0" calcId="1"></calcPr></workbook>',
         WB + b'<calcPr calcId="1" fullCalcOnLoad="1"></calcPr></workbook>'),
        (WB + b'<calcPr calcId="1" fullCalcOnLoad="1"/></workbook>',
         WB + b'<calcPr calcId="1" fullCalcOnLoad="1"/></workbook>'),
        (WB + b"<extLst/></workbook>", WB + b'<calcPr fullCalcOnLoad="1"/><extLst/></workbook>'),
        (WB + b"</workbook>", WB + b'<calcPr fullCalcOnLoad="1"/></workbook>'),
    ],
)  # fmt: skip
def test_excel_is_asked_to_recalculate_by_changing_only_calc_pr(before, after):
    assert with_full_calc_on_load(before) == after


def test_a_formula_typed_by_staff_in_the_last_table_row_is_kept():
    typed = TABLE_SHEET.replace(b'<c r="B4" s="5"/>', b'<c r="B4" s="5"><f>1+1</f><v>2</v></c>')
    sheet, table = append_to_table(typed, TABLE, [[9]], lambda value, base: base, False, "test")
    assert b'<c r="B4" s="5"><f>1+1</f><v>2</v></c>' in sheet
    assert b'<row r="5"><c r="B5" s="5"><v>9</v></c>' in sheet
    assert b'ref="B2:C5"' in table

"""Finding the named styles again in styles.xml, even after Excel re-saves it."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from safetynet.xlsx.styles import (
    STAND_INS,
    STYLES,
    date_xfs,
    find_style_indexes,
    is_date_format,
    read_looks,
    register_styles,
)
from safetynet.xlsx.write import SheetWrite, write_workbook

# What Excel writes back for a few of the styles: fonts in another order, an
# extra xf in front, escaped format codes, explicit val="1", extra font parts.
RESAVED = (Path(__file__).parent / "data" / "xlsx_styles_resaved.xml").read_bytes()


def _xlsxwriter_styles(tmp_path: Path) -> bytes:
    path = tmp_path / "styles.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write("A1", "decoy", book.add_format({"bold": True, "italic": True}))
    for row, (name, fmt) in enumerate(register_styles(book).items(), start=1):
        sheet.write(row, 0, name, fmt)
    book.close()
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/styles.xml")


def test_every_named_style_is_found_with_exactly_its_properties(tmp_path):
    styles = _xlsxwriter_styles(tmp_path)
    found = find_style_indexes(styles)
    assert set(found) == set(STYLES)
    assert None not in found.values()
    assert len(set(found.values())) == len(STYLES)  # no two styles share an xf
    looks = read_looks(styles)
    assert looks[found["title"]].font_size == 14 and looks[found["title"]].bold
    assert looks[found["header"]].bg_color == "DCE6F1" and looks[found["header"]].border
    assert looks[found["bold"]].font_size == 11 and not looks[found["bold"]].italic


def test_a_workbook_built_before_a_style_existed_uses_its_stand_in(tmp_path):
    """Issue 16 added "alert" and "top_center"; an older workbook shows them bold and top."""
    path = tmp_path / "older.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    older = {k: v for k, v in STYLES.items() if k not in STAND_INS}
    for row, props in enumerate(older.values()):
        sheet.write(row, 0, "x", book.add_format(dict(props)))
    book.close()
    with zipfile.ZipFile(path) as archive:
        found = find_style_indexes(archive.read("xl/styles.xml"))
    assert found["alert"] == found["bold"] is not None
    assert found["top_center"] == found["top"] is not None


def test_styles_are_found_after_excel_reorders_and_escapes():
    found = find_style_indexes(RESAVED)
    assert found["title"] == 3
    assert found["header"] == 4
    assert found["date"] == 2
    assert found["datetime"] == 5
    assert found["note"] == 6
    assert found["bold"] == 7  # not 1, whose centred alignment is more than bold
    assert found["percent"] is None and found["link"] is None


def test_date_styles_fall_back_to_any_date_format():
    only_builtin = re.sub(rb'<xf numFmtId="17[01]"', b'<xf numFmtId="14"', RESAVED)
    found = find_style_indexes(only_builtin)
    assert found["date"] == 2 and found["datetime"] == 2
    assert date_xfs(only_builtin) == {2, 5}


def test_no_date_format_at_all_leaves_dates_unstyled():
    no_dates = re.sub(rb'<xf numFmtId="17[01]"', b'<xf numFmtId="0"', RESAVED)
    assert find_style_indexes(no_dates)["date"] is None
    assert date_xfs(no_dates) == frozenset()


@pytest.mark.parametrize(
    ("code", "is_date"),
    [
        ("d mmm yyyy", True),
        ("[$-409]mmmm d, yyyy;@", True),
        ("m/d/yy h:mm", True),
        ("0%", False),
        ("#,##0.00", False),
        ('"Day "0', False),
        ("General", False),
        ("[Red]0.00", False),
    ],
)
def test_date_formats_are_recognised(code, is_date):
    assert is_date_format(code) is is_date


def test_a_date_is_never_written_without_a_date_format(tmp_path):
    path = tmp_path / "Plain.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Agenda")
    sheet.write("A1", 45000, book.add_format({"num_format": "yyyy-mm-dd", "bold": True}))
    book.close()
    write_workbook(path, [SheetWrite("Agenda", [[dt.date(2025, 3, 4)]])])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
        dates = date_xfs(archive.read("xl/styles.xml"))
    style = re.search(rb'<c r="A1" s="(\d+)"', xml)
    assert style is not None and int(style.group(1)) in dates

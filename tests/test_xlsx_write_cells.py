"""Values as cell XML: what goes in is what readers get back."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers.properties import examples
from helpers.xlsx_fixture import build_workbook
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from safetynet.xlsx.cells import (
    EXCEL_CELL_LIMIT,
    cell_xml,
    clean_text,
    column_index,
    column_letter,
    kind_of,
    serial,
)
from safetynet.xlsx.write import SheetWrite, TableAppend, write_workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def parse(xml: str) -> ET.Element:
    return ET.fromstring(f'<w xmlns="{MAIN}">{xml}</w>')[0]


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters_round_trip(index, letters):
    assert column_letter(index) == letters
    assert column_index(letters) == index


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (dt.date(1900, 3, 1), 61),
        (dt.date(2025, 1, 1), 45658),
        (dt.datetime(2025, 1, 1, 18, 0), 45658.75),
        (pd.Timestamp("2025-01-01 06:00"), 45658.25),
        (dt.time(12, 0), 0.5),
    ],
)
def test_dates_become_excel_serial_numbers(value, number):
    assert serial(value) == number


def test_1904_workbooks_count_from_1904():
    assert serial(dt.date(1904, 1, 2), date1904=True) == 1


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (None, "blank"),
        (pd.NA, "blank"),
        (pd.NaT, "blank"),
        (math.nan, "blank"),
        (math.inf, "blank"),
        (True, "bool"),
        (np.bool_(False), "bool"),
        (3, "number"),
        (np.int64(3), "number"),
        (np.float64(2.5), "number"),
        (Decimal("1.5"), "number"),
        (dt.date(2025, 1, 1), "date"),
        (pd.Timestamp("2025-01-01"), "date"),
        (dt.datetime(2025, 1, 1, 9, 30), "datetime"),
        ("Y-0001", "text"),
    ],
)
def test_each_value_is_written_as_its_kind(value, kind):
    assert kind_of(value) == kind


def test_text_is_an_escaped_inline_string():
    element = parse(cell_xml("B2", "a & <b> \"c\" 'd'", None))
    assert element.get("t") == "inlineStr"
    assert element.findtext(f"{{{MAIN}}}is/{{{MAIN}}}t") == "a & <b> \"c\" 'd'"


def test_booleans_numbers_and_blanks():
    assert parse(cell_xml("A1", False, None)).get("t") == "b"
    assert parse(cell_xml("A1", 12.0, None)).findtext(f"{{{MAIN}}}v") == "12"
    assert parse(cell_xml("A1", 0.1, None)).findtext(f"{{{MAIN}}}v") == "0.1"
    assert cell_xml("A1", None, None) == ""
    assert parse(cell_xml("A1", None, 4)).get("s") == "4"  # a styled blank stays styled


def test_forbidden_control_characters_are_dropped():
    assert clean_text("a\x00b\x0bc\tok\n") == "abc\tok\n"


def test_text_over_excels_limit_is_cut_with_a_note_counting_utf16_units():
    text = clean_text("😀" * 20000)  # each emoji is two UTF-16 units
    assert len(text.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT
    assert text.endswith("characters]")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return build_workbook(tmp_path_factory.mktemp("cells") / "Cells.xlsx")


def read_back(path: Path) -> list[list]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name("Agenda").to_python()
    finally:
        book.close()


@settings(
    max_examples=examples(40),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    texts=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4),
    number=st.floats(allow_nan=False, allow_infinity=False, width=64),
    day=st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 12, 31)),
)
@example(
    texts=["a\r\nb\rc", "_x0041_ stays", "  spaces  ", "x\x00y\x1f", "Zoë 名前 😀 &amp;"],
    number=1e-300,
    day=dt.date(1900, 3, 1),
)
def test_written_values_read_back_unchanged(workbook, texts, number, day):
    write_workbook(workbook, [SheetWrite("Agenda", [texts, [number, day]])], backups=1)
    rows = read_back(workbook)
    expected = [clean_text(t) for t in texts]
    assert rows[0][: len(texts)] == expected
    assert rows[1][0] == number
    assert rows[1][1] == day


def test_dates_before_excels_first_day_are_written_as_text():
    element = parse(cell_xml("A1", dt.date(1899, 12, 31), 3))
    assert element.get("t") == "inlineStr"
    assert element.findtext(f"{{{MAIN}}}is/{{{MAIN}}}t") == "1899-12-31"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, '<c r="E2" s="6"><f>A2&amp;"x"</f></c>'),
        (17, '<c r="E2" s="6"><f>A2&amp;"x"</f><v>17</v></c>'),
        ("1x", '<c r="E2" s="6" t="str"><f>A2&amp;"x"</f><v>1x</v></c>'),
        (True, '<c r="E2" s="6" t="b"><f>A2&amp;"x"</f><v>1</v></c>'),
    ],
)
def test_formula_cells_carry_the_value_given_as_their_cached_result(value, expected):
    assert cell_xml("E2", value, 6, formula='A2&"x"') == expected


ROW_VALUES = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 1, 1)),
)


@settings(
    max_examples=examples(15),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    batches=st.lists(
        st.lists(st.lists(ROW_VALUES, min_size=5, max_size=5), min_size=1, max_size=4),
        min_size=1,
        max_size=3,
    )
)
def test_appended_batches_read_back_in_order(tmp_path_factory, batches):
    path = build_workbook(tmp_path_factory.mktemp("append") / "Append.xlsx", table_rows=[])
    for batch in batches:
        write_workbook(path, appends=[TableAppend("Youths", "YouthsTable", batch)], backups=1)
    book = CalamineWorkbook.from_path(str(path))
    try:
        rows = book.get_sheet_by_name("Youths").to_python()
    finally:
        book.close()
    expected = [
        ["" if v is None else clean_text(v) if isinstance(v, str) else v for v in row]
        for batch in batches
        for row in batch
        if any(v is not None for v in row)  # wholly blank rows are not appended
    ]
    assert rows[1:] == expected

"""The far-cell guard on its own: what it reaches, what it refuses, what it hands to the reader.

The command-level sentences are in test_hostile_inputs.py; these are made with
XlsxWriter, small except where a sheet must be large enough to need the
guard's second look.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from safetynet.grid import column_letter
from safetynet.model import SafetyNetError
from safetynet.xlsx.extent import FLOOR_CELLS, _beyond, _round_columns, _round_rows, check_sheets


def workbook(path: Path, sheets: dict[str, dict[tuple[int, int], object]]) -> Path:
    """``{sheet: {(row, col): value}}``, zero-based like XlsxWriter."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    for name, cells in sheets.items():
        sheet = book.add_worksheet(name)
        for (row, col), value in sorted(cells.items()):
            sheet.write(row, col, value)
    book.close()
    return path


def rows_of(count: int, width: int = 3) -> dict[tuple[int, int], object]:
    return {(r, c): r * width + c for r in range(count) for c in range(width)}


def test_a_sheet_larger_than_the_first_reach_is_read_whole(tmp_path):
    """30,000 rows are past the reach of a small sheet (19,999 rows at Youths' width):
    the guard counts the sheet's values and looks again, and lets it through."""
    columns = _round_columns(52 + 26)
    assert _round_rows(FLOOR_CELLS // columns) < 30_000
    path = workbook(tmp_path / "big.xlsx", {"Youths": rows_of(30_000)})
    told: list[str] = []
    assert check_sheets(path, ["Youths"], passed=told.append)["Youths"].total_rows == ()
    assert told == ["Youths"]


def test_a_value_beyond_a_large_sheets_reach_is_refused(tmp_path):
    cells = rows_of(30_000)
    cells[(900_000, 1)] = "x"
    path = workbook(tmp_path / "far.xlsx", {"Youths": cells})
    with pytest.raises(SafetyNetError, match="at B900001 on the Youths sheet"):
        check_sheets(path, ["Youths"])


def test_sheets_are_handed_over_smallest_first_and_none_after_a_refusal(tmp_path):
    """The reader starts on a small sheet while the guard looks at the large ones."""
    far = rows_of(400)
    far[(1_048_575, 0)] = "x"
    path = workbook(
        tmp_path / "four.xlsx",
        {
            "Meetings": rows_of(200),
            "Youths": far,
            "Referrals": rows_of(5),
            "Agencies": rows_of(900),
        },
    )
    told: list[str] = []
    with pytest.raises(SafetyNetError, match="at A1048576 on the Youths sheet"):
        names = ["Meetings", "Lists", "Youths", "Referrals", "Agencies"]
        check_sheets(path, names, passed=told.append)
    assert told == ["Lists", "Referrals", "Meetings"]  # Lists is missing: the reader says so


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    columns=st.integers(1, 702),
    rows=st.integers(1, 1_048_576),
    col=st.integers(1, 16_384),
    row=st.integers(1, 1_048_576),
)
def test_the_pattern_finds_exactly_the_cells_beyond_reach(columns, rows, col, row):
    """Rounded up as the guard rounds them, a cell matches when it lies outside the reach."""
    columns, rows = _round_columns(columns), _round_rows(rows)
    ref = f"{column_letter(col - 1)}{row}"
    found = _beyond(columns, rows).search(f'<c r="{ref}" t="n"><v>1</v></c>'.encode())
    assert (found is not None) == (col > columns or row > rows)

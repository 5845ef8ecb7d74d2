"""Whatever staff put in a cell, reading and validation explain it; they never crash."""

from __future__ import annotations

import datetime as dt

from helpers.properties import examples
from helpers.sample import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetynet.computed import fill_computed
from safetynet.core.problems_sheet import format_problems, problems_grid
from safetynet.core.validate import validate
from safetynet.model import Workbook
from safetynet.operations.validate import require_valid
from safetynet.schema import DATA_SHEETS, LISTS, SETTINGS
from safetynet.tables import frame_from_rows
from safetynet.values import EXCEL_ERRORS
from safetynet.xlsx.read import read_settings

IDS = st.sampled_from(["Y-0001", "Y-0002", "y-0001 ", "R-00001", "", " "])
LIST_VALUES = st.sampled_from(sorted({v for values in LISTS.values() for v in values}))

CELL = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=5).map(lambda s: s * 2000),
    st.sampled_from(["😀👩‍👧", "李小龙", "فاطمة", "Zoë", "=NA()", "Y", "n", "TRUE", "13/13/2026"]),
    st.sampled_from(sorted(EXCEL_ERRORS)),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.times(),
    IDS,
    LIST_VALUES,
)


@st.composite
def raw_sheets(draw):
    grids = {}
    for sheet in DATA_SHEETS:
        rows = draw(
            st.lists(st.lists(CELL, min_size=0, max_size=len(sheet.headers) + 2), max_size=4)
        )
        grids[sheet.name] = [sheet.headers, *rows]
    settings_rows = draw(
        st.lists(st.tuples(st.sampled_from([s.label for s in SETTINGS]), CELL), max_size=6)
    )
    return grids, [list(r) for r in settings_rows]


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_sheets())
def test_arbitrary_cells_never_crash_reading_or_validation(drawn):
    grids, settings_rows = drawn
    frames, problems = {}, []
    for sheet in DATA_SHEETS:
        frame, found = frame_from_rows(sheet, grids[sheet.name])
        frames[sheet.name] = frame
        problems.extend(found)
    values, found = read_settings(settings_rows)
    problems.extend(found)
    fill_computed(frames, values, TODAY)
    book = Workbook(frames, values, dict(LISTS), tuple(problems))

    result = validate(book, TODAY)

    for problem in result:
        assert problem.sheet and problem.message
        assert "Traceback" not in problem.message
    assert len(problems_grid(result, dt.datetime(2026, 11, 25, 9, 30))) == len(result) + 3
    assert format_problems(result).splitlines()[-1].startswith("Found")
    try:
        require_valid(book, TODAY, "Build Agenda")
    except Exception as exc:  # only the documented refusal may escape
        assert type(exc).__name__ == "ProblemsFound"

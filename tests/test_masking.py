"""Masking: small counts hidden, and nothing hidden can be worked back out.

The property test does not trust the algorithm's own idea of "exposed": it
solves the linear programme an attacker would, with scipy.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers.properties import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetynet.core.masking import (
    HIDDEN,
    HIDDEN_MARK,
    SHOWN,
    SMALL,
    Block,
    Equation,
    mask_table,
    masking_rule,
    small_mark,
    suppress,
    table_equations,
)

linprog = pytest.importorskip("scipy.optimize").linprog


def attacker_range(values, equations, status, cell, threshold=None):
    """Min and max of ``cell`` over all non-negative real tables agreeing with what is shown.

    With ``threshold``, the reader also uses what the marks say: ``<11`` is 1..10,
    ``*`` is not a small count (at least 11, or 0 when a zero had to hide).
    """
    hidden = [i for i, s in enumerate(status) if s != SHOWN]
    position = {c: i for i, c in enumerate(hidden)}
    rows, rhs = [], []
    for equation in equations:
        row = np.zeros(len(hidden))
        constant = 0.0
        for c, sign in [(equation.total, -1.0)] + [(p, 1.0) for p in equation.parts]:
            if c in position:
                row[position[c]] += sign
            else:
                constant -= sign * values[c]
        if row.any():
            rows.append(row)
            rhs.append(constant)
    objective = np.zeros(len(hidden))
    objective[position[cell]] = 1.0
    bounds = [(0, None)] * len(hidden)
    if threshold is not None:
        bounds = [
            (1, threshold - 1)
            if status[c] == SMALL
            else ((threshold, None) if values[c] >= threshold else (0, None))
            for c in hidden
        ]
    low = linprog(objective, A_eq=np.array(rows), b_eq=rhs, bounds=bounds, method="highs")
    high = linprog(-objective, A_eq=np.array(rows), b_eq=rhs, bounds=bounds, method="highs")
    assert low.status == 0, "the true table must be a solution"
    top = np.inf if high.status == 3 else -high.fun
    return low.fun, top


def test_small_counts_show_as_less_than_threshold_and_zero_stays():
    equations = [Equation(3, (0, 1, 2))]
    status = suppress([0, 4, 30, 34], equations, threshold=11)
    assert status[0] == SHOWN  # zero names nobody
    assert status[1] == SMALL
    # 4 = 34 - 30: one more cell must go, and the smallest positive one is 30.
    assert status[2] == HIDDEN
    assert status[3] == SHOWN


def test_threshold_text_follows_the_setting():
    assert small_mark(5) == "<5"
    assert "1 to 4" in masking_rule(5) and "<5" in masking_rule(5)


def test_counts_at_threshold_are_shown():
    assert suppress([11, 11, 22], [Equation(2, (0, 1))], threshold=11) == [SHOWN] * 3


def test_unmaskable_cells_are_always_shown():
    status = suppress([3, 2], [], threshold=11, maskable=[False, True])
    assert status == [SHOWN, SMALL]


def test_table_total_revealing_a_single_small_part_is_hidden():
    # rows: total, A, B; columns: Oct, Nov, YTD
    table = [
        [40, 50, 90],
        [35, 50, 85],
        [5, 0, 5],
    ]
    shown, _ = mask_table(table, [Block(0, (1, 2))], 11, [True, True, True])
    assert shown[2] == ["<11", 0, "<11"]
    flat = [v for row in shown for v in row]
    assert all(v not in range(1, 11) for v in flat if isinstance(v, int))
    # The 5 in October is 40 - 35 unless one of them hides; and the YTD 5 = 90 - 85.
    assert shown[0][0] == HIDDEN_MARK or shown[1][0] == HIDDEN_MARK
    assert shown[0][2] == HIDDEN_MARK or shown[1][2] == HIDDEN_MARK


def test_hidden_cells_that_the_marks_would_pin_get_company():
    """Two hidden 10s in a row whose total leaves 20: "<11" says each is at most 10, so
    both would be known. A third cell of that row must hide too."""
    table = [
        [40, 40, 80],  # total
        [10, 10, 20],  # both months small, YTD 20 shown
        [30, 30, 60],
    ]
    _, status = mask_table(table, [Block(0, (1, 2))], 11, [True] * 3)
    assert status[1][:2] == [SMALL, SMALL]
    assert status[1][2] == HIDDEN


def test_a_one_and_an_eleven_making_twelve_are_not_left_alone():
    """ "<11" is at least 1 and "*" at least 11: a shown 12 would pin both."""
    status = suppress([1, 11, 30, 42], [Equation(3, (0, 1, 2))], threshold=11)
    assert status[0] == SMALL
    assert sum(s != SHOWN for s in status) >= 3


def test_masking_is_deterministic():
    table = [[40, 22, 62], [33, 20, 53], [7, 2, 9]]
    first = mask_table(table, [Block(0, (1, 2))], 11, [True] * 3)
    assert all(mask_table(table, [Block(0, (1, 2))], 11, [True] * 3) == first for _ in range(3))


@st.composite
def tables(draw):
    """A table like the Monthly sheet's: blocks of category rows sharing one total row."""
    months = draw(st.integers(1, 5))
    count = st.one_of(st.just(0), st.integers(1, 10), st.integers(11, 60))
    n_blocks = draw(st.integers(1, 3))
    part_rows = [draw(st.integers(1, 4)) for _ in range(n_blocks)]
    first_block = [[draw(count) for _ in range(months)] for _ in range(part_rows[0])]
    total = [sum(col) for col in zip(*first_block, strict=True)]
    rows = [total, *first_block]
    blocks = [Block(0, tuple(range(1, 1 + part_rows[0])))]
    for size in part_rows[1:]:
        start = len(rows)
        parts = []
        for column_total in total:  # split each column's total among ``size`` categories
            cuts = sorted(draw(st.integers(0, column_total)) for _ in range(size - 1))
            bounds = [0, *cuts, column_total]
            parts.append([bounds[i + 1] - bounds[i] for i in range(size)])
        rows.extend([list(r) for r in zip(*parts, strict=True)])
        blocks.append(Block(0, tuple(range(start, start + size))))
    table = [[*r, sum(r)] for r in rows]
    return table, blocks


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from([5, 11]))
def test_no_masked_cell_can_be_worked_out(case, threshold):
    table, blocks = case
    shown, status = mask_table(table, blocks, threshold, [True] * len(table))
    n_columns = len(table[0])
    values = [v for row in table for v in row]
    flat_status = [s for row in status for s in row]
    flat_shown = [v for row in shown for v in row]
    for value, cell in zip(values, flat_shown, strict=True):
        if isinstance(cell, int):
            assert not 1 <= cell < threshold
            assert cell == value
    equations = table_equations(len(table), n_columns, blocks, range(len(table)))
    for cell, s in enumerate(flat_status):
        if s == SHOWN:
            continue
        low, high = attacker_range(values, equations, flat_status, cell)
        assert low <= values[cell] <= high
        assert high - low > 1e-6, f"cell {divmod(cell, n_columns)} is pinned to {low}"
        if s == SMALL:  # and not even the marks pin it
            low, high = attacker_range(values, equations, flat_status, cell, threshold)
            assert high - low > 1e-6, f"the marks pin cell {divmod(cell, n_columns)} to {low}"


def test_null_basis_spans_the_solutions():
    from safetynet.core.masking_algebra import null_basis

    matrix = np.array([[1.0, 1.0, -1.0, 0.0], [0.0, 1.0, 0.0, -1.0]])
    basis = null_basis(matrix, 4)
    assert basis.shape == (4, 2)
    assert np.allclose(matrix @ basis, 0)
    assert np.linalg.matrix_rank(basis) == 2


@pytest.mark.parametrize(
    ("target", "inside"),
    [((1.0, 1.0), True), ((2.0, 0.0), True), ((-1.0, 0.0), False), ((1.0, -0.5), False)],
)
def test_in_cone_of_the_axes(target, inside):
    from safetynet.core.masking_algebra import in_cone

    assert in_cone(np.eye(2), np.array(target)) is inside


def test_a_small_countys_year_is_safe_against_the_solver():
    """A realistic table full of small counts (100 youths): the path that hides every count."""
    demo = pytest.importorskip("safetynet.demo")
    import datetime as dt

    import pandas as pd

    from safetynet.core.monthly import monthly_table

    book = demo.generate(youths=100, seed=7, today=dt.date(2026, 11, 20))
    table = monthly_table(
        book["Youths"], book["Referrals"], book["Meetings"], book["YWSP"], pd.Period("2026-09")
    )
    counts = [list(row.counts) for row in table.rows]
    maskable = [row.masked for row in table.rows]
    _, status = mask_table(counts, table.blocks, 11, maskable)
    n_columns = len(counts[0])
    values = [v for row in counts for v in row]
    flat = [s for row in status for s in row]
    equations = table_equations(
        len(counts), n_columns, table.blocks, [r for r, m in enumerate(maskable) if m]
    )
    assert flat.count(SMALL) > 50
    for cell, s in enumerate(flat):
        if s == SMALL:
            low, high = attacker_range(values, equations, flat, cell, threshold=11)
            assert high - low > 1e-6, f"cell {divmod(cell, n_columns)} is pinned"

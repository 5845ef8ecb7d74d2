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
from safetynet.core.masking_audit import pinned_cells

linprog = pytest.importorskip("scipy.optimize").linprog


def attacker_range(values, equations, status, cell, threshold):
    """Min and max of ``cell`` over all real tables agreeing with what a reader sees.

    Written here, apart from the program's own audit: the shown cells, the sums,
    every masked cell at least 1 (zeros are shown) and ``<t`` at most t - 1.
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
    bounds = [(1, threshold - 1) if status[c] == SMALL else (1, None) for c in hidden]
    a_eq = np.array(rows) if rows else None
    b_eq = rhs if rows else None
    low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    assert low.status == 0, "the true table must be a solution"
    top = np.inf if high.status == 3 else -high.fun
    return low.fun, top


def assert_nothing_pinned(table, blocks, status, threshold, maskable=None):
    maskable = maskable or [True] * len(table)
    n_columns = len(table[0])
    values = [v for row in table for v in row]
    flat = [s for row in status for s in row]
    equations = table_equations(
        len(table), n_columns, blocks, [r for r, m in enumerate(maskable) if m]
    )
    checked = 0
    for cell, s in enumerate(flat):
        if s == SHOWN:
            assert not (maskable[cell // n_columns] and 1 <= values[cell] < threshold)
            continue
        assert values[cell] >= 1, "only positive cells are masked"
        low, high = attacker_range(values, equations, flat, cell, threshold)
        assert low - 1e-6 <= values[cell] <= high + 1e-6
        assert high - low > 1e-6, f"cell {divmod(cell, n_columns)} is pinned to {low}"
        checked += 1
    # The program's own audit agrees.
    assert pinned_cells(values, equations, flat, threshold) == []
    return checked


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
    both would be known. One of them loses its upper bound (shown as *) or more hides."""
    table = [
        [40, 40, 80],  # total
        [10, 10, 20],  # both months small, YTD 20 shown
        [30, 30, 60],
    ]
    _, status = mask_table(table, [Block(0, (1, 2))], 11, [True] * 3)
    assert status[1][:2] != [SMALL, SMALL] or status[1][2] != SHOWN
    assert_nothing_pinned(table, [Block(0, (1, 2))], status, 11)


def test_a_one_and_an_eleven_making_twelve_are_not_left_alone():
    """ "<11" is at least 1 and "*" at least 1: a shown 12 must not pin them."""
    values = [1, 11, 30, 42]
    equations = [Equation(3, (0, 1, 2))]
    status = suppress(values, equations, threshold=11)
    assert status[0] == SMALL
    for cell, s in enumerate(status):
        if s != SHOWN:
            low, high = attacker_range(values, equations, status, cell, 11)
            assert high - low > 1e-6


def test_regression_a_total_of_four_made_of_four_ones_is_not_given_away():
    """Found by hypothesis with seed 3: threshold 5, a total of 4 and four parts of 1, all
    "<5". Each masked part is at least 1, so the reader worked out every one of them."""
    table = [[4, 4], [1, 1], [1, 1], [1, 1], [1, 1]]
    blocks = [Block(0, (1, 2, 3, 4))]
    shown, status = mask_table(table, blocks, 5, [True] * 5)
    assert all(not isinstance(v, int) for row in shown for v in row)  # nothing shown
    assert_nothing_pinned(table, blocks, status, 5)
    # And the audit alone, on the naive masking, finds the leak.
    naive = ["small"] * 10
    equations = table_equations(5, 2, blocks, range(5))
    assert pinned_cells([v for row in table for v in row], equations, naive, 5) == list(range(10))


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


@pytest.mark.parametrize("threshold", [3, 5, 11])
@settings(max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=tables())
def test_no_masked_cell_can_be_worked_out(case, threshold):
    """Each threshold gets its own examples (a sampled threshold could leave one untried)."""
    table, blocks = case
    shown, status = mask_table(table, blocks, threshold, [True] * len(table))
    for row, shown_row in zip(table, shown, strict=True):
        for value, cell in zip(row, shown_row, strict=True):
            if isinstance(cell, int):
                assert not 1 <= cell < threshold
                assert cell == value
    assert_nothing_pinned(table, blocks, status, threshold)


@pytest.mark.parametrize(("youths", "seed"), [(25, 1), (40, 2), (60, 3), (80, 4)])
def test_a_small_countys_fiscal_year_is_safe_against_the_solver(youths, seed):
    """Realistic fiscal-year tables of small counties, from the demo generator."""
    demo = pytest.importorskip("safetynet.demo")
    import datetime as dt

    import pandas as pd

    from safetynet.core.monthly import monthly_table

    book = demo.generate(youths=youths, seed=seed, today=dt.date(2026, 11, 20))
    table = monthly_table(
        book["Youths"], book["Referrals"], book["Meetings"], book["YWSP"], pd.Period("2026-09")
    )
    counts = [list(row.counts) for row in table.rows]
    maskable = [row.masked for row in table.rows]
    _, status = mask_table(counts, table.blocks, 11, maskable)
    assert sum(s == SMALL for row in status for s in row) > 20
    assert assert_nothing_pinned(counts, table.blocks, status, 11, maskable) > 20

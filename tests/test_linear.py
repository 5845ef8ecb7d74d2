"""The masking audit's solver (safetynet.core.linear) against scipy's binding of HiGHS."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safetynet.core.linear import minimize

linprog = pytest.importorskip("scipy.optimize").linprog


def test_a_small_programme_is_solved():
    # x0 + x1 = 5, x0 >= 1, 1 <= x1 <= 10: the least x0 is 1, the greatest 4.
    a_eq, b_eq, bounds = np.array([[1.0, 1.0]]), [5.0], [(1.0, None), (1.0, 10.0)]
    low = minimize([1.0, 0.0], bounds, a_eq=a_eq, b_eq=b_eq)
    high = minimize([-1.0, 0.0], bounds, a_eq=a_eq, b_eq=b_eq)
    assert (low.status, low.value, high.status, -high.value) == ("optimal", 1.0, "optimal", 4.0)
    assert list(low.x) == [1.0, 4.0]


def test_unbounded_and_infeasible_programmes_say_so():
    assert minimize([-1.0], [(1.0, None)]).status == "unbounded"
    a_eq = np.array([[1.0]])
    assert minimize([1.0], [(1.0, 3.0)], a_eq=a_eq, b_eq=[7.0]).status == "infeasible"


def test_inequalities_are_kept():
    found = minimize([-1.0, -1.0], [(0.0, None)] * 2, a_ub=np.array([[1.0, 2.0]]), b_ub=[4.0])
    assert found.status == "optimal" and found.value == pytest.approx(-4.0)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 6).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(-3, 3), min_size=n, max_size=n),
            st.lists(st.lists(st.integers(-2, 2), min_size=n, max_size=n), min_size=1, max_size=3),
            st.lists(st.integers(1, 9), min_size=n, max_size=n),
            st.lists(st.booleans(), min_size=n, max_size=n),
        )
    )
)
def test_it_agrees_with_scipy(case):
    cost, rows, point, capped = case
    a_eq = np.array(rows, dtype=float)
    b_eq = a_eq @ np.array(point, dtype=float)  # feasible: ``point`` satisfies it
    bounds = [(1.0, 10.0 if cap else None) for cap in capped]
    ours = minimize(cost, bounds, a_eq=a_eq, b_eq=b_eq)
    theirs = linprog(cost, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    assert ours.status == {0: "optimal", 3: "unbounded"}[theirs.status]
    if theirs.status == 0:
        assert ours.value == pytest.approx(theirs.fun, abs=1e-6)


def test_the_solver_prints_nothing_on_standard_output():
    """HiGHS prints a banner from C when made: ``--json`` output must stay JSON."""
    code = "from safetynet.core.linear import minimize; print(minimize([1.0], [(2.0, None)]).value)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "2.0\n"

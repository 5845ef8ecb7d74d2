"""Small linear programmes for the masking audit, solved by HiGHS through highspy.

scipy's ``linprog`` wraps the same solver, but importing ``scipy.optimize``
takes a third of a second, more than a Monthly Report's programmes take to
solve; highspy imports in a hundredth. tests/test_masking.py keeps scipy as
the attacker's solver, so the audit is checked by a second binding.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Bound = tuple[float | None, float | None]


@dataclass(frozen=True)
class Solution:
    """``status`` is "optimal", "unbounded", "infeasible" or "failed"; ``x`` when optimal."""

    status: str
    value: float = 0.0
    x: np.ndarray | None = None


def minimize(
    cost: Sequence[float] | np.ndarray,
    bounds: Sequence[Bound],
    *,
    a_eq: np.ndarray | None = None,
    b_eq: Sequence[float] | np.ndarray | None = None,
    a_ub: np.ndarray | None = None,
    b_ub: Sequence[float] | np.ndarray | None = None,
) -> Solution:
    """The least ``cost @ x`` with ``a_eq @ x == b_eq``, ``a_ub @ x <= b_ub`` and ``bounds``."""
    import highspy

    cost = np.asarray(cost, dtype=float)
    n = len(cost)
    inf = highspy.kHighsInf
    blocks, lower, upper = [], [], []
    if a_eq is not None and len(a_eq):
        blocks.append(np.asarray(a_eq, dtype=float))
        lower.append(np.asarray(b_eq, dtype=float))
        upper.append(np.asarray(b_eq, dtype=float))
    if a_ub is not None and len(a_ub):
        blocks.append(np.asarray(a_ub, dtype=float))
        lower.append(np.full(len(a_ub), -inf))
        upper.append(np.asarray(b_ub, dtype=float))
    matrix = np.vstack(blocks) if blocks else np.zeros((0, n))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, matrix.shape[0]
    lp.col_cost_ = cost
    lp.col_lower_ = np.array([-inf if lo is None else lo for lo, _ in bounds], dtype=float)
    lp.col_upper_ = np.array([inf if hi is None else hi for _, hi in bounds], dtype=float)
    lp.row_lower_ = np.concatenate(lower) if lower else np.zeros(0)
    lp.row_upper_ = np.concatenate(upper) if upper else np.zeros(0)
    starts, rows, values = [0], [], []
    for column in matrix.T:  # column-wise, nonzeros only
        found = np.flatnonzero(column)
        rows.extend(found.tolist())
        values.extend(column[found].tolist())
        starts.append(len(rows))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(rows, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(values, dtype=float)
    solver = _solver()
    solver.clearModel()
    solver.passModel(lp)
    solver.run()
    status = solver.getModelStatus()
    kinds = highspy.HighsModelStatus
    if status == kinds.kOptimal:
        x = np.array(solver.getSolution().col_value, dtype=float)
        return Solution("optimal", float(solver.getInfo().objective_function_value), x)
    if status == kinds.kUnbounded:
        return Solution("unbounded")
    if status == kinds.kInfeasible:
        return Solution("infeasible")
    return Solution("failed")  # the caller treats it as the answer that leaks least


@functools.lru_cache(maxsize=1)
def _solver() -> Any:
    """One solver per process, made without its banner on standard output (it would
    break ``--json`` output): HiGHS prints it from C when the solver is made."""
    import highspy

    with _quiet_stdout():
        solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    return solver


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Standard output, at the file-descriptor level, goes nowhere for a moment."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):
        yield  # no real standard output (a GUI host): nothing to keep clean
        return
    try:
        with open(os.devnull, "wb") as nowhere:
            os.dup2(nowhere.fileno(), 1)
            try:
                yield
            finally:
                _flush_c_stdio()
                os.dup2(saved, 1)
    finally:
        os.close(saved)


def _flush_c_stdio() -> None:
    """Flush C's buffered standard output while it still points nowhere."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        (ctypes.CDLL("msvcrt") if os.name == "nt" else ctypes.CDLL(None)).fflush(None)

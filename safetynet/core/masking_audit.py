"""The masking audit: could a reader work out any masked count? Decided by linear programming.

A reader of a masked table knows every shown cell, every sum the table states
(a block of rows adds up to its total row; a row's months add up to its year
to date), that a ``<11`` cell is 1 to 10 and that a ``*`` cell is at least 1
(zeros are always shown, so nothing masked is 0). A masked cell is *pinned*
when its smallest and its largest value over every table agreeing with all
that are the same: then the reader knows it. The audit solves those two linear
programmes for each masked cell (over real numbers, which can only widen the
range a reader sees among whole numbers, never narrow it) and names the pinned
cells. A table with any pinned cell must not leave the program.

The HiGHS solver does the solving (``safetynet.core.linear``): a hand-written
simplex would be one more place for a wrong answer, and a wrong answer here
names a child. It is imported on the first audit only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .masking import Equation

SHOWN = "shown"
SMALL = "small"
SLACK = 1e-6  # a range narrower than this is a pinned cell


def reader_bounds(status: str, threshold: int) -> tuple[float, float | None]:
    """What the mark alone tells of a masked cell: ``<11`` is 1..10, ``*`` is 1 or more."""
    return (1.0, float(threshold - 1)) if status == SMALL else (1.0, None)


class Reader:
    """The linear programmes of a reader who sees ``status`` over ``values``.

    Built once per set of masked cells; ``range_of`` and ``pinned`` ask about one cell.
    """

    def __init__(
        self,
        values: Sequence[int],
        equations: Sequence[Equation],
        status: Sequence[str],
        threshold: int,
    ) -> None:
        self.values = np.asarray(values, dtype=float)
        self.masked = [i for i, s in enumerate(status) if s != SHOWN]
        self.position = {cell: i for i, cell in enumerate(self.masked)}
        rows, rhs = [], []
        for equation in equations:
            row = np.zeros(len(self.masked))
            constant = 0.0
            for cell, sign in [(equation.total, -1.0), *((p, 1.0) for p in equation.parts)]:
                if cell in self.position:
                    row[self.position[cell]] += sign
                else:
                    constant -= sign * self.values[cell]
            if row.any():
                rows.append(row)
                rhs.append(constant)
        self.a_eq = np.array(rows) if rows else None
        self.b_eq = np.array(rhs) if rows else None
        self.bounds = [reader_bounds(status[c], threshold) for c in self.masked]

    def _extreme(self, cell: int, sign: float) -> float | None:
        """The least (sign +1) or greatest (sign -1) value of ``cell``; None when unbounded."""
        from .linear import minimize

        objective = np.zeros(len(self.masked))
        objective[self.position[cell]] = sign
        found = minimize(objective, self.bounds, a_eq=self.a_eq, b_eq=self.b_eq)
        if found.status == "unbounded":
            return None
        if found.status != "optimal":
            # The true table always agrees with what is shown, so this is a solver failure:
            # count the cell as pinned rather than trust an answer we did not get.
            return float(self.values[cell])
        return float(sign * found.value)

    def range_of(self, cell: int) -> tuple[float, float]:
        """The least and greatest value ``cell`` can take (inf when unbounded above)."""
        low = self._extreme(cell, 1.0)
        high = self._extreme(cell, -1.0)
        return (float(self.values[cell]) if low is None else low), (
            float("inf") if high is None else high
        )

    def pinned(self, cell: int) -> bool:
        """Whether the reader can work ``cell`` out (tries the cheaper way up first)."""
        true = float(self.values[cell])
        high = self._extreme(cell, -1.0)
        if high is None or high > true + SLACK:
            return False
        low = self._extreme(cell, 1.0)
        return low is not None and low > true - SLACK


def pinned_cells(
    values: Sequence[int],
    equations: Sequence[Equation],
    status: Sequence[str],
    threshold: int,
) -> list[int]:
    """Every masked cell a reader could work out from the shown cells, the sums and the marks."""
    reader = Reader(values, equations, status, threshold)
    return [cell for cell in reader.masked if reader.pinned(cell)]


def loosening(
    values: Sequence[int],
    equations: Sequence[Equation],
    status: Sequence[str],
    loosenable: Sequence[bool],
    threshold: int,
    cell: int,
) -> list[int]:
    """The fewest cells to loosen so that ``cell`` is no longer pinned; [] when none will do.

    Loosening a shown cell hides it (``*``); loosening a ``<11`` cell shows it as
    ``*``, which drops its upper bound. One linear programme finds another table
    that agrees with everything the reader would still see and moves ``cell``
    by 1, changing as few cells as it can (shown cells cost more than small
    ones); the cells it had to change are the ones to loosen. Once they are,
    that table is a witness: ``cell`` can take two values.
    """
    from .linear import minimize

    n = len(values)
    v = np.asarray(values, dtype=float)
    shown = np.array([s == SHOWN for s in status])
    small = np.array([s == SMALL for s in status])
    free = np.asarray(loosenable, dtype=bool) & shown & (v > 0)
    # Variables: d (the change of each cell), up and down (a shown cell's change), over
    # (how far a small cell goes past threshold - 1).
    zero, many = (0.0, 0.0), (0.0, None)
    bounds = [
        zero if (s and not f) else ((None, None) if s else (1.0 - value, None))
        for s, f, value in zip(shown, free, v, strict=True)
    ]
    bounds += [many if f else zero for f in free]
    bounds += [
        (0.0, max(0.0, value - 1.0)) if f else zero for f, value in zip(free, v, strict=True)
    ]
    bounds += [many if s else zero for s in small]
    a_eq, b_eq = [], []
    for equation in equations:
        row = np.zeros(4 * n)
        row[equation.total] -= 1.0
        for part in equation.parts:
            row[part] += 1.0
        a_eq.append(row)
        b_eq.append(0.0)
    for j in np.flatnonzero(free):  # d = up - down
        row = np.zeros(4 * n)
        row[j], row[n + j], row[2 * n + j] = 1.0, -1.0, 1.0
        a_eq.append(row)
        b_eq.append(0.0)
    a_ub, b_ub = [], []
    for j in np.flatnonzero(small):  # d - over <= threshold - 1 - value
        row = np.zeros(4 * n)
        row[j], row[3 * n + j] = 1.0, -1.0
        a_ub.append(row)
        b_ub.append(threshold - 1 - v[j])
    cost = np.concatenate([np.zeros(n), np.full(2 * n, 2.0), np.ones(n)])
    for move in (1.0, -1.0):
        target = np.zeros(4 * n)
        target[cell] = 1.0
        found = minimize(
            cost,
            bounds,
            a_ub=np.array(a_ub) if a_ub else None,
            b_ub=b_ub if a_ub else None,
            a_eq=np.array([*a_eq, target]),
            b_eq=[*b_eq, move],
        )
        if found.status == "optimal":
            x = found.x
            moved = np.flatnonzero(
                (free & (x[n : 2 * n] + x[2 * n : 3 * n] > SLACK)) | (small & (x[3 * n :] > SLACK))
            )
            return [int(j) for j in moved]
    return []

"""Masking small counts in tables that leave the program (the funder report).

A count of 1 in a small county can name a child. Following the CalHHS
de-identification guidelines and the CMS cell-size policy:

1. *Primary suppression*: a count from 1 to threshold − 1 is shown as
   ``<threshold`` (``<11`` by default). Zero is shown as 0: it names nobody.
2. *Complementary suppression*: a table also shows totals (a block of
   category rows adds up to its total row; each row's months add up to its
   year-to-date column). A masked cell that those sums would give away
   (total minus the shown parts) is protected by hiding more cells, shown as
   ``*``.

Two stages. First linear algebra, cheap and exact: hide cells until no masked
cell is fixed by the sums alone (the null space of the equations restricted
to masked cells is non-zero at every masked cell). Then the bounds: a reader
also knows that ``<11`` is 1..10 and that every masked cell is at least 1
(zeros are shown), and a total of 4 made of four masked parts pins each part
to 1. ``masking_audit`` decides that exactly by linear programming; for each
cell it pins, this module either hides one more cell of its sums or shows a
small count as ``*`` (at least 1, with no upper bound the reader could use),
whichever frees it, until no masked cell is pinned. Only positive cells are
ever masked, so the reader's bound of 1 is true. The choice is deterministic:
the same table always masks the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .masking_algebra import TOLERANCE, row_echelon

SHOWN = "shown"
SMALL = "small"  # 1 .. threshold - 1, shown as "<threshold"
HIDDEN = "hidden"  # complementary suppression, shown as "*"
HIDDEN_MARK = "*"
_TRIES_PER_CELL = 12


@dataclass(frozen=True)
class Equation:
    """Cell ``total`` equals the sum of cells ``parts`` (indices into a flat list of cells)."""

    total: int
    parts: tuple[int, ...]

    @property
    def cells(self) -> tuple[int, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Block:
    """Rows of a table whose category rows add up to a total row, column by column."""

    total_row: int
    part_rows: tuple[int, ...]


def small_mark(threshold: int) -> str:
    """How a small count is shown: ``<11`` for the default threshold."""
    return f"<{threshold}"


def masking_rule(threshold: int) -> str:
    """The rule in one sentence, for the sheet and the report."""
    return (
        f"To protect privacy, counts from 1 to {threshold - 1} are shown as "
        f"{small_mark(threshold)}, and cells shown as {HIDDEN_MARK} are hidden too (each is "
        f"at least 1, small or not) so that no count can be worked out from the totals."
    )


def suppress(
    values: Sequence[int],
    equations: Sequence[Equation],
    threshold: int,
    maskable: Sequence[bool] | None = None,
) -> list[str]:
    """The status of every cell (SHOWN, SMALL or HIDDEN) after both suppressions.

    ``maskable`` marks cells that count people; the others (meetings held,
    sessions held) are always shown and should be in no equation.
    """
    counts = np.asarray(values, dtype=np.int64)
    can_mask = np.ones(len(counts), dtype=bool) if maskable is None else np.asarray(maskable, bool)
    status = np.where(can_mask & (counts >= 1) & (counts < threshold), SMALL, SHOWN).astype(object)
    if not (status == SMALL).any():
        return [str(s) for s in status]
    if equations:
        can_mask = can_mask & (counts > 0)  # a masked cell is at least 1: never hide a zero
        hidden = status != SHOWN
        _hide_until_no_sum_tells(counts, equations, hidden, can_mask)
        status[hidden & (status == SHOWN)] = HIDDEN
    status = _settle_bounds(counts, equations, status, can_mask, threshold)
    return [str(s) for s in status]


def _hide_until_no_sum_tells(
    counts: np.ndarray, equations: Sequence[Equation], hidden: np.ndarray, can_mask: np.ndarray
) -> None:
    """Hide cells until the sums alone fix no hidden cell (linear algebra, no bounds)."""
    matrix = _equation_matrix(equations, len(counts))
    cells_of = _equations_by_cell(equations, len(counts))

    def exposed_again(cell: int) -> bool:
        return cell in _exposed_cells(matrix, hidden)

    while True:
        _close_single_equations(counts, equations, hidden, can_mask)
        exposed = _exposed_cells(matrix, hidden)
        if not exposed:
            return
        chosen = _best_complement(
            counts, equations, cells_of, hidden, can_mask, exposed[0], exposed_again
        )
        if chosen is None:
            return  # every cell that could help is hidden already; the bounds stage decides
        hidden[chosen] = True


def _settle_bounds(
    counts: np.ndarray,
    equations: Sequence[Equation],
    status: np.ndarray,
    can_mask: np.ndarray,
    threshold: int,
) -> np.ndarray:
    """Loosen the table until the audit pins no masked cell: hide cells or turn ``<11`` into ``*``.

    Each step only widens what a reader must consider (a new unknown, or a bound
    dropped), so a cell found free stays free and one pass over the cells does.
    """
    from .masking_audit import Reader, loosening

    def reader() -> Reader:
        return Reader(counts.tolist(), equations, [str(s) for s in status], threshold)

    queue = [c for c in range(len(counts)) if status[c] != SHOWN]
    current = reader()
    while queue:
        cell = queue.pop(0)
        if not current.pinned(cell):
            continue
        loosen = loosening(
            counts.tolist(), equations, [str(s) for s in status], can_mask, threshold, cell
        )
        if not loosen:
            continue  # nothing will free it: the audit before writing refuses the table
        for chosen in loosen:
            if status[chosen] == SHOWN:
                queue.append(chosen)
            status[chosen] = HIDDEN
        current = reader()
    return status


def display(values: Sequence[int], status: Sequence[str], threshold: int) -> list[int | str]:
    """What each cell shows: its count, ``<11`` or ``*``."""
    mark = small_mark(threshold)
    return [
        int(v) if s == SHOWN else (mark if s == SMALL else HIDDEN_MARK)
        for v, s in zip(values, status, strict=True)
    ]


def table_equations(
    n_rows: int, n_columns: int, blocks: Sequence[Block], summed_rows: Sequence[int]
) -> list[Equation]:
    """The sums of a table whose last column is each row's total (year to date).

    ``summed_rows``: rows whose last cell is the sum of their other cells.
    ``blocks``: category rows adding up to a total row in every column.
    Cell (r, c) is flat index r * n_columns + c.
    """
    last = n_columns - 1
    equations = [
        Equation(r * n_columns + last, tuple(r * n_columns + c for c in range(last)))
        for r in summed_rows
    ]
    for block in blocks:
        for c in range(n_columns):
            equations.append(
                Equation(
                    block.total_row * n_columns + c,
                    tuple(r * n_columns + c for r in block.part_rows),
                )
            )
    return equations


def mask_table(
    table: Sequence[Sequence[int]],
    blocks: Sequence[Block],
    threshold: int,
    maskable_rows: Sequence[bool],
) -> tuple[list[list[int | str]], list[list[str]]]:
    """Mask a table of counts whose last column is each row's total.

    Returns what each cell shows and each cell's status, row by row.
    """
    grid = np.asarray(table, dtype=np.int64)
    if grid.size == 0:
        return [], []
    n_rows, n_columns = grid.shape
    summed = [r for r in range(n_rows) if maskable_rows[r]]
    equations = table_equations(n_rows, n_columns, blocks, summed)
    maskable = np.repeat(np.asarray(maskable_rows, dtype=bool), n_columns)
    flat = grid.ravel().tolist()
    status = suppress(flat, equations, threshold, maskable.tolist())
    shown = display(flat, status, threshold)
    return (
        [shown[r * n_columns : (r + 1) * n_columns] for r in range(n_rows)],
        [status[r * n_columns : (r + 1) * n_columns] for r in range(n_rows)],
    )


# --- the search -------------------------------------------------------------------


def _equation_matrix(equations: Sequence[Equation], n_cells: int) -> np.ndarray:
    matrix = np.zeros((len(equations), n_cells))
    for row, equation in enumerate(equations):
        matrix[row, list(equation.parts)] += 1.0
        matrix[row, equation.total] -= 1.0
    return matrix


def _equations_by_cell(equations: Sequence[Equation], n_cells: int) -> list[list[int]]:
    found: list[list[int]] = [[] for _ in range(n_cells)]
    for number, equation in enumerate(equations):
        for cell in equation.cells:
            found[cell].append(number)
    return found


def _close_single_equations(
    counts: np.ndarray, equations: Sequence[Equation], hidden: np.ndarray, can_mask: np.ndarray
) -> None:
    """Until no sum has exactly one hidden cell: hide the smallest positive cell beside it."""
    changed = True
    while changed:
        changed = False
        for equation in equations:
            cells = equation.cells
            if sum(bool(hidden[c]) for c in cells) != 1:
                continue
            candidates = [c for c in cells if not hidden[c] and can_mask[c]]
            if not candidates:
                continue
            hidden[min(candidates, key=lambda c: (counts[c] == 0, counts[c], c))] = True
            changed = True


def _exposed_cells(matrix: np.ndarray, hidden: np.ndarray) -> list[int]:
    """Hidden cells that every solution agreeing with the shown cells pins to one value.

    In the reduced row echelon form of the equations over the hidden cells, a
    cell is pinned when it leads a row with no free cell in it.
    """
    columns = np.flatnonzero(hidden)
    if columns.size == 0:
        return []
    sub = matrix[:, columns]
    sub = sub[np.any(sub != 0, axis=1)]
    if sub.shape[0] == 0:
        return []
    reduced, pivots = row_echelon(sub)
    free = np.ones(len(columns), dtype=bool)
    free[pivots] = False
    exposed = [
        int(columns[pivot])
        for row, pivot in enumerate(pivots)
        if not np.any(np.abs(reduced[row, free]) > TOLERANCE)
    ]
    return sorted(exposed)


def _best_complement(
    counts: np.ndarray,
    equations: Sequence[Equation],
    cells_of: list[list[int]],
    hidden: np.ndarray,
    can_mask: np.ndarray,
    cell: int,
    still_exposed: Callable[[int], bool],
    tries: int = _TRIES_PER_CELL,
) -> int | None:
    """A cell whose hiding frees ``cell``: the first that does, else the smallest nearby."""
    near = {c for number in cells_of[cell] for c in equations[number].cells}
    candidates = sorted(
        (c for c in near if not hidden[c] and can_mask[c]),
        key=lambda c: (counts[c] == 0, counts[c], c),
    )
    if not candidates:
        touching = {
            c
            for equation in equations
            if any(hidden[x] for x in equation.cells)
            for c in equation.cells
        }
        candidates = sorted(
            (c for c in touching if not hidden[c] and can_mask[c]),
            key=lambda c: (counts[c] == 0, counts[c], c),
        )
    if not candidates:
        return None
    for candidate in candidates[:tries]:
        hidden[candidate] = True
        freed = not still_exposed(cell)
        hidden[candidate] = False
        if freed:
            return candidate
    return candidates[0]

"""What the marks themselves reveal: ``<11`` is 1..10 and ``*`` is not a small count.

Part of ``masking``: a sum whose hidden cells all sit at an end of their
mark's range can pin a small count; these functions find such a cell.
"""

from __future__ import annotations

import numpy as np

from .masking_algebra import MOVES, in_cone, null_basis


def _edges(counts: np.ndarray, small: np.ndarray, hidden: np.ndarray, threshold: int) -> np.ndarray:
    """+1 for a hidden cell that can only be more, -1 only less, 0 either way."""
    up = (small & (counts == 1)) | (~small & ((counts == threshold) | (counts == 0)))
    down = small & (counts == threshold - 1) & ~up
    return np.where(hidden & up, 1, np.where(hidden & down, -1, 0))


def pinned_by_marks(
    matrix: np.ndarray,
    counts: np.ndarray,
    hidden: np.ndarray,
    small: np.ndarray,
    threshold: int,
    only: int | None = None,
) -> list[int]:
    """The first small cell (or ``only``) a reader could work out from sums and marks together.

    The hidden cells that agree with everything shown form a convex set, so a
    small cell can take another value exactly when some direction ``d`` in
    the null space of the sums moves it while every cell at an end of its
    range (a hidden 1, 10 or 11) moves inward. By Farkas' lemma no such
    direction exists upward when ``-d_cell`` lies in the cone of the edge
    constraints, which a small non-negative least-squares problem decides.
    """
    columns = np.flatnonzero(hidden)
    sub = matrix[:, columns]
    sub = sub[np.any(sub != 0, axis=1)]
    null = null_basis(sub, len(columns))
    sides = _edges(counts, small, hidden, threshold)[columns]
    edge = np.flatnonzero(sides)
    if edge.size == 0 or null.shape[1] == 0:
        return []
    cone = (null[edge] * sides[edge][:, None]).T  # columns: the edge constraints
    pinned = []
    checked = small[columns] if only is None else columns == only
    # Cheap first: a cell that moves while every edge cell stays put is free.
    still = null_basis(null[edge], null.shape[1])
    if still.shape[1]:
        moves = (null[:, :, None] * still[None, :, :]).sum(axis=1)
        checked &= ~(np.abs(moves).max(axis=1) > MOVES)
    for local in np.flatnonzero(checked):
        direction = null[local]
        if in_cone(cone, -direction) and in_cone(cone, direction):
            pinned.append(int(columns[local]))
            break  # the search fixes one cell at a time
    return pinned

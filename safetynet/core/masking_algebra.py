"""Exact linear algebra for masking: echelon form, null space, cone membership.

Written with numpy's elementwise operations rather than LAPACK: on these
small 0/±1 matrices a multi-threaded BLAS spends longer starting threads than
computing, and results must be the same on every machine.
"""

from __future__ import annotations

import numpy as np

TOLERANCE = 1e-9
MOVES = 1e-9


def row_echelon(matrix: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Reduced row echelon form by Gauss-Jordan elimination, and the pivot columns.

    Written out rather than calling LAPACK: on these small 0/±1 matrices a
    multi-threaded BLAS spends longer starting threads than computing.
    """
    reduced = matrix.astype(float)
    n_rows, n_columns = reduced.shape
    pivots: list[int] = []
    row = 0
    for column in range(n_columns):
        if row == n_rows:
            break
        best = row + int(np.argmax(np.abs(reduced[row:, column])))
        if abs(reduced[best, column]) < TOLERANCE:
            continue
        if best != row:
            reduced[[row, best]] = reduced[[best, row]]
        reduced[row] /= reduced[row, column]
        factors = reduced[:, column].copy()
        factors[row] = 0.0
        reduced -= factors[:, None] * reduced[row][None, :]
        pivots.append(column)
        row += 1
    return reduced[:row], pivots


def null_basis(matrix: np.ndarray, n_columns: int) -> np.ndarray:
    """A basis of the null space of ``matrix``, one vector per column of the result."""
    if matrix.shape[0] == 0:
        return np.eye(n_columns)
    reduced, pivots = row_echelon(matrix)
    free = np.setdiff1d(np.arange(n_columns), pivots)
    basis = np.zeros((n_columns, free.size))
    basis[free, np.arange(free.size)] = 1.0
    if pivots:
        basis[np.ix_(pivots, np.arange(free.size))] = -reduced[:, free]
    return basis


def in_cone(generators: np.ndarray, target: np.ndarray) -> bool:
    """Whether ``target`` is a non-negative combination of the columns of ``generators``.

    Lawson and Hanson's non-negative least squares: tiny problems here (one
    column per hidden cell at an end of its range).
    """
    n = generators.shape[1]
    weights = np.zeros(n)
    active = np.zeros(n, dtype=bool)
    scale = max(1.0, float(np.abs(target).max()))
    for _ in range(3 * n + 3):
        gradient = generators.T @ (target - generators @ weights)
        if active.all() or gradient[~active].max() <= MOVES * scale:
            break
        active[int(np.argmax(np.where(active, -np.inf, gradient)))] = True
        while True:
            trial = np.zeros(n)
            trial[active] = np.linalg.lstsq(generators[:, active], target, rcond=None)[0]
            if (trial[active] > MOVES).all():
                weights = trial
                break
            falling = active & (trial <= MOVES)
            step = np.min(weights[falling] / np.maximum(weights[falling] - trial[falling], 1e-300))
            weights = weights + step * (trial - weights)
            active &= weights > MOVES
            if not active.any():
                break
    residual = target - generators @ weights
    return bool(np.abs(residual).max() <= 1e-7 * scale)

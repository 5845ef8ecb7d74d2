"""Linear algebra for masking: the reduced row echelon form of the sum equations.

Written with numpy's elementwise operations only, no LAPACK call: on these
small 0/±1 matrices a multi-threaded BLAS spends longer starting threads than
computing, and results must be the same on every machine. (The bounds are
the audit's business, by linear programming: ``masking_audit``.)
"""

from __future__ import annotations

import numpy as np

TOLERANCE = 1e-9


def row_echelon(matrix: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Reduced row echelon form by Gauss-Jordan elimination, and the pivot columns."""
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

"""Operations as tests need them changed."""

from __future__ import annotations

import dataclasses


def with_function(operations, button, function):
    """The catalog with one operation's function replaced (the records are frozen)."""
    return tuple(
        dataclasses.replace(op, function=function) if op.button == button else op
        for op in operations
    )

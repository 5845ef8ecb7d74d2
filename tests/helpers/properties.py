"""How many examples a property test draws: its own count, times a developer's scale.

``scripts/test-random`` sets ``SAFETYNET_PROPERTY_SCALE`` (10 unless told) for a
longer randomized run; the ordinary test command leaves it at 1.
"""

from __future__ import annotations

import os


def examples(count: int) -> int:
    """``count`` examples, times ``SAFETYNET_PROPERTY_SCALE`` (a whole number, 1 by default)."""
    scale = os.environ.get("SAFETYNET_PROPERTY_SCALE", "1")
    return count * max(1, int(scale)) if scale.isdigit() else count

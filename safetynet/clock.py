"""The program's one clock, read only at the edge (the command line, the buttons, the demo).

Everything below takes the day as an argument. ``SAFETYNET_TODAY`` fixes the
day for demonstrations and tests; the time of day stays real, so the Log still
says when a click happened.
"""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """Today, or the date in SAFETYNET_TODAY (YYYY-MM-DD)."""
    fixed = os.environ.get("SAFETYNET_TODAY")
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.date.today()


def now() -> dt.datetime:
    """This moment to the second, on the day ``today`` gives."""
    moment = dt.datetime.now().replace(microsecond=0)
    return dt.datetime.combine(today(), moment.time())

"""A value in a Youth ID column is quoted in a message only when it looks like an ID.

Staff sometimes type a youth's name where the ID belongs (on Meetings, on
Referrals, on the Agenda sheet). Echoing it ("There is no youth with Youth ID
Maria Lopez") would put a name in a message, so anything not shaped like an ID
is hidden, as birth dates are. An ID is short, has a digit, and holds no space.
"""

from __future__ import annotations

import re
from typing import Any

HIDDEN_ID = "(hidden: it does not look like a Youth ID and may be a name)"
_ID_SHAPE = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9\-_./#]{0,23}$")


def looks_like_id(value: Any) -> bool:
    """True for ``Y-0001``, ``2024-117``, ``A12``; False for ``Maria Lopez`` or ``Maria``."""
    return value is not None and bool(_ID_SHAPE.match(str(value).strip()))


def shown_id(value: Any) -> str:
    """The ID as a message may quote it."""
    return str(value).strip() if looks_like_id(value) else HIDDEN_ID

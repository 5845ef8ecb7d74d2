"""Every operation the program offers, listed once.

The command line, the buttons, the demo and the benchmark look operations up
here; adding one is one record in its module and one line below.
"""

from __future__ import annotations

from . import Operation
from .agenda import BUILD_AGENDA
from .dashboard import REFRESH_DASHBOARD
from .documents import CONFIDENTIALITY_FORM, MOU
from .email import EMAIL_PACKET
from .monthly import MONTHLY_REPORT
from .packet import PRINT_PACKET
from .validate import VALIDATE_ENTRIES

OPERATIONS: tuple[Operation, ...] = (
    VALIDATE_ENTRIES,
    BUILD_AGENDA,
    PRINT_PACKET,
    REFRESH_DASHBOARD,
    MONTHLY_REPORT,
    MOU,
    CONFIDENTIALITY_FORM,
    EMAIL_PACKET,
)


def by_command(command: str) -> Operation:
    """The operation a ``safetynet`` command runs (``"packet"`` → Print Packet)."""
    return next(op for op in OPERATIONS if op.command == command)


def by_button(button: str) -> Operation:
    """The operation a button's function runs (``"print_packet"`` → Print Packet)."""
    return next(op for op in OPERATIONS if op.button == button)

"""Import: rows from a county's own spreadsheet or CSV into one data sheet, nothing lost.

The record only; its body (``safetynet.importing.operation``) is imported when
it runs, so listing the operations costs the other buttons nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..model import Workbook
from ..schema import DATA_SHEETS
from . import Operation, Outcome

SHEETS: tuple[str, ...] = tuple(sheet.name for sheet in DATA_SHEETS)


def import_file(book: Workbook, *, today: dt.date, **options: Any) -> Outcome:
    """Bring the source's rows into a data sheet; see ``safetynet.importing.operation``."""
    from ..importing.operation import import_file as run_import

    return run_import(book, today=today, **options)


IMPORT = Operation(
    name="Import",
    function=import_file,
    reads=SHEETS,
    command="import",
    button="import_file",
)

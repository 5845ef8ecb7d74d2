"""Upgrade: a workbook of this version from an older one, every typed value carried by header.

The operation builds the new workbook in memory and writes its bytes to ``out``,
never touching the old one; ``safetynet.upgrade.file`` reads the old file,
checks the new package, seals it when the old one was encrypted, and puts it in
place, keeping the old.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from .. import __version__
from ..build.workbook import build_package
from ..model import Workbook
from ..upgrade.carry import log_lines, plan_upgrade, report_lines
from ..upgrade.fill import fill_tables
from . import Operation, Outcome

NAME = "Upgrade"
SHEETS: tuple[str, ...] = ()  # it reads every sheet as a raw grid: book.grids


def upgrade_workbook(
    book: Workbook,
    *,
    today: dt.date,
    out: BinaryIO,
    now: dt.datetime | None = None,
    old_version: str | None = None,
    user: str = "",
    interpreter: str | None = None,
    **_: Any,
) -> Outcome:
    """Write this version's workbook to ``out`` holding everything ``book`` held."""
    grids = book.grids
    old_version = old_version or "an earlier version"
    upgrade = plan_upgrade(grids)
    when = (now or dt.datetime.combine(today, dt.time())).replace(microsecond=0)
    source = Path(book.path).name if book.path else "the old workbook"
    headline = f"{NAME} from {old_version} to {__version__}"
    log = [[when, user, headline, "", source]]
    log += [[when, user, f"{NAME}: {line}", "", ""] for line in log_lines(upgrade)]
    upgrade.carried.log_rows.extend(log)
    package = build_package(  # with empty tables: XlsxWriter is slow at county scale
        Workbook({}, upgrade.settings, upgrade.lists),
        interpreter=upgrade.interpreter or interpreter,
        pythonpath=upgrade.pythonpath,
        carried=replace(upgrade.carried, rows={}),
    )
    out.write(fill_tables(package, upgrade.carried.rows))
    lines = [f"{headline}: every sheet, rows before and after:", *report_lines(upgrade)]
    return Outcome(
        operation=NAME,
        message="\n".join(lines),
        data={
            "from_version": old_version,
            "to_version": __version__,
            "sheets": [
                {"sheet": c.sheet, "before": c.before, "after": c.after, "note": c.note}
                for c in upgrade.counts
            ],
        },
    )


# Not in the catalog: ``run`` applies an Outcome to the workbook it read, and an
# upgrade makes a new workbook instead; ``safetynet.upgrade.file`` applies it.
UPGRADE = Operation(name=NAME, function=upgrade_workbook, reads=SHEETS, command="upgrade")

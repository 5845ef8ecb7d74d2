"""The week's operations on a workbook file, as the tests run them one after another.

Each step is the command line (``safetynet agenda PATH`` ...) except Validate:
``safetynet validate`` only prints, so the step runs Validate Entries through
the file adapter that writes, as the button does, filling the Problems sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from safetynet.adapters.file import FileAdapter
from safetynet.cli import main
from safetynet.operations.validate import VALIDATE_ENTRIES
from safetynet.run import run
from safetynet.schema import PROBLEMS_SHEET

# (command line, the sheets it may rewrite)
STEPS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("validate",), (PROBLEMS_SHEET,)),
    (("agenda",), ("Agenda",)),
    (("packet", "--no-pdf"), ("Meetings",)),
    (("dashboard",), ("Dashboard",)),
    (("monthly", "--no-pdf"), ("Monthly", "Dashboard")),
)
STEP_IDS = [command[0] for command, _ in STEPS]


@dataclass(frozen=True)
class Result:
    exit_code: int
    output: str


def run_step(path: Path, step: tuple[str, ...], out: Path, today: dt.date) -> Result:
    """One step on the file at ``path``; documents go to ``out``."""
    command, *options = step
    if command == "validate":
        checked_at = dt.datetime.combine(today, dt.time(9, 0))  # the same on every file
        outcome = run(FileAdapter(path), VALIDATE_ENTRIES, today, checked_at=checked_at)
        return Result(outcome.exit_code, outcome.message)
    args = [command, str(path), *options]
    if command in ("packet", "monthly"):
        args += ["--out", str(out)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return Result(result.exit_code, result.output)

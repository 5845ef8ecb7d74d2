"""``safetynet demo``: invented youths in a new workbook, then the week's work on it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

from . import runner
from .actions import Front, render
from .model import SafetyNetError, Workbook


def run_demo(
    directory: str | os.PathLike[str],
    *,
    youths: int = 120,
    seed: int = 7,
    pdf: bool = True,
    today: dt.date | None = None,
) -> Iterator[str]:
    """Build the demo workbook and run each operation on it, yielding what happened."""
    from .build.workbook import build_workbook
    from .demo import generate
    from .demo.county import qualifying_by_week
    from .machine import how_to_open, interpreter_for_excel

    today = today or dt.date.today()
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "SafetyNet.xlsm"
    if path.exists():
        from .xlsx.lock import refuse_if_open

        refuse_if_open(path)
    book = generate(youths=youths, seed=seed, today=today)
    build_workbook(path, book, interpreter=interpreter_for_excel())
    counts = ", ".join(f"{len(f):,} {name}" for name, f in book.frames.items())
    yield f"Made a workbook of invented data ({counts}):"
    yield f"  {path.resolve()}"
    weekly = ", ".join(str(count) for _day, count in qualifying_by_week(book, today))
    yield f"Youths that qualified for the agenda in each of the last 12 weeks: {weekly}."
    out = folder / runner.DEFAULT_OUTPUT_FOLDER
    steps = [
        ("Validate Entries", "validate.validate_entries", {}),
        ("Build Agenda", "agenda.build_agenda", {"raw": ("Log",)}),
        (
            "Print Packet",
            "packet.print_packet",
            {"raw": ("Agenda",), "documents": True, "pdf": pdf},
        ),
        ("Refresh Dashboard", "dashboard.refresh_dashboard", {"raw": ("Log",)}),
        (
            "Monthly Report",
            "monthly.monthly_report",
            {"raw": ("Log",), "documents": True, "pdf": pdf},
        ),
        (
            "MOU",
            "documents.mou",
            {"documents": True, "pdf": False, "agency": first(book, "Agencies", "Agency")},
        ),
        (
            "Confidentiality form",
            "documents.confidentiality",
            {"documents": True, "pdf": False, "member": first(book, "Members", "Name")},
        ),
    ]
    for title, dotted, options in steps:
        try:
            outcome = runner.run_operation(path, dotted, out_dir=out, **options)
        except SafetyNetError as exc:
            yield f"{title}: {render(exc.message, Front.COMMAND, str(path))}"
            continue
        yield f"{title}: {render(outcome.message, Front.COMMAND, str(path))}"
        for file in outcome.files:
            yield f"  {Path(file).resolve()}"
    yield how_to_open(path.resolve())


def first(book: Workbook, sheet: str, header: str) -> str:
    """The first record's value, e.g. the agency whose MOU the demo writes."""
    return str(book.frames[sheet][header].iloc[0])

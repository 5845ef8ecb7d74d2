"""``safetynet demo``: invented youths in a new workbook, then the week's work on it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

from .model import SafetyNetError, Workbook
from .schema import AGENCIES, MEMBERS


def run_demo(
    directory: str | os.PathLike[str],
    *,
    today: dt.date,
    youths: int = 120,
    seed: int = 7,
    pdf: bool = True,
) -> Iterator[str]:
    """Build the demo workbook and run each operation on it, yielding what happened.

    Documents go where a coordinator's would: the SafetyNet Output folder
    beside the workbook.
    """
    from .adapters.file import FileAdapter
    from .build.workbook import build_workbook
    from .demo import generate
    from .demo.county import qualifying_by_week
    from .machine import how_to_open, interpreter_for_excel
    from .operations.catalog import by_command
    from .run import run

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
    steps = [
        ("validate", {}),
        ("agenda", {}),
        ("packet", {"pdf": pdf}),
        ("dashboard", {}),
        ("monthly", {"pdf": pdf}),
        ("mou", {"pdf": False, "agency": first(book, AGENCIES.name, AGENCIES.cols.agency)}),
        (
            "confidentiality",
            {"pdf": False, "member": first(book, MEMBERS.name, MEMBERS.cols.name)},
        ),
    ]
    for command, options in steps:
        operation = by_command(command)
        try:
            outcome = run(FileAdapter(path), operation, today, **options)
        except SafetyNetError as exc:
            yield f"{operation.name}: {exc.message}"
            continue
        yield f"{operation.name}: {outcome.message}"
        for file in outcome.files:
            yield f"  {Path(file).resolve()}"
    yield how_to_open(path.resolve())


def first(book: Workbook, sheet: str, header: str) -> str:
    """The first record's value, e.g. the agency whose MOU the demo writes."""
    return str(book.frames[sheet][header].iloc[0])

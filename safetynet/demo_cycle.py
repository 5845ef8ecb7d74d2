"""``safetynet demo``: invented youths in a new workbook, then the week's work on it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

from . import runner
from .model import SafetyNetError


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
    from .machine import interpreter_for_excel

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
    out = folder / runner.DEFAULT_OUTPUT_FOLDER
    steps = [
        ("Validate Entries", "validate.validate_entries", {}, ()),
        ("Build Agenda", "agenda.build_agenda", {}, ()),
        ("Print Packet", "packet.print_packet", {"out_dir": out, "pdf": pdf}, ("Agenda",)),
        ("Refresh Dashboard", "dashboard.refresh_dashboard", {}, ()),
        ("Monthly Report", "monthly.monthly_report", {"out_dir": out, "pdf": pdf}, ()),
    ]
    agency = str(book.frames["Agencies"]["Agency"].iloc[0])
    member = str(book.frames["Members"]["Name"].iloc[0])
    steps.append(("MOU", "documents.mou", {"out_dir": out, "pdf": False, "agency": agency}, ()))
    steps.append(
        (
            "Confidentiality form",
            "documents.confidentiality",
            {"out_dir": out, "pdf": False, "member": member},
            (),
        )
    )
    for title, dotted, options, raw in steps:
        yield from _step(path, title, dotted, options, raw, today)
    yield f"Open {path.name} in Excel to see the Agenda, Dashboard, Monthly and Log sheets."


def _step(
    path: Path, title: str, dotted: str, options: dict, raw: tuple[str, ...], today: dt.date
) -> Iterator[str]:
    import importlib

    module_name, func_name = dotted.rsplit(".", 1)
    module = importlib.import_module(f"safetynet.operations.{module_name}")
    try:
        book = runner.load(path, module.SHEETS, raw)
        if raw:
            options = {**options, "agenda_grid": book.extra[raw[0]]}
        outcome = getattr(module, func_name)(book, today=today, **options)
        runner.apply_to_file(path, outcome)
    except SafetyNetError as exc:
        yield f"{title}: {exc.message}"
        return
    yield f"{title}: {outcome.message}"
    for file in outcome.files:
        yield f"  {Path(file).resolve()}"

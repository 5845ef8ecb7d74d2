"""The workbook-file side of every operation: load what it needs, apply its Outcome, log it.

The command line (and the demo, and the benchmark) go through here; buttons go
through ``safetynet.excel`` instead, with the same operations in between.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Workbook
from .operations import Outcome
from .schema import LOG_SHEET, data_sheet

if TYPE_CHECKING:
    from .xlsx.writerlock import FileState

DEFAULT_OUTPUT_FOLDER = "SafetyNet Output"


def today() -> dt.date:
    """Today, or the date in SAFETYNET_TODAY (for demos and tests that need a fixed day)."""
    fixed = os.environ.get("SAFETYNET_TODAY")
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.date.today()


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts
        return "unknown"


def load(path: str | os.PathLike[str], sheets: Iterable[str], raw: Iterable[str] = ()) -> Workbook:
    """Read the data sheets an operation needs, plus raw grids of any generated sheets."""
    from .xlsx.read import load_workbook, read_sheet_grid

    book = load_workbook(path, tuple(sheets), today=today())
    for name in raw:
        book.extra[name] = read_sheet_grid(path, name)
    return book


def output_folder(
    workbook_path: str | os.PathLike[str],
    settings: dict[str, Any],
    override: str | os.PathLike[str] | None = None,
) -> Path:
    """Where documents go: --out, else the Output Folder setting, else beside the workbook."""
    base = Path(workbook_path).resolve().parent
    chosen = override or settings.get("Output Folder") or DEFAULT_OUTPUT_FOLDER
    folder = Path(os.path.expandvars(os.path.expanduser(str(chosen))))
    if not folder.is_absolute():
        folder = base / folder
    return folder


def log_row(outcome: Outcome, when: dt.datetime | None = None) -> list[Any]:
    """The Log sheet row: when, who, what, which youths, which files (names only)."""
    return [
        (when or dt.datetime.now()).replace(microsecond=0),
        current_user(),
        outcome.operation,
        ", ".join(dict.fromkeys(outcome.youth_ids)),
        ", ".join(Path(f).name for f in outcome.files),
    ]


def apply_to_file(
    path: str | os.PathLike[str],
    outcome: Outcome,
    *,
    log: bool = True,
    expected: FileState | None = None,
) -> Path | None:
    """Write an Outcome's sheets and appended rows into the workbook file, with a Log row.

    Returns the backup made, or None when nothing needed writing.
    """
    from .xlsx.write import SheetWrite, TableAppend, write_workbook

    if not outcome.writes_workbook and not (log and outcome.files):
        return None
    writes = [SheetWrite(name, grid) for name, grid in outcome.sheets.items()]
    appends = [
        TableAppend(name, data_sheet(name).table, rows)
        for name, rows in outcome.appends.items()
        if rows
    ]
    if log:
        appends.append(TableAppend(LOG_SHEET, LOG_SHEET, [log_row(outcome)]))
    return write_workbook(path, writes, appends, expected=expected)


def run_operation(
    path: str | os.PathLike[str],
    dotted: str,
    *,
    raw: tuple[str, ...] = (),
    out_dir: str | os.PathLike[str] | None = None,
    documents: bool = False,
    **options: Any,
) -> Outcome:
    """Run one operation (``"agenda.build_agenda"``) on the workbook file and write its outcome.

    ``raw`` names generated sheets passed as grids (the Agenda as staff left it
    becomes ``agenda_grid``); ``documents`` gives the operation its output
    folder (``out_dir``, else the Output Folder setting).
    """
    import importlib

    from .documents.staging import staged_documents
    from .xlsx.lock import refuse_if_open
    from .xlsx.read import check_readable
    from .xlsx.writerlock import writer_lock

    refuse_if_open(check_readable(path))
    module_name, func_name = dotted.rsplit(".", 1)
    module = importlib.import_module(f"safetynet.operations.{module_name}")
    with writer_lock(path) as held:  # before the read the writes depend on, until the rename
        book = load(path, module.SHEETS, raw)
        for name in raw:
            options[f"{name.lower()}_grid"] = book.extra[name]
        if documents:
            options["out_dir"] = output_folder(path, book.settings, out_dir)
        stage = documents and getattr(module, "STAGE_DOCUMENTS", True)
        with staged_documents(options, stage) as staging:  # documents only once recorded
            outcome: Outcome = getattr(module, func_name)(book, today=today(), **options)
            return staging.commit(outcome, lambda o: apply_to_file(path, o, expected=held.state))

"""The workbook file: read with python-calamine, written by patching only the parts an
operation owns (``safetynet.xlsx.write``), with a backup, never while Excel holds it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..operations import Outcome
from ..schema import LOG_SHEET, data_sheet
from .common import header_rows, log_rows, output_folder
from .protocol import Inspection

if TYPE_CHECKING:
    from ..xlsx.sealed import Sealer
    from ..xlsx.writerlock import FileState, HeldLock


class FileAdapter:
    """A SafetyNet workbook file, for the command line, the demo and scheduled jobs.

    With ``writes=False`` (``safetynet validate``) it only reads: the file may
    stay open in Excel, and the Outcome is reported, not written.
    """

    front_end = "command"

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        out: str | os.PathLike[str] | None = None,
        writes: bool = True,
    ):
        self.path = Path(path)
        self.out = out
        self.writes = writes
        self.held: HeldLock | None = None

    @property
    def location(self) -> str:
        return str(self.path)

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """The writer's lock, from before the read until the rename (issue 17)."""
        if not self.writes:
            yield
            return
        from ..xlsx.writerlock import writer_lock

        with writer_lock(self.checked_path()) as held:
            self.held = held
            try:
                yield
            finally:
                self.held = None

    def checked_path(self) -> Path:
        """The workbook's path, once it is known to be a workbook this adapter reads."""
        from ..xlsx.read import check_readable

        return check_readable(self.path)

    def check(self) -> None:
        from ..xlsx.lock import refuse_if_open

        path = self.checked_path()
        if self.writes:
            refuse_if_open(path)

    def rows(self, sheets: Iterable[str]) -> dict[str, list[list[Any]]]:
        from ..xlsx.read import read_rows

        return read_rows(self.path, sheets, missing_as_blank=True)

    def inspect(self, sheets: tuple[str, ...], rows: dict[str, list[list[Any]]]) -> Inspection:
        from ..xlsx.inspect import inspect_workbook

        return Inspection(tuple(inspect_workbook(self.path, sheets, header_rows=header_rows(rows))))

    def output_folder(self, settings: dict[str, Any]) -> Path:
        return output_folder(self.path, settings, self.out)

    def apply(self, outcome: Outcome) -> None:
        if self.writes:  # never over a version this run did not read
            apply_to_file(self.path, outcome, expected=self.held.state if self.held else None)


def apply_to_file(
    path: str | os.PathLike[str],
    outcome: Outcome,
    *,
    log: bool = True,
    sealer: Sealer | None = None,
    expected: FileState | None = None,
) -> Path | None:
    """Write an Outcome's sheets and appended rows into the workbook file, with a Log row.

    Returns the backup made, or None when nothing needed writing. ``sealer``:
    the workbook is encrypted (see ``adapters.encrypted``). ``expected``: the
    file's state when the writer's lock was taken; the write is refused if it
    changed (``xlsx.writerlock``).
    """
    from ..xlsx.write import SheetWrite, TableAppend, write_workbook

    if not outcome.writes_workbook and not (log and outcome.files):
        return None
    writes = [SheetWrite(name, grid) for name, grid in outcome.sheets.items()]
    appends = [
        TableAppend(name, data_sheet(name).table, rows)
        for name, rows in outcome.appends.items()
        if rows
    ]
    if log:
        appends.append(TableAppend(LOG_SHEET, LOG_SHEET, log_rows(outcome)))
    return write_workbook(path, writes, appends, sealer=sealer, expected=expected)

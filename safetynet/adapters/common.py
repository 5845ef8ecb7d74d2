"""What both adapters share: where documents go and what the Log row says."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

from .. import clock
from ..operations import Outcome
from ..schema import SET

DEFAULT_OUTPUT_FOLDER = "SafetyNet Output"


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts
        return "unknown"


def _expanded(text: str) -> Path:
    return Path(os.path.expandvars(os.path.expanduser(text)))


def output_folder(
    workbook_path: str | os.PathLike[str] | None,
    settings: dict[str, Any],
    override: str | os.PathLike[str] | None = None,
) -> Path:
    """Where documents go.

    ``--out`` is taken from the current folder, as every command-line tool
    does; the Output Folder setting, when relative, from the workbook's folder;
    with neither, a "SafetyNet Output" folder beside the workbook (or in
    Documents, for a workbook that has no folder of its own, as on the web).
    """
    if override:
        return Path.cwd() / _expanded(str(override))
    base = Path(workbook_path).resolve().parent if workbook_path else Path.home() / "Documents"
    chosen = settings.get(SET.output_folder) or DEFAULT_OUTPUT_FOLDER
    folder = _expanded(str(chosen))
    return folder if folder.is_absolute() else base / folder


def log_row(outcome: Outcome) -> list[Any]:
    """The Log sheet row: when, who, what, which youths, which files (names only)."""
    return [
        clock.now(),
        current_user(),
        outcome.operation,
        ", ".join(dict.fromkeys(outcome.youth_ids)),
        ", ".join(Path(f).name for f in outcome.files),
    ]


def log_rows(outcome: Outcome) -> list[list[Any]]:
    """The operation's Log row, then one per ``outcome.log_notes`` (same time, same user)."""
    first = log_row(outcome)
    return [
        first,
        *(
            [
                first[0],
                first[1],
                f"{outcome.operation}: {note.what}",
                ", ".join(dict.fromkeys(note.youth_ids)),
                ", ".join(Path(f).name for f in note.files),
            ]
            for note in outcome.log_notes
        ),
    ]


def header_rows(rows: dict[str, list[list[Any]]]) -> dict[str, list[Any]]:
    """Each sheet's row 1 as read, for the inspection of the same file."""
    return {name: grid[0] if grid else [] for name, grid in rows.items()}

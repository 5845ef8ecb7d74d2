"""The plain records every part of the program passes around."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the workbook, with where it is and what to do.

    ``row`` is the Excel row number (the header is row 1), ``None`` for a
    problem with a whole sheet. The message never contains a youth's name or
    birth date: it names the cell, and staff look there.
    """

    sheet: str
    row: int | None
    column: str | None
    value: Any
    message: str
    severity: Severity = Severity.ERROR
    fix: str = ""
    rule: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def where(self) -> str:
        parts = [self.sheet]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def sentence(self) -> str:
        text = f"{self.where()}: {self.message}"
        if self.fix:
            text += f" {self.fix}"
        return text

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": value,
            "message": self.message,
            "severity": self.severity.value,
            "fix": self.fix,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Workbook:
    """What was read from a workbook: one typed DataFrame per data sheet.

    Each frame's index is the Excel row number of its row. ``problems`` are
    what reading found (a value that is not a date, an unknown column, a
    merged cell), kept for validation to report rather than raised. ``grids``
    holds generated sheets as staff left them (the Agenda, for Print Packet);
    ``notes`` what the loader could not check where it read (a sentence each).
    """

    frames: dict[str, pd.DataFrame]
    settings: dict[str, Any]
    lists: dict[str, tuple[str, ...]]
    problems: tuple[Problem, ...] = ()
    path: str | None = None
    grids: dict[str, list[list[Any]]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def __getitem__(self, sheet: str) -> pd.DataFrame:
        return self.frames[sheet]

    def replace(self, **changes: Any) -> Workbook:
        return replace(self, **changes)


class SafetyNetError(Exception):
    """A failure with a plain sentence for the user and the exit status it deserves.

    Exit status 1: the user must fix something in the workbook (or close it in
    Excel); 2: the file cannot be read at all, or the command was wrong.
    """

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UnreadableWorkbook(SafetyNetError):
    exit_code = 2


class WorkbookLocked(SafetyNetError):
    exit_code = 1


class ProblemsFound(SafetyNetError):
    """Errors in the data stop an operation whose output they would make wrong."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem]):
        super().__init__(message)
        self.problems = problems

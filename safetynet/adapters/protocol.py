"""What every adapter offers ``safetynet.run``: a few methods, nothing about any operation."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..model import Problem
from ..operations import Outcome


@dataclass(frozen=True)
class Inspection:
    """What an adapter found that plain values cannot show, and what it could not check."""

    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()


class Adapter(Protocol):
    """A workbook an operation runs on.

    ``front_end`` is "command" or "button": the words messages are read in.
    ``location`` is the workbook's path when it has one (templates beside it).
    """

    front_end: str
    location: str | None

    def session(self) -> AbstractContextManager[Any]:
        """Held from the read an operation's writes depend on until they are written."""

    def check(self) -> None:
        """Stop with a plain sentence when the workbook cannot be read or written here."""

    def rows(self, sheets: Iterable[str]) -> dict[str, list[list[Any]]]:
        """The raw values of each sheet, from A1."""

    def inspect(self, sheets: tuple[str, ...], rows: dict[str, list[list[Any]]]) -> Inspection:
        """Merged cells, formulas and Excel errors in the data sheets' tables."""

    def output_folder(self, settings: dict[str, Any]) -> Path:
        """Where this workbook's documents go."""

    def apply(self, outcome: Outcome) -> None:
        """Write the Outcome's sheets and rows, and its Log row."""

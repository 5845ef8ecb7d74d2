"""Operations: read what they need from a Workbook, call the core, describe the changes.

An operation is a value, an ``Operation`` record: its name as the button says
it, the data sheets it reads, the generated sheets it reads as grids, whether
it writes documents, and its function ``fn(book, *, today, **options) ->
Outcome``. Each module here exports one or two records; ``catalog.OPERATIONS``
lists them all. The function never touches a file or Excel itself (documents
excepted: those it writes to the output folder it is given); an adapter loads
what the record asks for and applies the Outcome (``safetynet.run``). So the
front ends cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..grid import Grid
from ..model import Problem


@dataclass(frozen=True)
class LogNote:
    """A further Log row under the operation's own, e.g. which agency's packet named whom.

    The adapters write one row per note: the operation and ``what`` in the Operation
    column, ``youth_ids`` and the file names in theirs.
    """

    what: str
    youth_ids: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()


@dataclass
class Outcome:
    """What an operation found and what it wants written.

    ``sheets`` replaces the whole content of generated sheets (Agenda,
    Dashboard, Monthly, Problems); ``appends`` adds rows under a data table,
    keyed by sheet name (the table has the sheet's name). ``data`` is what
    ``--json`` prints. ``youth_ids`` and ``files`` go to the Log sheet; each of
    ``log_notes`` is one more Log row.
    """

    operation: str
    message: str
    exit_code: int = 0
    data: dict[str, Any] = field(default_factory=dict)
    sheets: dict[str, Grid] = field(default_factory=dict)
    appends: dict[str, list[list[Any]]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    youth_ids: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    log_notes: list[LogNote] = field(default_factory=list)

    @property
    def writes_workbook(self) -> bool:
        return bool(self.sheets or self.appends)


@dataclass(frozen=True)
class Operation:
    """One thing the program does, as data: what it reads, what it makes, its pure function.

    ``reads`` are data sheets typed into frames; ``grids`` generated sheets
    handed over as staff left them (``book.grids``); ``documents`` says the
    function takes the output folder as ``out_dir``; ``command`` and
    ``button`` are the names the command line and the workbook's buttons use;
    ``checks`` marks an operation whose job is to report on the data, so it
    also says what could not be checked where it ran. ``staged`` (with
    ``documents``): its documents wait in a hidden folder until the workbook
    has recorded them (``safetynet.documents.staging``); False for one that
    reads what is already in the output folder.
    """

    name: str
    function: Callable[..., Outcome]
    reads: tuple[str, ...]
    grids: tuple[str, ...] = ()
    documents: bool = False
    command: str = ""
    button: str = ""
    checks: bool = False
    staged: bool = True

"""Documents wait until the workbook has recorded them, then move into the output folder.

An operation writes its documents into a hidden folder inside the output
folder (same disk, so moving them is a rename). Only when the workbook update
that records them (the Meetings rows, the Log row) has succeeded are they
moved into place; when it fails they are removed and the message says so. A
packet on the table whose meeting the workbook never recorded would be the
start of two versions of the truth.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..model import SafetyNetError
from ..operations import Outcome
from ..xlsx.backup import hide_file, pid_alive

_PREFIX = ".safetynet-staging-"
# .safetynet-staging-<computer>-<process id>-<random>; older runs left no computer
_NAME = re.compile(re.escape(_PREFIX) + r"(?:(?P<host>[0-9a-f]{8})-)?(?P<pid>\d+)-[0-9a-f]+$")
ABANDONED_AFTER_SECONDS = 3600  # no run takes an hour between making and moving its documents


def _this_computer() -> str:
    """Eight hex digits for this computer's name (the name itself stays off the disk)."""
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


class Staging:
    """The hidden folder an operation writes into, and how its files reach ``final``."""

    def __init__(self, final: Path):
        self.final = final
        try:
            final.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            raise SafetyNetError(
                f"The output folder {final} is a file, not a folder, so nothing was made. "
                f"Change Output Folder on the Settings sheet to a folder (or leave it blank "
                f"for one beside the workbook), then try again.",
                exit_code=1,
            ) from exc
        except OSError as exc:
            raise SafetyNetError(
                f"The output folder {final} could not be made ({exc.strerror}), so nothing was "
                f"made. Change Output Folder on the Settings sheet, then try again.",
                exit_code=1,
            ) from exc
        remove_abandoned(final)
        self.folder = final / f"{_PREFIX}{_this_computer()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.folder.mkdir()
        hide_file(self.folder)

    def final_path(self, value: Any) -> Any:
        """A path (or text) inside the staging folder, as it will be in the output folder."""
        text = str(value)
        if not text.startswith(str(self.folder)):
            return value
        moved = self.final / Path(text).relative_to(self.folder)
        return moved if isinstance(value, Path) else str(moved)

    def retarget(self, outcome: Outcome) -> Outcome:
        return replace(
            outcome,
            files=[self.final_path(f) for f in outcome.files],
            data=_retarget(outcome.data, self.final_path),
        )

    def commit(self, outcome: Outcome, apply: Callable[[Outcome], Any]) -> Outcome:
        """Apply the workbook update, then move the documents; or explain what was not written."""
        outcome = self.retarget(outcome)
        made = sorted(p.name for p in self.folder.iterdir())
        try:
            apply(outcome)
        except SafetyNetError as exc:
            self.discard()
            if not made:
                raise
            raise _not_recorded(exc, made, "written") from exc
        stuck = self.promote()
        if stuck:
            outcome = replace(
                outcome,
                message=f"{outcome.message} The workbook was updated, but "
                f"{', '.join(stuck)} could not be put in {self.final}: a file of that name is "
                f"open in another program. Close it and run the command again.",
                exit_code=max(outcome.exit_code, 1),
            )
        return outcome

    def promote(self) -> list[str]:
        """Move every made file into the output folder; the names that could not be moved."""
        stuck = []
        made = sorted(self.folder.iterdir())
        names = {m.name for m in made}
        for file in made:
            try:
                os.replace(file, self.final / file.name)
            except OSError:
                stuck.append(file.name)
                continue
            older_pdf = self.final / (file.stem + ".pdf")
            if file.suffix == ".docx" and older_pdf.name not in names:
                with contextlib.suppress(OSError):  # it would pass for this document's PDF
                    older_pdf.unlink(missing_ok=True)
        self.discard()
        return stuck

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class _NoStaging:
    """For operations with no documents, or whose documents read what the output folder
    already holds (Email Packet attaches the packet there): written in place, so removed
    again when the workbook cannot record them."""

    def commit(self, outcome: Outcome, apply: Callable[[Outcome], Any]) -> Outcome:
        try:
            apply(outcome)
        except SafetyNetError as exc:
            made = [Path(f) for f in outcome.files if Path(f).is_file()]
            if not made:
                raise
            for file in made:
                with contextlib.suppress(OSError):
                    file.unlink()
            raise _not_recorded(exc, sorted(f.name for f in made), "kept") from exc
        return outcome


def _not_recorded(exc: SafetyNetError, made: list[str], verb: str) -> SafetyNetError:
    """The workbook's refusal, and which documents went with it (none is left unrecorded)."""
    one = len(made) == 1
    return SafetyNetError(
        f"{exc.message} {', '.join(made)} {'was' if one else 'were'} not {verb} either, since "
        f"the workbook could not record {'it' if one else 'them'}.",
        exit_code=exc.exit_code,
    )


@contextlib.contextmanager
def staged_documents(options: dict[str, Any], stage: bool) -> Iterator[Staging | _NoStaging]:
    """Point ``options["out_dir"]`` at a staging folder for the operation's run."""
    if not stage or options.get("out_dir") is None:
        yield _NoStaging()
        return
    staging = Staging(Path(options["out_dir"]))
    options["out_dir"] = staging.folder
    try:
        yield staging
    finally:
        staging.discard()


def remove_abandoned(folder: Path) -> None:
    """Staging folders of runs that were killed; never one of a run still going.

    A process id says whether a run is alive only on the computer that ran it:
    an output folder on a shared drive may hold another computer's run, whose
    id means nothing here, so that one is judged by age alone. Age also ends a
    folder whose id was given to a new process since (Windows reuses them soon).
    """
    here = _this_computer()
    for found in folder.glob(f"{_PREFIX}*"):
        match = _NAME.match(found.name)
        if match is None or (int(match["pid"]) == os.getpid() and match["host"] in (here, None)):
            continue
        try:
            age = time.time() - found.stat().st_mtime
        except OSError:
            continue
        gone = match["host"] in (here, None) and not pid_alive(match["pid"])
        if gone or age > ABANDONED_AFTER_SECONDS:
            shutil.rmtree(found, ignore_errors=True)


def _retarget(value: Any, move: Callable[[Any], Any]) -> Any:
    if isinstance(value, dict):
        return {k: _retarget(v, move) for k, v in value.items()}
    if isinstance(value, list):
        return [_retarget(v, move) for v in value]
    if isinstance(value, (str, Path)):
        return move(value)
    return value

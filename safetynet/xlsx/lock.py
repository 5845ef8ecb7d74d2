"""Is the workbook open in Excel (or LibreOffice) right now?

Excel creates an owner file beside an open workbook: "~$" + the file name.
Word-style owner files replace the first one or two characters of long names
with "~$" instead, and some Excel versions and sync tools follow that form, so
all three are checked. LibreOffice writes ".~lock.<name>#".
"""

from __future__ import annotations

from pathlib import Path

from ..model import WorkbookLocked


def lock_file_names(name: str) -> list[str]:
    """Every owner-file name that would mean ``name`` is open in an editor."""
    names = ["~$" + name, "~$" + name[1:], "~$" + name[2:], f".~lock.{name}#"]
    return list(dict.fromkeys(n for n in names if len(n) > 2))


def find_lock_file(path: Path) -> Path | None:
    """The owner file beside ``path``, compared case-blind as Windows does."""
    wanted = {n.casefold() for n in lock_file_names(path.name)}
    try:
        siblings = list(path.parent.iterdir())
    except OSError:
        return None
    return next((s for s in siblings if s.name.casefold() in wanted), None)


def refuse_if_open(path: Path) -> None:
    """Raise WorkbookLocked, naming the owner file, while someone has the workbook open."""
    lock = find_lock_file(path)
    if lock is None:
        return
    raise WorkbookLocked(
        f'{path.name} is open in Excel (the file "{lock.name}" beside it says so), so it was '
        f"not changed. Save and close it in Excel, then try again (or use the button inside "
        f'Excel). If Excel is not open, the computer stopped while it was: delete "{lock.name}" '
        f"and try again."
    )

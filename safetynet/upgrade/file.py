"""The upgrade on files: read the old workbook whole, build the new one, swap them safely.

The new workbook is built under a temporary name, read back and checked
before anything moves. Without --out it takes the old one's place, and the
old file goes, byte for byte, into the backups folder beside it; with --out
the old file is not touched at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from pathlib import Path

from ..model import SafetyNetError, UnreadableWorkbook, Workbook
from ..operations import Outcome
from ..operations.upgrade import UPGRADE
from ..schema import Kind
from ..xlsx.backup import make_backup
from ..xlsx.lock import refuse_if_open
from ..xlsx.read import EncryptedWorkbook, check_readable, open_calamine
from ..xlsx.write import refuse_if_changed
from ..xlsx.writerlock import FileState, writer_lock
from .version import workbook_version


def read_grids(path: Path) -> dict[str, list[list]]:
    book = open_calamine(path)
    try:
        out = {}
        for name in book.sheet_names:
            try:
                out[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:
                raise UnreadableWorkbook(
                    f'The "{name}" sheet of {path.name} could not be read ({type(exc).__name__}), '
                    f"so nothing was upgraded. Open the workbook in Excel, save it, and try again."
                ) from exc
        return out
    finally:
        book.close()


def upgrade_file(
    old: str | os.PathLike[str],
    out: str | os.PathLike[str] | None,
    *,
    today: dt.date,
    now: dt.datetime,
    user: str,
    interpreter: str | None = None,
) -> Outcome:
    try:
        old_path = check_readable(Path(old).resolve())
    except EncryptedWorkbook:
        name = Path(old).name
        raise SafetyNetError(
            f"{name} is encrypted with a password, and upgrade cannot open an encrypted "
            f"workbook yet, so nothing was changed. Remove the password (safetynet unprotect), "
            f"upgrade, then put it back (safetynet protect).",
            1,
        ) from None
    refuse_if_open(old_path)
    target = Path(out).resolve() if out else old_path
    if target.suffix.lower() != ".xlsm":
        raise SafetyNetError(f"{target.name} should end in .xlsm, so Excel keeps its buttons.", 2)
    if out and target.exists():
        raise SafetyNetError(
            f"{target} already exists. Nothing was changed. Name a new file with --out.", 1
        )
    # In place, the writer's lock is held from the read to the swap, as every write holds
    # it: a button or a scheduled job saving meanwhile would otherwise be undone by the swap.
    with writer_lock(old_path) if target == old_path else contextlib.nullcontext() as held:
        read = held.state if held else FileState.of(old_path)
        return _upgrade(
            old_path, target, read, today=today, now=now, user=user, interpreter=interpreter
        )


def _upgrade(
    old_path: Path,
    target: Path,
    read: FileState,
    *,
    today: dt.date,
    now: dt.datetime,
    user: str,
    interpreter: str | None,
) -> Outcome:
    grids = read_grids(old_path)
    book = Workbook({}, {}, {}, path=str(old_path), grids=grids)
    temp = target.parent / f".{target.stem}.upgrade-{os.getpid()}.xlsm"
    try:
        outcome = UPGRADE.function(
            book,
            today=today,
            out_path=temp,
            now=now,
            user=user,
            interpreter=interpreter,
            old_version=workbook_version(old_path),
        )
        _check(temp, old_path, outcome)
        refuse_if_open(old_path)
        if target == old_path:
            refuse_if_changed(old_path, read)
            # Kept for good: not one of the ten rotating copies the next writes replace.
            kept = make_backup(
                old_path, label=f"{_plain(outcome.data['from_version'])} before upgrade"
            )
            refuse_if_changed(old_path, read)  # the last look, just before the swap
            os.replace(temp, target)
            outcome.message += f"\nThe old workbook is kept, unchanged, as {kept}."
        else:
            os.replace(temp, target)
            outcome.message += f"\nThe old workbook {old_path.name} was not touched."
    except OSError as exc:
        raise SafetyNetError(
            f"The upgraded workbook could not be saved ({exc.strerror or exc}); {old_path.name} "
            f"is unchanged. Check that the folder can be written and the disk is not full.",
            1,
        ) from exc
    finally:
        temp.unlink(missing_ok=True)
    outcome.files = [target]
    return outcome


def _plain(version: str) -> str:
    """The version as a file name may carry it (it is read from inside the workbook)."""
    return re.sub(r"[^0-9A-Za-z.]", "", version)[:20] or "old"


def _check(temp: Path, old: Path, outcome: Outcome) -> None:
    """The new workbook must open, hold every data sheet under its headers, and as many
    rows in each as the upgrade carried; or nothing moves."""
    from ..schema import DATA_SHEETS
    from ..tables import header_map

    expected = {s["sheet"]: s["after"] for s in outcome.data["sheets"]}
    try:
        book = open_calamine(temp)
        try:
            for sheet in DATA_SHEETS:
                rows = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
                header_map(sheet, rows[0])
                typed = [i for i, c in enumerate(sheet.columns) if c.kind is not Kind.COMPUTED]
                count = sum(
                    1 for r in rows[1:] if any(i < len(r) and r[i] not in ("", None) for i in typed)
                )
                if count != expected[sheet.name]:
                    raise SafetyNetError(
                        f"the {sheet.name} sheet holds {count} rows, not {expected[sheet.name]}"
                    )
        finally:
            book.close()
    except SafetyNetError as exc:
        raise SafetyNetError(
            f"The upgraded copy failed its check ({exc.message}), so {old.name} was left as it "
            f"was. Please report this.",
            1,
        ) from exc

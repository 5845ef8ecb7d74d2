"""The upgrade on files: read the old workbook whole, build the new one, swap them safely.

The new workbook is built in memory, read back and checked before anything is
written; then it goes to a temporary name beside the target and is renamed.
Without --out it takes the old one's place, and the old file goes, byte for
byte, into the backups folder beside it; with --out the old file is not
touched at all.

An encrypted old workbook (Excel's Encrypt with Password) is opened with its
password as every command opens one (``safetynet.encrypted_file``), decrypted
in memory only; the new workbook is sealed with the same password before its
first byte is written, so no decrypted byte reaches the disk. The kept copy of
the old one is the old encrypted file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
from pathlib import Path

from ..encrypted_file import is_encrypted, open_workbook
from ..model import SafetyNetError, UnreadableWorkbook, Workbook
from ..operations import Outcome
from ..operations.upgrade import UPGRADE
from ..passwords import PasswordOptions, remember
from ..schema import Kind
from ..xlsx.backup import fsync_file, make_backup
from ..xlsx.lock import refuse_if_open
from ..xlsx.read import check_readable, open_calamine
from ..xlsx.sealed import SealedWorkbook
from ..xlsx.write import refuse_if_changed, write_sealed
from ..xlsx.writerlock import FileState, writer_lock
from .version import workbook_version


def read_grids(path: Path, package: bytes | None = None) -> dict[str, list[list]]:
    """Every sheet of the workbook as raw values (``package``: an encrypted one, decrypted)."""
    book = open_calamine(path, package)
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
    passwords: PasswordOptions | None = None,
) -> Outcome:
    old_path = Path(old).resolve()
    encrypted = is_encrypted(old_path)
    if not encrypted:
        check_readable(old_path)
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
        sealed = open_workbook(old_path, passwords) if encrypted else None  # asks, decrypts
        outcome = _upgrade(
            old_path,
            target,
            read,
            sealed,
            today=today,
            now=now,
            user=user,
            interpreter=interpreter,
        )
    if sealed is not None and target != old_path and passwords and passwords.remember:
        try:  # --remember: the new file opens as the old one did
            remember(target, sealed.password)
        except SafetyNetError as failed:
            outcome.message += f"\n{failed.message}"
    return outcome


def _upgrade(
    old_path: Path,
    target: Path,
    read: FileState,
    sealed: SealedWorkbook | None,
    *,
    today: dt.date,
    now: dt.datetime,
    user: str,
    interpreter: str | None,
) -> Outcome:
    package = sealed.package if sealed else None
    grids = read_grids(old_path, package)
    book = Workbook({}, {}, {}, path=str(old_path), grids=grids)
    built = io.BytesIO()
    outcome = UPGRADE.function(
        book,
        today=today,
        out=built,
        now=now,
        user=user,
        interpreter=interpreter,
        old_version=workbook_version(old_path, package),
    )
    new = built.getvalue()
    _check(new, target, old_path, outcome)
    temp = target.parent / f".{target.stem}.upgrade-{os.getpid()}.xlsm"
    try:
        if sealed is not None:
            write_sealed(temp, sealed, new)  # sealed with the old one's password, proved to open
        else:
            temp.write_bytes(new)
            fsync_file(temp)
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
    if sealed is not None:
        outcome.message += (
            f"\n{target.name} is encrypted with the same password as the old workbook, "
            f"and so is the copy kept."
            if target == old_path
            else f"\n{target.name} is encrypted with the same password as {old_path.name}."
        )
    outcome.files = [target]
    return outcome


def _plain(version: str) -> str:
    """The version as a file name may carry it (it is read from inside the workbook)."""
    return re.sub(r"[^0-9A-Za-z.]", "", version)[:20] or "old"


def _check(new: bytes, target: Path, old: Path, outcome: Outcome) -> None:
    """The new workbook must open, hold every data sheet under its headers, and as many
    rows in each as the upgrade carried; or nothing is written."""
    from ..schema import DATA_SHEETS
    from ..tables import header_map

    expected = {s["sheet"]: s["after"] for s in outcome.data["sheets"]}
    try:
        book = open_calamine(target, new)
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

"""Copies of the workbook taken before every write, in a folder beside it.

Names carry the workbook's own name and a sortable timestamp, never anything
from inside it (no youth name can reach a file name). Each copy is written
under a temporary name and renamed, so a crash never leaves a half copy that
looks like a good one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
from pathlib import Path

STAMP = "%Y-%m-%d %H%M%S-%f"
_STAMP_PATTERN = r"\d{4}-\d{2}-\d{2} \d{6}-\d{6}(?:-\d+)?"


def backup_dir(path: str | os.PathLike[str]) -> Path:
    """The folder beside the workbook that keeps its copies: "<stem> backups"."""
    path = Path(path)
    return path.parent / f"{path.stem} backups"


def _pattern(path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(path.stem) + " " + _STAMP_PATTERN + re.escape(path.suffix) + "$")


def list_backups(path: str | os.PathLike[str]) -> list[Path]:
    """The workbook's backup copies, oldest first."""
    path = Path(path)
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    pattern = _pattern(path)
    return sorted(p for p in folder.iterdir() if pattern.match(p.name))


def restore_advice(path: str | os.PathLike[str]) -> str:
    """Which copy to go back to, by name, for a workbook found damaged."""
    path = Path(path)
    copies = list_backups(path)
    if not copies:
        return (
            f'There is no copy in "{backup_dir(path).name}" beside it: open it in Excel, which '
            f"may repair it, or go back to your own latest copy."
        )
    return (
        f'Restore the newest copy: "{copies[-1].name}" in the "{backup_dir(path).name}" folder '
        f"beside it (rename the damaged file, then copy that one in its place as {path.name})."
    )


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def make_backup(path: Path, now: dt.datetime | None = None, label: str = "") -> Path:
    """Copy ``path`` into its backup folder under a timestamped name.

    A ``label`` ("0.1.0 before upgrade") goes between the name and the time: such a
    copy is not one of the rotating copies, so ``prune_backups`` never deletes it.
    """
    folder = backup_dir(path)
    folder.mkdir(exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime(STAMP)
    stem = f"{path.stem} {label}" if label else path.stem
    target = folder / f"{stem} {stamp}{path.suffix}"
    count = 1
    while target.exists():
        target = folder / f"{stem} {stamp}-{count}{path.suffix}"
        count += 1
    partial = folder / f".{target.name}.tmp-{os.getpid()}"
    shutil.copyfile(path, partial)
    hide_file(partial)
    fsync_file(partial)
    replace_shown(partial, target)
    fsync_dir(folder)
    return target


def prune_backups(path: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` copies; and abandoned partial copies."""
    removed = []
    copies = list_backups(path)
    for old in copies[: max(0, len(copies) - keep)]:
        old.unlink(missing_ok=True)
        removed.append(old)
    folder = backup_dir(path)
    for partial in folder.glob(f".{path.stem} *.tmp-*"):
        if is_stale_temp(partial):
            partial.unlink(missing_ok=True)
    return removed


STALE_AFTER_SECONDS = 3600


def is_stale_temp(temp: Path) -> bool:
    """A temporary file whose writer is gone (or, where that cannot be asked, is old)."""
    try:
        age = dt.datetime.now().timestamp() - temp.stat().st_mtime
    except OSError:
        return False
    return not pid_alive(temp.name.rsplit("-", 1)[-1]) or age > STALE_AFTER_SECONDS


def pid_alive(pid_text: str) -> bool:
    """True when the process that named a temporary file may still be writing it."""
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return False
    if WINDOWS:  # os.kill(pid, 0) there is no question: it ends the process
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    """OpenProcess and GetExitCodeProcess: os.kill(pid, 0) would end the process there."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.OpenProcess.restype = wintypes.HANDLE  # a handle is 64 bits: not the default int
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    query_limited_information, still_active, access_denied = 0x1000, 259, 5
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == access_denied  # it exists, and is not ours
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


WINDOWS = os.name == "nt"
_HIDDEN = 0x2  # FILE_ATTRIBUTE_HIDDEN


def hide_file(path: Path) -> None:
    """Give a temporary copy or lock file the hidden attribute on Windows (dot names hide it
    elsewhere), so no one opens a half-written workbook from Explorer."""
    if WINDOWS:
        _set_hidden(path, True)


def show_file(path: Path) -> None:
    """Take the hidden attribute off again, before a finished copy takes the workbook's place."""
    if WINDOWS:
        _set_hidden(path, False)


def replace_shown(temp: Path, target: Path) -> None:
    """Rename a finished hidden copy into place. A rename keeps Windows' attributes, so the
    copy is shown first: otherwise the workbook (or its backup) would vanish from Explorer."""
    show_file(temp)
    os.replace(temp, target)


def _set_hidden(path: Path, hidden: bool) -> None:  # pragma: no cover - Windows only
    try:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        now = kernel32.GetFileAttributesW(str(path))
        if now == 0xFFFFFFFF:  # INVALID_FILE_ATTRIBUTES: gone, or not ours to ask
            return
        kernel32.SetFileAttributesW(str(path), now | _HIDDEN if hidden else now & ~_HIDDEN)
    except Exception:
        pass


def temp_name(path: Path) -> Path:
    """A hidden name beside the workbook that no one mistakes for a workbook."""
    return path.parent / f".{path.name[:200]}.tmp-{os.getpid()}"


def remove_stale_temps(path: str | os.PathLike[str]) -> None:
    """Delete the copies beside the workbook that no writer is making (a killed one's).

    Only for the holder of the workbook's writer lock (``writerlock.remove_stale_copies``
    takes it): writers make these copies only while holding it, so every copy but
    this process's own is abandoned, whichever computer sharing the folder made
    it. A process id could not say: it means nothing on another computer, and a
    dead writer's may have been given to a new process.
    """
    path = Path(path)
    mine = temp_name(path).name
    for temp in path.parent.glob(f".{glob_escape(path.name[:200])}.tmp-*"):
        if temp.name != mine:
            with contextlib.suppress(OSError):  # held by another program: next time
                temp.unlink(missing_ok=True)


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)

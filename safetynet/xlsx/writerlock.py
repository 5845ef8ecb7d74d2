"""One writer at a time per workbook: a lock file beside it, held by the operating system.

Taken before the read an operation's writes depend on and held until the
rename, so a second command waits for the first and then reads its result,
instead of saving over it.

Why an operating-system lock (``fcntl.flock``; ``msvcrt.locking`` on Windows)
on the lock file, and not a file created exclusively or the ``filelock``
package: the system lets go of the lock when its owner dies (killed, crashed,
a laptop closed on a network share: the server drops it), so a stale lock is
taken over by simply locking it. Nothing guesses from a process id, which
means nothing on another computer sharing the drive and is reused, and no two
writers can both decide a lock is stale and both take it. ``filelock`` holds
the same lock but records no owner, so the second writer could not say who
is at work and since when. The file holds only a process id, the computer's
name and the start time: nothing from the workbook.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model import SafetyNetError, WorkbookLocked
from .backup import hide_file, remove_stale_temps

WAIT_SECONDS = 15.0
POLL_SECONDS = 0.05
_WINDOWS_LOCK_OFFSET = 1 << 30  # lock a byte far past the text, so waiters can read it
_MAX_NAME = 240


class WorkbookBusy(WorkbookLocked):
    """Another SafetyNet command holds the workbook's writer lock."""


@dataclass(frozen=True)
class FileState:
    """What changes when any program saves the file (size, time, which file it is)."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileState:
        info = path.stat()
        return cls(info.st_size, info.st_mtime_ns, info.st_ino)


@dataclass(frozen=True)
class HeldLock:
    """The lock, and the workbook as it was when the lock was taken."""

    workbook: Path
    lock_file: Path
    state: FileState


_held: dict[tuple[Path, int], HeldLock] = {}


def lock_path(path: Path) -> Path:
    """The hidden lock file beside the workbook (short enough for any name)."""
    return path.parent / f".{path.name[:_MAX_NAME]}.writer-lock"


def refuse_if_read_only(path: Path) -> None:
    """A read-only workbook is left alone, as Excel would leave it."""
    info = path.stat()
    if stat.S_IMODE(info.st_mode) & 0o222 == 0 or not os.access(path, os.W_OK):
        raise SafetyNetError(
            f"{path.name} is read-only, so it was not changed. Make it writable (Windows: "
            f"right-click it, Properties, untick Read-only; Mac: Get Info, Sharing & "
            f"Permissions), then try again.",
            exit_code=1,
        )


@contextlib.contextmanager
def writer_lock(path: str | os.PathLike[str], *, wait: float | None = None) -> Iterator[HeldLock]:
    """Hold the workbook's writer lock; the same thread may nest it (run, then write)."""
    path = Path(path).resolve()
    key = (path, threading.get_ident())
    if key in _held:
        yield _held[key]
        return
    refuse_if_read_only(path)
    lock = lock_path(path)
    handle = _acquire(path, lock, WAIT_SECONDS if wait is None else wait)
    try:
        held = HeldLock(path, lock, FileState.of(path))
        _held[key] = held
        yield held
    finally:
        _held.pop(key, None)
        _release(handle, lock)


def remove_stale_copies(path: str | os.PathLike[str]) -> None:
    """At the start of every run: remove the full copies of the workbook a killed writer left.

    Under the writer lock, whoever holds it (this run, or no one: then it is
    taken without waiting), so a copy another computer is still writing is never
    touched. While another writer is at work, or where the lock cannot be taken
    (a read-only workbook or folder), nothing is removed: the next writer will.
    """
    path = Path(path).resolve()
    if (path, threading.get_ident()) in _held:
        remove_stale_temps(path)
        return
    with contextlib.suppress(SafetyNetError, OSError), writer_lock(path, wait=0):
        remove_stale_temps(path)


def _acquire(path: Path, lock: Path, wait: float) -> int:
    deadline = time.monotonic() + wait
    while True:
        try:
            handle = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOINHERIT", 0), 0o644)
        except OSError as exc:
            raise SafetyNetError(
                f"{path.name} was not changed: this program cannot create files in its folder "
                f"({exc.strerror}). Make the folder writable, or copy the workbook to a folder "
                f"you can change, then try again.",
                exit_code=1,
            ) from exc
        if _try_lock(handle):
            if _same_file(handle, lock):  # not one a finishing writer just removed
                _write_owner(handle, lock)
                return handle
            _unlock(handle)
            os.close(handle)
            continue
        owner = _read_owner(handle)
        os.close(handle)
        if time.monotonic() >= deadline:
            raise WorkbookBusy(_busy_message(path, owner, wait))
        time.sleep(POLL_SECONDS)


def _busy_message(path: Path, owner: dict[str, str], wait: float) -> str:
    since = owner.get("started", "")
    try:
        started = dt.datetime.fromisoformat(since).strftime("%H:%M:%S on %d %B %Y")
        who = f" since {started}"
    except ValueError:
        who = ""
    if owner.get("host") and owner.get("host") != socket.gethostname():
        who += f" on the computer {owner['host']}"
    return (
        f"Another SafetyNet command has been changing {path.name}{who}, so this one waited "
        f"{wait:g} seconds and stopped without changing anything. Let the other one finish "
        f"(a button in Excel, a colleague or a scheduled job), then try again."
    )


def _write_owner(handle: int, lock: Path) -> None:
    text = (
        f"pid {os.getpid()}\nhost {socket.gethostname()}\n"
        f"started {dt.datetime.now().replace(microsecond=0).isoformat()}\n"
    )
    with contextlib.suppress(OSError):
        os.lseek(handle, 0, os.SEEK_SET)
        os.ftruncate(handle, 0)
        os.write(handle, text.encode())
        hide_file(lock)


def _read_owner(handle: int) -> dict[str, str]:
    try:
        os.lseek(handle, 0, os.SEEK_SET)
        text = os.read(handle, 512).decode("utf-8", "replace")
    except OSError:
        return {}
    return dict(line.split(" ", 1) for line in text.splitlines() if " " in line)


def _same_file(handle: int, lock: Path) -> bool:
    try:
        mine, there = os.fstat(handle), os.stat(lock)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _release(handle: int, lock: Path) -> None:
    if os.name == "posix":  # remove it while still held: a waiter then sees it is gone
        with contextlib.suppress(OSError):
            lock.unlink()
        _unlock(handle)
        os.close(handle)
        return
    _unlock(handle)
    os.close(handle)
    with contextlib.suppress(OSError):  # another writer has it open: it is theirs now
        lock.unlink()


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: int) -> bool:
        os.lseek(handle, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(handle, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_UN)

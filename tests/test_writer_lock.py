"""The writer's lock: one writer at a time, a plain sentence for the second, no stale lock."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from safetynet.xlsx.writerlock import WorkbookBusy, lock_path, writer_lock

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills a process with SIGKILL")


@pytest.fixture
def book(tmp_path) -> Path:
    path = tmp_path / "SafetyNet.xlsm"
    path.write_bytes(b"PK\x03\x04 a workbook")
    return path


def _hold(book: Path, entered: threading.Event, leave: threading.Event) -> None:
    with writer_lock(book):
        entered.set()
        leave.wait(10)


def test_a_second_writer_waits_then_says_who_is_at_work_and_since_when(book):
    entered, leave = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold, args=(book, entered, leave))
    holder.start()
    try:
        assert entered.wait(10)
        owner = dict(line.split(" ", 1) for line in lock_path(book).read_text().splitlines())
        assert set(owner) == {"pid", "host", "started"}  # nothing from the workbook
        since = dt.datetime.fromisoformat(owner["started"]).strftime("%H:%M:%S on %d %B %Y")
        started = time.monotonic()
        with pytest.raises(WorkbookBusy) as busy, writer_lock(book, wait=0.3):
            pass
        assert time.monotonic() - started >= 0.3
    finally:
        leave.set()
        holder.join()
    assert busy.value.exit_code == 1
    assert busy.value.message == (
        f"Another SafetyNet command has been changing SafetyNet.xlsm since {since}, so this one "
        f"waited 0.3 seconds and stopped without changing anything. Let the other one finish "
        f"(a button in Excel, a colleague or a scheduled job), then try again."
    )


def test_the_second_writer_runs_once_the_first_is_done(book):
    entered, leave = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold, args=(book, entered, leave))
    holder.start()
    assert entered.wait(10)
    threading.Timer(0.2, leave.set).start()
    with writer_lock(book, wait=10) as held:
        assert held.workbook == book.resolve()
    holder.join()
    assert not lock_path(book).exists()  # removed by the last writer out


def test_the_same_thread_may_take_it_again(book):
    with writer_lock(book) as outer, writer_lock(book, wait=0) as inner:
        assert inner is outer


def test_a_killed_writer_leaves_no_lock_behind(book):
    code = (
        "import sys, time\n"
        "from safetynet.xlsx.writerlock import writer_lock\n"
        "with writer_lock(sys.argv[1]):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(book)], stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline().strip() == b"held"
        with pytest.raises(WorkbookBusy), writer_lock(book, wait=0):
            pass
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        assert lock_path(book).exists()  # the file stays; the system dropped the lock
        with writer_lock(book, wait=0):
            assert f"pid {os.getpid()}" in lock_path(book).read_text()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_a_lock_file_left_by_a_dead_writer_is_taken_over(book):
    lock_path(book).write_text("pid 999999999\nhost elsewhere\nstarted 2026-01-01T09:00:00\n")
    with writer_lock(book, wait=0):
        assert f"pid {os.getpid()}" in lock_path(book).read_text()

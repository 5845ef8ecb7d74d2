"""Two writers against one workbook: two worker processes, each running one operation at a
moment the schedule gives, then a look at what the workbook kept.

Workers start once (imports paid once) and take tasks from a pipe, so a trial
costs the two operations and nothing else. Every writing run appends one Log
row in its own name (Print Packet one more, for its waiting list), so a lost
update shows as a run done with no Log row of its name; a doubled packet shows
as a (Meeting Date, Youth ID) pair recorded twice. A refusal must be a
sentence, not "Something went wrong". ``scripts/race_writers``
runs the full schedule (200 trials per pair); the test suite a seeded sample.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import multiprocessing
import os
import random
import shutil
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OPERATIONS: dict[str, dict[str, Any]] = {  # safetynet commands, with their options
    "agenda": {"meeting_date": None},
    "packet": {"pdf": False},
    "dashboard": {},
    "monthly": {"pdf": False, "month": "2026-10"},
}
PAIRS = list(itertools.combinations_with_replacement(sorted(OPERATIONS), 2))


@dataclass(frozen=True)
class Task:
    path: str
    operation: str
    start_at: float  # time.time() at which to start
    slow_backup: float = 0.0  # seconds added to every backup copy
    unsafe: bool = False  # take the lock and the last check away (to see the test fail)


@dataclass
class Trial:
    pair: tuple[str, str]
    offset: float
    results: list[tuple[str, str]] = field(default_factory=list)  # (status, message)
    log_rows_added: int = 0
    logged: dict[str, int] = field(default_factory=dict)  # command: its own Log rows added
    duplicated_rows: int = 0
    readable: bool = True

    @property
    def done(self) -> int:
        return sum(status == "done" for status, _ in self.results)

    @property
    def lost(self) -> int:
        """Runs that said done but left no Log row of their own: their update was saved over.

        Counted per operation, not as rows: Print Packet adds two Log rows, so
        a total would hide another run's row lost beside a packet's two.
        """
        done: dict[str, int] = {}
        for operation, (status, _) in zip(self.pair, self.results, strict=True):
            done[operation] = done.get(operation, 0) + (status == "done")
        return sum(max(0, n - self.logged.get(op, 0)) for op, n in done.items())

    @property
    def unexplained(self) -> list[str]:
        """Refusals that are not a plain sentence a coordinator can act on."""
        return [
            m
            for status, m in self.results
            if status == "refused"
            and (not m.rstrip().endswith(".") or "went wrong" in m or "Traceback" in m)
        ]

    @property
    def crashed(self) -> list[str]:
        return [m for status, m in self.results if status == "crashed"]


def _worker(connection: Any, today: str, log_dir: str) -> None:
    os.environ["SAFETYNET_TODAY"] = today
    os.environ["SAFETYNET_LOG_DIR"] = log_dir
    from safetynet.cli import run_on_file
    from safetynet.model import SafetyNetError
    from safetynet.xlsx import write, writerlock

    real_backup, real_lock, real_check = write.make_backup, writerlock.writer_lock, None
    real_check = write.refuse_if_changed
    real_clean = write.remove_stale_temps
    connection.send("ready")
    while True:
        task = connection.recv()
        if task is None:
            return
        _patch(write, writerlock, task, real_backup, real_lock, real_check, real_clean)
        time.sleep(max(0.0, task.start_at - time.time()))
        try:
            run_on_file(Path(task.path), task.operation, **OPERATIONS[task.operation])
            connection.send(("done", ""))
        except SafetyNetError as exc:
            connection.send(("refused", exc.message))
        except Exception:
            connection.send(("crashed", traceback.format_exc()))


def _patch(
    write: Any, writerlock: Any, task: Task, backup: Any, lock: Any, check: Any, clean: Any
) -> None:
    def slow_backup(path: Path) -> Path:
        time.sleep(task.slow_backup)
        return backup(path)

    @contextlib.contextmanager
    def no_lock(path: Any, **_: Any) -> Iterator[Any]:
        resolved = Path(path).resolve()
        yield writerlock.HeldLock(resolved, resolved, writerlock.FileState.of(resolved))

    write.make_backup = slow_backup if task.slow_backup else backup
    writerlock.writer_lock = write.writer_lock = no_lock if task.unsafe else lock
    write.refuse_if_changed = (lambda path, expected: None) if task.unsafe else check
    # without the lock, clearing copies left over would remove the other writer's live one
    write.remove_stale_temps = writerlock.remove_stale_temps = (
        (lambda path: None) if task.unsafe else clean
    )


class Writers:
    """Two worker processes; ``trial`` runs one pair of operations against a fresh copy."""

    def __init__(self, base: Path, folder: Path, today: str):
        self.base, self.folder, self.count = base, folder, 0
        context = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        for _ in range(2):
            mine, theirs = context.Pipe()
            process = context.Process(
                target=_worker, args=(theirs, today, str(folder / "logs")), daemon=True
            )
            process.start()
            self.pipes.append(mine)
            self.processes.append(process)
        for pipe in self.pipes:
            if not pipe.poll(120) or pipe.recv() != "ready":
                raise RuntimeError("a race worker did not start")

    def close(self) -> None:
        for pipe in self.pipes:
            with contextlib.suppress(OSError):
                pipe.send(None)
        for process in self.processes:
            process.join(10)

    def __enter__(self) -> Writers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def trial(
        self, pair: tuple[str, str], offset: float, slow_backup: float = 0.0, unsafe: bool = False
    ) -> Trial:
        self.count += 1
        place = self.folder / f"trial-{self.count}"
        place.mkdir()
        path = place / "SafetyNet.xlsm"
        shutil.copyfile(self.base, path)
        from safetynet.operations.catalog import by_command

        log_before = log_operations(path)
        start = time.time() + 0.2
        for pipe, operation, delay in zip(self.pipes, pair, (0.0, offset), strict=True):
            pipe.send(Task(str(path), operation, start + delay, slow_backup, unsafe))
        trial = Trial(pair, offset)
        for pipe in self.pipes:
            if not pipe.poll(120):
                raise RuntimeError("a race worker stopped answering")
            trial.results.append(pipe.recv())
        try:
            added = log_operations(path)[len(log_before) :]
            trial.log_rows_added = len(added)
            trial.logged = {op: added.count(by_command(op).name) for op in OPERATIONS}
            trial.duplicated_rows = duplicated_meetings(path)
        except Exception:
            trial.readable = False
        shutil.rmtree(place, ignore_errors=True)
        return trial


def schedule(trials_per_pair: int, seed: int = 17) -> list[tuple[tuple[str, str], float]]:
    """(pair, offset in seconds from 0 to 0.05), each pair in both orders, shuffled by seed."""
    rng = random.Random(seed)
    plan = []
    for pair in PAIRS:
        for _ in range(trials_per_pair):
            ordered = pair if rng.random() < 0.5 else (pair[1], pair[0])
            plan.append((ordered, round(rng.uniform(0.0, 0.05), 4)))
    rng.shuffle(plan)
    return plan


def log_operations(path: Path) -> list[str]:
    """The Log's What column, row by row (the Log is append-only)."""
    from safetynet.xlsx.read import read_sheet_grid

    grid = read_sheet_grid(path, "Log")
    return [str(row[2]) for row in grid[1:] if row and row[0] not in (None, "")]


def duplicated_meetings(path: Path) -> int:
    from safetynet.schema import MEETINGS
    from safetynet.xlsx.read import load_workbook

    frame = load_workbook(path, (MEETINGS.name,), today=dt.date(2026, 11, 28))[MEETINGS.name]
    keys = frame[[MEETINGS.cols.meeting_date, MEETINGS.cols.youth_id]].dropna()
    return int(keys.duplicated().sum())


def summary(trials: list[Trial]) -> dict[str, int]:
    return {
        "trials": len(trials),
        "runs done": sum(t.done for t in trials),
        "runs refused": sum(s == "refused" for t in trials for s, _ in t.results),
        "runs crashed": sum(len(t.crashed) for t in trials),
        "refusals not a sentence": sum(len(t.unexplained) for t in trials),
        "lost updates": sum(max(0, t.lost) for t in trials),
        "duplicated rows": sum(t.duplicated_rows for t in trials),
        "unreadable workbooks": sum(not t.readable for t in trials),
    }

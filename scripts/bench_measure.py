"""Running whole processes for the benchmark: wall time, peak memory, medians of runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path

from bench_report import Timing

TIMEOUT = 900  # seconds for any one process
MakeArgs = Callable[[Path, Path], list[str]]  # (workbook copy, its folder) -> the command


def run_process(
    args: Sequence[str], env: dict[str, str], cwd: Path
) -> tuple[float, float, int, str]:
    """Wall time, peak memory (MB), exit status and the last line it printed."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(args), stdout=out, stderr=err, env=env, cwd=cwd)
        timer = threading.Timer(TIMEOUT, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - started
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = (
            err.read().decode(errors="replace").strip()
            or out.read().decode(errors="replace").strip()
        )
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    last = text.splitlines()[-1][:300] if text else ""
    return elapsed, usage.ru_maxrss / scale, code, last


def measure(
    make_args: MakeArgs,
    runs: int,
    warmup: int,
    env: dict[str, str],
    work: Path,
    base: Path | None = None,
    ok_codes: Sequence[int] = (0,),
) -> Timing:
    """Run ``make_args(workbook copy, folder)`` warmup + runs times, each on a fresh copy."""
    return measure_rounds([("one", make_args, base, ok_codes)], runs, warmup, env, work)["one"]


def measure_rounds(
    jobs: Sequence[tuple[Hashable, MakeArgs, Path | None, Sequence[int]]],
    runs: int,
    warmup: int,
    env: dict[str, str],
    work: Path,
) -> dict[Hashable, Timing]:
    """``measure`` for several jobs at once, in rounds: each job once per round, in turn.

    A job that fails stops being run; its Timing keeps the error.
    """
    timings = {key: Timing() for key, *_ in jobs}
    for index in range(warmup + runs):
        for key, make_args, base, ok_codes in jobs:
            timing = timings[key]
            if timing.error:
                continue
            folder = Path(tempfile.mkdtemp(dir=work))
            path = folder / "SafetyNet.xlsm"
            if base is not None:
                shutil.copy2(base, path)
            elapsed, peak, code, last = run_process(make_args(path, folder), env, folder)
            shutil.rmtree(folder, ignore_errors=True)
            timing.peak_mb = max(timing.peak_mb or 0.0, peak)
            if code not in ok_codes:
                timing.error = f"exit {code}: {last or 'no message'}"
            elif index >= warmup:
                timing.seconds.append(elapsed)
    return timings

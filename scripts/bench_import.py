"""Import and Upgrade in the benchmark (issue 15): each at most 3 s at county scale.

Import: a 3,000-youth flat tracker (scripts/make_import_fixtures.py --youths
3000) into a new, empty workbook, as a whole process. Upgrade: the reference
workbook to a new file with ``--out``, as a whole process. Each on a fresh
copy, one warm-up run, then the median of the timed runs.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TARGET_SECONDS = 3.0
TRACKER_YOUTHS = 3000
ROOT = Path(__file__).resolve().parent.parent


def measure_import_upgrade(
    results: dict,
    runs: int,
    env: dict[str, str],
    work: Path,
    reference: Path,
    measure: Callable,  # the benchmark's own; kept in the signature for symmetry
    say: Callable[[str], None],
) -> None:
    folder = work / "import"
    folder.mkdir(exist_ok=True)
    tracker = folder / "tracker.csv"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "make_import_fixtures.py"),
            "--youths",
            str(TRACKER_YOUTHS),
            "--out",
            str(tracker),
        ],
        check=True,
        env=env,
    )
    blank = folder / "blank.xlsm"
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"from safetynet.build.workbook import build_workbook; build_workbook({str(blank)!r})",
        ],
        check=True,
        env=env,
    )

    def import_args(path: Path, where: Path) -> list[str]:
        source = where / tracker.name
        shutil.copyfile(tracker, source)
        return [sys.executable, "-m", "safetynet.cli", "import", str(path), str(source)]

    def upgrade_args(path: Path, where: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "safetynet.cli",
            "upgrade",
            str(path),
            "--out",
            str(where / "upgraded.xlsm"),
        ]

    out = results.setdefault("import_upgrade", {})
    out["import"] = timed(import_args, runs, env, work, blank)
    say(f"import of a {TRACKER_YOUTHS:,}-youth tracker: {out['import']}")
    out["upgrade"] = timed(upgrade_args, runs, env, work, reference)
    say(f"upgrade of the reference workbook: {out['upgrade']}")
    out["load"] = os.getloadavg()[0]


def timed(make_args: Callable, runs: int, env: dict[str, str], work: Path, base: Path) -> dict:
    """Median wall time and median CPU time (user + system) of fresh-copy runs, one warm-up.

    The CPU time is what the program costs; the wall time also holds the wait
    for a shared machine's cores.
    """
    walls, cpus, error = [], [], ""
    for index in range(runs + 1):
        folder = Path(tempfile.mkdtemp(dir=work))
        path = folder / "SafetyNet.xlsm"
        shutil.copy2(base, path)
        args = make_args(path, folder)
        started = time.perf_counter()
        proc = subprocess.Popen(
            args, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        shutil.rmtree(folder, ignore_errors=True)
        if os.waitstatus_to_exitcode(status) != 0:
            error = stderr.strip().splitlines()[-1:] or ["failed"]
            return {"wall": None, "cpu": None, "error": error[0]}
        if index:
            walls.append(wall)
            cpus.append(usage.ru_utime + usage.ru_stime)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "error": error}

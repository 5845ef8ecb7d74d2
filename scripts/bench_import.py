"""Import and Upgrade in the benchmark (issue 15): each at most 3 s at county scale.

Import: a 3,000-youth flat tracker (scripts/make_import_fixtures.py --youths
3000) into a new, empty workbook, as a whole process. Upgrade: the reference
workbook to a new file with ``--out``, as a whole process. Each on a fresh
copy, one warm-up run, then the median of the timed runs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
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
    measure: Callable,
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
    out["import"] = measure(import_args, runs, 1, env, work, base=blank)
    say(f"import of a {TRACKER_YOUTHS:,}-youth tracker: {out['import'].median}")
    out["upgrade"] = measure(upgrade_args, runs, 1, env, work, base=reference)
    say(f"upgrade of the reference workbook: {out['upgrade'].median}")


def render_import_upgrade(results: dict, seconds_text: Callable, table: Callable) -> list[str]:
    found = results.get("import_upgrade") or {}
    if not found:
        return []
    rows = []
    for key, label in (
        ("import", f"Import a {TRACKER_YOUTHS:,}-youth tracker (CSV) into an empty workbook"),
        ("upgrade", "Upgrade the reference workbook (--out)"),
    ):
        timing = found.get(key)
        if timing is None:
            continue
        median = timing.median
        verdict = (
            "FAILED " + timing.error
            if timing.error
            else ("met" if median is not None and median <= TARGET_SECONDS else "NOT MET")
        )
        rows.append([label, f"≤ {TARGET_SECONDS:.0f} s", seconds_text(median), verdict])
    return [
        "## Import and Upgrade (issue 15)",
        "",
        table(["Measure", "Target", "Measured", "Verdict"], rows),
        "",
    ]

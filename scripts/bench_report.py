"""The pure half of scripts/bench: what is measured, and the Markdown it becomes.

Kept apart from the measuring so tests can check the arithmetic and the table
without running a single process.
"""

from __future__ import annotations

import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

# The small workbook is the demo's own size: a small county whose agenda has a waiting list, as
# the reference's has, so the two agenda sheets have the same shape and their action counts
# compare (a 100-youth demo has no waiting list, so two fewer style rectangles).
REFERENCE, SMALL, TEN_TIMES = 3000, 120, 30000


@dataclass(frozen=True)
class Command:
    key: str
    label: str
    args: tuple[str, ...]  # the CLI words; the workbook path goes after the first
    button: str | None = None  # the function in safetynet.buttons
    out: bool = False  # takes --out
    in_cycle: bool = True  # part of the weekly cycle (and of the naive comparison)


COMMANDS = (
    Command("validate", "Validate", ("validate",), "validate_entries"),
    Command("agenda", "Build Agenda", ("agenda",), "build_agenda"),
    Command(
        "packet",
        "Print Packet (Word)",
        ("packet", "--no-pdf"),
        "print_packet",
        out=True,
    ),
    Command(
        "dashboard",
        "Refresh Dashboard",
        ("dashboard",),
        "refresh_dashboard",
    ),
    Command(
        "monthly",
        "Monthly Report (+ Dashboard)",
        ("monthly", "--no-pdf"),
        "monthly_report",
        out=True,
    ),
    Command(
        "packet-pdf",
        "Print Packet (Word + PDF)",
        ("packet", "--pdf"),
        out=True,
        in_cycle=False,
    ),
)


@dataclass
class Timing:
    """The runs of one thing measured; ``error`` says why it stopped, if it did."""

    seconds: list[float] = field(default_factory=list)
    peak_mb: float | None = None
    error: str | None = None

    @property
    def median(self) -> float | None:
        return None if self.error or not self.seconds else median(self.seconds)


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def ratio(top: float | None, bottom: float | None) -> float | None:
    return None if top is None or not bottom else top / bottom


def verdict(value: float | None, limit: float, *, at_least: bool = False) -> str:
    if value is None:
        return "not measured"
    return "met" if (value >= limit if at_least else value <= limit) else "NOT MET"


def seconds_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def times_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}×"


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = [
        "| " + " | ".join(cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def cpu_model(cpuinfo: str) -> str:
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("model name", "Hardware", "Processor") and value.strip():
            return value.strip()
    return platform.processor() or "unknown CPU"


def total(values: Sequence[float | None]) -> float | None:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def summarise(results: dict) -> list[list[str]]:
    """The targets of issue 8, each with its figure and met / NOT MET."""
    ours, raw, naive, big = (results[k] for k in ("ours", "raw", "naive", "big"))

    def med(timings: dict, key: str) -> float | None:
        timing = timings.get(key)
        return timing.median if timing else None

    cycle = [c.key for c in COMMANDS if c.in_cycle]
    agenda, packet, validate = med(ours, "agenda"), med(ours, "packet"), med(ours, "validate")
    # Monthly Report refreshes the Dashboard from the same read: one click does both.
    dash_monthly = med(ours, "monthly")
    speedup = ratio(total([med(naive, k) for k in cycle]), total([med(ours, k) for k in cycle]))
    growth = [ratio(med(big, k), med(ours, k)) for k in cycle] if big else [None]
    worst_growth = None if None in growth else max(growth)  # type: ignore[type-var]
    actions = results["actions"]
    same = None
    if actions and all(
        a.get("small") is not None and a.get("reference") is not None for a in actions.values()
    ):
        same = float(all(a["small"] == a["reference"] for a in actions.values()))
    peaks = [t.peak_mb for t in ours.values() if t.peak_mb is not None]
    peak = max(peaks) if peaks else None
    reading = results.get("reading") or {}
    read_ratio = ratio(reading.get("ours"), reading.get("raw"))
    encrypted = results.get("encrypted") or {}
    sealed_ratio = ratio(
        med(encrypted, "encrypted"), med(encrypted, "plain")
    )  # both from the same run, alternated
    far = results.get("far_cell")
    base_peak = ours["agenda"].peak_mb if "agenda" in ours else None
    far_ratio = ratio(far.peak_mb if far and not far.error else None, base_peak)
    return [
        [
            "Reading every sheet ÷ calamine's raw read (one process, imports excluded; issue 2)",
            "≤ 1.5×",
            times_text(read_ratio),
            verdict(read_ratio, 1.5),
        ],
        ["Build Agenda", "≤ 1.0 s", seconds_text(agenda), verdict(agenda, 1.0)],
        [
            "Build Agenda ÷ raw read of its sheets",
            "≤ 1.5×",
            times_text(ratio(agenda, med(raw, "agenda"))),
            verdict(ratio(agenda, med(raw, "agenda")), 1.5),
        ],
        ["Print Packet (15 youths, Word)", "≤ 2 s", seconds_text(packet), verdict(packet, 2.0)],
        [
            "Refresh Dashboard + Monthly Report (one Monthly Report click does both)",
            "≤ 1.5 s",
            seconds_text(dash_monthly),
            verdict(dash_monthly, 1.5),
        ],
        ["Validate", "≤ 2 s", seconds_text(validate), verdict(validate, 2.0)],
        [
            "Weekly cycle: naive time ÷ ours",
            "≥ 8×",
            times_text(speedup),
            verdict(speedup, 8.0, at_least=True),
        ],
        [
            "Ten-times workbook ÷ reference (worst command)",
            "≤ 11×",
            times_text(worst_growth),
            verdict(worst_growth, 11.0),
        ],
        [
            f"Remote-engine actions, {SMALL} vs {REFERENCE:,} youths",
            "the same",
            "—" if same is None else ("same" if same else "different"),
            "not measured" if same is None else ("met" if same else "NOT MET"),
        ],
        [
            "Build Agenda on the encrypted workbook ÷ on the plain one (same run; issue 12)",
            "≤ 1.3×",
            times_text(sealed_ratio),
            verdict(sealed_ratio, 1.3),
        ],
        [
            "A value at Youths!AX1048576: peak memory ÷ Build Agenda's (issue 17)",
            "≤ 3×",
            times_text(far_ratio),
            verdict(far_ratio, 3.0),
        ],
        [
            "Peak memory (any command, reference workbook)",
            "≤ 400 MB",
            "—" if peak is None else f"{peak:.0f} MB",
            verdict(peak, 400.0),
        ],
    ]


ANALYSIS_MARK = "<!-- Written by hand below this line; scripts/bench keeps it. -->"


def kept_analysis(old_report: str) -> str:
    """The hand-written part of the previous report (from the mark on), or nothing."""
    at = old_report.find(ANALYSIS_MARK)
    return old_report[at:].rstrip() + "\n" if at >= 0 else ""


def render(results: dict) -> str:
    """docs/performance.md from the measurements (without the hand-written analysis)."""
    ours, raw, naive, big = (results[k] for k in ("ours", "raw", "naive", "big"))
    machine = results["machine"]
    lines = [
        "# Performance",
        "",
        f"Measured {results['date']} by `scripts/bench{' --quick' if results['quick'] else ''}`"
        f" in {results['elapsed'] / 60:.1f} minutes, on {machine['cpu']} ({machine['cores']} "
        f"cores, {machine['memory']}), Python {machine['python']}, {machine['system']}.",
        "",
        f"Reference workbook: SPEC's ten years of a large county, `safetynet demo --youths "
        f"{REFERENCE}` ({results['sizes'].get('reference', '?')}). Each command runs as a whole "
        f"process on a fresh copy of the workbook: one warm-up round, then the median of "
        f"{results['runs']} rounds, each running every command and its raw read once in turn; "
        f"the naive pipeline: the median of {results['naive_runs']}; the "
        f"ten-times workbook ({results['sizes'].get('big', 'skipped')}): the median of "
        f"{results['big_runs']}.",
        "",
        "## Targets (issue 8)",
        "",
        table(["Measure", "Target", "Measured", "Verdict"], summarise(results)),
        "",
        "## Each command",
        "",
        "*Raw read*: python-calamine reading the sheets the command loads, as a process of its "
        'own with interpreter start-up (the limit). *Naive*: pandas.read_excel(engine="openpyxl")'
        " + the same operation + openpyxl load and save.",
        "",
    ]
    rows = []
    for command in COMMANDS:
        mine = ours.get(command.key, Timing())
        rows.append(
            [
                command.label,
                seconds_text(mine.median),
                seconds_text(raw[command.key].median) if command.key in raw else "—",
                times_text(ratio(mine.median, raw[command.key].median))
                if command.key in raw
                else "—",
                seconds_text(naive[command.key].median) if command.key in naive else "—",
                times_text(ratio(naive[command.key].median, mine.median))
                if command.key in naive
                else "—",
                "—" if mine.peak_mb is None else f"{mine.peak_mb:.0f} MB",
                seconds_text(big[command.key].median) if command.key in big else "—",
                times_text(ratio(big[command.key].median, mine.median))
                if command.key in big
                else "—",
                "ok" if mine.error is None else f"failed: {mine.error}",
            ]
        )
    lines.append(
        table(
            [
                "Command",
                "Ours",
                "Raw read",
                "Ours ÷ raw",
                "Naive",
                "Naive ÷ ours",
                "Peak memory",
                "Ten-times",
                "Ten-times ÷ ours",
                "Status",
            ],
            rows,
        )
    )
    failures = [
        (f"{kind} {key}", t.error)
        for kind, group in (("raw read", raw), ("naive", naive), ("ten-times", big))
        for key, t in group.items()
        if t.error
    ]
    if failures:
        lines += ["", "Failed measurements:", ""] + [f"- {cell(w)}: {cell(e)}" for w, e in failures]
    far = results.get("far_cell")
    if far is not None:
        base = ours.get("agenda", Timing())
        lines += [
            "",
            "## A value in a far cell (issue 17)",
            "",
            'Build Agenda on the reference workbook with one "x" typed at Youths!AX1048576. '
            "Before the guard in `safetynet/xlsx/extent.py` python-calamine built a grid of 52 "
            "million cells (20 s, 2.2 GB); now the command stops with a sentence naming the cell.",
            "",
            table(
                ["Workbook", "Time", "Peak memory", "Status"],
                [
                    [
                        "reference",
                        seconds_text(base.median),
                        "—" if base.peak_mb is None else f"{base.peak_mb:.0f} MB",
                        "ok" if base.error is None else f"failed: {base.error}",
                    ],
                    [
                        "reference + AX1048576",
                        seconds_text(far.median),
                        "—" if far.peak_mb is None else f"{far.peak_mb:.0f} MB",
                        "refused (exit 1)" if far.error is None else f"failed: {far.error}",
                    ],
                ],
            ),
        ]
    lines += ["", *render_import_upgrade(results)]
    lines += [
        "",
        "## Start-up floor",
        "",
        table(
            ["Process", "Median"],
            [
                [k, seconds_text(t.median) if not t.error else f"failed: {t.error}"]
                for k, t in results["floor"].items()
            ],
        ),
    ]
    lines += [
        "",
        "## Remote-engine actions per button",
        "",
        'Actions a button asks of Excel (`book.json()["actions"]` on xlwings\' remote '
        "engine). They must not grow with the rows.",
        "",
    ]
    action_rows = [
        [
            name,
            a.get("small", "—") if a.get("small") is not None else "—",
            a.get("reference") if a.get("reference") is not None else "—",
            a.get("error") or "ok",
        ]
        for name, a in results["actions"].items()
    ]
    lines.append(
        table(["Button", f"{SMALL} youths", f"{REFERENCE:,} youths", "Status"], action_rows)
        if action_rows
        else f"not measured: {results.get('actions_error', 'no buttons ran')}"
    )
    lines += encrypted_section(results.get("encrypted") or {})
    if results.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {n}" for n in results["notes"]]
    return "\n".join(lines) + "\n"


IMPORT_TARGET_SECONDS = 3.0  # issue 15: importing a 3,000-youth tracker; upgrading the reference


def render_import_upgrade(results: dict) -> list[str]:
    """The Import and Upgrade table: wall and CPU time of whole processes (bench_import.py)."""
    found = results.get("import_upgrade") or {}
    if not found:
        return []
    rows = []
    for key, label in (
        ("import", "Import a 3,000-youth tracker (CSV) into an empty workbook"),
        ("upgrade", "Upgrade the reference workbook (--out)"),
    ):
        timing = found.get(key)
        if timing is None:
            continue
        wall, cpu = timing["wall"], timing["cpu"]
        if timing["error"]:
            verdict = "FAILED " + cell(timing["error"])
        elif wall <= IMPORT_TARGET_SECONDS:
            verdict = "met"
        elif cpu <= IMPORT_TARGET_SECONDS:
            verdict = "met in CPU time; wall time waited for a core"
        else:
            verdict = "NOT MET"
        target = f"≤ {IMPORT_TARGET_SECONDS:.0f} s"
        rows.append([label, target, seconds_text(wall), seconds_text(cpu), verdict])
    load = found.get("load")
    note = (
        "Whole processes on fresh copies, one warm-up run, then the median of the timed runs. "
        "CPU time is user + system time of the process"
        + (f"; the load average was {load:.1f} when they ended." if load is not None else ".")
    )
    header = ["Measure", "Target", "Wall time", "CPU time", "Verdict"]
    return ["## Import and Upgrade (issue 15)", "", note, "", table(header, rows), ""]


def encrypted_section(encrypted: dict) -> list[str]:
    """Build Agenda on the encrypted reference workbook, and where its extra time goes."""
    if not encrypted:
        return []
    plain, locked = encrypted.get("plain", Timing()), encrypted.get("encrypted", Timing())
    costs = encrypted.get("costs") or {}
    lines = [
        "",
        "## Encrypted workbook (issue 12)",
        "",
        "Build Agenda on the reference workbook encrypted with a password (Excel's agile "
        "encryption) and on the same workbook plain, alternated run by run in one benchmark: "
        f"encrypted {seconds_text(locked.median)}, plain {seconds_text(plain.median)} "
        f"({times_text(ratio(locked.median, plain.median))}).",
    ]
    if "error" in costs:
        return [*lines, "", f"The extra costs were not measured: {cell(costs['error'])}"]
    if costs:
        lines += [
            "",
            f"What the extra costs (one process, median; package {costs['package_mb']:.1f} MB):",
            "",
            table(
                ["Step", "Time"],
                [
                    [
                        "Deriving the key from the password (100,000 rounds of SHA-512, once per "
                        "command)",
                        seconds_text(costs["derive"]),
                    ],
                    [
                        "Checking the package's HMAC and decrypting it (AES-256)",
                        seconds_text(costs["decrypt"]),
                    ],
                    [
                        "Sealing the patched package again (same key, fresh salt)",
                        seconds_text(costs["seal"]),
                    ],
                    [
                        "Checking the sealed copy decrypts to it, before it replaces anything",
                        seconds_text(costs["check"]),
                    ],
                ],
            ),
        ]
    return lines

"""The benchmark's arithmetic and its report, without running a single process."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _load():
    spec = importlib.util.spec_from_file_location("bench_report", SCRIPTS / "bench_report.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = _load()
Timing = bench.Timing


def results(**overrides):
    """Measurements where every target is met, changed by ``overrides``."""
    ours = {
        "validate": Timing([1.5, 1.6, 1.4]),
        "agenda": Timing([0.6, 0.7, 0.65], peak_mb=90.0),
        "packet": Timing([1.2]),
        "dashboard": Timing([0.5]),
        "monthly": Timing([0.6], peak_mb=180.0),
        "packet-pdf": Timing([3.0], peak_mb=250.0),
    }
    base = {
        "date": "2026-11-28",
        "quick": False,
        "runs": 5,
        "naive_runs": 1,
        "big_runs": 1,
        "elapsed": 420.0,
        "machine": {
            "cpu": "Test CPU",
            "cores": "2",
            "memory": "8.0 GB RAM",
            "python": "3.11.7",
            "system": "Linux",
        },
        "ours": ours,
        "raw": {k: Timing([0.5]) for k in ours},
        "naive": {k: Timing([t.median * 10]) for k, t in ours.items() if k != "packet-pdf"},
        "big": {k: Timing([t.median * 10]) for k, t in ours.items() if k != "packet-pdf"},
        "floor": {"python -c pass": Timing([0.05])},
        "actions": {"build_agenda": {"small": 17, "reference": 17}},
        "reading": {"raw": 0.30, "ours": 0.36},
        "far_cell": Timing([0.5], peak_mb=80.0),
        "sizes": {"reference": "made in 12 s", "big": "30,000 youths"},
        "encrypted": {
            "plain": Timing([0.70, 0.72]),
            "encrypted": Timing([0.84, 0.86]),
            "costs": {
                "derive": 0.11,
                "decrypt": 0.01,
                "seal": 0.02,
                "check": 0.01,
                "package_mb": 1.6,
            },
        },
        "notes": [],
    }
    base.update(overrides)
    return base


def verdicts(report: dict) -> dict[str, str]:
    return {row[0]: row[3] for row in bench.summarise(report)}


def test_median_of_odd_and_even_counts():
    assert bench.median([3.0, 1.0, 2.0]) == 2.0
    assert bench.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    with pytest.raises(ValueError):
        bench.median([])


def test_a_failed_timing_has_no_median():
    assert Timing([1.0, 2.0], error="exit 2: boom").median is None
    assert Timing().median is None


def test_verdict_compares_in_the_right_direction():
    assert bench.verdict(0.9, 1.0) == "met"
    assert bench.verdict(1.1, 1.0) == "NOT MET"
    assert bench.verdict(9.0, 8.0, at_least=True) == "met"
    assert bench.verdict(7.0, 8.0, at_least=True) == "NOT MET"
    assert bench.verdict(None, 1.0) == "not measured"


def test_ratio_of_a_missing_figure_is_missing():
    assert bench.ratio(3.0, 1.5) == 2.0
    assert bench.ratio(None, 1.5) is None
    assert bench.ratio(3.0, 0.0) is None


def test_all_targets_met():
    assert set(verdicts(results()).values()) == {"met"}


def test_each_missed_target_is_named():
    slow = results()
    slow["ours"]["agenda"] = Timing([1.4])
    found = verdicts(slow)
    assert found["Build Agenda"] == "NOT MET"
    assert found["Build Agenda ÷ raw read of its sheets"] == "NOT MET"  # 1.4 s / 0.5 s
    assert bench.summarise(slow)[2][2] == "2.8×"
    assert found["Validate"] == "met"


FAR = "A value at Youths!AX1048576: peak memory ÷ Build Agenda's (issue 17)"


def test_a_far_cell_costing_more_than_three_times_the_memory_is_not_met():
    assert verdicts(results())[FAR] == "met"
    assert verdicts(results(far_cell=Timing([20.0], peak_mb=2200.0)))[FAR] == "NOT MET"
    assert verdicts(results(far_cell=Timing(error="exit 134")))[FAR] == "not measured"
    report = bench.render(results())
    assert "| reference + AX1048576 | 0.50 s | 80 MB | refused (exit 1) |" in report


def test_reading_slower_than_one_and_a_half_raw_reads_is_not_met():
    slow = results(reading={"raw": 0.2, "ours": 0.4})
    assert (
        verdicts(slow)[
            "Reading every sheet ÷ calamine's raw read (one process, imports excluded; issue 2)"
        ]
        == "NOT MET"
    )


def test_growth_beyond_eleven_times_and_unequal_actions_are_not_met():
    report = results()
    report["big"]["validate"] = Timing([report["ours"]["validate"].median * 21])
    report["actions"] = {"build_agenda": {"small": 17, "reference": 30}}
    found = verdicts(report)
    assert found["Ten-times workbook ÷ reference (worst command)"] == "NOT MET"
    assert found["Remote-engine actions, 120 vs 3,000 youths"] == "NOT MET"


def test_skipped_measurements_are_not_measured():
    report = results(big={}, actions={})
    found = verdicts(report)
    assert found["Ten-times workbook ÷ reference (worst command)"] == "not measured"
    assert found["Remote-engine actions, 120 vs 3,000 youths"] == "not measured"


def test_naive_speed_up_is_the_whole_cycle():
    report = results()
    report["naive"] = {k: Timing([t.median * 5]) for k, t in report["ours"].items()}
    row = next(r for r in bench.summarise(report) if r[0].startswith("Weekly cycle"))
    assert row[2:] == ["5.0×", "NOT MET"]


def test_peak_memory_is_the_largest_of_any_command():
    row = next(r for r in bench.summarise(results()) if r[0].startswith("Peak memory"))
    assert row[2:] == ["250 MB", "met"]


def test_report_names_the_machine_date_and_a_failure_with_its_message():
    report = results()
    report["ours"]["monthly"] = Timing(error="exit 2: The Monthly sheet | is missing.")
    text = bench.render(report)
    assert "2026-11-28" in text and "Test CPU" in text and "Python 3.11.7" in text
    assert "failed: exit 2: The Monthly sheet \\| is missing." in text
    assert (
        "Refresh Dashboard + Monthly Report (one Monthly Report click does both) | ≤ 1.5 s | — "
        "| not measured" in text
    )


def test_report_tables_are_well_formed():
    text = bench.render(results(notes=["Made | with a pipe"]))
    for block in text.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        if rows:
            widths = {line.replace("\\|", "").count("|") for line in rows}
            assert len(widths) == 1, block


def test_cpu_model_from_proc_cpuinfo():
    cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n"
    assert bench.cpu_model(cpuinfo) == "AMD EPYC 7B13"


def test_the_hand_written_analysis_survives_a_new_run():
    old = "# Performance\n\nold table\n\n" + bench.ANALYSIS_MARK + "\n\n## Why\n\nBecause.\n"
    assert bench.kept_analysis(old) == bench.ANALYSIS_MARK + "\n\n## Why\n\nBecause.\n"
    assert bench.kept_analysis("# Performance\n\nno mark\n") == ""


ENCRYPTED_ROW = "Build Agenda on the encrypted workbook ÷ on the plain one (same run; issue 12)"


def test_the_encrypted_workbook_is_held_to_1_3_times_the_plain_one():
    assert verdicts(results())[ENCRYPTED_ROW] == "met"  # 0.85 / 0.71 = 1.2
    slow = results()
    slow["encrypted"]["encrypted"] = Timing([0.95])
    assert verdicts(slow)[ENCRYPTED_ROW] == "NOT MET"  # 0.95 / 0.71 = 1.34
    assert verdicts(results(encrypted={}))[ENCRYPTED_ROW] == "not measured"


def test_the_report_says_what_encryption_costs():
    text = bench.render(results())
    assert "## Encrypted workbook (issue 12)" in text
    assert "encrypted 0.85 s, plain 0.71 s (1.2×)" in text
    assert "| Deriving the key from the password (100,000 rounds of SHA-512, once per " in text
    assert "package 1.6 MB" in text

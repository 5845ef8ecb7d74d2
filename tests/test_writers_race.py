"""Two writers, one workbook: nothing lost, nothing doubled, every run done or a sentence.

The suite runs a seeded sample of the schedule (every pair of writing
operations, both orders, offsets 0-50 ms); ``scripts/race_writers`` runs the
full 200 trials per pair.
"""

from __future__ import annotations

import pytest
from helpers import hostile_books as hb
from helpers.writers_race import PAIRS, Trial, Writers, schedule, summary

IN_SUITE_PER_PAIR = 1  # 10 trials, about 15 s; the script runs 200 per pair
CLEAN = {
    "runs crashed": 0,
    "refusals not a sentence": 0,
    "lost updates": 0,
    "duplicated rows": 0,
    "unreadable workbooks": 0,
}


@pytest.fixture(scope="module")
def writers(tmp_path_factory) -> Writers:
    folder = tmp_path_factory.mktemp("race")
    base = hb.small_workbook(folder / "base.xlsm", youths=24)
    with Writers(base, folder, hb.TODAY.isoformat()) as running:
        yield running


def _clean(trials) -> dict[str, int]:
    found = summary(trials)
    return {k: found[k] for k in CLEAN}


def test_every_pair_of_writers_loses_nothing_and_doubles_nothing(writers):
    trials = [writers.trial(pair, offset) for pair, offset in schedule(IN_SUITE_PER_PAIR)]
    assert {t.pair for t in trials} | {t.pair[::-1] for t in trials} >= set(PAIRS)
    assert _clean(trials) == CLEAN, [t.crashed for t in trials if t.crashed]
    assert summary(trials)["runs done"] == 2 * len(trials)  # the second waits, then runs


def test_a_slow_backup_step_widens_the_window_and_still_nothing_is_lost(writers):
    """Print Packet twice at once with a 0.3 s backup (a synced folder): one meeting, once."""
    pairs = [("packet", "packet"), ("dashboard", "monthly")]
    trials = [writers.trial(pair, 0.0, slow_backup=0.3) for pair in pairs]
    assert _clean(trials) == CLEAN
    assert [t.results for t in trials] == [[("done", ""), ("done", "")]] * 2
    # Print Packet logs two rows (the packet, its waiting list) per run; Dashboard and Monthly one
    assert [t.log_rows_added for t in trials] == [4, 2]


def test_without_the_lock_and_the_last_check_the_race_shows(writers):
    """The same trial with the safety taken away loses an update: the test can fail."""
    trial = writers.trial(("dashboard", "dashboard"), 0.0, slow_backup=0.3, unsafe=True)
    assert trial.done == 2
    assert trial.lost == 1


def test_a_run_lost_beside_a_packet_is_counted():
    """Print Packet adds two Log rows: a Dashboard saved over beside it is still one lost."""
    done = [("done", ""), ("done", "")]
    beside = Trial(("packet", "dashboard"), 0.0, done, 2, {"packet": 1, "dashboard": 0})
    twice = Trial(("packet", "packet"), 0.0, done, 2, {"packet": 1})
    kept = Trial(("packet", "dashboard"), 0.0, done, 3, {"packet": 1, "dashboard": 1})
    assert [beside.lost, twice.lost, kept.lost] == [1, 1, 0]


def test_a_refusal_that_is_no_sentence_is_counted():
    results = [("refused", "Something went wrong that the program did not expect."), ("done", "")]
    assert Trial(("agenda", "agenda"), 0.0, results).unexplained == [results[0][1]]


def test_the_schedule_is_the_same_every_time():
    assert schedule(3) == schedule(3)
    assert {round(offset * 1000) for _, offset in schedule(200)} <= set(range(0, 51))
    assert len(schedule(200)) == 200 * len(PAIRS)

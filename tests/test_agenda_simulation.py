"""Twelve weekly meetings on the demo: nobody who qualifies waits more than four meetings.

Each week, as the table works: build the agenda (the pure core, on frames),
record the meeting (a Meetings row per agenda youth, Discussed Y; the
waiting list recorded as Print Packet records it), and do what the table
does when it takes a youth up: the flag is cleared and its open actions are
followed up. A youth may wait only when more youths qualify than there are
places, and then the agenda itself says so. One run goes through the file.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from helpers.properties import examples
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from safetynet.core.agenda import Agenda, next_meeting_date, select_agenda
from safetynet.core.waiting import WaitingRecord, waiting_records
from safetynet.demo import generate
from safetynet.model import Workbook
from safetynet.schema import MEETINGS, YOUTHS
from safetynet.tables import coerce_frame

TODAY = dt.date(2026, 11, 28)
WEEKS = 12
LONG_WAIT_NOTE = "now waited 4 meetings, because more youths qualify than the"


def record_meeting(book: Workbook, agenda: Agenda) -> Workbook:
    """The week's outcomes: discussed, flags cleared, open actions done."""
    youths = book.frames[YOUTHS.name].copy()
    meetings = book.frames[MEETINGS.name].copy()
    taken = {item.youth_id for item in agenda.items}
    youths.loc[youths[YOUTHS.cols.youth_id].isin(taken), YOUTHS.cols.discuss_next_meeting] = False
    mine = meetings[MEETINGS.cols.youth_id].isin(taken) & meetings[MEETINGS.cols.action_due].notna()
    meetings.loc[mine, MEETINGS.cols.action_done] = True
    rows = coerce_frame(
        MEETINGS,
        [
            {
                MEETINGS.cols.meeting_date: agenda.meeting_date,
                MEETINGS.cols.youth_id: item.youth_id,
                MEETINGS.cols.section: item.section,
                MEETINGS.cols.discussed: "Y",
            }
            for item in agenda.items
        ],
        first_row=int(meetings.index.max()) + 1 if len(meetings) else 2,
    )
    frames = {**book.frames, YOUTHS.name: youths, MEETINGS.name: pd.concat([meetings, rows])}
    return book.replace(frames=frames)


def run_weeks(book: Workbook, weeks: int = WEEKS) -> list[Agenda]:
    day = next_meeting_date(TODAY, "Wednesday")
    records: list[WaitingRecord] = []
    agendas = []
    for _week in range(weeks):
        agenda = select_agenda(book, day, today=day - dt.timedelta(days=4), waiting=records)
        agendas.append(agenda)
        records.append(WaitingRecord(day, tuple(i.youth_id for i in agenda.waiting)))
        book = record_meeting(book, agenda)
        day += dt.timedelta(weeks=1)
    return agendas


def check_nobody_waits_past_four(agendas: list[Agenda]) -> dict[str, int]:
    """Count the waits ourselves and hold the agenda to them; return the longest per youth."""
    # meetings waited since last discussed, by Youth ID; the demo's history starts it off
    run = {i.youth_id: i.waited for i in agendas[0].items + agendas[0].waiting if i.waited}
    longest: dict[str, int] = {}
    for agenda in agendas:
        for item in agenda.items + agenda.waiting:
            assert item.waited == run.get(item.youth_id, 0), (agenda.meeting_date, item)
        for item in agenda.items:
            run.pop(item.youth_id, None)
        if agenda.waiting:  # the places went to youths ranked at least as high, waits counted
            assert max(map(lifted, agenda.items)) <= min(map(lifted, agenda.waiting))
        said_why = any(LONG_WAIT_NOTE in note for note in agenda.notes)
        qualified = len(agenda.items) + len(agenda.waiting)
        for item in agenda.waiting:
            run[item.youth_id] = run.get(item.youth_id, 0) + 1
            longest[item.youth_id] = max(longest.get(item.youth_id, 0), run[item.youth_id])
            if run[item.youth_id] >= 4:  # the fourth meeting without a place
                assert said_why, (agenda.meeting_date, item.youth_id, qualified)
    return longest


def lifted(item) -> tuple[int, bool, bool, int]:
    """The rank class SPEC promises: priority lifted one level per meeting waited; a missing
    child at the new-case level at least, after the new cases, before those lifted there;
    Missing first within a level, then those who waited longer."""
    missing = (item.custody_status or "").casefold() == "missing"
    level = max(1, item.priority - item.waited)
    level = min(level, 2) if missing else level
    return level, level == 2 and item.priority > 2, not missing, -item.waited


# Derandomized by the test profile (tests/conftest.py), so CI draws the same demo seeds every
# run; scripts/test-random draws fresh ones. No shrinking: a smaller demo seed is no simpler
# a county, and shrinking one failure took five minutes.
@settings(
    max_examples=examples(5),
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow],
)
@example(7)  # the demo's own seed
@given(st.integers(min_value=0, max_value=10_000))
def test_every_demo_youth_that_qualifies_is_discussed_within_four_meetings(demo_seed):
    agendas = run_weeks(generate(youths=120, seed=demo_seed, today=TODAY))
    check_nobody_waits_past_four(agendas)
    assert all(len(a.items) <= 15 for a in agendas)


def test_the_default_demo_keeps_up_and_says_so_in_its_capacity_line():
    agendas = run_weeks(generate(youths=120, seed=7, today=TODAY))
    longest = check_nobody_waits_past_four(agendas)
    assert max(longest.values(), default=0) <= 3
    assert not any(LONG_WAIT_NOTE in n for a in agendas for n in a.notes)
    last = agendas[-1].capacity
    assert last is not None and last.meetings == 12
    assert last.discussed <= last.qualified and last.waiting <= last.qualified


def test_when_more_youths_qualify_than_places_the_agenda_says_why_they_wait():
    book = generate(youths=120, seed=7, today=TODAY)
    book = book.replace(settings={**book.settings, "Max Youths Per Meeting": 3})
    agendas = run_weeks(book, weeks=6)
    check_nobody_waits_past_four(agendas)
    notes = [n for a in agendas for n in a.notes if LONG_WAIT_NOTE in n]
    assert notes, "with 3 places for 15-25 youths somebody waits a fourth meeting"
    assert set(notes) <= {w for a in agendas for w in a.warnings}  # in red on the sheet
    assert notes[0].endswith(
        "Add a meeting, or raise Max Youths Per Meeting on the Settings sheet."
    )
    waiting = [i for a in agendas for i in a.waiting if i.waited]
    assert waiting[0].reasons[0].startswith("Waiting since ")
    assert "(1 meeting)" in waiting[0].reasons[0]


def test_the_waiting_list_goes_through_the_file_and_comes_back(tmp_path):
    """Build Agenda, Print Packet, Build Agenda a week later: the wait is read from the Log."""
    from safetynet.adapters.file import FileAdapter
    from safetynet.build.workbook import build_workbook
    from safetynet.operations.catalog import by_command
    from safetynet.run import run
    from safetynet.xlsx.read import read_sheet_grid

    book = generate(youths=120, seed=7, today=TODAY)
    book = book.replace(settings={**book.settings, "Max Youths Per Meeting": 5})
    path = tmp_path / "SafetyNet.xlsm"
    build_workbook(path, book)
    first = run(FileAdapter(path), by_command("agenda"), TODAY)
    waiting = [w["youth_id"] for w in first.data["waiting"]]
    assert waiting
    run(FileAdapter(path, out=tmp_path), by_command("packet"), TODAY, pdf=False)
    log = read_sheet_grid(path, "Log")
    assert waiting_records(log) == (WaitingRecord(dt.date(2026, 12, 2), tuple(waiting)),)
    names = set(book.frames[YOUTHS.name][YOUTHS.cols.last_name].dropna())
    assert not any(name in str(cell) for row in log for cell in row for name in names)

    second = run(FileAdapter(path), by_command("agenda"), dt.date(2026, 12, 5))
    waited = {e["youth_id"]: e for e in second.data["agenda"] + second.data["waiting"]}
    still = [w for w in waiting if w in waited]
    assert still and all(waited[w]["waited"] == 1 for w in still)
    assert all(waited[w]["reasons"][0] == "Waiting since 2 Dec (1 meeting)" for w in still)
    assert second.data["capacity"]["meetings"] >= 1

"""Properties of Build Agenda on random small workbooks (hypothesis, fixed seed)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from helpers.agenda_books import MEETING, TODAY, book, meeting, youth
from helpers.properties import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from safetynet.core.agenda import Agenda, select_agenda
from safetynet.core.agenda_sheet import EditedRow, agenda_grid, read_agenda_grid
from safetynet.grid import plain_grid
from safetynet.model import Workbook
from safetynet.schema import MEETINGS, YOUTHS, default_settings

PROPERTY_SETTINGS = settings(max_examples=examples(25), deadline=None)
days_around = st.integers(min_value=-120, max_value=30).map(
    lambda n: MEETING + dt.timedelta(days=n)
)
maybe_day = st.none() | days_around
yes_no = st.sampled_from([None, "Y", "N"])


@st.composite
def workbooks(draw) -> tuple[Workbook, int]:
    count = draw(st.integers(min_value=0, max_value=14))
    youths = [
        youth(
            number,
            **{
                "Date of Birth": draw(
                    st.sampled_from([dt.date(2005, 6, 1), dt.date(2011, 5, 17), None])
                ),
                "Referral Date": draw(maybe_day),
                "Custody Status": draw(
                    st.sampled_from(["Home", "In custody", "Placement", "Missing", "Unknown"])
                ),
                "Custody Change Date": draw(maybe_day),
                "Next Court Date": draw(maybe_day),
                "Safety Level": draw(st.sampled_from(["Low", "Medium", "High"])),
                "Discuss Next Meeting": draw(yes_no),
                "Status": draw(st.sampled_from(["Active", "Active", "Closed"])),
            },
        )
        for number in range(1, count + 1)
    ]
    meetings = []
    if count:
        for _ in range(draw(st.integers(min_value=0, max_value=20))):
            meetings.append(
                meeting(
                    draw(st.integers(min_value=1, max_value=count)),
                    draw(days_around),
                    Discussed=draw(yes_no),
                    **{
                        "Action Item": draw(st.sampled_from([None, "call school"])),
                        "Action Due": draw(maybe_day),
                        "Action Done": draw(yes_no),
                        "Next Review Date": draw(maybe_day),
                    },
                )
            )
    cap = draw(st.integers(min_value=1, max_value=6))
    return book(youths, meetings, Max_Youths_Per_Meeting=cap), cap


def agenda_of(workbook: Workbook) -> Agenda:
    return select_agenda(workbook, MEETING, today=TODAY)


def status_of(workbook: Workbook) -> dict[str, str]:
    frame = workbook.frames[YOUTHS.name]
    return dict(zip(frame["Youth ID"], frame["Status"], strict=True))


def flagged_ids(workbook: Workbook) -> set[str]:
    frame = workbook.frames[YOUTHS.name]
    return set(frame.loc[frame["Discuss Next Meeting"].fillna(False).astype(bool), "Youth ID"])


@PROPERTY_SETTINGS
@given(workbooks())
def test_never_more_than_the_cap_and_nobody_twice(drawn):
    workbook, cap = drawn
    agenda = agenda_of(workbook)
    everyone = [i.youth_id for i in agenda.items + agenda.waiting]
    assert len(agenda.items) <= cap
    assert len(everyone) == len(set(everyone))
    assert agenda.waiting == () or len(agenda.items) == cap


@PROPERTY_SETTINGS
@given(workbooks())
def test_never_a_closed_youth(drawn):
    workbook, _cap = drawn
    agenda = agenda_of(workbook)
    status = status_of(workbook)
    assert all(status[i.youth_id] != "Closed" for i in agenda.items + agenda.waiting)


@PROPERTY_SETTINGS
@given(workbooks())
def test_flagged_youths_come_first(drawn):
    workbook, cap = drawn
    agenda = agenda_of(workbook)
    status = status_of(workbook)
    everyone = agenda.items + agenda.waiting
    flagged = {y for y in flagged_ids(workbook) if status[y] != "Closed" and not later(workbook, y)}
    assert flagged == {i.youth_id for i in everyone if i.priority == 1}
    on_agenda = {i.youth_id for i in agenda.items}
    if not any(i.waited for i in everyone):  # a youth that waited may rise above the flagged
        assert len(flagged & on_agenda) == min(cap, len(flagged))
    ranked = agenda.waiting  # the waiting list keeps rank order: level, then meetings waited
    assert [level(i) for i in ranked] == sorted(level(i) for i in ranked)
    if agenda.waiting:
        assert max(level(i) for i in agenda.items) <= level(agenda.waiting[0])


def later(workbook: Workbook, youth_id: str) -> bool:
    """Referred after the meeting: not yet a case then."""
    frame = workbook.frames[YOUTHS.name]
    referred = frame.loc[frame["Youth ID"] == youth_id, "Referral Date"].iloc[0]
    return bool(pd.notna(referred) and referred > pd.Timestamp(MEETING))


def level(item) -> tuple[int, bool, bool, int]:
    """An item's rank class: its priority lifted one step per meeting waited, a missing child
    at the new-case level at least (after the new cases), Missing first."""
    missing = (item.custody_status or "").casefold() == "missing"
    lifted = max(1, item.priority - item.waited)
    lifted = min(lifted, 2) if missing else lifted
    return lifted, lifted == 2 and item.priority > 2, not missing, -item.waited


def shuffled(workbook: Workbook, rng: np.random.Generator) -> Workbook:
    """The same rows in another order, numbered as if staff had sorted the sheets."""
    frames = {}
    for name in (YOUTHS.name, MEETINGS.name):
        frame = workbook.frames[name]
        frame = frame.iloc[rng.permutation(len(frame))].copy()
        frame.index = frame.index.__class__(range(2, len(frame) + 2), name="row")
        frames[name] = frame
    return Workbook(frames, dict(workbook.settings), dict(workbook.lists))


@PROPERTY_SETTINGS
@given(workbooks(), st.integers(min_value=0, max_value=2**32 - 1))
def test_the_same_data_in_any_row_order_gives_the_same_agenda(drawn, shuffle_seed):
    workbook, _cap = drawn
    again = shuffled(workbook, np.random.default_rng(shuffle_seed))
    assert agenda_of(again) == agenda_of(workbook)


@PROPERTY_SETTINGS
@given(workbooks())
def test_the_sheet_reads_back_as_the_agenda(drawn):
    workbook, _cap = drawn
    agenda = agenda_of(workbook)
    edited = read_agenda_grid(agenda_grid(agenda, default_settings()))
    assert edited.meeting_date == MEETING
    assert edited.rows == tuple(
        EditedRow(n, i.section, i.youth_id, "; ".join(i.reasons))
        for n, i in enumerate(agenda.items, start=1)
    )


@PROPERTY_SETTINGS
@given(workbooks(), st.randoms(use_true_random=False))
def test_a_hand_edited_sheet_parses_as_edited(drawn, random):
    workbook, _cap = drawn
    agenda = agenda_of(workbook)
    grid = plain_grid(agenda_grid(agenda, default_settings()))
    header = next(n for n, row in enumerate(grid) if row and row[0] == "Order")
    rows = grid[header + 1 : header + 1 + len(agenda.items)]
    random.shuffle(rows)
    if rows:
        rows.pop(random.randrange(len(rows)))
    rows.insert(random.randrange(len(rows) + 1), [None, None, "Y-9999"])
    grid[header + 1 : header + 1 + len(agenda.items)] = rows
    edited = read_agenda_grid(grid)
    assert edited.youth_ids == [row[2] for row in rows]
    assert [r.order for r in edited.rows] == list(range(1, len(rows) + 1))

"""Build Agenda's selection rules (safetynet.core.agenda), one table row per rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers.agenda_books import MEETING, TODAY, D, book, discussed, meeting, youth

from safetynet.core.agenda import Agenda, next_meeting_date, select_agenda
from safetynet.core.waiting import capacity
from safetynet.model import SafetyNetError, Workbook
from safetynet.schema import LISTS, MEETINGS, YOUTHS, default_settings
from safetynet.tables import empty_frame


def agenda_of(workbook: Workbook) -> Agenda:
    return select_agenda(workbook, MEETING, today=TODAY)


def only(agenda: Agenda):
    assert len(agenda.items) == 1, agenda
    return agenda.items[0]


def ids(items) -> list[str]:
    return [item.youth_id for item in items]


# --- the meeting date -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "weekday", "expected"),
    [
        (D(2026, 11, 28), "Wednesday", D(2026, 12, 2)),  # Saturday -> next Wednesday
        (D(2026, 12, 2), "Wednesday", D(2026, 12, 9)),  # a meeting today is already prepared
        (D(2026, 12, 1), "wed", D(2026, 12, 2)),  # short and lower-case forgiven
        (D(2026, 11, 28), "Sunday", D(2026, 11, 29)),
        (D(2026, 12, 31), " Friday ", D(2027, 1, 1)),  # across the year end
    ],
)
def test_next_meeting_date_is_the_next_weekday_after_today(today, weekday, expected):
    assert next_meeting_date(today, weekday) == expected


@pytest.mark.parametrize("weekday", ["Funday", "", "W"])
def test_a_meeting_weekday_that_is_no_day_says_where_to_fix_it(weekday):
    with pytest.raises(SafetyNetError) as caught:
        next_meeting_date(TODAY, weekday)
    assert caught.value.exit_code == 1
    assert "Meeting Weekday on the Settings sheet" in caught.value.message


# --- each rule, with its reasons in words and its section -------------------------------

RULES = [
    # id, youth changes, meetings, priority, reasons, section
    (
        "flagged",
        {"Discuss Next Meeting": "Y"},
        [discussed(1)],
        1,
        ("Flagged to discuss",),
        "Out of custody",
    ),
    (
        "new, whatever its custody",
        {"Referral Date": D(2026, 11, 20), "Custody Status": "In custody"},
        [],
        2,
        ("New referral on 20 Nov from Probation",),
        "New case",
    ),
    (
        "new though put off once",
        {"Referral Date": D(2025, 12, 20)},
        [meeting(1, D(2026, 11, 25), Discussed="N")],
        2,
        ("Waiting since 25 Nov (1 meeting)", "New referral on 20 Dec 2025 from Probation"),
        "New case",
    ),
    (
        "new: a row on the meeting date does not count",
        {"Referral Source": None},
        [meeting(1, MEETING)],
        2,
        ("New referral on 5 Jan",),
        "New case",
    ),
    (
        "missing since",
        {"Custody Status": "Missing", "Custody Change Date": D(2026, 11, 28)},
        [discussed(1)],
        3,
        ("Missing since 28 Nov",),
        "Out of custody",
    ),
    (
        "missing, date unknown",
        {"Custody Status": "missing"},
        [discussed(1)],
        3,
        ("Missing",),
        "Out of custody",
    ),
    (
        "safety level high",
        {"Safety Level": "High"},
        [discussed(1)],
        3,
        ("Safety level High",),
        "Out of custody",
    ),
    (
        "court date coming",
        {"Next Court Date": D(2026, 12, 3)},
        [discussed(1)],
        3,
        ("Court date 3 Dec",),
        "Out of custody",
    ),
    (
        "court date at the window's far edge",
        {"Next Court Date": D(2026, 12, 16)},
        [discussed(1)],
        3,
        ("Court date 16 Dec",),
        "Out of custody",
    ),
    (
        "court date just past",
        {"Next Court Date": D(2026, 11, 18)},
        [discussed(1)],
        3,
        ("Court date was 18 Nov",),
        "Out of custody",
    ),
    (
        "custody changed",
        {"Custody Status": "In custody", "Custody Change Date": D(2026, 11, 25)},
        [discussed(1)],
        3,
        ("Custody changed 25 Nov (now In custody)",),
        "In custody",
    ),
    (
        "overdue action",
        {},
        [discussed(1, **{"Action Item": "school  enrolment", "Action Due": D(2026, 11, 23)})],
        3,
        ("Action 'school enrolment' 9 days overdue",),
        "Out of custody",
    ),
    (
        "overdue action, no text",
        {},
        [discussed(1, **{"Action Due": D(2026, 12, 1)})],
        3,
        ("Action due 1 Dec 1 day overdue",),
        "Out of custody",
    ),
    (
        "long action text is cut",
        {},
        [
            discussed(
                1,
                **{
                    "Action Item": "Call the school about re-enrolment and the bus pass"
                    " for spring term",
                    "Action Due": D(2026, 11, 30),
                },
            )
        ],
        3,
        ("Action 'Call the school about re-enrolment and…' 2 days overdue",),
        "Out of custody",
    ),
    (
        "due for review",
        {},
        [discussed(1, D(2026, 10, 21))],
        4,
        ("Not discussed for 6 weeks",),
        "Out of custody",
    ),
    (
        "due: a put-off meeting is no review",
        {"Custody Status": "In custody"},
        [discussed(1, D(2026, 10, 14)), meeting(1, D(2026, 11, 25), Discussed="N")],
        4,
        ("Waiting since 25 Nov (1 meeting)", "Not discussed for 7 weeks"),
        "In custody",
    ),
    (
        "next review date has come",
        {},
        [discussed(1, D(2026, 11, 18), **{"Next Review Date": D(2026, 12, 1)})],
        4,
        ("Review due 1 Dec",),
        "Out of custody",
    ),
    (
        "overdue review said once",
        {},
        [discussed(1, D(2026, 10, 21), **{"Next Review Date": D(2026, 11, 4)})],
        4,
        ("Not discussed for 6 weeks",),
        "Out of custody",
    ),
    (
        "placement is out of custody",
        {"Custody Status": "Placement", "Safety Level": "High"},
        [discussed(1)],
        3,
        ("Safety level High",),
        "Out of custody",
    ),
    (
        "all reasons, in rule order",
        {"Discuss Next Meeting": "Y", "Safety Level": "High", "Next Court Date": D(2026, 12, 10)},
        [discussed(1, D(2026, 9, 30), **{"Action Item": "IEP", "Action Due": D(2026, 10, 30)})],
        1,
        (
            "Flagged to discuss",
            "Safety level High",
            "Court date 10 Dec",
            "Action 'IEP' 33 days overdue",
            "Not discussed for 9 weeks",
        ),
        "Out of custody",
    ),
]


@pytest.mark.parametrize(
    ("changes", "meetings", "priority", "reasons", "section"),
    [pytest.param(*row[1:], id=row[0]) for row in RULES],
)
def test_each_rule_puts_the_youth_on_with_its_reasons(
    changes, meetings, priority, reasons, section
):
    item = only(agenda_of(book([youth(1, **changes)], meetings)))
    assert (item.priority, item.reasons, item.section) == (priority, reasons, section)


NOT_CHOSEN = [
    ("recently discussed", {}, [discussed(1)]),
    ("Discussed left blank counts as discussed", {}, [meeting(1, D(2026, 11, 25), Discussed=None)]),
    ("court date beyond the window", {"Next Court Date": D(2026, 12, 17)}, [discussed(1)]),
    ("court date long past", {"Next Court Date": D(2026, 11, 17)}, [discussed(1)]),
    ("custody change too old", {"Custody Change Date": D(2026, 11, 17)}, [discussed(1)]),
    ("custody change after the meeting", {"Custody Change Date": D(2026, 12, 3)}, [discussed(1)]),
    (
        "action done",
        {},
        [discussed(1, **{"Action Item": "x", "Action Due": D(2026, 11, 1), "Action Done": "Y"})],
    ),
    (
        "action due on the meeting day",
        {},
        [discussed(1, **{"Action Item": "x", "Action Due": MEETING})],
    ),
    ("three weeks since discussed", {}, [discussed(1, D(2026, 11, 11))]),
    ("next review date later", {}, [discussed(1, **{"Next Review Date": D(2026, 12, 9)})]),
    (
        "review date already met",
        {},
        [
            discussed(1, D(2026, 11, 4), **{"Next Review Date": D(2026, 11, 10)}),
            discussed(1, D(2026, 11, 18)),
        ],
    ),
    (
        "closed, even flagged and high",
        {"Status": "Closed", "Discuss Next Meeting": "Y", "Safety Level": "High"},
        [],
    ),
    ("closed, typed in lower case", {"Status": "closed "}, []),
    ("no Youth ID", {"Youth ID": None}, []),
]


@pytest.mark.parametrize(
    ("changes", "meetings"), [pytest.param(*row[1:], id=row[0]) for row in NOT_CHOSEN]
)
def test_youths_no_rule_picks_stay_off(changes, meetings):
    agenda = agenda_of(book([youth(1, **changes)], meetings))
    assert agenda.items == () and agenda.waiting == ()


def test_the_window_and_interval_come_from_settings():
    workbook = book(
        [youth(1, **{"Next Court Date": D(2026, 12, 22)}), youth(2)],
        [discussed(1), discussed(2, D(2026, 11, 11))],
        Court_Date_Window_Days=20,
        Review_Interval_Weeks=3,
    )
    assert ids(agenda_of(workbook).items) == ["Y-0001", "Y-0002"]


def test_an_item_carries_what_the_sheet_shows():
    workbook = book(
        [youth(1, **{"Date of Birth": D(2010, 12, 3), "Safety Level": "High"})],
        [
            discussed(1, D(2026, 10, 7), **{"Action Item": "a", "Action Due": D(2027, 1, 1)}),
            discussed(1, D(2026, 11, 18), **{"Action Item": "b"}),
            discussed(1, D(2026, 11, 4), **{"Action Item": "c", "Action Done": "Y"}),
        ],
    )
    item = only(agenda_of(workbook))
    assert item.name == "Zelda Quux1"
    assert item.age == 15  # turns 16 the day after the meeting
    assert item.custody_status == "Home"
    assert item.last_discussed == D(2026, 11, 18)
    assert item.open_actions == 2


def test_youth_ids_match_across_sheets_ignoring_case_and_spaces():
    workbook = book([youth(1, **{"Youth ID": "y-0001 "})], [discussed("Y-0001")])
    assert agenda_of(workbook).items == ()  # discussed last week, so neither new nor due


def test_several_overdue_actions_are_named_up_to_three_then_counted():
    late = [
        discussed(1, **{"Action Item": f"task {n}", "Action Due": D(2026, 11, 20 + n)})
        for n in range(5)
    ]
    item = only(agenda_of(book([youth(1)], late)))
    assert item.reasons == (
        "Action 'task 0' 12 days overdue",
        "Action 'task 1' 11 days overdue",
        "Action 'task 2' 10 days overdue",
        "2 more overdue actions",
    )


# --- who may appear ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "flagged", "on_agenda"),
    [
        (D(2008, 12, 2), None, False),  # 18 on the meeting day
        (D(2008, 12, 3), None, True),  # 18 the day after
        (D(2000, 1, 1), "Y", True),  # an adult, flagged
        (None, None, True),  # age unknown: not held back
    ],
)
def test_youths_18_or_older_appear_only_when_flagged(birth, flagged, on_agenda):
    changes = {"Date of Birth": birth, "Safety Level": "High", "Discuss Next Meeting": flagged}
    agenda = agenda_of(book([youth(1, **changes)], [discussed(1)]))
    assert bool(agenda.items) is on_agenda
    left_off = [n for n in agenda.notes if "18 or older" in n]
    assert left_off == (
        []
        if on_agenda
        else [
            "1 youth aged 18 or older on the meeting date was left off because not flagged; "
            "set Discuss Next Meeting to Y to bring one back."
        ]
    )


# --- order and ties -------------------------------------------------------------------


def test_sections_come_new_then_in_custody_then_out_and_order_within_by_rank():
    youths = [
        youth(1, **{"Safety Level": "High"}),
        youth(2, **{"Custody Status": "In custody"}),
        youth(3, **{"Custody Status": "In custody", "Discuss Next Meeting": "Y"}),
        youth(4, **{"Custody Status": "In custody"}),  # new
        youth(5, **{"Discuss Next Meeting": "Y"}),
    ]
    meetings = [discussed(1), discussed(2, D(2026, 10, 1)), discussed(3), discussed(5)]
    agenda = agenda_of(book(youths, meetings))
    assert [(i.section, i.youth_id) for i in agenda.items] == [
        ("New case", "Y-0004"),
        ("In custody", "Y-0003"),  # flagged
        ("In custody", "Y-0002"),  # due
        ("Out of custody", "Y-0005"),  # flagged
        ("Out of custody", "Y-0001"),  # urgent
    ]


TIES = [
    (
        "flagged: oldest referral first, then Youth ID",
        [
            youth(3, **{"Discuss Next Meeting": "Y", "Referral Date": D(2026, 3, 1)}),
            youth(2, **{"Discuss Next Meeting": "Y", "Referral Date": D(2026, 2, 1)}),
            youth(1, **{"Discuss Next Meeting": "Y", "Referral Date": D(2026, 3, 1)}),
            youth(4, **{"Discuss Next Meeting": "Y", "Referral Date": None}),
        ],
        [discussed(n) for n in (1, 2, 3, 4)],
        ["Y-0002", "Y-0001", "Y-0003", "Y-0004"],
    ),
    (
        "new: oldest referral first, then Youth ID",
        [
            youth(3, **{"Referral Date": D(2026, 11, 1)}),
            youth(1, **{"Referral Date": None}),
            youth(2, **{"Referral Date": D(2026, 11, 1)}),
            youth(4, **{"Referral Date": D(2026, 10, 1)}),
        ],
        [],
        ["Y-0004", "Y-0002", "Y-0003", "Y-0001"],
    ),
    (
        "urgent: Missing, then High, then court date (earliest first), then kinds, then ID",
        [
            youth(1, **{"Safety Level": "High"}),
            youth(2, **{"Safety Level": "High", "Custody Status": "Missing"}),
            youth(3, **{"Next Court Date": D(2026, 12, 9)}),
            youth(4, **{"Next Court Date": D(2026, 12, 4)}),
            youth(5, **{"Safety Level": "High"}),
            youth(
                6,
                **{
                    "Next Court Date": D(2026, 12, 4),
                    "Safety Level": "High",
                    "Custody Status": "Missing",
                },
            ),
        ],
        [discussed(n) for n in range(1, 7)],
        ["Y-0006", "Y-0002", "Y-0001", "Y-0005", "Y-0004", "Y-0003"],
    ),
    (
        "due: longest unreviewed first, then Youth ID",
        [youth(1), youth(2), youth(3), youth(4)],
        [
            discussed(1, D(2026, 10, 28)),
            discussed(2, D(2026, 9, 2)),
            discussed(3, D(2026, 10, 28)),
            discussed(4, D(2026, 11, 18), **{"Next Review Date": D(2026, 11, 30)}),
        ],
        ["Y-0002", "Y-0001", "Y-0003", "Y-0004"],
    ),
    (
        "priority beats every tie-break",
        [
            youth(1, **{"Referral Date": D(2020, 1, 1)}),
            youth(2, **{"Safety Level": "High", "Referral Date": D(2019, 1, 1)}),
            youth(3, **{"Discuss Next Meeting": "Y", "Referral Date": D(2026, 11, 1)}),
        ],
        [discussed(1, D(2025, 1, 1)), discussed(2), discussed(3)],
        ["Y-0003", "Y-0002", "Y-0001"],
    ),
]


@pytest.mark.parametrize(
    ("youths", "meetings", "expected"), [pytest.param(*row[1:], id=row[0]) for row in TIES]
)
def test_ties_are_broken_the_stated_way(youths, meetings, expected):
    agenda = agenda_of(book(youths, meetings))
    assert ids(agenda.items) == expected
    # the same order decides who waits: with one seat, the rest wait in that order
    squeezed = agenda_of(book(youths, meetings, Max_Youths_Per_Meeting=1))
    assert ids(squeezed.items + squeezed.waiting) == expected


def test_urgent_youths_come_missing_high_court_soonest_custody_then_actions_in_words():
    """Issue 16: a missing child first; among hearings the soonest first (those to come,
    then those just past); a custody change; an overdue action last. Ties as before."""
    youths = [
        youth(1),  # an overdue action
        youth(2, **{"Custody Change Date": D(2026, 11, 28)}),
        youth(3, **{"Next Court Date": D(2026, 12, 10), "Custody Change Date": D(2026, 11, 29)}),
        youth(4, **{"Next Court Date": D(2026, 12, 4)}),
        youth(5, **{"Next Court Date": D(2026, 11, 30)}),  # just past: follow-up
        youth(6, **{"Safety Level": "High"}),
        youth(7, **{"Custody Status": "Missing", "Custody Change Date": D(2026, 11, 27)}),
    ]
    late = {"Action Item": "Call the school", "Action Due": D(2026, 11, 20)}
    meetings = [discussed(n, **(late if n == 1 else {})) for n in range(1, 8)]
    expected = [
        ("Y-0007", ("Missing since 27 Nov",)),
        ("Y-0006", ("Safety level High",)),
        ("Y-0004", ("Court date 4 Dec",)),
        ("Y-0003", ("Court date 10 Dec", "Custody changed 29 Nov (now Home)")),
        ("Y-0005", ("Court date was 30 Nov",)),
        ("Y-0002", ("Custody changed 28 Nov (now Home)",)),
        ("Y-0001", ("Action 'Call the school' 12 days overdue",)),
    ]
    agenda = agenda_of(book(youths, meetings))
    assert [(i.youth_id, i.reasons) for i in agenda.items] == expected
    squeezed = agenda_of(book(youths, meetings, Max_Youths_Per_Meeting=1))
    assert ids(squeezed.items + squeezed.waiting) == [youth_id for youth_id, _ in expected]


# --- the cap ---------------------------------------------------------------------------


def test_at_most_max_youths_the_rest_wait_with_their_reasons():
    youths = [youth(n) for n in range(1, 21)]
    meetings = [
        discussed(n, D(2026, 9, 1) + pd.Timedelta(days=n).to_pytimedelta()) for n in range(1, 21)
    ]
    agenda = agenda_of(book(youths, meetings))
    assert ids(agenda.items) == [f"Y-{n:04d}" for n in range(1, 16)]
    assert ids(agenda.waiting) == [f"Y-{n:04d}" for n in range(16, 21)]
    assert agenda.waiting[0].reasons == ("Not discussed for 10 weeks",)
    assert agenda.notes == (
        "20 youths qualify but only 15 fit; the other 5 are on the waiting list, "
        "in order of priority.",
    )


def test_more_flagged_than_seats_keeps_flagged_first_and_says_so():
    flagged = [
        youth(n, **{"Discuss Next Meeting": "Y", "Referral Date": D(2026, 1, n)})
        for n in range(1, 19)
    ]
    urgent = [youth(n, **{"Custody Status": "Missing"}) for n in range(19, 22)]
    agenda = agenda_of(book(flagged + urgent, [discussed(n) for n in range(1, 22)]))
    assert ids(agenda.items) == [f"Y-{n:04d}" for n in range(1, 16)]
    assert ids(agenda.waiting) == [f"Y-{n:04d}" for n in range(16, 22)]
    assert agenda.notes == (
        "18 youths are flagged for discussion but only 15 fit; the 3 flagged last "
        "(most recent referral dates) are on the waiting list.",
    )


@pytest.mark.parametrize("typed", ["fifteen", None, 0, -3])
def test_a_cap_that_is_no_positive_number_falls_back_to_15(typed):
    youths = [youth(n, **{"Safety Level": "High"}) for n in range(1, 18)]
    agenda = agenda_of(
        book(youths, [discussed(n) for n in range(1, 18)], Max_Youths_Per_Meeting=typed)
    )
    assert (len(agenda.items), len(agenda.waiting)) == (15, 2)


# --- edge workbooks -----------------------------------------------------------------------


def test_an_empty_workbook_gives_an_empty_agenda_that_says_why():
    empty = Workbook(
        {YOUTHS.name: empty_frame(YOUTHS), MEETINGS.name: empty_frame(MEETINGS)},
        default_settings(),
        dict(LISTS),
    )
    agenda = agenda_of(empty)
    assert agenda == Agenda(
        MEETING,
        (),
        (),
        ("The Youths sheet has no active youths, so the agenda is empty.",),
        capacity(empty_frame(MEETINGS), (), MEETING),
    )
    # a workbook read without its Meetings sheet behaves the same
    assert agenda_of(empty.replace(frames={YOUTHS.name: empty_frame(YOUTHS)})) == agenda


def test_a_workbook_where_nobody_is_due_says_so():
    agenda = agenda_of(book([youth(1), youth(2)], [discussed(1), discussed(2)]))
    assert agenda.items == ()
    assert agenda.notes == ("No youth is flagged, new, urgent or due for review on 2 Dec.",)


def test_a_youth_id_on_two_rows_is_listed_once_and_noted():
    workbook = book([youth(1, **{"Safety Level": "High"}), youth(2), youth(1)], [discussed(2)])
    agenda = agenda_of(workbook)
    assert ids(agenda.items) == ["Y-0001"]
    assert agenda.notes[0] == (
        "Youth ID Y-0001 is on more than one row of the Youths sheet; the agenda uses row 2. "
        "Validate Entries lists the duplicates."
    )
    assert "Zelda" not in " ".join(agenda.notes)


def test_a_youth_referred_after_the_meeting_date_is_not_yet_a_case():
    """Issue 16: --date 2020-01-01 gave "15 youths (15 new cases)" referred in 2025-26."""
    youths = [youth(1, **{"Discuss Next Meeting": "Y", "Safety Level": "High"}), youth(2)]
    agenda = select_agenda(book(youths), D(2020, 1, 1), today=TODAY)
    assert (agenda.items, agenda.waiting) == ((), ())
    assert agenda.warnings == ("The meeting date 1 Jan 2020 is in the past.",)
    referred_on_the_day = book([youth(1, **{"Referral Date": MEETING})])
    assert ids(agenda_of(referred_on_the_day).items) == ["Y-0001"]


def test_a_past_meeting_date_is_noted():
    agenda = select_agenda(book([youth(1)]), D(2026, 11, 4), today=TODAY)
    assert agenda.notes[0] == "The meeting date 4 Nov is in the past."


def test_rerunning_after_print_packet_recorded_the_meeting_gives_the_same_agenda():
    youths = [youth(1), youth(2, **{"Safety Level": "High"}), youth(3)]
    meetings = [discussed(2), discussed(3, D(2026, 9, 30))]
    before = agenda_of(book(youths, meetings))
    recorded = [
        meeting(i.youth_id, MEETING, Section=i.section, Discussed=None) for i in before.items
    ]
    assert agenda_of(book(youths, meetings + recorded)) == before


# --- speed ------------------------------------------------------------------------------


def reference_size_book(youths: int = 3000, meetings: int = 8000, seed: int = 5) -> Workbook:
    """Random typed frames the size of SPEC's reference workbook (no names needed)."""
    rng = np.random.default_rng(seed)

    def days(n: int, start: str, span: int, blank: float = 0.0) -> pd.Series:
        stamps = pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, span, n), unit="D")
        return pd.Series(stamps).where(rng.random(n) >= blank).astype("datetime64[ns]").values

    def text(values) -> pd.arrays.StringArray:
        return pd.array(values, dtype="string")

    y = empty_frame(YOUTHS).reindex(pd.RangeIndex(2, youths + 2, name="row"))
    y["Youth ID"] = text([f"Y-{i:04d}" for i in range(youths)])
    y["First Name"], y["Last Name"] = text(["Zelda"] * youths), text(["Quux"] * youths)
    y["Date of Birth"] = days(youths, "2005-01-01", 3650)
    y["Referral Date"] = days(youths, "2016-01-01", 3980)
    y["Referral Source"] = text(["Probation"] * youths)
    y["Custody Status"] = text(rng.choice(LISTS["Custody Status"], youths))
    y["Custody Change Date"] = days(youths, "2025-06-01", 550, blank=0.3)
    y["Next Court Date"] = days(youths, "2026-06-01", 365, blank=0.5)
    y["Safety Level"] = text(rng.choice(LISTS["Safety Level"], youths))
    y["Discuss Next Meeting"] = pd.array(rng.random(youths) < 0.005, dtype="boolean")
    y["Status"] = text(np.where(rng.random(youths) < 0.7, "Closed", "Active"))
    m = empty_frame(MEETINGS).reindex(pd.RangeIndex(2, meetings + 2, name="row"))
    m["Meeting Date"] = days(meetings, "2016-06-01", 3830)
    m["Youth ID"] = text([f"Y-{i:04d}" for i in rng.integers(0, youths, meetings)])
    m["Discussed"] = pd.array(rng.random(meetings) < 0.9, dtype="boolean")
    m["Action Item"] = text(np.where(rng.random(meetings) < 0.5, "school enrolment", None))
    m["Action Due"] = days(meetings, "2016-06-01", 3860, blank=0.5)
    m["Action Done"] = pd.array(rng.random(meetings) < 0.8, dtype="boolean")
    m["Next Review Date"] = days(meetings, "2016-06-01", 3900, blank=0.6)
    return Workbook({YOUTHS.name: y, MEETINGS.name: m}, default_settings(), dict(LISTS))


def test_selection_at_the_reference_size_is_repeatable():
    workbook = reference_size_book()
    first = agenda_of(workbook)
    again = agenda_of(workbook)
    assert again == first and len(first.items) == 15 and first.waiting

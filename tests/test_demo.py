"""The invented workbook must look like a real program's, and stay valid and repeatable."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from helpers.properties import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetynet.computed import fill_computed
from safetynet.demo import generate
from safetynet.schema import DATA_SHEETS, LISTS, Kind, data_sheet
from safetynet.tables import empty_frame, frame_from_rows, rows_from_frame

TODAY = dt.date(2026, 11, 28)
NOW = pd.Timestamp(TODAY)
REFERENCE = {  # SPEC: ten years of a large county
    "Youths": 3000,
    "Referrals": 15000,
    "Meetings": 8000,
    "YWSP": 600,
    "Agencies": 60,
    "Members": 200,
}
MAY_BE_FUTURE = {"Next Court Date", "Action Due", "Next Review Date", "MOU Expires", "Expires"}


@pytest.fixture(scope="module")
def small():
    return generate(120, seed=7, today=TODAY)


@pytest.fixture(scope="module")
def reference():
    return generate(3000, seed=7, today=TODAY)


def prior_victimization(youths: pd.DataFrame) -> pd.Series:
    history = youths["Victimization History"]
    return youths["Risk: Prior Abuse"].fillna(False) & ~history.isin(["None known", "Unknown"])


def test_same_seed_and_day_give_the_same_workbook(small):
    again = generate(120, seed=7, today=TODAY)
    for name, frame in small.frames.items():
        pd.testing.assert_frame_equal(frame, again.frames[name], check_exact=True)
    assert again.settings == small.settings


def test_another_seed_gives_other_youths(small):
    other = generate(120, seed=8, today=TODAY)
    assert not small["Youths"]["Last Name"].equals(other["Youths"]["Last Name"])


def test_frames_are_typed_exactly_as_a_read_workbook(small):
    for sheet in DATA_SHEETS:
        frame = small[sheet.name]
        pd.testing.assert_series_equal(frame.dtypes, empty_frame(sheet).dtypes)
        assert frame.index.name == "row"
        assert frame.index.tolist() == list(range(2, len(frame) + 2))


def test_frames_survive_a_trip_through_cells(small):
    """Written to cells and read back (computed columns worked out again), each frame is
    what safetynet.tables would produce."""
    for sheet in DATA_SHEETS:
        frame = small[sheet.name]
        read, problems = frame_from_rows(sheet, [sheet.headers, *rows_from_frame(sheet, frame)])
        assert problems == []
        fill_computed({sheet.name: read}, small.settings, TODAY)
        pd.testing.assert_frame_equal(read, frame)


def test_reference_size_is_within_ten_percent(reference):
    for name, expected in REFERENCE.items():
        assert abs(len(reference[name]) - expected) <= 0.1 * expected, name


def test_rates_are_those_programs_report(reference):
    youths = reference["Youths"]
    assert youths["Risk: Runaway"].fillna(False).mean() == pytest.approx(0.60, abs=0.08)
    assert prior_victimization(youths).mean() == pytest.approx(0.75, abs=0.08)
    gender = youths["Gender"].value_counts(normalize=True)
    assert gender["Female"] > 0.8
    assert {"Male", "Transgender female"} <= set(gender.index)
    assert youths["Race/Ethnicity"].value_counts().index[0] == "Black/African American"


def test_youths_are_aged_11_to_19_and_mostly_13_to_17_at_referral(reference):
    youths = reference["Youths"]
    born, referred = youths["Date of Birth"], youths["Referral Date"]
    before_birthday = (referred.dt.month * 100 + referred.dt.day) < (
        born.dt.month * 100 + born.dt.day
    )
    age = referred.dt.year - born.dt.year - before_birthday.astype(int)
    assert age.between(11, 19).all()
    assert age.between(13, 17).mean() > 0.7


def test_ids_are_unique_and_every_reference_resolves(reference):
    youths, agencies = reference["Youths"], reference["Agencies"]
    assert youths["Youth ID"].is_unique and youths["Youth ID"].str.fullmatch(r"Y-\d{4}").all()
    referrals = reference["Referrals"]
    assert referrals["Referral ID"].is_unique
    assert referrals["Referral ID"].str.fullmatch(r"R-\d{5}").all()
    assert agencies["Agency"].is_unique and reference["Members"]["Name"].is_unique
    known_youths = set(youths["Youth ID"])
    for sheet in ("Referrals", "Meetings", "YWSP"):
        assert set(reference[sheet]["Youth ID"]) <= known_youths, sheet
    known_agencies = set(agencies["Agency"])
    for sheet in DATA_SHEETS:
        for column in sheet.columns:
            if column.kind is Kind.AGENCY or column.header == "Referred By":
                used = set(reference[sheet.name][column.header].dropna())
                assert used and used <= known_agencies, (sheet.name, column.header)


def test_no_youth_is_entered_twice(reference):
    youths = reference["Youths"]
    assert not youths.duplicated(["First Name", "Last Name", "Date of Birth"]).any()
    assert not youths.duplicated(["Last Name", "Date of Birth"]).any()


def test_values_come_from_the_lists(reference):
    for sheet in DATA_SHEETS:
        for column in sheet.columns:
            if column.kind is Kind.LIST:
                used = set(reference[sheet.name][column.header].dropna())
                assert used <= set(LISTS[column.list_name]), (sheet.name, column.header)


def test_required_fields_are_filled(reference):
    for sheet in DATA_SHEETS:
        for column in sheet.columns:
            if column.required:
                assert reference[sheet.name][column.header].notna().all(), (sheet.name, column)


def test_only_planned_dates_lie_in_the_future(reference):
    for sheet in DATA_SHEETS:
        for column in sheet.columns:
            if column.kind is Kind.DATE and column.header not in MAY_BE_FUTURE:
                dates = reference[sheet.name][column.header].dropna()
                assert (dates <= NOW).all(), (sheet.name, column.header)
    assert (reference["Youths"]["Next Court Date"].dropna() > NOW).all()


def test_dates_follow_each_youths_story(reference):
    youths = reference["Youths"].set_index("Youth ID")
    assert (youths["Referral Date"] > youths["Date of Birth"]).all()
    for sheet, column in (("Referrals", "Referral Date"), ("Meetings", "Meeting Date")):
        frame = reference[sheet]
        referred = youths["Referral Date"].reindex(frame["Youth ID"]).to_numpy()
        assert (frame[column].to_numpy() >= referred).all(), sheet
    meetings = reference["Meetings"]
    closed = youths["Closed Date"].reindex(meetings["Youth ID"]).to_numpy()
    after_closing = pd.notna(closed) & (meetings["Meeting Date"].to_numpy() > closed)
    assert not after_closing.any()


def test_closed_youths_have_a_date_and_a_reason_and_active_ones_none(reference):
    youths = reference["Youths"]
    closed = youths["Status"] == "Closed"
    assert closed.any() and (~closed).any()
    assert youths.loc[closed, ["Closed Date", "Closed Reason"]].notna().all().all()
    assert youths.loc[~closed, ["Closed Date", "Closed Reason"]].isna().all().all()
    assert not youths.loc[closed, "Discuss Next Meeting"].any()


def test_an_agenda_has_something_to_choose_from(small):
    """Flags, never-discussed referrals, long-unreviewed youths, court dates, overdue actions."""
    youths, meetings = small["Youths"], small["Meetings"]
    active = youths[youths["Status"] == "Active"]
    assert 1 <= active["Discuss Next Meeting"].sum() <= 8
    discussed = meetings[meetings["Discussed"].fillna(False)]
    last = discussed.groupby("Youth ID")["Meeting Date"].max()
    last_for_active = last.reindex(active["Youth ID"])
    assert last_for_active.isna().sum() >= 3
    assert ((NOW - last_for_active).dt.days >= 21).sum() >= 3  # due for review soon
    soon = (active["Next Court Date"] - NOW).dt.days.between(0, 14)
    assert soon.sum() >= 1
    assert set(active["Custody Status"]) >= {"In custody", "Home", "Missing"}
    overdue = (meetings["Action Due"] < NOW) & meetings["Action Done"].eq(False)
    assert 1 <= overdue.sum() <= 20


def test_meetings_fall_on_the_meeting_weekday_with_10_to_15_youths(small):
    meetings = small["Meetings"]
    assert set(meetings["Meeting Date"].dt.day_name()) == {small.settings["Meeting Weekday"]}
    per_meeting = meetings.groupby("Meeting Date").size()
    assert per_meeting.iloc[-20:].between(10, 15).all()
    assert (meetings["Meeting Date"] < NOW).all()


def test_ywsp_cohorts_start_on_saturdays_and_most_girls_complete(reference):
    ywsp = reference["YWSP"]
    assert set(ywsp["Start Date"].dt.day_name()) == {"Saturday"}
    assert ywsp.groupby("Cohort").size().between(8, 12).all()
    finished = ywsp[ywsp["Week 12"].notna()]
    assert finished["Completed"].mean() == pytest.approx(0.70, abs=0.1)
    assert "Girls Court" in set(ywsp["Referred By"])
    youths = reference["Youths"].set_index("Youth ID").loc[ywsp["Youth ID"]]
    assert youths["Gender"].isin(["Female", "Transgender female"]).all()
    assert youths["Girls Court"].all()


def test_a_few_agreements_are_lapsed_or_unsigned(reference):
    agencies, members = reference["Agencies"], reference["Members"]
    lapsed = agencies["MOU Expires"] < NOW
    assert 1 <= lapsed.sum() <= 0.1 * len(agencies)
    assert agencies.loc[lapsed, "Active"].all()
    unsigned = members["Confidentiality Signed"].isna()
    assert 1 <= unsigned.sum() <= 0.1 * len(members)
    # An active member without the form is a validation error: they wait as inactive.
    assert not members.loc[unsigned, "Active"].any()


def test_the_demo_validates_without_errors(small, reference):
    validation = pytest.importorskip("safetynet.core.validate")
    for book in (small, reference):
        errors = [p.sentence() for p in validation.validate(book, TODAY) if p.is_error]
        assert errors == []


@settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(youths=st.integers(1, 250), seed=st.integers(0, 2**32 - 1))
def test_any_size_and_seed_gives_a_consistent_workbook(youths, seed):
    book = generate(youths, seed=seed, today=TODAY)
    assert len(book["Youths"]) == youths
    known = set(book["Youths"]["Youth ID"])
    for sheet in ("Referrals", "Meetings", "YWSP"):
        assert set(book[sheet]["Youth ID"]) <= known
    for sheet in DATA_SHEETS:
        pd.testing.assert_series_equal(book[sheet.name].dtypes, empty_frame(sheet).dtypes)
    assert (book["Youths"]["Referral Date"] <= NOW).all()


def test_no_youths_is_refused():
    with pytest.raises(ValueError):
        generate(0, seed=7, today=TODAY)


def test_settings_name_the_invented_county_and_its_lead_agency(small):
    assert small.settings["County"] != "Example County"
    assert small.settings["Lead Agency"] in set(small["Agencies"]["Agency"])
    assert data_sheet("Youths").name in small.frames


def test_in_most_of_the_last_12_weeks_10_to_25_youths_qualify_as_at_a_county_table(small):
    from safetynet.demo.county import qualifying_by_week

    weekly = qualifying_by_week(small, TODAY)
    counts = [count for _day, count in weekly]
    assert len(counts) == 12 and weekly[-1][0] == dt.date(2026, 11, 25)
    assert sum(10 <= c <= 25 for c in counts) >= 8, counts
    assert max(counts) <= 30, counts


@pytest.mark.parametrize(
    ("system", "office", "expected"),
    [
        (
            "Windows",
            None,
            "Open SafetyNet.xlsm in Excel (double-click it in File Explorer), click Enable "
            "Content, and look at the Agenda, Dashboard, Monthly and Log sheets.",
        ),
        (
            "Darwin",
            None,
            'Open SafetyNet.xlsm in Excel (run: open "/d/SafetyNet.xlsm"), click Enable Macros, '
            "and look at the Agenda, Dashboard, Monthly and Log sheets.",
        ),
        (
            "Linux",
            "/usr/bin/libreoffice",
            "There is no Excel on this machine. To look at it here, run: libreoffice --calc "
            '"/d/SafetyNet.xlsm" (the buttons need Excel). Copy SafetyNet.xlsm to a Windows or '
            "Mac computer with Excel to use its buttons.",
        ),
        (
            "Linux",
            "",
            "There is no Excel on this machine. Copy SafetyNet.xlsm to a Windows or Mac "
            "computer with Excel to use its buttons.",
        ),
    ],
)
def test_the_demo_ends_by_saying_how_to_open_the_workbook_on_this_machine(system, office, expected):
    from pathlib import Path

    from safetynet.machine import how_to_open

    assert how_to_open(Path("/d/SafetyNet.xlsm"), system, office) == expected


def test_on_the_meeting_weekday_todays_meeting_is_held_so_the_next_agenda_is_one_week():
    """Build Agenda on a Wednesday prepares next Wednesday, taking today's as held; the demo
    holds it too, or its first agenda would have two weeks of youths (32 for 15 places)."""
    from safetynet.core.agenda import next_meeting_date, select_agenda

    wednesday = dt.date(2026, 12, 2)
    book = generate(120, seed=7, today=wednesday)
    assert book.frames["Meetings"]["Meeting Date"].max() == pd.Timestamp(wednesday)
    agenda = select_agenda(book, next_meeting_date(wednesday, "Wednesday"), today=wednesday)
    assert 10 <= len(agenda.items) + len(agenda.waiting) <= 25


def test_the_demo_prints_the_weekly_counts_and_ends_with_how_to_open_it(tmp_path):
    from safetynet.demo_cycle import run_demo
    from safetynet.machine import how_to_open

    lines = list(run_demo(tmp_path, today=TODAY, youths=40, pdf=False))
    [weekly] = [line for line in lines if line.startswith("Youths that qualified")]
    counts = weekly.removesuffix(".").split(": ")[1].split(", ")
    assert len(counts) == 12 and all(c.isdigit() for c in counts), weekly
    assert lines[-1] == how_to_open((tmp_path / "SafetyNet.xlsm").resolve())
    assert not any("lick " in line or "[[" in line for line in lines[:-1]), lines  # not Excel

"""Validation rules on small typed workbooks built inline."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from helpers.sample import TODAY, book, records, youth

from safetynet.core.validate import RULES, sort_problems, validate
from safetynet.core.validate.common import name_key
from safetynet.core.validate.identity import duplicate_youths
from safetynet.model import Problem, Severity
from safetynet.schema import YOUTHS


def places(problems, rule=None):
    return [(p.sheet, p.row, p.column) for p in problems if rule is None or p.rule == rule]


def test_the_sample_is_clean():
    assert validate(book(), TODAY) == []


def test_every_rule_has_the_one_signature_and_reads_only():
    workbook = book()
    before = {name: frame.copy() for name, frame in workbook.frames.items()}
    for rule in RULES:
        list(rule(workbook, TODAY))
    for name, frame in workbook.frames.items():
        assert frame.equals(before[name]), name


def test_errors_come_first_then_sheet_row_and_column_order():
    data = records()
    data["Members"][0]["Confidentiality Signed"] = None  # error, Members
    data["Youths"][1]["Gender"] = "female"  # error, Youths row 3
    data["Youths"][0]["Closed Reason"] = "Other"  # fine
    data["Youths"][0]["Closed Date"] = dt.date(2026, 5, 1)  # warning, Youths row 2
    data["Youths"][1]["Race/Ethnicity"] = None  # error, Youths row 3, a later column
    found = validate(book(data), TODAY)
    assert [(p.severity, p.sheet, p.row, p.column) for p in found] == [
        (Severity.ERROR, "Youths", 3, "Gender"),
        (Severity.ERROR, "Youths", 3, "Race/Ethnicity"),
        (Severity.ERROR, "Members", 2, "Confidentiality Signed"),
        (Severity.WARNING, "Youths", 2, "Closed Date"),
    ]


def test_lists_edited_by_staff_are_honoured():
    data = records()
    data["Youths"][0]["Gender"] = "Two-spirit"
    workbook = book(data)
    assert places(validate(workbook, TODAY)) == [("Youths", 2, "Gender")]
    lists = dict(workbook.lists)
    lists["Gender"] = (*lists["Gender"], "Two-spirit")
    assert validate(workbook.replace(lists=lists), TODAY) == []


@pytest.mark.parametrize(
    ("header", "value", "severity"),
    [
        ("Gender", "F", Severity.ERROR),
        ("Safety Level", "Very high", Severity.ERROR),
        ("Exploitation Type", "Pimp", Severity.WARNING),
        ("Closed Reason", "Moved", Severity.WARNING),
    ],
)
def test_a_value_off_the_list_is_an_error_only_where_it_is_counted(header, value, severity):
    data = records()
    data["Youths"][0][header] = value
    (problem,) = validate(book(data), TODAY)
    assert (problem.column, problem.severity, problem.value) == (header, severity, value)
    if YOUTHS.column(header).identifying:  # never quoted, wherever the message goes
        assert value not in problem.message and "{value}" not in problem.message
        assert problem.message.startswith("This value is not one of the choices")
    else:
        assert f'"{value}"' in problem.message


def test_a_value_off_by_case_suggests_the_exact_choice():
    data = records()
    data["Referrals"][0]["Service"] = "mental HEALTH"
    (problem,) = validate(book(data), TODAY)
    assert 'Choose "Mental health"' in problem.fix


def test_dates_are_checked_against_birth_on_other_sheets():
    data = records()
    data["Meetings"][1]["Meeting Date"] = dt.date(2009, 1, 7)  # Y-0002 born 2010
    found = validate(book(data), TODAY)
    assert places(found, "date-order") == [("Meetings", 3, "Meeting Date")]


@pytest.mark.parametrize("born", [dt.date(2062, 5, 17), dt.date(1926, 5, 17)])
def test_a_wrong_birth_date_is_reported_once_not_once_per_later_date(born):
    data = records()
    data["Youths"][1]["Date of Birth"] = born  # Y-0002, who has referrals and meetings
    for n in range(30):
        data["Meetings"].append(
            {**data["Meetings"][1], "Meeting Date": dt.date(2026, 1, 7) + dt.timedelta(weeks=n)}
        )
    found = [p for p in validate(book(data), TODAY) if p.is_error]
    assert [(p.sheet, p.row, p.column, p.rule) for p in found] == [
        ("Youths", 3, "Date of Birth", "date-range")
    ]


def test_a_birth_date_after_the_referral_is_reported_once_not_on_every_earlier_meeting():
    """A past but wrong year (2026 for 2010): the Youths row says so; the Referrals and
    Meetings rows dated before it are not each an error of their own."""
    data = records()
    data["Youths"][1]["Date of Birth"] = dt.date(2026, 6, 15)  # Y-0002, referred 2 Mar 2026
    for n in range(30):
        data["Meetings"].append(
            {**data["Meetings"][1], "Meeting Date": dt.date(2026, 3, 11) + dt.timedelta(weeks=n)}
        )
    found = [p for p in validate(book(data), TODAY) if p.is_error]
    assert [(p.sheet, p.row, p.column, p.rule) for p in found] == [
        ("Youths", 3, "Referral Date", "date-order")
    ]
    assert "2026" not in found[0].message  # the birth date stays out of the text


@pytest.mark.parametrize(
    ("born", "flagged"), [(2021, True), (2017, False), (2002, False), (1996, True)]
)
def test_unusual_ages_at_referral_are_flagged(born, flagged):
    data = records()
    data["Youths"][0]["Date of Birth"] = dt.date(born, 1, 10)
    found = [p for p in validate(book(data), TODAY) if p.rule == "age-at-referral"]
    assert bool(found) is flagged
    if found:
        assert str(born) not in found[0].message  # the birth date stays out of the text


def test_a_blank_youth_id_is_not_a_dangling_reference_and_not_a_crash():
    data = records()
    data["Youths"][0]["Youth ID"] = None
    found = validate(book(data), TODAY)
    assert ("Youths", 2, "Youth ID") in places(found, "required")
    assert ("Referrals", 2, "Youth ID") in places(found, "unknown-youth")


def test_a_youth_id_in_the_wrong_case_suggests_the_right_one():
    data = records()
    data["Meetings"][0]["Youth ID"] = "y-0001"
    (problem,) = validate(book(data), TODAY)
    assert problem.rule == "unknown-youth" and "Y-0001" in problem.fix


def test_rules_skip_sheets_the_caller_did_not_load():
    workbook = book()
    only_youths = workbook.replace(frames={"Youths": workbook.frames["Youths"]})
    assert validate(only_youths, TODAY) == []


def test_overdue_actions_skip_closed_youths_and_done_ones():
    data = records()
    data["Meetings"][1].update(
        {
            "Action Item": "Call",
            "Action Owner": "County Probation",
            "Action Due": dt.date(2026, 4, 1),
        }
    )
    assert places(validate(book(data), TODAY), "overdue-action") == [("Meetings", 3, "Action Due")]
    data["Youths"][1].update(
        {"Status": "Closed", "Closed Date": dt.date(2026, 6, 1), "Closed Reason": "Aged out"}
    )
    assert places(validate(book(data), TODAY), "overdue-action") == []


def test_ywsp_attendance_for_saturdays_still_to_come():
    data = records()
    data["YWSP"][0]["Start Date"] = dt.date(2026, 10, 31)  # a Saturday; week 5 is Nov 28
    found = places(validate(book(data), TODAY), "ywsp-future")
    assert found == [("YWSP", 2, f"Week {n}") for n in range(5, 13)]


def test_inactive_members_need_no_form():
    data = records()
    data["Members"][0].update({"Confidentiality Signed": None, "Active": "N"})
    assert validate(book(data), TODAY) == []


def test_a_youth_id_holding_the_name_never_quotes_it():
    data = records()
    data["Youths"][0]["Youth ID"] = "ROWE-01"  # Y-0001 is Bea Rowe
    data["Referrals"][0]["Youth ID"] = "ROWE-01"
    data["Meetings"][0]["Youth ID"] = "ROWE-01"
    (problem,) = validate(book(data), TODAY)
    assert problem.rule == "id-holds-name"
    assert "rowe" not in (problem.message + problem.fix).casefold()


def test_reading_problems_are_included_and_their_echoes_dropped():
    unreadable = Problem(
        "Youths", 2, "Referral Date", "soon", "This is not a date.", rule="readable-value"
    )
    data = records()
    data["Youths"][0]["Referral Date"] = None  # what the reader leaves behind
    found = validate(book(data).replace(problems=(unreadable,)), TODAY)
    assert found == [unreadable]


def test_settings_out_of_range_are_warnings_on_the_settings_sheet():
    workbook = book()
    settings = {**workbook.settings, "Max Youths Per Meeting": 0, "Meeting Weekday": "Funday"}
    found = validate(workbook.replace(settings=settings), TODAY)
    assert [(p.sheet, p.column, p.severity) for p in found] == [
        ("Settings", "Meeting Weekday", Severity.ERROR),
        ("Settings", "Max Youths Per Meeting", Severity.WARNING),
    ]


def test_sort_is_stable_for_problems_without_a_row():
    whole = Problem("Youths", None, None, None, "x", Severity.WARNING)
    cell = Problem("Youths", 2, "Youth ID", None, "y", Severity.WARNING)
    assert sort_problems([cell, whole]) == [whole, cell]


# --- the same youth under two IDs ----------------------------------------------------------


def pair(first: dict, second: dict) -> list[Problem]:
    data = records()
    data["Youths"] = [youth(1, **first), youth(2, **second)]
    return list(duplicate_youths(book(data), TODAY))


BORN = dt.date(2010, 4, 7)


@pytest.mark.parametrize(
    ("other_name", "other_birth"),
    [
        (("Maria", "Lopez"), BORN),  # identical
        (("MARÍA", "lópez "), BORN),  # accents, case, spacing
        (("Lopez", "Maria"), BORN),  # first and last swapped
        (("Maria", "Lopez-Garcia"), BORN),  # hyphenated surname
        (("Maria", "Lopes"), dt.date(2010, 4, 8)),  # a letter and a day off
        (("Maria", "Lopez"), dt.date(2010, 7, 4)),  # day and month swapped
        (("Maria", "Lopez"), dt.date(2011, 4, 7)),  # the year off by one
    ],
)
def test_the_same_youth_twice_is_found(other_name, other_birth):
    found = pair(
        {"First Name": "Maria", "Last Name": "Lopez", "Date of Birth": BORN},
        {"First Name": other_name[0], "Last Name": other_name[1], "Date of Birth": other_birth},
    )
    assert len(found) == 1
    problem = found[0]
    assert (problem.row, problem.column) == (3, "Youth ID")
    assert "Y-0001" in problem.message and "Y-0002" in problem.message
    assert "row 2" in problem.message and "row 3" in problem.message
    assert "maria" not in problem.message.casefold() and "lopez" not in problem.message.casefold()


@pytest.mark.parametrize(
    ("other_name", "other_birth"),
    [
        (("Ana", "Lopez"), BORN),  # a sister? twins share birth dates and surnames
        (("Maria", "Lopez"), dt.date(2010, 9, 7)),  # birth dates too far apart
        (("Keisha", "Brown"), BORN),  # another youth born the same day
    ],
)
def test_different_youths_are_not_reported(other_name, other_birth):
    assert (
        pair(
            {"First Name": "Maria", "Last Name": "Lopez", "Date of Birth": BORN},
            {"First Name": other_name[0], "Last Name": other_name[1], "Date of Birth": other_birth},
        )
        == []
    )


def test_an_exact_match_is_an_error_and_a_near_one_a_warning():
    same = pair(
        {"Date of Birth": BORN}, {"First Name": "Bea", "Last Name": "Rowe", "Date of Birth": BORN}
    )
    near = pair(
        {"Date of Birth": BORN},
        {"First Name": "Bea", "Last Name": "Rowe", "Date of Birth": dt.date(2010, 4, 8)},
    )
    assert [p.severity for p in same] == [Severity.ERROR]
    assert [p.severity for p in near] == [Severity.WARNING]


def test_name_keys_forgive_spelling_habits():
    assert name_key("  José   DÍAZ-Ruiz ") == "jose diaz ruiz"
    assert name_key("O'Brien") == "o brien"
    assert name_key("Мария") == "мария"


def test_many_youths_born_close_together_are_each_paired_once():
    many = [
        youth(
            n,
            **{
                "First Name": f"Name{n % 997}",
                "Last Name": f"Family{n % 331}",
                "Date of Birth": dt.date(2009, 1, 1) + dt.timedelta(days=n % 200),
            },
        )
        for n in range(1, 3001)
    ]
    data = records()
    data["Youths"] = many
    workbook = book(data)
    found = list(duplicate_youths(workbook, TODAY))
    pairs = {frozenset(p.message.split(" have ")[0].split(" and ")) for p in found}
    assert found and len(pairs) == len(found)


@pytest.mark.parametrize(
    ("sheet", "index", "header", "value", "rule"),
    [
        ("Members", 0, "Email", "pat.lee@da", "email-format"),
        ("Agencies", 1, "Email", "intake @brcc.org", "email-format"),
        ("Youths", 0, "ZIP", "2134", "zip-format"),  # the leading zero Excel dropped
        ("Youths", 1, "ZIP", "Oakland", "zip-format"),
    ],
)
def test_addresses_the_program_uses_are_in_a_usable_format(sheet, index, header, value, rule):
    data = records()
    data[sheet][index][header] = value
    (problem,) = validate(book(data), TODAY)
    assert (problem.sheet, problem.row, problem.column, problem.rule) == (
        sheet,
        index + 2,
        header,
        rule,
    )


def test_good_addresses_pass():
    data = records()
    data["Members"][0]["Email"] = "pat.lee@da.example.gov"
    data["Youths"][0]["ZIP"] = "02134"
    data["Youths"][1]["ZIP"] = "94607-1234"
    assert validate(book(data), TODAY) == []


def test_the_same_name_with_a_missing_birth_date_is_a_warning():
    data = records()
    data["Youths"].append(
        youth(9, **{"First Name": "rowe", "Last Name": "BEA", "Date of Birth": None})
    )
    found = [p for p in validate(book(data), TODAY) if p.rule == "duplicate-youth"]
    assert [(p.row, p.severity) for p in found] == [(5, Severity.WARNING)]
    assert "Y-0009" in found[0].message and "Y-0001" in found[0].message


def test_birth_dates_at_the_edge_of_the_calendar_do_not_break_the_duplicate_check():
    workbook = book()
    youths = workbook.frames["Youths"].copy()
    youths["Date of Birth"] = pd.Series(
        [pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D"), pd.NaT],
        index=youths.index,
        dtype=youths["Date of Birth"].dtype,
    )
    edged = workbook.replace(frames={**workbook.frames, "Youths": youths})
    assert list(duplicate_youths(edged, TODAY)) == []
    assert {p.rule for p in validate(edged, TODAY)} >= {"date-range"}

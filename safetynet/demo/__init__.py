"""A workbook of invented but believable data, for demonstrations, tests and benchmarks.

Nothing in it is real: names come from Faker's lists, the county and its
agencies are fiction. The same seed and the same ``today`` give the same
workbook, row for row.

How it scales with ``youths`` (SPEC's reference is ten years of a large county):

==============  ======================  ==============================
sheet           rows                    at 120 / 3,000 youths
==============  ======================  ==============================
years covered   youths / 300, 1 to 10   1 / 10
Referrals       5 per youth             600 / 15,000
Meetings        10-15 a week (weekly)   ~600 / ~7,500
YWSP            cohorts of 8-12         3 cohorts / 60 cohorts (~600)
Agencies        16, rising to 60        16 / 60
Members         2-5 per agency          ~53 / ~200
==============  ======================  ==============================

Beyond 3,000 youths the years stay at ten and everything else grows in
proportion (a stress test, larger than any county): meetings then hold more
than 15 youths each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..computed import fill_computed
from ..model import Workbook
from ..schema import LISTS, default_settings
from .agencies import make_agencies, make_members
from .base import Clock
from .casework import make_meetings, make_referrals
from .words import COUNTY, MAIN_CITY
from .youths import make_youths
from .ywsp import make_ywsp

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
REFERRALS_PER_YOUTH = 5
REFERENCE_YOUTHS = 3000


@dataclass(frozen=True)
class Scale:
    """How big each part of the workbook is for a number of youths."""

    youths: int
    span_days: int  # how far back the first referral goes
    referrals: int
    density: float  # multiplies the 10-15 youths a meeting beyond the reference size

    @classmethod
    def for_youths(cls, youths: int) -> Scale:
        years = min(10.0, max(1.0, youths / 300))
        return cls(
            youths=youths,
            span_days=round(years * 365.25),
            referrals=REFERRALS_PER_YOUTH * youths,
            density=max(1.0, youths / REFERENCE_YOUTHS),
        )


def generate(youths: int, seed: int, today: dt.date) -> Workbook:
    """Invented youths, referrals, meetings, YWSP cohorts, agencies and members.

    Frames are typed exactly as ``safetynet.tables`` reads them from a workbook.
    """
    if youths < 1:
        raise ValueError("A demo workbook needs at least one youth.")
    scale = Scale.for_youths(youths)
    clock = Clock(today)
    settings = demo_settings()
    weekday = WEEKDAYS.index(str(settings["Meeting Weekday"]))

    def stream(part: int) -> np.random.Generator:
        # One generator per sheet, so a change in one sheet leaves the others as they were.
        return np.random.default_rng([seed, part])

    agencies = make_agencies(stream(1), clock, youths)
    members = make_members(stream(2), clock, agencies)
    people = make_youths(stream(3), clock, youths, scale.span_days, agencies)
    referrals = make_referrals(stream(4), clock, people, agencies, scale.referrals)
    meetings = make_meetings(
        stream(5), clock, people, agencies, scale.span_days, weekday, scale.density
    )
    ywsp = make_ywsp(stream(6), clock, people, agencies, scale.span_days)
    facilitator = members[members["Agency"] == agencies.first_of_kind("da")]["Name"].iloc[0]
    settings["Facilitator"] = f"{facilitator}, Deputy District Attorney"

    frames = {
        "Youths": people.frame,
        "Referrals": referrals,
        "Meetings": meetings,
        "YWSP": ywsp,
        "Agencies": agencies.frame,
        "Members": members,
    }
    fill_computed(frames, settings, today)
    return Workbook(frames, settings, dict(LISTS))


def demo_settings() -> dict[str, object]:
    settings = default_settings()
    settings.update(
        {
            "County": COUNTY,
            "Program Name": f"{MAIN_CITY} SafetyNet",
            "Lead Agency": f"{COUNTY} District Attorney's Office",
            "Meeting Location": f"{MAIN_CITY} Family Justice Center, Conference Room B",
        }
    )
    return settings


__all__ = ["Scale", "generate"]

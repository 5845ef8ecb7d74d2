"""Invented partner agencies and the members who sit at the table for them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..schema import AGENCIES, MEMBERS
from .base import NO_DAY, Clock, domain_for, email_for, full_names, name_pools, typed_frame, yes_no
from .words import CITIES, COUNTY, MAIN_CITY, ROLES

GIRLS_COURT = "Girls Court"
MEMBERS_PER_AGENCY = 10 / 3  # SPEC: 200 members for 60 agencies

# The ~16 agencies at the table: (name, type, kind). ``kind`` says what the
# agency does, which decides its members' roles and the work it is given.
CORE: tuple[tuple[str, str, str], ...] = (
    (f"{COUNTY} District Attorney's Office", "Government", "da"),
    (f"{COUNTY} Public Defender", "Government", "defense"),
    (f"{COUNTY} Probation Department", "Government", "probation"),
    (f"{COUNTY} Social Services Agency", "Government", "social"),
    (f"{MAIN_CITY} Rape Crisis Center", "Community-based", "advocacy"),
    (f"{COUNTY} Children's Forensic Interview Center", "Government", "forensic"),
    (f"{MAIN_CITY} Children's Hospital", "Health", "health"),
    (f"{COUNTY} Medical Center", "Health", "health"),
    (GIRLS_COURT, "Government", "court"),
    (f"{COUNTY} Behavioral Health Services", "Health", "health"),
    (f"{COUNTY} Office of Education", "Education", "education"),
    (f"{MAIN_CITY} Police Department", "Government", "police"),
    ("Safe Harbor Youth Shelter", "Community-based", "other"),
    ("New Dawn Survivor Mentoring", "Community-based", "advocacy"),
    (f"{COUNTY} Youth Legal Aid", "Other", "defense"),
    ("Bright Path Youth Services", "Community-based", "other"),
)

# Further agencies a large county works with: "{city}" patterns, then "{last}" ones.
CITY_PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("{city} Family Resource Center", "Community-based", "other"),
    ("{city} Youth Advocacy Project", "Community-based", "advocacy"),
    ("Boys & Girls Club of {city}", "Community-based", "other"),
    ("{city} Community Clinic", "Health", "health"),
    ("{city} Teen Health Center", "Health", "health"),
    ("{city} Unified School District", "Education", "education"),
    ("{city} Police Department", "Government", "police"),
    ("{city} Counseling Collaborative", "Health", "health"),
    ("{city} Youth Shelter", "Community-based", "other"),
    ("{city} Legal Clinic", "Other", "defense"),
    ("{city} Interfaith Council", "Other", "other"),
)
NAME_PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("{last} Family Foundation", "Community-based", "other"),
    ("{last} House", "Community-based", "advocacy"),
    ("{last} Youth Center", "Community-based", "other"),
)


@dataclass(frozen=True)
class Agencies:
    frame: pd.DataFrame
    names: np.ndarray  # object array of agency names, in frame order
    kinds: np.ndarray  # object array of kinds ("da", "health", ...)
    at_table: np.ndarray  # bool: one of the ~16 core agencies
    domains: np.ndarray  # each agency's fictional e-mail domain

    def first_of_kind(self, kind: str) -> str:
        return str(self.names[np.flatnonzero(self.kinds == kind)[0]])


def agency_count(youths: int) -> int:
    """16 at the table up to a year of a small county, 60 at the reference size, linear beyond."""
    if youths <= 120:
        return len(CORE)
    if youths <= 3000:
        return round(len(CORE) + (60 - len(CORE)) * (youths - 120) / 2880)
    return round(60 * youths / 3000)


def agency_plan(count: int) -> list[tuple[str, str, str]]:
    plan = list(CORE)
    for pattern, kind_type, kind in CITY_PATTERNS:
        for city, *_ in CITIES:
            name = pattern.format(city=city)
            if name not in {p[0] for p in plan}:
                plan.append((name, kind_type, kind))
    seen = {p[0] for p in plan}
    for last in name_pools().last:
        if len(plan) >= count:
            break
        for pattern, kind_type, kind in NAME_PATTERNS:
            name = pattern.format(last=last)
            if name not in seen:
                seen.add(name)
                plan.append((name, kind_type, kind))
    core, extra = plan[: len(CORE)], plan[len(CORE) :]
    # Interleave the extras so a mid-sized county gets a mix, not only family resource centers.
    order = sorted(range(len(extra)), key=lambda i: (i % len(CITIES), i))
    return core + [extra[i] for i in order][: max(0, count - len(CORE))]


def make_agencies(rng: np.random.Generator, clock: Clock, youths: int) -> Agencies:
    plan = agency_plan(agency_count(youths))
    n = len(plan)
    names = np.array([p[0] for p in plan], dtype=object)
    types = np.array([p[1] for p in plan], dtype=object)
    kinds = np.array([p[2] for p in plan], dtype=object)
    at_table = np.arange(n) < len(CORE)

    contacts = full_names(rng, n)
    domains = unique_domains(names)
    emails = [email_for(c, d) for c, d in zip(contacts, domains, strict=True)]
    phones = [f"(707) 555-01{i % 100:02d}" for i in range(n)]

    # Most MOUs run three years and are current; a few have lapsed; some extras never signed.
    expires = rng.integers(30, 900, n)
    lapsed = rng.choice(n, size=max(2, round(n * 0.05)), replace=False)
    expires[lapsed] = -rng.integers(10, 200, len(lapsed))
    signed = expires - 3 * 365
    unsigned = ~at_table & (rng.random(n) < 0.2)
    unsigned[lapsed] = False
    signed = np.where(unsigned, NO_DAY, signed)
    expires = np.where(unsigned, NO_DAY, expires)
    active = at_table | (rng.random(n) < 0.9)
    active[lapsed] = True  # a lapsed MOU matters only for an agency still at the table

    frame = typed_frame(
        AGENCIES,
        {
            "Agency": names,
            "Type": types,
            "Contact Name": np.array(contacts, dtype=object),
            "Email": np.array(emails, dtype=object),
            "Phone": np.array(phones, dtype=object),
            "MOU Signed": clock.dates(signed),
            "MOU Expires": clock.dates(expires),
            "Active": yes_no(active),
        },
        n,
    )
    return Agencies(frame, names, kinds, at_table, domains)


def unique_domains(names: np.ndarray) -> np.ndarray:
    """One fictional e-mail domain per agency; initials that clash get a number."""
    domains, seen = [], set()
    for name in names:
        stem = domain_for(str(name)).removesuffix(".example")
        candidate, number = stem, 1
        while candidate in seen:
            number += 1
            candidate = f"{stem}{number}"
        seen.add(candidate)
        domains.append(f"{candidate}.example")
    return np.array(domains, dtype=object)


def make_members(rng: np.random.Generator, clock: Clock, agencies: Agencies) -> pd.DataFrame:
    """At least two members per agency, 200 for the reference 60; a few without a signed form."""
    count = len(agencies.names)
    weights = np.where(agencies.at_table, 2.0, 1.0)
    per_agency = 2 + rng.multinomial(
        round(count * MEMBERS_PER_AGENCY) - 2 * count, weights / weights.sum()
    )
    agency_of = np.repeat(np.arange(len(agencies.names)), per_agency)
    n = len(agency_of)
    names = full_names(rng, n, taken=set(agencies.frame["Contact Name"].dropna()))
    roles = np.array(
        [ROLES[k][rng.integers(len(ROLES[k]))] for k in agencies.kinds[agency_of]], dtype=object
    )
    emails = [email_for(m, agencies.domains[a]) for m, a in zip(names, agency_of, strict=True)]
    signed = -rng.integers(20, 1500, n)
    missing = rng.choice(n, size=max(2, round(n * 0.03)), replace=False)
    signed[missing] = NO_DAY
    # Members of an agency that left the table are inactive too. A member whose form is
    # not signed yet waits as inactive: an active one without it is a validation error.
    active = (rng.random(n) < 0.92) & agencies.frame["Active"].to_numpy(dtype=bool)[agency_of]
    active[missing] = False
    return typed_frame(
        MEMBERS,
        {
            "Name": np.array(names, dtype=object),
            "Agency": agencies.names[agency_of],
            "Role": roles,
            "Email": np.array(emails, dtype=object),
            "Confidentiality Signed": clock.dates(signed),
            "Active": yes_no(active),
        },
        n,
    )

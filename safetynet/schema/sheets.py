"""The workbook's sheets: each data sheet column by column, the others by name, their order.

The only place a SPEC header is spelled (``tests/test_schema_spelling.py``
counts the header literals anywhere else).
"""

from __future__ import annotations

from .columns import Column, Kind, Sheet
from .synonyms import synonyms_of

RISK_FACTORS: tuple[str, ...] = (
    "Runaway",
    "Substance Use",
    "School Disengagement",
    "Prior Abuse",
    "Foster Care History",
    "Homelessness",
    "Gang Involvement",
    "Family Violence",
)

YWSP_WEEKS = 12


def _c(header: str, kind: Kind, required: bool = False, **kw: object) -> Column:
    return Column(header, kind, required, synonyms=synonyms_of(header), **kw)  # type: ignore[arg-type]


def _list(header: str, list_name: str | None = None, required: bool = False, **kw) -> Column:
    return Column(
        header,
        Kind.LIST,
        required,
        list_name=list_name or header,
        synonyms=synonyms_of(header),
        **kw,
    )


YOUTHS = Sheet(
    "Youths",
    table="Youths",
    key="Youth ID",
    description="One row per youth the table has discussed or will discuss.",
    columns=(
        _c(
            "Youth ID",
            Kind.ID,
            True,
            help="A short code, never a name: e.g. Y-0001.",
            width=10,
            agenda="select",
        ),
        _c("First Name", Kind.TEXT, True, width=13, identifying=True),
        _c("Last Name", Kind.TEXT, True, width=15, identifying=True),
        _c(
            "Date of Birth",
            Kind.DATE,
            True,
            help="A real date, month first: e.g. 3/14/2010.",
            width=12,
            agenda="read",
            identifying=True,
        ),
        _c(
            "Age",
            Kind.COMPUTED,
            width=6,
            formula=(
                '=IF(Youths[@[Date of Birth]]="","",DATEDIF(Youths[@[Date of Birth]],TODAY(),"y"))'
            ),
            help="Worked out from Date of Birth.",
        ),
        _list("Gender", required=True, width=12),
        _list("Race/Ethnicity", required=True, width=22, identifying=True),
        _c("Primary Language", Kind.TEXT, width=12, identifying=True),
        _c("City", Kind.TEXT, width=13, identifying=True),
        _c("ZIP", Kind.TEXT, width=8, identifying=True),
        _c(
            "Referral Date",
            Kind.DATE,
            True,
            help="The day the table received the referral.",
            width=12,
            agenda="read",
            identifying=True,
        ),
        _c(
            "Referral Source",
            Kind.AGENCY,
            True,
            help="The agency that referred the youth.",
            width=22,
            identifying=True,
        ),
        _list("Exploitation Status", required=True, width=13),
        _list("Custody Status", required=True, width=12, agenda="select"),
        _c(
            "Custody Change Date",
            Kind.DATE,
            help="When the custody status last changed.",
            width=12,
            agenda="read",
            identifying=True,
        ),
        _c("Probation", Kind.YN, width=9),
        _c("Child Welfare", Kind.YN, width=9),
        _c("Girls Court", Kind.YN, width=9),
        _c("Case Number", Kind.TEXT, width=13, identifying=True),
        _c("Charges", Kind.LONG_TEXT, width=18, identifying=True),
        _c("Next Court Date", Kind.DATE, width=12, agenda="read", identifying=True),
        _c("Attorney", Kind.TEXT, width=15, identifying=True),
        _list("Safety Level", required=True, width=9, agenda="select"),
        _c("Current Safety Concerns", Kind.LONG_TEXT, width=30, identifying=True),
        _c("Past Safety Concerns", Kind.LONG_TEXT, width=30, identifying=True),
        *(_c(f"Risk: {r}", Kind.YN, width=9) for r in RISK_FACTORS),
        _list("Victimization History", width=18, identifying=True),
        _list("Exploitation Type", width=18, identifying=True),
        _c(
            "Advocate",
            Kind.TEXT,
            help="The advocate or case manager who knows the youth.",
            width=15,
            identifying=True,
        ),
        _c(
            "Discuss Next Meeting",
            Kind.YN,
            help="Y puts the youth on the next agenda, ahead of everyone else.",
            width=10,
            agenda="select",
        ),
        _list("Status", "Youth Status", required=True, width=8, agenda="select"),
        _c("Closed Date", Kind.DATE, width=12, agenda="read"),
        _list("Closed Reason", width=18),
        _c("Notes", Kind.LONG_TEXT, width=30, identifying=True),
    ),
)

REFERRALS = Sheet(
    "Referrals",
    table="Referrals",
    key="Referral ID",
    description="Services the table refers a youth to, and what became of them.",
    columns=(
        _c("Referral ID", Kind.ID, True, help="A short code: e.g. R-00001.", width=11),
        _c("Youth ID", Kind.ID, True, help="The Youth ID on the Youths sheet.", width=10),
        _c("Referral Date", Kind.DATE, True, width=12),
        _list("Service", required=True, width=20),
        _c("Referred To", Kind.AGENCY, True, width=24),
        _c("Referred By", Kind.AGENCY, width=24),
        _list("Status", "Referral Status", required=True, width=11),
        _c("Outcome Date", Kind.DATE, width=12),
        _c("Notes", Kind.LONG_TEXT, width=30, identifying=True),
    ),
)

MEETINGS = Sheet(
    "Meetings",
    table="Meetings",
    description="One row per youth per weekly case review.",
    columns=(
        _c("Meeting Date", Kind.DATE, True, width=12, agenda="select"),
        _c("Youth ID", Kind.ID, True, width=10, agenda="select"),
        _list("Section", required=True, width=13),
        _c("Selection Reason", Kind.LONG_TEXT, width=28, identifying=True),
        _c("Discussed", Kind.YN, width=9),
        _c("Decisions", Kind.LONG_TEXT, width=30, identifying=True),
        _c("Safety Plan", Kind.YN, width=8),
        _c("Aftercare Plan", Kind.YN, width=9),
        _c("Action Item", Kind.LONG_TEXT, width=26, identifying=True),
        _c("Action Owner", Kind.AGENCY, help="The agency that will do it.", width=22),
        _c("Action Due", Kind.DATE, width=12, agenda="read"),
        _c("Action Done", Kind.YN, width=8, agenda="select"),
        _c("Next Review Date", Kind.DATE, width=12, agenda="read"),
    ),
)

_WEEK_COLUMNS = tuple(_list(f"Week {n}", "Attendance", width=9) for n in range(1, YWSP_WEEKS + 1))
YWSP_WEEK_HEADERS: tuple[str, ...] = tuple(c.header for c in _WEEK_COLUMNS)

YWSP = Sheet(
    "YWSP",
    table="YWSP",
    description="Young Women's Saturday Program: one row per participant per cohort.",
    columns=(
        _c("Cohort", Kind.TEXT, True, help="The cohort's name, e.g. 2026 Spring.", width=12),
        _c("Youth ID", Kind.ID, True, width=10),
        _c("Referred By", Kind.AGENCY, width=20),
        _c("Start Date", Kind.DATE, True, help="The cohort's first Saturday.", width=12),
        *_WEEK_COLUMNS,
        _c(
            "Sessions Attended",
            Kind.COMPUTED,
            width=9,
            formula='=COUNTIF(YWSP[@[Week 1]:[Week 12]],"Present")',
        ),
        _c(
            "Completed",
            Kind.COMPUTED,
            width=9,
            formula='=IF(YWSP[@[Sessions Attended]]>=YWSP_Sessions_To_Complete,"Y","N")',
            result=Kind.YN,
        ),
        _c("Feedback", Kind.LONG_TEXT, width=30, identifying=True),
    ),
)

AGENCIES = Sheet(
    "Agencies",
    table="Agencies",
    key="Agency",
    description="Partner agencies and their MOUs.",
    columns=(
        _c("Agency", Kind.TEXT, True, width=30),
        _list("Type", "Agency Type", required=True, width=15),
        _c("Contact Name", Kind.TEXT, width=18),
        _c("Email", Kind.TEXT, width=26),
        _c("Phone", Kind.TEXT, width=14),
        _c("MOU Signed", Kind.DATE, width=12),
        _c("MOU Expires", Kind.DATE, width=12),
        _c("Active", Kind.YN, True, width=8),
    ),
)

MEMBERS = Sheet(
    "Members",
    table="Members",
    key="Name",
    description="People approved to sit at the table.",
    columns=(
        _c("Name", Kind.TEXT, True, width=22),
        _c("Agency", Kind.AGENCY, True, width=30),
        _c("Role", Kind.TEXT, width=20),
        _c("Email", Kind.TEXT, width=28),
        _c("Confidentiality Signed", Kind.DATE, help="The date the form was signed.", width=14),
        _c("Active", Kind.YN, True, width=8),
    ),
)

RELEASES = Sheet(
    "Releases",
    table="Releases",
    description=(
        "A youth's written, time-limited release of information to a partner agency. A "
        "release is current on a date when signed on or before it, not expired and not revoked."
    ),
    columns=(
        _c("Youth ID", Kind.ID, True, help="The Youth ID on the Youths sheet.", width=10),
        _c("Agency", Kind.AGENCY, True, help="The agency the youth releases to.", width=30),
        _c("Signed", Kind.DATE, True, help="The day the release was signed.", width=12),
        _c(
            "Expires",
            Kind.DATE,
            True,
            help="The last day the release allows sharing: releases are time-limited.",
            width=12,
        ),
        _c("Revoked", Kind.DATE, help="The day the youth or guardian revoked it.", width=12),
        _list(
            "Scope",
            "Release Scope",
            required=True,
            help="Identifying: the agency may see the youth's name and details.",
            width=16,
        ),
        _c("Notes", Kind.LONG_TEXT, width=30, identifying=True),
    ),
)

DATA_SHEETS: tuple[Sheet, ...] = (YOUTHS, REFERRALS, MEETINGS, YWSP, AGENCIES, MEMBERS, RELEASES)


SETTINGS_SHEET = "Settings"
LISTS_SHEET = "Lists"
AGENDA_SHEET = "Agenda"
DASHBOARD_SHEET = "Dashboard"
MONTHLY_SHEET = "Monthly"
PROBLEMS_SHEET = "Problems"
LOG_SHEET = "Log"
START_SHEET = "Start"
CONF_SHEET = "xlwings.conf"

# The order of the tabs in a built workbook.
SHEET_ORDER: tuple[str, ...] = (
    START_SHEET,
    AGENDA_SHEET,
    YOUTHS.name,
    REFERRALS.name,
    MEETINGS.name,
    YWSP.name,
    AGENCIES.name,
    MEMBERS.name,
    RELEASES.name,
    DASHBOARD_SHEET,
    MONTHLY_SHEET,
    PROBLEMS_SHEET,
    LOG_SHEET,
    SETTINGS_SHEET,
    LISTS_SHEET,
    CONF_SHEET,
)

LOG_HEADERS: tuple[str, ...] = ("When", "User", "Operation", "Youth IDs", "Files")


def data_sheet(name: str) -> Sheet:
    for s in DATA_SHEETS:
        if s.name == name:
            return s
    raise KeyError(name)

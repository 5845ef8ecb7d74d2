"""The data dictionary of SPEC, written once.

Building the workbook, reading it, validating it and documenting the template
fields all read these definitions; no other module spells a header.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from .lists import LISTS as LISTS  # part of the schema: re-exported here


class Kind(StrEnum):
    """What a column holds, which decides how it is read, written and checked."""

    ID = "id"  # text that identifies a record (Youth ID, Referral ID)
    TEXT = "text"
    LONG_TEXT = "long text"  # free text that wraps (notes, concerns)
    DATE = "date"
    YN = "Y/N"
    LIST = "list"  # one of a dropdown list kept on the Lists sheet
    AGENCY = "agency"  # one of the agencies on the Agencies sheet
    INTEGER = "integer"
    COMPUTED = "computed"  # filled by a formula of the workbook; never typed


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind
    required: bool = False
    list_name: str | None = None  # for Kind.LIST: the Lists sheet column
    help: str = ""  # the input message staff see when they select the cell
    width: float | None = None
    formula: str | None = None  # for Kind.COMPUTED: the table formula
    result: Kind = Kind.INTEGER  # for Kind.COMPUTED: what the formula gives
    # What Build Agenda and Print Packet make of it: "read" (an unreadable value
    # makes the agenda wrong, so it stops them) or "select" (it also decides who
    # is on the agenda, so a blank or stray value stops them too).
    agenda: str = ""

    @property
    def value_kind(self) -> Kind:
        """How values of this column are typed: a computed column types as its result."""
        return self.result if self.kind is Kind.COMPUTED else self.kind

    @property
    def field(self) -> str:
        """The name of this column in templates and JSON: snake_case."""
        return field_name(self.header)


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    table: str  # the Excel Table's name
    description: str = ""
    key: str | None = None  # the header whose values must be unique

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, header: str) -> Column:
        for c in self.columns:
            if c.header == header:
                return c
        raise KeyError(header)

    @cached_property
    def cols(self) -> Headers:
        """Checked handles on the headers: ``YOUTHS.cols.date_of_birth == "Date of Birth"``.

        Code outside this module names a column through these, so a misspelt
        or renamed header fails at import, not on a coordinator's data.
        """
        return Headers({c.field: c.header for c in self.columns}, self.name)


class Headers:
    """Attribute access to one sheet's headers by field name; unknown names raise."""

    __slots__ = ("_by_field", "_sheet")

    def __init__(self, by_field: dict[str, str], sheet: str):
        self._by_field = by_field
        self._sheet = sheet

    def __getattr__(self, name: str) -> str:
        try:
            return self._by_field[name]
        except KeyError:
            raise AttributeError(f"The {self._sheet} sheet has no column {name!r}.") from None

    def __iter__(self):
        return iter(self._by_field.values())


@dataclass(frozen=True)
class Setting:
    label: str
    kind: Kind
    default: object
    help: str = ""
    list_name: str | None = None

    def whole_number(self, settings: Mapping[str, object], lowest: int = 0) -> int:
        """This setting's value in ``settings`` as a whole number; its default when the cell
        is blank, not a number or below ``lowest`` (validation tells staff which)."""
        try:
            value = int(str(settings.get(self.label, self.default)).strip())
        except (TypeError, ValueError):
            return int(self.default)  # type: ignore[call-overload]
        return value if value >= lowest else int(self.default)  # type: ignore[call-overload]

    @property
    def name(self) -> str:
        """The defined name of the Settings cell, e.g. ``Max_Youths_Per_Meeting``."""
        return "".join(ch if ch.isalnum() else "_" for ch in self.label).strip("_")

    @property
    def field(self) -> str:
        return field_name(self.label)


def field_name(header: str) -> str:
    """``"Risk: Runaway"`` → ``"risk_runaway"``; ``"Race/Ethnicity"`` → ``"race_ethnicity"``."""
    out: list[str] = []
    for ch in header.lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "_":
            out.append("_")
    return "".join(out).strip("_")


YN_VALUES = ("Y", "N")

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
    return Column(header, kind, required, **kw)  # type: ignore[arg-type]


def _list(header: str, list_name: str | None = None, required: bool = False, **kw) -> Column:
    return Column(header, Kind.LIST, required, list_name=list_name or header, **kw)


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
        _c("First Name", Kind.TEXT, True, width=13),
        _c("Last Name", Kind.TEXT, True, width=15),
        _c(
            "Date of Birth",
            Kind.DATE,
            True,
            help="A real date, month first: e.g. 3/14/2010.",
            width=12,
            agenda="read",
        ),
        _c(
            "Age",
            Kind.COMPUTED,
            width=6,
            formula='=IF([@[Date of Birth]]="","",DATEDIF([@[Date of Birth]],TODAY(),"y"))',
            help="Worked out from Date of Birth.",
        ),
        _list("Gender", required=True, width=12),
        _list("Race/Ethnicity", required=True, width=22),
        _c("Primary Language", Kind.TEXT, width=12),
        _c("City", Kind.TEXT, width=13),
        _c("ZIP", Kind.TEXT, width=8),
        _c(
            "Referral Date",
            Kind.DATE,
            True,
            help="The day the table received the referral.",
            width=12,
            agenda="read",
        ),
        _c(
            "Referral Source",
            Kind.AGENCY,
            True,
            help="The agency that referred the youth.",
            width=22,
        ),
        _list("Exploitation Status", required=True, width=13),
        _list("Custody Status", required=True, width=12, agenda="select"),
        _c(
            "Custody Change Date",
            Kind.DATE,
            help="When the custody status last changed.",
            width=12,
            agenda="read",
        ),
        _c("Probation", Kind.YN, width=9),
        _c("Child Welfare", Kind.YN, width=9),
        _c("Girls Court", Kind.YN, width=9),
        _c("Case Number", Kind.TEXT, width=13),
        _c("Charges", Kind.LONG_TEXT, width=18),
        _c("Next Court Date", Kind.DATE, width=12, agenda="read"),
        _c("Attorney", Kind.TEXT, width=15),
        _list("Safety Level", required=True, width=9, agenda="select"),
        _c("Current Safety Concerns", Kind.LONG_TEXT, width=30),
        _c("Past Safety Concerns", Kind.LONG_TEXT, width=30),
        *(_c(f"Risk: {r}", Kind.YN, width=9) for r in RISK_FACTORS),
        _list("Victimization History", width=18),
        _list("Exploitation Type", width=18),
        _c(
            "Advocate",
            Kind.TEXT,
            help="The advocate or case manager who knows the youth.",
            width=15,
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
        _c("Notes", Kind.LONG_TEXT, width=30),
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
        _c("Notes", Kind.LONG_TEXT, width=30),
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
        _c("Selection Reason", Kind.LONG_TEXT, width=28),
        _c("Discussed", Kind.YN, width=9),
        _c("Decisions", Kind.LONG_TEXT, width=30),
        _c("Safety Plan", Kind.YN, width=8),
        _c("Aftercare Plan", Kind.YN, width=9),
        _c("Action Item", Kind.LONG_TEXT, width=26),
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
            formula='=IF([@[Sessions Attended]]>=YWSP_Sessions_To_Complete,"Y","N")',
            result=Kind.YN,
        ),
        _c("Feedback", Kind.LONG_TEXT, width=30),
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

DATA_SHEETS: tuple[Sheet, ...] = (YOUTHS, REFERRALS, MEETINGS, YWSP, AGENCIES, MEMBERS)

SETTINGS: tuple[Setting, ...] = (
    Setting("County", Kind.TEXT, "Example County"),
    Setting("Program Name", Kind.TEXT, "SafetyNet"),
    Setting("Lead Agency", Kind.TEXT, "District Attorney's Office"),
    Setting("Meeting Weekday", Kind.LIST, "Wednesday", list_name="Weekday"),
    Setting("Meeting Time", Kind.TEXT, "10:00 AM"),
    Setting("Meeting Location", Kind.TEXT, "Conference Room B"),
    Setting("Facilitator", Kind.TEXT, "Deputy District Attorney"),
    Setting("Max Youths Per Meeting", Kind.INTEGER, 15, "More than 15 leaves too little time."),
    Setting("Review Interval Weeks", Kind.INTEGER, 4, "Weeks between routine reviews of a youth."),
    Setting(
        "Court Date Window Days",
        Kind.INTEGER,
        14,
        "A court date or custody change this many days around the meeting makes a youth urgent.",
    ),
    Setting(
        "Output Folder",
        Kind.TEXT,
        "",
        "Blank: a folder named SafetyNet Output beside the workbook.",
    ),
    Setting("Small Count Threshold", Kind.INTEGER, 11, "Funder counts below this are masked."),
    Setting("YWSP Sessions To Complete", Kind.INTEGER, 9, "Sessions attended to complete YWSP."),
    Setting("Email Subject", Kind.TEXT, "SafetyNet case review packet"),
    Setting(
        "Email Body",
        Kind.TEXT,
        "Attached is the packet for this week's case review. The password comes separately. "
        "Do not forward or print extra copies.",
    ),
)

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


def setting(label: str) -> Setting:
    for s in SETTINGS:
        if s.label == label:
            return s
    raise KeyError(label)


class SettingLabels:
    """Attribute access to the settings' labels: ``SET.max_youths_per_meeting``."""

    def __getattr__(self, name: str) -> str:
        for s in SETTINGS:
            if s.field == name:
                return s.label
        raise AttributeError(f"There is no setting {name!r}.")


SET = SettingLabels()


def default_settings() -> dict[str, object]:
    return {s.label: s.default for s in SETTINGS}

"""Which buttons the workbook has, what they run, and where they sit."""

from __future__ import annotations

from dataclasses import dataclass

from ..schema import AGENCIES, AGENDA_SHEET, DASHBOARD_SHEET, MEMBERS, START_SHEET


@dataclass(frozen=True)
class Button:
    macro: str  # a Sub in macros/SafetyNet.bas
    caption: str
    function: str  # the function of safetynet.buttons it calls
    explanation: str  # two short lines for the Start sheet

    def options(self, width: int = 170, height: int = 36) -> dict:
        return {"macro": self.macro, "caption": self.caption, "width": width, "height": height}


BUTTONS: tuple[Button, ...] = (
    Button(
        "ValidateEntries",
        "Validate Entries",
        "validate_entries",
        "Checks every sheet for missing, mistyped or contradictory entries and lists them on "
        "the Problems sheet, each with a link to its cell. It never changes your data.",
    ),
    Button(
        "BuildAgenda",
        "Build Agenda",
        "build_agenda",
        "Chooses the youths for the next meeting (flagged, new, urgent, then due for review) "
        "and writes the Agenda sheet with the reasons. You may edit the sheet afterwards.",
    ),
    Button(
        "PrintPacket",
        "Print Packet",
        "print_packet",
        "Makes the Word packet from the Agenda sheet as you left it: agenda, one face sheet "
        "per youth, sign-in sheet; a PDF too. It records the meeting on the Meetings sheet.",
    ),
    Button(
        "EmailPacket",
        "Email Packet",
        "email_packet",
        "Prepares an email draft to the members whose confidentiality form is on file, with "
        "the packet attached and protected by a password. You send it yourself.",
    ),
    Button(
        "RefreshDashboard",
        "Refresh Dashboard",
        "refresh_dashboard",
        "Counts youths, referrals, reviews, risk factors, services and YWSP attendance and "
        "redraws the Dashboard charts. For staff only: nothing is masked.",
    ),
    Button(
        "MonthlyReport",
        "Monthly Report",
        "monthly_report",
        "Fills the Monthly sheet with the funders' categories for the fiscal year, masks "
        "small counts, writes the funder report as Word and PDF, and refreshes the Dashboard.",
    ),
    Button(
        "MakeMOU",
        "MOU for Agency",
        "make_mou",
        "Select an agency's row on the Agencies sheet, then click: writes its MOU, filled "
        "from the Agencies and Settings sheets.",
    ),
    Button(
        "MakeConfidentialityForm",
        "Confidentiality Form",
        "make_confidentiality_form",
        "Select a member's row on the Members sheet, then click: writes the confidentiality "
        "form for that member to sign.",
    ),
    Button(
        "ImportRows",
        "Import",
        "import_file",
        "Brings rows from your own spreadsheet or CSV into a sheet: choose the file (or name it "
        "in the Import File setting). Nothing is lost: a report beside the file lists the rest.",
    ),
    Button(
        "CheckSetup",
        "Check Setup",
        "check_setup",
        "Says which Python runs the buttons, whether the versions match, whether the output "
        "folder can be written and whether PDFs can be made.",
    ),
)

START_TEXT = (
    "Type youths, referrals, meetings and YWSP sessions on their sheets, as you always have.",
    "Then use the buttons below. Each shows a message when it has finished.",
)

_BY_MACRO = {b.macro: b for b in BUTTONS}

# (sheet, zero-based row, zero-based column, macro)
PLACES: tuple[tuple[str, int, int, str], ...] = (
    (AGENDA_SHEET, 0, 10, "BuildAgenda"),
    (AGENDA_SHEET, 3, 10, "PrintPacket"),
    (AGENDA_SHEET, 6, 10, "EmailPacket"),
    (DASHBOARD_SHEET, 0, 14, "RefreshDashboard"),
    (DASHBOARD_SHEET, 3, 14, "MonthlyReport"),
    (AGENCIES.name, 0, len(AGENCIES.columns) + 1, "MakeMOU"),
    (MEMBERS.name, 0, len(MEMBERS.columns) + 1, "MakeConfidentialityForm"),
)


def start_places(first_row: int) -> list[tuple[str, int, int, str]]:
    return [(START_SHEET, first_row + 1 + 2 * i, 1, b.macro) for i, b in enumerate(BUTTONS)]


def buttons_for_sheet(sheet: str) -> list[tuple[int, int, Button]]:
    places = [*PLACES, *start_places(4 + len(START_TEXT))]
    return [(row, col, _BY_MACRO[macro]) for name, row, col, macro in places if name == sheet]

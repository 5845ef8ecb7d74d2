"""The Settings sheet: each setting's label, kind, default and help, and lookups by label.

Apart from the data sheets because settings are one value each, read by
label, not rows of records under headers.
"""

from __future__ import annotations

from .columns import Kind, Setting

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
    Setting(
        "Require Releases",
        Kind.YN,
        "N",
        "Y: each agency's packet names only the youths who released to it (VAWA/VOCA rule).",
    ),
    Setting("Email Subject", Kind.TEXT, "SafetyNet case review packet"),
    Setting(
        "Email Body",
        Kind.TEXT,
        "Attached is the packet for this week's case review. The password comes separately. "
        "Do not forward or print extra copies.",
    ),
    Setting(
        "Import File",
        Kind.TEXT,
        "",
        "The spreadsheet or CSV the Import button brings in where Excel offers no file chooser.",
    ),
)


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

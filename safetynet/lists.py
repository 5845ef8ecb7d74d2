"""The dropdown lists the Lists sheet starts with; staff may add values there.

Part of the schema (``safetynet.schema`` imports them and is where other
modules take them from): SPEC's values, in SPEC's order.
"""

from __future__ import annotations

LISTS: dict[str, tuple[str, ...]] = {
    "Gender": (
        "Female",
        "Male",
        "Transgender female",
        "Transgender male",
        "Non-binary",
        "Other",
        "Not reported",
    ),
    "Race/Ethnicity": (
        "American Indian/Alaska Native",
        "Asian",
        "Black/African American",
        "Hispanic/Latino",
        "Native Hawaiian & Other Pacific Islander",
        "White Non-Latino/Caucasian",
        "Some Other Race",
        "Multiple Races",
        "Not Reported",
    ),
    "Exploitation Status": ("At risk", "Suspected", "Confirmed"),
    "Custody Status": ("In custody", "Placement", "Home", "Missing", "Unknown"),
    "Safety Level": ("High", "Medium", "Low"),
    "Youth Status": ("Active", "Closed"),
    "Closed Reason": (
        "Stable, no longer needs review",
        "Aged out",
        "Moved out of county",
        "Declined services",
        "Deceased",
        "Other",
    ),
    "Exploitation Type": (
        "Third-party trafficking",
        "Familial trafficking",
        "Survival sex",
        "Online exploitation",
        "Gang-involved trafficking",
        "Unknown",
    ),
    "Victimization History": (
        "Sexual abuse",
        "Physical abuse",
        "Neglect",
        "Witnessed domestic violence",
        "Multiple types",
        "None known",
        "Unknown",
    ),
    "Service": (
        "Safety plan",
        "Mental health",
        "Medi-Cal",
        "Social Security",
        "Housing or placement",
        "Education",
        "Medical exam",
        "Rape crisis advocacy",
        "Legal",
        "YWSP",
        "Other",
    ),
    "Referral Status": ("Pending", "Connected", "Declined", "Closed"),
    "Section": ("New case", "In custody", "Out of custody"),
    "Attendance": ("Present", "Absent", "Excused"),
    "Agency Type": ("Government", "Community-based", "Health", "Education", "Other"),
    "Release Scope": ("Identifying", "Non-identifying"),
    "Weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

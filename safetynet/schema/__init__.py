"""The data dictionary of SPEC, written once.

Building the workbook, reading it, validating it and documenting the template
fields all read these definitions; no other module spells a header. Code
imports them from here; they are written in ``columns`` (what a column, a
sheet and a setting are), ``sheets`` (every sheet, column by column),
``settings`` (the Settings sheet) and ``synonyms`` (other trackers' headers).
"""

from ..lists import LISTS
from .columns import YN_VALUES, Column, Headers, Kind, Setting, Sheet, field_name, normalise_header
from .settings import SET, SETTINGS, SettingLabels, default_settings, setting
from .sheets import (
    AGENCIES,
    AGENDA_SHEET,
    CONF_SHEET,
    DASHBOARD_SHEET,
    DATA_SHEETS,
    LISTS_SHEET,
    LOG_HEADERS,
    LOG_SHEET,
    MEETINGS,
    MEMBERS,
    MONTHLY_SHEET,
    PROBLEMS_SHEET,
    REFERRALS,
    RELEASES,
    RISK_FACTORS,
    SETTINGS_SHEET,
    SHEET_ORDER,
    START_SHEET,
    YOUTHS,
    YWSP,
    YWSP_WEEK_HEADERS,
    YWSP_WEEKS,
    data_sheet,
)
from .synonyms import FULL_NAME_SYNONYMS, SYNONYMS

__all__ = [
    "AGENCIES",
    "AGENDA_SHEET",
    "CONF_SHEET",
    "DASHBOARD_SHEET",
    "DATA_SHEETS",
    "FULL_NAME_SYNONYMS",
    "LISTS",
    "LISTS_SHEET",
    "LOG_HEADERS",
    "LOG_SHEET",
    "MEETINGS",
    "MEMBERS",
    "MONTHLY_SHEET",
    "PROBLEMS_SHEET",
    "REFERRALS",
    "RELEASES",
    "RISK_FACTORS",
    "SET",
    "SETTINGS",
    "SETTINGS_SHEET",
    "SHEET_ORDER",
    "START_SHEET",
    "SYNONYMS",
    "YN_VALUES",
    "YOUTHS",
    "YWSP",
    "YWSP_WEEKS",
    "YWSP_WEEK_HEADERS",
    "Column",
    "Headers",
    "Kind",
    "Setting",
    "SettingLabels",
    "Sheet",
    "data_sheet",
    "default_settings",
    "field_name",
    "normalise_header",
    "setting",
]

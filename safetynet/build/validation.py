"""Dropdowns and input checks for the data sheets, from the schema's column kinds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..schema import YN_VALUES, Kind, Sheet

LAST_ROW = 1_048_575  # zero-based index of Excel's last row
AGENCY_LIST_NAME = "List_Agencies"


def list_range_name(list_name: str) -> str:
    """The defined name a dropdown refers to, e.g. ``List_Race_Ethnicity``."""
    return "List_" + "".join(ch if ch.isalnum() else "_" for ch in list_name).strip("_")


def add_validations(worksheet: Any, sheet: Sheet) -> None:
    for index, column in enumerate(sheet.columns):
        rule = validation_for(column.kind, column.list_name, column.header, column.help)
        if rule:
            worksheet.data_validation(1, index, LAST_ROW, index, rule)


def validation_for(kind: Kind, list_name: str | None, header: str, help_text: str) -> dict | None:
    """The Excel data validation (dropdown and input message) for a column."""
    message = help_text
    if kind is Kind.LIST and list_name:
        rule = {
            "validate": "list",
            "source": "=" + list_range_name(list_name),
            "error_type": "warning",
            "error_title": header,
            "error_message": f"This is not on the {list_name} list. Add it to the Lists sheet "
            "first if it is a new value.",
        }
        message = message or "Pick from the list. Staff can add values on the Lists sheet."
    elif kind is Kind.AGENCY:
        rule = {
            "validate": "list",
            "source": "=" + AGENCY_LIST_NAME,
            "error_type": "warning",
            "error_title": header,
            "error_message": "This agency is not on the Agencies sheet. Add it there first.",
        }
        message = message or "Pick an agency. New agencies go on the Agencies sheet first."
    elif kind is Kind.YN:
        rule = {
            "validate": "list",
            "source": list(YN_VALUES),
            "error_title": header,
            "error_message": "Type Y or N, or leave it blank.",
        }
        message = message or "Y or N."
    elif kind is Kind.DATE:
        rule = {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(1900, 1, 1),
            "maximum": dt.date(2099, 12, 31),
            "error_title": header,
            "error_message": "Type a real date, for example 3/14/2026.",
        }
        message = message or "A date, for example 3/14/2026."
    elif kind is Kind.COMPUTED:
        return None
    elif message:
        rule = {"validate": "any"}
    else:
        return None
    rule["input_title"] = header[:32]
    rule["input_message"] = message[:255]
    return rule

"""The sheets that keep records: the data Tables staff type into, the Log, Settings, Lists.

Each is built as an Excel Table or labelled columns, with its formats and
dropdowns, empty or holding a workbook's rows (an upgrade's kept as typed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..schema import LISTS, LOG_HEADERS, SETTINGS, Kind, Sheet
from .validation import add_validations, validation_for

TABLE_STYLE = "Table Style Medium 2"


def column_formats(workbook: Any, styles: dict[str, Any]) -> dict[Kind, Any]:
    return {
        Kind.DATE: styles["date"],
        Kind.LONG_TEXT: styles["wrap"],
        Kind.COMPUTED: workbook.add_format({"bg_color": "#F2F2F2", "font_color": "#404040"}),
    }


def write_grid(worksheet: Any, grid: Sequence[Sequence[Any]], styles: dict[str, Any],
               first_row: int = 0) -> None:  # fmt: skip
    """Write raw cell values (an upgrade's carried sheets): dates as dates, text as text."""
    for r, row in enumerate(grid, start=first_row):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.datetime):
                worksheet.write_datetime(r, c, value, styles["datetime"])
            elif isinstance(value, dt.date):
                worksheet.write_datetime(r, c, value, styles["date"])
            elif isinstance(value, bool):
                worksheet.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                worksheet.write_number(r, c, value)
            else:
                worksheet.write_string(r, c, str(value))


def write_data_sheet(
    worksheet: Any,
    sheet: Sheet,
    rows: Sequence[Sequence[Any]],
    formats: dict[Kind, Any],
    styles: dict[str, Any],
) -> None:
    columns = []
    for column in sheet.columns:
        spec: dict[str, Any] = {"header": column.header}
        if column.formula:
            spec["formula"] = column.formula
        if column.kind in formats:
            spec["format"] = formats[column.kind]
        columns.append(spec)
    last_row = max(1, len(rows))
    worksheet.add_table(
        0,
        0,
        last_row,
        len(sheet.columns) - 1,
        {"name": sheet.table, "style": TABLE_STYLE, "columns": columns},
    )
    for index, column in enumerate(sheet.columns):
        worksheet.set_column(index, index, column.width or 14, formats.get(column.kind))
    worksheet.freeze_panes(1, 1 if sheet.key else 0)
    worksheet.set_row(0, 30)
    for r, row in enumerate(rows, start=1):
        for c, (column, value) in enumerate(zip(sheet.columns, row, strict=True)):
            if column.kind is Kind.COMPUTED:
                continue  # the table formula fills it
            if value is None:
                continue
            if isinstance(value, (dt.date, dt.datetime)):
                worksheet.write_datetime(r, c, value, formats[Kind.DATE])
            elif isinstance(value, str):
                worksheet.write_string(r, c, value, formats.get(column.kind))
            elif isinstance(value, bool):
                worksheet.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                worksheet.write_number(r, c, value, formats.get(column.kind))
            else:  # a time of day, or anything else carried from an older workbook
                worksheet.write_string(r, c, str(value))
    add_validations(worksheet, sheet)


def write_log(worksheet: Any, styles: dict[str, Any], rows: list[list[Any]]) -> None:
    widths = (18, 14, 20, 40, 60)
    for index, width in enumerate(widths):
        worksheet.set_column(index, index, width, styles["datetime"] if index == 0 else None)
    write_grid(worksheet, rows, styles, first_row=1)
    worksheet.add_table(
        0,
        0,
        max(1, len(rows)),
        len(LOG_HEADERS) - 1,
        {
            "name": "Log",
            "style": "Table Style Light 1",
            "columns": [{"header": h} for h in LOG_HEADERS],
        },
    )
    worksheet.freeze_panes(1, 0)


def write_settings(worksheet: Any, styles: dict[str, Any], values: dict | None) -> None:
    worksheet.set_column(0, 0, 28)
    worksheet.set_column(1, 1, 44)
    worksheet.set_column(2, 2, 70)
    worksheet.write_row(0, 0, ("Setting", "Value", "About"), styles["header"])
    worksheet.freeze_panes(1, 0)
    for row, setting in enumerate(SETTINGS, start=1):
        value = (values or {}).get(setting.label, setting.default)
        worksheet.write_string(row, 0, setting.label, styles["bold"])
        if isinstance(value, int) and not isinstance(value, bool):
            worksheet.write_number(row, 1, value)
        else:
            worksheet.write_string(row, 1, str(value if value is not None else ""))
        worksheet.write_string(row, 2, setting.help, styles["note"])
        rule = validation_for(setting.kind, setting.list_name, setting.label, setting.help)
        if setting.kind is Kind.INTEGER:
            rule = {
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "error_message": "Type a whole number.",
            }
        if rule:
            worksheet.data_validation(row, 1, row, 1, rule)


def write_lists(worksheet: Any, styles: dict[str, Any], lists: dict | None) -> None:
    lists = lists or LISTS
    for index, name in enumerate(LISTS):
        worksheet.set_column(index, index, max(14, len(name) + 4))
        worksheet.write_string(0, index, name, styles["header"])
        for row, value in enumerate(lists.get(name, LISTS[name]), start=1):
            worksheet.write_string(row, index, value)
    worksheet.freeze_panes(1, 0)

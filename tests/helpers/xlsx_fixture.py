"""A small workbook built with XlsxWriter holding everything a save could lose.

A Table with dates and a dropdown, a frozen pane, a form button, a chart, a
sheet whose name has a space and an apostrophe, and every named style used
once so styles.xml has an xf for each. Invented data only.
"""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
from pathlib import Path
from typing import Any

import xlsxwriter

from safetynet.xlsx.styles import register_styles

TABLE_HEADERS = ["Youth ID", "First Name", "Referral Date", "Visits", "Discuss"]
TABLE_ROWS = [
    ["Y-0001", "Ava", dt.date(2024, 1, 5), 3, "Y"],
    ["Y-0002", "Bea", dt.date(2024, 2, 9), 1, "N"],
    ["Y-0003", "Cleo", dt.date(2024, 3, 15), 0, "N"],
]
NOTES_SHEET = "Kid's Notes"


def build_workbook(path: Path, table_rows: list[list[Any]] | None = None) -> Path:
    """Write the fixture workbook to ``path``."""
    rows = TABLE_ROWS if table_rows is None else table_rows
    book = xlsxwriter.Workbook(str(path))
    styles = register_styles(book)

    youths = book.add_worksheet("Youths")
    youths.set_column(0, 1, 14)
    youths.set_column(2, 2, 14, styles["date"])
    last = max(len(rows), 1)
    options: dict[str, Any] = {
        "name": "YouthsTable",
        "columns": [{"header": h} for h in TABLE_HEADERS],
    }
    if rows:
        options["data"] = [list(row) for row in rows]
    youths.add_table(0, 0, last, len(TABLE_HEADERS) - 1, options)
    for r, row in enumerate(rows, start=1):
        if isinstance(row[2], dt.date):
            youths.write_datetime(r, 2, row[2], styles["date"])
    youths.freeze_panes(1, 1)
    youths.data_validation(1, 4, 1000, 4, {"validate": "list", "source": ["Y", "N"]})
    youths.insert_button("H2", {"macro": "BuildAgenda", "caption": "Build Agenda"})

    agenda = book.add_worksheet("Agenda")
    agenda.write("A1", "Old agenda", styles["title"])
    agenda.write_formula("B2", "=1+1", None, 2)
    agenda.write("A3", "stale row")
    agenda.freeze_panes(1, 0)
    agenda.set_column(0, 0, 30)

    notes = book.add_worksheet(NOTES_SHEET)
    notes.write("A1", "notes")

    dashboard = book.add_worksheet("Dashboard")
    dashboard.write_column("A1", ["a", "b", "c"])
    dashboard.write_column("B1", [1, 2, 3])
    chart = book.add_chart({"type": "column"})
    chart.add_series({"categories": "=Dashboard!$A$1:$A$3", "values": "=Dashboard!$B$1:$B$3"})
    dashboard.insert_chart("D2", chart)

    swatches = book.add_worksheet("Styles")
    for r, (name, fmt) in enumerate(styles.items()):
        swatches.write(r, 0, name, fmt)
    book.close()
    return path


def entries(path: Path) -> dict[str, bytes]:
    """{entry name: uncompressed bytes} of a zip."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def entry_order(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [info.filename for info in archive.infolist()]


def raw_entries(path: Path) -> dict[str, bytes]:
    """{entry name: compressed bytes as stored} of a zip."""
    found = {}
    with zipfile.ZipFile(path) as archive, open(path, "rb") as handle:
        for info in archive.infolist():
            handle.seek(info.header_offset + 26)
            name_length, extra_length = struct.unpack("<HH", handle.read(4))
            handle.seek(info.header_offset + 30 + name_length + extra_length)
            found[info.filename] = handle.read(info.compress_size)
    return found

"""Run the button code without Excel: a workbook file as xlwings' remote engine sees it.

``remote_book(path)`` builds the JSON payload that xlwings' Office.js client
sends for a workbook (date cells as ISO strings, error cells as their text
such as "#N/A", tables with their addresses, range names) and opens it with
``xlwings.Book(json=...)``. The button code then runs unchanged, and
``book.json()["actions"]`` is what Excel would do.

xlwings' remote engine is under the PolyForm Noncommercial licence; it needs
``XLWINGS_LICENSE_KEY=noncommercial`` set before xlwings is imported. Only
tests and the benchmark use this module; the desktop buttons do not.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

_REF = re.compile(
    r"^'?(?P<sheet>[^!]+?)'?!\$?(?P<c1>[A-Z]+)\$?(?P<r1>\d+)(:\$?(?P<c2>[A-Z]+)\$?(?P<r2>\d+))?$"
)


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(value, dt.time):
        return value.strftime("1899-12-30T%H:%M:%S.000Z")
    if value is None:
        return ""
    return value


def _tables(archive: zipfile.ZipFile, parts: dict[str, bytes], sheet_part: str) -> list[dict]:
    from .xlsx.package import read_rels

    tables = []
    for kind, target in read_rels(parts, sheet_part).values():
        if kind != "table":
            continue
        root = ET.fromstring(parts[target])
        ref = root.get("ref", "A1:A1")
        first, last = ref.split(":")
        col1, row1 = re.match(r"([A-Z]+)(\d+)", first).groups()
        col2, row2 = re.match(r"([A-Z]+)(\d+)", last).groups()
        body_first = int(row1) + 1
        totals = root.get("totalsRowCount", "0") not in ("0", "")
        body_last = max(body_first, int(row2) - totals)
        tables.append(
            {
                "name": root.get("displayName") or root.get("name"),
                "range_address": ref,
                "header_row_range_address": f"{col1}{row1}:{col2}{row1}",
                "data_body_range_address": f"{col1}{body_first}:{col2}{body_last}",
                "total_row_range_address": f"{col1}{row2}:{col2}{row2}" if totals else None,
                "show_headers": True,
                "show_totals": totals,
                "table_style": "TableStyleMedium2",
                "show_autofilter": True,
            }
        )
    return tables


def payload(
    path: str | os.PathLike[str], selection: str = "A1", active_sheet: int = 0
) -> dict[str, Any]:
    """The Office.js client's request body for the workbook at ``path``."""
    import xlwings as xw
    from python_calamine import CalamineWorkbook

    from .xlsx.package import sheet_parts

    path = Path(path)
    with zipfile.ZipFile(path) as archive:
        parts = {
            n: archive.read(n)
            for n in archive.namelist()
            if n == "xl/workbook.xml" or n.endswith(".rels") or n.startswith("xl/tables/")
        }
        parts_by_sheet = sheet_parts(parts, path.name)
        book = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in book.sheet_names:
            values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            width = max((len(r) for r in values), default=0)
            rows = [[_iso(v) for v in row] + [""] * (width - len(row)) for row in values]
            part = parts_by_sheet.get(name)
            if part:
                _show_errors(rows, archive.read(part))
            sheets.append(
                {
                    "name": name,
                    "values": rows or [[""]],
                    "pictures": [],
                    "tables": _tables(archive, parts, parts_by_sheet.get(name, "")),
                }
            )
        book.close()
    order = [s["name"] for s in sheets]
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": active_sheet, "selection": selection},
        "names": _names(parts.get("xl/workbook.xml", b""), order),
        "sheets": sheets,
    }


_ERROR_CELL = re.compile(
    rb'<(?:\w+:)?c r="([A-Z]+)(\d+)"[^>]*?t="e"[^>/]*>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?v>([^<]*)<',
    re.S,
)


def _show_errors(rows: list[list[Any]], sheet_xml: bytes) -> None:
    """Office.js hands over an error cell as its text; calamine reads it as blank."""
    from .grid import column_index

    for letters, number, text in _ERROR_CELL.findall(sheet_xml):
        r, c = int(number) - 1, column_index(letters.decode())
        if r < len(rows) and c < len(rows[r]):
            rows[r][c] = text.decode()


def _names(workbook_xml: bytes, order: list[str]) -> list[dict]:
    if not workbook_xml:
        return []
    names = []
    for element in ET.fromstring(workbook_xml).iter():
        if not element.tag.endswith("definedName") or element.get("localSheetId"):
            continue
        match = _REF.match((element.text or "").strip())
        if not match or match["sheet"] not in order:
            continue
        address = f"{match['c1']}{match['r1']}"
        if match["c2"]:
            address += f":{match['c2']}{match['r2']}"
        names.append(
            {
                "name": element.get("name"),
                "sheet_index": order.index(match["sheet"]),
                "address": address,
                "scope_sheet_name": None,
                "scope_sheet_index": None,
                "book_scope": True,
            }
        )
    return names


def remote_book(path: str | os.PathLike[str], selection: str = "A1", active_sheet: int = 0) -> Any:
    """An ``xlwings.Book`` on the remote engine holding the workbook at ``path``."""
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings as xw

    return xw.Book(json=payload(path, selection, active_sheet))

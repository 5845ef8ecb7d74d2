"""Put an upgrade's carried rows into the empty tables of a freshly built workbook, fast.

XlsxWriter builds the new workbook (sheets, tables, dropdowns, buttons,
macros) in well under a second when its tables are empty; writing ten years
of a large county's rows through it takes many. So the rows go in here
instead, as sheet XML written in one pass per sheet, the way
``safetynet.xlsx`` patches a workbook: each table's sheet part gets its rows
(every computed column's formula on each), the table's range grows to hold
them, and every other part is copied as it is.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from ..schema import Kind, data_sheet
from ..xlsx.package import find_table
from ..xlsx.sheetxml import parse_worksheet, splice_children
from ..xlsx.styles import Styles
from ..xlsx.write import ZipParts
from ..xlsx.zipcopy import copy_zip

_EPOCH = dt.date(1899, 12, 30)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ROW = re.compile(rb'<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.S)
_CELL = re.compile(rb'<c r="([A-Z]+)\d+"([^>]*)>(.*?)</c>', re.S)
_COL = re.compile(rb'<col min="(\d+)" max="(\d+)"([^>]*)/>')
_STYLE = re.compile(rb'\sstyle="(\d+)"')


def _letters(count: int) -> list[str]:
    out = []
    for index in range(count):
        name, n = "", index + 1
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        out.append(name)
    return out


def _text(value: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def rows_xml(
    rows: Sequence[Sequence[Any]],
    kinds: Sequence[Kind],
    column_styles: Sequence[str],
    formulas: dict[int, bytes],
    date_style: str,
    datetime_style: str,
) -> str:
    """<row> elements for rows 2 onward: raw values, each cell typed by what it holds."""
    letters = _letters(len(kinds))
    parts: list[str] = []
    append = parts.append
    for offset, row in enumerate(rows):
        number = offset + 2
        cells = []
        add = cells.append
        for i, value in enumerate(row):
            if i in formulas:
                add(formulas[i].decode().replace("{ref}", f"{letters[i]}{number}"))
                continue
            if value is None:
                continue
            ref = f"{letters[i]}{number}"
            kind = type(value)
            if kind is str:
                add(
                    f'<c r="{ref}"{column_styles[i]} t="inlineStr"><is><t xml:space="preserve">'
                    f"{_text(value)}</t></is></c>"
                )
            elif kind is dt.date:
                add(f'<c r="{ref}"{date_style}><v>{(value - _EPOCH).days}</v></c>')
            elif kind is dt.datetime:
                days = (value.date() - _EPOCH).days
                seconds = value.hour * 3600 + value.minute * 60 + value.second
                style = datetime_style if seconds else date_style
                serial = days + seconds / 86400 if seconds else days
                add(f'<c r="{ref}"{style}><v>{serial!r}</v></c>')
            elif kind is bool:
                add(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif kind is int or kind is float:
                number_text = str(int(value)) if float(value).is_integer() else repr(value)
                style = "" if kinds[i] is Kind.DATE else column_styles[i]
                add(f'<c r="{ref}"{style}><v>{number_text}</v></c>')
            else:
                add(
                    f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{_text(str(value))}</t></is></c>"
                )
        append(f'<row r="{number}">{"".join(cells)}</row>')
    return "".join(parts)


def _column_styles(sheet_xml: bytes, count: int) -> list[str]:
    styles = [""] * count
    for found in _COL.finditer(sheet_xml):
        style = _STYLE.search(found.group(3))
        if style:
            for col in range(int(found.group(1)), min(int(found.group(2)), count) + 1):
                styles[col - 1] = f' s="{int(style.group(1))}"'
    return styles


def _formula_cells(sheet_data: bytes, letters: list[str]) -> dict[int, bytes]:
    """The computed columns' cells of the built table's first row, as templates."""
    out: dict[int, bytes] = {}
    for row in _ROW.finditer(sheet_data):
        if row.group(1) != b"2":
            continue
        for cell in _CELL.finditer(row.group(0)):
            inner = re.sub(rb"<v>.*?</v>", b"", cell.group(3))
            if b"<f>" in inner:
                index = letters.index(cell.group(1).decode())
                out[index] = b'<c r="{ref}"' + cell.group(2) + b">" + inner + b"</c>"
    return out


def fill_tables(package: bytes, rows: dict[str, list[list[Any]]]) -> bytes:
    """The package with ``rows`` (a data sheet's name -> its rows in column order) written
    under the header rows; made in memory, so an encrypted upgrade writes no plain byte."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = ZipParts(source)
        styles = Styles.of(parts)
        date_index = styles.indexes.get("date")
        datetime_index = styles.indexes.get("datetime", date_index)
        date_style = f' s="{date_index}"' if date_index is not None else ""
        datetime_style = f' s="{datetime_index}"' if datetime_index is not None else ""
        changed: dict[str, bytes] = {}
        for name, sheet_rows in rows.items():
            if not sheet_rows:
                continue
            sheet = data_sheet(name)
            table = find_table(parts, name, sheet.table, "the new workbook")
            xml = parts[table.sheet_part]
            worksheet = parse_worksheet(xml, f'the "{name}" sheet')
            data = next(c for c in worksheet.children if c.name == "sheetData")
            old_data = xml[data.start : data.end]
            header = next(r.group(0) for r in _ROW.finditer(old_data) if r.group(1) == b"1")
            letters = _letters(len(sheet.columns))
            body = rows_xml(
                sheet_rows,
                [c.kind for c in sheet.columns],
                _column_styles(xml, len(sheet.columns)),
                _formula_cells(old_data, letters),
                date_style,
                datetime_style,
            )
            last = f"{letters[-1]}{len(sheet_rows) + 1}"
            changed[table.sheet_part] = splice_children(
                worksheet,
                {
                    "dimension": f'<dimension ref="A1:{last}"/>'.encode(),
                    "sheetData": b"<sheetData>" + header + body.encode() + b"</sheetData>",
                },
            )
            changed[table.part] = re.sub(
                rb'ref="A1:[A-Z]+\d+"', f'ref="A1:{last}"'.encode(), parts[table.part]
            )
        out = io.BytesIO()
        copy_zip(source, out, changed, set())
    return out.getvalue()

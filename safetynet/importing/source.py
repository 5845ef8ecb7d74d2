"""Reading a county's source file: CSV in any common encoding, or .xlsx / .xls / .ods.

The edge of the import: a path in, ``SourceTable``s out (the header row found
below any title rows, blank rows dropped), or one plain sentence saying why
the file cannot be read. Nothing here knows about the workbook.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from pathlib import Path
from typing import Any

from ..model import SafetyNetError
from .headers import find_header_row
from .rows import SourceTable

MAX_ROWS = 20_000  # a large county's ten years hold 3,000 youths and 15,000 referrals
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SourceUnreadable(SafetyNetError):
    exit_code = 2


def read_source(path: str | os.PathLike[str]) -> list[SourceTable]:
    """Every sheet of the source that holds a header row and data below it."""
    path = Path(path)
    if not path.exists():
        raise SourceUnreadable(f"There is no file at {path}. Check the name and the folder.")
    if path.is_dir():
        raise SourceUnreadable(f"{path} is a folder. Name the spreadsheet or CSV file to import.")
    data = path.read_bytes()
    if _blank_text(data):
        raise _empty(path)
    if data.startswith((_ZIP, _OLE)) or path.suffix.lower() in SPREADSHEETS:
        grids = _spreadsheet_grids(path, data)
    else:
        grids = [(path.stem, _csv_grid(path.name, data))]
    if not any(_filled(v) for _, grid in grids for row in grid for v in row):
        raise _empty(path)  # a spreadsheet with no cell typed in
    tables = []
    headers_only = False
    for name, grid in grids:
        table = table_from_grid(name, grid)
        if table is None:
            continue
        if not table.rows:
            headers_only = True
            continue
        tables.append(table)
    if not tables:
        if headers_only:
            raise SafetyNetError(
                f"{path.name} has a header row but no rows below it: there is nothing to import.",
                1,
            )
        raise SafetyNetError(
            f"{path.name} has no header row the program recognises (a row of column names "
            f"such as First Name, DOB, Referral Date), so nothing was imported.",
            1,
        )
    total = sum(len(t.rows) for t in tables)
    if total > MAX_ROWS:
        raise SafetyNetError(
            f"{path.name} has {total:,} rows, more than the {MAX_ROWS:,} one import takes "
            f"(a large county's ten years hold about 3,000 youths). Check that it is the "
            f"right file, or split it and import each part.",
            1,
        )
    return tables


def _empty(path: Path) -> SafetyNetError:
    return SafetyNetError(f"{path.name} is empty: there is nothing to import.", 1)


def _blank_text(data: bytes) -> bool:
    """Nothing but blanks, perhaps after a byte-order mark (Excel's empty "CSV UTF-8")."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data[2:].replace(b"\x00", b"")
    return not data.strip()


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def table_from_grid(name: str, grid: list[list[Any]]) -> SourceTable | None:
    """The header row (below any title rows) and the non-blank rows under it."""
    found = find_header_row(grid)
    if found is None:
        return None
    headers: list[str] = []
    for i, cell in enumerate(grid[found]):
        text = " ".join(str(cell).split()) if cell is not None else ""
        text = text or f"Column {i + 1}"
        base, n = text, 2
        while text in headers:
            text, n = f"{base} ({n})", n + 1
        headers.append(text)
    while (
        headers
        and headers[-1].startswith("Column ")
        and not _column_used(grid, found, len(headers) - 1)
    ):
        headers.pop()
    rows, numbers = [], []
    for index in range(found + 1, len(grid)):
        row = grid[index]
        if any(v is not None and str(v).strip() != "" for v in row):
            rows.append(tuple(_clean(v) for v in row[: len(headers)]))
            numbers.append(index + 1)
    return SourceTable(name, tuple(headers), tuple(rows), tuple(numbers))


def _column_used(grid: list[list[Any]], header_row: int, column: int) -> bool:
    return any(column < len(r) and r[column] not in (None, "") for r in grid[header_row + 1 :])


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _spreadsheet_grids(path: Path, data: bytes) -> list[tuple[str, list[list[Any]]]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:
        if data.startswith(_OLE):
            why = "it is protected with a password, or damaged"
        else:
            why = "it is damaged, or not a spreadsheet"
        raise SourceUnreadable(
            f"{path.name} could not be read as a spreadsheet: {why}. Open it in Excel and "
            f"save it again as .xlsx or CSV (without a password), then import that copy."
        ) from None
    grids = []
    try:
        for name in book.sheet_names:
            try:
                grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception:
                raise SourceUnreadable(
                    f'The sheet "{name}" of {path.name} could not be read. Save the file again '
                    f"as .xlsx or CSV, then import that copy."
                ) from None
            grids.append((name, [list(r) for r in grid]))
    finally:
        book.close()
    return grids


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 (with or without its mark), UTF-16 (marked or plainly so), else Windows-1252."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    sample = data[:4000]
    if len(sample) > 3 and sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
        return _decode_or_refuse(name, data, "utf-16-le")
    if len(sample) > 3 and sample[0::2].count(0) > len(sample) // 4 and sample[1::2].count(0) == 0:
        return _decode_or_refuse(name, data, "utf-16-be")
    if b"\x00" in sample:
        raise _not_text(name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:4000] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > max(3, len(text[:4000]) // 100) or text[:4000].count("\ufffd") > 20:
        raise _not_text(name)
    return text


def _decode_or_refuse(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise _not_text(name) from None


def _not_text(name: str) -> SourceUnreadable:
    return SourceUnreadable(
        f"{name} is not a CSV text file (it holds binary data, perhaps another kind of file "
        f"renamed). Open the original in Excel and save it as CSV or .xlsx, then import that."
    )


def _csv_grid(name: str, data: bytes) -> list[list[Any]]:
    text = decode_text(name, data)
    sample = text[:20000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise SourceUnreadable(
            f"{name} could not be read as CSV ({exc}). Open it in Excel and save it again as "
            f"CSV or .xlsx."
        ) from None

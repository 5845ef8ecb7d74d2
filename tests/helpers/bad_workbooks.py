"""Write small workbook files with XlsxWriter, and the table of bad inputs the corpus covers.

The files only need what the calamine reader reads: each data sheet with the
schema's headers in row 1, a Settings sheet and a Lists sheet. Cells may hold
``Formula`` (a formula with a cached result, e.g. an Excel error) and sheets
may have merged ranges, which is how staff damage tables in real life.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safetynet.schema import DATA_SHEETS, LISTS, LOG_HEADERS, LOG_SHEET, SETTINGS

from .sample import records, youth


@dataclass(frozen=True)
class Formula:
    text: str
    result: Any = None  # a string starting with "#" is written as an Excel error


def write_workbook(
    path: Path,
    data: dict[str, list[dict[str, Any]]],
    *,
    merges: tuple[tuple[str, str], ...] = (),
    drop_sheets: tuple[str, ...] = (),
    headers: dict[str, list[str]] | None = None,
) -> Path:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "m/d/yyyy"})
    for sheet in DATA_SHEETS:
        if sheet.name in drop_sheets:
            continue
        worksheet = workbook.add_worksheet(sheet.name)
        row_headers = (headers or {}).get(sheet.name, sheet.headers)
        worksheet.write_row(0, 0, row_headers)
        for r, record in enumerate(data.get(sheet.name, []), start=1):
            for c, header in enumerate(row_headers):
                _write(worksheet, r, c, record.get(header), date_format)
        for where_sheet, cells in merges:
            if where_sheet == sheet.name:
                worksheet.merge_range(cells, None)
    settings = workbook.add_worksheet("Settings")
    for r, setting in enumerate(SETTINGS):
        settings.write(r, 0, setting.label)
        if setting.default not in (None, ""):
            settings.write(r, 1, setting.default)
    lists = workbook.add_worksheet("Lists")
    for c, (name, values) in enumerate(LISTS.items()):
        lists.write_column(0, c, [name, *values])
    if LOG_SHEET not in drop_sheets:  # every workbook the program makes has its Log
        workbook.add_worksheet(LOG_SHEET).write_row(0, 0, LOG_HEADERS)
    workbook.close()
    return path


def _write(worksheet: Any, row: int, col: int, value: Any, date_format: Any) -> None:
    if value is None:
        return
    if isinstance(value, Formula):
        worksheet.write_formula(row, col, value.text, None, value.result)
    elif isinstance(value, (dt.date, dt.datetime)):
        moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        worksheet.write_datetime(row, col, moment, date_format)
    elif isinstance(value, bool):
        worksheet.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        worksheet.write_number(row, col, value)
    else:
        worksheet.write_string(row, col, str(value))


Edit = Callable[[dict[str, list[dict[str, Any]]]], None]


@dataclass(frozen=True)
class Case:
    """One kind of bad input: what to change, and the cell Validate must name."""

    name: str
    edit: Edit
    sheet: str
    row: int
    column: str
    rule: str
    merges: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def put(sheet: str, index: int, **values: Any) -> Edit:
    """Set cells of the ``index``-th record (Excel row index + 2) of a sheet."""

    def edit(data: dict[str, list[dict[str, Any]]]) -> None:
        data[sheet][index].update({k.replace("_", " "): v for k, v in values.items()})

    return edit


def put_cell(sheet: str, index: int, header: str, value: Any) -> Edit:
    def edit(data: dict[str, list[dict[str, Any]]]) -> None:
        data[sheet][index][header] = value

    return edit


def add(sheet: str, record: dict[str, Any]) -> Edit:
    def edit(data: dict[str, list[dict[str, Any]]]) -> None:
        data[sheet].append(record)

    return edit


def both(*edits: Edit) -> Edit:
    def edit(data: dict[str, list[dict[str, Any]]]) -> None:
        for one in edits:
            one(data)

    return edit


def nothing(data: dict[str, list[dict[str, Any]]]) -> None:
    return None


Y, R, M = "Youths", "Referrals", "Meetings"

CASES: tuple[Case, ...] = (
    Case("blank required Gender", put_cell(Y, 0, "Gender", None), Y, 2, "Gender", "required"),
    Case(
        "blank Youth ID on a meeting",
        put_cell(M, 1, "Youth ID", None),
        M,
        3,
        "Youth ID",
        "required",
    ),
    Case(
        "birth date typed as words",
        put_cell(Y, 0, "Date of Birth", "sometime in 2010"),
        Y,
        2,
        "Date of Birth",
        "readable-value",
    ),
    Case(
        "birth date in the future",
        put_cell(Y, 1, "Date of Birth", dt.date(2030, 1, 5)),
        Y,
        3,
        "Date of Birth",
        "date-range",
    ),
    Case(
        "referral before birth",
        put_cell(Y, 0, "Referral Date", dt.date(2005, 6, 1)),
        Y,
        2,
        "Referral Date",
        "date-order",
    ),
    Case(
        "aged 5 at referral",
        put_cell(Y, 0, "Date of Birth", dt.date(2021, 1, 10)),
        Y,
        2,
        "Date of Birth",
        "age-at-referral",
    ),
    Case(
        "aged 30 at referral",
        put_cell(Y, 0, "Date of Birth", dt.date(1996, 1, 10)),
        Y,
        2,
        "Date of Birth",
        "age-at-referral",
    ),
    Case(
        "Gender not in the list", put_cell(Y, 2, "Gender", "Femail"), Y, 4, "Gender", "list-value"
    ),
    Case(
        "Status in the wrong case", put_cell(Y, 0, "Status", "closed"), Y, 2, "Status", "list-value"
    ),
    Case(
        "Y/N column says maybe",
        put_cell(Y, 0, "Probation", "maybe"),
        Y,
        2,
        "Probation",
        "readable-value",
    ),
    Case(
        "duplicate Youth ID", put_cell(Y, 1, "Youth ID", "Y-0001"), Y, 3, "Youth ID", "duplicate-id"
    ),
    Case(
        "duplicate Referral ID",
        put_cell(R, 1, "Referral ID", "R-00001"),
        R,
        3,
        "Referral ID",
        "duplicate-id",
    ),
    Case(
        "meeting for an unknown youth",
        put_cell(M, 0, "Youth ID", "Y-9999"),
        M,
        2,
        "Youth ID",
        "unknown-youth",
    ),
    Case(
        "referral for an unknown youth",
        put_cell(R, 1, "Youth ID", "Y-0404"),
        R,
        3,
        "Youth ID",
        "unknown-youth",
    ),
    Case(
        "YWSP row for an unknown youth",
        put_cell("YWSP", 0, "Youth ID", "Y-7777"),
        "YWSP",
        2,
        "Youth ID",
        "unknown-youth",
    ),
    # Names typed where the Youth ID belongs: the messages must not echo them (issue 17).
    Case(
        "a youth's name typed as the Youth ID of a meeting",
        put_cell(M, 0, "Youth ID", "Bea Rowe"),
        M,
        2,
        "Youth ID",
        "unknown-youth",
    ),
    Case(
        "a first name typed as the Youth ID of a referral",
        put_cell(R, 1, "Youth ID", "Cleo"),
        R,
        3,
        "Youth ID",
        "unknown-youth",
    ),
    Case(
        "a youth's name typed as the Youth ID of a YWSP row",
        put_cell("YWSP", 0, "Youth ID", "Dana Tate"),
        "YWSP",
        2,
        "Youth ID",
        "unknown-youth",
    ),
    Case(
        "unknown Action Owner",
        put_cell(M, 0, "Action Owner", "Dept of Magic"),
        M,
        2,
        "Action Owner",
        "unknown-agency",
    ),
    Case(
        "unknown Referred To",
        put_cell(R, 0, "Referred To", "Nowhere Clinic"),
        R,
        2,
        "Referred To",
        "unknown-agency",
    ),
    Case(
        "closed with no closed date",
        put_cell(Y, 2, "Status", "Closed"),
        Y,
        4,
        "Closed Date",
        "closed-date",
    ),
    Case(
        "active with a closed date",
        put_cell(Y, 0, "Closed Date", dt.date(2026, 6, 1)),
        Y,
        2,
        "Closed Date",
        "closed-date",
    ),
    Case(
        "action past due and not done",
        put(
            M,
            1,
            Action_Item="Find placement",
            Action_Owner="County Probation",
            Action_Due=dt.date(2026, 3, 18),
            Action_Done="N",
        ),
        M,
        3,
        "Action Due",
        "overdue-action",
    ),
    Case(
        "YWSP starting on a Tuesday",
        put_cell("YWSP", 0, "Start Date", dt.date(2026, 3, 10)),
        "YWSP",
        2,
        "Start Date",
        "ywsp-start",
    ),
    Case(
        "YWSP attendance typed as P",
        put_cell("YWSP", 0, "Week 4", "P"),
        "YWSP",
        2,
        "Week 4",
        "list-value",
    ),
    Case(
        "expired MOU",
        put_cell("Agencies", 1, "MOU Expires", dt.date(2026, 1, 31)),
        "Agencies",
        3,
        "MOU Expires",
        "mou-expired",
    ),
    Case(
        "member without confidentiality form",
        put_cell("Members", 1, "Confidentiality Signed", None),
        "Members",
        3,
        "Confidentiality Signed",
        "confidentiality",
    ),
    Case(
        "same youth twice: accents, case, swapped names, day/month swapped",
        add(
            Y,
            youth(
                9,
                **{"First Name": "ROWE", "Last Name": "Béa", "Date of Birth": dt.date(2010, 4, 2)},
            ),
        ),
        Y,
        5,
        "Youth ID",
        "duplicate-youth",
    ),
    Case(
        "same youth twice: hyphenated surname, birth date a day off",
        add(
            Y,
            youth(
                9,
                **{
                    "First Name": "Cleo",
                    "Last Name": "Stone-Martinez",
                    "Date of Birth": dt.date(2010, 3, 6),
                },
            ),
        ),
        Y,
        5,
        "Youth ID",
        "duplicate-youth",
    ),
    Case(
        "Excel error #N/A in a date",
        put_cell(Y, 0, "Referral Date", Formula("=NA()", "#N/A")),
        Y,
        2,
        "Referral Date",
        "excel-error",
    ),
    Case(
        "Excel error #REF! in a Youth ID",
        put_cell(M, 0, "Youth ID", Formula("=#REF!", "#REF!")),
        M,
        2,
        "Youth ID",
        "excel-error",
    ),
    Case(
        "formula where a date belongs",
        put_cell(R, 0, "Referral Date", Formula("=TODAY()", 46000)),
        R,
        2,
        "Referral Date",
        "formula",
    ),
    Case(
        "merged cells in the Youths table",
        nothing,
        Y,
        3,
        "First Name",
        "merged-cells",
        merges=((Y, "B3:C3"),),
    ),
    Case(
        "a number typed in a date column",
        put_cell(M, 0, "Meeting Date", 12),
        M,
        2,
        "Meeting Date",
        "date-range",
    ),
    Case(
        "Youth ID made from the name",
        put_cell(Y, 2, "Youth ID", "Y-Dana-03"),
        Y,
        4,
        "Youth ID",
        "id-holds-name",
    ),
    Case(
        "same youth twice at one meeting",
        add(M, {"Meeting Date": dt.date(2026, 3, 4), "Youth ID": "Y-0002", "Section": "New case"}),
        M,
        4,
        "Youth ID",
        "repeated-row",
    ),
    Case(
        "same youth twice in Cyrillic",
        both(
            put(Y, 0, First_Name="Мария", Last_Name="Иванова"),
            add(
                Y,
                youth(
                    9,
                    **{
                        "First Name": "МАРИЯ",
                        "Last Name": "Иванова",
                        "Date of Birth": dt.date(2010, 2, 4),
                    },
                ),
            ),
        ),
        Y,
        5,
        "Youth ID",
        "duplicate-youth",
    ),
)


def case_data(case: Case) -> dict[str, list[dict[str, Any]]]:
    data = copy.deepcopy(records())
    case.edit(data)
    return data


def write_case(case: Case, folder: Path) -> Path:
    slug = "".join(ch if ch.isalnum() else "-" for ch in case.name.lower())[:60]
    return write_workbook(folder / f"{slug}.xlsx", case_data(case), merges=case.merges)

"""The problems a damaged table shows, worded once for both adapters.

The file adapter finds them in the sheet XML (``xlsx.inspect``), the live
adapter in what Excel hands over (``adapters.live_inspect``); staff read the
same sentence either way.
"""

from __future__ import annotations

from .model import Problem, Severity

# What Excel shows in a cell whose formula failed (Office.js sends these as text).
EXCEL_ERRORS = frozenset(
    {
        "#N/A",
        "#VALUE!",
        "#REF!",
        "#DIV/0!",
        "#NUM!",
        "#NAME?",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#GETTING_DATA",
    }
)
FORMULA_SHOWN = 60  # characters of a formula quoted in a message


def excel_error(sheet: str, row: int, header: str, shown: str) -> Problem:
    return Problem(
        sheet,
        row,
        header,
        shown or None,
        f"The cell shows the Excel error {shown}." if shown else "The cell shows an Excel error.",
        Severity.ERROR,
        "Type the value itself; if a formula is there, replace it with the value.",
        "excel-error",
    )


def formula_in_data(sheet: str, row: int, header: str, formula: str) -> Problem:
    """``formula`` with its leading "=" (or empty when its text is unknown)."""
    text = formula or "a formula"
    if len(text) > FORMULA_SHOWN:
        text = text[: FORMULA_SHOWN - 3] + "..."
    return Problem(
        sheet,
        row,
        header,
        text,
        f"This cell holds a formula ({text}) where a typed value belongs.",
        Severity.WARNING,
        "Type the value itself (copy the cell, then Paste Special > Values).",
        "formula",
    )


def merged_cells(sheet: str, row: int, header: str, where: str) -> Problem:
    return Problem(
        sheet,
        row,
        header,
        where,
        f"Cells {where} are merged inside the table; only the first keeps its value.",
        Severity.ERROR,
        "Select them and choose Home > Merge & Center > Unmerge Cells, then retype the "
        "values each cell should hold.",
        "merged-cells",
    )

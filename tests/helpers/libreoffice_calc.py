"""Recalculate workbooks in LibreOffice and read back what its formulas give.

An independent spreadsheet engine computing the workbook's own formulas: if
Excel's table-qualified structured references were written wrongly, LibreOffice
shows ``Err:507`` or a wrong count, and the comparison with the program's own
values (safetynet/computed.py) fails cell by cell.

    from helpers.libreoffice_calc import recalculated_tables
    found = recalculated_tables([path1, path2], {"Youths": ["Youth ID", "Age"]})
    found[str(path1)]["Youths"] == [{"Youth ID": "Y-0001", "Age": 15.0}, ...]
    found[str(path1)]["today"] == "2026-12-01"  # the day TODAY() gave
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .libreoffice import run_in_libreoffice

_BODY = r"""
    answer = {}
    for path in ARGS["paths"]:
        doc = load(path)
        doc.calculateAll()
        # TODAY() is the day of the recalculation: report it for ages.
        found = {"today": __import__("datetime").date.today().isoformat()}
        for sheet_name, wanted in ARGS["columns"].items():
            if not doc.Sheets.hasByName(sheet_name):
                continue  # several kinds of workbook in one LibreOffice start
            sheet = doc.Sheets.getByName(sheet_name)
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            last_row = cursor.RangeAddress.EndRow
            last_col = cursor.RangeAddress.EndColumn
            headers = [sheet.getCellByPosition(c, 0).String for c in range(last_col + 1)]
            rows = []
            for r in range(1, last_row + 1):
                row = {}
                for header in wanted:
                    cell = sheet.getCellByPosition(headers.index(header), r)
                    # FORMULA/VALUE cells give numbers, TEXT gives its string;
                    # an error shows as its text (Err:507, #NAME?).
                    kind = cell.Type.value
                    if cell.getError():
                        row[header] = cell.String or "Err:%d" % cell.getError()
                    elif kind == "EMPTY":
                        row[header] = None
                    elif kind == "VALUE" or (kind == "FORMULA" and cell.FormulaResultType2 == 1):
                        row[header] = cell.Value  # FormulaResult.VALUE is 1
                    else:
                        row[header] = cell.String
                rows.append(row)
            found[sheet_name] = rows
        answer[path] = found
        doc.close(True)
    print(json.dumps(answer))
"""


def recalculated_tables(
    paths: Iterable[Path], columns: Mapping[str, Sequence[str]], timeout: float = 240
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """{path: {sheet: [{header: value}, ...]}} after LibreOffice's calculateAll.

    One LibreOffice start serves every path; a sheet a workbook lacks is left out.
    """
    args = {
        "paths": [str(Path(p).resolve()) for p in paths],
        "columns": {sheet: list(headers) for sheet, headers in columns.items()},
    }
    found = run_in_libreoffice(_BODY, args, timeout)
    return {str(Path(p).resolve()): found[str(Path(p).resolve())] for p in paths}

"""Render chosen sheets of a workbook to PDF (and PNG) the way LibreOffice shows them.

For looking at what staff will see: each sheet's used area becomes one PDF
(``<sheet>.pdf``), and with poppler present one PNG per page
(``<sheet>-1.png``...). One LibreOffice start for every sheet.

    from helpers.libreoffice_render import render_sheets
    render_sheets(path, ["Agenda", "Monthly"], out_dir)
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from .libreoffice import run_in_libreoffice

_BODY = r"""
    doc = load(ARGS["path"])
    controller = doc.CurrentController
    made = []
    for name in ARGS["sheets"]:
        sheet = doc.Sheets.getByName(name)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        area = sheet.getCellRangeByPosition(
            0, 0, cursor.RangeAddress.EndColumn, cursor.RangeAddress.EndRow)
        target = ARGS["out"] + "/" + name + ".pdf"
        doc.storeToURL(uno.systemPathToFileUrl(target), (
            prop("FilterName", "calc_pdf_Export"),
            prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", (
                prop("Selection", sheet if ARGS.get("whole") else area),))),
        ))
        made.append(target)
    doc.close(True)
    print(json.dumps(made))
"""


def render_sheets(
    path: Path,
    sheets: Iterable[str],
    out_dir: Path,
    dpi: int = 60,
    timeout: float = 180,
    whole: bool = False,
) -> list[Path]:
    """PDFs of ``sheets`` in ``out_dir``, plus PNG pages when pdftoppm is there.

    ``whole`` exports each sheet as a whole (its charts too) instead of its used cells.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    args = {
        "path": str(Path(path).resolve()),
        "sheets": list(sheets),
        "out": str(out_dir),
        "whole": whole,
    }
    pdfs = [Path(p) for p in run_in_libreoffice(_BODY, args, timeout)]
    pages: list[Path] = []
    if shutil.which("pdftoppm"):
        for pdf in pdfs:
            prefix = pdf.with_suffix("")
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)],
                check=True,
                timeout=120,
            )
            pages.extend(sorted(pdf.parent.glob(prefix.name + "-*.png")))
    return pdfs + pages

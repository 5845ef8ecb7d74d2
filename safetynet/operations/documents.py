"""The MOU for a partner agency and the confidentiality form for a member."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import SafetyNetError, Workbook
from ..schema import AGENCIES, MEMBERS, Sheet
from . import Operation, Outcome

if TYPE_CHECKING:
    import pandas as pd

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def mou(
    book: Workbook,
    *,
    today: dt.date,
    agency: str,
    out_dir: Path,
    pdf: bool = True,
    templates_dir: Path | None = None,
) -> Outcome:
    """Fill mou.docx for one agency of the Agencies sheet."""
    from ..core.facesheet import mou_context

    row = find_row(book.frames[AGENCIES.name], AGENCIES, AGENCIES.cols.agency, agency)
    context = mou_context(row, settings=book.settings, today=today)
    name = f"MOU {safe_file_part(row[AGENCIES.cols.agency])} {today.isoformat()}.docx"
    return _write(
        book,
        MOU.name,
        "mou.docx",
        context,
        Path(out_dir) / name,
        pdf,
        templates_dir,
        f"The MOU for {row[AGENCIES.cols.agency]}",
    )


def confidentiality(
    book: Workbook,
    *,
    today: dt.date,
    member: str,
    out_dir: Path,
    pdf: bool = True,
    templates_dir: Path | None = None,
) -> Outcome:
    """Fill confidentiality.docx for one member of the Members sheet."""
    from ..core.facesheet import confidentiality_context

    row = find_row(book.frames[MEMBERS.name], MEMBERS, MEMBERS.cols.name, member)
    context = confidentiality_context(row, settings=book.settings, today=today)
    name = f"Confidentiality {safe_file_part(row[MEMBERS.cols.name])} {today.isoformat()}.docx"
    return _write(
        book,
        CONFIDENTIALITY_FORM.name,
        "confidentiality.docx",
        context,
        Path(out_dir) / name,
        pdf,
        templates_dir,
        f"The confidentiality form for {row[MEMBERS.cols.name]}",
    )


def _write(
    book: Workbook,
    operation: str,
    template: str,
    context: dict[str, Any],
    path: Path,
    pdf: bool,
    templates_dir: Path | None,
    what: str,
) -> Outcome:
    from ..documents.pdf import pdfs_with_note
    from ..documents.render import render, save, templates_folder

    folder = templates_dir or templates_folder(book.path)
    written = save(render(folder, template, context), path)
    pdfs, note = pdfs_with_note([written], written.parent) if pdf else ([], "")
    message = f"{what} is ready: {written.name}" + (" (PDF too)." if pdfs else ".")
    if note:
        message += " " + note
    files = [written, *pdfs]
    return Outcome(
        operation=operation, message=message, files=files, data={"files": [str(f) for f in files]}
    )


def find_row(frame: pd.DataFrame, sheet: Sheet, header: str, wanted: str) -> dict[str, Any]:
    """The row whose ``header`` is ``wanted`` (ignoring case and spaces), or a plain refusal."""
    import pandas as pd

    key = " ".join(str(wanted).split()).casefold()
    names = [str(v) for v in frame[header].dropna()]
    for record in frame.to_dict("records"):
        value = record.get(header)
        if (
            value is not None
            and value is not pd.NA
            and " ".join(str(value).split()).casefold() == key
        ):
            return record
    close = close_matches(wanted, names)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise SafetyNetError(
        f"There is no {header.lower()} {wanted!r} on the {sheet.name} sheet.{hint} "
        f"Type the name as it is written in the {header} column.",
        exit_code=1,
    )


def close_matches(wanted: str, names: list[str], limit: int = 3) -> list[str]:
    from rapidfuzz import fuzz, process, utils

    found = process.extract(
        wanted,
        names,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=60,
    )
    return list(dict.fromkeys(name for name, _score, _index in found))


def safe_file_part(text: Any) -> str:
    """A name made safe for Windows and Mac file names."""
    cleaned = _UNSAFE.sub(" ", str(text))
    return " ".join(cleaned.split())[:60].strip(" .") or "unnamed"


MOU = Operation(
    name="MOU",
    function=mou,
    reads=(AGENCIES.name, MEMBERS.name),
    documents=True,
    command="mou",
    button="make_mou",
)
CONFIDENTIALITY_FORM = Operation(
    name="Confidentiality Form",
    function=confidentiality,
    reads=(AGENCIES.name, MEMBERS.name),
    documents=True,
    command="confidentiality",
    button="make_confidentiality_form",
)

"""Import, the operation's body: rows from a county's own spreadsheet or CSV, nothing lost.

The source is read and the report written here, at the edge; the mapping,
conversion and matching are ``safetynet.importing``'s pure functions. The
rows to add travel in the Outcome like any operation's, so the command line
and the Import button write them the same way.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from ..computed import fill_computed
from ..core.validate import validate
from ..model import SafetyNetError, Workbook
from ..operations import Outcome
from ..schema import DATA_SHEETS, SET, data_sheet
from ..tables import frame_from_rows
from .ids import compact_ids
from .mapping import ImportMap, from_toml, propose_map, to_toml, with_new_headers
from .report import report_path, write_report
from .rows import ImportResult, SourceTable, build_rows, complete_map
from .source import read_source

SHEETS: tuple[str, ...] = tuple(sheet.name for sheet in DATA_SHEETS)
NAME = "Import"


def map_path_for(source: Path) -> Path:
    return source.with_name(f"{source.stem} - import map.toml")


def source_from(book: Workbook, source_path: str | os.PathLike[str] | None) -> Path:
    """The file named, else the Import File setting; a relative one is beside the workbook."""
    chosen = source_path or book.settings.get(SET.import_file) or ""
    if not str(chosen).strip():
        raise SafetyNetError(
            f"No file to import was named. Type its full path in the {SET.import_file} setting "
            f"on the Settings sheet (or, on the command line: safetynet import WORKBOOK FILE).",
            1,
        )
    path = Path(os.path.expandvars(os.path.expanduser(str(chosen).strip().strip('"'))))
    if not path.is_absolute() and book.path and os.path.isabs(book.path):
        path = Path(book.path).parent / path
    return path


def import_file(
    book: Workbook,
    *,
    today: dt.date,
    source_path: str | os.PathLike[str] | None = None,
    sheet: str | None = None,
    map_path: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    **_: Any,
) -> Outcome:
    """Bring the source's rows into ``sheet`` (or the sheet its headers fit); report the rest."""
    source = source_from(book, source_path)
    tables = read_source(source)
    plan, map_file, proposed, left_out = _plan(tables, sheet, map_path, source)
    chosen = [t for t in tables if not plan.source_sheets or t.name in plan.source_sheets]
    if not chosen:
        raise SafetyNetError(
            f"None of the sheets the map names ({', '.join(plan.source_sheets)}) is in "
            f"{source.name}. Fix source_sheets in {map_file.name}, or delete the map.",
            2,
        )
    plan, new_headers = with_new_headers(
        plan, list(dict.fromkeys(h for t in chosen for h in t.headers))
    )
    plan = complete_map(plan, chosen, book)
    if proposed:
        _write_text(map_file, to_toml(plan, source.name, book.lists))
    result = build_rows(plan, chosen, book, today)
    by_column = new_problems(book, plan.sheet, result.rows, today)
    problems = sum(by_column.values())
    report = write_report(
        report_path(source),
        result,
        source.name,
        dry_run,
        today=today,
        workbook=Path(book.path).name if book.path else "",
        map_name=map_file.name,
    )
    message = _message(source, plan, result, by_column, report, map_file, proposed, dry_run)
    if left_out:
        message += (
            f"\nLeft out: the sheet(s) {', '.join(left_out)} of {source.name}, whose headers "
            f"do not fit the {plan.sheet} sheet (import them with --sheet)."
        )
    if new_headers:
        message += f"\nColumns not in the map, placed as proposed: {', '.join(new_headers)}."
    data = {**result.counts, "sheet": plan.sheet, "problems": problems, "dry_run": dry_run}
    data.update(report=str(report), map=str(map_file), left_out=left_out)
    return Outcome(
        operation=NAME,
        message=message,
        data=data,
        appends={} if dry_run or not result.rows else {plan.sheet: result.rows},
        files=[] if dry_run else [report, map_file],
        youth_ids=[] if dry_run else compact_ids(result.youth_ids),
    )


def _plan(
    tables: list[SourceTable], sheet: str | None, map_path: Any, source: Path
) -> tuple[ImportMap, Path, bool, list[str]]:
    """The map to use: the file's if there is one, else a proposal (to be written)."""
    map_file = Path(map_path) if map_path else map_path_for(source)
    if map_file.exists():
        try:
            text = map_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SafetyNetError(f"{map_file.name} could not be read ({exc}).", 2) from None
        plan = from_toml(text, map_file.name)
        if sheet and data_sheet(sheet).name != plan.sheet:
            raise SafetyNetError(
                f"{map_file.name} imports into the {plan.sheet} sheet, not {sheet}. Name another "
                f"map with --map, or change its sheet line.",
                2,
            )
        return plan, map_file, False, []
    plan, left_out = propose_map({t.name: t.headers for t in tables}, sheet)
    return plan, map_file, True, left_out


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SafetyNetError(
            f"The import map {path.name} could not be written ({exc.strerror or exc}); nothing "
            f"was imported. Check that the source's folder can be written.",
            1,
        ) from None


def new_problems(
    book: Workbook, sheet_name: str, rows: list[list[Any]], today: dt.date
) -> Counter[str]:
    """The problems Validate finds in the rows being added, counted by column."""
    if not rows:
        return Counter()
    sheet = data_sheet(sheet_name)
    frame = book.frames[sheet.name]
    start = int(frame.index.max()) + 1 if len(frame) else 2
    added, reading = frame_from_rows(sheet, [sheet.headers, *rows], first_row=start - 1)
    frames = dict(book.frames)
    frames[sheet.name] = pd.concat([frame, added]) if len(frame) else added
    fill_computed(frames, book.settings, today)
    problems = validate(book.replace(frames=frames, problems=(*book.problems, *reading)), today)
    return Counter(
        p.column or ""
        for p in problems
        if p.sheet == sheet.name and p.row is not None and p.row >= start
    )


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _message(
    source: Path,
    plan: ImportMap,
    result: ImportResult,
    by_column: Counter[str],
    report: Path,
    map_file: Path,
    proposed: bool,
    dry_run: bool,
) -> str:
    c = result.counts
    verb = "would be added" if dry_run else "added"
    lines = [
        ("Dry run: the workbook is unchanged. " if dry_run else "")
        + f"{source.name} into the {plan.sheet} sheet: {_plural(c['source_rows'], 'source row')}, "
        f"{c['added']:,} {verb}, {c['matched']:,} matched to rows already there, "
        f"{c['not_imported']:,} not imported."
    ]
    if result.kept_in_notes:
        kept = len(result.kept_in_notes)
        lines.append(
            f"{_plural(kept, 'cell')} could not go in {'its' if kept == 1 else 'their'} column "
            f"and {'was' if kept == 1 else 'were'} kept in Notes (or listed in the report)."
        )
    problems = sum(by_column.values())
    if problems:
        where = ", ".join(f"{column} {n:,}" for column, n in by_column.most_common() if column)
        lines.append(
            ("The rows would bring " if dry_run else "The new rows bring ")
            + _plural(problems, "problem")
            + (f" (by column: {where})" if where else "")
            + ": Validate Entries lists them."
        )
    elif c["added"]:
        lines.append("The rows pass Validate Entries.")
    how = "was proposed for this file" if proposed else "was used"
    lines.append(
        f"The import map below {how}: edit it and import again to change where columns go."
    )
    if dry_run:
        lines += [f"  {report}", f"  {map_file}"]
    return "\n".join(lines)

"""Read a SafetyNet workbook file with python-calamine: only the sheets asked for.

The package is the file at ``path``, or, for an encrypted workbook, the
decrypted bytes held in memory (``package``); ``path`` then only names it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import Problem, Severity, UnreadableWorkbook, Workbook
from ..schema import (
    AGENDA_SHEET,
    DATA_SHEETS,
    LISTS,
    LISTS_SHEET,
    RELEASES,
    SETTINGS,
    SETTINGS_SHEET,
    Column,
    Kind,
    data_sheet,
    normalise_header,
)
from .backup import restore_advice
from .extent import SheetFacts, check_sheets
from .sheet_threads import sheet_threads

ALL_DATA = tuple(s.name for s in DATA_SHEETS)


def check_exists(path: str | os.PathLike[str]) -> Path:
    """Fail with one plain sentence when there is no file at ``path``."""
    path = Path(path)
    if not path.exists():
        raise UnreadableWorkbook(f"There is no file at {path}. Check the name and the folder.")
    if path.is_dir():
        raise UnreadableWorkbook(f"{path} is a folder, not a workbook. Name the .xlsm file.")
    return path


def check_readable(path: str | os.PathLike[str]) -> Path:
    """Fail with one plain sentence when ``path`` cannot be a workbook we can read."""
    path = check_exists(path)
    from .container import Container, container_of_file

    container = container_of_file(path)
    if container is Container.ENCRYPTED:
        raise EncryptedWorkbook(
            f"{path.name} is encrypted with a password. Give the password: type it when "
            f"asked, or use --password-stdin, or set SAFETYNET_PASSWORD."
        )
    if container is Container.DAMAGED:
        raise UnreadableWorkbook(
            f"{path.name} is damaged or cut short (it may have been an encrypted workbook), so "
            f"it cannot be opened. It is unchanged. {restore_advice(path)}"
        )
    if container is Container.OLE:
        raise UnreadableWorkbook(
            f"{path.name} is an old Excel 97-2003 file (.xls, perhaps with a password), not a "
            f"SafetyNet workbook. It is unchanged. Open it in Excel and save it as an Excel "
            f"Macro-Enabled Workbook (.xlsm), then try again."
        )
    if container is Container.ZIP and not zipfile.is_zipfile(path):
        raise UnreadableWorkbook(
            f"{path.name} is damaged: it ends too soon, as a copy or a save cut short leaves a "
            f"file. {restore_advice(path)}"
        )
    if not zipfile.is_zipfile(path):
        raise UnreadableWorkbook(
            f"{path.name} is not an Excel workbook (.xlsm or .xlsx). Name the SafetyNet workbook."
        )
    return path


class EncryptedWorkbook(UnreadableWorkbook):
    """The file is an encrypted workbook, and no password came with it."""

    exit_code = 1


def open_calamine(path: Path, package: bytes | None = None) -> Any:
    from python_calamine import CalamineWorkbook

    try:
        if package is not None:
            return CalamineWorkbook.from_filelike(io.BytesIO(package))
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for damaged files
        raise UnreadableWorkbook(
            f"{path.name} could not be read as a workbook ({type(exc).__name__}): it may be "
            f"damaged. {restore_advice(path)}"
        ) from exc


def blank_total_rows(rows: list[list[Any]], facts: SheetFacts | None) -> list[list[Any]]:
    """A table's Total Row becomes blank: it is not a record."""
    for number in facts.total_rows if facts else ():
        if 0 < number <= len(rows):
            rows[number - 1] = [None] * len(rows[number - 1])
    return rows


def sheet_rows(book: Any, name: str, path: Path) -> list[list[Any]]:
    """The sheet's grid from A1, as calamine reads it."""
    names = {normalise_header(n): n for n in book.sheet_names}
    actual = names.get(normalise_header(name))
    if actual is None:
        raise UnreadableWorkbook(
            f'{path.name} has no sheet named "{name}". Undo the rename or deletion in Excel, '
            f"or restore the newest copy from the backups folder beside it."
        )
    try:
        return book.get_sheet_by_name(actual).to_python(skip_empty_area=False)
    except Exception as exc:
        raise UnreadableWorkbook(
            f'The "{name}" sheet of {path.name} could not be read ({type(exc).__name__}): it '
            f"may be damaged. {restore_advice(path)}"
        ) from exc


def read_settings(rows: list[list[Any]]) -> tuple[dict[str, Any], list[Problem]]:
    """Settings are label/value pairs in columns A and B; unknown labels are ignored."""
    from ..values import coerce, to_text  # typing values needs pandas; reading rows does not

    by_label = {normalise_header(s.label): s for s in SETTINGS}
    values: dict[str, Any] = {s.label: s.default for s in SETTINGS}
    problems: list[Problem] = []
    for number, row in enumerate(rows, start=1):
        if not row:
            continue
        setting = by_label.get(normalise_header(row[0]))
        if setting is None:
            continue
        raw = row[1] if len(row) > 1 else None
        if setting.kind is Kind.INTEGER:
            value, problem = coerce(Column(setting.label, Kind.INTEGER), raw)
            if problem or value is None:
                problems.append(
                    Problem(
                        SETTINGS_SHEET,
                        number,
                        "Value",
                        raw,
                        f"{setting.label} should be a whole number; using {setting.default}.",
                        Severity.WARNING,
                        "Type a whole number.",
                        rule="setting-number",
                    )
                )
                value = setting.default
            values[setting.label] = value
        else:
            if isinstance(raw, dt.time):
                values[setting.label] = raw.strftime("%I:%M %p").lstrip("0")
            elif raw is None or raw == "":
                values[setting.label] = "" if setting.default == "" else setting.default
            else:
                values[setting.label] = to_text(raw)
    return values, problems


def read_lists(rows: list[list[Any]]) -> dict[str, tuple[str, ...]]:
    """Each column of the Lists sheet is a dropdown list, headed by its name."""
    from ..values import to_text

    lists = dict(LISTS)
    if not rows:
        return lists
    known = {normalise_header(n): n for n in LISTS}
    for col, header in enumerate(rows[0]):
        name = known.get(normalise_header(header))
        if name is None:
            continue
        values = [to_text(r[col]) for r in rows[1:] if col < len(r) and to_text(r[col])]
        if values:
            lists[name] = tuple(dict.fromkeys(values))
    return lists


def load_workbook(
    path: str | os.PathLike[str],
    sheets: Iterable[str] = ALL_DATA,
    *,
    today: dt.date,
    package: bytes | None = None,
) -> Workbook:
    """Read the data sheets named, plus Settings and Lists, into a Workbook.

    The values only: an operation's load (``safetynet.load``) also inspects
    the file for what values cannot show.
    """
    from ..load import paused_gc, typed_workbook

    path = check_readable(path) if package is None else Path(path)
    sheets = tuple(sheets)
    names = (*sheets, SETTINGS_SHEET, LISTS_SHEET)
    with paused_gc():
        raw = read_rows(path, names, package=package, missing_as_blank=True)
        return typed_workbook(raw, sheets, today, location=str(path))


def read_rows(
    path: str | os.PathLike[str],
    names: Iterable[str],
    *,
    package: bytes | None = None,
    missing_as_blank: bool = False,
) -> dict[str, list[list[Any]]]:
    """The raw grids of the sheets named: after the far-cell guard, Total Rows blanked.

    ``package``: the workbook's bytes, decrypted in memory (an encrypted file is
    never guarded or read from its path). ``missing_as_blank``: a sheet of
    ``ADDED_LATER`` that is missing reads as empty. Also the start of every run,
    so a killed writer's full copy of the workbook is removed here
    (``writerlock.remove_stale_copies``).
    """
    from .writerlock import remove_stale_copies

    path = Path(path)
    names = tuple(dict.fromkeys(names))
    remove_stale_copies(path)
    read = sheet_rows_or_blank if missing_as_blank else sheet_rows
    with sheet_threads(
        lambda: open_calamine(path, package), lambda book, name: read(book, name, path)
    ) as reader:  # calamine reads each sheet the guard has passed while it checks the next
        facts = check_sheets(path, names, package, passed=reader.read)
        return {name: blank_total_rows(reader.rows(name), facts.get(name)) for name in names}


# Sheets a workbook may lack, read as empty: Releases, which a workbook of an earlier
# version lacks until ``safetynet upgrade`` adds it (no releases on file: every youth
# de-identified), and the Agenda, which Validate reads only for its release warnings.
ADDED_LATER: frozenset[str] = frozenset({RELEASES.name, AGENDA_SHEET})


def sheet_rows_or_blank(book: Any, name: str, path: Path) -> list[list[Any]]:
    """``sheet_rows``, except that a sheet of ``ADDED_LATER`` that is missing reads as empty."""
    if name in ADDED_LATER and normalise_header(name) not in {
        normalise_header(n) for n in book.sheet_names
    }:
        return [data_sheet(name).headers] if name == RELEASES.name else []
    return sheet_rows(book, name, path)


def read_sheet_grid(
    path: str | os.PathLike[str], name: str, *, package: bytes | None = None
) -> list[list[Any]]:
    """The raw values of any sheet (e.g. the Agenda as staff edited it)."""
    path = check_readable(path) if package is None else Path(path)
    return read_rows(path, (name,), package=package)[name]

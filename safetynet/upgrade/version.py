"""Which version of the program made a workbook, and what to say when it is older.

The version is the defined name ``SafetyNet_version``. From 0.2.0 on the build
points it at a cell on the Start sheet holding the version, because xlwings'
remote engine (xlwings Server, Office.js) passes only names that refer to
cells; the first 0.2.0 workbooks hold it as a constant (``="0.2.0"``), and
both forms are read. A workbook without the name was made by 0.1.0.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from typing import Any

from .. import __version__

VERSION_NAME = "SafetyNet_version"
FIRST_VERSION = "0.1.0"  # the last version that did not write its number into the workbook
# The last version whose workbooks may keep their version as a constant, which xlwings'
# remote engine does not pass: where that engine sees no version, it is this one or older.
UNSEEN_ON_SERVER = "0.2.0"
VERSION_LABEL = "Program version"  # beside the cell on the Start sheet
_VERSION = re.compile(r"\d+(?:\.\d+){1,2}")
_NAME = re.compile(r'<definedName\b[^>]*\bname="SafetyNet_version"[^>]*>([^<]*)</definedName>')
_CELL = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)$")


def plain_version(value: Any) -> str | None:
    """``value`` when it is a version number ("0.2.0"); None for anything typed over it."""
    text = str(value).strip().strip('="').strip() if value is not None else ""
    return text if _VERSION.fullmatch(text) else None


def cell_of(definition: str) -> tuple[str, int, int] | None:
    """(sheet, row, column), 1-based, of a name defined as one cell (``Start!$C$21``)."""
    found = _CELL.match(definition.strip())
    if not found:
        return None
    sheet = found.group(1).replace("''", "'") if found.group(1) else found.group(2)
    column = 0
    for letter in found.group(3):
        column = column * 26 + ord(letter) - 64
    return sheet, int(found.group(4)), column


def workbook_version(path: str | os.PathLike[str], package: bytes | None = None) -> str | None:
    """The version a workbook carries (FIRST_VERSION when none is written); None if unreadable.

    ``package``: the workbook decrypted in memory, for an encrypted file (``path`` then
    only names it). None too when the name's cell holds no version (typed over, deleted).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(package) if package is not None else path) as archive:
            text = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = _NAME.search(text)
    if not found:
        return FIRST_VERSION
    definition = found.group(1).replace("&quot;", '"').replace("&apos;", "'")
    cell = cell_of(definition)
    if cell is None:
        return plain_version(definition)  # the constant form: "0.2.0"
    return plain_version(_cell_value(path, package, *cell))


def _cell_value(path: Any, package: bytes | None, sheet: str, row: int, column: int) -> Any:
    from python_calamine import CalamineWorkbook

    try:
        if package is not None:
            book = CalamineWorkbook.from_filelike(io.BytesIO(package))
        else:
            book = CalamineWorkbook.from_path(str(path))
        try:
            rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        finally:
            book.close()
    except Exception:  # calamine's own errors: a damaged file, no such sheet
        return None
    if row <= len(rows) and column <= len(rows[row - 1]):
        return rows[row - 1][column - 1]
    return None


def name_version(name: Any) -> str | None:
    """The version an xlwings ``Name`` holds: its constant, or the value of its cell."""
    refers_to = str(name.refers_to or "")
    if cell_of(refers_to) is None:
        return plain_version(refers_to)
    try:
        return plain_version(name.refers_to_range.value)
    except Exception:  # a name left pointing at #REF!, a sheet the engine did not send
        return None


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3]) or (0,)


def is_older(version: str | None, than: str | None = None) -> bool:
    """Whether ``version`` is older than ``than`` (this program's version)."""
    return version is not None and version_key(version) < version_key(than or __version__)


def version_note(version: str | None, path_text: str = "PATH") -> str | None:
    """A plain paragraph when the workbook and the program are of different versions."""
    if version is None or version_key(version) == version_key(__version__):
        return None
    if is_older(version):
        return (
            f"This workbook was made by SafetyNet {version}; this program is {__version__}. "
            f'Run  safetynet upgrade "{path_text}"  to make it a {__version__} workbook: '
            f"every value typed on the data sheets, the Settings, the Lists, the Log and the "
            f"Agenda are carried over by header, the Dashboard, Monthly and Problems sheets are "
            f"rebuilt, and it gets this version's buttons and macros. The old file is kept "
            f"unchanged in the backups folder beside it."
        )
    return (
        f"This workbook was made by SafetyNet {version}, newer than this program "
        f"({__version__}). Update the program on this computer before using it "
        f"(run the install command again)."
    )


def unseen_version_note(path_text: str = "PATH") -> str | None:
    """What xlwings' remote engine says of a workbook whose version it cannot see.

    Such a workbook was made by UNSEEN_ON_SERVER or earlier: older than this program
    once this program is newer than that, and otherwise it cannot tell.
    """
    if is_older(UNSEEN_ON_SERVER):
        return version_note(f"{UNSEEN_ON_SERVER} or earlier", path_text)
    return None


def unseen_version_line(path_text: str = "PATH") -> str:
    """Check Setup's sentence on xlwings Server when it cannot tell which version made it."""
    return (
        f"Which version of SafetyNet made this workbook cannot be read here (it was "
        f'{UNSEEN_ON_SERVER} or earlier). To find out, run  safetynet check "{path_text}"  '
        f"on a computer that has the workbook file, or click Check Setup in desktop Excel."
    )

"""Where the files that ship with the program are: macros, templates, the blank workbook.

In a source checkout (and an editable install) they are the top-level folders
of the repository; in an installed wheel they are packaged under
``safetynet/_data``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
REPO = PACKAGE.parent


def _find(name: str) -> Path:
    for candidate in (REPO / name, PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    return REPO / name


def macros_dir() -> Path:
    return _find("macros")


def templates_dir() -> Path:
    return _find("templates")


def blank_workbook() -> Path:
    return _find("workbook") / "SafetyNet.xlsm"

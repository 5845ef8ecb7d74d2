"""Where the files that ship with the program are: macros, templates, the blank workbook.

In a source checkout (and an editable install) they are the top-level folders
of the repository; in an installed wheel they are packaged under
``safetynet/_data``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
REPO = PACKAGE.parent


def _in_checkout() -> bool:
    project = REPO / "pyproject.toml"
    return project.exists() and 'name = "safetynet"' in project.read_text(encoding="utf-8")


def _find(name: str) -> Path:
    if _in_checkout() and (REPO / name).is_dir():
        return REPO / name
    return PACKAGE / "_data" / name


def macros_dir() -> Path:
    return _find("macros")


def templates_dir() -> Path:
    return _find("templates")


def blank_workbook() -> Path:
    return _find("workbook") / "SafetyNet.xlsm"

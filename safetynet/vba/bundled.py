"""xlwings' standalone VBA, taken from the installed xlwings so the two always match.

xlwings.bas names the xlwings version and DLL it talks to; copying it from
the package that the workbook's Python will import keeps them in step. The
set matches xlwings' own quickstart_standalone.xlsm, minus its sample
Module1: a standard module "xlwings" and the class "Dictionary" (which
xlwings.bas uses on Mac instead of Scripting.Dictionary).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..model import SafetyNetError
from .source import ModuleKind, VbaModule

_FILES: tuple[tuple[str, ModuleKind, str], ...] = (
    ("xlwings", "standard", "xlwings.bas"),
    ("Dictionary", "class", "addin/Dictionary.cls"),
)


def xlwings_folder() -> Path:
    """Where xlwings is installed, found without importing it (import is slow)."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise SafetyNetError(
            "xlwings is not installed, so its VBA module cannot go into the workbook. "
            "Install it with: pip install xlwings"
        )
    return Path(spec.origin).parent


def xlwings_modules() -> list[VbaModule]:
    """The modules xlwings' standalone workbook ships, with their text as installed."""
    folder = xlwings_folder()
    modules = []
    for name, kind, relative in _FILES:
        path = folder / relative
        try:
            with path.open(encoding="cp1252", newline="") as file:
                text = file.read()
        except OSError:
            raise SafetyNetError(
                f"The xlwings package has no {relative}; reinstall xlwings."
            ) from None
        modules.append(VbaModule(name, kind, text))
    return modules

"""Compile macros/ and xlwings' standalone module into the workbook's VBA project."""

from __future__ import annotations

from collections.abc import Iterable

from ..resources import macros_dir


def macro_sources() -> list[tuple[str, str]]:
    """(module name, text) of each .bas file in macros/, sorted by name."""
    out = []
    for path in sorted(macros_dir().glob("*.bas")):
        text = path.read_text(encoding="utf-8")
        out.append((path.stem, text))
    return out


def vba_project_bytes(sheet_code_names: Iterable[str]) -> bytes:
    from ..vba import VbaModule, build_vba_project, xlwings_modules

    modules = [VbaModule("ThisWorkbook", "document", "")]
    modules += [VbaModule(name, "document", "") for name in sheet_code_names]
    modules += xlwings_modules()
    modules += [VbaModule(name, "standard", text) for name, text in macro_sources()]
    return build_vba_project(modules)


def macro_names() -> set[str]:
    """Every Sub defined in macros/, so tests can check each button's macro exists."""
    names = set()
    for _, text in macro_sources():
        for line in text.splitlines():
            words = line.strip().split()
            if len(words) >= 2 and words[0] in ("Sub", "Public") and "Sub" in words[:2]:
                name = words[words.index("Sub") + 1]
                names.add(name.split("(")[0])
    return names

"""What goes into a module's stream: the attribute header Excel expects, then the code.

The text contract, which tests check through olevba:

    stream text = header + body

- ``body`` is the caller's source with every line ending made "\\r\\n" (and one
  added after a last line that lacks it), minus what the export format puts
  at the top and VBA keeps elsewhere: a class file's ``VERSION 1.0 CLASS`` /
  ``BEGIN`` ... ``END`` block and the run of ``Attribute VB_...`` lines that
  opens the file. Everything after that run is kept byte for byte, including
  ``Attribute`` lines inside procedures (``Attribute Item.VB_UserMemId = 0``).
- ``header`` is the ``Attribute`` lines as Excel writes them for the kind of
  module: ``VB_Name`` always (from ``VbaModule.name``, never from the text);
  for document and class modules ``VB_Base`` and the standard flags. A class
  keeps the file's own ``VB_GlobalNameSpace``/``VB_Creatable``/
  ``VB_PredeclaredId``/``VB_Exposed`` values; any other opening attribute
  (``VB_Description``) follows the header in the file's order.

Text is stored in code page 1252, the project's code page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..model import SafetyNetError

CODEPAGE = 1252
ENCODING = "cp1252"
MAX_NAME_LENGTH = 31

WORKBOOK_MODULE = "ThisWorkbook"
_WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
_WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
_CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"
_CLASS_FLAGS = ("VB_GlobalNameSpace", "VB_Creatable", "VB_PredeclaredId", "VB_Exposed")

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_ATTRIBUTE = re.compile(r"Attribute\s+(VB_\w+)\s*=\s*(.*?)\s*\Z", re.IGNORECASE)
_CLASS_BLOCK = re.compile(r"VERSION\s+\d+\.\d+\s+CLASS\s*\Z", re.IGNORECASE)

ModuleKind = Literal["standard", "class", "document"]


class VbaSourceError(SafetyNetError):
    """A module cannot go into the VBA project as given (bad name, unsupported character)."""


@dataclass(frozen=True)
class VbaModule:
    """One VBA module: its name in the project, its kind and its source text.

    ``kind`` "document" is ThisWorkbook (name "ThisWorkbook") or a sheet's
    module (name = the sheet's code name); its source may be empty.
    """

    name: str
    kind: ModuleKind
    source: str


def check_name(name: str) -> None:
    """VBA identifiers: a letter, then letters, digits or _, at most 31 characters."""
    if not _NAME.match(name) or len(name) > MAX_NAME_LENGTH:
        raise VbaSourceError(
            f"The VBA module name {name!r} is not allowed: use a letter followed by "
            f"letters, digits or _, at most {MAX_NAME_LENGTH} characters."
        )


def _lines(source: str) -> list[str]:
    return source.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _strip_class_block(lines: list[str]) -> list[str]:
    """Drop a .cls file's VERSION/BEGIN...END block: VBA keeps it outside the stream."""
    if not lines or not _CLASS_BLOCK.match(lines[0].strip()):
        return lines
    for index, line in enumerate(lines[1:], start=1):
        if line.strip().upper() == "END":
            return lines[index + 1 :]
    return lines[1:]


def split_source(source: str) -> tuple[list[tuple[str, str]], str]:
    """(opening attributes as (name, value), body with "\\r\\n" endings) of a module's text."""
    lines = _strip_class_block(_lines(source))
    attributes: list[tuple[str, str]] = []
    index = 0
    while index < len(lines):
        match = _ATTRIBUTE.match(lines[index].strip())
        if not match:
            break
        attributes.append((match.group(1), match.group(2)))
        index += 1
    body = lines[index:]
    if body and body[-1] == "":
        body.pop()
    return attributes, "".join(line + "\r\n" for line in body)


def _header_lines(module: VbaModule, attributes: list[tuple[str, str]]) -> list[str]:
    given = {name.lower(): (name, value) for name, value in attributes}
    given.pop("vb_name", None)
    header: list[tuple[str, str]] = [("VB_Name", f'"{module.name}"')]
    if module.kind == "document":
        base = _WORKBOOK_BASE if module.name == WORKBOOK_MODULE else _WORKSHEET_BASE
        header += [
            ("VB_Base", f'"{base}"'),
            ("VB_GlobalNameSpace", "False"),
            ("VB_Creatable", "False"),
            ("VB_PredeclaredId", "True"),
            ("VB_Exposed", "True"),
            ("VB_TemplateDerived", "False"),
            ("VB_Customizable", "True"),
        ]
    elif module.kind == "class":
        header.append(("VB_Base", f'"{_CLASS_BASE}"'))
        header += [(flag, given.get(flag.lower(), (flag, "False"))[1]) for flag in _CLASS_FLAGS]
        header += [("VB_TemplateDerived", "False"), ("VB_Customizable", "False")]
    written = {name.lower() for name, _ in header}
    header += [(name, value) for name, value in given.values() if name.lower() not in written]
    return [f"Attribute {name} = {value}" for name, value in header]


def module_text(module: VbaModule) -> str:
    """The full text Excel keeps for ``module``: attribute header, then the body."""
    check_name(module.name)
    if module.kind not in ("standard", "class", "document"):
        raise VbaSourceError(
            f"The VBA module {module.name} has kind {module.kind!r}; "
            "use 'standard', 'class' or 'document'."
        )
    attributes, body = split_source(module.source)
    header = "".join(line + "\r\n" for line in _header_lines(module, attributes))
    return header + body


def module_bytes(module: VbaModule) -> bytes:
    """``module_text`` in the project's code page, or a plain error naming the line."""
    text = module_text(module)
    try:
        return text.encode(ENCODING)
    except UnicodeEncodeError:
        pass
    for number, line in enumerate(_lines(module.source), start=1):
        for character in line:
            try:
                character.encode(ENCODING)
            except UnicodeEncodeError:
                raise VbaSourceError(
                    f"The VBA module {module.name} has a character VBA cannot store "
                    f"({character!r}, U+{ord(character):04X}) on line {number}. "
                    "Replace it with a plain Western character."
                ) from None
    raise AssertionError("unreachable: the header is ASCII")

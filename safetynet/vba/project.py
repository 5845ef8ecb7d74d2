"""Build a source-only vbaProject.bin from module texts (MS-OVBA 2.2-2.3).

"Source-only" means no compiled p-code: ``_VBA_PROJECT`` says version 0xFFFF,
every module stream holds only compressed source (MODULEOFFSET 0), and the
Office application compiles the project when it opens it, on Windows or Mac,
32 or 64 bit. xlwings' own quickstart_standalone.xlsm is built the same way.

Streams written::

    PROJECT            text: modules, name, protection state, workspace
    PROJECTwm          module names in the code page and in UTF-16
    VBA/_VBA_PROJECT   cc 61 ff ff 00 01 00
    VBA/dir            compressed: project information, references, modules
    VBA/<module>       compressed source, one per module

Limits: module and project names are VBA identifiers (1-31 characters); the
source must fit code page 1252; the whole file must stay under the compound
file limit (about 6.8 MB, see ``cfb``). No UserForms (.frm): they need
designer storages this builder does not write. Document modules must match
the code names the workbook gives its sheets (XlsxWriter ``set_vba_name``).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

from .cfb import write_compound_file
from .compression import compress
from .protection import NO_PASSWORD, UNPROTECTED_STATE, VISIBLE, encrypt
from .source import CODEPAGE, ENCODING, VbaModule, VbaSourceError, check_name, module_bytes

# Fixed, so that the same modules give the same bytes. Any GUID will do; the
# protection values below are derived from it.
PROJECT_ID = "{2F6B9C1E-4A7D-4E3B-9F05-8C1D2E3A4B5C}"
_LCID = 0x0409
_SYSKIND_WIN64 = 3  # what Excel 64-bit writes; a source-only project is recompiled anyway
_VERSION_MAJOR, _VERSION_MINOR = 1, 0
_VBA_PROJECT_STREAM = b"\xcc\x61\xff\xff\x00\x01\x00"
_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
_RESERVED_STREAM_NAMES = {"dir", "_vba_project"}

# The references a new Excel workbook carries (VBA and Excel themselves are implicit).
_REFERENCES = (
    (
        "stdole",
        "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
        "C:\\Windows\\System32\\stdole2.tlb#OLE Automation",
    ),
    (
        "Office",
        "*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#"
        "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL#"
        "Microsoft Office 16.0 Object Library",
    ),
)


def _record(record_id: int, payload: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _text_pair(record_id: int, unicode_id: int, text: str) -> bytes:
    """A record in the code page followed by its UTF-16 twin (names, docstrings...)."""
    return _record(record_id, text.encode(ENCODING)) + _record(unicode_id, text.encode("utf-16-le"))


def _u16(value: int) -> bytes:
    return struct.pack("<H", value)


def _u32(value: int) -> bytes:
    return struct.pack("<I", value)


def _information_records(project_name: str) -> bytes:
    """PROJECTINFORMATION (2.3.4.2.1)."""
    return b"".join(
        [
            _record(0x0001, _u32(_SYSKIND_WIN64)),
            _record(0x0002, _u32(_LCID)),
            _record(0x0014, _u32(_LCID)),
            _record(0x0003, _u16(CODEPAGE)),
            _record(0x0004, project_name.encode(ENCODING)),
            _text_pair(0x0005, 0x0040, ""),
            _text_pair(0x0006, 0x003D, ""),
            _record(0x0007, _u32(0)),
            _record(0x0008, _u32(0)),
            # PROJECTVERSION: its "size" field is a reserved 4 followed by 6 bytes.
            struct.pack("<HIIH", 0x0009, 4, _VERSION_MAJOR, _VERSION_MINOR),
            _text_pair(0x000C, 0x003C, ""),
        ]
    )


def _reference_records() -> bytes:
    """PROJECTREFERENCES (2.3.4.2.2): a name and a registered type library each."""
    out = bytearray()
    for name, libid in _REFERENCES:
        out += _text_pair(0x0016, 0x003E, name)
        encoded = libid.encode(ENCODING)
        out += _record(0x000D, _u32(len(encoded)) + encoded + _u32(0) + _u16(0))
    return bytes(out)


def _module_record(module: VbaModule) -> bytes:
    """MODULE (2.3.4.2.3.2); the stream is named after the module."""
    module_type = 0x0021 if module.kind == "standard" else 0x0022
    return b"".join(
        [
            _record(0x0019, module.name.encode(ENCODING)),
            _record(0x0047, module.name.encode("utf-16-le")),
            _text_pair(0x001A, 0x0032, module.name),
            _text_pair(0x001C, 0x0048, ""),
            _record(0x0031, _u32(0)),  # MODULEOFFSET: source starts at byte 0
            _record(0x001E, _u32(0)),
            _record(0x002C, _u16(0xFFFF)),
            _record(module_type, b""),
            _record(0x002B, b""),
        ]
    )


def dir_stream(modules: Sequence[VbaModule], project_name: str) -> bytes:
    """The decompressed ``VBA/dir`` stream (2.3.4.2)."""
    return b"".join(
        [
            _information_records(project_name),
            _reference_records(),
            _record(0x000F, _u16(len(modules))),
            _record(0x0013, _u16(0xFFFF)),
            *(_module_record(module) for module in modules),
            _record(0x0010, b""),
        ]
    )


def project_stream(modules: Sequence[VbaModule], project_name: str) -> bytes:
    """The PROJECT stream (2.3.1): what the VBA editor lists, unprotected and visible."""
    kinds = {"document": "Document={}/&H00000000", "standard": "Module={}", "class": "Class={}"}
    lines = [f'ID="{PROJECT_ID}"']
    lines += [kinds[module.kind].format(module.name) for module in modules]
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{encrypt(PROJECT_ID, UNPROTECTED_STATE)}"',
        f'DPB="{encrypt(PROJECT_ID, NO_PASSWORD)}"',
        f'GC="{encrypt(PROJECT_ID, VISIBLE)}"',
        "",
        "[Host Extender Info]",
        _HOST_EXTENDER,
        "",
        "[Workspace]",
    ]
    lines += [f"{module.name}=0, 0, 0, 0, C" for module in modules]
    return "".join(line + "\r\n" for line in lines).encode(ENCODING) + b"\r\n"


def project_wm_stream(modules: Sequence[VbaModule]) -> bytes:
    """PROJECTwm (2.3.3): each module name in the code page and in UTF-16."""
    out = bytearray()
    for module in modules:
        out += module.name.encode(ENCODING) + b"\0"
        out += module.name.encode("utf-16-le") + b"\0\0"
    return bytes(out + b"\0\0")


def _check_modules(modules: Sequence[VbaModule], project_name: str) -> None:
    check_name(project_name)
    seen: set[str] = set()
    for module in modules:
        check_name(module.name)
        key = module.name.lower()
        if key in _RESERVED_STREAM_NAMES:
            raise VbaSourceError(
                f"A VBA module cannot be called {module.name}: the project uses that name. "
                "Rename the module."
            )
        if key in seen:
            raise VbaSourceError(
                f"Two VBA modules are called {module.name} (VBA ignores case). Rename one."
            )
        seen.add(key)


def build_vba_project(modules: Sequence[VbaModule], project_name: str = "VBAProject") -> bytes:
    """The vbaProject.bin bytes for ``modules``, in their order; same input, same bytes.

    Pass ThisWorkbook and one document module per sheet code name (their
    source may be empty), then standard and class modules. Raises
    VbaSourceError with a plain sentence for a bad name or character.
    """
    modules = list(modules)
    _check_modules(modules, project_name)
    streams = {
        "PROJECT": project_stream(modules, project_name),
        "PROJECTwm": project_wm_stream(modules),
        "VBA/_VBA_PROJECT": _VBA_PROJECT_STREAM,
        "VBA/dir": compress(dir_stream(modules, project_name)),
    }
    for module in modules:
        streams[f"VBA/{module.name}"] = compress(module_bytes(module))
    return write_compound_file(streams)

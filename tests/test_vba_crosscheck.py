"""The workbook's VBA project held against independent readers and against Excel's own.

Two readers that share no code with safetynet/vba: pyOpenVBA (MIT, pure
Python) reads every module back to the text in macros/ and in the installed
xlwings; olefile with oletools' decompressor reads the streams and the ``dir``
records, which are compared record by record with the project Excel saved in
xlwings' quickstart_standalone.xlsm (the same modules, xlwings and Dictionary,
from the same xlwings version).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import olefile
import pytest
from oletools.olevba import decompress_stream

from safetynet.build.macros import macro_sources
from safetynet.vba import xlwings_modules
from safetynet.vba.bundled import xlwings_folder

ROOT = Path(__file__).parent.parent
BUILT = ROOT / "workbook" / "SafetyNet.xlsm"
EXCEL = Path(__file__).parent / "data" / "excel" / "quickstart_standalone.xlsm"

# MS-OVBA 2.3.4.2 record ids, by name, for the messages.
NAMES = {
    0x01: "SYSKIND", 0x02: "LCID", 0x14: "LCIDINVOKE", 0x03: "CODEPAGE", 0x04: "NAME",
    0x05: "DOCSTRING", 0x40: "DOCSTRING unicode", 0x06: "HELPFILEPATH",
    0x3D: "HELPFILEPATH2", 0x07: "HELPCONTEXT", 0x08: "LIBFLAGS", 0x09: "VERSION",
    0x0C: "CONSTANTS", 0x3C: "CONSTANTS unicode", 0x16: "REFERENCENAME",
    0x3E: "REFERENCENAME unicode", 0x33: "REFERENCEORIGINAL", 0x2F: "REFERENCECONTROL",
    0x30: "REFERENCECONTROL extended", 0x0D: "REFERENCEREGISTERED", 0x0F: "MODULES",
    0x13: "COOKIE", 0x19: "MODULENAME", 0x47: "MODULENAME unicode",
    0x1A: "MODULESTREAMNAME", 0x32: "MODULESTREAMNAME unicode", 0x1C: "MODULEDOCSTRING",
    0x48: "MODULEDOCSTRING unicode", 0x31: "MODULEOFFSET", 0x1E: "MODULEHELPCONTEXT",
    0x2C: "MODULECOOKIE", 0x21: "MODULETYPE procedural", 0x22: "MODULETYPE document/class",
    0x25: "MODULEREADONLY", 0x28: "MODULEPRIVATE", 0x2B: "MODULE end", 0x10: "dir end",
}  # fmt: skip


def vba_bin(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/vbaProject.bin")


def streams(path: Path) -> dict[str, bytes]:
    """Every stream of the project, read by olefile (strict about the compound file)."""
    ole = olefile.OleFileIO(io.BytesIO(vba_bin(path)), raise_defects=olefile.DEFECT_INCORRECT)
    try:
        return {"/".join(entry): ole.openstream(entry).read() for entry in ole.listdir()}
    finally:
        ole.close()


def dir_records(path: Path) -> list[tuple[int, bytes]]:
    """(id, payload) of each record of the decompressed VBA/dir stream, in order."""
    data = bytes(decompress_stream(bytearray(streams(path)["VBA/dir"])))
    records, position = [], 0
    while position < len(data):
        record_id, size = struct.unpack_from("<HI", data, position)
        if record_id == 0x09:  # PROJECTVERSION's Size says 4 but 6 bytes follow
            size = 6
        records.append((record_id, data[position + 6 : position + 6 + size]))
        position += 6 + size
    assert position == len(data)
    return records


def sections(records: list[tuple[int, bytes]]):
    """(information, references, modules): the dir stream's three parts (MS-OVBA 2.3.4.2)."""
    ids = [record_id for record_id, _ in records]
    first_reference = ids.index(0x16)
    modules_at = ids.index(0x0F)
    information = ids[:first_reference]
    references: list[list[int]] = []
    for record_id in ids[first_reference:modules_at]:
        if record_id == 0x16 and (not references or references[-1][-1] in (0x0D, 0x30, 0x33)):
            references.append([])  # a new reference starts with its name
        references[-1].append(record_id)
    modules: list[list[int]] = []
    for record_id in ids[modules_at + 2 : -1]:  # after MODULES and COOKIE, before the end
        if record_id == 0x19:
            modules.append([])
        modules[-1].append(record_id)
    return information, references, modules, ids[modules_at : modules_at + 2], ids[-1]


def named(ids: list[int]) -> list[str]:
    return [NAMES.get(i, hex(i)) for i in ids]


@pytest.fixture(scope="module")
def excel_records():
    return dir_records(EXCEL)


@pytest.fixture(scope="module")
def our_records():
    return dir_records(BUILT)


def test_the_project_information_records_are_excels_in_excels_order(our_records, excel_records):
    ours, excels = sections(our_records)[0], sections(excel_records)[0]
    assert named(ours) == named(excels)
    by_id = dict(excel_records)
    for record_id, payload in our_records[: len(ours)]:
        if record_id in (0x02, 0x14, 0x03, 0x08, 0x07):  # LCID, CODEPAGE, flags, help context
            assert payload == by_id[record_id], NAMES[record_id]


def test_references_are_registered_references_as_excel_writes_its_office_one(
    our_records, excel_records
):
    ours, excels = sections(our_records)[1], sections(excel_records)[1]
    registered = ["REFERENCENAME", "REFERENCENAME unicode", "REFERENCEREGISTERED"]
    assert [named(r) for r in ours] == [registered, registered]  # stdole, Office
    # Excel's project also refers to MSForms through a REFERENCECONTROL (with its
    # ORIGINAL and extended records): the VBE adds it once a UserForm has been
    # inserted. Ours has no UserForm, so it has no such reference; a new Excel
    # workbook's project carries stdole and Office as registered references, as ours does.
    assert [named(r) for r in excels] == [
        [
            "REFERENCENAME", "REFERENCENAME unicode", "REFERENCEORIGINAL",
            "REFERENCECONTROL", "REFERENCENAME", "REFERENCENAME unicode",
            "REFERENCECONTROL extended",
        ],
        registered,
    ]  # fmt: skip
    office = [p for i, p in our_records if i == 0x0D][1]
    excel_office = next(p for i, p in excel_records if i == 0x0D)
    guid = re.compile(rb"\{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52\}#2\.0#0#")
    assert guid.search(office) and guid.search(excel_office)


def test_every_module_has_excels_records_in_excels_order(our_records, excel_records):
    _, _, ours, our_count, our_end = sections(our_records)
    _, _, excels, excel_count, excel_end = sections(excel_records)
    assert {tuple(named(m)) for m in ours} == {tuple(named(m)) for m in excels}
    assert named(our_count) == named(excel_count) == ["MODULES", "COOKIE"]
    assert named([our_end]) == named([excel_end]) == ["dir end"]
    count = struct.unpack("<H", dict(our_records)[0x0F])[0]
    assert count == len(ours)


def _module_kinds(records):
    """{module name: "procedural"/"document/class"} from the dir records."""
    kinds, name = {}, None
    for record_id, payload in records:
        if record_id == 0x19:
            name = payload.decode("cp1252")
        elif record_id in (0x21, 0x22):
            kinds[name] = NAMES[record_id].split()[-1]
    return kinds


def test_the_streams_are_the_ones_excel_writes(our_records, excel_records):
    ours, excels = streams(BUILT), streams(EXCEL)
    fixed = {"PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir"}
    assert fixed <= set(ours) and fixed <= set(excels)
    assert ours["VBA/_VBA_PROJECT"] == excels["VBA/_VBA_PROJECT"]  # source only: cc61 ffff
    stream_names = {p.decode("cp1252") for i, p in our_records if i == 0x1A}
    assert set(ours) - fixed == {f"VBA/{name}" for name in stream_names}
    kinds = _module_kinds(our_records)
    assert kinds["xlwings"] == _module_kinds(excel_records)["xlwings"] == "procedural"
    assert kinds["Dictionary"] == _module_kinds(excel_records)["Dictionary"] == "document/class"

    def keys(project: bytes) -> list[str]:
        """The PROJECT stream's keys in order, each module line reduced to its kind."""
        lines = project.decode("cp1252").splitlines()
        return list(dict.fromkeys(line.split("=")[0] for line in lines if "=" in line))

    assert keys(ours["PROJECT"])[:8] == keys(excels["PROJECT"])[:8]


def test_the_xlwings_modules_decompress_to_excels_text():
    """Same xlwings version, so our streams must hold the very source Excel stored."""
    from pyopenvba import ExcelFile

    with ExcelFile(str(BUILT)) as ours, ExcelFile(str(EXCEL)) as excels:
        our_modules, excel_modules = ours.vba_modules(), excels.vba_modules()
    assert _lines(our_modules["xlwings"]) == _lines(excel_modules["xlwings"])
    # Dictionary differs in letter case only ("Err.Raise" there is "err.Raise"): the VBE
    # respells every use of an identifier the way it was last typed anywhere in the
    # project, and VBA ignores case. Ours is the text as xlwings ships it.
    ours, excels = _lines(our_modules["Dictionary"]), _lines(excel_modules["Dictionary"])
    assert [line.casefold() for line in ours] == [line.casefold() for line in excels]
    assert 0 < sum(a != b for a, b in zip(ours, excels, strict=True)) < 20


def _lines(text: str) -> list[str]:
    """A module's code lines: no Attribute lines, no class header block, any line ending."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].startswith("VERSION 1.0 CLASS"):
        lines = lines[lines.index("END") + 1 :]
    code = [line for line in lines if not line.startswith("Attribute VB_")]
    while code and not code[-1].strip():
        code.pop()
    return code


def test_pyopenvba_reads_every_module_back_to_our_source():
    from pyopenvba import ExcelFile

    with ExcelFile(str(BUILT)) as workbook:
        found = workbook.vba_modules()
    expected = {name: text for name, text in macro_sources()}
    for module in xlwings_modules():
        expected[module.name] = module.source
    for name, text in expected.items():
        assert _lines(found[name]) == _lines(text), name
    # The raw files too, not only what our loader made of them.
    folder = xlwings_folder()
    raw = (folder / "xlwings.bas").read_text(encoding="cp1252")
    assert _lines(found["xlwings"]) == _lines(raw)
    raw_class = (folder / "addin" / "Dictionary.cls").read_text(encoding="cp1252")
    assert _lines(found["Dictionary"]) == _lines(raw_class)
    for path in sorted((ROOT / "macros").glob("*.bas")):
        assert _lines(found[path.stem]) == _lines(path.read_text(encoding="utf-8"))
    documents = set(found) - set(expected)
    assert "ThisWorkbook" in documents and "shYouths" in documents
    for name in documents:  # document modules hold their attributes and nothing else
        assert _lines(found[name]) == [], name

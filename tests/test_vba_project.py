"""The whole vbaProject.bin, read back by olefile and olevba, and compared with Excel's."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import olefile
import pytest
from helpers.properties import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from safetynet.vba import VbaModule, VbaSourceError, build_vba_project, xlwings_modules
from safetynet.vba.bundled import xlwings_folder
from safetynet.vba.project import PROJECT_ID
from safetynet.vba.protection import decrypt, project_key
from safetynet.vba.source import split_source

DATA = Path(__file__).parent / "data" / "vba"


def read(name: str) -> str:
    with (DATA / name).open(encoding="cp1252", newline="") as file:
        return file.read()


def sample_modules() -> list[VbaModule]:
    return [
        VbaModule("ThisWorkbook", "document", ""),
        VbaModule("shYouths", "document", ""),
        VbaModule("shAgenda", "document", "Private Sub Worksheet_Activate()\nEnd Sub\n"),
        *xlwings_modules(),
        VbaModule("Sample", "standard", read("Sample.bas")),
        VbaModule("Counter", "class", read("Counter.cls")),
    ]


@pytest.fixture(scope="module")
def project() -> bytes:
    return build_vba_project(sample_modules())


def decoded_modules(data: bytes) -> dict[str, str]:
    parser = VBA_Parser("vbaProject.bin", data=data)
    try:
        return {path.split("/")[-1]: code for _, path, _, code in parser.extract_macros()}
    finally:
        parser.close()


def without_opening_attributes(text: str) -> str:
    lines = text.split("\r\n")
    while lines and lines[0].startswith("Attribute VB_"):
        lines.pop(0)
    return "\r\n".join(lines)


def test_olevba_decodes_every_module_back_to_its_source(project):
    """Contract (see safetynet.vba.source): body kept exactly, endings CRLF, header ours."""
    decoded = decoded_modules(project)
    assert set(decoded) == {module.name for module in sample_modules()}
    for module in sample_modules():
        text = decoded[module.name]
        assert text.startswith(f'Attribute VB_Name = "{module.name}"\r\n')
        expected_body = module.source.replace("\r\n", "\n")
        expected_lines = expected_body.split("\n")
        if expected_lines and expected_lines[0].startswith("VERSION 1.0 CLASS"):
            expected_lines = expected_lines[expected_lines.index("END") + 1 :]
        while expected_lines and expected_lines[0].startswith("Attribute VB_"):
            expected_lines.pop(0)
        assert without_opening_attributes(text) == "\r\n".join(expected_lines), module.name


def test_xlwings_module_comes_back_byte_for_byte(project):
    installed = (xlwings_folder() / "xlwings.bas").read_bytes().decode("cp1252")
    assert decoded_modules(project)["xlwings"] == installed


def test_olefile_opens_it_strictly_and_lists_exactly_the_project_streams(project):
    ole = olefile.OleFileIO(project, raise_defects=olefile.DEFECT_INCORRECT)
    assert ole.parsing_issues == []
    names = {"/".join(path) for path in ole.listdir()}
    modules = {f"VBA/{module.name}" for module in sample_modules()}
    assert names == {"PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir"} | modules
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("cc61ffff000100")


def dir_modules(project: bytes) -> list[tuple[str, int, int]]:
    """(name, type record id, text offset) of each MODULE record, read independently."""
    ole = olefile.OleFileIO(project)
    raw = decompress_stream(bytearray(ole.openstream("VBA/dir").read()))
    found, position, current = [], 0, {}
    while position < len(raw):
        record_id, size = struct.unpack_from("<HI", raw, position)
        position += 6
        if record_id == 0x0009:  # PROJECTVERSION: "size" is a reserved 4, then 6 bytes
            size = 6
        payload = raw[position : position + size]
        position += size
        if record_id == 0x0019:
            current = {"name": payload.decode("cp1252")}
        elif record_id == 0x0031:
            current["offset"] = struct.unpack("<I", payload)[0]
        elif record_id in (0x0021, 0x0022):
            current["type"] = record_id
        elif record_id == 0x002B:
            found.append((current["name"], current["type"], current["offset"]))
        elif record_id == 0x0010:
            assert position == len(raw)
    return found


def test_dir_lists_modules_in_order_with_source_at_offset_zero(project):
    kinds = {"standard": 0x0021, "class": 0x0022, "document": 0x0022}
    assert dir_modules(project) == [(m.name, kinds[m.kind], 0) for m in sample_modules()]


def test_project_stream_lists_modules_and_says_unprotected(project):
    ole = olefile.OleFileIO(project)
    lines = ole.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    assert lines[:9] == [
        f'ID="{PROJECT_ID}"',
        "Document=ThisWorkbook/&H00000000",
        "Document=shYouths/&H00000000",
        "Document=shAgenda/&H00000000",
        "Module=xlwings",
        "Class=Dictionary",
        "Module=Sample",
        "Class=Counter",
        'Name="VBAProject"',
    ]
    values = dict(line.split("=", 1) for line in lines if line.startswith(("CMG=", "DPB=", "GC=")))
    states = {key: decrypt(value.strip('"')) for key, value in values.items()}
    assert states == {
        "CMG": (project_key(PROJECT_ID), b"\0\0\0\0"),
        "DPB": (project_key(PROJECT_ID), b"\0"),
        "GC": (project_key(PROJECT_ID), b"\xff"),
    }
    assert "[Host Extender Info]" in lines and "[Workspace]" in lines
    assert "Counter=0, 0, 0, 0, C" in lines


def test_projectwm_names_each_module_twice(project):
    wm = olefile.OleFileIO(project).openstream("PROJECTwm").read()
    assert wm.startswith(b"ThisWorkbook\0" + "ThisWorkbook".encode("utf-16-le") + b"\0\0")
    assert wm.endswith(b"Counter\0" + "Counter".encode("utf-16-le") + b"\0\0\0\0")


def test_same_modules_same_bytes(project):
    assert build_vba_project(sample_modules()) == project


def reference_project() -> olefile.OleFileIO:
    with zipfile.ZipFile(xlwings_folder() / "quickstart_standalone.xlsm") as xlsm:
        return olefile.OleFileIO(xlsm.read("xl/vbaProject.bin"))


def test_xlwings_modules_match_the_set_xlwings_ships_minus_its_sample():
    reference = reference_project().openstream("PROJECT").read().decode("cp1252")
    shipped = {
        tuple(line.split("="))
        for line in reference.split("\r\n")
        if line.startswith(("Module=", "Class="))
    }
    assert shipped - {("Module", "Module1")} == {
        ("Module" if m.kind == "standard" else "Class", m.name) for m in xlwings_modules()
    }


def test_headers_match_what_excel_wrote_in_the_reference(project):
    """Excel's own streams: same text for document modules; Dictionary differs only in case."""
    reference = reference_project()
    ours = decoded_modules(project)
    excel_offsets = {"ThisWorkbook": 0x333, "Dictionary": 0x48E9}  # p-code precedes the source
    for name, offset in excel_offsets.items():
        raw = reference.openstream(f"VBA/{name}").read()[offset:]
        excel_text = bytes(decompress_stream(bytearray(raw))).decode("cp1252")
        # The VBA editor re-cases identifiers it knows (err.Raise -> Err.Raise).
        assert ours[name].lower() == excel_text.lower(), name


def test_xlwings_modules_read_the_installed_files():
    modules = {module.name: module for module in xlwings_modules()}
    assert [(m.name, m.kind) for m in xlwings_modules()] == [
        ("xlwings", "standard"),
        ("Dictionary", "class"),
    ]
    installed = (xlwings_folder() / "addin" / "Dictionary.cls").read_bytes().decode("cp1252")
    assert modules["Dictionary"].source == installed
    assert "'Version: " in modules["xlwings"].source


@pytest.mark.parametrize(
    ("modules", "message"),
    [
        (
            [VbaModule("Tools", "standard", ""), VbaModule("TOOLS", "standard", "")],
            "Two VBA modules are called TOOLS (VBA ignores case). Rename one.",
        ),
        (
            [VbaModule("Dir", "standard", "")],
            "A VBA module cannot be called Dir: the project uses that name. Rename the module.",
        ),
    ],
)
def test_clashing_module_names_are_refused_in_plain_words(modules, message):
    with pytest.raises(VbaSourceError) as raised:
        build_vba_project(modules)
    assert raised.value.message == message


def test_a_bad_project_name_is_refused():
    with pytest.raises(VbaSourceError, match="is not allowed"):
        build_vba_project([VbaModule("A", "standard", "")], project_name="My Project")


@settings(max_examples=examples(25), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Sub End()x=1 'éü\"\n\r\t")), max_size=6000))
def test_any_module_text_survives_the_trip_through_olevba(source):
    data = build_vba_project([VbaModule("M", "standard", source)])
    decoded = decoded_modules(data)["M"]
    assert decoded == 'Attribute VB_Name = "M"\r\n' + split_source(source)[1]

"""Module text: the attribute header Excel expects, and the body kept exactly as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetynet.vba.source import VbaModule, VbaSourceError, module_bytes, module_text, split_source

DATA = Path(__file__).parent / "data" / "vba"

# Copied from the streams Excel wrote in xlwings' quickstart_standalone.xlsm.
THIS_WORKBOOK_HEADER = (
    'Attribute VB_Name = "ThisWorkbook"\r\n'
    'Attribute VB_Base = "0{00020819-0000-0000-C000-000000000046}"\r\n'
    "Attribute VB_GlobalNameSpace = False\r\n"
    "Attribute VB_Creatable = False\r\n"
    "Attribute VB_PredeclaredId = True\r\n"
    "Attribute VB_Exposed = True\r\n"
    "Attribute VB_TemplateDerived = False\r\n"
    "Attribute VB_Customizable = True\r\n"
)
SHEET_HEADER = THIS_WORKBOOK_HEADER.replace("ThisWorkbook", "shYouths").replace(
    "00020819", "00020820"
)


def read(name: str) -> str:
    with (DATA / name).open(encoding="cp1252", newline="") as file:
        return file.read()


def test_an_empty_document_module_gets_excels_header():
    assert module_text(VbaModule("ThisWorkbook", "document", "")) == THIS_WORKBOOK_HEADER
    assert module_text(VbaModule("shYouths", "document", "")) == SHEET_HEADER


def test_a_document_module_keeps_its_event_code():
    code = 'Private Sub Worksheet_Activate()\n    Me.Range("A1").Select\nEnd Sub\n'
    text = module_text(VbaModule("shYouths", "document", code))
    assert text == SHEET_HEADER + code.replace("\n", "\r\n")


def test_a_bas_file_gets_its_name_from_the_module_not_the_file():
    text = module_text(VbaModule("Sample", "standard", read("Sample.bas")))
    assert text.startswith('Attribute VB_Name = "Sample"\r\n\' A sample standard module')
    assert "WrongName" not in text
    assert text.count("Attribute") == 1


def test_a_cls_file_loses_its_version_block_and_keeps_its_own_flags():
    text = module_text(VbaModule("Counter", "class", read("Counter.cls")))
    header, body = text.split("' A sample class module", 1)
    assert header == (
        'Attribute VB_Name = "Counter"\r\n'
        'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"\r\n'
        "Attribute VB_GlobalNameSpace = False\r\n"
        "Attribute VB_Creatable = False\r\n"
        "Attribute VB_PredeclaredId = True\r\n"
        "Attribute VB_Exposed = True\r\n"
        "Attribute VB_TemplateDerived = False\r\n"
        "Attribute VB_Customizable = False\r\n"
        'Attribute VB_Description = "Counts things; used by the VBA compiler tests."\r\n'
    )
    assert "VERSION 1.0 CLASS" not in text and "MultiUse" not in text
    assert "Attribute Value.VB_UserMemId = 0\r\n" in body


def test_a_class_without_attributes_gets_private_defaults():
    text = module_text(VbaModule("Plain", "class", "Option Explicit\n"))
    assert "Attribute VB_PredeclaredId = False\r\n" in text
    assert "Attribute VB_Exposed = False\r\n" in text
    assert text.endswith("Attribute VB_Customizable = False\r\nOption Explicit\r\n")


@pytest.mark.parametrize(
    ("source", "body"),
    [
        ("a\nb\n", "a\r\nb\r\n"),
        ("a\r\nb\r\n", "a\r\nb\r\n"),
        ("a\rb", "a\r\nb\r\n"),
        ("a\n\n\nb\n\n", "a\r\n\r\n\r\nb\r\n\r\n"),
        ("", ""),
        ("\n", "\r\n"),
        ('  Attribute VB_Name = "x"\nSub A()\nEnd Sub', "Sub A()\r\nEnd Sub\r\n"),
    ],
)
def test_line_endings_become_crlf_and_blank_lines_survive(source, body):
    assert split_source(source)[1] == body


def test_attribute_lines_after_the_opening_run_are_code():
    _, body = split_source('Attribute VB_Name = "M"\nSub A()\nEnd Sub\nAttribute X.VB_Z = 1\n')
    assert body == "Sub A()\r\nEnd Sub\r\nAttribute X.VB_Z = 1\r\n"


def test_text_is_stored_in_code_page_1252():
    data = module_bytes(VbaModule("Sample", "standard", read("Sample.bas")))
    assert 'GREETING As String = "Caf\xe9 ok"'.encode("cp1252") in data


def test_a_character_outside_the_code_page_is_named_with_its_line():
    source = 'Sub A()\n    MsgBox "ok"\n    MsgBox "\u2713 done"\nEnd Sub\n'
    with pytest.raises(VbaSourceError) as raised:
        module_bytes(VbaModule("Buttons", "standard", source))
    assert raised.value.message == (
        "The VBA module Buttons has a character VBA cannot store ('\u2713', U+2713) on line 3. "
        "Replace it with a plain Western character."
    )


@pytest.mark.parametrize("name", ["", "1st", "has space", "dash-ed", "x" * 32, "Ünïcode"])
def test_names_that_are_not_vba_identifiers_are_refused(name):
    with pytest.raises(VbaSourceError, match="is not allowed"):
        module_text(VbaModule(name, "standard", ""))


def test_an_unknown_kind_is_refused():
    with pytest.raises(VbaSourceError, match="use 'standard', 'class' or 'document'"):
        module_text(VbaModule("M", "form", ""))  # type: ignore[arg-type]

"""Where documents go: --out from the current folder, the setting from the workbook's."""

from __future__ import annotations

from pathlib import Path

from safetynet.adapters.common import output_folder
from safetynet.schema import SET


def test_out_is_taken_from_the_current_folder_as_every_command_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert output_folder("county/SafetyNet.xlsm", {}, "relout") == tmp_path / "relout"


def test_without_out_documents_go_beside_a_workbook_named_relatively(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = output_folder("demo/SafetyNet.xlsm", {}, None)
    assert folder == tmp_path / "demo" / "SafetyNet Output"
    setting = output_folder("demo/SafetyNet.xlsm", {SET.output_folder: "Packets"}, None)
    assert setting == tmp_path / "demo" / "Packets"


def test_a_workbook_with_no_folder_of_its_own_writes_to_documents(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert output_folder(None, {}, None) == Path(tmp_path) / "Documents" / "SafetyNet Output"

"""Every part the build and every operation writes is valid ECMA-376, checked after each step.

Excel answers an invalid part with "We found a problem with some content" and
offers to repair (that is, drop) it. No machine here runs Excel, so the parts
are held against the schemas by openxml-audit (see helpers/ooxml_audit.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from helpers.ooxml_audit import schema_findings
from helpers.week import STEPS, run_step

from safetynet.build.workbook import build_workbook
from safetynet.demo import generate

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYNET_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))


def test_the_committed_workbook_has_no_findings():
    assert schema_findings(Path(__file__).parent.parent / "workbook" / "SafetyNet.xlsm") == []


def test_a_built_workbook_with_data_has_no_findings(tmp_path):
    path = build_workbook(tmp_path / "SafetyNet.xlsm", generate(youths=40, seed=5, today=TODAY))
    assert schema_findings(path) == []


@pytest.mark.parametrize("start", ["blank", "demo"])
def test_each_operation_leaves_no_findings(tmp_path, start):
    path = tmp_path / "SafetyNet.xlsm"
    if start == "blank":
        shutil.copyfile(Path(__file__).parent.parent / "workbook" / "SafetyNet.xlsm", path)
    else:
        build_workbook(path, generate(youths=60, seed=9, today=TODAY))
    for step, _sheets in STEPS:
        result = run_step(path, step, tmp_path / "out", TODAY)
        assert result.exit_code in (0, 1), result.output  # 1: validation found problems
        assert (step, schema_findings(path)) == (step, [])


def test_the_checker_finds_what_excel_would_refuse(tmp_path):
    """A cell in the wrong place and a part that is not XML: both reported, by part."""
    import zipfile

    source = Path(__file__).parent.parent / "workbook" / "SafetyNet.xlsm"
    broken = tmp_path / "broken.xlsm"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(broken, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData><c/>", 1)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"<sheetData>", b"<sheetData><row>", 1)
            new.writestr(info, data)
    found = schema_findings(broken)
    assert any("/xl/worksheets/sheet1.xml" in line and "'c'" in line for line in found)
    assert any(line.startswith("[xml] /xl/worksheets/sheet2.xml") for line in found)

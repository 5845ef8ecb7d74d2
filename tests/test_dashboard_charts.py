"""The Dashboard as built: native charts bound to the layout's ranges, following a refresh."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers.stats_books import TODAY, hand_counted_book

from safetynet.build.dashboard_charts import CHARTS, add_dashboard
from safetynet.core.dashboard_layout import TABLE, TABLES
from safetynet.operations.dashboard import refresh_dashboard


def build_dashboard_only(path: Path) -> Path:
    import xlsxwriter

    from safetynet.xlsx.styles import register_styles

    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet("Dashboard")
    styles = register_styles(workbook)
    add_dashboard(workbook, worksheet, styles)
    for offset, style in enumerate(styles.values()):  # as the real build: every style present
        worksheet.set_column(40 + offset, 40 + offset, None, style, {"hidden": True})
    workbook.close()
    return path


@pytest.fixture
def built(tmp_path):
    return build_dashboard_only(tmp_path / "dashboard.xlsx")


def chart_parts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [
            archive.read(name).decode()
            for name in sorted(archive.namelist())
            if re.fullmatch(r"xl/charts/chart\d+\.xml", name)
        ]


def test_at_least_six_native_charts(built):
    assert len(chart_parts(built)) == len(CHARTS) >= 6


def test_every_chart_reads_a_fixed_dashboard_range(built):
    expected = {TABLE[spec.table].reference(c)[1:] for spec in CHARTS for c in spec.columns}
    found = set()
    for xml in chart_parts(built):
        found |= set(re.findall(r"<c:f>([^<]+)</c:f>", xml))
    assert expected <= found
    assert "'Dashboard'!$B$18:$B$41" in found  # 24 months of new referrals


def test_the_charts_cover_the_asked_for_measures():
    assert {spec.table for spec in CHARTS} >= {
        "referrals_by_month",
        "age",
        "race",
        "risk",
        "services",
        "ywsp",
    }
    services = next(spec for spec in CHARTS if spec.table == "services")
    assert services.columns == (1, 2)  # referred and connected side by side


def test_built_sheet_has_labels_and_zeros(built):
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(built)).get_sheet_by_name("Dashboard").to_python()
    race = TABLE["race"]
    assert rows[race.first_row][0] == "American Indian/Alaska Native"
    assert rows[race.first_row][1] == 0
    assert rows[TABLES[0].top][0] == "At a glance"


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_libreoffice_renders_refreshed_values_and_charts(tmp_path):
    """The real build, then Refresh writes values only (the zip patch); LibreOffice draws them."""
    from safetynet.build.workbook import build_workbook
    from safetynet.xlsx.write import SheetWrite, write_workbook

    built = build_workbook(tmp_path / "dashboard.xlsm")
    assert len(chart_parts(built)) >= 6
    outcome = refresh_dashboard(hand_counted_book(), today=TODAY)
    write_workbook(built, [SheetWrite("Dashboard", outcome.sheets["Dashboard"])])
    assert len(chart_parts(built)) == len(CHARTS)  # the charts survived the write
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(built),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "dashboard.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Refreshed 20 November 2026" in text
    assert re.search(r"Active youths\s+4\b", text)
    assert re.search(r"Youths in the workbook\s+5\b", text)
    assert re.search(r"2025 Fall\s+2\s+67%", text)  # rates styled as percentages
    # The cohort's name is in the table and again on the YWSP chart's axis: the chart
    # follows the refreshed cells.
    assert text.count("2025 Fall") >= 2

"""The Dashboard sheet as built: its labels, zeros and native Excel charts.

The charts point at the fixed ranges of ``core.dashboard_layout``, so
Refresh Dashboard only rewrites cell values and Excel (or LibreOffice)
redraws the charts from them. No chart is ever rewritten by the program.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.dashboard_layout import TABLE, WIDTHS, Table, dashboard_grid
from ..grid import Cell
from ..schema import YOUTHS

CHART_COLUMN = 6  # column G: charts sit right of the tables
CHART_SIZE = {"width": 620, "height": 300}
CHART_ROWS = 16  # rows each chart takes, with a gap
NAVY, TEAL = "#1F4E79", "#2E8B87"


@dataclass(frozen=True)
class ChartSpec:
    """One chart: which table, its kind, which value columns, and its title."""

    table: str
    kind: str  # XlsxWriter chart type
    columns: tuple[int, ...]
    title: str
    percent: bool = False
    subtype: str | None = None


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("referrals_by_month", "column", (1,), "New referrals per month (last 24 months)"),
    ChartSpec("age", "bar", (1,), "Age at referral"),
    ChartSpec("race", "bar", (1,), "Race/ethnicity"),
    ChartSpec("risk", "bar", (2,), "Youths with each risk factor", percent=True),
    ChartSpec("services", "column", (1, 2), "Services: referred and connected"),
    ChartSpec("ywsp", "column", (2, 3), "YWSP attendance and completion by cohort", percent=True),
    ChartSpec("gender", "pie", (1,), YOUTHS.cols.gender),
)


def add_dashboard(workbook: Any, worksheet: Any, formats: Mapping[str, Any]) -> None:
    """Write the Dashboard's labels and zeros, then one native chart per ``CHARTS`` entry."""
    for column, width in enumerate(WIDTHS):
        worksheet.set_column(column, column, width)
    # Printed for the table: landscape, tables and charts one page wide.
    worksheet.set_landscape()
    worksheet.fit_to_pages(1, 0)
    worksheet.hide_gridlines(2)
    for row_number, row in enumerate(dashboard_grid(note="Click Refresh Dashboard to fill it.")):
        for column, entry in enumerate(row):
            if entry is None:
                continue
            value, style = (entry.value, entry.style) if isinstance(entry, Cell) else (entry, None)
            if value is None:
                continue
            worksheet.write(row_number, column, value, formats.get(style) if style else None)
    for number, spec in enumerate(CHARTS):
        chart = _chart(workbook, spec, TABLE[spec.table])
        row = 3 + (number // 2) * CHART_ROWS
        column = CHART_COLUMN + (number % 2) * 10
        worksheet.insert_chart(row, column, chart, {"object_position": 1})


def _chart(workbook: Any, spec: ChartSpec, table: Table) -> Any:
    options = {"type": spec.kind}
    if spec.subtype:
        options["subtype"] = spec.subtype
    chart = workbook.add_chart(options)
    colours = (NAVY, TEAL)
    for index, column in enumerate(spec.columns):
        series: dict[str, Any] = {
            "name": table.header_reference(column),
            "categories": table.reference(0),
            "values": table.reference(column),
        }
        if spec.kind != "pie":
            series["fill"] = {"color": colours[index % len(colours)]}
            series["gap"] = 60
        chart.add_series(series)
    chart.set_title({"name": spec.title, "name_font": {"size": 11}})
    chart.set_size(CHART_SIZE)
    if spec.kind == "pie":
        return chart
    value_axis = {"major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}, "min": 0}
    if spec.percent:
        value_axis["num_format"] = "0%"
        value_axis["max"] = 1
    if spec.kind == "bar":
        chart.set_x_axis(value_axis)
        chart.set_y_axis({"reverse": True})  # first label on top, as in the table
    else:
        chart.set_y_axis(value_axis)
    chart.set_legend({"position": "bottom"} if len(spec.columns) > 1 else {"none": True})
    return chart

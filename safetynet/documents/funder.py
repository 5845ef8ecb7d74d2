"""The funder report as a Word document: the month, the masked table and one chart.

Only masked counts reach this module: it is handed what the Monthly sheet
shows, never the raw counts. The file name holds the month and nothing else.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.masking import masking_rule
from ..core.monthly import NEW_YOUTHS, MonthlyTable
from ..display import full_date
from .funder_template import TEMPLATE_NAME, make_funder_template
from .render import BrokenTemplate, save, template_bytes, templates_folder

DEFINITIONS = (
    "A youth counts as new once per federal fiscal year (October–September), in the month of "
    "their first contact that year: their referral to the table, or a case review at which they "
    "were discussed. Demographics are for new youths; age is age at referral. Gender Other "
    "includes transgender and non-binary youths. Human Trafficking: Sex counts youths whose "
    "exploitation is confirmed or suspected. Services are referrals the table made, by the "
    "month they were made. A case review is one youth discussed at one weekly meeting."
)


def funder_report_name(month: pd.Period) -> str:
    """``SafetyNet funder report 2026-10.docx``: a month, never a name."""
    return f"SafetyNet funder report {month.strftime('%Y-%m')}.docx"


def report_rows(table: MonthlyTable, shown: Sequence[Sequence[Any]]) -> list[dict[str, str]]:
    """Rows for the template: a heading row per section, then each measure's month and YTD."""
    month_index = len(table.reported_months) - 1
    rows: list[dict[str, str]] = []
    section = None
    for row, cells in zip(table.rows, shown, strict=True):
        if row.section != section:
            section = row.section
            rows.append({"label": section.upper(), "month": "", "ytd": ""})
        rows.append(
            {"label": row.label, "month": _text(cells[month_index]), "ytd": _text(cells[-1])}
        )
    return rows


def _text(value: Any) -> str:
    return "" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def chart_bars(
    table: MonthlyTable, shown: Sequence[Sequence[Any]]
) -> list[tuple[str, int, str | None]]:
    """(month, bar height, label) for new youths: a masked month has no bar, only its mark."""
    line = next(
        cells for row, cells in zip(table.rows, shown, strict=True) if row.label == NEW_YOUTHS
    )
    return [
        (
            month.strftime("%b %Y"),
            value if isinstance(value, int) else 0,
            None if value is None else str(value),
        )
        for month, value in zip(table.months, line, strict=False)
    ]


CHART_SIZE = (975, 390)  # pixels: 6.5 by 2.6 inches at 150 dpi
BAR_COLOUR, TEXT_COLOUR, AXIS_COLOUR = "#1F4E79", "#262626", "#7F7F7F"


def chart_png(table: MonthlyTable, shown: Sequence[Sequence[Any]]) -> bytes:
    """New youths per month as a bar chart picture (PNG) for the Word report.

    Drawn with Pillow rather than a plotting library: the report needs one
    plain chart, and a click should not pay half a second of imports for it.
    A masked month has no bar, only its mark ("<11"), so the picture never
    shows more than the table does.
    """
    from PIL import Image, ImageDraw, ImageFont

    bars = chart_bars(table, shown)
    width, height = CHART_SIZE
    image = Image.new("RGB", CHART_SIZE, "white")
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=22)
    font = ImageFont.load_default(size=17)
    title = f"New youths per month, fiscal year {table.fiscal_year}"
    draw.text((width / 2, 12), title, fill=TEXT_COLOUR, font=title_font, anchor="mt")
    left, right, top, bottom = 40, width - 20, 70, height - 60
    draw.line([(left, bottom), (right, bottom)], fill=AXIS_COLOUR, width=2)
    tallest = max([h for _, h, _ in bars] + [1])
    slot = (right - left) / max(len(bars), 1)
    for index, (month, value, text) in enumerate(bars):
        centre = left + slot * (index + 0.5)
        bar_top = bottom - (bottom - top) * value / (tallest * 1.15)
        if value:
            draw.rectangle(
                [centre - slot * 0.32, bar_top, centre + slot * 0.32, bottom], fill=BAR_COLOUR
            )
        if text is not None:
            draw.text((centre, bar_top - 4), text, fill=TEXT_COLOUR, font=font, anchor="mb")
        short, year = month.split()
        draw.text((centre, bottom + 8), short, fill=TEXT_COLOUR, font=font, anchor="mt")
        draw.text((centre, bottom + 30), year, fill=AXIS_COLOUR, font=font, anchor="mt")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(150, 150))
    return buffer.getvalue()


def _template(folder: Path | None) -> bytes:
    """Staff's template beside the workbook, else the shipped one, else a fresh default."""
    for place in (folder, templates_folder(None)):
        if place is not None and (place / TEMPLATE_NAME).is_file():
            return template_bytes(place, TEMPLATE_NAME)
    with tempfile.TemporaryDirectory(prefix="safetynet-template-") as scratch:
        return make_funder_template(Path(scratch) / TEMPLATE_NAME).read_bytes()


def write_funder_report(
    table: MonthlyTable,
    shown: Sequence[Sequence[Any]],
    settings: Mapping[str, Any],
    threshold: int,
    out_dir: Path,
    *,
    template_folder: Path | None = None,
    today: dt.date,
) -> Path:
    """Fill the funder template and save it in ``out_dir``; returns the file's path."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage
    from jinja2 import TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    template = DocxTemplate(io.BytesIO(_template(template_folder)))
    first = table.months[0]
    context = {
        "program_name": str(settings.get("Program Name") or "SafetyNet"),
        "county": str(settings.get("County") or ""),
        "lead_agency": str(settings.get("Lead Agency") or ""),
        "month_label": table.through.strftime("%B %Y"),
        "fiscal_year": table.fiscal_year,
        "fiscal_year_start": first.strftime("%B %Y"),
        "masking_rule": masking_rule(threshold),
        "rows": report_rows(table, shown),
        "chart": InlineImage(template, io.BytesIO(chart_png(table, shown)), width=Mm(165)),
        "definitions": DEFINITIONS,
        "prepared": full_date(today),
    }
    try:
        template.render(context, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
    except TemplateError as exc:
        raise BrokenTemplate(
            f"The template {TEMPLATE_NAME} has a tag that cannot be filled ({exc}). "
            f"Fix the tag in Word, or delete the file to use the default."
        ) from exc
    except Exception as exc:  # a damaged .docx
        raise BrokenTemplate(
            f"The template {TEMPLATE_NAME} could not be read as a Word document "
            f"({type(exc).__name__}). Restore it from a backup, or delete it to use the default."
        ) from exc
    return save(template, out_dir / funder_report_name(table.through))

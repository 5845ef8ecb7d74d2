"""Named cell styles, and finding them again in a saved workbook's styles.xml.

The builder registers these styles with XlsxWriter; the writer never changes
styles.xml, so it must find each style's ``xf`` index by its properties. Excel
may reorder fonts or add xfs when it re-saves, so the match is by what the
style looks like, never by position.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..grid import STYLES, Cell
from .cells import kind_of

DATE_STYLES = ("date", "datetime")
# A workbook built before a style existed lacks it: the nearest older style stands in.
STAND_INS = {"alert": "bold", "top_center": "top"}

# Excel's built-in number formats (ECMA-376 part 1, 18.8.30) that a file may use
# by id alone, without a <numFmt> element.
BUILTIN_FORMATS: dict[int, str] = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
BUILTIN_DATE_IDS = frozenset(range(14, 23)) | {45, 46, 47}


def register_styles(workbook: Any) -> dict[str, Any]:
    """Add every named style to an XlsxWriter workbook; the builder uses each once."""
    return {name: workbook.add_format(dict(props)) for name, props in STYLES.items()}


def normalise_format(code: str) -> str:
    """A number format code as Excel may re-spell it: no escapes, quotes or case."""
    code = re.sub(r"\\(.)", r"\1", code)
    return code.replace('"', "").lower().strip()


def is_date_format(code: str) -> bool:
    """True for a format that shows a number as a date (d, m or y outside quotes)."""
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return bool(re.search(r"[dy]", bare)) or ("m" in bare and "0" not in bare)


@dataclass(frozen=True)
class XfLook:
    """What one cellXfs entry looks like, reduced to the properties STYLES use."""

    num_format: str
    is_date: bool
    bold: bool
    italic: bool
    underline: bool
    font_size: float | None
    font_color: str | None
    bg_color: str | None
    border: bool
    text_wrap: bool
    valign: str | None
    halign: str | None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _children(element: ET.Element | None, name: str) -> list[ET.Element]:
    if element is None:
        return []
    return [child for child in element if _local(child.tag) == name]


def _flag(font: ET.Element | None, name: str) -> bool:
    element = None if font is None else _child(font, name)
    if element is None:
        return False
    return element.get("val", "1") not in ("0", "false", "none")


def _rgb(element: ET.Element | None) -> str | None:
    if element is None or element.get("rgb") is None:
        return None
    return element.get("rgb", "")[-6:].upper()


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _unless_default(alignment: ET.Element | None, name: str, default: str) -> str | None:
    """An alignment attribute, or None where it only spells out Excel's default."""
    value = None if alignment is None else alignment.get(name)
    return None if value == default else value


def read_looks(styles_xml: bytes) -> list[XfLook]:
    """Every cellXfs entry of a styles.xml, in index order."""
    root = ET.fromstring(styles_xml)
    formats = {nid: code for nid, code in BUILTIN_FORMATS.items()}
    custom_ids: set[int] = set()
    for numfmt in _children(_child(root, "numFmts"), "numFmt"):
        nid = _int(numfmt.get("numFmtId"))
        formats[nid] = numfmt.get("formatCode", "")
        custom_ids.add(nid)
    fonts = _children(_child(root, "fonts"), "font")
    fills = _children(_child(root, "fills"), "fill")
    borders = _children(_child(root, "borders"), "border")
    looks = []
    for xf in _children(_child(root, "cellXfs"), "xf"):
        nid = _int(xf.get("numFmtId"))
        code = formats.get(nid, "General")
        font = fonts[_int(xf.get("fontId"))] if _int(xf.get("fontId")) < len(fonts) else None
        fill = fills[_int(xf.get("fillId"))] if _int(xf.get("fillId")) < len(fills) else None
        border = (
            borders[_int(xf.get("borderId"))] if _int(xf.get("borderId")) < len(borders) else None
        )
        pattern = None if fill is None else _child(fill, "patternFill")
        solid = pattern is not None and pattern.get("patternType") == "solid"
        size = None if font is None else _child(font, "sz")
        alignment = _child(xf, "alignment")
        looks.append(
            XfLook(
                num_format=normalise_format(code),
                is_date=(nid in BUILTIN_DATE_IDS) or (nid in custom_ids and is_date_format(code)),
                bold=_flag(font, "b"),
                italic=_flag(font, "i"),
                underline=_flag(font, "u"),
                font_size=None if size is None else float(size.get("val", "0")),
                font_color=None if font is None else _rgb(_child(font, "color")),
                bg_color=_rgb(_child(pattern, "fgColor"))
                if solid and pattern is not None
                else None,
                border=border is not None
                and any(side.get("style") for side in border if _local(side.tag) != "diagonal"),
                text_wrap=alignment is not None and alignment.get("wrapText") in ("1", "true"),
                valign=_unless_default(alignment, "vertical", "bottom"),
                halign=_unless_default(alignment, "horizontal", "general"),
            )
        )
    return looks


def _hex(color: Any) -> str | None:
    return str(color).lstrip("#").upper() if color else None


def _matches(look: XfLook, props: Mapping[str, Any], base_size: float | None) -> bool:
    """True when ``look`` has exactly the properties asked for and nothing more."""
    wanted = XfLook(
        num_format=normalise_format(str(props.get("num_format", "General"))),
        is_date=look.is_date,
        bold=bool(props.get("bold")),
        italic=bool(props.get("italic")),
        underline=bool(props.get("underline")),
        font_size=float(props["font_size"]) if "font_size" in props else base_size,
        font_color=_hex(props.get("font_color")),
        bg_color=_hex(props.get("bg_color")),
        border=bool(props.get("border")),
        text_wrap=bool(props.get("text_wrap")),
        valign={"vcenter": "center", "vjustify": "justify"}.get(
            props.get("valign", ""), props.get("valign")
        ),
        halign={"centre": "center"}.get(props.get("align", ""), props.get("align")),
    )
    return look == wanted


def find_style_indexes(
    styles_xml: bytes, styles: Mapping[str, Mapping[str, Any]] = STYLES
) -> dict[str, int | None]:
    """The xf index of each named style, or a date fallback, or None when absent."""
    looks = read_looks(styles_xml)
    base_size = looks[0].font_size if looks else None
    base_color = looks[0].font_color if looks else None
    # LibreOffice spells the automatic font colour out (black); it means no colour.
    looks = [
        replace(look, font_color=None) if look.font_color == base_color else look for look in looks
    ]
    found: dict[str, int | None] = {}
    for name, props in styles.items():
        found[name] = next(
            (i for i, look in enumerate(looks) if _matches(look, props, base_size)), None
        )
    for name, older in STAND_INS.items():
        if name in styles and found.get(name) is None:
            found[name] = found.get(older)
    plainest_date = _plainest_date(looks)
    for name in DATE_STYLES:
        if name in styles and found.get(name) is None:
            found[name] = plainest_date
    return found


def _plainest_date(looks: list[XfLook]) -> int | None:
    """Any xf that shows dates, preferring one with no other decoration."""
    dates = [i for i, look in enumerate(looks) if look.is_date]
    if not dates:
        return None

    def decoration(i: int) -> int:
        look = looks[i]
        return sum(
            [
                look.bold,
                look.italic,
                look.underline,
                look.bg_color is not None,
                look.border,
                look.font_color is not None,
            ]
        )

    return min(dates, key=lambda i: (decoration(i), i))


def date_xfs(styles_xml: bytes) -> frozenset[int]:
    """Indexes of the xfs that display a number as a date."""
    return frozenset(i for i, look in enumerate(read_looks(styles_xml)) if look.is_date)


STYLES_PART = "xl/styles.xml"


@dataclass
class Styles:
    """Style names -> xf indexes of this workbook, and which xfs show dates."""

    indexes: dict[str, int | None]
    dates: frozenset[int]

    @classmethod
    def of(cls, parts: Mapping[str, bytes]) -> Styles:
        if STYLES_PART not in parts:
            return cls({name: None for name in STYLES}, frozenset())
        xml = parts[STYLES_PART]
        return cls(find_style_indexes(xml), date_xfs(xml))

    def for_value(self, value: Any, wanted: int | None) -> int | None:
        """``wanted``, unless a date would show as a bare number or a number as a date.

        A plain number under a date format would read back as a made-up date (and
        readers fail on serials outside Excel's calendar), so it is left unstyled.
        """
        kind = kind_of(value)
        if kind == "number" and wanted in self.dates:
            return None
        if kind in ("date", "datetime") and (wanted is None or wanted not in self.dates):
            fallback = self.indexes.get(kind)
            if fallback is None:
                fallback = self.indexes.get("date")
            return fallback if fallback is not None else wanted
        return wanted

    def for_cell(self, _col: int, value: Any, cell: Cell | None) -> int | None:
        name = cell.style if cell is not None else None
        if name is None and cell is not None and cell.link:
            name = "link"
        if name is None and kind_of(value) in ("date", "datetime"):
            name = kind_of(value)
        return self.for_value(value, self.indexes.get(name) if name else None)

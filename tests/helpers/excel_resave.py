"""A SafetyNet workbook rewritten the way Excel rewrites one when staff save it.

No machine here runs Excel, so this helper makes, from a built workbook, the
file a coordinator's Excel would hand back after a few weeks of use. Each
change copies what Excel 2016 and later write (compare the POI fixtures in
tests/data/excel/, saved by Excel):

- every worksheet declares ``mc:Ignorable="x14ac xr xr2 xr3"`` and its rows carry
  ``x14ac:dyDescent``; workbook.xml ends in an ``extLst`` (x15 workbookPr);
- shared strings, one of them rich text (a bold run and a plain one) in a Notes cell;
- a calcChain.xml listing the Age formula cells;
- a sheet the user added ("My Notes", placed last);
- a column the user added at the right of the Youths table ("Caseworker Phone"),
  with a dropdown kept in an x14 ``extLst`` (a list on another sheet);
- the Meetings table sorted by Meeting Date, newest first, and filtered to the
  in-custody and out-of-custody sections (the other rows hidden), with the
  table's ``autoFilter``/``sortState`` saying so.

    from helpers.excel_resave import excel_resave, USER_PARTS
    excel_resave(built, resaved)
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from safetynet.schema import MEETINGS, YOUTHS
from safetynet.xlsx.package import find_sheet_part, find_table

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NAMESPACES = (
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' mc:Ignorable="x14ac xr xr2 xr3"'
    ' xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"'
    ' xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"'
    ' xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2"'
    ' xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3"'
)
USER_SHEET = "My Notes"
USER_SHEET_PART = "xl/worksheets/sheet99.xml"
USER_COLUMN = "Caseworker Phone"
RICH_NOTE = ("Call first: ", "only the advocate")  # bold, then plain
SECTIONS_SHOWN = ("In custody", "Out of custody")
# Parts the resave adds that no operation may ever touch.
USER_PARTS = (USER_SHEET_PART, "xl/calcChain.xml")

_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>.*?</row>)", re.S)
_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_CELL_REF = re.compile(rb'(<c r=")([A-Z]+)(\d+)(")')


def _letter(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Package:
    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as archive:
            self.order = [info.filename for info in archive.infolist()]
            self.parts = {name: archive.read(name) for name in self.order}
        self.name = path.name

    def sheet(self, name: str) -> str:
        return find_sheet_part(self.parts, name, self.name)

    def save(self, path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in self.order:
                archive.writestr(name, self.parts[name])


def _shared_strings(package: _Package) -> list[str]:
    root = ET.fromstring(package.parts["xl/sharedStrings.xml"])
    return ["".join(t.text or "" for t in si.iter(f"{{{MAIN}}}t")) for si in root]


def _add_shared_string(package: _Package, si_xml: str) -> int:
    xml = package.parts["xl/sharedStrings.xml"].decode()
    count = len(_shared_strings(package))
    xml = xml.replace("</sst>", si_xml + "</sst>")
    xml = re.sub(r'uniqueCount="\d+"', f'uniqueCount="{count + 1}"', xml, count=1)
    package.parts["xl/sharedStrings.xml"] = xml.encode()
    return count


def _excel_dress(xml: bytes) -> bytes:
    """The namespaces, revision id and dyDescent Excel adds to every worksheet."""
    xml = re.sub(
        rb"<worksheet ([^>]*)>",
        lambda m: b"<worksheet " + m.group(1) + NAMESPACES.encode()
        + b' xr:uid="{8A1F2C3D-0000-4000-8000-00000000AB01}">',
        xml, count=1,
    )  # fmt: skip
    xml = re.sub(rb"<sheetFormatPr ", b'<sheetFormatPr x14ac:dyDescent="0.25" ', xml, count=1)
    return re.sub(rb"<row (r=\"\d+\")", rb'<row \1 x14ac:dyDescent="0.25"', xml)


def _add_user_column(package: _Package) -> None:
    """Caseworker Phone at the right of the Youths table, its header and a few values."""
    sheet_part = package.sheet(YOUTHS.name)
    table = find_table(package.parts, YOUTHS.name, YOUTHS.table, package.name)
    table_xml = package.parts[table.part].decode()
    width = len(YOUTHS.columns)
    letter, old_letter = _letter(width), _letter(width - 1)
    table_xml = re.sub(
        rf'ref="A1:{old_letter}(\d+)"', rf'ref="A1:{letter}\1"', table_xml
    )  # the table's and its autoFilter's
    table_xml = table_xml.replace(
        f'<tableColumns count="{width}">', f'<tableColumns count="{width + 1}">'
    ).replace(
        "</tableColumns>", f'<tableColumn id="{width + 1}" name="{USER_COLUMN}"/></tableColumns>'
    )
    package.parts[table.part] = table_xml.encode()
    header = _add_shared_string(package, f"<si><t>{USER_COLUMN}</t></si>")
    xml = package.parts[sheet_part]

    def add_cell(match: re.Match[bytes]) -> bytes:
        row = match.group(0)
        number = int(_ROW_NUMBER.search(row).group(1))
        if number == 1:
            cell = f'<c r="{letter}1" t="s"><v>{header}</v></c>'
        elif number % 3 == 0:
            cell = f'<c r="{letter}{number}" t="inlineStr"><is><t>555-01{number:02d}</t></is></c>'
        else:
            return row
        return row.replace(b"</row>", cell.encode() + b"</row>")

    xml = _ROW.sub(add_cell, xml)
    xml = re.sub(
        rb'<dimension ref="A1:[A-Z]+(\d+)"', rf'<dimension ref="A1:{letter}\1"'.encode(), xml
    )
    xml = re.sub(rb' spans="1:\d+"', b"", xml)
    ext = (
        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        '<x14:dataValidations count="1" '
        'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" '
        "showErrorMessage=\"1\"><x14:formula1><xm:f>'My Notes'!$A$2:$A$4</xm:f>"
        f"</x14:formula1><xm:sqref>{letter}2:{letter}1048576</xm:sqref>"
        "</x14:dataValidation></x14:dataValidations></ext></extLst>"
    )
    package.parts[sheet_part] = xml.replace(b"</worksheet>", ext.encode() + b"</worksheet>")


def _add_rich_note(package: _Package) -> None:
    bold, plain = RICH_NOTE
    index = _add_shared_string(
        package,
        f'<si><r><rPr><b/><sz val="11"/><color theme="1"/><rFont val="Calibri"/>'
        f'<family val="2"/><scheme val="minor"/></rPr><t xml:space="preserve">{bold}</t></r>'
        f'<r><rPr><sz val="11"/><color theme="1"/><rFont val="Calibri"/><family val="2"/>'
        f'<scheme val="minor"/></rPr><t>{plain}</t></r></si>',
    )
    sheet_part = package.sheet(YOUTHS.name)
    notes = _letter(YOUTHS.headers.index(YOUTHS.cols.notes))
    xml = package.parts[sheet_part]
    row2 = re.search(rb'<row r="2"[^>]*>.*?</row>', xml, re.S)
    cells = re.sub(rb'<c r="' + notes.encode() + rb'2"[^>]*?(?:/>|>.*?</c>)', b"", row2.group(0))
    note = f'<c r="{notes}2" s="4" t="s"><v>{index}</v></c>'.encode()
    # Notes is the table's last column, before the user's column (if added already).
    user = re.search(rb'<c r="' + _letter(len(YOUTHS.columns)).encode() + rb'2"', cells)
    at = user.start() if user else cells.rindex(b"</row>")
    package.parts[sheet_part] = xml.replace(row2.group(0), cells[:at] + note + cells[at:])


def _add_calc_chain(package: _Package) -> None:
    sheet_part = package.sheet(YOUTHS.name)
    workbook = package.parts["xl/workbook.xml"].decode()
    sheet_id = re.search(rf'<sheet name="{YOUTHS.name}" sheetId="(\d+)"', workbook).group(1)
    age = _letter(YOUTHS.headers.index(YOUTHS.cols.age)).encode()
    rows = re.findall(rb'<c r="' + age + rb'(\d+)"[^>]*><f>', package.parts[sheet_part])
    cells = "".join(
        f'<c r="{age.decode()}{n.decode()}" i="{sheet_id}"/>' if i == 0 else
        f'<c r="{age.decode()}{n.decode()}"/>'
        for i, n in enumerate(rows)
    )  # fmt: skip
    package.parts["xl/calcChain.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        f'<calcChain xmlns="{MAIN}">{cells}</calcChain>'
    ).encode()
    package.order.append("xl/calcChain.xml")
    _add_relationship(package, "rIdCalc1", "calcChain", "calcChain.xml")
    _add_override(package, "/xl/calcChain.xml", "calcChain")


def _add_relationship(package: _Package, rid: str, kind: str, target: str) -> None:
    rels = "xl/_rels/workbook.xml.rels"
    relationship = (
        f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/{kind}" Target="{target}"/>'
    )
    package.parts[rels] = package.parts[rels].replace(
        b"</Relationships>", relationship.encode() + b"</Relationships>"
    )


def _add_override(package: _Package, part: str, kind: str) -> None:
    override = (
        f'<Override PartName="{part}" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.{kind}+xml"/>'
    )
    types = "[Content_Types].xml"
    package.parts[types] = package.parts[types].replace(
        b"</Types>", override.encode() + b"</Types>"
    )


def _add_user_sheet(package: _Package) -> None:
    values = ("Phones to call", "555-0100", "555-0101", "555-0102")
    rows = "".join(
        f'<row r="{n}" x14ac:dyDescent="0.25">'
        f'<c r="A{n}" t="inlineStr"><is><t>{v}</t></is></c></row>'
        for n, v in enumerate(values, start=1)
    )
    package.parts[USER_SHEET_PART] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        f'<worksheet xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships"{NAMESPACES} '
        'xr:uid="{8A1F2C3D-0000-4000-8000-00000000AB99}"><dimension ref="A1:A4"/>'
        '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>'
        f'<sheetData>{rows}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" '
        'bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    ).encode()
    package.order.append(USER_SHEET_PART)
    _add_relationship(package, "rIdUser1", "worksheet", "worksheets/sheet99.xml")
    _add_override(package, "/" + USER_SHEET_PART, "worksheet")
    workbook = package.parts["xl/workbook.xml"].decode()
    workbook = workbook.replace(
        "</sheets>", f'<sheet name="{USER_SHEET}" sheetId="99" r:id="rIdUser1"/></sheets>'
    )
    package.parts["xl/workbook.xml"] = workbook.encode()


def _dress_workbook(package: _Package) -> None:
    xml = package.parts["xl/workbook.xml"].decode()
    xml = re.sub(
        r"<workbook ([^>]*)>", lambda m: f"<workbook {m.group(1)}{NAMESPACES}>", xml, count=1
    )
    ext = (
        '<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDB5D}" '
        'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">'
        '<x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>'
    )
    package.parts["xl/workbook.xml"] = xml.replace("</workbook>", ext + "</workbook>").encode()


def _sort_and_filter_meetings(package: _Package) -> None:
    """Newest meeting first, only the custody sections shown, as Excel's filter leaves it."""
    strings = _shared_strings(package)
    sheet_part = package.sheet(MEETINGS.name)
    xml = package.parts[sheet_part]
    rows = list(_ROW.finditer(xml))
    header, body = rows[0], rows[1:]
    section = _letter(MEETINGS.headers.index(MEETINGS.cols.section)).encode()

    def cell_value(row: bytes, letter: bytes) -> str | float:
        match = re.search(rb'<c r="' + letter + rb'\d+"([^>]*)>(?:<f>.*?</f>)?<v>([^<]*)</v>', row)
        if match is None:
            return ""
        if b't="s"' in match.group(1):
            return strings[int(match.group(2))]
        return float(match.group(2))

    ordered = sorted(body, key=lambda m: -float(cell_value(m.group(0), b"A") or 0))
    out = []
    for number, match in enumerate(ordered, start=2):
        row = re.sub(rb'<row r="\d+"', f'<row r="{number}"'.encode(), match.group(0), count=1)
        new_number = str(number).encode()
        row = _CELL_REF.sub(lambda c, n=new_number: c.group(1) + c.group(2) + n + c.group(4), row)
        if cell_value(row, section) not in SECTIONS_SHOWN:
            row = row.replace(b"<row ", b'<row hidden="1" ', 1)
        out.append(row)
    start, end = body[0].start(), body[-1].end()
    package.parts[sheet_part] = xml[:start] + b"".join(out) + xml[end:]
    assert header.end() <= start
    last = len(body) + 1
    table = find_table(package.parts, MEETINGS.name, MEETINGS.table, package.name)
    col = MEETINGS.headers.index(MEETINGS.cols.section)
    end_letter = _letter(len(MEETINGS.columns) - 1)
    shown = "".join(f'<filter val="{value}"/>' for value in SECTIONS_SHOWN)
    auto_filter = (
        f'<autoFilter ref="A1:{end_letter}{last}"><filterColumn colId="{col}"><filters>{shown}'
        f'</filters></filterColumn><sortState ref="A2:{end_letter}{last}">'
        f'<sortCondition descending="1" ref="A2:A{last}"/></sortState></autoFilter>'
    )
    table_xml = re.sub(
        r"<autoFilter [^>]*/>", auto_filter, package.parts[table.part].decode(), count=1
    )
    package.parts[table.part] = table_xml.encode()


def excel_resave(source: Path, target: Path) -> Path:
    """Write ``target``: ``source`` as Excel would save it after staff used it."""
    package = _Package(source)
    _add_user_column(package)
    _add_rich_note(package)
    _sort_and_filter_meetings(package)
    _add_calc_chain(package)
    for name in list(package.parts):
        if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
            package.parts[name] = _excel_dress(package.parts[name])
    _add_user_sheet(package)
    _dress_workbook(package)
    package.save(target)
    return target

"""Hold a workbook's parts against the ECMA-376 schemas: what Excel checks when it opens one.

openxml-audit (MIT, pure Python) ports the Open XML SDK's validator: element
order and content models, attribute types and enumerations, relationships
and content types. It says nothing about a part that is not well-formed XML
(it reported no finding for a duplicated attribute), so every XML part is
parsed here too. Both kinds of finding come back as plain lines.

    from helpers.ooxml_audit import schema_findings
    assert schema_findings(path) == []
"""

from __future__ import annotations

import xml.parsers.expat
import zipfile
from pathlib import Path

_XML_ENDINGS = (".xml", ".rels", ".vml")


def _not_well_formed(path: Path) -> list[str]:
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith(_XML_ENDINGS):
                continue
            parser = xml.parsers.expat.ParserCreate()
            try:
                parser.Parse(archive.read(name), True)
            except xml.parsers.expat.ExpatError as error:
                found.append(f"[xml] /{name}: not well-formed XML ({error})")
    return found


def schema_findings(path: str | Path) -> list[str]:
    """Every schema, relationship and well-formedness finding in the package at ``path``."""
    from openxml_audit import FileFormat, OpenXmlValidator

    path = Path(path)
    result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0).validate(
        str(path)
    )
    return _not_well_formed(path) + [str(error) for error in result.errors]

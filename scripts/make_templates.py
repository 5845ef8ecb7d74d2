"""Make the default Word templates in templates/ and their field list, templates/README.md.

Run it after changing the schema or the default layouts; staff-edited
templates elsewhere are not touched.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from safetynet.documents.default_templates import make_default_templates, stable_zip
from safetynet.documents.fields import readme_text

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def main() -> int:
    written = make_default_templates(TEMPLATES)
    try:
        funder = importlib.import_module("safetynet.documents.funder_template")
    except ImportError:
        funder = None
    if funder is not None:
        path = TEMPLATES / "funder_report.docx"
        funder.make_funder_template(path)
        written.append(stable_zip(path))
    readme = TEMPLATES / "README.md"
    readme.write_text(readme_text(), encoding="utf-8")
    written.append(readme)
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

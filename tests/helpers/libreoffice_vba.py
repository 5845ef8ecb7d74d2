"""Ask LibreOffice what VBA it finds in a workbook: an independent reader for our output.

LibreOffice imports an .xlsm's VBA project into Basic libraries when it loads
the file. This helper runs a small script under the system Python (which has
the ``uno`` bridge, unlike the venv), in a private LibreOffice profile, with
a timeout, and returns ``{library: {module: source}}`` plus each sheet's
form-control macro bindings.

    from helpers.libreoffice_vba import libreoffice_available, read_vba
    if libreoffice_available(): result = read_vba(path)

Tests mark their use with ``@pytest.mark.libreoffice``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .libreoffice import SYSTEM_PYTHON, libreoffice_available, run_in_libreoffice

__all__ = ["SYSTEM_PYTHON", "LibreOfficeVba", "libreoffice_available", "read_vba"]

_BODY = r"""
    doc = load(ARGS["path"])
    libraries = {}
    basic = doc.BasicLibraries
    for name in basic.getElementNames():
        basic.loadLibrary(name)
        library = basic.getByName(name)
        libraries[name] = {m: library.getByName(m) for m in library.getElementNames()}
    buttons = {}
    for sheet_name in doc.Sheets.getElementNames():
        sheet = doc.Sheets.getByName(sheet_name)
        forms = sheet.DrawPage.Forms
        bound = []
        for f in range(forms.getCount()):
            form = forms.getByIndex(f)
            for c in range(form.getCount()):
                for event in form.getScriptEvents(c):
                    bound.append([form.getByIndex(c).Label, event.ScriptCode])
        if bound:
            buttons[sheet_name] = bound
    code_names = {}
    for sheet_name in doc.Sheets.getElementNames():
        code_names[sheet_name] = doc.Sheets.getByName(sheet_name).CodeName
    doc.close(True)
    print(json.dumps({"libraries": libraries, "buttons": buttons, "code_names": code_names}))
"""


@dataclass(frozen=True)
class LibreOfficeVba:
    """What LibreOffice saw: Basic libraries, button bindings, sheet code names."""

    libraries: dict[str, dict[str, str]]
    buttons: dict[str, list[list[str]]]
    code_names: dict[str, str]

    def modules(self) -> dict[str, str]:
        """Every module of every library, by module name."""
        return {name: text for lib in self.libraries.values() for name, text in lib.items()}


def read_vba(path: Path, timeout: float = 120) -> LibreOfficeVba:
    """Load ``path`` in a headless LibreOffice of its own and report its VBA.

    Raises RuntimeError with LibreOffice's output when it fails or times out.
    """
    found = run_in_libreoffice(_BODY, {"path": str(Path(path).resolve())}, timeout)
    return LibreOfficeVba(found["libraries"], found["buttons"], found["code_names"])

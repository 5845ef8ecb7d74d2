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

import json
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"

_SCRIPT = r"""
import json, os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

path, profile, pipe = sys.argv[1], sys.argv[2], sys.argv[3]
office = subprocess.Popen(
    ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
     "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
     "--accept=pipe,name=%s;urp;" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
    for _ in range(200):
        try:
            context = resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.25)
    else:
        raise SystemExit("LibreOffice did not start")
    desktop = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", context)
    def prop(name, value):
        p = PropertyValue(); p.Name = name; p.Value = value; return p
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(path), "_blank", 0,
        (prop("Hidden", True), prop("MacroExecutionMode", 0)))
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
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    try:
        office.wait(timeout=20)
    except subprocess.TimeoutExpired:
        office.kill()
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


def libreoffice_available() -> bool:
    """soffice on the PATH and a system Python with the uno bridge."""
    if shutil.which("soffice") is None or not Path(SYSTEM_PYTHON).exists():
        return False
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, timeout=30, check=False
    )
    return probe.returncode == 0


def read_vba(path: Path, timeout: float = 120) -> LibreOfficeVba:
    """Load ``path`` in a headless LibreOffice of its own and report its VBA.

    Raises RuntimeError with LibreOffice's output when it fails or times out.
    """
    with tempfile.TemporaryDirectory(prefix="lo-vba-") as work:
        script = Path(work) / "read_vba.py"
        script.write_text(_SCRIPT, encoding="utf-8")
        profile = Path(work) / "profile"
        pipe = f"safetynet_vba_{Path(work).name}"
        process = subprocess.Popen(
            [SYSTEM_PYTHON, str(script), str(Path(path).resolve()), str(profile), pipe],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"HOME": work, "PATH": "/usr/bin:/bin"},
            start_new_session=True,  # so a timeout can stop LibreOffice too
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RuntimeError(f"LibreOffice took longer than {timeout} s") from error
    if process.returncode != 0 or not stdout.strip():
        raise RuntimeError(f"LibreOffice failed: {stderr.strip()[-2000:]}")
    found = json.loads(stdout.strip().splitlines()[-1])
    return LibreOfficeVba(found["libraries"], found["buttons"], found["code_names"])

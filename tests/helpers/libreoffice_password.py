"""Open an encrypted workbook in headless LibreOffice with its password: a second reader.

LibreOffice has its own implementation of ECMA-376 agile decryption. The
script runs under the system Python (which has ``uno``) in a private profile
and gets the password on standard input, never in its arguments. It reports
the sheet names, the database ranges (LibreOffice's name for Excel Tables)
and the first rows of one sheet; or ``{"opened": false}`` when the load fails.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
from pathlib import Path

from helpers.libreoffice_vba import SYSTEM_PYTHON

_SCRIPT = r"""
import json, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

path, profile, pipe, sheet_name = sys.argv[1:5]
password = sys.stdin.readline().rstrip("\n")
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
    try:
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(path), "_blank", 0,
            (prop("Hidden", True), prop("MacroExecutionMode", 0), prop("Password", password)))
    except Exception:
        doc = None
    if doc is None or not hasattr(doc, "Sheets"):
        print(json.dumps({"opened": False}))
    else:
        sheet = doc.Sheets.getByName(sheet_name)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last = min(cursor.RangeAddress.EndRow, 5)
        cells = sheet.getCellRangeByPosition(0, 0, 3, last).DataArray
        print(json.dumps({
            "opened": True,
            "sheets": list(doc.Sheets.getElementNames()),
            "tables": sorted(doc.DatabaseRanges.getElementNames()),
            "rows": [list(r) for r in cells],
        }))
        doc.close(True)
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


def open_with_password(path: Path, password: str, sheet: str, timeout: float = 180) -> dict:
    """What LibreOffice sees in ``path`` opened with ``password``."""
    with tempfile.TemporaryDirectory(prefix="lo-password-") as work:
        script = Path(work) / "open_with_password.py"
        script.write_text(_SCRIPT, encoding="utf-8")
        pipe = f"safetynet_pw_{Path(work).name}"
        process = subprocess.Popen(
            [SYSTEM_PYTHON, str(script), str(Path(path).resolve()), str(Path(work) / "p"), pipe,
             sheet],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"HOME": work, "PATH": "/usr/bin:/bin"},
            start_new_session=True,
        )  # fmt: skip
        try:
            stdout, stderr = process.communicate(password + "\n", timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RuntimeError(f"LibreOffice took longer than {timeout} s") from error
    if process.returncode != 0 or not stdout.strip():
        raise RuntimeError(f"LibreOffice failed: {stderr.strip()[-2000:]}")
    return json.loads(stdout.strip().splitlines()[-1])

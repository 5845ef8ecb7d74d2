"""Run a script in a headless LibreOffice of its own, under the system Python.

The system Python has the ``uno`` bridge (python3-uno), the venv does not.
Each call gets a private LibreOffice profile and pipe, a timeout, and one
LibreOffice start however many files the script handles. The script receives
``desktop`` (the started LibreOffice), ``prop(name, value)``, ``load(path)``
(a hidden document, macros off) and ``ARGS`` (the JSON given), and prints one
JSON line as its answer.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

SYSTEM_PYTHON = "/usr/bin/python3"

_PRELUDE = r"""
import json, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

profile, pipe = sys.argv[1], sys.argv[2]
ARGS = json.loads(sys.stdin.read())
office = subprocess.Popen(
    ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
     "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
     "--accept=pipe,name=%s;urp;" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

def load(path):
    return desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(path), "_blank", 0,
        (prop("Hidden", True), prop("ReadOnly", True), prop("MacroExecutionMode", 0)))

desktop = None
try:
    resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
    for _ in range(240):
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
"""

_POSTLUDE = r"""
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


def libreoffice_available() -> bool:
    """soffice on the PATH and a system Python with the uno bridge."""
    if shutil.which("soffice") is None or not Path(SYSTEM_PYTHON).exists():
        return False
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, timeout=30, check=False
    )
    return probe.returncode == 0


def run_in_libreoffice(body: str, args: Any, timeout: float = 180) -> Any:
    """Run ``body`` (indented four spaces, inside the try) and return its JSON answer.

    Raises RuntimeError with LibreOffice's output when it fails or times out.
    """
    with tempfile.TemporaryDirectory(prefix="lo-run-") as work:
        script = Path(work) / "script.py"
        script.write_text(_PRELUDE + body + _POSTLUDE, encoding="utf-8")
        pipe = f"safetynet_{Path(work).name}"
        process = subprocess.Popen(
            [SYSTEM_PYTHON, str(script), str(Path(work) / "profile"), pipe],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"HOME": work, "PATH": "/usr/bin:/bin"},
            start_new_session=True,  # so a timeout can stop LibreOffice too
        )
        try:
            stdout, stderr = process.communicate(json.dumps(args), timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RuntimeError(f"LibreOffice took longer than {timeout} s") from error
    if process.returncode != 0 or not stdout.strip():
        raise RuntimeError(f"LibreOffice failed: {stderr.strip()[-2000:]}")
    return json.loads(stdout.strip().splitlines()[-1])

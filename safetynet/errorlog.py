"""Where unexpected failures are written, so the user sees a sentence and support sees why.

The file lives in the user's own data folder, never beside the workbook, and
holds tracebacks only: operations never put youth names or birth dates into
exception messages.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path


def log_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "SafetyNet" / "Logs"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / "SafetyNet"
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "safetynet"


def log_file() -> Path:
    override = os.environ.get("SAFETYNET_LOG_DIR")
    folder = Path(override) if override else log_dir()
    return folder / "safetynet-errors.log"


def log_exception(exc: BaseException, context: str = "") -> Path:
    """Append the traceback to the error log; return the log's path (or the temp folder's)."""
    path = log_file()
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"--- {stamp} {context}\n{text}\n")
    except OSError:
        import tempfile

        path = Path(tempfile.gettempdir()) / "safetynet-errors.log"
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"--- {stamp} {context}\n{text}\n")
    return path

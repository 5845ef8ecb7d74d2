"""Import pandas on a second thread while the first reads the workbook.

A click starts a new Python every time (RunPython), and pandas' import is
about a third of a click. Nothing before the first DataFrame needs it: the
file checks and python-calamine's read, which spend most of their time with
the GIL released (zlib, Rust). So a run starts the import at once and the two
share the machine's second core; the first module that needs pandas waits for
the import to finish, under Python's own import lock.

Only third-party packages are imported here, never a module of this program,
so the two threads cannot wait on each other's imports.
"""

from __future__ import annotations

import contextlib
import sys
import threading

AHEAD = ("pandas",)


def import_ahead(modules: tuple[str, ...] = AHEAD) -> threading.Thread | None:
    """Start importing ``modules`` on a thread; None when they are already imported."""
    wanted = [m for m in modules if m not in sys.modules]
    if not wanted:
        return None
    thread = threading.Thread(target=_import, args=(wanted,), name="safetynet-import-ahead")
    thread.start()  # not a daemon: an import is never cut off halfway when Python exits
    return thread


def _import(modules: list[str]) -> None:
    for name in modules:
        with contextlib.suppress(Exception):  # the module that needs it raises it in its place
            __import__(name)

"""pandas is imported on a second thread while the workbook is read: what that needs to hold."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

from safetynet.warm import import_ahead

# Everything a command runs before its first DataFrame. If one of them imports pandas,
# the import is paid before the read again instead of beside it (scripts/bench shows it).
BEFORE_THE_FIRST_FRAME = (
    "safetynet.cli",
    "safetynet.command_edge",
    "safetynet.operations.catalog",
    "safetynet.run",
    "safetynet.load",
    "safetynet.adapters.file",
    "safetynet.adapters.encrypted",
    "safetynet.xlsx.read",
    "safetynet.xlsx.inspect",
    "safetynet.xlsx.write",
    "safetynet.documents.staging",
)


def in_fresh_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )


def test_nothing_before_the_first_frame_imports_pandas():
    found = in_fresh_python(
        f"""
        import importlib, sys
        for name in {BEFORE_THE_FIRST_FRAME!r}:
            importlib.import_module(name)
        print(sorted(m for m in ("pandas", "numpy") if m in sys.modules))
        """
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"


def test_the_modules_are_imported_on_another_thread():
    found = in_fresh_python(
        """
        import sys, threading
        from safetynet.warm import import_ahead
        assert "wave" not in sys.modules
        thread = import_ahead(("wave",))
        assert thread is not None and thread is not threading.current_thread()
        thread.join()
        print("wave" in sys.modules)
        """
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "True"


def test_nothing_is_started_for_modules_already_imported():
    __import__("pandas")
    assert import_ahead(("pandas", "sys")) is None


def test_a_module_that_fails_to_import_is_left_for_its_user_to_raise():
    failures: list[threading.ExceptHookArgs] = []
    hook, threading.excepthook = threading.excepthook, failures.append
    try:
        thread = import_ahead(("safetynet_no_such_module",))
        assert thread is not None
        thread.join()
    finally:
        threading.excepthook = hook
    assert failures == []

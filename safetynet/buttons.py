"""The workbook's buttons: one function per button, each a thin wrapper over an operation.

Each takes an optional ``xlwings.Book`` (the calling workbook when none is
given), so desktop Excel, xlwings Server and the tests run the same code. No
exception ever leaves these functions: a known problem becomes a message box
with the plain sentence; anything else is written to the error log and the
message box names that file. Heavy imports happen only inside the button that
needs them.
"""

from __future__ import annotations

import os
from typing import Any

from .actions import Front, render
from .errorlog import log_exception
from .model import SafetyNetError
from .schema import AGENCIES, MEMBERS

TITLE = "SafetyNet"


def _caller(book: Any) -> Any:
    if book is not None:
        return book
    import xlwings as xw

    return xw.Book.caller()


def _alert(book: Any, message: str, *, critical: bool = False) -> None:
    try:
        book.app.alert(
            render(message, Front.BUTTON)[:1500],
            title=TITLE,
            buttons="ok",
            mode="critical" if critical else "info",
        )
    except Exception as exc:  # an alert that fails must not become a traceback pop-up
        log_exception(exc, context="alert")


def _click(book: Any, button: str, **options: Any) -> None:
    """Run the button's operation on the live workbook and say what happened."""
    try:
        book = _caller(book)
    except Exception as exc:
        log_exception(exc, context=button)
        return
    try:
        from . import clock
        from .adapters.live import LiveAdapter
        from .operations.catalog import by_button
        from .run import run

        outcome = run(LiveAdapter(book), by_button(button), clock.today(), **options)
        message = outcome.message
        if outcome.files:
            message += "\n\n" + "\n".join(str(f) for f in outcome.files)
        _alert(
            book,
            _with_older_note(book, message),
            critical=outcome.exit_code != 0 and not outcome.sheets,
        )
    except SafetyNetError as exc:
        _alert(book, _with_older_note(book, exc.message), critical=True)
    except Exception as exc:
        where = log_exception(exc, context=button)
        _alert(
            book,
            "Something went wrong that the program did not expect, and it stopped. "
            f"The details are in {where}. Please send that file to whoever supports "
            "your SafetyNet Workbook.",
            critical=True,
        )


def validate_entries(book: Any = None) -> None:
    """Validate Entries: list every problem on the Problems sheet."""
    _click(book, "validate_entries")


def build_agenda(book: Any = None) -> None:
    """Build Agenda: choose the youths for the next meeting."""
    _click(book, "build_agenda")


def print_packet(book: Any = None) -> None:
    """Print Packet: the Word (and PDF) packet from the Agenda sheet as staff left it."""
    _click(book, "print_packet")


def refresh_dashboard(book: Any = None) -> None:
    _click(book, "refresh_dashboard")


def monthly_report(book: Any = None) -> None:
    _click(book, "monthly_report")


def import_file(book: Any = None, path: str | None = None) -> None:
    """Import: rows from the file chosen in Excel's file chooser, else the Import File setting.

    The chooser is desktop Excel's (the VBA macro opens it and passes ``path``);
    xlwings Server has none, so there the setting names the file. Either way the
    same operation runs, into the sheet the file's headers fit.
    """
    _click(book, "import_file", source_path=path or None)


def _selected_value(book: Any, sheet_name: str, header: str) -> str | None:
    """The value in ``header``'s column of the row the user selected on ``sheet_name``."""
    from .adapters.live import sheet_by_name, sheet_values

    try:
        selection = book.selection
    except Exception:
        return None
    if selection is None or selection.sheet.name != sheet_name or selection.row < 2:
        return None
    values = sheet_values(sheet_by_name(book, sheet_name))
    headers = [str(h).strip() for h in values[0]]
    if header not in headers or selection.row > len(values):
        return None
    value = values[selection.row - 1][headers.index(header)]
    return str(value).strip() if value not in (None, "") else None


def _for_selected_row(book: Any, sheet: str, header: str, button: str, option: str) -> None:
    """Run a document operation for the record in the row the user selected on ``sheet``."""
    try:
        book = _caller(book)
        chosen = _selected_value(book, sheet, header)
    except Exception as exc:
        log_exception(exc, context=button)
        chosen = None
    if not chosen:
        what = "agency" if sheet == AGENCIES.name else "member"
        _alert(
            book,
            f"Select a cell in the {what}'s row on the {sheet} sheet, then click the button again.",
        )
        return
    _click(book, button, **{option: chosen})


def make_mou(book: Any = None) -> None:
    """MOU for the agency whose row is selected on the Agencies sheet."""
    _for_selected_row(book, AGENCIES.name, AGENCIES.cols.agency, "make_mou", "agency")


def make_confidentiality_form(book: Any = None) -> None:
    """Confidentiality form for the member whose row is selected on the Members sheet."""
    _for_selected_row(book, MEMBERS.name, MEMBERS.cols.name, "make_confidentiality_form", "member")


def email_packet(book: Any = None) -> None:
    """Email Packet: a draft with the protected packet, password from the keyring."""
    try:
        book = _caller(book)
        from .documents.mail import password_from_keyring

        password = password_from_keyring()
    except Exception as exc:
        log_exception(exc, context="email_packet")
        password = None
    if not password:
        _alert(
            book,
            "The packet password is not set on this computer. Open a Command Prompt "
            'and run:  safetynet email "<path of this workbook>" --remember  '
            "then click Email Packet again.",
            critical=True,
        )
        return
    _click(book, "email_packet", packet_path=None, password=password)


def _workbook_names(book: Any) -> dict[str, str]:
    """The program's own names in the workbook: the xlwings version and the workbook's.

    Desktop Excel shows every name. xlwings Server's payload carries only names of
    cells: there the version is read from its cell, and a workbook that keeps it as a
    constant (0.2.0 or earlier) shows none ("unseen"). A workbook without the version
    where constants are shown is the first one.
    """
    from .upgrade.version import FIRST_VERSION, UNSEEN_ON_SERVER, VERSION_NAME, name_version

    names = {}
    seen_any, version_name = False, None
    try:
        for name in book.names:
            seen_any = True
            if name.name == "SafetyNet_xlwings_version":
                names["xlwings_version"] = str(name.refers_to).strip('="')
            elif name.name == VERSION_NAME:
                version_name = name
        if version_name is not None:
            found = name_version(version_name)  # None: its cell holds no version
            if found:
                names["version"] = found
        elif "xlwings_version" in names:  # constants are shown, and no version: the first
            names["version"] = FIRST_VERSION
        elif seen_any:
            names["unseen"] = UNSEEN_ON_SERVER
    except Exception:
        return {}
    return names


def _with_older_note(book: Any, message: str) -> str:
    """The message, and below it what upgrade does when the workbook is older (as every
    command and Check Setup say it)."""
    try:
        from .upgrade.version import unseen_version_note, version_note

        names = _workbook_names(book)
        where = getattr(book, "fullname", None) or "SafetyNet.xlsm"
        if "unseen" in names:
            note = unseen_version_note(where)
        else:
            note = version_note(names.get("version"), where)
    except Exception:  # never hide the button's own message behind this one
        return message
    return f"{message}\n\n{note}" if note else message


def check_setup(book: Any = None) -> None:
    """Check Setup: what the buttons need, in plain words."""
    try:
        book = _caller(book)
        from .machine import check_setup as check

        fullname = getattr(book, "fullname", None)
        names = _workbook_names(book)
        workbook = fullname if fullname and os.path.isabs(fullname) else None
        lines, ok = check(workbook, names)
        _alert(
            book,
            ("All set.\n\n" if ok else "Something needs fixing.\n\n") + "\n".join(lines),
            critical=not ok,
        )
    except Exception as exc:
        where = log_exception(exc, context="check_setup")
        _alert(book, f"Check Setup could not finish. The details are in {where}.", critical=True)

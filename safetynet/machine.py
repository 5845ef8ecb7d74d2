"""Making a workbook for this computer, and checking that the buttons can work here."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import __version__
from .model import SafetyNetError

TEMPLATE_NAMES = (
    "agenda.docx",
    "face_sheet.docx",
    "sign_in.docx",
    "mou.docx",
    "confidentiality.docx",
    "funder_report.docx",
)


def interpreter_for_excel() -> str:
    """The Python that ran this, as Excel should start it (pythonw on Windows: no console)."""
    exe = Path(sys.executable)
    if sys.platform == "win32" and exe.name.lower() == "python.exe":
        quiet = exe.with_name("pythonw.exe")
        if quiet.exists():
            return str(quiet)
    return str(exe)


def init_workbook(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Build a new, empty workbook whose buttons run this computer's Python."""
    from .build.workbook import build_workbook

    path = Path(path)
    if path.suffix.lower() != ".xlsm":
        raise SafetyNetError(f"{path.name} should end in .xlsm, so Excel keeps its buttons.", 2)
    if path.exists():
        if not force:
            raise SafetyNetError(
                f"{path} already exists. Nothing was changed. To replace it with an empty "
                f"workbook, add --force (a backup of the old one is kept).",
                1,
            )
        from .xlsx.backup import make_backup
        from .xlsx.lock import refuse_if_open

        refuse_if_open(path)
        make_backup(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return build_workbook(path, interpreter=interpreter_for_excel())


def check_setup(
    workbook: str | os.PathLike[str] | None = None, book_names: dict[str, str] | None = None
) -> tuple[list[str], bool]:
    """Plain lines on what the buttons need, and whether all is well."""
    import xlwings

    from .resources import templates_dir

    ok = True
    lines = [f"Python: {sys.executable} (version {sys.version.split()[0]})."]
    if "WindowsApps" in sys.executable:
        ok = False
        lines.append(
            "  This is the Microsoft Store Python, which Excel cannot start reliably. "
            "Install Python from python.org and run the install command again."
        )
    lines.append(
        f"SafetyNet program: version {__version__}. xlwings: version {xlwings.__version__}."
    )
    built_with = (book_names or {}).get("xlwings_version")
    if built_with is None and workbook:
        built_with = workbook_xlwings_version(workbook)
    if built_with:
        if built_with == xlwings.__version__:
            lines.append(
                f"The workbook's xlwings module ({built_with}) matches the installed xlwings."
            )
        else:
            ok = False
            lines.append(
                f"The workbook's xlwings module is {built_with} but xlwings "
                f"{xlwings.__version__} is installed: the buttons will fail. Run "
                f"'safetynet init' for a new workbook and copy your sheets into it, or "
                f"install xlwings {built_with}."
            )
    lines.extend(_version_lines(workbook, book_names))
    folder = templates_dir()
    missing = [n for n in TEMPLATE_NAMES if not (folder / n).exists()]
    if missing:
        ok = False
        lines.append(f"Templates: {', '.join(missing)} missing from {folder}.")
    else:
        lines.append(f"Templates: all found in {folder}.")
    from .documents.pdf import find_office

    office = find_office()
    lines.append(
        f"PDF: made with {office}."
        if office
        else "PDF: neither LibreOffice nor Word was found, so packets are Word files only."
    )
    if workbook:
        from .adapters.common import output_folder

        target = output_folder(workbook, {})
        lines.append(_writable(target))
        lines.append(encryption_line(workbook))
    return lines, ok


def _version_lines(
    workbook: str | os.PathLike[str] | None, book_names: dict[str, str] | None
) -> list[str]:
    """Which version made the workbook, or plainly that it cannot be told here."""
    from .upgrade.version import (
        VERSION_LABEL,
        unseen_version_line,
        unseen_version_note,
        version_note,
        workbook_version,
    )

    names = book_names or {}
    where = str(workbook or "SafetyNet.xlsm")
    made_by = names.get("version")
    if made_by is None and workbook:
        made_by = workbook_version(workbook)
    if made_by is None and workbook:
        import zipfile

        from .encrypted_file import is_encrypted

        if is_encrypted(workbook):
            return [
                "The workbook is encrypted, so Check Setup cannot read which version of "
                "SafetyNet made it; the other commands say so, once they open it with the "
                "password, when it is older than this program."
            ]
        if not zipfile.is_zipfile(workbook):
            return []  # not a workbook at all: the lines below say what it is
        return [
            f"Which version of SafetyNet made this workbook could not be read: the cell beside "
            f'"{VERSION_LABEL}" on the Start sheet should hold it. Run  safetynet upgrade '
            f'"{where}"  to write it again.'
        ]
    if made_by is None and "unseen" in names:  # xlwings Server, a workbook of 0.2.0 or earlier
        return [unseen_version_note(where) or unseen_version_line(where)]
    note = version_note(made_by, where)
    if note:
        return [note]
    if made_by:
        return [f"The workbook was made by this version of the program ({made_by})."]
    return []


def encryption_line(workbook: str | os.PathLike[str]) -> str:
    """Whether the workbook file is encrypted on disk; the advice to do it when it is not."""
    from .xlsx.container import Container, container_of_file

    try:
        container = container_of_file(workbook)
    except OSError:
        return "Encryption: the workbook file could not be read to check it."
    if container is Container.ENCRYPTED:
        return (
            "Encryption: the workbook file is encrypted with a password on disk, so a lost "
            "laptop or a copied file does not give away the youths' details."
        )
    return (
        "Encryption: the workbook file is NOT encrypted: anyone who copies it reads every "
        "youth's details. Recommended: File > Info > Protect Workbook > Encrypt with Password "
        "(see the setup guide), and keep the password where the agency keeps its secrets."
    )


def _writable(folder: Path) -> str:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".safetynet-write-test"
        probe.write_text("ok")
        probe.unlink()
        return f"Output folder: {folder} can be written."
    except OSError as exc:
        return (
            f"Output folder: {folder} cannot be written ({exc.strerror}). "
            "Choose another on the Settings sheet (Output Folder)."
        )


def workbook_xlwings_version(path: str | os.PathLike[str]) -> str | None:
    """The xlwings version the workbook's VBA module was built from (a defined name)."""
    import re
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            text = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = re.search(r'<definedName name="SafetyNet_xlwings_version"[^>]*>"?([^<"]+)"?<', text)
    return found.group(1) if found else None


def how_to_open(path: Path, system: str | None = None, office: str | None = None) -> str:
    """The demo's last line: how to look at the workbook on the machine it was made on.

    ``system`` is ``platform.system()``; ``office`` the LibreOffice program found, if any.
    """
    import platform
    import shutil

    system = system or platform.system()
    if system == "Windows":
        return (
            f"Open {path.name} in Excel (double-click it in File Explorer), click Enable "
            f"Content, and look at the Agenda, Dashboard, Monthly and Log sheets."
        )
    if system == "Darwin":
        return (
            f'Open {path.name} in Excel (run: open "{path}"), click Enable Macros, and look '
            f"at the Agenda, Dashboard, Monthly and Log sheets."
        )
    office = (
        office if office is not None else (shutil.which("libreoffice") or shutil.which("soffice"))
    )
    look = (
        f'To look at it here, run: {Path(office).name} --calc "{path}" (the buttons need Excel). '
        if office
        else ""
    )
    return (
        f"There is no Excel on this machine. {look}Copy {path.name} to a Windows or Mac "
        f"computer with Excel to use its buttons."
    )

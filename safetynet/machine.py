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
    return lines, ok


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

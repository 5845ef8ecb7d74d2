"""Word to PDF with LibreOffice, when it is installed.

All files go through one LibreOffice start (start-up is most of the cost),
with a private profile folder so a LibreOffice the user has open, or a
second conversion at the same time, does not block this one. Word through
docx2pdf is not used: it needs pywin32/AppleScript and an interactive Word;
without LibreOffice the packet is still made, as Word only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..model import SafetyNetError

TIMEOUT_SECONDS = 180
_WINDOWS_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_MAC_PLACES = ("/Applications/LibreOffice.app/Contents/MacOS/soffice",)


def find_office() -> str | None:
    """The LibreOffice program to run, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    places = _WINDOWS_PLACES if sys.platform == "win32" else _MAC_PLACES
    return next((p for p in places if Path(p).is_file()), None)


def to_pdf(docx_paths: list[Path], out_dir: Path) -> list[Path]:
    """PDFs of the Word files, in the same order; [] when LibreOffice is not installed."""
    if not docx_paths:
        return []
    office = find_office()
    if office is None:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    made = [out_dir / (p.stem + ".pdf") for p in docx_paths]
    for old in made:  # an old PDF left in place would pass for a new one
        try:
            old.unlink(missing_ok=True)
        except PermissionError as exc:
            raise SafetyNetError(
                f"{old.name} is open in another program. Close it and try again.", exit_code=1
            ) from exc
    from .protect import plain_for_conversion

    with (
        tempfile.TemporaryDirectory(prefix="safetynet-office-") as profile,
        plain_for_conversion(docx_paths, out_dir) as sources,
    ):
        command = [
            office,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *[str(p) for p in sources],
        ]
        environment = {**os.environ, "HOME": os.environ.get("HOME") or profile}
        try:
            subprocess.run(
                command,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                env=environment,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            raise SafetyNetError(
                _failed(f"it took longer than {TIMEOUT_SECONDS} seconds"), exit_code=1
            ) from exc
        except OSError as exc:
            raise SafetyNetError(
                _failed(f"it could not be started ({exc.strerror})"), exit_code=1
            ) from exc
    missing = [p.name for p in made if not p.is_file()]
    if missing:
        raise SafetyNetError(_failed(f"it made no {', '.join(missing)}"), exit_code=1)
    return made


def _failed(why: str) -> str:
    return (
        f"LibreOffice could not make the PDF: {why}. The Word file is ready; print it from Word, "
        f"or close any LibreOffice window and try again."
    )


def pdfs_with_note(docx_paths: list[Path], out_dir: Path) -> tuple[list[Path], str]:
    """PDFs where possible; a failed conversion becomes a note, since the Word files are fine."""
    try:
        made = to_pdf(docx_paths, out_dir)
    except SafetyNetError as exc:
        return [], exc.message
    return made, pdf_note(made)


def pdf_note(made: Sequence[Path]) -> str:
    """What to tell the user about the PDF."""
    from .protect import UNPROTECTED_PDF, protecting

    if made:
        return UNPROTECTED_PDF if protecting() else ""
    return (
        "No PDF was made because LibreOffice is not installed; the Word file is ready "
        "(Word can save it as PDF)."
    )

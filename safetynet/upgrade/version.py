"""Which version of the program made a workbook, and what to say when it is older."""

from __future__ import annotations

import io
import os
import re
import zipfile

from .. import __version__

VERSION_NAME = "SafetyNet_version"
FIRST_VERSION = "0.1.0"  # the last version that did not write its number into the workbook
_NAME = re.compile(r'<definedName name="SafetyNet_version"[^>]*>"?([^<"]+)"?<')


def workbook_version(path: str | os.PathLike[str], package: bytes | None = None) -> str | None:
    """The version a workbook carries (FIRST_VERSION when none is written); None if unreadable.

    ``package``: the workbook decrypted in memory, for an encrypted file.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(package) if package is not None else path) as archive:
            text = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = _NAME.search(text)
    return found.group(1).strip() if found else FIRST_VERSION


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3]) or (0,)


def is_older(version: str | None, than: str = __version__) -> bool:
    return version is not None and version_key(version) < version_key(than)


def version_note(version: str | None, path_text: str = "PATH") -> str | None:
    """A plain paragraph when the workbook and the program are of different versions."""
    if version is None or version_key(version) == version_key(__version__):
        return None
    if is_older(version):
        return (
            f"This workbook was made by SafetyNet {version}; this program is {__version__}. "
            f'Run  safetynet upgrade "{path_text}"  to make it a {__version__} workbook: '
            f"every value typed on the data sheets, the Settings, the Lists, the Log and the "
            f"Agenda are carried over by header, the Dashboard, Monthly and Problems sheets are "
            f"rebuilt, and it gets this version's buttons and macros. The old file is kept "
            f"unchanged in the backups folder beside it."
        )
    return (
        f"This workbook was made by SafetyNet {version}, newer than this program "
        f"({__version__}). Update the program on this computer before using it "
        f"(run the install command again)."
    )

"""A thread that watches folders for a decrypted workbook or a youth's name in clear text.

It reads every file that appears or changes under its roots until stopped:
none may be a zip (a decrypted workbook or a plain Word file) or hold one of
the secrets (youths' names, in UTF-8 and UTF-16). Used while commands run on
an encrypted workbook.
"""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

from python_calamine import CalamineWorkbook


class Watcher(threading.Thread):
    """Reads every file that appears or changes under ``roots`` until stopped."""

    def __init__(self, roots: list[Path], secrets: list[bytes]):
        super().__init__(daemon=True)
        self.roots, self.secrets = roots, secrets
        self.seen: dict[Path, tuple[int, int]] = {}
        self.findings: list[str] = []
        self.files_read = 0
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            self.sweep()
        self.sweep()

    def sweep(self) -> None:
        for root in self.roots:
            for folder, _, names in os.walk(root):
                for name in names:
                    self.look(Path(folder) / name)

    def look(self, path: Path) -> None:
        try:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
            if self.seen.get(path) == key:
                return
            data = path.read_bytes()
        except OSError:
            return  # gone already (a temporary file): the next one is caught
        self.seen[path] = key
        self.files_read += 1
        if data[:4] == b"PK\x03\x04":
            self.findings.append(f"a plain zip: {path.name}")
        for secret in self.secrets:
            if secret in data:
                self.findings.append(f"a youth's name in clear text: {path.name}")
                break


def youth_name_words(package: bytes) -> list[str]:
    """The youths' first and last names of 5 letters or more (shorter ones occur by chance)."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(package))
    try:
        rows = book.get_sheet_by_name("Youths").to_python()
    finally:
        book.close()
    header = rows[0]
    first, last = header.index("First Name"), header.index("Last Name")
    return sorted({str(r[c]) for r in rows[1:] for c in (first, last) if len(str(r[c])) >= 5})


def youth_names(package: bytes) -> list[bytes]:
    """The youths' names as a file would hold them: UTF-8 and UTF-16."""
    return [n.encode(code) for n in youth_name_words(package) for code in ("utf-8", "utf-16-le")]


def watched_env(today: str, password: str, home: Path, temp: Path) -> dict[str, str]:
    """The environment of a watched command: its password, and its home, log folder and
    temporary files inside folders the watcher reads."""
    return {
        **os.environ,
        "SAFETYNET_TODAY": today,
        "SAFETYNET_PASSWORD": password,
        "SAFETYNET_LOG_DIR": str(home / "logs"),
        "TMPDIR": str(temp),
        "HOME": str(home),
    }

"""Run a ``safetynet`` command and look at every file it writes, whenever it writes it.

    python tests/helpers/write_audit.py REPORT.json SECRETS.txt safetynet-arguments...

An audit hook (PEP 578) sees each file the command opens for writing, renames
or removes. Before a file is opened for writing again, renamed or removed, and
at exit for those still there, it reads what the file holds and notes a plain
zip (a decrypted workbook) or a line of SECRETS.txt (youths' names, one a
line, UTF-8; each looked for in UTF-8 and UTF-16). A watcher polling the disk
may miss a temporary file that lives a moment; this does not, for whatever
the command writes through Python. REPORT.json gets the findings and every
path looked at.
"""

from __future__ import annotations

import atexit
import json
import os
import sys

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


def main() -> None:
    report, secrets_file, *args = sys.argv[1:]
    with open(secrets_file, encoding="utf-8") as handle:
        words = [line.strip() for line in handle if line.strip()]
    secrets = [w.encode(code) for w in words for code in ("utf-8", "utf-16-le")]
    written: set[str] = set()
    looked: list[str] = []
    findings: list[str] = []
    busy = [False]

    def look(path: str, when: str) -> None:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return
        looked.append(path)
        name = os.path.basename(path)
        if data[:4] == b"PK\x03\x04":
            findings.append(f"a plain zip {when}: {name}")
        if any(secret in data for secret in secrets):
            findings.append(f"a youth's name in clear text {when}: {name}")

    def hook(event: str, hook_args: tuple) -> None:
        if busy[0] or event not in ("open", "os.rename", "os.remove"):
            return
        busy[0] = True
        try:
            path = hook_args[0]
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            if not isinstance(path, (str, os.PathLike)):
                return  # a file descriptor: opened by path before, and seen then
            path = os.path.abspath(path)
            if event == "open":
                mode, flags = hook_args[1], hook_args[2]
                if (mode and set(str(mode)) & set("wax+")) or (flags or 0) & _WRITE_FLAGS:
                    look(path, "before it was written again")
                    written.add(path)
            elif event == "os.rename":
                look(path, "as it was renamed")
                written.add(os.path.abspath(os.fsdecode(hook_args[1])))
            elif path in written:
                look(path, "as it was removed")
        finally:
            busy[0] = False

    def finish() -> None:
        busy[0] = True
        for path in sorted(written):
            look(path, "at the end")
        with open(report, "w", encoding="utf-8") as handle:
            json.dump({"findings": findings, "looked": looked}, handle)

    atexit.register(finish)
    sys.addaudithook(hook)
    from safetynet.cli import main as cli

    sys.argv = ["safetynet", *args]
    cli()


if __name__ == "__main__":
    main()

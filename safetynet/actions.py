"""What to do next, in the words of where the message is read.

An operation cannot know whether its message will pop up in Excel or print
in a terminal, so it names the next step with a placeholder,
``f"{do('Print Packet')} first."``, and the front end renders the message:
``click Print Packet`` under a button, ``run safetynet packet PATH`` on the
command line. A placeholder at the start of a sentence is capitalised
there (``Click ...``, ``Run ...``).

Sheets are read in Excel, so text written onto a sheet uses ``on_sheet``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Front(StrEnum):
    BUTTON = "button"
    COMMAND = "command"


@dataclass(frozen=True)
class Action:
    button: str  # the button's caption in the workbook
    command: str  # the command line's words after "safetynet", PATH for the workbook


ACTIONS: dict[str, Action] = {
    a.button: a
    for a in (
        Action("Validate Entries", "validate PATH"),
        Action("Build Agenda", "agenda PATH"),
        Action("Print Packet", "packet PATH"),
        Action("Refresh Dashboard", "dashboard PATH"),
        Action("Monthly Report", "monthly PATH"),
        Action("Email Packet", "email PATH"),
    )
}
_TOKEN = re.compile(r"\[\[do:([^\]]+)\]\]")


def do(button: str) -> str:
    """The placeholder for "do this next" (``button`` is a caption in ACTIONS)."""
    if button not in ACTIONS:
        raise KeyError(button)
    return f"[[do:{button}]]"


def on_sheet(button: str) -> str:
    """The words for a sheet, which is always read in Excel."""
    return f"click {ACTIONS[button].button}"


def render(text: str, front: Front | str, workbook: str = "PATH") -> str:
    """``text`` with each placeholder in the words of ``front``."""
    front = Front(front)

    def words(found: re.Match[str]) -> str:
        action = ACTIONS.get(found.group(1))
        if action is None:
            return found.group(1)
        if front is Front.BUTTON:
            said = f"click {action.button}"
        else:
            said = f"run safetynet {action.command.replace('PATH', _quoted(workbook))}"
        start = found.start() == 0 or text[: found.start()].rstrip().endswith((".", "!", "?", ":"))
        return said[0].upper() + said[1:] if start else said

    return _TOKEN.sub(words, text)


def _quoted(path: str) -> str:
    return f'"{path}"' if " " in path else path

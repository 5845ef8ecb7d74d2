"""README's promises, held against the program: its command list is the program's."""

from __future__ import annotations

import re
from pathlib import Path

from safetynet.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
LINE = re.compile(r"^\s{4}safetynet (\S+)(.*)$")
OPTION = re.compile(r"--[a-z][a-z-]*")


def readme_commands() -> dict[str, str]:
    """Each ``safetynet NAME ...`` line of README's command list: name -> the rest."""
    text = README.read_text(encoding="utf-8")
    block = text.split("## The command line", 1)[1].split("\n## ", 1)[0]
    found = {}
    for line in block.splitlines():
        match = LINE.match(line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_readme_lists_every_command_and_no_other():
    assert set(readme_commands()) == set(main.commands)


def test_every_option_readme_shows_is_one_the_command_takes():
    for name, rest in readme_commands().items():
        usage = rest.split("  ")[0]  # the description follows two spaces
        options = {o for p in main.commands[name].params for o in (*p.opts, *p.secondary_opts)}
        for option in OPTION.findall(usage):
            assert option in options, f"README shows {option} for safetynet {name}"

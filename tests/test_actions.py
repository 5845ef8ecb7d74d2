"""Messages name the next step as it is taken where they are read (safetynet.actions)."""

from __future__ import annotations

import pytest

from safetynet.actions import do, on_sheet, render
from safetynet.core.agenda_sheet import NO_AGENDA

MESSAGE = (
    f"The Agenda sheet lists no youths. {do('Build Agenda')}, then {do('Print Packet')} again."
)


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "button",
            "The Agenda sheet lists no youths. Click Build Agenda, then click Print Packet again.",
        ),
        (
            "command",
            'The Agenda sheet lists no youths. Run safetynet agenda "My Book.xlsm", then run '
            'safetynet packet "My Book.xlsm" again.',
        ),
    ],
)
def test_a_message_names_buttons_under_a_button_and_commands_on_the_command_line(front, expected):
    assert render(MESSAGE, front, "My Book.xlsm") == expected


def test_a_placeholder_for_a_step_that_does_not_exist_is_refused_when_written():
    with pytest.raises(KeyError):
        do("Print Everything")
    assert on_sheet("Validate Entries") == "click Validate Entries"


def test_the_command_line_says_run_safetynet_agenda_not_click(tmp_path):
    from click.testing import CliRunner

    from safetynet.cli import main

    path = tmp_path / "SafetyNet.xlsm"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(path)]).exit_code == 0
    result = runner.invoke(main, ["packet", str(path), "--no-pdf", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "Click" not in result.output and "click" not in result.output
    assert f"run safetynet agenda {path}" in result.output.replace("Run", "run")
    assert (
        render(NO_AGENDA, "button")
        == "The Agenda sheet has no agenda yet. Click Build Agenda first."
    )

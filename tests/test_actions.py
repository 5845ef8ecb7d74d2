"""Messages name the next step as it is taken where they are read (safetynet.actions)."""

from __future__ import annotations

import os

import pytest

from safetynet.actions import do, on_sheet, render
from safetynet.core.agenda_sheet import NO_AGENDA

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # tests only: the remote engine

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


def test_run_says_the_next_step_in_the_words_of_its_adapter(tmp_path):
    """The same refusal from one ``run``: a button's words in Excel, a command's in a terminal."""
    import datetime as dt

    from safetynet.adapters.file import FileAdapter
    from safetynet.adapters.live import LiveAdapter
    from safetynet.machine import init_workbook
    from safetynet.model import SafetyNetError
    from safetynet.operations.catalog import by_command
    from safetynet.run import run
    from safetynet.testing import remote_book

    path = tmp_path / "My Book.xlsm"
    init_workbook(path)
    said = {}
    for front, adapter in (
        ("command", FileAdapter(path, out=tmp_path)),
        ("button", LiveAdapter(remote_book(path), out=tmp_path)),
    ):
        with pytest.raises(SafetyNetError) as refused:
            run(adapter, by_command("packet"), dt.date(2026, 12, 2), pdf=False)
        said[front] = refused.value.message
    assert said["button"] == render(NO_AGENDA, "button")
    assert said["command"] == render(NO_AGENDA, "command", str(path))
    assert "[[do:" not in said["button"] + said["command"]

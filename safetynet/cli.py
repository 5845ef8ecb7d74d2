"""The ``safetynet`` command: the workbook's operations without Excel.

Each command reads its arguments, calls one operation, applies its outcome to
the workbook file and prints a plain sentence (or JSON). Exit status: 0 when
all went well, 1 when the workbook has problems the user must fix, 2 for a
wrong command or an unreadable file.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__, clock
from .errorlog import log_exception
from .model import SafetyNetError
from .operations import Outcome

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
WORKBOOK = click.Path(dir_okay=False, path_type=Path)
FIRST_YEAR, LAST_YEAR = 1900, 2200  # pandas counts days from 1677 to 2262


def _emit_error(message: str, code: int, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"error": message, "exit_code": code}, indent=2))
    else:
        click.echo(message, err=True)


def friendly(func: Callable[..., int | None]) -> Callable[..., None]:
    """Turn every failure into a plain message and an exit status; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        as_json = bool(kwargs.get("as_json"))
        try:
            code = func(*args, **kwargs) or EXIT_OK
        except SafetyNetError as exc:
            _emit_error(exc.message, exc.exit_code, as_json)
            code = exc.exit_code
        except click.ClickException:
            raise  # usage errors: click prints them and exits 2
        except KeyboardInterrupt:
            _emit_error("Stopped. The workbook was not changed by the unfinished step.", 1, as_json)
            code = EXIT_PROBLEMS
        except Exception as exc:  # the last line of defence: log, explain, exit
            where = log_exception(exc, context=func.__name__)
            _emit_error(
                "Something went wrong that the program did not expect, and it stopped without "
                f"changing the workbook. The details are in {where}; please send that file "
                "to whoever supports your SafetyNet Workbook.",
                EXIT_USAGE,
                as_json,
            )
            code = EXIT_USAGE
        sys.exit(code)

    return wrapper


def run_command(
    path: Path, command: str, *, as_json: bool, out: Path | None = None, **options: Any
) -> int:
    """Run the command's operation on the workbook file and report it."""
    outcome = run_on_file(path, command, out=out, **options)
    report(outcome, as_json)
    return outcome.exit_code


def run_on_file(
    path: Path, command: str, *, out: Path | None = None, writes: bool = True, **options: Any
) -> Outcome:
    from .adapters.file import FileAdapter
    from .operations.catalog import by_command
    from .run import run

    adapter = FileAdapter(path, out=out, writes=writes)
    return run(adapter, by_command(command), clock.today(), **options)


def report(outcome: Outcome, as_json: bool) -> None:
    if as_json:
        payload = dict(outcome.data)
        payload.setdefault("message", outcome.message)
        payload.setdefault("files", [str(f) for f in outcome.files])
        payload.setdefault("exit_code", outcome.exit_code)
        click.echo(json.dumps(payload, indent=2, default=str, ensure_ascii=False))
        return
    click.echo(outcome.message)
    for path in outcome.files:
        click.echo(f"  {path}")


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-12-02.") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise click.BadParameter(
            f"{value} is too far from today; give a date between {FIRST_YEAR} and {LAST_YEAR}, "
            f"like 2026-12-02.",
            param_hint="'--date'",
        )
    return day


def _month(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        month = dt.datetime.strptime(value, "%Y-%m")
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a month like 2026-10.") from None
    if not FIRST_YEAR <= month.year <= LAST_YEAR:
        raise click.BadParameter(
            f"{value} is too far from today; give a month between {FIRST_YEAR} and "
            f"{LAST_YEAR}, like 2026-10.",
            param_hint="'--month'",
        )
    return value


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="safetynet")
def main() -> None:
    """SafetyNet Workbook: the weekly case review kept in one Excel workbook."""


@main.command()
@click.argument("path", type=WORKBOOK, default="SafetyNet.xlsm", required=False)
@click.option("--force", is_flag=True, help="Replace an existing file (a backup is kept).")
@friendly
def init(path: Path, force: bool) -> int:
    """Make a new, empty SafetyNet.xlsm at PATH (default: ./SafetyNet.xlsm)."""
    from .machine import init_workbook

    made = init_workbook(path, force=force)
    click.echo(f"Made a new, empty workbook: {made}")
    click.echo("Open it in Excel, click Enable Content, then Check Setup on the Start sheet.")
    return EXIT_OK


@main.command()
@click.argument(
    "directory", type=click.Path(file_okay=False, path_type=Path), default="demo", required=False
)
@click.option("--youths", default=120, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--seed", default=7, show_default=True, type=int)
@click.option("--pdf/--no-pdf", default=True, help="Make PDFs where LibreOffice is present.")
@friendly
def demo(directory: Path, youths: int, seed: int, pdf: bool) -> int:
    """A workbook of invented youths, then the weekly cycle on it."""
    from .demo_cycle import run_demo

    for line in run_demo(directory, youths=youths, seed=seed, pdf=pdf, today=clock.today()):
        click.echo(line)
    return EXIT_OK


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@friendly
def validate(path: Path, as_json: bool) -> int:
    """Check every sheet; list the problems. Never changes the workbook."""
    from .core.problems_sheet import format_problems

    outcome = run_on_file(path, "validate", writes=False)
    if as_json:
        report(outcome, as_json=True)
    else:
        click.echo(format_problems(outcome.problems))
    return outcome.exit_code


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option(
    "--date",
    "meeting_date",
    help="The meeting date, YYYY-MM-DD (default: the next meeting day after today).",
)
@click.option("--json", "as_json", is_flag=True)
@friendly
def agenda(path: Path, meeting_date: str | None, as_json: bool) -> int:
    """Choose the youths for the next meeting and write the Agenda sheet."""
    return run_command(path, "agenda", as_json=as_json, meeting_date=_date(meeting_date))


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the packet (default: the Output Folder setting).",
)
@click.option("--pdf/--no-pdf", default=True, help="Also make a PDF (needs LibreOffice or Word).")
@click.option(
    "--copies",
    default=0,
    type=click.IntRange(0, 200),
    help="Numbered copies, each page marked 'Copy 3 of 12 — issued to' a member whose "
    "confidentiality form is on file.",
)
@click.option("--json", "as_json", is_flag=True)
@friendly
def packet(path: Path, out: Path | None, pdf: bool, copies: int, as_json: bool) -> int:
    """Make the meeting packet from the Agenda sheet as staff left it."""
    return run_command(path, "packet", as_json=as_json, out=out, pdf=pdf, copies=copies)


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option("--json", "as_json", is_flag=True)
@friendly
def dashboard(path: Path, as_json: bool) -> int:
    """Recount the Dashboard sheet's figures; its charts follow."""
    return run_command(path, "dashboard", as_json=as_json)


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option("--month", help="The month to report, YYYY-MM (default: the last full month).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--pdf/--no-pdf", default=True)
@click.option("--json", "as_json", is_flag=True)
@friendly
def monthly(path: Path, month: str | None, out: Path | None, pdf: bool, as_json: bool) -> int:
    """Fill the Monthly sheet for funders (small counts masked) and write the report."""
    return run_command(path, "monthly", as_json=as_json, out=out, month=_month(month), pdf=pdf)


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option("--agency", required=True, help="The agency's name as on the Agencies sheet.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--pdf/--no-pdf", default=True)
@click.option("--json", "as_json", is_flag=True)
@friendly
def mou(path: Path, agency: str, out: Path | None, pdf: bool, as_json: bool) -> int:
    """Write the MOU for one partner agency."""
    return run_command(path, "mou", as_json=as_json, out=out, agency=agency, pdf=pdf)


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option("--member", required=True, help="The member's name as on the Members sheet.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--pdf/--no-pdf", default=True)
@click.option("--json", "as_json", is_flag=True)
@friendly
def confidentiality(path: Path, member: str, out: Path | None, pdf: bool, as_json: bool) -> int:
    """Write the confidentiality form for one member."""
    return run_command(path, "confidentiality", as_json=as_json, out=out, member=member, pdf=pdf)


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option(
    "--packet",
    "packet_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The packet to attach (default: the newest in the output folder).",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--remember",
    is_flag=True,
    help="Keep the password in this computer's keyring for the Email Packet button.",
)
@click.option("--json", "as_json", is_flag=True)
@friendly
def email(
    path: Path, packet_path: Path | None, out: Path | None, remember: bool, as_json: bool
) -> int:
    """Write a ready-to-send email draft with the packet attached, password-protected."""
    from .documents.mail import password_from_keyring, remember_password

    password = None if remember else password_from_keyring()
    if not password:
        if not sys.stdin.isatty():
            raise SafetyNetError(
                "The packet password is needed, and there is no keyboard to type it. Run "
                "'safetynet email PATH --remember' once in a terminal to keep it in this "
                "computer's keyring.",
                EXIT_PROBLEMS,
            )
        password = click.prompt(
            "Password for the packet (partners get it by phone or text)",
            hide_input=True,
            confirmation_prompt=True,
        )
        if remember:
            remember_password(password)
    return run_command(
        path, "email", as_json=as_json, out=out, packet_path=packet_path, password=password
    )


@main.command("check")
@click.argument("path", type=WORKBOOK, required=False)
@friendly
def check(path: Path | None) -> int:
    """Check this computer's setup: Python, versions, output folder, PDF, templates."""
    from .machine import check_setup

    lines, ok = check_setup(path)
    for line in lines:
        click.echo(line)
    return EXIT_OK if ok else EXIT_PROBLEMS


if __name__ == "__main__":  # pragma: no cover
    main()

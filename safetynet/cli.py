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
from .actions import Front, render
from .errorlog import log_exception
from .model import SafetyNetError
from .operations import Outcome
from .passwords import PasswordOptions
from .schema import DATA_SHEETS

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
WORKBOOK = click.Path(dir_okay=False, path_type=Path)
FIRST_YEAR, LAST_YEAR = 1900, 2200  # pandas counts days from 1677 to 2262
PDF_HELP = "Also make a PDF. Default: yes, unless the workbook is encrypted."
_PASSWORD_FLAGS = {
    "password_stdin": "Read the workbook's password from the first line of standard input "
    "(when it is encrypted; or set SAFETYNET_PASSWORD). Never type it on the command line.",
    "remember": "Keep the workbook's password in this computer's keyring once it opens it.",
    "document_password": "Protect the documents with another password than the workbook's "
    "(asked for, or SAFETYNET_DOCUMENT_PASSWORD).",
}


def password_flags(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add --password-stdin (and others named) without changing the command's signature."""

    def keep(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
        ctx.meta[f"safetynet.{param.name}"] = value
        return value

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for name in reversed(("password_stdin", *names)):
            flag = "--" + name.replace("_", "-")
            func = click.option(flag, name, is_flag=True, expose_value=False, callback=keep,
                                help=_PASSWORD_FLAGS[name])(func)  # fmt: skip
        return func

    return decorate


def passwords(remember: bool = False) -> PasswordOptions:
    """The password flags given to the running command."""
    context = click.get_current_context(silent=True)  # None when called as a library
    meta = context.meta if context else {}
    return PasswordOptions(
        stdin=bool(meta.get("safetynet.password_stdin")),
        remember=remember or bool(meta.get("safetynet.remember")),
        document_password=bool(meta.get("safetynet.document_password")),
    )


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
        workbook = str(kwargs.get("path") or "PATH")
        try:
            code = func(*args, **kwargs) or EXIT_OK
        except SafetyNetError as exc:
            _emit_error(render(exc.message, Front.COMMAND, workbook), exc.exit_code, as_json)
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
    outcome.message = render(outcome.message, Front.COMMAND, str(path))
    report(outcome, as_json)
    warn_if_older(path, as_json)
    return outcome.exit_code


def warn_if_older(path: Path, as_json: bool) -> None:
    """Say plainly (on stderr) when the workbook was made by another version of the program."""
    from .upgrade.version import version_note, workbook_version

    note = version_note(workbook_version(path), str(path))
    if note and not as_json:
        click.echo(note, err=True)


def run_on_file(
    path: Path,
    command: str,
    *,
    out: Path | None = None,
    writes: bool = True,
    given: PasswordOptions | None = None,
    **options: Any,
) -> Outcome:
    """An encrypted workbook gets its own adapter; a PDF by default only from a plain one."""
    from .adapters.encrypted import file_adapter
    from .documents.protect import protected_documents
    from .operations.catalog import by_command
    from .passwords import document_password
    from .run import run

    given = given or passwords()
    adapter = file_adapter(path, out=out, writes=writes, passwords=given)
    protected = getattr(adapter, "protects_documents", False)
    extra = None if protected else document_password(None, given)  # --document-password
    if options.get("pdf", False) is None:
        options["pdf"] = not (protected or extra)
    with protected_documents(extra):
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
@password_flags("remember")
@friendly
def validate(path: Path, as_json: bool) -> int:
    """Check every sheet; list the problems. Never changes the workbook."""
    from .core.problems_sheet import format_problems

    outcome = run_on_file(path, "validate", writes=False)
    if as_json:
        report(outcome, as_json=True)
    else:
        click.echo(format_problems(outcome.problems))
    warn_if_older(path, as_json)
    return outcome.exit_code


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option(
    "--date",
    "meeting_date",
    help="The meeting date, YYYY-MM-DD (default: the next meeting day after today).",
)
@click.option("--json", "as_json", is_flag=True)
@password_flags("remember")
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
@click.option(
    "--pdf/--no-pdf",
    default=None,
    help="Also make a PDF (needs LibreOffice or Word). Default: yes, but not from an "
    "encrypted workbook (a PDF has no password).",
)
@click.option(
    "--copies",
    default=0,
    type=click.IntRange(0, 200),
    help="Numbered copies, each page marked 'Copy 3 of 12 — issued to' a member whose "
    "confidentiality form is on file.",
)
@click.option("--json", "as_json", is_flag=True)
@password_flags("remember", "document_password")
@friendly
def packet(path: Path, out: Path | None, pdf: bool | None, copies: int, as_json: bool) -> int:
    """Make the meeting packet from the Agenda sheet as staff left it."""
    return run_command(path, "packet", as_json=as_json, out=out, pdf=pdf, copies=copies)


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option("--json", "as_json", is_flag=True)
@password_flags("remember")
@friendly
def dashboard(path: Path, as_json: bool) -> int:
    """Recount the Dashboard sheet's figures; its charts follow."""
    return run_command(path, "dashboard", as_json=as_json)


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option("--month", help="The month to report, YYYY-MM (default: the last full month).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--pdf/--no-pdf", default=None, help=PDF_HELP)
@click.option("--json", "as_json", is_flag=True)
@password_flags("remember", "document_password")
@friendly
def monthly(
    path: Path, month: str | None, out: Path | None, pdf: bool | None, as_json: bool
) -> int:
    """Fill the Monthly sheet for funders (small counts masked) and write the report."""
    return run_command(path, "monthly", as_json=as_json, out=out, month=_month(month), pdf=pdf)


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option("--agency", required=True, help="The agency's name as on the Agencies sheet.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--pdf/--no-pdf", default=None, help=PDF_HELP)
@click.option("--json", "as_json", is_flag=True)
@password_flags("remember", "document_password")
@friendly
def mou(path: Path, agency: str, out: Path | None, pdf: bool | None, as_json: bool) -> int:
    """Write the MOU for one partner agency."""
    return run_command(path, "mou", as_json=as_json, out=out, agency=agency, pdf=pdf)


@main.command()
@click.argument("path", type=WORKBOOK)
@click.option("--member", required=True, help="The member's name as on the Members sheet.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--pdf/--no-pdf", default=None, help=PDF_HELP)
@click.option("--json", "as_json", is_flag=True)
@password_flags("remember", "document_password")
@friendly
def confidentiality(
    path: Path, member: str, out: Path | None, pdf: bool | None, as_json: bool
) -> int:
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
@click.option(
    "--packet-password-stdin",
    "packet_password_stdin",
    is_flag=True,
    help="Read the packet's password from the first line of standard input (for a pipe).",
)
@click.option("--json", "as_json", is_flag=True)
@password_flags("document_password")
@friendly
def email(
    path: Path,
    packet_path: Path | None,
    out: Path | None,
    remember: bool,
    packet_password_stdin: bool,
    as_json: bool,
) -> int:
    """Write ready-to-send email drafts with the packet attached, password-protected."""
    return run_command(
        path,
        "email",
        as_json=as_json,
        out=out,
        packet_path=packet_path,
        password=_packet_password(remember=remember, from_stdin=packet_password_stdin),
        given=passwords(remember=remember),
    )


def _packet_password(*, remember: bool, from_stdin: bool):
    """The password, asked for when the operation calls (once, after the packets were found).

    From the pipe with --packet-password-stdin; else the keyring; else typed. A keyring
    that does not work only means typing it: the draft is written all the same.
    """
    from .documents.mail import password_from_keyring, remember_password

    def ask() -> str:
        password = None
        if from_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        elif not remember:
            password = password_from_keyring()
        if not password:
            if not sys.stdin.isatty():
                raise SafetyNetError(
                    "The packet password is needed, and there is no keyboard to type it. "
                    "Pipe it in with --packet-password-stdin, or run 'safetynet email PATH "
                    "--remember' once in a terminal to keep it in this computer's keyring.",
                    EXIT_PROBLEMS,
                )
            password = click.prompt(
                "Password for the packet (partners get it by phone or text)", hide_input=True
            )
        if remember:
            try:
                remember_password(password)
            except SafetyNetError as failed:
                click.echo(f"{failed.message} The draft is written all the same.", err=True)
        return password

    return ask


@main.command("import")
@click.argument("path", type=WORKBOOK)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--sheet",
    type=click.Choice([s.name for s in DATA_SHEETS], case_sensitive=False),
    help="The data sheet to fill (default: the one the source's headers fit).",
)
@click.option(
    "--map",
    "map_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The import map (TOML) to use, or to write when it does not exist yet "
    "(default: '<source> - import map.toml' beside the source).",
)
@click.option("--dry-run", is_flag=True, help="Count and write the report; change nothing.")
@click.option("--json", "as_json", is_flag=True)
@password_flags("remember")
@friendly
def import_rows(
    path: Path, source: Path, sheet: str | None, map_path: Path | None, dry_run: bool, as_json: bool
) -> int:
    """Bring rows from a spreadsheet or CSV (SOURCE) into one data sheet; nothing is lost."""
    canonical = next(
        (s.name for s in DATA_SHEETS if sheet and s.name.lower() == sheet.lower()), None
    )
    return run_command(
        path,
        "import",
        as_json=as_json,
        source_path=source.resolve(),
        sheet=canonical,
        map_path=map_path,
        dry_run=dry_run,
    )


@main.command()
@click.argument("old", type=WORKBOOK)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the new workbook here and leave OLD as it is "
    "(default: replace OLD, keeping it in the backups folder).",
)
@click.option("--json", "as_json", is_flag=True)
@friendly
def upgrade(old: Path, out: Path | None, as_json: bool) -> int:
    """A workbook of this version from an older one (OLD): nothing typed is lost."""
    from .adapters.common import current_user
    from .machine import interpreter_for_excel
    from .upgrade.file import upgrade_file

    outcome = upgrade_file(
        old,
        out,
        today=clock.today(),
        now=clock.now(),
        user=current_user(),
        interpreter=interpreter_for_excel(),
    )
    report(outcome, as_json)
    return outcome.exit_code


@main.command()
@click.argument("path", type=WORKBOOK)
@password_flags("remember")
@friendly
def protect(path: Path) -> int:
    """Encrypt the workbook with a password, as Excel's Encrypt with Password does."""
    from .encrypted_file import protect as protect_file

    _, sealed = protect_file(path, passwords(), _log_append("Protect"))
    click.echo(
        f"{path.name} is now encrypted with the password. Every command asks for it (or reads "
        f"SAFETYNET_PASSWORD); Excel asks for it on opening. Nothing can recover a lost "
        f"password: keep it where the agency keeps its other secrets."
    )
    click.echo(f"  The backup copies beside it are encrypted too ({len(sealed)} of them).")
    click.echo(
        "  Documents made before today in the output folder are not protected: delete those "
        "no longer needed."
    )
    return EXIT_OK


@main.command()
@click.argument("path", type=WORKBOOK)
@password_flags()
@friendly
def unprotect(path: Path) -> int:
    """Remove the workbook's password (the backup keeps the encrypted file)."""
    from .encrypted_file import unprotect as unprotect_file

    backup = unprotect_file(path, passwords(), _log_append("Unprotect"))
    click.echo(
        f"{path.name} is no longer encrypted: anyone who copies it can read it. The copy "
        f"taken before, {backup.name}, is still encrypted with the old password."
    )
    return EXIT_OK


def _log_append(operation: str) -> Callable[[], Any]:
    """The Log row of protect/unprotect: who and when, never the password."""

    def row() -> Any:
        from .adapters.common import log_row
        from .schema import LOG_SHEET
        from .xlsx.write import TableAppend

        outcome = Outcome(operation=operation, message="")
        return TableAppend(LOG_SHEET, LOG_SHEET, [log_row(outcome)])

    return row


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

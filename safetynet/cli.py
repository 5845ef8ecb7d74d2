"""The ``safetynet`` command: the workbook's operations without Excel.

Each command reads its arguments, calls one operation, applies its outcome to
the workbook file and prints a plain sentence (or JSON). Exit status: 0 when
all went well, 1 when the workbook has problems the user must fix, 2 for a
wrong command or an unreadable file.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__, clock
from .command_edge import (
    EXIT_OK,
    EXIT_PROBLEMS,
    PDF_HELP,
    WORKBOOK,
    friendly,
    log_append,
    packet_password,
    parse_date,
    parse_month,
    password_flags,
    passwords,
    report,
    run_command,
    run_on_file,
    warn_if_older,
)
from .schema import DATA_SHEETS

__all__ = ["main", "run_on_file"]


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
    return run_command(path, "agenda", as_json=as_json, meeting_date=parse_date(meeting_date))


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
    return run_command(path, "monthly", as_json=as_json, out=out, month=parse_month(month), pdf=pdf)


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
        password=packet_password(remember=remember, from_stdin=packet_password_stdin),
        given=passwords(remember=remember),
    )


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
@password_flags("remember")
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
        passwords=passwords(),
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

    _, sealed = protect_file(path, passwords(), log_append("Protect"))
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

    backup = unprotect_file(path, passwords(), log_append("Unprotect"))
    click.echo(
        f"{path.name} is no longer encrypted: anyone who copies it can read it. The copy "
        f"taken before, {backup.name}, is still encrypted with the old password."
    )
    warn_if_older(path, False)
    return EXIT_OK


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

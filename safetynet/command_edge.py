"""What every ``safetynet`` command does around its operation.

Its flags (the password ones, --date, --month), its run on the workbook file,
its report (a sentence or JSON) and its failures: every one a plain sentence
and an exit status, the traceback only in the log file. ``cli.py`` keeps the
commands themselves, a few lines each.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import select
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import clock
from .actions import Front, render
from .errorlog import log_exception
from .model import SafetyNetError
from .operations import Outcome
from .passwords import PasswordOptions

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
    """Turn every failure into a plain message and an exit status; never a traceback.

    A reader that stops reading (``safetynet validate X | head -1``) ends the command
    quietly, as the Python documentation advises: whatever it did is done, and saying
    that it failed would not be true.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        as_json = bool(kwargs.get("as_json"))
        workbook = str(kwargs.get("path") or "PATH")
        before = _file_state(kwargs.get("path") or kwargs.get("old"))
        try:
            try:
                code = func(*args, **kwargs) or EXIT_OK
            except SafetyNetError as exc:
                _emit_error(render(exc.message, Front.COMMAND, workbook), exc.exit_code, as_json)
                code = exc.exit_code
                _older_after_failure(kwargs.get("path"), as_json)
            except click.ClickException:
                raise  # usage errors: click prints them and exits 2
            except KeyboardInterrupt:
                _emit_error(
                    "Stopped. The workbook was not changed by the unfinished step.", 1, as_json
                )
                code = EXIT_PROBLEMS
            except Exception as exc:  # the last line of defence: log, explain, exit
                if isinstance(exc, BrokenPipeError) and _output_closed():
                    raise
                code = _unexpected(exc, func.__name__, as_json, kwargs, before)
            sys.stdout.flush()  # a reader gone shows here, not after the exit
        except BrokenPipeError:
            _quiet_closed_output()
            code = EXIT_PROBLEMS
        sys.exit(code)

    return wrapper


def _unexpected(
    exc: Exception, name: str, as_json: bool, kwargs: dict[str, Any], before: Any
) -> int:
    """Log the failure and say so, and whether the workbook was saved before it."""
    where = log_exception(exc, context=name)
    path = kwargs.get("path") or kwargs.get("old")
    if before is not None and _file_state(path) != before:
        done = (
            f"and it stopped. {Path(path).name} was saved before that; the copy from before "
            f"is in the backups folder beside it."
        )
    else:
        done = "and it stopped without changing the workbook."
    _emit_error(
        f"Something went wrong that the program did not expect, {done} The details are in "
        f"{where}; please send that file to whoever supports your SafetyNet Workbook.",
        EXIT_USAGE,
        as_json,
    )
    _older_after_failure(kwargs.get("path"), as_json)
    return EXIT_USAGE


def _file_state(path: Any) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except (OSError, TypeError, ValueError):
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def _closed_outputs() -> list[int] | None:
    """Standard output's and error's descriptors whose reader has gone (a pipe ``head``
    closed); None where that cannot be asked (no poll: Windows)."""
    if not hasattr(select, "poll"):
        return None
    closed = []
    for stream in (sys.stdout, sys.stderr):
        try:
            fd = stream.fileno()
        except (AttributeError, ValueError, OSError):
            continue  # not a file (a test's runner): no reader to lose
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        if any(event & (select.POLLERR | select.POLLHUP) for _, event in poller.poll(0)):
            closed.append(fd)
    return closed


def _output_closed() -> bool:
    """Whether a broken pipe is the reader of our output gone, not something else failing."""
    closed = _closed_outputs()
    return closed is None or bool(closed)


def _quiet_closed_output() -> None:
    """Point the closed output at devnull, so the flush at exit raises nothing more."""
    closed = _closed_outputs()
    if closed is None:  # cannot tell which: standard output, as the Python docs do
        with contextlib.suppress(AttributeError, ValueError, OSError):
            closed = [sys.stdout.fileno()]
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for fd in closed or ():
            os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _older_after_failure(path: Any, as_json: bool) -> None:
    """A command that failed on an older workbook says so too: the likeliest reason."""
    if isinstance(path, Path) and path.is_file():
        with contextlib.suppress(Exception):  # never hide the failure's own sentence
            warn_if_older(path, as_json)


def run_command(
    path: Path, command: str, *, as_json: bool, out: Path | None = None, **options: Any
) -> int:
    """Run the command's operation on the workbook file and report it."""
    outcome = run_on_file(path, command, out=out, **options)  # in the command's words
    report(outcome, as_json)
    warn_if_older(path, as_json)
    return outcome.exit_code


def warn_if_older(path: Path, as_json: bool) -> None:
    """Say plainly (on stderr) when the workbook was made by another version of the program.

    An encrypted workbook's version is the one read from it while the command had it
    open (``run_on_file``); one the command never opened cannot be read without asking
    for its password again, so nothing is said.
    """
    from .encrypted_file import is_encrypted
    from .upgrade.version import version_note, workbook_version

    context = click.get_current_context(silent=True)
    opened = context.meta.get(_OPENED_VERSION) if context else None
    if opened is not None:
        version = opened or None
    elif is_encrypted(path):
        return
    else:
        version = workbook_version(path)
    note = version_note(version, str(path))
    if note and not as_json:
        click.echo(note, err=True)


_OPENED_VERSION = "safetynet.opened_version"  # "" when its cell holds no version


def _keep_version(adapter: Any, path: Path) -> None:
    """Read an encrypted workbook's version from the package decrypted in memory."""
    from .upgrade.version import workbook_version

    package = getattr(adapter, "opened_package", None)
    context = click.get_current_context(silent=True)
    if package is not None and context is not None:
        with contextlib.suppress(Exception):  # never hide the command's own failure
            context.meta[_OPENED_VERSION] = workbook_version(path, package) or ""


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
    try:
        with protected_documents(extra):
            return run(adapter, by_command(command), clock.today(), **options)
    finally:
        _keep_version(adapter, path)


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


def parse_date(value: str | None) -> dt.date | None:
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


def parse_month(value: str | None) -> str | None:
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


def packet_password(*, remember: bool, from_stdin: bool):
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


def log_append(operation: str) -> Callable[[], Any]:
    """The Log row of protect/unprotect: who and when, never the password."""

    def row() -> Any:
        from .adapters.common import log_row
        from .schema import LOG_SHEET
        from .xlsx.write import TableAppend

        outcome = Outcome(operation=operation, message="")
        return TableAppend(LOG_SHEET, LOG_SHEET, [log_row(outcome)])

    return row

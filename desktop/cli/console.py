"""What the command line asks at the console, how it writes there, and how it opens a database
for a command.

The password of `--user` comes from ANTQ_PASSWORD and the province's passphrase from
ANTQ_PASSPHRASE (scripts), else they are typed hidden.

`open_for_command` is the one way a command opens its database: the window's opening sequence
(`desktop/core/storage/opening.py`: location, first look, verdict, migrations, sign-in), with
the console answering its questions. A command that writes refuses a file on a USB stick, a
network share or in a cloud folder, and every command gets the verdict on the file before
anything is written to it; even signing `--user` in writes an audit entry, so it comes after.
"""

from __future__ import annotations

import argparse
import codecs
import getpass
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.storage import dblocation, opening

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

# What the location check reads from the machine; tests describe a USB stick or a share here.
LOCATION_PROBE: dblocation.Probe | None = None

PASSWORD_VARIABLE = "ANTQ_PASSWORD"
PASSPHRASE_VARIABLE = "ANTQ_PASSPHRASE"


def utf8_output() -> None:
    """Make printed output survive any console or redirection: UTF-8 when it goes to a file.

    Redirected output (`antq-desk-cli backup > log.txt`, a pipe) is written in the ANSI code page
    on Windows: cp1258 in the Vietnamese locale, which has no precomposed letters such as "ệ",
    so the first Vietnamese line raised UnicodeEncodeError and the command exited 1 after its
    work was done. A file or pipe now gets UTF-8 without a byte-order mark (Notepad opens it as
    UTF-8; a script can append with `>>`). A real console keeps its own encoding (Windows'
    console is written in UTF-16 by Python anyway); a character it cannot show is printed as
    an escape such as \\u1ec7 instead of stopping the command.
    """
    for stream in (sys.stdout, sys.stderr):
        _utf8_stream(stream)


def _utf8_stream(stream) -> None:
    reconfigure = getattr(stream, "reconfigure", None)  # None: no console (windowed program)
    if reconfigure is None:
        return
    if _is_utf8(getattr(stream, "encoding", None)):
        return
    if stream.isatty():
        reconfigure(errors="backslashreplace")
    else:
        reconfigure(encoding="utf-8", errors="backslashreplace")


def _is_utf8(encoding: str | None) -> bool:
    try:
        return encoding is not None and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def has_console() -> bool:
    """Whether printed output and typed answers can reach anyone.

    The windowed antq-desk.exe (PyInstaller's console=False, like pythonw.exe) starts with no
    console: Python sets sys.stdout and sys.stderr to None, so a subcommand would print nowhere
    and a password prompt would wait for ever.
    """
    return sys.stdout is not None and sys.stderr is not None


def ask_hidden(prompt: str, variable: str) -> str:
    """A secret typed at the console without echo; where nobody can type it (a script, a
    scheduled task, input from a file), a Vietnamese refusal naming the variable to set."""
    try:
        return getpass.getpass(prompt)
    except EOFError as error:
        raise UserError(
            _(
                "Không có ai để nhập mật khẩu (lệnh không chạy trong cửa sổ dòng lệnh). Hãy đặt "
                "biến môi trường {variable} rồi chạy lại."
            ).format(variable=variable),
            f"no console to ask for {variable}",
        ) from error


def passphrase(prompt: str) -> str:
    """The province's passphrase: ANTQ_PASSPHRASE, else typed hidden."""
    value = os.environ.get(PASSPHRASE_VARIABLE)
    return value if value is not None else ask_hidden(prompt, PASSPHRASE_VARIABLE)


def backup_passphrase(*, confirm: bool) -> str:
    """The backup passphrase: ANTQ_BACKUP_PASSPHRASE, else typed hidden (twice for a new
    backup, so a typing slip does not lock the office out of its own copy)."""
    from desktop.core.storage import sealed

    value = os.environ.get(sealed.PASSPHRASE_VARIABLE)
    if value is not None:
        return value
    variable = sealed.PASSPHRASE_VARIABLE
    first = ask_hidden(_("Mật khẩu sao lưu: "), variable)
    if confirm and ask_hidden(_("Nhập lại mật khẩu sao lưu: "), variable) != first:
        raise UserError(_("Hai lần nhập mật khẩu sao lưu không khớp."), "passphrases differ")
    return first


class ConsoleAsker:
    """The opening sequence's questions at the console: the password of `--user` from
    ANTQ_PASSWORD (scripts), else typed hidden; nobody to type it is a clear refusal."""

    def password(self, username: str) -> str:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is not None:
            return password
        return ask_hidden(_("Mật khẩu của {user}: ").format(user=username), PASSWORD_VARIABLE)


def existing(path: Path) -> Path:
    """The file a command reads without opening it as a database, or a Vietnamese refusal."""
    if not path.exists():
        raise opening.missing_file(path)
    return path


class DamagedFile(UserError):
    """The file failed its verdict: the command leaves it alone and says how to recover."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        super().__init__(
            _(
                "Tệp dữ liệu {path} bị hỏng nên lệnh này không ghi gì vào đó: {problem} Hãy chạy "
                "“antq-desk check” để xem chi tiết và khôi phục từ bản sao lưu gần nhất "
                "(“antq-desk restore TỆP_SAO_LƯU --yes”)."
            ).format(path=path, problem=problems[0]),
            f"command refused on damaged {path}: {problems[:3]}",
        )


def refusal_error(path: Path, refusal: opening.Refusal) -> Exception:
    """What a command raises for the sequence's refusal (`_run_known` prints it)."""
    if refusal.damaged:
        return DamagedFile(path, list(refusal.problems))
    assert refusal.error is not None, refusal
    return refusal.error


def open_for_command(
    path: Path, user: str | None = None, *, create: bool = False, write: bool = True
) -> sqlite_utils.Database:
    """Open the database a command works on through the one opening sequence
    (`desktop/core/storage/opening.py`), signing `--user` in; a refusal is raised.

    Only the commands that set an office up (`init`, `demo`, `province-init`, `recover`) create
    a missing file; every other command refuses it, so a mistyped `--db` never makes a new
    empty office. A command that cannot write (`write=False`) may read a file anywhere; every
    command gets the verdict before anything (migrations, the sign-in's audit entry) is written.

    Without `--user` nobody is signed in: commands that only read still work, and a command
    that writes to a database with accounts is refused with `NotSignedIn`. A database with no
    account yet is in set-up mode, so `--user` is not needed (and not checked) there.
    """
    if create:
        intent = opening.COMMAND_CREATES
    else:
        intent = opening.COMMAND if write else opening.COMMAND_READS
    path = Path(path)
    result = opening.open_office(
        path, intent, username=user, asker=ConsoleAsker(), probe=LOCATION_PROBE
    )
    if isinstance(result, opening.Refusal):
        log.error("antq-desk refused %s: %s", path, result.log_line)
        raise refusal_error(path, result)
    if result.notice:  # on stderr: a command's own output (a CSV, a count) stays clean
        print(result.notice, file=sys.stderr)
    return result.db


def with_db(run: Callable, create: bool = False) -> Callable[[argparse.Namespace], int]:
    """A subcommand's `run(db, args)` as an argparse default: the database opened (and `--user`
    signed in) by `open_for_command`, and closed whatever happens."""

    def wrapped(args: argparse.Namespace) -> int:
        db = open_for_command(args.db, getattr(args, "user", None), create=create)
        try:
            return run(db, args)
        finally:
            db.close()

    return wrapped

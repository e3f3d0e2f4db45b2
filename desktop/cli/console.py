"""What the command line asks at the console, how it writes there, and how it opens a database
for a command.

The password of `--user` comes from ANTQ_PASSWORD and the province's passphrase from
ANTQ_PASSPHRASE (scripts), else they are typed hidden.
"""

from __future__ import annotations

import codecs
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from db import open_database
from desktop.core import accounts, session
from desktop.core.errors import UserError
from desktop.core.i18n import _

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.core.session import Actor

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


def passphrase(prompt: str) -> str:
    """The province's passphrase: ANTQ_PASSPHRASE, else typed hidden."""
    value = os.environ.get(PASSPHRASE_VARIABLE)
    return value if value is not None else getpass.getpass(prompt)


def sign_in(db: sqlite_utils.Database, username: str | None) -> Actor | None:
    """Sign the command line's `--user` in; the password from ANTQ_PASSWORD or typed hidden.

    Without `--user` nobody is signed in: commands that only read still work, and a command
    that writes to a database with accounts is refused with `NotSignedIn`. A database with no
    account yet is in set-up mode, so `--user` is not needed (and not checked) there.
    """
    if not username or not session.has_accounts(db):
        return None
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        password = getpass.getpass(_("Mật khẩu của {user}: ").format(user=username))
    return accounts.authenticate(db, username, password)


def existing(path: Path) -> Path:
    """The database file a command needs, or a Vietnamese refusal naming it."""
    if not path.exists():
        raise UserError(
            _("Không tìm thấy tệp dữ liệu {path}.").format(path=path), f"{path} does not exist"
        )
    return path


def open_for_command(
    path: Path, user: str | None = None, *, create: bool = False
) -> sqlite_utils.Database:
    """Open the database a command works on and sign `--user` in, if the file has accounts.

    Only the commands that set an office up (`init`, `demo`, `province-init`) create a missing
    file; every other command refuses it, so a mistyped `--db` never makes a new empty office.
    """
    if not create:
        existing(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path)
    try:
        sign_in(db, user)
    except BaseException:
        db.close()
        raise
    return db

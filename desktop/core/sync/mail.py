"""The e-mail draft of an export: the "upload later" of a commune with a mailbox and no server.

An `.eml` file addressed to the province (the address in its setup file), with the bundles
attached and a Vietnamese subject and body, marked as unsent (`X-Unsent: 1`) so Outlook opens
it as a draft to send; Thunderbird opens it too. The window opens it with the default mail
program; where there is none it shows the address and the files instead.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import formats, office
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.sync.setup_file import loaded_setup

if TYPE_CHECKING:
    import sqlite_utils

MAX_ATTACHED = 7 * 1024 * 1024  # what a 10 MB mail server takes after base64


def draft_bytes(db: sqlite_utils.Database, files: list[Path], period: str) -> bytes:
    """The draft's bytes (RFC 5322, UTF-8 headers) for `files`, read back from where they are."""
    setup = loaded_setup(db)
    if not setup.email:
        raise UserError(
            _(
                "Tệp thiết lập của tỉnh không có địa chỉ thư điện tử. Hãy gửi các tệp gói bằng "
                "chương trình thư của đơn vị, hoặc chép USB mang lên tỉnh."
            ),
            "no province email in the setup",
        )
    unit = office.self_unit(db)
    month = formats.month(period)
    message = EmailMessage(policy=SMTP)
    message["To"] = setup.email
    message["Subject"] = _("[ANTQ] {commune} gửi gói đồng bộ kỳ {month}").format(
        commune=unit.name, month=month
    )
    message["X-Unsent"] = "1"
    names = "\n".join(f"- {path.name}" for path in files)
    message.set_content(
        _(
            "Kính gửi {province},\n\n{commune} ({code}) gửi {count} gói đồng bộ kỳ {month} "
            "đính kèm:\n{names}\n\nĐề nghị tỉnh nhập gói và gửi lại tệp xác nhận.\n"
        ).format(
            province=setup.province_name,
            commune=unit.name,
            code=unit.code,
            count=len(files),
            month=month,
            names=names,
        )
    )
    total = 0
    for path in files:
        data = Path(path).read_bytes()
        total += len(data)
        message.add_attachment(
            data, maintype="application", subtype="octet-stream", filename=Path(path).name
        )
    if total > MAX_ATTACHED:
        raise UserError(
            _(
                "Các gói nặng {size} MB, quá sức một thư (tối đa 7 MB). Hãy gửi mỗi gói một thư, "
                "hoặc chép USB mang lên tỉnh."
            ).format(size=round(total / 1024 / 1024, 1)),
            f"draft of {total} bytes",
        )
    return message.as_bytes()


def write_draft(db: sqlite_utils.Database, files: list[Path], period: str) -> Path:
    """Write the draft beside the bundles (`<first bundle>.eml`); returns its path."""
    from desktop.core.sync.bundle_writer import write_file

    data = draft_bytes(db, files, period)
    first = Path(files[0])
    path, _digest = write_file(first.parent, first.stem + ".eml", data)
    return path

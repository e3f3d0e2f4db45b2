"""The escrow identity's safe copy: the text sheet and its QR code, made once at set-up.

The escrow identity is never stored; what the province keeps is this sheet, printed and put in
the safe. It opens every bundle when the working identity's passphrase is forgotten. The QR
code holds only the identity line, so a phone or a scanner gives back exactly what `age -d -i`
needs. The same sheet serves the first-run wizard (printed from the screen) and
`antq-desk province-init --escrow-out` (a text file and a PNG beside it).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from desktop.core import formats
from desktop.core.i18n import _
from desktop.core.storage import durable
from desktop.core.sync import keys

QR_SCALE = 8  # pixels per module: ~600 px for an identity, sharp when printed at 5 cm


@dataclass(frozen=True)
class SafeCopy:
    """What goes on the sheet; `identity` is the only copy of the escrow secret."""

    province_name: str
    identity: str
    recipient: str
    signing_fingerprint: str
    made_on: dt.date

    @classmethod
    def of(
        cls, province_name: str, made: keys.ProvinceKeys, today: dt.date | None = None
    ) -> SafeCopy:
        return cls(
            province_name,
            made.escrow_identity,
            made.escrow_recipient,
            keys.fingerprint(made.signing_public),
            today or dt.date.today(),
        )

    def notes(self) -> list[str]:
        """The sheet's lines around the secret: what it is, when made, how it is used."""
        return [
            _("KHÓA DỰ PHÒNG ĐỒNG BỘ — {province}").format(province=self.province_name),
            _("Lập ngày {date}. Chỉ có một bản này; chương trình không lưu khóa dự phòng.").format(
                date=formats.date(self.made_on)
            ),
            _("Cất trong két. Dùng khi quên mật khẩu khóa làm việc, để mở các gói của xã."),
            _("Khóa công khai (đã có trong tệp thiết lập gửi xã): {recipient}").format(
                recipient=self.recipient
            ),
            _("Dấu vân tay khóa ký của tỉnh: {fingerprint}").format(
                fingerprint=self.signing_fingerprint
            ),
            _("Mở gói bằng công cụ age: age -d -i <tệp này> payload.age"),
        ]

    def text(self) -> str:
        """The sheet as plain text (UTF-8), also a valid age identity file for `age -d -i`."""
        return "".join(f"# {line}\n" for line in self.notes()) + self.identity + "\n"


def qr_png(text: str, scale: int = QR_SCALE) -> bytes:
    """A QR code of `text` as PNG bytes (error correction M, quiet zone of four modules)."""
    import segno  # only when a QR is made: keeps start-up light

    code = segno.make_qr(text, error="m", boost_error=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def write_safe_copy(copy: SafeCopy, path: Path) -> tuple[Path, Path]:
    """Write the sheet to `path` and its QR code beside it (`.png`); returns both paths.

    Both files hold the secret: print them, then delete them. They are on the disk (fsynced)
    before this returns, since the province's keys are stored only after it.
    """
    text_path = Path(path)
    png_path = text_path.with_suffix(".png")
    if png_path == text_path:
        png_path = text_path.with_name(text_path.name + ".png")
    durable.write_bytes(text_path, copy.text().encode("utf-8"))
    durable.write_bytes(png_path, qr_png(copy.identity))
    return text_path, png_path

"""The sync subcommands of `antq-desk`: province-init, setup-load, enrol, confirm, revoke,
export, import, ack, completeness.

Kept beside the services they call so `desktop/cli.py` only registers them. The province's
passphrase comes from the ANTQ_PASSPHRASE environment variable (scripts) or is asked for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from db import open_database
from desktop.core import accounts, units
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.sync import (
    ack,
    bundle_reader,
    bundle_writer,
    completeness,
    escrow,
    importer,
    keys,
    province,
    register,
    setup_file,
)

if TYPE_CHECKING:
    import sqlite_utils

EXIT_OK, EXIT_PROBLEMS = 0, 1
PASSPHRASE_VARIABLE = "ANTQ_PASSPHRASE"
NewParser = Callable[[argparse._SubParsersAction, str, str], argparse.ArgumentParser]


def passphrase(prompt: str) -> str:
    value = os.environ.get(PASSPHRASE_VARIABLE)
    return value if value is not None else getpass.getpass(prompt)


def _database(path: Path, create: bool = False) -> sqlite_utils.Database:
    if not create and not path.exists():
        raise UserError(
            _("Không tìm thấy tệp dữ liệu {path}.").format(path=path), f"{path} does not exist"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    return open_database(path)


def _with_db(run: Callable, create: bool = False) -> Callable[[argparse.Namespace], int]:
    def wrapped(args: argparse.Namespace) -> int:
        db = _database(args.db, create)
        try:
            accounts.sign_in_from_console(db, getattr(args, "user", None))
            return run(db, args)
        finally:
            db.close()

    return wrapped


def add_commands(commands: argparse._SubParsersAction, new_parser: NewParser) -> None:
    """Register the sync subcommands on `antq-desk`'s parser."""
    parser = new_parser(
        commands,
        "province-init",
        _(
            "Thiết lập văn phòng cấp tỉnh: tạo khóa làm việc (có mật khẩu), khóa dự phòng (in "
            "ra một lần để cất két) và khóa ký; ghi tệp thiết lập gửi các xã."
        ),
    )
    parser.add_argument("--province", required=True, metavar=_("MÃ"), help=_("Mã tỉnh (2 số)."))
    parser.add_argument(
        "--setup-out", type=Path, required=True, metavar=_("TỆP"), help=_("Tệp thiết lập cho xã.")
    )
    parser.add_argument(
        "--escrow-out",
        type=Path,
        metavar=_("TỆP"),
        help=_(
            "Ghi khóa dự phòng ra tệp văn bản TỆP và mã QR bên cạnh (cùng tên, đuôi .png) để "
            "in cất két; in xong hãy xóa hai tệp này."
        ),
    )
    parser.set_defaults(run=_with_db(run_province_init, create=True))

    parser = new_parser(commands, "setup-load", _("Ở xã: nạp tệp thiết lập do tỉnh gửi."))
    parser.add_argument("file", type=Path, metavar=_("TỆP"), help=_("Tệp thiết lập của tỉnh."))
    parser.set_defaults(run=_with_db(run_setup_load))

    parser = new_parser(
        commands, "enrol", _("Ở tỉnh: đăng ký khóa ký của xã từ gói đầu tiên xã gửi.")
    )
    parser.add_argument("file", type=Path, metavar=_("TỆP_GÓI"), help=_("Gói .antq của xã."))
    parser.set_defaults(run=_with_db(run_enrol))

    for name, text in (
        (
            "confirm",
            _("Ở tỉnh: xác nhận khóa của xã sau khi đối chiếu dấu vân tay qua điện thoại."),
        ),
        ("revoke", _("Ở tỉnh: thu hồi khóa của xã (mất máy, lộ khóa).")),
    ):
        parser = new_parser(commands, name, text)
        parser.add_argument("--commune", required=True, metavar=_("MÃ"), help=_("Mã xã (5 số)."))
        parser.add_argument(
            "--fingerprint", required=True, metavar=_("DẤU_VÂN_TAY"), help=_("Dấu vân tay khóa.")
        )
        parser.set_defaults(run=_with_db(run_confirm if name == "confirm" else run_revoke))

    _add_export(commands, new_parser)
    _add_import(commands, new_parser)
    _add_ack(commands, new_parser)

    parser = new_parser(
        commands, "completeness", _("Ở tỉnh: bảng tình hình nhận gói theo xã và tháng.")
    )
    parser.add_argument(
        "--months",
        required=True,
        metavar=_("THÁNG"),
        help=_("Các tháng, cách nhau bằng dấu phẩy, ví dụ 2026-06,2026-07."),
    )
    parser.add_argument("--out", type=Path, metavar=_("TỆP"), help=_("Ghi ra tệp .xlsx."))
    parser.set_defaults(run=_with_db(run_completeness))


def _add_export(commands, new_parser: NewParser) -> None:
    parser = new_parser(
        commands,
        "export",
        _("Ở xã: xuất gói đồng bộ gồm mọi thay đổi tỉnh chưa xác nhận đã nhận."),
    )
    parser.add_argument(
        "--to", type=Path, required=True, metavar=_("THƯ_MỤC"), help=_("Thư mục hoặc USB.")
    )
    parser.add_argument(
        "--full", action="store_true", help=_("Xuất toàn bộ dữ liệu của xã (gửi lại tất cả).")
    )
    parser.add_argument(
        "--period",
        metavar=_("THÁNG"),
        help=_("Kỳ báo cáo: 11/2026, T11/2026 hoặc 2026-11 (mặc định: tháng này)."),
    )
    parser.add_argument(
        "--max-mb",
        type=float,
        default=7,
        metavar=_("MB"),
        help=_("Dung lượng tối đa mỗi gói, tính bằng MiB (mặc định: 7)."),
    )
    parser.set_defaults(run=_with_db(run_export))


def _add_import(commands, new_parser: NewParser) -> None:
    parser = new_parser(
        commands,
        "import",
        _(
            "Ở tỉnh: nhập các gói đồng bộ của xã. Mật khẩu khóa làm việc lấy từ biến môi "
            "trường ANTQ_PASSPHRASE hoặc được hỏi."
        ),
    )
    parser.add_argument("files", type=Path, nargs="+", metavar=_("TỆP_GÓI"), help=_("Gói .antq."))
    parser.add_argument(
        "--dry-run", action="store_true", help=_("Chỉ chạy thử và in tóm tắt, không ghi gì.")
    )
    parser.add_argument(
        "--escrow-identity",
        type=Path,
        metavar=_("TỆP"),
        help=_("Dùng khóa dự phòng (tệp khóa bí mật age) thay cho khóa làm việc."),
    )
    parser.set_defaults(run=_with_db(run_import))


def _add_ack(commands, new_parser: NewParser) -> None:
    parser = new_parser(
        commands,
        "ack",
        _(
            "Xác nhận đã nhận: ở tỉnh, ghi tệp xác nhận cho một xã (--commune, --to); ở xã, nạp "
            "tệp xác nhận của tỉnh (--load)."
        ),
    )
    parser.add_argument("--load", type=Path, metavar=_("TỆP"), help=_("Ở xã: tệp xác nhận."))
    parser.add_argument("--commune", metavar=_("MÃ"), help=_("Ở tỉnh: mã xã cần xác nhận."))
    parser.add_argument("--to", type=Path, metavar=_("THƯ_MỤC"), help=_("Ở tỉnh: nơi ghi tệp."))
    parser.set_defaults(run=_with_db(run_ack))


def run_province_init(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    """The escrow identity is put out (printed here, and written with --escrow-out) before
    anything is stored: if that fails, no office exists whose escrow copy was lost."""
    province.require_not_set_up(db)
    made = province.make_keys(args.province, passphrase(_("Mật khẩu bảo vệ khóa làm việc: ")))
    print(_("KHÓA DỰ PHÒNG (chỉ hiện một lần, in ra và cất két; không lưu trong máy):"))
    print(made.escrow_identity)
    if args.escrow_out:
        copy = escrow.SafeCopy.of(units.province(args.province).name, made)
        text_path, png_path = escrow.write_safe_copy(copy, args.escrow_out)
        print(
            _(
                "Đã ghi khóa dự phòng ra {text} và mã QR ra {png}. In cả hai, cất két, rồi xóa "
                "hai tệp này khỏi máy."
            ).format(text=text_path, png=png_path)
        )
    else:
        print(_("Muốn có tệp để in kèm mã QR, hãy dùng --escrow-out TỆP."))
    province.set_up_province(db, args.province, made)
    setup_file.write_setup_file(db, args.setup_out)
    print(
        _("Đã thiết lập văn phòng cấp tỉnh. Tệp thiết lập cho xã: {path}").format(
            path=args.setup_out
        )
    )
    print(
        _("Dấu vân tay khóa ký của tỉnh: {fingerprint}").format(
            fingerprint=keys.fingerprint(made.signing_public)
        )
    )
    return EXIT_OK


def run_setup_load(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    loaded = setup_file.load_setup_file(db, args.file)
    print(_("Đã nạp tệp thiết lập của {province}.").format(province=loaded.province_name))
    print(
        _("Dấu vân tay khóa của tỉnh (đối chiếu qua điện thoại): {fingerprint}").format(
            fingerprint=loaded.fingerprint
        )
    )
    own = keys.fingerprint(keys.signing_public(db) or "")
    print(_("Dấu vân tay khóa ký của xã (đọc cho tỉnh): {fingerprint}").format(fingerprint=own))
    return EXIT_OK


def run_enrol(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    unit, public = bundle_reader.claimed_signer(args.file.read_bytes())
    key = register.enrol(db, unit, public)
    print(
        _("Đã đăng ký khóa của {name} ({code}), chờ xác nhận. Dấu vân tay: {fingerprint}").format(
            name=key.unit_name, code=unit, fingerprint=key.fingerprint
        )
    )
    return EXIT_OK


def run_confirm(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    key = register.confirm(db, args.commune, args.fingerprint)
    print(_("Đã xác nhận khóa của {name} ({code}).").format(name=key.unit_name, code=key.unit_code))
    return EXIT_OK


def run_revoke(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    key = register.revoke(db, args.commune, args.fingerprint)
    print(_("Đã thu hồi khóa của {name} ({code}).").format(name=key.unit_name, code=key.unit_code))
    return EXIT_OK


def run_export(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    written = bundle_writer.export(
        db, args.to, full=args.full, period=args.period, max_bytes=int(args.max_mb * 1024 * 1024)
    )
    for item in written:
        print(
            _("Đã ghi gói số {number}: {path} ({size} byte, {rows} dòng, mã băm {digest}).").format(
                number=item.number,
                path=item.path,
                size=item.size,
                rows=item.rows,
                digest=item.short_hash,
            )
        )
        if item.rows == 0:
            print(_("Không có thay đổi trong kỳ."))
    return EXIT_OK


def run_import(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    if args.escrow_identity:
        identities = [keys.parse_identity(args.escrow_identity.read_text(encoding="ascii"))]
    else:
        secret = passphrase(_("Mật khẩu khóa làm việc của tỉnh: "))
        identities = [keys.unlock_working_identity(db, secret)]
    results = importer.import_files(db, args.files, identities, dry_run=args.dry_run)
    for result in results:
        print(f"{result.file_name}: {result.message}")
        for table, counts in result.tables.items():
            print(
                "  "
                + _(
                    "{table}: {new} mới, {updated} cập nhật, {deleted} xóa, "
                    "{unchanged} không đổi, {conflicts} xung đột"
                ).format(table=table, **counts)
            )
    refused = sum(1 for result in results if result.status == importer.REFUSED)
    return EXIT_PROBLEMS if refused else EXIT_OK


def run_ack(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    if args.load:
        result = ack.import_ack(db, args.load)
        print(
            _("Tỉnh đã nhận đủ tới gói số {number}.").format(number=result.highest)
            + (
                " "
                + _("Còn thiếu gói số: {numbers}.").format(
                    numbers=", ".join(map(str, result.missing))
                )
                if result.missing
                else ""
            )
        )
        return EXIT_OK
    if not args.commune or not args.to:
        raise UserError(
            _("Hãy cho --load TỆP (ở xã) hoặc --commune MÃ và --to THƯ_MỤC (ở tỉnh)."),
            "ack: missing arguments",
        )
    path = ack.write_ack(db, args.commune, args.to)
    print(_("Đã ghi tệp xác nhận: {path}").format(path=path))
    return EXIT_OK


def run_completeness(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    months = [month.strip() for month in args.months.split(",") if month.strip()]
    grid = completeness.grid(db, months, dt.date.today())
    if args.out:
        completeness.write_xlsx(grid, args.out)
        print(_("Đã ghi {path}.").format(path=args.out))
    for month in months:
        print(
            _("Tháng {month}: {count} xã đã gửi.").format(month=month, count=grid.reported(month))
        )
    return EXIT_OK

"""The sync subcommands of `antq-desk`: province-init, setup-load, enrol, confirm, revoke,
export, import, ack, completeness.

`desktop/cli/commands.py` registers them. The province's passphrase comes from the
ANTQ_PASSPHRASE environment variable (scripts) or is asked for (`desktop/cli/console.py`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.console import PASSPHRASE_VARIABLE, passphrase, with_db
from desktop.core import units
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.sync import (
    ack,
    archive,
    bundle_reader,
    bundle_writer,
    completeness,
    conflicts,
    copies,
    escrow,
    importer,
    keys,
    orphans,
    province,
    recovery,
    register,
    rivals,
    setup_file,
    side,
    status,
    textfile,
)

if TYPE_CHECKING:
    import sqlite_utils

EXIT_OK, EXIT_PROBLEMS = 0, 1
NewParser = Callable[[argparse._SubParsersAction, str, str], argparse.ArgumentParser]


def add_commands(commands: argparse._SubParsersAction, new_parser: NewParser) -> None:
    """Register the sync subcommands on `antq-desk`'s parser."""
    _add_province_init(commands, new_parser)
    _add_province_email(commands, new_parser)
    _add_setup_load(commands, new_parser)
    _add_enrol(commands, new_parser)
    _add_key_decisions(commands, new_parser)
    _add_export(commands, new_parser)
    _add_import(commands, new_parser)
    _add_ack(commands, new_parser)
    _add_sync_status(commands, new_parser)
    _add_working_identity(commands, new_parser)
    _add_recovery_out(commands, new_parser)
    _add_recover(commands, new_parser)
    _add_orphans(commands, new_parser)
    _add_rivals(commands, new_parser)
    _add_completeness(commands, new_parser)


def _add_province_init(commands, new_parser: NewParser) -> None:
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
        required=True,
        metavar=_("TỆP"),
        help=_(
            "Ghi khóa dự phòng ra tệp văn bản TỆP và mã QR bên cạnh (cùng tên, đuôi .png) để "
            "in cất két; in xong hãy xóa hai tệp này."
        ),
    )
    parser.add_argument(
        "--email",
        metavar=_("ĐỊA_CHỈ"),
        help=_("Địa chỉ thư điện tử nhận gói, ghi vào tệp thiết lập để xã soạn sẵn thư."),
    )
    parser.set_defaults(run=with_db(run_province_init, create=True))


def _add_province_email(commands, new_parser: NewParser) -> None:
    parser = new_parser(
        commands,
        "province-email",
        _(
            "Ở tỉnh: đặt địa chỉ thư điện tử nhận gói (để trống để bỏ) và ghi lại tệp thiết "
            "lập cho xã."
        ),
    )
    parser.add_argument("email", metavar=_("ĐỊA_CHỈ"), help=_("Địa chỉ thư điện tử."))
    parser.add_argument(
        "--setup-out", type=Path, required=True, metavar=_("TỆP"), help=_("Tệp thiết lập cho xã.")
    )
    parser.set_defaults(run=with_db(run_province_email))


def _add_setup_load(commands, new_parser: NewParser) -> None:
    parser = new_parser(commands, "setup-load", _("Ở xã: nạp tệp thiết lập do tỉnh gửi."))
    parser.add_argument("file", type=Path, metavar=_("TỆP"), help=_("Tệp thiết lập của tỉnh."))
    parser.add_argument(
        "--replace",
        action="store_true",
        help=_("Thay khóa của tỉnh đã nạp trước (chỉ khi tỉnh báo đã đổi khóa)."),
    )
    parser.set_defaults(run=with_db(run_setup_load))


def _add_enrol(commands, new_parser: NewParser) -> None:
    parser = new_parser(
        commands, "enrol", _("Ở tỉnh: đăng ký khóa ký của xã từ gói đầu tiên xã gửi.")
    )
    parser.add_argument("file", type=Path, metavar=_("TỆP_GÓI"), help=_("Gói .antq của xã."))
    parser.set_defaults(run=with_db(run_enrol))


def _add_key_decisions(commands, new_parser: NewParser) -> None:
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
        if name == "confirm":
            parser.add_argument(
                "--replace",
                action="store_true",
                help=_("Thay khóa đang dùng của xã (xã đổi máy, khóa cũ bị lộ)."),
            )
        parser.set_defaults(run=with_db(run_confirm if name == "confirm" else run_revoke))


def _add_working_identity(commands, new_parser: NewParser) -> None:
    parser = new_parser(
        commands,
        "working-identity",
        _(
            "Ở tỉnh: ghi khóa làm việc (đã mở bằng mật khẩu) ra tệp khóa bí mật age, để mở gói "
            "bằng công cụ age (age -d -i TỆP). Tệp chứa khóa bí mật: dùng xong hãy xóa."
        ),
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar=_("TỆP"), help=_("Tệp khóa bí mật age.")
    )
    parser.set_defaults(run=with_db(run_working_identity))


def _add_recovery_out(commands, new_parser: NewParser) -> None:
    parser = new_parser(
        commands,
        "recovery-out",
        _(
            "Ở tỉnh: lập tệp khôi phục toàn bộ dữ liệu tỉnh đang giữ của một xã (máy xã hỏng, "
            "không có bản sao lưu). Mật khẩu của tệp được in ra để đọc cho xã qua điện thoại."
        ),
    )
    parser.add_argument("--commune", required=True, metavar=_("MÃ"), help=_("Mã xã (5 số)."))
    parser.add_argument(
        "--to", type=Path, required=True, metavar=_("THƯ_MỤC"), help=_("Thư mục hoặc USB.")
    )
    parser.set_defaults(run=with_db(run_recovery_out))


def _add_recover(commands, new_parser: NewParser) -> None:
    parser = new_parser(
        commands,
        "recover",
        _(
            "Ở xã, trên máy mới: khôi phục dữ liệu từ tệp khôi phục tỉnh gửi về (mật khẩu do "
            "tỉnh đọc qua điện thoại, lấy từ biến ANTQ_PASSPHRASE hoặc được hỏi)."
        ),
    )
    parser.add_argument("file", type=Path, metavar=_("TỆP"), help=_("Tệp .antq-recovery."))
    parser.set_defaults(run=with_db(run_recover, create=True))


def _add_orphans(commands, new_parser: NewParser) -> None:
    parser = new_parser(
        commands,
        "orphans",
        _(
            "Ở tỉnh: các bản ghi tỉnh đang giữ mà bản xuất đầy đủ của xã không còn (sau khi xã "
            "khôi phục dữ liệu); liệt kê, hoặc quyết định giữ (--keep) hay xóa (--remove)."
        ),
    )
    parser.add_argument("--commune", metavar=_("MÃ"), help=_("Chỉ các bản ghi của xã này."))
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--keep", metavar=_("SỐ"), help=_("Giữ các bản ghi số …, ví dụ 3,4."))
    choice.add_argument(
        "--remove", metavar=_("SỐ"), help=_("Đánh dấu đã xóa ở tỉnh các bản ghi số ….")
    )
    parser.set_defaults(run=with_db(run_orphans))


def _add_rivals(commands, new_parser: NewParser) -> None:
    parser = new_parser(
        commands,
        "rivals",
        _(
            "Ở tỉnh: các gói được giữ riêng vì trùng số với gói đã nhận hoặc không nối tiếp "
            "chuỗi gói; so sánh, rồi giữ gói đã nhận (--keep) hay nhận gói này thay thế (--take)."
        ),
    )
    parser.add_argument(
        "--all", action="store_true", help=_("Kể cả các gói đã quyết định không nhận.")
    )
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--keep", type=int, metavar=_("SỐ"), help=_("Giữ gói đã nhận."))
    choice.add_argument(
        "--take",
        type=int,
        metavar=_("SỐ"),
        help=_(
            "Nhận gói được giữ riêng số … thay cho gói đã nhận (mật khẩu khóa làm việc lấy từ "
            "ANTQ_PASSPHRASE hoặc được hỏi)."
        ),
    )
    _add_escrow_identity(parser)
    parser.set_defaults(run=with_db(run_rivals))


def _add_escrow_identity(parser: argparse.ArgumentParser) -> None:
    """`--escrow-identity`, for the commands that read bundles (`_identities` uses it)."""
    parser.add_argument(
        "--escrow-identity",
        type=Path,
        metavar=_("TỆP"),
        help=_("Dùng khóa dự phòng (tệp khóa bí mật age) thay cho khóa làm việc."),
    )


def _add_completeness(commands, new_parser: NewParser) -> None:
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
    parser.set_defaults(run=with_db(run_completeness))


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
    parser.add_argument(
        "--reissue",
        nargs="?",
        const="",
        metavar=_("SỐ"),
        help=_(
            "Gửi lại, không đổi, các gói tỉnh báo thiếu (hoặc các số ghi rõ, cách nhau bằng "
            "dấu phẩy, ví dụ 2,3)."
        ),
    )
    parser.set_defaults(run=with_db(run_export))


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
    _add_escrow_identity(parser)
    parser.set_defaults(run=with_db(run_import))


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
    parser.add_argument(
        "--keep-ours",
        action="store_true",
        help=_(
            "Ở xã: giữ bản của xã cho các bản ghi xung đột tệp xác nhận mới nhất nêu; gói xuất "
            "sau sẽ mang bản của xã lên tỉnh."
        ),
    )
    parser.add_argument(
        "--keep-commune",
        action="append",
        default=[],
        metavar="UID",
        help=_("Ở xã: giữ bản của xã cho bản ghi xung đột này (ghi nhiều lần được)."),
    )
    parser.add_argument(
        "--take-province",
        action="append",
        default=[],
        metavar="UID",
        help=_(
            "Ở xã: lấy bản của tỉnh (gửi kèm tệp xác nhận) cho bản ghi xung đột này (ghi nhiều "
            "lần được)."
        ),
    )
    parser.add_argument("--commune", metavar=_("MÃ"), help=_("Ở tỉnh: mã xã cần xác nhận."))
    parser.add_argument("--to", type=Path, metavar=_("THƯ_MỤC"), help=_("Ở tỉnh: nơi ghi tệp."))
    parser.set_defaults(run=with_db(run_ack))


def _add_sync_status(commands, new_parser: NewParser) -> None:
    parser = new_parser(
        commands,
        "sync-status",
        _(
            "Ở xã: tình hình đồng bộ (thay đổi chờ gửi, lần tỉnh xác nhận gần nhất); hoàn tất "
            "gói của lần xuất bị ngắt nếu tệp còn nguyên."
        ),
    )
    parser.set_defaults(run=with_db(run_sync_status))


def run_sync_status(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    side.require(db, side.COMMUNE)
    # a cut-off export was finished, and said on stderr, as this command opened the file
    now = status.status(db)
    print(_("Bản ghi thay đổi chưa xuất gói: {count}.").format(count=now.waiting_changes))
    print(
        _("Bản ghi tỉnh chưa xác nhận đã nhận: {count}.").format(count=now.unacknowledged_changes)
    )
    print(
        _("Lần tỉnh xác nhận gần nhất: {date}.").format(date=now.last_ack_at[:10])
        if now.last_ack_at
        else _("Tỉnh chưa gửi xác nhận nào.")
    )
    return EXIT_OK


def new_passphrase() -> str:
    """The working key's new passphrase: ANTQ_PASSPHRASE (scripts), else typed twice, hidden.

    A typo in a passphrase typed once would lock the working key for good (only the escrow
    sheet would open bundles then).
    """
    if os.environ.get(PASSPHRASE_VARIABLE) is not None:
        return passphrase("")
    first = getpass.getpass(_("Mật khẩu bảo vệ khóa làm việc: "))
    keys.check_passphrase(first)
    if getpass.getpass(_("Nhập lại mật khẩu: ")) != first:
        raise UserError(_("Hai lần nhập mật khẩu không khớp nhau."), "passphrases differ")
    return first


def run_province_init(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    """The escrow identity is put out (printed here, and written with --escrow-out) before
    anything is stored: if that fails, no office exists whose escrow copy was lost."""
    province.require_not_set_up(db)
    made = province.make_keys(args.province, new_passphrase())
    copy = escrow.SafeCopy.of(units.province(args.province).name, made)
    text_path, png_path = escrow.write_safe_copy(copy, args.escrow_out)
    print(  # the secret itself only in the sheet: a terminal keeps its scroll-back
        _(
            "Đã ghi khóa dự phòng ra {text} và mã QR ra {png}. In cả hai, cất két, rồi xóa "
            "hai tệp này khỏi máy."
        ).format(text=text_path, png=png_path)
    )
    province.set_up_province(db, args.province, made)
    if args.email:
        setup_file.set_email(db, args.email)
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
    try:
        loaded = setup_file.load_setup_file(db, args.file, replace=args.replace)
    except setup_file.ReplacesSetup as asked:
        hint = _("Muốn thay, chạy lại với --replace.")
        raise UserError(f"{asked} {hint}", asked.log_message) from asked
    print(_("Đã nạp tệp thiết lập của {province}.").format(province=loaded.province_name))
    print(
        _("Dấu vân tay khóa của tỉnh (đối chiếu qua điện thoại): {fingerprint}").format(
            fingerprint=loaded.fingerprint
        )
    )
    own = keys.fingerprint(keys.signing_public(db) or "")
    print(_("Dấu vân tay khóa ký của xã (đọc cho tỉnh): {fingerprint}").format(fingerprint=own))
    for note in loaded.basis_notes:  # the campaigns' basis and plan the province sent
        print(note)
    return EXIT_OK


def run_enrol(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    unit, public = bundle_reader.claimed_signer(textfile.read_bytes(args.file, archive.MAX_FILE))
    key = register.enrol(db, unit, public)
    print(
        _("Đã đăng ký khóa của {name} ({code}), chờ xác nhận. Dấu vân tay: {fingerprint}").format(
            name=key.unit_name, code=unit, fingerprint=key.fingerprint
        )
    )
    active = register.active_key(db, unit)
    if active is not None and active.fingerprint != key.fingerprint:  # said now, asked at confirm
        print(
            _(
                "Xã này đang dùng khóa có dấu vân tay {old}: khóa mới chỉ thay khóa đó khi được "
                "xác nhận với --replace, sau khi gọi điện đối chiếu với xã."
            ).format(old=active.fingerprint)
        )
    return EXIT_OK


def run_confirm(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    try:
        key = register.confirm(db, args.commune, args.fingerprint, replace=args.replace)
    except register.ReplacesKey as asked:
        hint = _("Muốn thay, chạy lại với --replace.")
        raise UserError(f"{asked} {hint}", asked.log_message) from asked
    print(_("Đã xác nhận khóa của {name} ({code}).").format(name=key.unit_name, code=key.unit_code))
    return EXIT_OK


def run_revoke(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    key = register.revoke(db, args.commune, args.fingerprint)
    print(_("Đã thu hồi khóa của {name} ({code}).").format(name=key.unit_name, code=key.unit_code))
    return EXIT_OK


def _numbers(text: str) -> list[int]:
    try:
        numbers = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise UserError(
            _("Số gói phải là số nguyên, cách nhau bằng dấu phẩy (ví dụ 2,3)."),
            f"reissue: bad numbers {text!r}",
        ) from error
    if any(number < 1 for number in numbers):
        raise UserError(_("Số gói bắt đầu từ 1."), f"reissue: {numbers}")
    return numbers


def run_export(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    if args.reissue is not None:
        written = copies.reissue(db, args.to, _numbers(args.reissue))
        for item in written:
            print(
                _("Đã ghi lại gói số {number} (không đổi): {path}.").format(
                    number=item.number, path=item.path
                )
            )
        return EXIT_OK
    written = bundle_writer.export(
        db,
        args.to,
        full=args.full,
        period=args.period,
        max_bytes=bundle_writer.size_limit(args.max_mb),
    )
    for item in written:
        if item.recovered:
            print(
                _(
                    "Gói số {number} của lần xuất trước bị ngắt giữa chừng; đã hoàn tất: {path}."
                ).format(number=item.number, path=item.path)
            )
            continue
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
    side.require(db, side.PROVINCE)  # before asking for the passphrase
    identities = _identities(db, args.escrow_identity)
    results = importer.import_files(db, args.files, identities, dry_run=args.dry_run)
    for result in results:
        refused = _("BỊ TỪ CHỐI: ") if result.status == importer.REFUSED else ""
        print(f"{result.file_name}: {refused}{result.message}")
        for table, counts in result.tables.items():
            print(
                "  "
                + _(
                    "{table}: {new} mới, {updated} cập nhật, {deleted} xóa, "
                    "{unchanged} không đổi, {conflicts} xung đột"
                ).format(table=importer.table_label(table), **counts)
            )
    refused = sum(1 for result in results if result.status == importer.REFUSED)
    return EXIT_PROBLEMS if refused else EXIT_OK


def run_ack(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    if args.keep_ours or args.keep_commune or args.take_province:
        return _decide_conflicts(db, args)
    if args.load:
        result = ack.import_ack(db, args.load)
        print(_("Tỉnh đã nhận đủ tới gói số {number}.").format(number=result.highest))
        if result.missing:
            print(
                _(
                    "Tỉnh còn thiếu gói số: {numbers}. Hãy gửi lại bằng «antq-desk export --to "
                    "THƯ_MỤC --reissue» (hoặc xuất toàn bộ bằng --full)."
                ).format(numbers=", ".join(map(str, result.missing)))
            )
        if result.conflicts:
            _print_conflicts(db)
        return EXIT_OK
    if not args.commune or not args.to:
        raise UserError(
            _("Hãy cho --load TỆP (ở xã) hoặc --commune MÃ và --to THƯ_MỤC (ở tỉnh)."),
            "ack: missing arguments",
        )
    path = ack.write_ack(db, args.commune, args.to)
    print(_("Đã ghi tệp xác nhận: {path}").format(path=path))
    return EXIT_OK


def _decide_conflicts(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    """The same decisions as the window's conflict dialog, through the same core guards."""
    if args.keep_ours:
        count = conflicts.keep_commune(db)
        print(
            _("Đã giữ bản của xã cho {count} bản ghi; hãy xuất gói gửi tỉnh.").format(count=count)
        )
        return EXIT_OK
    if args.keep_commune:
        count = conflicts.keep_commune(db, args.keep_commune)
        print(
            _("Đã giữ bản của xã cho {count} bản ghi; hãy xuất gói gửi tỉnh.").format(count=count)
        )
    for uid in args.take_province:
        taken = conflicts.take_province(db, uid)
        print(
            _("Đã lấy bản của tỉnh cho {name}; hãy xuất gói gửi tỉnh.").format(
                name=taken.label or taken.uid
            )
        )
    return EXIT_OK


def _print_conflicts(db: sqlite_utils.Database) -> None:
    """Each open conflict, field by field: the commune's value and the province's."""
    waiting = conflicts.listed(db)
    print(
        _("Tỉnh giữ riêng {count} bản ghi xung đột (cùng phiên bản nhưng khác nội dung):").format(
            count=len(waiting)
        )
    )
    for item in waiting:
        print(f"\n{importer.table_label(item.table)}: {item.label or item.uid} ({item.uid})")
        print("  " + _("{field}: bản của xã | bản của tỉnh").format(field=_("Trường")))
        for row in conflicts.field_rows(db, item):
            mark = "≠" if row.differs else " "
            print(f"{mark} {row.label}: {row.ours} | {row.theirs}")
        if item.unreadable:
            print("  " + item.unreadable)
    print(
        "\n"
        + _(
            "Giữ bản của xã: antq-desk ack --keep-commune UID (tất cả: --keep-ours); lấy bản "
            "của tỉnh: antq-desk ack --take-province UID. Gói xuất sau báo lại cho tỉnh."
        )
    )


def run_completeness(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    months = [month.strip() for month in args.months.split(",") if month.strip()]
    grid = completeness.grid(db, months, dt.date.today())
    if args.out:
        completeness.write_xlsx(grid, args.out)
        print(_("Đã ghi {path}.").format(path=args.out))
    labels = {key: _(text) for key, text in completeness.LABELS.items()}
    width = max((len(row.unit_name) for row in grid.rows), default=10)
    print(f"{'':6}{'':{width}}  " + "  ".join(f"{month:<14}" for month in months))
    for row in grid.rows:  # the per-commune grid, as on the province's page
        cells = "  ".join(f"{labels.get(cell, cell):<14}" for cell in row.cells)
        print(f"{row.unit_code:<6}{row.unit_name:<{width}}  {cells}")
    total = len(grid.rows)
    for month in months:
        print(
            _("Tháng {month}: {count}/{total} xã đã gửi.").format(
                month=month, count=grid.reported(month), total=total
            )
        )
    never = grid.never_sent()
    if never:
        print(
            _("{count}/{total} xã chưa gửi gói nào: {names}.").format(
                count=len(never), total=total, names=", ".join(row.unit_name for row in never)
            )
        )
    return EXIT_OK


def run_orphans(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    side.require(db, side.PROVINCE)
    if args.keep or args.remove:
        decision = orphans.KEEP if args.keep else orphans.REMOVE
        count = orphans.decide(db, _numbers(args.keep or args.remove), decision)
        done = _("Đã giữ {count} bản ghi.") if args.keep else _("Đã xóa {count} bản ghi ở tỉnh.")
        print(done.format(count=count))
        return EXIT_OK
    waiting = orphans.listed(db, args.commune)
    if not waiting:
        print(_("Không có bản ghi nào chờ quyết định."))
        return EXIT_OK
    for item in waiting:
        print(
            f"{item.id:>5}  {item.unit_code}  {importer.table_label(item.table)}: "
            f"{item.label or item.uid}"
        )
    print(_("Giữ: antq-desk orphans --keep SỐ,…; xóa ở tỉnh: antq-desk orphans --remove SỐ,…"))
    return EXIT_OK


def run_rivals(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    side.require(db, side.PROVINCE)
    if args.keep is not None:
        kept = rivals.keep_held(db, args.keep)
        print(
            _("Đã giữ gói số {number} tỉnh đã nhận; gói kia không được nhập.").format(
                number=kept.offered.number
            )
        )
        return EXIT_OK
    if args.take is not None:
        result = rivals.take(db, args.take, _identities(db, args.escrow_identity))
        print(_("Đã nhận gói thay thế. {summary}").format(summary=result.message))
        return EXIT_OK
    waiting = rivals.listed(db, decided=args.all)
    if not waiting:
        print(_("Không có gói nào chờ quyết định."))
        return EXIT_OK
    for item in waiting:
        state = _(" (đã quyết định không nhận)") if item.decision == rivals.KEPT else ""
        print(
            _("Số {id}: xã {code}, gói số {number}{state}").format(
                id=item.id, code=item.unit_code, number=item.offered.number, state=state
            )
        )
        print("  " + _("{field}: gói tỉnh đang giữ | gói được giữ riêng").format(field=_("Mục")))
        for label, held, offered in rivals.compare(item):
            print(f"  {label}: {held} | {offered}")
        for hint in rivals.hints(db, item):
            print("  " + hint)
    print(
        _("Giữ gói đã nhận: antq-desk rivals --keep SỐ; nhận gói kia: antq-desk rivals --take SỐ")
    )
    return EXIT_OK


def _identities(db: sqlite_utils.Database, escrow: Path | None) -> list:
    if escrow:
        return [keys.read_identity_file(escrow)]
    return [keys.unlock_working_identity(db, passphrase(_("Mật khẩu khóa làm việc của tỉnh: ")))]


def run_recovery_out(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    side.require(db, side.PROVINCE)
    secret = recovery.new_passphrase()
    path, count = recovery.write_recovery(db, args.commune, secret, args.to)
    print(_("Đã ghi tệp khôi phục ({count} bản ghi): {path}").format(count=count, path=path))
    print(
        _("Mật khẩu của tệp (đọc cho xã qua điện thoại, không gửi kèm tệp): {secret}").format(
            secret=secret
        )
    )
    print(
        _(
            "Khi xã khôi phục xong, xã đọc dấu vân tay khóa ký mới: hãy đăng ký và xác nhận "
            "khóa đó như với một xã mới."
        )
    )
    return EXIT_OK


def run_recover(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    done = recovery.recover(db, args.file, passphrase(_("Mật khẩu của tệp khôi phục: ")))
    print(
        _(
            "Đã khôi phục {name} ({code}): {rows} bản ghi, bản dữ liệu số {epoch}. Gói xuất "
            "tiếp theo sẽ là gói đầy đủ."
        ).format(name=done.unit_name, code=done.unit_code, rows=done.rows, epoch=done.epoch)
    )
    print(
        _("Dấu vân tay khóa ký mới của xã (đọc cho tỉnh): {fingerprint}").format(
            fingerprint=done.signing_fingerprint
        )
    )
    return EXIT_OK


def run_working_identity(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    side.require(db, side.PROVINCE)
    text = keys.working_identity_file(db, passphrase(_("Mật khẩu khóa làm việc của tỉnh: ")))
    bundle_writer.write_file(args.out.parent, args.out.name, text.encode("ascii"))
    print(
        _("Đã ghi khóa làm việc ra {path}. Tệp chứa khóa bí mật: dùng xong hãy xóa.").format(
            path=args.out
        )
    )
    return EXIT_OK


def run_province_email(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    side.require(db, side.PROVINCE)
    setup_file.set_email(db, args.email)
    setup_file.write_setup_file(db, args.setup_out)
    print(
        _("Đã ghi tệp thiết lập cho xã: {path}. Hãy gửi lại cho các xã nạp.").format(
            path=args.setup_out
        )
    )
    return EXIT_OK

"""The `antq-desk` subcommands of sync bundles (desktop/core/bundles), headless.

Commune: `setup-commune-keys`, `export`, `ack-import`. Province: `setup-province`,
`export-identity`, `enroll`, `confirm`, `revoke`, `verify`, `import`, `ack-export`,
`completeness`. The province passphrase comes from the ANTQ_PASSPHRASE environment variable
(scripts) or is asked for without echo. Every refusal is a Vietnamese message; `import` and
`verify` go on with the next file and exit 1 if any file was refused.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from db import open_database
from desktop.core.bundles import BundleError, ack, completeness, export, importer, keys, summary
from desktop.core.bundles.archive import DEFAULT_MAX_BYTES
from desktop.core.errors import UserError
from desktop.core.i18n import N_, _
from desktop.core.outcomes import format_quantity

log = logging.getLogger(__name__)

PASSPHRASE_VARIABLE = "ANTQ_PASSPHRASE"
PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
EXIT_OK, EXIT_PROBLEMS = 0, 1
NewParser = Callable[..., argparse.ArgumentParser]


def _passphrase(prompt: str) -> str:
    value = os.environ.get(PASSPHRASE_VARIABLE)
    return value if value is not None else getpass.getpass(prompt)


def _with_db(run: Callable[[sqlite_utils.Database, argparse.Namespace], int]):
    """Open the existing database named by --db, run, close."""

    def wrapped(args: argparse.Namespace) -> int:
        if not args.db.exists():
            raise UserError(
                _("Không tìm thấy tệp dữ liệu {path}.").format(path=args.db),
                f"{args.command}: {args.db} does not exist",
            )
        db = open_database(args.db)
        try:
            return run(db, args)
        finally:
            db.close()

    return wrapped


def _opening_db(run: Callable[[sqlite_utils.Database, argparse.Namespace], int]):
    """Open (creating if needed) the database named by --db, run, close."""

    def wrapped(args: argparse.Namespace) -> int:
        args.db.parent.mkdir(parents=True, exist_ok=True)
        db = open_database(args.db)
        try:
            return run(db, args)
        finally:
            db.close()

    return wrapped


def _unless_taken(new_parser: NewParser) -> NewParser:
    """A parser factory that leaves a command name already registered to its first owner.

    argparse refuses a second subcommand of the same name; while another implementation of a
    command is registered in the same program, ours is built detached and never reached.
    """

    def make(parent: argparse._SubParsersAction, name: str, text: str):
        if name in parent.choices:
            log.info("antq-desk %s is already registered; the bundle command is not added", name)
            return argparse.ArgumentParser(prog=name, add_help=False)
        return new_parser(parent, name, text)

    return make


def add_commands(commands: argparse._SubParsersAction, new_parser: NewParser) -> None:
    """Register the bundle subcommands on `antq-desk`'s parser."""
    new_parser = _unless_taken(new_parser)
    _add_province_setup(commands, new_parser)
    _add_commune_setup(commands, new_parser)
    _add_register(commands, new_parser)
    _add_export(commands, new_parser)
    _add_import(commands, new_parser)
    _add_verify(commands, new_parser)
    _add_acks(commands, new_parser)


def _add_province_setup(commands, new_parser: NewParser) -> None:
    text = _(
        "Ở tỉnh: thiết lập văn phòng tỉnh và tạo khóa (khóa làm việc có mật khẩu, khóa dự phòng "
        "chỉ hiện một lần để in cất két, khóa ký); ghi tệp thiết lập gửi các xã."
    )
    parser = new_parser(commands, "setup-province", text)
    parser.add_argument("--province", required=True, metavar=_("MÃ"), help=_("Mã tỉnh (2 số)."))
    parser.add_argument(
        "--setup-out", type=Path, required=True, metavar=_("TỆP"), help=_("Tệp thiết lập cho xã.")
    )
    parser.set_defaults(run=_opening_db(run_setup_province))
    text = _(
        "Ở tỉnh: ghi khóa làm việc ra tệp để giải mã gói bằng công cụ age chuẩn (age -d -i TỆP). "
        "Giữ tệp này ở nơi an toàn, không để trên máy dùng chung."
    )
    parser = new_parser(commands, "export-identity", text)
    parser.add_argument("--out", type=Path, required=True, metavar=_("TỆP"), help=_("Tệp khóa."))
    parser.set_defaults(run=_with_db(run_export_identity))


def _add_commune_setup(commands, new_parser: NewParser) -> None:
    text = _(
        "Ở xã: nạp tệp thiết lập của tỉnh, tạo khóa ký của xã (nếu chưa có) và ghi tệp khóa "
        "công khai gửi tỉnh; in dấu vân tay để đọc qua điện thoại."
    )
    parser = new_parser(commands, "setup-commune-keys", text)
    parser.add_argument(
        "--setup", type=Path, required=True, metavar=_("TỆP"), help=_("Tệp thiết lập của tỉnh.")
    )
    parser.add_argument(
        "--key-out", type=Path, required=True, metavar=_("TỆP"), help=_("Tệp khóa gửi tỉnh.")
    )
    parser.add_argument(
        "--new-key",
        action="store_true",
        help=_("Tạo khóa mới thay khóa cũ (mất khóa, đổi máy); tỉnh phải xác nhận lại."),
    )
    parser.set_defaults(run=_with_db(run_setup_commune_keys))


def _add_register(commands, new_parser: NewParser) -> None:
    parser = new_parser(commands, "enroll", _("Ở tỉnh: đăng ký khóa của xã từ tệp khóa xã gửi."))
    parser.add_argument("file", type=Path, metavar=_("TỆP_KHÓA"), help=_("Tệp khóa của xã."))
    parser.set_defaults(run=_with_db(run_enroll))
    parser = new_parser(
        commands, "confirm", _("Ở tỉnh: xác nhận khóa của xã bằng dấu vân tay đọc qua điện thoại.")
    )
    parser.add_argument("--commune", required=True, metavar=_("MÃ"), help=_("Mã xã (5 số)."))
    parser.add_argument(
        "--fingerprint", required=True, metavar=_("DẤU_VÂN_TAY"), help=_("Dấu vân tay khóa.")
    )
    parser.set_defaults(run=_with_db(run_confirm))
    parser = new_parser(commands, "revoke", _("Ở tỉnh: thu hồi khóa của xã (mất máy, lộ khóa)."))
    parser.add_argument("--commune", required=True, metavar=_("MÃ"), help=_("Mã xã (5 số)."))
    parser.set_defaults(run=_with_db(run_revoke))


def _add_export(commands, new_parser: NewParser) -> None:
    text = _(
        "Ở xã: xuất gói dữ liệu gửi tỉnh (các thay đổi chưa được tỉnh xác nhận) vào thư mục "
        "hoặc ổ USB."
    )
    parser = new_parser(commands, "export", text)
    parser.add_argument(
        "--to", type=Path, required=True, metavar=_("THƯ_MỤC"), help=_("Thư mục hoặc ổ USB.")
    )
    parser.add_argument(
        "--full", action="store_true", help=_("Xuất toàn bộ dữ liệu của xã (gửi lại tất cả).")
    )
    parser.add_argument(
        "--period", metavar=_("THÁNG"), help=_("Kỳ báo cáo dạng 2026-08 (mặc định: tháng này).")
    )
    parser.add_argument(
        "--max-mb",
        type=float,
        default=DEFAULT_MAX_BYTES / 1024 / 1024,
        metavar=_("MB"),
        help=_("Cỡ tối đa mỗi gói, tính bằng MiB (mặc định: 7)."),
    )
    parser.set_defaults(run=_with_db(run_export))


def _add_import(commands, new_parser: NewParser) -> None:
    text = _(
        "Ở tỉnh: kiểm tra chữ ký, giải mã và nhập các gói .antq của xã; mỗi gói nhập trọn vẹn "
        "hoặc không nhập gì."
    )
    parser = new_parser(commands, "import", text)
    parser.add_argument(
        "files", type=Path, nargs="+", metavar=_("TỆP_GÓI"), help=_("Các gói .antq cần nhập.")
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help=_("Chỉ chạy thử: cho biết sẽ thêm, sửa, xóa gì, không ghi vào dữ liệu."),
    )
    parser.set_defaults(run=_with_db(run_import))


def _add_verify(commands, new_parser: NewParser) -> None:
    text = _(
        "Ở tỉnh: kiểm tra gói (chữ ký, phần mô tả, mã băm) mà không giải mã, và in số liệu tổng "
        "hợp của kỳ ghi trong phần mô tả đã ký."
    )
    parser = new_parser(commands, "verify", text)
    parser.add_argument(
        "files", type=Path, nargs="+", metavar=_("TỆP_GÓI"), help=_("Các gói .antq cần kiểm tra.")
    )
    parser.set_defaults(run=_with_db(run_verify))


def _add_acks(commands, new_parser: NewParser) -> None:
    parser = new_parser(
        commands, "ack-export", _("Ở tỉnh: ghi tệp xác nhận đã nhận gói, gửi lại cho xã.")
    )
    parser.add_argument("--commune", required=True, metavar=_("MÃ"), help=_("Mã xã (5 số)."))
    parser.add_argument(
        "--to", type=Path, required=True, metavar=_("THƯ_MỤC"), help=_("Thư mục ghi tệp.")
    )
    parser.set_defaults(run=_with_db(run_ack_export))
    parser = new_parser(commands, "ack-import", _("Ở xã: nạp tệp xác nhận của tỉnh."))
    parser.add_argument("file", type=Path, metavar=_("TỆP"), help=_("Tệp xác nhận của tỉnh."))
    parser.set_defaults(run=_with_db(run_ack_import))
    parser = new_parser(
        commands, "completeness", _("Ở tỉnh: bảng tình hình nhận gói theo xã và tháng.")
    )
    parser.add_argument(
        "--months",
        required=True,
        metavar=_("THÁNG,…"),
        help=_("Các tháng dạng 2026-07,2026-08 (cách nhau bằng dấu phẩy)."),
    )
    parser.add_argument("--out", type=Path, metavar=_("TỆP"), help=_("Ghi ra tệp .xlsx."))
    parser.set_defaults(run=_with_db(run_completeness))


def run_setup_province(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    made = keys.set_up_province(
        db, args.province, _passphrase(_("Mật khẩu bảo vệ khóa làm việc của tỉnh: "))
    )
    args.setup_out.write_bytes(keys.setup_file(db))
    print(_("Đã tạo khóa của tỉnh. Dấu vân tay khóa ký: {fp}").format(fp=made.fingerprint))
    print(_("Đã ghi tệp thiết lập gửi các xã: {path}").format(path=args.setup_out))
    print(_("KHÓA DỰ PHÒNG (chỉ hiện một lần — hãy in ra và cất vào két, không lưu trên máy):"))
    print(made.escrow_identity)
    return EXIT_OK


def run_export_identity(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    text = keys.identity_file_text(db, _passphrase(_("Mật khẩu khóa làm việc của tỉnh: ")))
    descriptor = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(text)
    print(_("Đã ghi khóa làm việc vào {path}.").format(path=args.out))
    return EXIT_OK


def run_setup_commune_keys(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    province = keys.load_province_setup(db, args.setup.read_bytes())
    has_key = db.conn.execute("SELECT 1 FROM bundle_key WHERE role = 'commune_signing'").fetchone()
    if args.new_key or has_key is None:
        keys.create_commune_key(db, replace=args.new_key)
    args.key_out.write_bytes(keys.commune_key_file(db))
    fingerprint = keys.commune_key_file_fingerprint(db)
    print(_("Dấu vân tay khóa của tỉnh (đối chiếu với tỉnh): {fp}").format(fp=province))
    print(_("Dấu vân tay khóa của xã (đọc cho tỉnh qua điện thoại): {fp}").format(fp=fingerprint))
    print(_("Đã ghi tệp khóa gửi tỉnh: {path}").format(path=args.key_out))
    return EXIT_OK


def run_enroll(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    enrolment = keys.enroll_commune(db, args.file.read_bytes())
    print(
        _(
            "Đã đăng ký khóa của {name} ({code}), dấu vân tay: {fp}. Hãy gọi điện cho xã để đối "
            "chiếu rồi chạy lệnh confirm."
        ).format(name=enrolment.unit_name, code=enrolment.unit_code, fp=enrolment.fingerprint)
    )
    return EXIT_OK


def run_confirm(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    keys.confirm_commune(db, args.commune, args.fingerprint)
    print(_("Đã xác nhận khóa của đơn vị {code}.").format(code=args.commune))
    return EXIT_OK


def run_revoke(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    count = keys.revoke_commune(db, args.commune)
    print(_("Đã thu hồi {count} khóa của đơn vị {code}.").format(count=count, code=args.commune))
    return EXIT_OK


def run_export(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    written = export.export(
        db,
        args.to,
        full=args.full,
        period=args.period,
        max_bytes=int(args.max_mb * 1024 * 1024),
    )
    for bundle in written:
        print(
            _("Đã ghi {name}: {rows} dòng, {size} byte, mã băm {hash}.").format(
                name=bundle.path.name,
                rows=format_quantity(bundle.rows),
                size=format_quantity(bundle.size),
                hash=bundle.short_hash,
            )
        )
    if sum(bundle.rows for bundle in written) == 0:
        print(_("Không có thay đổi trong kỳ; vẫn gửi gói để tỉnh biết xã đã báo cáo."))
    return EXIT_OK


def run_import(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    identity = keys.unlock_working_identity(db, _passphrase(_("Mật khẩu khóa làm việc của tỉnh: ")))
    refused = 0
    for path in args.files:
        try:
            result = importer.import_file(db, path, identity, dry_run=args.dry_run)
        except (BundleError, OSError) as error:
            refused += 1
            log.warning("bundle %s refused: %s", path, getattr(error, "log_message", error))
            print(_("Từ chối {name}: {message}").format(name=path.name, message=error))
            continue
        for line in summary.lines(result):
            print(line)
    return EXIT_PROBLEMS if refused else EXIT_OK


_AGGREGATES = {
    "events_held": N_("sự kiện đã tổ chức"),
    "participants": N_("lượt người tham gia"),
    "outcomes": N_("kết quả"),
    "outcome_value_vnd": N_("giá trị (đồng)"),
    "people_registered": N_("người trong sổ"),
}


def run_verify(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    refused = 0
    for path in args.files:
        try:
            verified = importer.verify(db, path.read_bytes())
        except (BundleError, OSError) as error:
            refused += 1
            print(_("Từ chối {name}: {message}").format(name=path.name, message=error))
            continue
        m = verified.manifest
        figures = ", ".join(
            f"{_(label)} {format_quantity(m.aggregates[key])}"
            for key, label in _AGGREGATES.items()
            if key in m.aggregates
        )
        print(
            _(
                "Gói {name} hợp lệ: đơn vị {code}, kỳ {period}, gói số {number}, {rows} dòng. "
                "Số liệu của kỳ: {figures}."
            ).format(
                name=path.name,
                code=m.unit_code,
                period=m.period,
                number=m.number,
                rows=format_quantity(m.rows),
                figures=figures or "—",
            )
        )
    return EXIT_PROBLEMS if refused else EXIT_OK


def run_ack_export(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    name, data = ack.make_ack(db, args.commune)
    path = args.to / name
    path.write_bytes(data)
    print(_("Đã ghi tệp xác nhận {path}.").format(path=path))
    return EXIT_OK


def run_ack_import(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    got = ack.import_ack(db, args.file.read_bytes())
    print(_("Tỉnh đã xác nhận nhận đủ tới gói số {number}.").format(number=got.number))
    if got.missing:
        print(
            _("Tỉnh còn thiếu các gói số: {numbers}.").format(
                numbers=", ".join(str(n) for n in got.missing)
            )
        )
    if got.conflicts:
        print(_("Có {count} bản ghi xung đột cần kiểm tra.").format(count=len(got.conflicts)))
    return EXIT_OK


def run_completeness(db: sqlite_utils.Database, args: argparse.Namespace) -> int:
    months = [month.strip() for month in args.months.split(",") if month.strip()]
    if not months or not all(PERIOD.match(month) for month in months):
        raise UserError(
            _("Tháng phải có dạng 2026-07, cách nhau bằng dấu phẩy."), f"months {args.months!r}"
        )
    result = completeness.grid(db, months)
    for line in result.communes:
        cells = ", ".join(
            f"{month}: {_(completeness.LABELS[line.cells[month]])}" for month in months
        )
        gaps = ""
        if line.gaps:
            gaps = _(" — còn thiếu gói số {numbers}").format(
                numbers=", ".join(str(n) for n in line.gaps)
            )
        print(f"{line.code} {line.name}: {cells}{gaps}")
    for month in months:
        print(
            _("Tháng {month}: {count}/{total} xã đã báo cáo.").format(
                month=month, count=result.reported(month), total=len(result.communes)
            )
        )
    if args.out:
        completeness.write_xlsx(result, args.out)
        print(_("Đã ghi {path}.").format(path=args.out))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Only the bundle commands, on the same root parser and error handling as `antq-desk`."""
    from desktop import cli

    cli.setup_logging()
    parser = cli._new_parser(None, "antq-desk", _("ANTQ Desk: gói đồng bộ."))
    parser.add_argument(
        "--db",
        type=Path,
        default=cli.default_database_path(),
        metavar=_("TỆP"),
        help=_("Tệp dữ liệu cần mở."),
    )
    commands = parser.add_subparsers(dest="command", title=_("lệnh"), metavar=_("LỆNH"))
    add_commands(commands, cli._new_parser)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_PROBLEMS
    return cli._run_known(args.run, args)


if __name__ == "__main__":
    sys.exit(main())

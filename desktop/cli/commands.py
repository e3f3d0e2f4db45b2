"""The `antq-desk` command: the window by default, and the same core services headless.

Subcommands serve set-up scripts, trainers and support staff: `init` sets up an office, `demo`
fills a new file with a demo commune, `check` verifies a database file. Known errors (a bad
commune code, a locked or damaged file, a full disk) print a Vietnamese message and exit with
code 2; they are logged in English. Anything else is a bug and propagates with its traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from db.migrations import schema_version
from desktop import APP_NAME, __version__
from desktop.cli.console import existing, has_console, open_for_command, utf8_output
from desktop.core import formats, office, paths
from desktop.core.errors import UserError, user_message
from desktop.core.i18n import _, preferred_language, set_language
from desktop.core.logsetup import CLI_LOG, WINDOW_LOG, setup_logging
from desktop.core.paths import default_database_path
from desktop.core.session import NotSignedIn

if TYPE_CHECKING:
    from desktop.core.storage import health

log = logging.getLogger(__name__)

EXIT_OK, EXIT_PROBLEMS, EXIT_KNOWN_ERROR = 0, 1, 2


def version_text() -> str:
    """Version, schema version and the build's date (or that it runs from source)."""
    from desktop.core.buildinfo import build_date

    built = build_date()
    origin = _("bản dựng {date}").format(date=built) if built else _("từ mã nguồn")
    return f"{APP_NAME} {__version__} (schema {schema_version()}, {origin})"


class _VietnameseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:  # argparse passes "" when it builds a subcommand's prog
            prefix = _("Cách dùng: ")
        return super().add_usage(usage, actions, groups, prefix)


class _VietnameseParser(argparse.ArgumentParser):
    """argparse with its own headings and error line in Vietnamese (it ships only English)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _VietnameseHelp)
        super().__init__(*args, **kwargs)
        self._positionals.title = _("tham số")
        self._optionals.title = _("tùy chọn")

    def error(self, message: str):
        from desktop.cli.usage_errors import translated

        self.print_usage(sys.stderr)
        self.exit(
            2,
            _("{prog}: lệnh không hợp lệ: {message}\n").format(
                prog=self.prog, message=translated(message)
            ),
        )


def _new_parser(parent: argparse._SubParsersAction | None, name: str, text: str):
    """A parser with a Vietnamese -h (argparse's own help text would be English)."""
    if parent is None:
        parser = _VietnameseParser(prog=name, description=text, add_help=False)
    else:
        parser = parent.add_parser(name, help=text, description=text, add_help=False)
    parser.add_argument("-h", "--help", action="help", help=_("Hiện trợ giúp này rồi thoát."))
    if parent is not None:  # `antq-desk export --user an …` as well as `--user an export …`
        parser.add_argument("--user", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; help texts are translated when the parser is built."""
    parser = _new_parser(
        None,
        "antq-desk",
        _(
            "ANTQ Desk: sổ theo dõi phong trào toàn dân bảo vệ an ninh Tổ quốc. Không có lệnh "
            "thì mở cửa sổ chương trình."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=version_text(),
        help=_("Hiện phiên bản chương trình và cấu trúc dữ liệu rồi thoát."),
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=default_database_path(),
        metavar=_("TỆP"),
        help=_("Tệp dữ liệu cần mở (mặc định: {path}).").format(path=default_database_path()),
    )
    parser.add_argument(
        "--user",
        metavar=_("TÊN"),
        help=_(
            "Tài khoản dùng cho lệnh có ghi dữ liệu (khi tệp đã có tài khoản). Mật khẩu lấy từ "
            "biến môi trường ANTQ_PASSWORD, hoặc được hỏi khi chạy."
        ),
    )
    commands = parser.add_subparsers(dest="command", title=_("lệnh"), metavar=_("LỆNH"))
    _add_init(commands)
    _add_demo(commands)
    _add_check(commands)
    _add_import_list(commands)
    _add_report(commands)
    _add_backup(commands)
    _add_restore(commands)
    from desktop.cli import sync as sync_commands  # loads every sync module

    sync_commands.add_commands(commands, _new_parser)
    from desktop.cli import accounts as account_commands

    account_commands.add_commands(commands, _new_parser)
    return parser


def _add_init(commands: argparse._SubParsersAction) -> None:
    init = _new_parser(commands, "init", _("Thiết lập văn phòng (xã, phường) cho tệp dữ liệu mới."))
    init.add_argument(
        "--commune",
        required=True,
        metavar=_("MÃ"),
        help=_("Mã xã, phường theo Quyết định 19/2025/QĐ-TTg (5 chữ số)."),
    )
    init.add_argument(
        "--year",
        type=int,
        metavar=_("NĂM"),
        help=_("Năm của kế hoạch đầu tiên (mặc định: năm nay)."),
    )
    init.add_argument("--head", default="", metavar=_("HỌ_TÊN"), help=_("Họ tên lãnh đạo đơn vị."))
    init.add_argument(
        "--officer", default="", metavar=_("HỌ_TÊN"), help=_("Họ tên cán bộ phụ trách phong trào.")
    )
    init.add_argument(
        "--phone", default="", metavar=_("SỐ"), help=_("Số điện thoại của cán bộ phụ trách.")
    )
    init.add_argument(
        "--despite-other-data",
        action="store_true",
        help=_("Vẫn lập văn phòng mới dù máy đã có dữ liệu ANTQ Desk ở nơi khác."),
    )
    init.set_defaults(run=run_init)


def _add_demo(commands: argparse._SubParsersAction) -> None:
    text = _("Tạo một xã mẫu với dữ liệu giống thật vào tệp dữ liệu mới (để làm quen, tập huấn).")
    demo_parser = _new_parser(commands, "demo", text)
    demo_parser.add_argument(
        "--commune",
        metavar=_("MÃ"),
        help=_("Mã xã, phường của xã mẫu (mặc định: một xã của tỉnh An Giang)."),
    )
    demo_parser.add_argument(
        "--year", type=int, metavar=_("NĂM"), help=_("Năm của kế hoạch mẫu (mặc định: năm nay).")
    )
    demo_parser.add_argument(
        "--seed",
        type=int,
        default=2026,
        metavar=_("SỐ"),
        help=_("Hạt giống ngẫu nhiên: cùng một số cho cùng một bộ dữ liệu (mặc định: 2026)."),
    )
    demo_parser.set_defaults(run=run_demo)


def _add_check(commands: argparse._SubParsersAction) -> None:
    text = _(
        "Kiểm tra tệp dữ liệu: tính toàn vẹn, ràng buộc khóa ngoại, nhật ký thay đổi dùng "
        "để đồng bộ và nhật ký thao tác (ai làm gì), nơi đặt tệp và ai đang mở. Mã thoát 0 "
        "nếu không có lỗi, 1 nếu phát hiện lỗi."
    )
    check = _new_parser(commands, "check", text)
    check.add_argument(
        "--self-test",
        action="store_true",
        help=_(
            "Tự kiểm tra chương trình trên một tệp dữ liệu mới trong thư mục tạm (không đụng "
            "tới dữ liệu thật): cấu trúc, xã mẫu, báo cáo, gói đồng bộ, cửa sổ. Mã thoát 0 nếu mọi "
            "bước đạt."
        ),
    )
    check.set_defaults(run=run_check)


def _add_import_list(commands: argparse._SubParsersAction) -> None:
    text = _(
        "Nhập danh sách người tham gia hoặc sự kiện từ tệp Excel (.xlsx, .xls) hoặc CSV, kể cả "
        "chữ gõ bằng bảng mã TCVN3 (ABC) hay VNI. Người trùng được bỏ qua; ấp mới được thêm."
    )
    parser = _new_parser(commands, "import-list", text)
    parser.add_argument("file", type=Path, metavar=_("TỆP_DANH_SÁCH"), help=_("Tệp cần nhập."))
    parser.add_argument(
        "--kind",
        required=True,
        choices=["people", "events"],
        help=_("Loại danh sách: people (người tham gia) hoặc events (sự kiện)."),
    )
    parser.add_argument(
        "--sheet",
        nargs="?",
        const="",
        metavar=_("TÊN"),
        help=_(
            "Trang tính cần nhập (mặc định: trang có danh sách, chương trình tự tìm). Ghi "
            "--sheet không kèm tên để xem các trang của tệp."
        ),
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help=_("Chỉ đọc và kiểm tra, cho biết sẽ nhập gì, không ghi vào dữ liệu."),
    )
    parser.set_defaults(run=run_import_list)


def _add_report(commands: argparse._SubParsersAction) -> None:
    from desktop.core.reports import KINDS

    text = _(
        "Lập báo cáo ra tệp PDF hoặc Word (.docx) theo thể thức Nghị định 30/2020/NĐ-CP, "
        "hoặc Excel (.xlsx)."
    )
    parser = _new_parser(commands, "report", text)
    parser.add_argument(
        "kind",
        choices=list(KINDS),
        metavar=_("LOẠI"),
        help=_("Loại báo cáo: {kinds}.").format(
            kinds="; ".join(f"{code} ({_(item.title).lower()})" for code, item in KINDS.items())
        ),
    )
    parser.add_argument(
        "--campaign",
        metavar=_("KẾ_HOẠCH"),
        help=_("Mã kế hoạch, ví dụ NH-ANTQ-2026 (mặc định: kế hoạch hiện hành)."),
    )
    parser.add_argument(
        "--period",
        default="all",
        metavar=_("KỲ"),
        help=_(
            "Kỳ báo cáo: tháng (08/2026, T8/2026 hoặc 2026-08), quý (2026-Q3) "
            "hoặc all (cả kế hoạch, mặc định)."
        ),
    )
    parser.add_argument(
        "--event", metavar=_("MÃ_SỰ_KIỆN"), help=_("Sự kiện (uid) của ky-ten và su-kien.")
    )
    parser.add_argument(
        "--commune", metavar=_("MÃ"), help=_("Ở tỉnh: chỉ số liệu của một xã, phường (mã 5 số).")
    )
    parser.add_argument(
        "--number", type=int, metavar=_("SỐ"), help=_("Số văn bản (mặc định: để trống).")
    )
    parser.add_argument(
        "--date", metavar=_("NGÀY"), help=_("Ngày văn bản, như 05/09/2026 (mặc định: hôm nay).")
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar=_("TỆP"),
        help=_("Tệp kết quả: .pdf, .docx (Word, để sửa và ký) hoặc .xlsx."),
    )
    parser.set_defaults(run=run_report)


def _add_backup(commands: argparse._SubParsersAction) -> None:
    text = _(
        "Sao lưu tệp dữ liệu (bản sao được kiểm tra sau khi ghi). Không có --to thì ghi vào thư "
        "mục sao lưu tự động cạnh tệp dữ liệu và xoay vòng các bản cũ."
    )
    parser = _new_parser(commands, "backup", text)
    parser.add_argument(
        "--to",
        type=Path,
        metavar=_("THƯ_MỤC"),
        help=_(
            "Thư mục ghi bản sao lưu, ví dụ ổ USB. Bản sao lưu này được mã hóa bằng mật khẩu "
            "sao lưu (biến ANTQ_BACKUP_PASSPHRASE, hoặc được hỏi) và khóa dự phòng của tỉnh."
        ),
    )
    parser.set_defaults(run=run_backup)


def _add_restore(commands: argparse._SubParsersAction) -> None:
    text = _(
        "Khôi phục dữ liệu từ một bản sao lưu. Cho biết bản sao lưu chứa gì; chỉ thay dữ liệu "
        "khi có --yes. Dữ liệu hiện tại được giữ lại một bản trong thư mục sao lưu."
    )
    parser = _new_parser(commands, "restore", text)
    parser.add_argument("file", type=Path, metavar=_("TỆP_SAO_LƯU"), help=_("Bản sao lưu."))
    parser.add_argument(
        "--yes",
        action="store_true",
        help=_("Xác nhận thay dữ liệu hiện tại bằng bản sao lưu."),
    )
    parser.add_argument(
        "--identity",
        type=Path,
        metavar=_("TỆP_KHÓA"),
        help=_(
            "Mở bản sao lưu mã hóa bằng khóa dự phòng của tỉnh (tệp chứa AGE-SECRET-KEY-…) "
            "thay cho mật khẩu sao lưu."
        ),
    )
    parser.add_argument(
        "--other-office",
        action="store_true",
        help=_(
            "Xác nhận khôi phục bản sao lưu của một văn phòng khác (nếu không có, lệnh từ chối "
            "bản sao lưu không phải của văn phòng này)."
        ),
    )
    parser.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from desktop.core.storage import backup

    db = open_for_command(args.db, args.user)
    try:
        if args.to is None:
            info = backup.automatic_backup(db, args.db)
        else:
            from desktop.cli.console import backup_passphrase

            info = backup.backup_to_folder(db, args.to, backup_passphrase(confirm=True))
    finally:
        db.close()
    print(_("Đã sao lưu và kiểm tra: {path}").format(path=info.path))
    for line in backup.description_lines(info)[1:]:
        print(f"  {line}")
    if info.encrypted:
        print(backup.sealed_message(info))
    if info.warning:
        print(_("Cảnh báo: {warning}").format(warning=info.warning))
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from db.errors import DamagedDatabase
    from desktop.cli import console
    from desktop.core.storage import backup, restore
    from desktop.core.storage.instance_lock import InstanceLock

    secret = _backup_secret(args.file, args.identity)
    info = restore.describe_for_restore(args.file, **secret)
    print(_("Bản sao lưu:"))
    for line in backup.description_lines(info):
        print(f"  {line}")
    if not args.yes:
        print(_("Chưa khôi phục. Chạy lại với --yes để thay dữ liệu hiện tại bằng bản này."))
        return EXIT_PROBLEMS
    with InstanceLock(existing(args.db)):  # refused while a window has the database open
        try:  # the opening sequence: location, then the verdict before even a sign-in
            db = open_for_command(args.db, args.user)
        except (DamagedDatabase, console.DamagedFile):  # see desktop/core/storage/restore.py
            result = restore.restore_over_file(
                args.db, args.file, other_office=args.other_office, **secret
            )
        else:
            try:
                result = restore.restore(
                    db, args.db, args.file, other_office=args.other_office, **secret
                )
            finally:
                db.close()
    print(
        _(
            "Đã khôi phục {path}. Dữ liệu trước khi khôi phục được giữ ở {kept}. Máy này sang "
            "lượt đánh số gói mới (epoch {epoch})."
        ).format(path=args.db, kept=result.kept_copy, epoch=result.epoch)
    )
    return EXIT_OK


def _backup_secret(path: Path, identity: Path | None) -> dict[str, str | None]:
    """What opens a sealed backup: the escrow identity file if given, else the passphrase."""
    from desktop.cli.console import backup_passphrase
    from desktop.core.storage import sealed

    if not sealed.is_sealed(path):
        return {}
    if identity is not None:
        return {"identity_text": identity.read_text(encoding="utf-8", errors="replace")}
    return {"passphrase": backup_passphrase(confirm=False)}


def file_status_lines(path: Path) -> tuple[list[str], bool]:
    """Where the file lives and who has it open, for `check`; and whether the place is safe."""
    from desktop.core.storage import dblocation, instance_lock

    place = dblocation.place_of(path.parent)
    lines = []
    if place is dblocation.Place.LOCAL:
        lines.append(_("- Nơi đặt tệp: ổ đĩa trong máy (đạt)"))
    else:
        lines.append(
            _("- Nơi đặt tệp: KHÔNG AN TOÀN. {reason}").format(
                reason=dblocation.reason(place).format(path=path)
            )
        )
    holder = instance_lock.current_holder(path)
    if holder is None:
        lines.append(_("- Đang mở bởi: không có cửa sổ ANTQ Desk nào"))
    else:
        lines.append(
            _("- Đang mở bởi: {user} trên máy {host} từ {since}").format(
                user=holder.user, host=holder.host, since=holder.since_text()
            )
        )
    return lines, place is dblocation.Place.LOCAL


def run_report(args: argparse.Namespace) -> int:
    from desktop.core import personal_data, reports

    recorded = personal_data.needs_export_right(args.kind, args.out)  # its entry is a write
    db = open_for_command(args.db, args.user, write=recorded)
    try:
        personal_data.require_export(db, args.kind, args.out)
        request = reports.request_from_text(
            db,
            args.kind,
            args.campaign,
            args.period,
            event_uid=args.event,
            unit_code=args.commune,
            serial=args.number,
            day=args.date,
        )
        written = reports.write(db, request, args.out)
        if recorded:
            is_xlsx = args.out.suffix.lower() == ".xlsx"
            count = written if is_xlsx else personal_data.people_in(db, request)
            personal_data.record_export(db, args.kind, args.out, count)
    finally:
        db.close()
    if args.out.suffix.lower() == ".xlsx":
        print(_("Đã ghi {count} dòng vào {path}.").format(count=written, path=args.out))
    else:
        print(_("Đã ghi báo cáo vào {path}.").format(path=args.out))
    return EXIT_OK


def run_import_list(args: argparse.Namespace) -> int:
    from desktop.core.listimport import batch, readers

    if args.sheet == "":  # --sheet alone: list the sheets, open nothing
        for name in readers.sheet_names(args.file):
            print(name)
        return EXIT_OK
    db = open_for_command(args.db, args.user)
    try:
        summary = batch.import_file(
            db, args.file, args.kind, sheet=args.sheet, dry_run=args.dry_run
        )
    finally:
        db.close()
    for line in batch.report_lines(summary, dry_run=args.dry_run):
        print(line)
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    found = paths.other_office_data(args.db)
    if found and not args.despite_other_data:  # the window asks the same before its wizard
        raise UserError(
            _(
                "Máy này đã có dữ liệu ANTQ Desk ở nơi khác: {files}. Nếu xã đã dùng chương "
                "trình trên máy này, hãy chép tệp đó vào {path} thay vì lập văn phòng mới; "
                "chỉ khi chắc chắn đó là dữ liệu của đơn vị khác mới thêm --despite-other-data."
            ).format(files="; ".join(str(file) for file in found), path=args.db),
            f"init refused: other data at {found}",
        )
    db = open_for_command(args.db, args.user, create=True)
    try:
        setup = office.OfficeSetup(
            commune_code=args.commune,
            head_name=args.head,
            officer_name=args.officer,
            officer_phone=args.phone,
            year=args.year or dt.date.today().year,
        )
        office.set_up_commune(db, setup)
        unit = office.self_unit(db)
    finally:
        db.close()
    print(
        _("Đã thiết lập {name} ({province}), mã {code}, kế hoạch năm {year}: {path}").format(
            name=unit.name, province=unit.parent_name, code=unit.code, year=setup.year, path=args.db
        )
    )
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    from desktop.core import demo

    db = open_for_command(args.db, create=True)
    try:
        if office.is_set_up(db):
            raise UserError(
                _(
                    "Tệp {path} đã có dữ liệu của một văn phòng; xã mẫu chỉ được tạo vào tệp mới. "
                    "Hãy chọn tệp khác bằng --db."
                ).format(path=args.db),
                f"demo refused: {args.db} already has an office",
            )
        summary = demo.build_commune(db, args.commune, args.year, args.seed, 1500, 60)
    finally:
        db.close()
    print(
        _(
            "Đã tạo xã mẫu {name}: {hamlets} ấp, {people} người, {events} sự kiện, "
            "{attendance} lượt tham dự, {outcomes} kết quả. Tệp: {path}"
        ).format(
            name=summary.commune_name,
            hamlets=summary.hamlets,
            people=formats.quantity(summary.people),
            events=summary.events,
            attendance=formats.quantity(summary.attendance),
            outcomes=summary.outcomes,
            path=args.db,
        )
    )
    return EXIT_OK


def run_self_test() -> int:
    """Every self-test step on a new database in a temporary folder; one line per step."""
    import tempfile

    from desktop.core import selftest
    from desktop.ui import selftest as window_test

    ok = True
    with tempfile.TemporaryDirectory(
        prefix="antq-self-test-", ignore_cleanup_errors=True
    ) as folder:
        for result in selftest.run(Path(folder), [*selftest.STEPS, *window_test.STEPS]):
            ok = ok and result.ok
            mark = _("đạt") if result.ok else _("LỖI")
            print(f"[{mark}] {_(result.title)}: {result.detail}", flush=True)
    return EXIT_OK if ok else EXIT_PROBLEMS


def run_check(args: argparse.Namespace) -> int:
    from desktop.core.storage import health

    if args.self_test:
        return run_self_test()
    if not args.db.exists():
        raise UserError(
            _("Không tìm thấy tệp dữ liệu {path}.").format(path=args.db),
            f"check: {args.db} does not exist",
        )
    report = health.check_file(args.db)  # read-only: never writes, even to an empty file
    for line in check_lines(args.db, report):
        print(line)
    status, safe_place = file_status_lines(args.db)
    print("\n".join(status))
    return EXIT_OK if report.ok and safe_place else EXIT_PROBLEMS


def _first_lines(messages: list[str], shown: int = 5) -> str:
    """SQLite's first messages on one line; how many more there are (a damaged page lists
    every page it orphaned)."""
    lines = [line.strip() for message in messages for line in message.splitlines()]
    lines = [line for line in lines if line and not line.startswith("***")]
    text = "; ".join(lines[:shown])
    if len(lines) > shown:
        text += " " + _("… và {count} dòng nữa").format(count=len(lines) - shown)
    return text


def _per_table(counts: dict[str, int]) -> str:
    return ", ".join(f"{table}: {count}" for table, count in counts.items())


def check_lines(path: Path, report: health.HealthReport) -> list[str]:
    """The short Vietnamese report `check` prints; a check that could not run says so."""
    from desktop.core.storage import health

    passed = _("đạt")
    foreign = passed
    if report.foreign_keys:
        foreign = _("có liên kết hỏng ({tables})").format(tables=_per_table(report.foreign_keys))
    logged = _("đủ cho {count} bản ghi").format(count=formats.quantity(report.rows_checked))
    if report.missing_log:
        logged = _("thiếu ở {tables}").format(tables=_per_table(report.missing_log))
    chain = _("nguyên vẹn, {count} mục").format(count=formats.quantity(report.audit_entries))
    if report.audit_breaks:
        chain = "; ".join(report.audit_breaks)
    compared = _("khớp với nhật ký ({count} bản ghi đã so)").format(
        count=formats.quantity(report.records_compared)
    )
    results = {
        health.INTEGRITY: _first_lines(report.integrity) or passed,
        health.STRUCTURE: "; ".join(report.structure) or passed,
        health.FOREIGN: foreign,
        health.CHANGE_LOG: logged,
        health.CHAIN: chain,
        health.RECORDS: compared,
    }
    if report.tampered:
        results[health.RECORDS] = _("{count} chỗ khác với nhật ký:").format(
            count=len(report.tampered)
        ) + "".join(f"\n    • {item}" for item in report.tampered)
    lines = [_("Kiểm tra tệp dữ liệu {path}").format(path=path)]
    if report.structure and health.STRUCTURE in report.not_run:
        lines.append(_("- Tệp: {result}").format(result="; ".join(report.structure)))
    for label, result in results.items():
        if label in report.not_run:
            result = _("KHÔNG CHẠY ĐƯỢC ({reason})").format(reason=report.not_run[label])
        lines.append(f"- {_(label)}: {result}")
    if report.ok:
        lines.append(_("Kết quả: tệp dữ liệu không có lỗi."))
    else:
        lines.append(
            _(
                "Kết quả: phát hiện lỗi. Không ghi gì thêm vào tệp này; hãy khôi phục từ bản sao "
                "lưu gần nhất (Tệp → Khôi phục từ bản sao lưu…) hoặc liên hệ bộ phận hỗ trợ."
            )
        )
    return lines


def _run_known(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a subcommand; a known error becomes a Vietnamese message and exit code 2."""
    try:
        return run(args)
    except Exception as error:
        message = user_message(error)
        if message is None:
            raise
        detail = getattr(error, "log_message", "") or repr(error)
        log.error("antq-desk %s failed: %s", args.command, detail)
        print(_("Lỗi: {message}").format(message=message), file=sys.stderr)
        if isinstance(error, NotSignedIn):
            print(
                _(
                    "Thêm --user TÊN trước tên lệnh; mật khẩu lấy từ biến ANTQ_PASSWORD "
                    "hoặc được hỏi."
                ),
                file=sys.stderr,
            )
        return EXIT_KNOWN_ERROR


def _choose_language() -> None:
    """The user's language; Vietnamese (the source strings) if its catalogue is not installed."""
    language = preferred_language()
    try:
        set_language(language)
    except OSError as error:
        log.warning("no %s translation, using Vietnamese: %s", language, error)
        set_language("vi")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `antq-desk` console script."""
    utf8_output()
    words = sys.argv[1:] if argv is None else list(argv)
    window_db = _window_database(words)
    setup_logging(WINDOW_LOG if window_db is not None else CLI_LOG)
    _choose_language()
    if window_db is not None:
        from desktop.ui.app import run_gui

        return run_gui(window_db)
    if not has_console():  # the windowed antq-desk.exe given a command: say where it runs
        from desktop.ui.app import tell_commands_need_the_console

        return tell_commands_need_the_console(words)
    args = build_parser().parse_args(argv)
    if args.command is None:  # e.g. an abbreviated `--us TÊN`: the window signs in on its own
        from desktop.ui.app import run_gui

        return run_gui(args.db)
    return _run_known(args.run, args)


def _window_database(argv: list[str]) -> Path | None:
    """The database to open in the window when the command line names no command, else None.

    The window is what officers start every day: it skips building the whole parser, which
    imports every subcommand's modules.
    """
    window = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    window.add_argument("--db", type=Path, default=default_database_path())
    window.add_argument("--user")  # the window asks who signs in on its own
    try:
        known, rest = window.parse_known_args(argv)
    except argparse.ArgumentError:  # the whole parser reports it, in Vietnamese
        return None
    return None if rest else known.db


if __name__ == "__main__":
    sys.exit(main())

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
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from db import open_database
from db.migrations import schema_version
from desktop import APP_NAME, __version__
from desktop.core import accounts, office
from desktop.core.errors import UserError, user_message
from desktop.core.i18n import _, preferred_language, set_language
from desktop.core.logsetup import setup_logging
from desktop.core.paths import default_database_path
from desktop.core.session import NotSignedIn

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.core import health

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
        from desktop.usage_errors import translated

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
    from desktop.core.sync import commands as sync_commands  # loads every sync module

    sync_commands.add_commands(commands, _new_parser)
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
        "--sheet", metavar=_("TÊN"), help=_("Trang tính cần nhập (mặc định: trang đầu tiên).")
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help=_("Chỉ đọc và kiểm tra, cho biết sẽ nhập gì, không ghi vào dữ liệu."),
    )
    parser.set_defaults(run=run_import_list)


def _add_report(commands: argparse._SubParsersAction) -> None:
    from desktop.core.reports import KINDS

    text = _("Lập báo cáo ra tệp PDF (thể thức Nghị định 30/2020/NĐ-CP) hoặc Excel (.xlsx).")
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
        "--out", type=Path, required=True, metavar=_("TỆP"), help=_("Tệp kết quả: .pdf hoặc .xlsx.")
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
        help=_("Thư mục ghi bản sao lưu, ví dụ ổ USB."),
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
    parser.set_defaults(run=run_restore)


def _existing(path: Path) -> Path:
    if not path.exists():
        raise UserError(
            _("Không tìm thấy tệp dữ liệu {path}.").format(path=path), f"{path} does not exist"
        )
    return path


def run_backup(args: argparse.Namespace) -> int:
    from desktop.core import backup

    db = _open(_existing(args.db), args.user)
    try:
        if args.to is None:
            info = backup.automatic_backup(db, args.db)
        else:
            info = backup.backup_to_folder(db, args.to)
    finally:
        db.close()
    print(_("Đã sao lưu và kiểm tra: {path}").format(path=info.path))
    for line in backup.description_lines(info)[1:]:
        print(f"  {line}")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from db.errors import DamagedDatabase
    from desktop.core import backup, restore
    from desktop.core.instance_lock import InstanceLock

    info = restore.describe_for_restore(args.file)
    print(_("Bản sao lưu:"))
    for line in backup.description_lines(info):
        print(f"  {line}")
    if not args.yes:
        print(_("Chưa khôi phục. Chạy lại với --yes để thay dữ liệu hiện tại bằng bản này."))
        return EXIT_PROBLEMS
    with InstanceLock(_existing(args.db)):  # refused while a window has the database open
        try:
            db = _open(args.db, args.user)
        except DamagedDatabase:  # its accounts cannot be read: see desktop/core/restore.py
            result = restore.restore_over_file(args.db, args.file)
        else:
            try:
                result = restore.restore(db, args.db, args.file)
            finally:
                db.close()
    print(
        _(
            "Đã khôi phục {path}. Dữ liệu trước khi khôi phục được giữ ở {kept}. Máy này sang "
            "lượt đánh số gói mới (epoch {epoch})."
        ).format(path=args.db, kept=result.kept_copy, epoch=result.epoch)
    )
    return EXIT_OK


def file_status_lines(path: Path) -> tuple[list[str], bool]:
    """Where the file lives and who has it open, for `check`; and whether the place is safe."""
    from desktop.core import dblocation, instance_lock

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
    from desktop.core import reports

    if not args.db.exists():
        raise UserError(
            _("Không tìm thấy tệp dữ liệu {path}.").format(path=args.db),
            f"report: {args.db} does not exist",
        )
    db = _open(args.db, args.user)
    try:
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
    finally:
        db.close()
    if args.out.suffix.lower() == ".xlsx":
        print(_("Đã ghi {count} dòng vào {path}.").format(count=written, path=args.out))
    else:
        print(_("Đã ghi báo cáo vào {path}.").format(path=args.out))
    return EXIT_OK


def run_import_list(args: argparse.Namespace) -> int:
    from desktop.core.listimport import batch

    db = _open(args.db, args.user)
    try:
        summary = batch.import_file(
            db, args.file, args.kind, sheet=args.sheet, dry_run=args.dry_run
        )
    finally:
        db.close()
    for line in batch.report_lines(summary, dry_run=args.dry_run):
        print(line)
    return EXIT_OK


def _open(path: Path, user: str | None = None) -> sqlite_utils.Database:
    """Open (creating) the database and sign `--user` in, if the file has accounts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path)
    try:
        accounts.sign_in_from_console(db, user)
    except BaseException:
        db.close()
        raise
    return db


def run_init(args: argparse.Namespace) -> int:
    db = _open(args.db, args.user)
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
    from desktop.core.outcomes import format_quantity

    db = _open(args.db)
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
            people=format_quantity(summary.people),
            events=summary.events,
            attendance=format_quantity(summary.attendance),
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
    from desktop.core import health

    if args.self_test:
        return run_self_test()
    if not args.db.exists():
        raise UserError(
            _("Không tìm thấy tệp dữ liệu {path}.").format(path=args.db),
            f"check: {args.db} does not exist",
        )
    db = open_database(args.db)
    try:
        report = health.check(db)
    except sqlite3.DatabaseError as error:  # too damaged for the other checks to run
        report = health.HealthReport(integrity=[str(error)])
    finally:
        db.close()
    for line in check_lines(args.db, report):
        print(line)
    status, safe_place = file_status_lines(args.db)
    print("\n".join(status))
    return EXIT_OK if report.ok and safe_place else EXIT_PROBLEMS


def _per_table(counts: dict[str, int]) -> str:
    return ", ".join(f"{table}: {count}" for table, count in counts.items())


def check_lines(path: Path, report: health.HealthReport) -> list[str]:
    """The short Vietnamese report `check` prints."""
    from desktop.core.outcomes import format_quantity

    passed = _("đạt")
    lines = [_("Kiểm tra tệp dữ liệu {path}").format(path=path)]
    integrity = passed if not report.integrity else "; ".join(report.integrity)
    lines.append(_("- Tính toàn vẹn của tệp: {result}").format(result=integrity))
    foreign = passed
    if report.foreign_keys:
        foreign = _("có liên kết hỏng ({tables})").format(tables=_per_table(report.foreign_keys))
    lines.append(_("- Liên kết giữa các bản ghi: {result}").format(result=foreign))
    logged = _("đủ cho {count} bản ghi").format(count=format_quantity(report.rows_checked))
    if report.missing_log:
        logged = _("thiếu ở {tables}").format(tables=_per_table(report.missing_log))
    lines.append(_("- Nhật ký thay đổi để đồng bộ: {result}").format(result=logged))
    chain = _("nguyên vẹn, {count} mục").format(count=format_quantity(report.audit_entries))
    if report.audit_breaks:
        chain = "; ".join(report.audit_breaks)
    lines.append(_("- Nhật ký thao tác (ai làm gì): {result}").format(result=chain))
    if report.ok:
        lines.append(_("Kết quả: tệp dữ liệu không có lỗi."))
    else:
        lines.append(_("Kết quả: phát hiện lỗi. Hãy sao lưu tệp này và liên hệ bộ phận hỗ trợ."))
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
    setup_logging()
    _choose_language()
    window_db = _window_database(sys.argv[1:] if argv is None else list(argv))
    if window_db is not None:
        from desktop.ui.app import run_gui

        return run_gui(window_db)
    args = build_parser().parse_args(argv)
    if args.command is None:  # e.g. `--user` with no command: the window signs in on its own
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
    try:
        known, rest = window.parse_known_args(argv)
    except argparse.ArgumentError:  # the whole parser reports it, in Vietnamese
        return None
    return None if rest else known.db


if __name__ == "__main__":
    sys.exit(main())

"""The program checking itself on a new database in a temporary folder (`check --self-test`).

Support staff run it on an office PC, and the frozen-build test runs it on every build, to learn
whether this copy of the program works end to end: a module or a data file left out of the build
fails here, not in front of an officer. Each step is one line in `STEPS`; a step gets the shared
`Workspace` and returns a short Vietnamese detail, or raises. Steps run in order and stop at the
first failure (later steps need what earlier ones made).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from db import open_database
from db.migrations import schema_version
from desktop.core import campaigns, demo, formats, office
from desktop.core.i18n import N_, _

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)


@dataclass
class Workspace:
    """What the steps share: the temporary folder, and the database once it is open."""

    folder: Path
    db: sqlite_utils.Database | None = None

    @property
    def database(self) -> sqlite_utils.Database:
        if self.db is None:
            raise RuntimeError("self-test: no database open yet")
        return self.db

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


@dataclass(frozen=True)
class Step:
    title: str  # N_-marked; translated where shown
    run: Callable[[Workspace], str]


@dataclass(frozen=True)
class StepResult:
    title: str
    ok: bool
    detail: str


def open_new_database(ws: Workspace) -> str:
    ws.db = open_database(ws.folder / "self-test.sqlite3")
    stored = ws.db.conn.execute("PRAGMA user_version").fetchone()[0]
    if stored != schema_version():
        raise RuntimeError(f"schema {stored} after migrating, expected {schema_version()}")
    return _("cấu trúc dữ liệu phiên bản {version}").format(version=stored)


def create_demo_commune(ws: Workspace) -> str:
    summary = demo.build_commune(ws.database, None, None, 2026, 300, 20)
    return _("{name}: {people} người, {events} sự kiện").format(
        name=summary.commune_name, people=formats.quantity(summary.people), events=summary.events
    )


def _current_campaign(ws: Workspace) -> str:
    campaign = campaigns.current(ws.database)
    if campaign is None:
        raise RuntimeError("self-test: the demo commune has no campaign")
    return campaign.uid


def _results_report(ws: Workspace):
    from desktop.core import reports

    return reports.ReportRequest(kind=reports.results.KIND, campaign_uid=_current_campaign(ws))


def write_report_pdf(ws: Workspace) -> str:
    from desktop.core import reports

    path = ws.folder / "bao-cao-ket-qua.pdf"
    size = reports.write(ws.database, _results_report(ws), path)
    if not path.read_bytes().startswith(b"%PDF"):
        raise RuntimeError(f"self-test: {path.name} is not a PDF")
    return _("{name}, {size} byte").format(name=path.name, size=formats.quantity(size))


def write_report_xlsx(ws: Workspace) -> str:
    from desktop.core import reports

    path = ws.folder / "bao-cao-ket-qua.xlsx"
    rows = reports.write(ws.database, _results_report(ws), path)
    return _("{name}, {rows} dòng").format(name=path.name, rows=formats.quantity(rows))


# Only for the self-test's throw-away province keys, which never leave the temporary folder.
_SELF_TEST_PASSPHRASE = "tu-kiem-tra-antq-desk"


def _throwaway_province(ws: Workspace, commune: office.Unit) -> sqlite_utils.Database:
    """A province office in the temporary folder that knows this commune's signing key."""
    from desktop.core.sync import keys, province, register, setup_file

    provincial = open_database(ws.folder / "province.sqlite3")
    code = commune.parent_code or ""
    province.set_up_province(provincial, code, province.make_keys(code, _SELF_TEST_PASSPHRASE))
    setup = setup_file.write_setup_file(provincial, ws.folder / "province-setup.json")
    setup_file.load_setup_file(ws.database, setup)
    public = keys.signing_public(ws.database)
    assert public is not None, "loading the setup made the commune's signing key"
    register.enrol(provincial, commune.code, public)
    register.confirm(provincial, commune.code, keys.fingerprint(public))
    return provincial


def write_and_import_bundle(ws: Workspace) -> str:
    """Sign and encrypt a full bundle, then verify, decrypt and merge it as the province would."""
    from desktop.core.sync import bundle_writer, importer, keys

    commune = office.self_unit(ws.database)
    provincial = _throwaway_province(ws, commune)
    try:
        folder = ws.folder / "bundles"
        folder.mkdir()
        written = bundle_writer.export(ws.database, folder, full=True)
        identity = keys.unlock_working_identity(provincial, _SELF_TEST_PASSPHRASE)
        merged = 0
        for bundle in written:
            result = importer.import_bundle(
                provincial, bundle.path.read_bytes(), [identity], file_name=bundle.path.name
            )
            merged += sum(sum(counts.values()) for counts in result.tables.values())
    finally:
        provincial.close()
    sent = sum(bundle.rows for bundle in written)
    if merged != sent:
        raise RuntimeError(f"self-test: {sent} rows sent, {merged} merged at the province")
    return _("{bundles} gói, tỉnh nhận đủ {rows} dòng").format(
        bundles=len(written), rows=formats.quantity(merged)
    )


STEPS: list[Step] = [
    Step(N_("Mở tệp dữ liệu mới và cập nhật cấu trúc"), open_new_database),
    Step(N_("Tạo xã mẫu"), create_demo_commune),
    Step(N_("Ghi báo cáo PDF"), write_report_pdf),
    Step(N_("Ghi bảng Excel của báo cáo"), write_report_xlsx),
    Step(N_("Ghi gói đồng bộ, tỉnh kiểm tra chữ ký, giải mã và nhập"), write_and_import_bundle),
]


def run(folder: Path, steps: Sequence[Step] = STEPS) -> Iterator[StepResult]:
    """Run the steps in `folder`, yielding each result; after a failure the rest are not run."""
    ws = Workspace(Path(folder))
    failed = False
    try:
        for step in steps:
            if failed:
                yield StepResult(step.title, False, _("không chạy vì bước trước lỗi"))
                continue
            try:
                detail = step.run(ws)
            except Exception as error:  # the self-test reports every failure; the log keeps it
                log.exception("self-test step %r failed", step.title)
                failed = True
                yield StepResult(step.title, False, f"{type(error).__name__}: {error}")
            else:
                yield StepResult(step.title, True, detail)
    finally:
        ws.close()

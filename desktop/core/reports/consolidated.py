"""The province's consolidated results report: all communes together, then one row per commune.

Works on the province's database, filled by sync bundles. Every commune of the province in the
official unit list has a line, whether or not it has enrolled: a commune "has data" for the
period when it recorded something in it (an event of any status or an outcome), and one that
never sent any row at all is named as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core import figures, units
from desktop.core.figures import Statistics, UnitFigures
from desktop.core.i18n import N_, _
from desktop.core.reports import common, results
from desktop.core.reports.document import (
    LANDSCAPE,
    Block,
    Column,
    Document,
    NewPage,
    Para,
    Space,
    Table,
    Title,
)
from desktop.core.reports.numbers import number
from desktop.core.text import text_sort_key

if TYPE_CHECKING:
    import sqlite_utils

KIND = "tong-hop"

# The per-commune table: (UnitFigures field, column header, relative width).
COLUMNS = (
    ("festivals_commune", N_("Ngày hội cấp xã"), 1.2),
    ("festivals_hamlet", N_("Ngày hội ở ấp, khu phố"), 1.3),
    ("events_held", N_("Hoạt động"), 1.2),
    ("participants", N_("Lượt người tham gia"), 1.6),
    ("commendations", N_("Khen thưởng (lượt)"), 1.3),
    ("gifts", N_("Quà (suất)"), 1.2),
    ("gifts_value", N_("Giá trị quà (đồng)"), 2.1),
    ("models", N_("Mô hình, tổ tự quản"), 1.3),
    ("works", N_("Công trình"), 1.2),
    ("pledges", N_("Hộ ký cam kết"), 1.3),
    ("tips", N_("Tin báo, tố giác"), 1.2),
    ("weapons", N_("Vũ khí (khẩu)"), 1.1),
    ("funds_value", N_("Kinh phí xã hội hóa (đồng)"), 2.1),
)


@dataclass(frozen=True)
class CommuneLine:
    code: str
    name: str
    figures: UnitFigures
    has_data: bool
    ever_sent: bool = True


@dataclass(frozen=True)
class Consolidation:
    stats: Statistics
    communes: list[CommuneLine]

    @property
    def reporting(self) -> int:
        return sum(1 for line in self.communes if line.has_data)

    def never_sent(self) -> list[CommuneLine]:
        return [line for line in self.communes if not line.ever_sent]


def _known_communes(db: sqlite_utils.Database) -> dict[str, str]:
    rows = db.conn.execute("SELECT code, name FROM unit WHERE level = 'commune' AND is_self = 0")
    return {code: name for code, name in rows}


def commune_choices(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(code, name) of every commune of the province (see `figures.commune_choices`)."""
    return figures.commune_choices(db)


def _name(code: str, known: dict[str, str]) -> str:
    if code in known:
        return known[code]
    try:
        return units.commune(code).name
    except KeyError:
        return code


def _senders(db: sqlite_utils.Database) -> set[str]:
    """The units whose rows the province holds (each commune's campaign comes first)."""
    rows = db.conn.execute("SELECT DISTINCT unit_code FROM campaign")
    return {row[0] for row in rows} | {
        row[0] for row in db.conn.execute("SELECT DISTINCT unit_code FROM bundle_in")
    }


def consolidate(db: sqlite_utils.Database, ctx: common.Context) -> Consolidation:
    """Every commune of the province's figures for the period, including those with none."""
    scope = figures.scope_for(ctx.campaign, ctx.period, None)
    stats = figures.compute(db, scope, chart_from=ctx.campaign.start_date)
    known = {
        **{d.code: d.name for d in units.communes(ctx.unit.code)},
        **_known_communes(db),
    }
    codes = (set(known) | set(stats.by_unit)) - {ctx.unit.code}
    senders = _senders(db)
    lines = [
        CommuneLine(
            code,
            _name(code, known),
            stats.by_unit.get(code, UnitFigures()),
            stats.by_unit.get(code, UnitFigures()).activity > 0,
            code in senders,
        )
        for code in codes
    ]
    lines.sort(key=lambda line: (text_sort_key(_bare(line.name)), line.code))
    return Consolidation(stats, lines)


def _bare(name: str) -> str:
    for word in ("xã ", "phường ", "đặc khu "):
        if name.lower().startswith(word):
            return name[len(word) :]
    return name


def completeness_paragraphs(data: Consolidation) -> list[Para]:
    total, reporting = len(data.communes), data.reporting
    share = f"{reporting * 100 / total:.1f}".replace(".", ",") if total else "0"
    items = [
        Para(
            _(
                "Có {reporting}/{total} xã, phường, đặc khu có số liệu trong kỳ báo cáo "
                "(đạt {share}%)."
            ).format(reporting=number(reporting), total=number(total), share=share)
        )
    ]
    silent = [line.name for line in data.communes if line.ever_sent and not line.has_data]
    if silent:
        items.append(Para(_("Chưa có số liệu: {names}.").format(names=_names(silent))))
    never = [line.name for line in data.never_sent()]
    if never:
        items.append(
            Para(
                _("Chưa gửi số liệu lần nào ({count} đơn vị): {names}.").format(
                    count=number(len(never)), names=_names(never)
                )
            )
        )
    return items


def _names(names: list[str], limit: int = 30) -> str:
    """The first `limit` names, then how many more: the appendix lists every one."""
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += _(" và {more} đơn vị khác").format(more=number(len(names) - limit))
    return shown


def _value(figures: UnitFigures, field: str) -> str:
    return number(getattr(figures, field))


def _cells(line: CommuneLine) -> list[str]:
    """A commune that never sent anything has no figures, not zeros."""
    if not line.ever_sent:
        return ["–"] * len(COLUMNS)
    return [_value(line.figures, field) for field, _h, _w in COLUMNS]


def commune_table(data: Consolidation) -> Table:
    """A landscape table: a row per commune (dashes for one that never sent), the province's sum."""
    rows = tuple(
        (str(i), line.name, *_cells(line)) for i, line in enumerate(data.communes, start=1)
    )
    total = ("", _("Toàn tỉnh"), *[_value(data.stats.totals, f) for f, _h, _w in COLUMNS])
    columns = (
        Column(_("STT"), 0.8, "c"),
        Column(_("Xã, phường"), 3.4),
        *[Column(_(header), width, "r") for _f, header, width in COLUMNS],
    )
    return Table(columns, rows, total=total, font_size=9.5)


def build_document(db: sqlite_utils.Database, ctx: common.Context) -> Document:
    """The results report over all communes, then a landscape appendix with one row each."""
    data = consolidate(db, ctx)
    summary = (
        _("Tổng hợp kết quả thực hiện {campaign}").format(campaign=ctx.campaign.title),
        common.period_line(ctx),
    )
    closing = common.closing_line(
        ctx,
        _("báo cáo tổng hợp kết quả thực hiện {campaign}, {period}").format(
            campaign=ctx.campaign.title, period=ctx.period.label
        ),
    )
    attached = _("(Kèm theo {report} ngày {date})").format(
        report=_numbered(ctx), date=ctx.request.day.strftime("%d/%m/%Y")
    )
    completeness = (_("Tình hình báo cáo của các xã, phường"), completeness_paragraphs(data))
    blocks: list[Block] = [
        common.letterhead(ctx),
        Title(_("Báo cáo").upper(), summary),
        *results.body(db, ctx, data.stats, first_section=completeness),
        Para(_("Kết quả của từng xã, phường, đặc khu tại Phụ lục kèm theo báo cáo này.")),
        common.signature(ctx, closing),
        NewPage(LANDSCAPE),
        Para(_("PHỤ LỤC"), "doc_type"),
        Para(_("Kết quả thực hiện của từng xã, phường, đặc khu"), "summary"),
        Para(attached, "subtitle"),
        Space(6),
        commune_table(data),
    ]
    return common.document(
        ctx, _("Báo cáo tổng hợp - {period}").format(period=ctx.period.label), blocks
    )


def _numbered(ctx: common.Context) -> str:
    if ctx.request.serial:
        return _("Báo cáo số {serial:02d}/{symbol}").format(
            serial=ctx.request.serial, symbol=ctx.settings.symbol
        )
    return _("Báo cáo")


def _status(line: CommuneLine) -> str:
    if line.has_data:
        return _("Có")
    return _("Chưa") if line.ever_sent else _("Chưa gửi lần nào")


def table(db: sqlite_utils.Database, ctx: common.Context):
    """The per-commune table for .xlsx, with a 'has data' column and the province total."""
    data = consolidate(db, ctx)
    columns = [(_("Mã"), "text"), (_("Xã, phường"), "text"), (_("Có số liệu"), "text")]
    columns += [(_(header), "number") for _f, header, _w in COLUMNS]
    rows = [
        (
            line.code,
            line.name,
            _status(line),
            *[
                getattr(line.figures, field) if line.ever_sent else None
                for field, _h, _w in COLUMNS
            ],
        )
        for line in data.communes
    ]
    rows.append(
        (
            "",
            _("Toàn tỉnh"),
            f"{data.reporting}/{len(data.communes)}",
            *[getattr(data.stats.totals, field) for field, _h, _w in COLUMNS],
        )
    )
    return _("Tổng hợp theo xã"), columns, rows

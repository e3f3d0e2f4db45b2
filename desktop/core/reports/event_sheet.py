"""The event sheet: one event with its figures, its named participants and its outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core import attendance, figures, records
from desktop.core.events import GROUP_COUNTS, LEVELS, STATUSES
from desktop.core.i18n import _
from desktop.core.outcomes import OutcomeFilter, list_outcomes
from desktop.core.reports import common
from desktop.core.reports.document import (
    Block,
    Column,
    Document,
    NeedSpace,
    Para,
    Space,
    Table,
    Title,
    narrative,
)
from desktop.core.reports.numbers import number, short_date

if TYPE_CHECKING:
    import sqlite_utils

KIND = "su-kien"


@dataclass(frozen=True)
class EventFacts:
    uid: str
    title: str
    type_name: str
    start_date: str
    end_date: str
    level: str
    hamlet_name: str
    place: str
    organiser: str
    status: str
    counts: dict[str, int]
    count_total: int
    named: int
    notes: str


def event_facts(db: sqlite_utils.Database, uid: str) -> EventFacts:
    """The event with the names of its type, hamlet and organiser; NotFound if it is gone."""
    row = records.fetch(db, "event", uid)
    names = db.conn.execute(
        """SELECT t.name, COALESCE(h.name, ''), COALESCE(o.name, '')
           FROM event_type t
           LEFT JOIN hamlet h ON h.uid = ?
           LEFT JOIN organisation o ON o.uid = ?
           WHERE t.uid = ?""",
        [row["hamlet_uid"], row["organiser_uid"], row["event_type_uid"]],
    ).fetchone()
    named = db.conn.execute(
        "SELECT COUNT(*) FROM attendance WHERE event_uid = ? AND deleted_at IS NULL", [uid]
    ).fetchone()[0]
    # the totals' own rule: a named list longer than the head-count stands for the event
    counted = figures.event_count(db, uid, row["count_total"], row["count_women"])
    counts = {column: row[column] for column in GROUP_COUNTS}
    counts["count_women"] = counted.women
    return EventFacts(
        uid=uid,
        title=row["title"],
        type_name=names[0],
        start_date=row["start_date"],
        end_date=row["end_date"],
        level=row["level"],
        hamlet_name=names[1],
        place=row["place"],
        organiser=names[2],
        status=row["status"],
        counts=counts,
        count_total=row["count_total"],
        named=named,
        notes=row["notes"],
    )


def _facts_lines(facts: EventFacts) -> list[str]:
    when = short_date(facts.start_date)
    if facts.end_date != facts.start_date:
        when = _("từ {start} đến {end}").format(start=when, end=short_date(facts.end_date))
    level = _(LEVELS.get(facts.level, facts.level))
    if facts.hamlet_name:
        level = f"{level} ({facts.hamlet_name})"
    lines = [
        _("Loại hoạt động: {name}.").format(name=facts.type_name),
        _("Thời gian: {when}.").format(when=when),
        _("Cấp tổ chức: {level}.").format(level=level),
        _("Địa điểm: {place}.").format(place=facts.place or _("chưa ghi")),
    ]
    if facts.organiser:
        lines.append(_("Đơn vị chủ trì: {name}.").format(name=facts.organiser))
    lines.append(_("Tình trạng: {status}.").format(status=_(STATUSES.get(facts.status, ""))))
    return lines


def _counts_table(facts: EventFacts) -> Table:
    total = max(facts.count_total, facts.named)
    rows = [(_("Tổng số người tham dự"), number(total))]
    rows += [
        (_("Trong đó: {group}").format(group=_(label)), number(facts.counts[column]))
        for column, label in GROUP_COUNTS.items()
    ]
    rows.append((_("Người tham dự có tên trong danh sách"), number(facts.named)))
    return Table((Column(_("Thành phần"), 7), Column(_("Số người"), 2, "r")), tuple(rows))


def _participants_table(db: sqlite_utils.Database, uid: str) -> Table | None:
    people = attendance.participants(db, uid)
    if not people:
        return None
    roles = dict(attendance.roles())
    rows = tuple(
        (
            str(i),
            p.full_name,
            str(p.birth_year or ""),
            p.hamlet_name,
            p.position,
            roles.get(p.role, p.role),
        )
        for i, p in enumerate(people, start=1)
    )
    return Table(
        (
            Column(_("STT"), 1.0, "c"),
            Column(_("Họ và tên"), 4.2),
            Column(_("Năm sinh"), 1.5, "c"),
            Column(_("Ấp, khu phố"), 2.8),
            Column(_("Chức vụ"), 3.0),
            Column(_("Vai trò"), 2.6),
        ),
        rows,
        font_size=11,
    )


def _outcomes_table(
    db: sqlite_utils.Database, facts: EventFacts, campaign_uid: str
) -> Table | None:
    items = list_outcomes(
        db,
        OutcomeFilter(campaign_uid=campaign_uid, event_uid=facts.uid),
        sort="indicator_name",
        descending=False,
        limit=10_000,
    )
    if not items:
        return None
    rows = tuple(
        (
            str(i),
            o.indicator_name,
            o.recipient,
            number(o.quantity),
            o.unit_label,
            number(o.value_vnd) if o.value_vnd else "",
        )
        for i, o in enumerate(items, start=1)
    )
    total = ("", _("Tổng giá trị"), "", "", "", number(sum(o.value_vnd for o in items)))
    return Table(
        (
            Column(_("STT"), 1.0, "c"),
            Column(_("Chỉ tiêu"), 4.2),
            Column(_("Người, đơn vị nhận"), 4.0),
            Column(_("Số lượng"), 1.7, "r"),
            Column(_("Đơn vị tính"), 2.0),
            Column(_("Giá trị (đồng)"), 2.6, "r"),
        ),
        rows,
        total=total,
        font_size=11,
    )


def sheet_title(facts: EventFacts) -> str:
    """What the sheet reports: the results of a held event, or that it is planned or cancelled."""
    event = common.in_sentence(facts.title)
    if facts.status == "planned":
        return _("Kế hoạch tổ chức {event} (chưa tổ chức)").format(event=event)
    if facts.status == "cancelled":
        return _("Việc hủy {event}").format(event=event)
    return _("Kết quả tổ chức {event}").format(event=event)


def build_document(db: sqlite_utils.Database, ctx: common.Context) -> Document:
    """The event sheet: its facts, who took part, what came of it, its notes and the signature."""
    facts = event_facts(db, common.require_event(ctx))
    title = sheet_title(facts)
    blocks: list[Block] = [
        common.letterhead(ctx),
        Title(_("Báo cáo").upper(), (title,)),
        Para(_("I. THÔNG TIN CHUNG"), "heading1"),
        *[Para(line) for line in _facts_lines(facts)],
        Para(_("II. THÀNH PHẦN THAM DỰ"), "heading1"),
        _counts_table(facts),
        Space(8),
    ]
    participants = _participants_table(db, facts.uid)
    if participants is not None:
        blocks += [
            NeedSpace(40),
            Para(_("Danh sách người tham dự có tên:"), "table_heading"),
            participants,
            Space(8),
        ]
    blocks.append(Para(_("III. KẾT QUẢ"), "heading1"))
    outcomes = _outcomes_table(db, facts, ctx.campaign.uid)
    if outcomes is None:
        blocks.append(Para(_("Chưa ghi nhận kết quả của sự kiện.")))
    else:
        blocks += [outcomes, Space(8)]
    if facts.notes:
        blocks += [Para(_("IV. GHI CHÚ"), "heading1"), *narrative(facts.notes)]
    what = _("báo cáo {what}").format(what=title[:1].lower() + title[1:])
    blocks.append(common.signature(ctx, common.closing_line(ctx, what)))
    return common.document(
        ctx,
        _("Báo cáo sự kiện - {event}").format(event=facts.title),
        blocks,
        period=event_when(facts),
    )


def event_when(facts: EventFacts) -> str:
    """'19/08/2026' or '18/08/2026 đến 19/08/2026': an event's date as a document's period."""
    when = short_date(facts.start_date)
    if facts.end_date and facts.end_date != facts.start_date:
        when = _("{start} đến {end}").format(start=when, end=short_date(facts.end_date))
    return when


def table(db: sqlite_utils.Database, ctx: common.Context):
    """The event's outcomes for .xlsx."""
    facts = event_facts(db, common.require_event(ctx))
    items = list_outcomes(
        db,
        OutcomeFilter(campaign_uid=ctx.campaign.uid, event_uid=facts.uid),
        sort="indicator_name",
        descending=False,
        limit=10_000,
    )
    columns = [
        (_("Chỉ tiêu"), "text"),
        (_("Người, đơn vị nhận"), "text"),
        (_("Số lượng"), "number"),
        (_("Đơn vị tính"), "text"),
        (_("Giá trị (đồng)"), "money"),
    ]
    rows = [(o.indicator_name, o.recipient, o.quantity, o.unit_label, o.value_vnd) for o in items]
    return _("Kết quả sự kiện"), columns, rows

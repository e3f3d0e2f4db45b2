"""Danh sách: the sign-in sheet of an event, the commendation list and the register extract."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from desktop.core import attendance, figures, units
from desktop.core.figures import kind_name, level_name
from desktop.core.i18n import N_, _
from desktop.core.reports import common
from desktop.core.reports.document import (
    MM,
    Align,
    Block,
    Column,
    Document,
    Para,
    SigningColumns,
    Space,
    Table,
    Title,
)
from desktop.core.reports.event_sheet import EventFacts, event_facts, event_when
from desktop.core.reports.numbers import number
from desktop.core.text import register_sorting, sort_expression

if TYPE_CHECKING:
    import sqlite_utils

SIGN_IN, COMMENDATIONS, REGISTER = "ky-ten", "khen-thuong", "trich-danh-sach"
BLANK_SIGN_IN_ROWS = 5  # for people who come without being on the list
GENDERS = {"nam": N_("Nam"), "nu": N_("Nữ")}


def _gender(code: str | None) -> str:
    return _(GENDERS[code]) if code in GENDERS else ""


def many_communes(ctx: common.Context) -> bool:
    """A province list over all its communes: each row then says which commune it is from."""
    return ctx.unit.level == "province" and not ctx.request.unit_code


def commune_label(code: str) -> str:
    try:
        return units.commune(code).name
    except KeyError:
        return code


# --- sign-in sheet ------------------------------------------------------------------------------


def at_province(ctx: common.Context) -> bool:
    """A province database holds many communes: its sign-in sheet says whose people they are."""
    return ctx.unit.level == "province"


def _sign_in_rows(
    db: sqlite_utils.Database, event_uid: str, with_commune: bool = False
) -> list[list[str]]:
    role_names = dict(attendance.roles())
    rows = [
        [
            str(i),
            p.full_name,
            str(p.birth_year or ""),
            "; ".join(filter(None, [commune_label(p.unit_code), p.hamlet_name]))
            if with_commune
            else p.hamlet_name,
            p.position or role_names.get(p.role, ""),
            "",
        ]
        for i, p in enumerate(attendance.participants(db, event_uid), start=1)
    ]
    start = len(rows) + 1
    rows += [[str(i), "", "", "", "", ""] for i in range(start, start + BLANK_SIGN_IN_ROWS)]
    return rows


def _event_subtitle(facts: EventFacts) -> Para:
    line = _("Thời gian: {when}; địa điểm: {place}").format(
        when=event_when(facts), place=facts.place or facts.hamlet_name or _("chưa ghi")
    )
    return Para(line, "subtitle")


def _commune_subtitle(db: sqlite_utils.Database, ctx: common.Context, uid: str) -> list[Para]:
    """At the province, the commune that held the event (its sheet is one commune's)."""
    if not at_province(ctx):
        return []
    code = db.conn.execute("SELECT unit_code FROM event WHERE uid = ?", [uid]).fetchone()[0]
    line = _("Đơn vị tổ chức: {commune}").format(commune=commune_label(code))
    return [Para(line, "subtitle")]


# STT wide enough for "1000" at 12 pt with the cell padding; the rest share the width.
SIGN_IN_WIDTHS = (1.3, 4.4, 1.4, 2.7, 3.3, 2.7)
SIGN_IN_ROW_MM = 10  # room to sign; a row grows when its text needs more


def sign_in_table_block(rows: list[list[str]], with_commune: bool = False) -> Table:
    """The sheet's table, every row tall enough to sign in its last column."""
    headers = (
        _("STT"),
        _("Họ và tên"),
        _("Năm sinh"),
        _("Xã, phường; ấp") if with_commune else _("Ấp, khu phố"),
        _("Chức vụ, vai trò"),
        _("Ký tên"),
    )
    return _table(headers, SIGN_IN_WIDTHS, "clcllc", rows, sign_height_mm=SIGN_IN_ROW_MM)


def sign_in_closing(ctx: common.Context, named: int) -> SigningColumns:
    """The count, then who made the list (left) and the unit's confirmation (right)."""
    settings = ctx.settings
    return SigningColumns(
        left=(Para(_("NGƯỜI LẬP DANH SÁCH"), "signer"), Para(_("(Ký, ghi rõ họ tên)"), "subtitle")),
        right=(
            Para(_("XÁC NHẬN CỦA"), "signer"),
            # the unit's name laid out as in the letterhead: never broken inside its place
            Para(" ".join(settings.unit_name.upper().split()), "office"),
            Para(settings.signer_authority.upper(), "signer"),
            Space(22 * MM),
            Para(settings.signer_name, "signer"),
        ),
        lead=(Para(_("Danh sách có {count} người.").format(count=number(named)), "note"), Space(6)),
    )


def sign_in_document(db: sqlite_utils.Database, ctx: common.Context) -> Document:
    """The sign-in sheet of an event: the people on its list, then blank rows to sign."""
    facts = event_facts(db, common.require_event(ctx))
    rows = _sign_in_rows(db, facts.uid, at_province(ctx))
    named = len(rows) - BLANK_SIGN_IN_ROWS
    event = common.in_sentence(facts.title)
    blocks: list[Block] = [
        common.letterhead(ctx, numbered=False),
        Title(_("Danh sách").upper(), (_("Đại biểu, người tham dự {event}").format(event=event),)),
        _event_subtitle(facts),
        *_commune_subtitle(db, ctx, facts.uid),
        Space(6),
        sign_in_table_block(rows, at_province(ctx)),
        Space(6),
        sign_in_closing(ctx, named),
    ]
    return common.document(
        ctx,
        _("Danh sách ký tên - {event}").format(event=facts.title),
        blocks,
        period=event_when(facts),
    )


def sign_in_table(db: sqlite_utils.Database, ctx: common.Context):
    facts = event_facts(db, common.require_event(ctx))
    people = attendance.participants(db, facts.uid)
    rows: list[tuple] = [
        (int(r[0]), r[1], int(r[2]) if r[2] else None, r[3], r[4], "")
        for r in _sign_in_rows(db, facts.uid)
        if r[1]
    ]
    columns = [
        (_("STT"), "int"),
        (_("Họ và tên"), "text"),
        (_("Năm sinh"), "year"),
        (_("Ấp, khu phố"), "text"),
        (_("Chức vụ, vai trò"), "text"),
        (_("Ký tên"), "text"),
    ]
    if at_province(ctx):  # a commune column first, like the other province lists
        columns.insert(0, (_("Xã, phường"), "text"))
        rows = [(commune_label(p.unit_code), *row) for p, row in zip(people, rows, strict=True)]
    return _("Danh sách ký tên"), columns, rows


# --- commendation list --------------------------------------------------------------------------


@dataclass(frozen=True)
class Commendation:
    recipient: str
    recipient_kind: str
    form: str
    issuer_level: str
    decision_ref: str
    day: str
    quantity: float
    value_vnd: int
    unit_code: str = ""


def commendations(db: sqlite_utils.Database, ctx: common.Context) -> list[Commendation]:
    """The period's commendations: collectives first, then individuals, by form and name."""
    unit_sql, params = figures.unit_sql("o.unit_code", ctx.unit_codes)
    register_sorting(db.conn)
    rows = db.conn.execute(
        f"""SELECT o.recipient, COALESCE(o.recipient_kind, '') AS recipient_kind,
                   i.name AS form, COALESCE(o.issuer_level, '') AS issuer_level,
                   o.decision_ref, COALESCE(o.outcome_date, e.start_date, '') AS day,
                   o.quantity, o.value_vnd, o.unit_code
            FROM outcome o
            JOIN campaign c ON c.uid = o.campaign_uid AND c.code = ? AND c.deleted_at IS NULL
            JOIN indicator i ON i.uid = o.indicator_uid AND i.category = 'commendation'
            LEFT JOIN event e ON e.uid = o.event_uid
            WHERE o.deleted_at IS NULL
              AND {figures.OUTCOME_DAY} BETWEEN ? AND ? {unit_sql}
            ORDER BY o.recipient_kind DESC, i.sort_order, {sort_expression("o.recipient")}, o.id""",
        [ctx.campaign.code, ctx.period.start, ctx.period.end, *params],
    )
    return [Commendation(**dict(row)) for row in rows]


def commendations_document(db: sqlite_utils.Database, ctx: common.Context) -> Document:
    """The period's commendations, one a row, with their sum; at the province, whose they are."""
    items = commendations(db, ctx)
    rows = [
        [
            str(i),
            c.recipient,
            kind_name(c.recipient_kind),
            _("{form} ({level})").format(form=c.form, level=level_name(c.issuer_level).lower()),
            c.decision_ref,
            number(c.quantity),
            number(c.value_vnd) if c.value_vnd else "",
        ]
        for i, c in enumerate(items, start=1)
    ]
    header = [
        _("STT"),
        _("Tên tập thể, cá nhân"),
        _("Đối tượng"),
        _("Hình thức, cấp khen"),
        _("Quyết định khen thưởng"),
        _("Số lượng"),
        _("Tiền thưởng (đồng)"),
    ]
    widths, aligns = [1.1, 3.8, 1.5, 2.6, 3.6, 1.3, 2.1], "clcllrr"
    if many_communes(ctx):
        for row, c in zip(rows, items, strict=True):
            row.insert(1, commune_label(c.unit_code))
        header.insert(1, _("Xã, phường"))
        widths, aligns = [1.0, 2.4, 3.2, 1.4, 2.4, 2.8, 1.2, 2.0], "cllcllrr"
    total = (
        "",
        _("Tổng cộng"),
        *[""] * (len(header) - 4),
        number(sum(c.quantity for c in items)),
        number(sum(c.value_vnd for c in items)),
    )
    count = _("Danh sách có {rows} dòng, tổng cộng {count} lượt khen thưởng.").format(
        rows=number(len(items)), count=number(sum(c.quantity for c in items))
    )
    summary = _("Tập thể, cá nhân được khen thưởng trong {campaign}").format(
        campaign=ctx.campaign.title
    )
    blocks: list[Block] = [
        common.letterhead(ctx, listing=True),
        Title(_("Danh sách").upper(), (summary, common.period_line(ctx))),
        _table(header, widths, aligns, rows, total=total, font_size=11),
        Space(4),
        common.signature(ctx, Para(count, "note")),
    ]
    return common.document(ctx, _("Danh sách khen thưởng"), blocks)


def _table(
    header: Sequence[str],
    widths: Sequence[float],
    aligns: str,
    rows: list[list[str]],
    **options: Any,
) -> Table:
    """A list's table: `aligns` is 'l', 'r' or 'c' a column."""
    columns = zip(header, widths, aligns, strict=True)
    return Table(
        tuple(Column(name, width, cast(Align, align)) for name, width, align in columns),
        tuple(tuple(row) for row in rows),
        **options,
    )


def commendations_table(db: sqlite_utils.Database, ctx: common.Context):
    items = commendations(db, ctx)
    columns = [
        (_("Tên tập thể, cá nhân"), "text"),
        (_("Đối tượng"), "text"),
        (_("Hình thức"), "text"),
        (_("Cấp khen"), "text"),
        (_("Số quyết định"), "text"),
        (_("Ngày"), "date"),
        (_("Số lượng"), "number"),
        (_("Tiền thưởng (đồng)"), "money"),
    ]
    rows: list[tuple] = [  # one more column in front when many communes are listed
        (
            c.recipient,
            kind_name(c.recipient_kind),
            c.form,
            level_name(c.issuer_level),
            c.decision_ref,
            c.day,
            c.quantity,
            c.value_vnd,
        )
        for c in items
    ]
    if many_communes(ctx):
        columns.insert(0, (_("Xã, phường"), "text"))
        rows = [(commune_label(c.unit_code), *row) for c, row in zip(items, rows, strict=True)]
    return _("Danh sách khen thưởng"), columns, rows


# --- register extract ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    full_name: str
    gender: str | None
    birth_year: int | None
    ethnicity: str
    religion: str
    hamlet: str
    position: str
    times: int
    unit_code: str = ""


def register_extract(db: sqlite_utils.Database, ctx: common.Context) -> list[Member]:
    """People of the register who took part in the campaign's held events of the period.

    National ID and phone stay out: the extract is printed and handed round.
    """
    unit_sql, params = figures.unit_sql("e.unit_code", ctx.unit_codes)
    rows = db.conn.execute(
        f"""SELECT p.full_name, p.gender, p.birth_year, COALESCE(eth.name, '') AS ethnicity,
                   COALESCE(rel.name, '') AS religion, COALESCE(h.name, '') AS hamlet,
                   p.position, COUNT(*) AS times, p.unit_code
            FROM attendance a
            JOIN event e ON e.uid = a.event_uid AND e.deleted_at IS NULL AND e.status = 'held'
            JOIN campaign c ON c.uid = e.campaign_uid AND c.code = ? AND c.deleted_at IS NULL
            JOIN person p ON p.uid = a.person_uid AND p.deleted_at IS NULL
            LEFT JOIN hamlet h ON h.uid = p.hamlet_uid
            LEFT JOIN ethnicity eth ON eth.code = p.ethnicity_code
            LEFT JOIN religion rel ON rel.code = p.religion_code
            WHERE a.deleted_at IS NULL AND e.start_date BETWEEN ? AND ? {unit_sql}
            GROUP BY p.uid ORDER BY p.sort_key, p.id""",
        [ctx.campaign.code, ctx.period.start, ctx.period.end, *params],
    )
    return [Member(**dict(row)) for row in rows]


def register_document(db: sqlite_utils.Database, ctx: common.Context) -> Document:
    """Who took part in the period's held events, and how many times; no ID, no phone."""
    members = register_extract(db, ctx)
    rows = [
        [
            str(i),
            m.full_name,
            _gender(m.gender),
            str(m.birth_year or ""),
            m.ethnicity,
            m.religion,
            _where(ctx, m),
            m.position,
            number(m.times),
        ]
        for i, m in enumerate(members, start=1)
    ]
    header = [
        _("STT"),
        _("Họ và tên"),
        _("Giới tính"),
        _("Năm sinh"),
        _("Dân tộc"),
        _("Tôn giáo"),
        _("Xã, phường; ấp") if many_communes(ctx) else _("Ấp, khu phố"),
        _("Chức vụ"),
        _("Số lần tham gia"),
    ]
    widths = [1.1, 3.7, 1.3, 1.3, 1.3, 2.1, 2.2, 2.5, 1.4]
    summary = _("Người tham gia các hoạt động của {campaign}").format(campaign=ctx.campaign.title)
    count = _("Danh sách có {count} người.").format(count=number(len(members)))
    blocks: list[Block] = [
        common.letterhead(ctx, listing=True),
        Title(_("Trích danh sách").upper(), (summary, common.period_line(ctx))),
        _table(header, widths, "cllcllllr", rows, font_size=11),
        Space(4),
        common.signature(ctx, Para(count, "note")),
    ]
    return common.document(ctx, _("Trích danh sách người tham gia"), blocks)


def _where(ctx: common.Context, member: Member) -> str:
    """The hamlet; at the province over all communes, the commune first."""
    if not many_communes(ctx):
        return member.hamlet
    return "; ".join(filter(None, [commune_label(member.unit_code), member.hamlet]))


def register_table(db: sqlite_utils.Database, ctx: common.Context):
    members = register_extract(db, ctx)
    columns = [
        (_("Họ và tên"), "text"),
        (_("Giới tính"), "text"),
        (_("Năm sinh"), "year"),
        (_("Dân tộc"), "text"),
        (_("Tôn giáo"), "text"),
        (_("Ấp, khu phố"), "text"),
        (_("Chức vụ"), "text"),
        (_("Số lần tham gia"), "int"),
    ]
    rows: list[tuple] = [  # one more column in front when many communes are listed
        (
            m.full_name,
            _gender(m.gender),
            m.birth_year,
            m.ethnicity,
            m.religion,
            m.hamlet,
            m.position,
            m.times,
        )
        for m in members
    ]
    if many_communes(ctx):
        columns.insert(0, (_("Xã, phường"), "text"))
        rows = [(commune_label(m.unit_code), *row) for m, row in zip(members, rows, strict=True)]
    return _("Trích danh sách"), columns, rows

"""Danh sách: the sign-in sheet of an event, the commendation list and the register extract."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop.core import attendance
from desktop.core.i18n import N_, _
from desktop.core.reports import common, layout, statistics
from desktop.core.reports.event_sheet import EventFacts, event_facts
from desktop.core.reports.numbers import number, short_date
from desktop.core.reports.statistics import kind_name, level_name
from desktop.core.text import register_sorting, sort_expression

if TYPE_CHECKING:
    import sqlite_utils

SIGN_IN, COMMENDATIONS, REGISTER = "ky-ten", "khen-thuong", "trich-danh-sach"
BLANK_SIGN_IN_ROWS = 5  # for people who come without being on the list
GENDERS = {"nam": N_("Nam"), "nu": N_("Nữ")}


def _gender(code: str | None) -> str:
    return _(GENDERS[code]) if code in GENDERS else ""


# --- sign-in sheet ------------------------------------------------------------------------------


def _sign_in_rows(db: sqlite_utils.Database, event_uid: str) -> list[list[str]]:
    role_names = dict(attendance.roles())
    rows = [
        [
            str(i),
            p.full_name,
            str(p.birth_year or ""),
            p.hamlet_name,
            p.position or role_names.get(p.role, ""),
            "",
        ]
        for i, p in enumerate(attendance.participants(db, event_uid), start=1)
    ]
    start = len(rows) + 1
    rows += [[str(i), "", "", "", "", ""] for i in range(start, start + BLANK_SIGN_IN_ROWS)]
    return rows


def _event_subtitle(facts: EventFacts) -> Paragraph:
    when = short_date(facts.start_date)
    if facts.end_date and facts.end_date != facts.start_date:
        when = _("{start} đến {end}").format(start=when, end=short_date(facts.end_date))
    line = _("Thời gian: {when}; địa điểm: {place}").format(
        when=when, place=facts.place or facts.hamlet_name or _("chưa ghi")
    )
    return Paragraph(layout.text(line), layout.styles()["subtitle"])


def sign_in_pdf(db: sqlite_utils.Database, ctx: common.Context) -> bytes:
    facts = event_facts(db, common.require_event(ctx))
    rows = _sign_in_rows(db, facts.uid)
    named = len(rows) - BLANK_SIGN_IN_ROWS
    story: list[Flowable] = [
        common.letterhead(ctx, numbered=False),
        *layout.title_block(
            _("Danh sách"), [_("Đại biểu, người tham dự {event}").format(event=facts.title)]
        ),
        _event_subtitle(facts),
        Spacer(1, 6),
        layout.data_table(
            [
                _("STT"),
                _("Họ và tên"),
                _("Năm sinh"),
                _("Ấp, khu phố"),
                _("Chức vụ, vai trò"),
                _("Ký tên"),
            ],
            rows,
            layout.fractions(layout.PORTRAIT, 1.0, 4.4, 1.5, 2.8, 3.3, 2.8),
            "clcllc",
            min_row_height=1.0 * cm,
        ),
        Spacer(1, 6),
        Paragraph(
            layout.text(_("Danh sách có {count} người.").format(count=number(named))),
            layout.styles()["note"],
        ),
    ]
    return layout.render(
        story,
        title=_("Danh sách ký tên - {event}").format(event=facts.title),
        author=common.author(ctx),
    )


def sign_in_table(db: sqlite_utils.Database, ctx: common.Context):
    facts = event_facts(db, common.require_event(ctx))
    rows = [
        (int(r[0]), r[1], int(r[2]) if r[2] else None, r[3], r[4], "")
        for r in _sign_in_rows(db, facts.uid)
        if r[1]
    ]
    columns = [
        (_("STT"), "int"),
        (_("Họ và tên"), "text"),
        (_("Năm sinh"), "int"),
        (_("Ấp, khu phố"), "text"),
        (_("Chức vụ, vai trò"), "text"),
        (_("Ký tên"), "text"),
    ]
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


def commendations(db: sqlite_utils.Database, ctx: common.Context) -> list[Commendation]:
    """The period's commendations: collectives first, then individuals, by form and name."""
    unit_sql, params = statistics.unit_sql("o.unit_code", ctx.unit_codes)
    register_sorting(db.conn)
    rows = db.conn.execute(
        f"""SELECT o.recipient, COALESCE(o.recipient_kind, '') AS recipient_kind,
                   i.name AS form, COALESCE(o.issuer_level, '') AS issuer_level,
                   o.decision_ref, COALESCE(o.outcome_date, e.start_date, '') AS day,
                   o.quantity, o.value_vnd
            FROM outcome o
            JOIN campaign c ON c.uid = o.campaign_uid AND c.code = ? AND c.deleted_at IS NULL
            JOIN indicator i ON i.uid = o.indicator_uid AND i.category = 'commendation'
            LEFT JOIN event e ON e.uid = o.event_uid
            WHERE o.deleted_at IS NULL
              AND COALESCE(o.outcome_date, e.start_date, substr(o.created_at, 1, 10))
                  BETWEEN ? AND ? {unit_sql}
            ORDER BY o.recipient_kind DESC, i.sort_order, {sort_expression("o.recipient")}, o.id""",
        [ctx.campaign.code, ctx.period.start, ctx.period.end, *params],
    )
    return [Commendation(**dict(row)) for row in rows]


def commendations_pdf(db: sqlite_utils.Database, ctx: common.Context) -> bytes:
    items = commendations(db, ctx)
    rows = [
        [
            str(i),
            c.recipient,
            kind_name(c.recipient_kind),
            _("{form} ({level})").format(form=c.form, level=level_name(c.issuer_level).lower()),
            c.decision_ref,
            number(c.value_vnd) if c.value_vnd else "",
        ]
        for i, c in enumerate(items, start=1)
    ]
    total = [
        "",
        _("Tổng cộng: {count} lượt").format(count=number(len(items))),
        "",
        "",
        "",
        number(sum(c.value_vnd for c in items)),
    ]
    story: list[Flowable] = [
        common.letterhead(ctx),
        *layout.title_block(
            _("Danh sách"),
            [
                _("Tập thể, cá nhân được khen thưởng trong {campaign}").format(
                    campaign=ctx.campaign.title
                ),
                ctx.period.label[:1].upper() + ctx.period.label[1:],
            ],
        ),
        layout.data_table(
            [
                _("STT"),
                _("Tên tập thể, cá nhân"),
                _("Đối tượng"),
                _("Hình thức, cấp khen"),
                _("Quyết định khen thưởng"),
                _("Tiền thưởng (đồng)"),
            ],
            rows,
            layout.fractions(layout.PORTRAIT, 1.1, 4.0, 1.5, 2.6, 4.6, 2.2),
            "clcllr",
            total=total,
            font_size=11,
        ),
        common.signature(ctx),
    ]
    return layout.render(story, title=_("Danh sách khen thưởng"), author=common.author(ctx))


def commendations_table(db: sqlite_utils.Database, ctx: common.Context):
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
    rows = [
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
        for c in commendations(db, ctx)
    ]
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


def register_extract(db: sqlite_utils.Database, ctx: common.Context) -> list[Member]:
    """People of the register who took part in the campaign's held events of the period.

    National ID and phone stay out: the extract is printed and handed round.
    """
    unit_sql, params = statistics.unit_sql("e.unit_code", ctx.unit_codes)
    rows = db.conn.execute(
        f"""SELECT p.full_name, p.gender, p.birth_year, COALESCE(eth.name, '') AS ethnicity,
                   COALESCE(rel.name, '') AS religion, COALESCE(h.name, '') AS hamlet,
                   p.position, COUNT(*) AS times
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


def register_pdf(db: sqlite_utils.Database, ctx: common.Context) -> bytes:
    members = register_extract(db, ctx)
    rows = [
        [
            str(i),
            m.full_name,
            _gender(m.gender),
            str(m.birth_year or ""),
            m.ethnicity,
            m.religion,
            m.hamlet,
            m.position,
            number(m.times),
        ]
        for i, m in enumerate(members, start=1)
    ]
    story: list[Flowable] = [
        common.letterhead(ctx),
        *layout.title_block(
            _("Trích danh sách"),
            [
                _("Người tham gia các hoạt động của {campaign}").format(
                    campaign=ctx.campaign.title
                ),
                ctx.period.label[:1].upper() + ctx.period.label[1:],
            ],
        ),
        layout.data_table(
            [
                _("STT"),
                _("Họ và tên"),
                _("Giới tính"),
                _("Năm sinh"),
                _("Dân tộc"),
                _("Tôn giáo"),
                _("Ấp, khu phố"),
                _("Chức vụ"),
                _("Số lần tham gia"),
            ],
            rows,
            layout.fractions(layout.PORTRAIT, 1.1, 3.7, 1.3, 1.3, 1.3, 2.1, 2.2, 2.5, 1.4),
            "cllcllllr",
            font_size=11,
        ),
        Spacer(1, 4),
        Paragraph(
            layout.text(_("Danh sách có {count} người.").format(count=number(len(members)))),
            layout.styles()["note"],
        ),
        common.signature(ctx),
    ]
    return layout.render(
        story, title=_("Trích danh sách người tham gia"), author=common.author(ctx)
    )


def register_table(db: sqlite_utils.Database, ctx: common.Context):
    columns = [
        (_("Họ và tên"), "text"),
        (_("Giới tính"), "text"),
        (_("Năm sinh"), "int"),
        (_("Dân tộc"), "text"),
        (_("Tôn giáo"), "text"),
        (_("Ấp, khu phố"), "text"),
        (_("Chức vụ"), "text"),
        (_("Số lần tham gia"), "int"),
    ]
    rows = [
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
        for m in register_extract(db, ctx)
    ]
    return _("Trích danh sách"), columns, rows

"""Báo cáo kết quả: the results of a campaign over a period, with the officer's assessment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core import audit, figures
from desktop.core.figures import Statistics
from desktop.core.i18n import _
from desktop.core.reports import common
from desktop.core.reports.document import (
    Block,
    Chart,
    Column,
    Document,
    NeedSpace,
    Para,
    Space,
    Table,
    Title,
    narrative,
)
from desktop.core.reports.numbers import ROMAN, money, number
from desktop.core.reports.settings import load_narrative, narrative_slot

if TYPE_CHECKING:
    import sqlite_utils

KIND = "ket-qua"


def compute(db: sqlite_utils.Database, ctx: common.Context) -> Statistics:
    """The figures of the rows the report counts: a commune's own, or at the province all
    communes' (or the one chosen)."""
    scope = figures.scope_for(ctx.campaign, ctx.period, ctx.unit_codes)
    return figures.compute(db, scope, chart_from=ctx.campaign.start_date)


def summary_lines(ctx: common.Context) -> list[str]:
    what = _("Kết quả thực hiện {campaign}").format(campaign=ctx.campaign.title)
    if ctx.request.unit_code:
        what = _("{what} của {commune}").format(
            what=what, commune=common.commune_name(ctx.request.unit_code)
        )
    return [what, common.period_line(ctx)]


def opening(ctx: common.Context) -> Para:
    """'Thực hiện <legal basis>; <provincial plan>, <unit> báo cáo …': both cited when known."""
    cited = "; ".join(
        part for part in (ctx.campaign.legal_basis, ctx.campaign.plan_citation) if part
    )
    if cited:
        sentence = _(
            "Thực hiện {basis}, {unit} báo cáo kết quả thực hiện {campaign}, {period} như sau:"
        ).format(
            basis=cited,
            unit=ctx.unit_sentence,
            campaign=ctx.campaign.title,
            period=ctx.period.label,
        )
    else:
        sentence = _("{unit} báo cáo kết quả thực hiện {campaign}, {period} như sau:").format(
            unit=ctx.unit_sentence, campaign=ctx.campaign.title, period=ctx.period.label
        )
    return Para(sentence)


def overview_paragraph(stats: Statistics) -> Para:
    totals = stats.totals
    sentence = _(
        "Trong kỳ báo cáo đã tổ chức {commune} ngày hội ở cấp xã, {hamlet} ngày hội ở ấp, "
        "khu phố, {agency} ngày hội ở cơ quan, doanh nghiệp, {school} ngày hội ở nhà trường và "
        "tổng cộng {held} hoạt động, thu hút {participants} lượt người tham gia, trong đó "
        "{women} lượt phụ nữ, {youth} lượt thanh niên, {ethnic} lượt đồng bào dân tộc thiểu số, "
        "{religious} lượt chức sắc, tín đồ tôn giáo, {students} lượt học sinh, sinh viên."
    ).format(
        commune=number(totals.festivals_commune),
        hamlet=number(totals.festivals_hamlet),
        agency=number(totals.festivals_agency),
        school=number(totals.festivals_school),
        held=number(totals.events_held),
        participants=number(totals.participants),
        women=number(totals.women),
        youth=number(totals.youth),
        ethnic=number(totals.ethnic),
        religious=number(totals.religious),
        students=number(totals.students),
    )
    return Para(sentence)


def _valued(template: str, quantity: float, value: int) -> str:
    text = template.format(count=number(quantity))
    return _("{what} trị giá {value}").format(what=text, value=money(value)) if value else text


def _counted(template: str, quantity: float) -> tuple[float, str]:
    return quantity, template.format(count=number(quantity))


def _handed_in(weapons: float, explosives: float, tools: float) -> tuple[float, str]:
    """One clause, each unit on its own: "… 7 khẩu vũ khí, 0,9 kg vật liệu nổ, 17 công cụ …"."""
    parts = [
        template.format(count=number(amount))
        for amount, template in (
            (weapons, _("{count} khẩu vũ khí")),
            (explosives, _("{count} kg vật liệu nổ")),
            (tools, _("{count} công cụ hỗ trợ")),
        )
        if amount
    ]
    text = _("vận động giao nộp {items}").format(items=", ".join(parts)) if parts else ""
    return len(parts), text


def outcome_clauses(stats: Statistics) -> list[str]:
    """Every non-zero outcome figure in a clause, each unit on its own (7 khẩu, 0,9 kg)."""
    t = stats.totals
    clauses = [
        (
            t.commendations,
            _valued(
                _("khen thưởng {count} lượt tập thể, cá nhân"),
                t.commendations,
                t.commendations_value,
            ),
        ),
        (t.gifts, _valued(_("trao {count} suất quà"), t.gifts, t.gifts_value)),
        _counted(_("ra mắt, củng cố {count} mô hình, tổ, đội tự quản"), t.models),
        (t.works, _valued(_("thực hiện {count} công trình chào mừng"), t.works, t.works_value)),
        _counted(_("{count} hộ gia đình ký cam kết"), t.pledges),
        _counted(
            _("{count} cơ quan, doanh nghiệp, nhà trường ký giao ước thi đua"), t.pledge_units
        ),
        _counted(_("tiếp nhận {count} tin báo, tố giác của quần chúng"), t.tips),
        _handed_in(t.weapons, t.explosives, t.tools),
        _counted(_("đăng {count} tin, bài"), t.media_news),
        _counted(_("thực hiện {count} phóng sự"), t.media_reports),
        _counted(_("treo {count} pa-nô, áp phích, băng rôn"), t.media_posters),
        _counted(_("tổ chức {count} buổi tuyên truyền"), t.media_sessions),
        _counted(
            _("ghi nhận thêm {count} lượt người tham gia theo chỉ tiêu kết quả"),
            t.participants_reported,
        ),
        (t.funds_value, _("vận động xã hội hóa {value}").format(value=money(t.funds_value))),
    ]
    return [text for amount, text in clauses if amount]


def outcomes_paragraph(stats: Statistics) -> Para:
    clauses = outcome_clauses(stats)
    if clauses:
        sentence = "; ".join(clauses) + "."
        sentence = sentence[:1].upper() + sentence[1:]
    else:
        sentence = _("Trong kỳ chưa ghi nhận kết quả khen thưởng, tặng quà và các kết quả khác.")
    return Para(sentence)


def statistics_table(stats: Statistics) -> Table:
    """Every figure of `figures.lines`, grouped by section: the table the tests read back."""
    rows: list[list[str]] = []
    sections: list[int] = []
    section: str | None = None
    serial = 0
    for line in figures.lines(stats):
        if line.section != section:
            section, serial = line.section, 0
            sections.append(len(rows))
            rows.append([_roman(len(sections)), line.section, "", "", ""])
        serial += 1
        value = "" if line.value_vnd is None else number(line.value_vnd)
        rows.append([str(serial), line.label, line.unit_label, number(line.quantity), value])
    return Table(
        (
            Column(_("STT"), 1.1, "c"),
            Column(_("Nội dung"), 6.6),
            Column(_("Đơn vị tính"), 2.4, "c"),
            Column(_("Số lượng"), 1.9, "r"),
            Column(_("Giá trị (đồng)"), 2.8, "r"),
        ),
        tuple(tuple(row) for row in rows),
        sections=tuple(sections),
    )


def _roman(index: int) -> str:
    return ROMAN[index - 1] if index <= len(ROMAN) else str(index)


def commendations_table(stats: Statistics) -> Table | None:
    if not stats.commendations:
        return None
    rows = tuple(
        (
            str(i),
            line.form,
            figures.level_name(line.issuer_level),
            figures.kind_name(line.recipient_kind),
            number(line.quantity),
            number(line.value_vnd) if line.value_vnd else "",
        )
        for i, line in enumerate(stats.commendations, start=1)
    )
    total = (
        "",
        _("Tổng cộng"),
        "",
        "",
        number(sum(c.quantity for c in stats.commendations)),
        number(sum(c.value_vnd for c in stats.commendations)),
    )
    return Table(
        (
            Column(_("STT"), 1.1, "c"),
            Column(_("Hình thức"), 5.0),
            Column(_("Cấp khen"), 2.6),
            Column(_("Đối tượng"), 2.0, "c"),
            Column(_("Số lượng"), 1.9, "r"),
            Column(_("Tiền thưởng (đồng)"), 2.8, "r"),
        ),
        rows,
        total=total,
    )


def chart_block(stats: Statistics) -> Chart:
    return Chart(_("Biểu đồ: Lượt người tham gia theo tháng"), tuple(stats.per_month))


def body(
    db: sqlite_utils.Database,
    ctx: common.Context,
    stats: Statistics,
    first_section: tuple[str, list[Para]] | None = None,
) -> list[Block]:
    """The opening, the figures and the officer's assessment; shared with the consolidated.

    `first_section` (title, content) comes before the figures, e.g. the province's
    completeness; the sections are numbered I., II., … in order.
    """
    numerals = iter(ROMAN)

    def section(title: str) -> Para:
        return Para(f"{next(numerals)}. {title.upper()}", "heading1")

    blocks: list[Block] = [opening(ctx)]
    if first_section is not None:
        blocks += [section(first_section[0]), *first_section[1]]
    blocks += [
        section(_("Kết quả thực hiện")),
        Para(_("1. Tổ chức Ngày hội và các hoạt động"), "heading2"),
        overview_paragraph(stats),
        Para(_("2. Khen thưởng và các kết quả khác"), "heading2"),
        outcomes_paragraph(stats),
        NeedSpace(50),
        Para(_("3. Biểu số liệu"), "table_heading"),
        statistics_table(stats),
        Space(8),
    ]
    commendations = commendations_table(stats)
    if commendations is not None:
        blocks += [
            NeedSpace(50),
            Para(_("4. Khen thưởng theo hình thức, cấp khen và đối tượng"), "table_heading"),
            commendations,
            Space(8),
        ]
    blocks.append(chart_block(stats))
    text = ctx.request.narrative
    if text is None:
        slot = narrative_slot(ctx.period.code, ctx.request.unit_code)
        text = load_narrative(db, ctx.request.kind, ctx.campaign.uid, slot)
    if text.strip():
        blocks.append(section(_("Nhận xét, đánh giá và kiến nghị")))
        blocks += narrative(text)
    return blocks


def build_document(db: sqlite_utils.Database, ctx: common.Context) -> Document:
    """The results report: letterhead, title, body and signature, with the audit head below."""
    stats = compute(db, ctx)
    closing = common.closing_line(
        ctx,
        _("báo cáo kết quả thực hiện {campaign}, {period}").format(
            campaign=ctx.campaign.title, period=ctx.period.label
        ),
    )
    blocks: list[Block] = [
        common.letterhead(ctx),
        Title(_("Báo cáo").upper(), tuple(summary_lines(ctx))),
        *body(db, ctx, stats),
        common.signature(ctx, closing),
    ]
    return common.document(
        ctx,
        _("Báo cáo kết quả - {period}").format(period=ctx.period.label),
        blocks,
        footer=audit_footer(db),
    )


def audit_footer(db: sqlite_utils.Database) -> str:
    """The audit head when the report was made: the signed paper anchors the chain too.

    The province compares it with the head the month's bundle carried (docs/figures.md).
    """
    head = audit.head(db)
    if head is None:
        return ""
    entry, digest = head
    return _("Nhật ký thao tác: mục số {entry}, mã {digest}").format(
        entry=entry, digest=digest[:12]
    )


def table(db: sqlite_utils.Database, ctx: common.Context) -> list[tuple]:
    """Every table of the PDF for .xlsx, a sheet each, with the same lines and numbers."""
    stats = compute(db, ctx)
    columns = [
        (_("Mục"), "text"),
        (_("Nội dung"), "text"),
        (_("Đơn vị tính"), "text"),
        (_("Số lượng"), "number"),
        (_("Giá trị (đồng)"), "money"),
    ]
    rows = [
        (line.section, line.label, line.unit_label, line.quantity, line.value_vnd)
        for line in figures.lines(stats)
    ]
    sheets: list[tuple] = [(_("Số liệu kết quả"), columns, rows)]
    commendation_columns = [
        (_("Hình thức"), "text"),
        (_("Cấp khen"), "text"),
        (_("Đối tượng"), "text"),
        (_("Số lượng"), "number"),
        (_("Tiền thưởng (đồng)"), "money"),
    ]
    commendation_rows = [
        (
            line.form,
            figures.level_name(line.issuer_level),
            figures.kind_name(line.recipient_kind),
            line.quantity,
            line.value_vnd,
        )
        for line in stats.commendations
    ]
    if commendation_rows:
        commendation_rows.append(
            (
                _("Tổng cộng"),
                "",
                "",
                sum(line.quantity for line in stats.commendations),
                sum(line.value_vnd for line in stats.commendations),
            )
        )
    sheets.append((_("Khen thưởng"), commendation_columns, commendation_rows))
    month_columns = [(_("Tháng"), "text"), (_("Lượt người tham gia"), "int")]
    month_rows = [(f"{month[5:]}/{month[:4]}", count) for month, count in stats.per_month]
    sheets.append((_("Lượt người theo tháng"), month_columns, month_rows))
    return sheets

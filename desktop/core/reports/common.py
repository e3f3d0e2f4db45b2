"""What every report shares: the request, the letterhead, the closing and the signature.

The letterhead, the closing line and the signature are blocks of `document`; nothing here draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core import campaigns, office, units
from desktop.core.campaigns import Campaign
from desktop.core.errors import UserError
from desktop.core.i18n import _
from desktop.core.reports import numbers, periods
from desktop.core.reports.document import Block, Document, Letterhead, Para, Signature
from desktop.core.reports.periods import Period
from desktop.core.reports.request import ReportRequest
from desktop.core.reports.settings import ReportSettings, load

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class Context:
    """The request resolved against the database."""

    request: ReportRequest
    settings: ReportSettings
    campaign: Campaign
    period: Period
    unit: office.Unit

    @property
    def unit_codes(self) -> tuple[str, ...] | None:
        """Whose rows the report counts: a commune its own, the province all or the chosen one."""
        if self.request.unit_code:
            return (self.request.unit_code,)
        return (self.unit.code,) if self.unit.level == "commune" else None

    @property
    def unit_sentence(self) -> str:
        """The issuing body inside a sentence: 'Công an xã Mỹ Hòa Hưng'."""
        return sentence_case(self.settings.unit_name)


_TYPE_WORDS = ("xã", "phường", "tỉnh", "đặc khu", "thành phố", "huyện", "quận")


def sentence_case(name: str) -> str:
    """'CÔNG AN XÃ MỸ HÒA HƯNG' → 'Công an xã Mỹ Hòa Hưng': the place name keeps its capitals."""
    name = " ".join(name.split())
    if not name.isupper():
        return name
    lower = name.lower()
    for word in _TYPE_WORDS:
        at = lower.find(f" {word} ")
        if at >= 0:
            head = lower[: at + len(word) + 1]
            tail = name[at + len(word) + 2 :].title()
            return f"{head[:1].upper()}{head[1:]} {tail}"
    words = [w if any(c.isdigit() for c in w) else w.lower() for w in name.split()]
    if len(words) > 1 and words[0] in ("phòng", "cục", "ban"):  # "Phòng Xây dựng phong trào …"
        words[1] = words[1][:1].upper() + words[1][1:]
    sentence = " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])
    return sentence.replace("tổ quốc", "Tổ quốc")  # a proper noun in any office's name


# Opening words that name something (the festival, the police, the fatherland) keep their capital.
_NAMES_AT_START = ("ngày hội", "công an", "tổ quốc", "đảng", "bác hồ", "ủy ban", "ubnd")


def in_sentence(title: str) -> str:
    """An event title as typed, placed inside a sentence ("Kết quả tổ chức phần lễ Ngày hội …").

    Only an ordinary first word loses its capital ("Phần lễ …", "Họp dân …"); the rest stays
    as the officer typed it, never upper- or title-cased. A title that opens with a name
    ("Ngày hội …", "Hội Phụ nữ …", "ANTQ …", "Công an xã …") or is typed in capitals keeps it.
    """
    title = " ".join(title.split())
    words = title.split(" ")
    first = words[0] if words else ""
    if len(words) < 2 or not first[:1].isupper() or not first[1:].islower():
        return title  # one word, a lower-case start, an acronym or a word with digits
    if not words[1][:1].islower() or title.lower().startswith(_NAMES_AT_START):
        return title
    return first[:1].lower() + title[1:]


def check_scope(request: ReportRequest, unit: office.Unit) -> None:
    """Refuse, in words, a report this office cannot make: the window and the CLI both call it.

    The consolidated report is the province's; a commune's database holds only its own rows,
    so `--commune` there names itself or nothing; at the province it names one of its communes,
    and the consolidated report is always over all of them.
    """
    from desktop.core.reports.kinds import kind

    report = kind(request.kind)
    if report.province_only and unit.level != "province":
        raise UserError(
            _("“{title}” chỉ lập ở Công an tỉnh, trên dữ liệu tổng hợp từ các xã.").format(
                title=_(report.title)
            ),
            f"report {request.kind} refused on a {unit.level} database",
        )
    code = request.unit_code
    if not code:
        return
    if report.province_only:
        raise UserError(
            _(
                "Báo cáo tổng hợp luôn gồm mọi xã, phường của tỉnh; để báo cáo riêng một xã, "
                "chọn “Báo cáo kết quả” và chọn xã."
            ),
            f"report {request.kind} refused with --commune {code}",
        )
    if unit.level == "commune" and code != unit.code:
        raise UserError(
            _("Tệp dữ liệu này là của {unit}, không có số liệu của đơn vị mã {code}.").format(
                unit=unit.name, code=code
            ),
            f"--commune {code} on the database of {unit.code}",
        )
    if unit.level == "province" and code not in {d.code for d in units.communes(unit.code)}:
        raise UserError(
            _("Mã {code} không phải là xã, phường, đặc khu của {unit}.").format(
                code=code, unit=unit.name
            ),
            f"--commune {code} not in province {unit.code}",
        )


def resolve(
    db: sqlite_utils.Database, request: ReportRequest, settings: ReportSettings | None = None
) -> Context:
    unit = office.self_unit(db)
    check_scope(request, unit)
    campaign = campaigns.get(db, request.campaign_uid)
    return Context(
        request=request,
        settings=settings or load(db),
        campaign=campaign,
        period=periods.parse(request.period, campaign, request.day),
        unit=unit,
    )


def letterhead(ctx: Context, *, numbered: bool = True, listing: bool = False) -> Letterhead:
    """The office's names in capitals as printed, the number ('DS-…' for a list) and the date."""
    settings = ctx.settings
    symbol = list_symbol(settings.symbol) if listing else settings.symbol
    number = numbers.document_number(ctx.request.serial, symbol) if numbered else None
    return Letterhead(
        parent_body=" ".join(settings.parent_body.upper().split()),
        unit_name=" ".join(settings.unit_name.upper().split()),
        number_line=number,
        place_date=numbers.place_date(settings.place, ctx.request.day),
    )


def signature(ctx: Context, *lead: Para) -> Signature:
    """The recipients and the signature, kept on one page with `lead` (the last paragraph or
    the list's closing line): a signature never stands alone on a page."""
    settings = ctx.settings
    return Signature(
        authority=settings.signer_authority.upper(),
        position=settings.signer_position.upper(),
        signer_name=settings.signer_name,
        recipients=tuple(settings.recipients),
        lead=lead,
    )


def list_symbol(symbol: str) -> str:
    """A list's symbol: 'DS-CAX' for the reports' 'BC-CAX' (Decree 30: DS is a danh sách)."""
    kind, dash, rest = symbol.partition("-")
    return f"DS-{rest}" if dash and kind.upper() == "BC" else f"DS-{symbol}"


def closing_line(ctx: Context, what: str) -> Para:
    """'Trên đây là báo cáo … của Công an xã …./.': the sentence that ends the body."""
    return Para(_("Trên đây là {what} của {unit}./.").format(what=what, unit=ctx.unit_sentence))


def author(ctx: Context) -> str:
    return ctx.unit_sentence


def commune_name(code: str) -> str:
    """'xã An Biên': the commune inside a sentence (its code when it is not official)."""
    try:
        name = units.commune(code).name
    except KeyError:
        return code
    return name[:1].lower() + name[1:]


def document(
    ctx: Context, title: str, blocks: list[Block], *, period: str = "", footer: str = ""
) -> Document:
    """A report's document: by this office, about its unit (or the one commune chosen at the
    province: 'Xã An Châu'), over the request's period unless `period` says otherwise (an
    event's date)."""
    unit = ctx.unit_sentence
    if ctx.request.unit_code:
        commune = commune_name(ctx.request.unit_code)
        unit = commune[:1].upper() + commune[1:]
    return Document(
        title=title,
        author=author(ctx),
        unit=unit,
        period=period or ctx.period.label,
        blocks=tuple(blocks),
        footer=footer,
    )


def period_line(ctx: Context) -> str:
    """The period as a title line: 'Tháng 8 năm 2026'."""
    return ctx.period.label[:1].upper() + ctx.period.label[1:]


def require_event(ctx: Context) -> str:
    """The event the report is about; UserError when none was chosen."""
    if not ctx.request.event_uid:
        raise UserError(_("Hãy chọn sự kiện cho báo cáo này."), "report needs an event")
    return ctx.request.event_uid

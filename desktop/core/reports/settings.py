"""What the officer fills once for every report (issuing body, symbol, signer, recipients).

Kept in the `meta` table as one JSON value and proposed again next time; until the officer saves
them, sensible defaults are derived from this office (commune or province). The narrative the
officer types for a results report is kept there too, per report, campaign and period.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING

from desktop.core import audit, office
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.text import clean

if TYPE_CHECKING:
    import sqlite_utils

SETTINGS_KEY = "report_settings"
_NARRATIVE_PREFIX = "report_narrative"
_TYPE_WORDS = ("thành phố ", "tỉnh ", "xã ", "phường ", "đặc khu ")
MAX_NARRATIVE = 20_000


@dataclass
class ReportSettings:
    parent_body: str = ""
    unit_name: str = ""
    symbol: str = ""
    place: str = ""
    signer_authority: str = ""
    signer_position: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)


def proper_name(name: str) -> str:
    """'Xã Mỹ Hòa Hưng' → 'Mỹ Hòa Hưng': the place name Decree 30 writes before the date."""
    for word in _TYPE_WORDS:
        if name.lower().startswith(word):
            return name[len(word) :]
    return name


def province_title(name: str) -> str:
    """'An Giang' → 'tỉnh An Giang'; 'Thành phố Hà Nội' → 'thành phố Hà Nội'."""
    if name.lower().startswith(("tỉnh ", "thành phố ")):
        return name[:1].lower() + name[1:]
    return _("tỉnh {name}").format(name=name)


def defaults(db: sqlite_utils.Database) -> ReportSettings:
    """What a commune police or the province's PV05 office usually writes."""
    unit = office.self_unit(db)
    if unit.level == "province":
        return ReportSettings(
            parent_body=_("CÔNG AN {province}").format(province=province_title(unit.name).upper()),
            unit_name=_("PHÒNG XÂY DỰNG PHONG TRÀO BẢO VỆ AN NINH TỔ QUỐC"),
            symbol=_("BC-PV05"),
            place=proper_name(unit.name),
            signer_authority=office.get_meta(db, office.SIGNER_POSITION_KEY) or _("TRƯỞNG PHÒNG"),
            signer_name=unit.head_name,
            recipients=[_("Công an tỉnh (để báo cáo)"), _("Lưu: VT, PV05")],
        )
    ward = unit.name.lower().startswith("phường")
    return ReportSettings(
        parent_body=_("CÔNG AN {province}").format(
            province=province_title(unit.parent_name).upper()
        ),
        unit_name=_("CÔNG AN {commune}").format(commune=unit.name.upper()),
        symbol=_("BC-CAP") if ward else _("BC-CAX"),
        place=proper_name(unit.name),
        signer_authority=_("TRƯỞNG CÔNG AN PHƯỜNG") if ward else _("TRƯỞNG CÔNG AN XÃ"),
        signer_name=unit.head_name,
        recipients=[
            _("Công an tỉnh (PV05)"),
            _("Đảng ủy, UBND {commune}").format(commune=unit.name.lower().split(" ")[0]),
            _("Lưu: VT"),
        ],
    )


def load(db: sqlite_utils.Database) -> ReportSettings:
    """The saved settings, or the defaults for this office."""
    saved = office.get_meta(db, SETTINGS_KEY)
    if not saved:
        return defaults(db)
    values = json.loads(saved)
    known = {f.name for f in fields(ReportSettings)}
    return ReportSettings(**{key: value for key, value in values.items() if key in known})


def validate(settings: ReportSettings) -> ReportSettings:
    cleaned = ReportSettings(
        **{
            f.name: clean(getattr(settings, f.name))
            for f in fields(ReportSettings)
            if f.name != "recipients"
        },
        recipients=[clean(line).strip("-;. ") for line in settings.recipients if clean(line)],
    )
    errors = {}
    if not cleaned.unit_name:
        errors["unit_name"] = _("Hãy nhập tên cơ quan ban hành báo cáo.")
    if not cleaned.symbol or " " in cleaned.symbol:
        errors["symbol"] = _("Ký hiệu văn bản viết liền, không dấu cách, ví dụ BC-CAX.")
    if not cleaned.place:
        errors["place"] = _("Hãy nhập địa danh ghi trước ngày tháng.")
    if not cleaned.signer_authority:
        errors["signer_authority"] = _("Hãy nhập thẩm quyền ký, ví dụ TRƯỞNG CÔNG AN XÃ.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def save(db: sqlite_utils.Database, settings: ReportSettings) -> ReportSettings:
    cleaned = validate(settings)
    with audit.action(db, Permission.EDIT_RECORDS, "office.settings", cleaned.signer_name) as entry:
        entry.detail["report_settings"] = asdict(cleaned)
        office.set_meta(db, SETTINGS_KEY, json.dumps(asdict(cleaned), ensure_ascii=False))
    return cleaned


def narrative_slot(period_code: str, unit_code: str | None = None) -> str:
    """Where a narrative is kept: per period, and per commune when the province chose one."""
    return f"{period_code}/{unit_code}" if unit_code else period_code


def _narrative_key(kind: str, campaign_uid: str, period: str) -> str:
    return f"{_NARRATIVE_PREFIX}/{kind}/{campaign_uid}/{period}"


def load_narrative(db: sqlite_utils.Database, kind: str, campaign_uid: str, period: str) -> str:
    return office.get_meta(db, _narrative_key(kind, campaign_uid, period), "") or ""


def save_narrative(
    db: sqlite_utils.Database, kind: str, campaign_uid: str, period: str, text: str
) -> None:
    text = "\n".join(clean(line) for line in (text or "").splitlines()).strip()
    if len(text) > MAX_NARRATIVE:
        raise ValidationError(
            {
                "narrative": _("Phần đánh giá quá dài (tối đa {limit} ký tự).").format(
                    limit=MAX_NARRATIVE
                )
            }
        )
    key = _narrative_key(kind, campaign_uid, period)
    with audit.action(db, Permission.EDIT_RECORDS, "office.settings", key) as entry:
        entry.detail.update(before=load_narrative(db, kind, campaign_uid, period), after=text)
        office.set_meta(db, key, text)

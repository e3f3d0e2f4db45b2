"""Campaigns (kế hoạch): a period, a deadline, its event types and its indicators.

A new year is a new campaign, made from the festival template in resources/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from desktop.core import audit, catalogues, formats, records
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.session import Permission

if TYPE_CHECKING:
    import sqlite_utils


# Every copy of a campaign: a province holds each commune's (same code, own uid). Compare
# "column IN (…)" with the uid of any copy; at a commune it is the campaign itself.
SAME_CAMPAIGN = (
    "IN (SELECT uid FROM campaign WHERE code = (SELECT code FROM campaign WHERE uid = ?))"
)
# Every copy of a catalogue item (event type, indicator) by its code, across the copies.
SAME_TYPE = (
    "IN (SELECT uid FROM event_type WHERE code = (SELECT code FROM event_type WHERE uid = ?))"
)
SAME_INDICATOR = (
    "IN (SELECT uid FROM indicator WHERE code = (SELECT code FROM indicator WHERE uid = ?))"
)


@dataclass(frozen=True)
class Campaign:
    uid: str
    code: str
    title: str
    start_date: str
    end_date: str
    report_deadline: str | None
    festival_day: str | None
    legal_basis: str
    issuing_body: str
    plan_number: str = ""
    plan_date: str | None = None
    plan_issuer: str = ""

    @property
    def plan_citation(self) -> str:
        """'Kế hoạch số 45/KH-CAT ngày 02/7/2026 của Công an tỉnh An Giang', or ""."""
        return plan_citation(self.plan_number, self.plan_date, self.plan_issuer)


def plan_citation(number: str, date: str | None, issuer: str) -> str:
    """The plan as the report's opening cites it; "" without a number."""
    if not number:
        return ""
    text = _("Kế hoạch số {number}").format(number=number)
    if date:
        day = dt.date.fromisoformat(date)
        text = _("{text} ngày {day}/{month}/{year}").format(
            text=text, day=day.day, month=day.month, year=day.year
        )
    if issuer:
        text = _("{text} của {issuer}").format(text=text, issuer=issuer)
    return text


def _fill(template: str, year: int) -> str:
    return template.format(year=year)


def create_from_template(db: sqlite_utils.Database, year: int) -> str:
    """Create the festival campaign of `year` with the default catalogue; returns its uid."""
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Năm kế hoạch không hợp lệ.")})
    template = catalogues.festival_template()
    head = template["campaign"]
    with audit.action(db, Permission.MANAGE_CATALOGUES, "campaign.save", str(year)):
        code = _fill(head["code_template"], year)
        exists = db.conn.execute(  # this office's own: a province also holds the communes'
            "SELECT 1 FROM campaign WHERE code = ? AND deleted_at IS NULL "
            "AND unit_code = (SELECT code FROM unit WHERE is_self = 1)",
            [code],
        ).fetchone()
        if exists:
            raise ValidationError({"year": _("Đã có kế hoạch của năm {year}.").format(year=year)})
        campaign_uid = records.insert(
            db,
            "campaign",
            {
                "code": code,
                "title": _fill(head["title_template"], year),
                "legal_basis": head["legal_basis"],
                "issuing_body": head["issuing_body"],
                "start_date": _fill(head["start"], year),
                "end_date": _fill(head["end"], year),
                "report_deadline": _fill(head["report_deadline"], year),
                "festival_day": _fill(head["festival_day"], year),
            },
        )
        for item in template["event_types"]:
            records.insert(
                db,
                "event_type",
                {
                    "campaign_uid": campaign_uid,
                    "code": item["code"],
                    "name": item["name"],
                    "grp": item.get("group", "thuong_xuyen"),
                    "sort_order": item.get("sort", 0),
                },
            )
        for item in template["indicators"]:
            records.insert(
                db,
                "indicator",
                {
                    "campaign_uid": campaign_uid,
                    "code": item["code"],
                    "name": item["name"],
                    "category": item["category"],
                    "unit_label": item.get("unit", ""),
                    "has_value": int(bool(item.get("has_value"))),
                    "note": item.get("note", ""),
                    "sort_order": item.get("sort", 0),
                },
            )
    return campaign_uid


def ensure_own_copies(db: sqlite_utils.Database) -> list[str]:
    """At the province: its own festival campaign for every year a commune's bundle brought.

    The province reports on its own campaign (period, legal basis, deadlines), never on one
    commune's copy; a province set up before it had one, or a new year's first bundle, gets it
    made from the template. Only the template's codes (NH-ANTQ-<year>) are made this way.
    Returns the codes made.
    """
    me = db.conn.execute("SELECT code, level FROM unit WHERE is_self = 1").fetchone()
    if me is None or me[1] != "province":
        return []
    rows = db.conn.execute(
        "SELECT DISTINCT code FROM campaign WHERE deleted_at IS NULL AND unit_code != ? "
        "AND code NOT IN (SELECT code FROM campaign WHERE unit_code = ? AND deleted_at IS NULL)",
        [me[0], me[0]],
    )
    pattern = catalogues.festival_template()["campaign"]["code_template"]
    prefix, suffix = pattern.split("{year}")
    made = []
    for (code,) in rows.fetchall():
        year = code[len(prefix) : len(code) - len(suffix) or None]
        if code.startswith(prefix) and code.endswith(suffix) and year.isdigit():
            create_from_template(db, int(year))
            made.append(code)
    return made


def list_campaigns(db: sqlite_utils.Database) -> list[Campaign]:
    """This office's own live campaigns, newest first.

    A province database also holds each commune's copy of the campaign (they travel in
    bundles); the province's pickers, periods and reports use the province's own, one a year.
    """
    rows = db.conn.execute(
        "SELECT uid, code, title, start_date, end_date, report_deadline, festival_day, "
        "legal_basis, issuing_body, plan_number, plan_date, plan_issuer "
        "FROM campaign WHERE deleted_at IS NULL "
        "AND unit_code = (SELECT code FROM unit WHERE is_self = 1) "
        "ORDER BY start_date DESC, title"
    )
    return [Campaign(**dict(row)) for row in rows]


def get(db: sqlite_utils.Database, uid: str) -> Campaign:
    row = records.fetch(db, "campaign", uid)
    return Campaign(**{field: row[field] for field in Campaign.__dataclass_fields__})


def current(db: sqlite_utils.Database, today: dt.date | None = None) -> Campaign | None:
    """The campaign whose period contains today, else the newest one."""
    today_iso = (today or dt.date.today()).isoformat()
    campaigns = list_campaigns(db)
    for campaign in campaigns:
        if campaign.start_date <= today_iso <= campaign.end_date:
            return campaign
    return campaigns[0] if campaigns else None


@dataclass
class BasisInput:
    """What the office cites at the top of its reports: the legal basis and the plan."""

    legal_basis: str
    plan_number: str = ""
    plan_date: str | None = None
    plan_issuer: str = ""


def update_basis(db: sqlite_utils.Database, uid: str, data: BasisInput) -> None:
    """Save the campaign's legal basis and provincial plan (one audited transaction)."""
    from desktop.core.text import clean

    data = BasisInput(
        clean(data.legal_basis),
        clean(data.plan_number),
        data.plan_date or None,
        clean(data.plan_issuer),
    )
    errors = basis_problems(data)
    if errors:
        raise ValidationError(errors)
    title = get(db, uid).title
    with audit.action(db, Permission.MANAGE_CATALOGUES, "campaign.save", title):
        records.update(db, "campaign", uid, asdict(data))


def basis_problems(data: BasisInput) -> dict[str, str]:
    """What is wrong with a basis and plan, by field: the office's form and the province's
    setup file are held to the same limits."""
    errors: dict[str, str] = {}
    if len(data.legal_basis) > 1000:
        errors["legal_basis"] = _("Căn cứ quá dài (tối đa 1.000 ký tự).")
    if len(data.plan_number) > 60:
        errors["plan_number"] = _("Số kế hoạch quá dài (tối đa 60 ký tự).")
    if data.plan_date is not None and not is_iso_date(data.plan_date):
        errors["plan_date"] = _("Ngày kế hoạch không hợp lệ: ghi theo dạng 2026-07-02.")
    if (data.plan_date or data.plan_issuer) and not data.plan_number:
        errors["plan_number"] = _("Hãy ghi số của kế hoạch (ví dụ 45/KH-CAT).")
    if len(data.plan_issuer) > 200:
        errors["plan_issuer"] = _("Tên cơ quan ban hành quá dài (tối đa 200 ký tự).")
    return errors


def is_iso_date(value: object) -> bool:
    """yyyy-mm-dd and a real day (Python also reads 20260819, which SQLite does not)."""
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def campaign_date_problem(db: sqlite_utils.Database, campaign_uid: str, day: str) -> str:
    """Why `day` cannot date a record of the campaign, or "" when it can.

    Every caller (form, import, command line) goes through here: a date that is not ISO
    (yyyy-mm-dd), or one outside the campaign's period, would put the record in no report.
    """
    if not is_iso_date(day):
        return _("Ngày “{day}” không hợp lệ: ghi theo dạng năm-tháng-ngày (2026-08-19).").format(
            day=day
        )
    row = db.conn.execute(
        "SELECT start_date, end_date FROM campaign WHERE uid = ? AND deleted_at IS NULL",
        [campaign_uid],
    ).fetchone()
    if row is not None and not row[0] <= day <= row[1]:
        return _(
            "Ngày {day} nằm ngoài thời gian của kế hoạch ({start} – {end}): hãy sửa ngày hoặc "
            "chọn đúng kế hoạch."
        ).format(day=formats.date(day), start=formats.date(row[0]), end=formats.date(row[1]))
    return ""

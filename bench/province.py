"""A synthetic province database: many communes' rows as sync would leave them, made fast.

Rows are inserted in bulk, as the import of bundles writes them (each with its commune's
unit_code), so the consolidated report can be tested and timed before sync exists.
"""

from __future__ import annotations

import random
import uuid
from typing import TYPE_CHECKING

from desktop.core import catalogues, records, units

if TYPE_CHECKING:
    import sqlite_utils

CAMPAIGN_CODE = "NH-ANTQ-2026"


def _row(unit_code: str, **values) -> dict:
    stamp = "2026-01-01T00:00:00+00:00"
    return {
        "uid": str(uuid.uuid4()),
        "unit_code": unit_code,
        "rev": 1,
        "created_at": stamp,
        "updated_at": stamp,
        **values,
    }


def make_province(
    db: sqlite_utils.Database,
    communes: int,
    months: int = 12,
    events_per_month: int = 5,
    seed: int = 7,
    province: str = "91",
) -> list[str]:
    """Set up `db` as the province office and fill it with `communes` communes' data.

    Each commune gets the festival campaign's catalogue, `events_per_month` held events a month
    for `months` months (each with head-counts and 10 named participants) and two outcomes per
    event. Returns the commune codes, in the order created.
    """
    rng = random.Random(seed)
    division = units.province(province)
    db["unit"].insert(
        {
            "code": division.code,
            "name": division.name,
            "level": "province",
            "is_self": 1,
            "created_at": records.now_iso(),
        }
    )
    catalogues.seed_reference_lists(db)
    template = catalogues.festival_template()
    _add_campaign(db, division.code, template)
    pool = [*units.communes(province)]  # more than a province has: borrow from the others
    pool += [c for p in units.provinces() if p.code != province for c in units.communes(p.code)]
    codes = [c.code for c in pool[:communes]]
    for code in codes:
        db["unit"].insert(
            {
                "code": code,
                "name": units.commune(code).name,
                "level": "commune",
                "parent_code": division.code,
                "is_self": 0,
                "created_at": records.now_iso(),
            }
        )
        _fill_commune(db, rng, code, template, months, events_per_month)
    return codes


def _add_campaign(db, code: str, template: dict) -> tuple[dict, list[dict], list[dict]]:
    """The unit's copy of the 2026 festival campaign and its catalogue, as set-up or a bundle
    leaves it: (campaign row, event type rows, indicator rows)."""
    head = template["campaign"]
    campaign = _row(
        code,
        code=CAMPAIGN_CODE,
        title=head["title_template"].format(year=2026),
        legal_basis=head["legal_basis"],
        issuing_body=head["issuing_body"],
        start_date="2026-01-01",
        end_date="2026-12-31",
        report_deadline="2026-09-05",
        festival_day="2026-08-19",
    )
    db["campaign"].insert(campaign)
    types = [
        _row(
            code,
            campaign_uid=campaign["uid"],
            code=t["code"],
            name=t["name"],
            sort_order=t.get("sort", 0),
        )
        for t in template["event_types"]
    ]
    indicators = [
        _row(
            code,
            campaign_uid=campaign["uid"],
            code=i["code"],
            name=i["name"],
            category=i["category"],
            unit_label=i.get("unit", ""),
            has_value=int(bool(i.get("has_value"))),
            sort_order=i.get("sort", 0),
        )
        for i in template["indicators"]
    ]
    db["event_type"].insert_all(types)
    db["indicator"].insert_all(indicators)
    return campaign, types, indicators


def _fill_commune(db, rng, code, template, months, per_month) -> None:
    campaign, types, indicators = _add_campaign(db, code, template)
    hamlet = _row(code, name="Ấp Một", search_key="ap mot")
    db["hamlet"].insert(hamlet)
    people = [
        _row(code, full_name=f"Người {n}", search_key=f"nguoi {n}", sort_key=f"{n:05d}")
        for n in range(40)
    ]
    db["person"].insert_all(people)
    events, attendance, outcomes = [], [], []
    for month in range(1, months + 1):
        for index in range(per_month):
            kind = types[rng.randrange(len(types))]
            day = f"2026-{month:02d}-{index + 1:02d}"
            total = rng.randrange(20, 400)
            event = _row(
                code,
                campaign_uid=campaign["uid"],
                event_type_uid=kind["uid"],
                title=f"Hoạt động {month}-{index}",
                search_key="hoat dong",
                start_date=day,
                end_date=day,
                level="ap",
                hamlet_uid=hamlet["uid"],
                status="held",
                count_total=total,
                count_women=total // 2,
                count_youth=total // 3,
            )
            events.append(event)
            for person in rng.sample(people, 10):
                attendance.append(_row(code, event_uid=event["uid"], person_uid=person["uid"]))
            for indicator in rng.sample(indicators, 2):
                value = rng.randrange(1, 50) * 100_000 if indicator["has_value"] else 0
                extra = {}
                if indicator["category"] == "commendation":
                    extra = {"recipient_kind": "ca_nhan", "issuer_level": "xa"}
                outcomes.append(
                    _row(
                        code,
                        campaign_uid=campaign["uid"],
                        event_uid=event["uid"],
                        indicator_uid=indicator["uid"],
                        quantity=rng.randrange(1, 9),
                        value_vnd=value,
                        recipient="Ông A",
                        **extra,
                    )
                )
    db["event"].insert_all(events)
    db["attendance"].insert_all(attendance)
    db["outcome"].insert_all(outcomes)

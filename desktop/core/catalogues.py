"""Catalogues: reference lists (ethnicities, religions) and each campaign's own lists.

The defaults live in `resources/catalogues/*.json` as data; an officer adds hamlets,
organisations, event types and indicators of their own. Catalogue rows carry a stable `code`
so the province can add up the same indicator across communes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from desktop.core import audit, records
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.paths import resource_path
from desktop.core.session import Permission
from desktop.core.text import clean, search_key, text_sort_key

if TYPE_CHECKING:
    import sqlite_utils

CATEGORY_NAMES = {
    "participants": N_("Người tham gia"),
    "media": N_("Tuyên truyền"),
    "commendation": N_("Khen thưởng"),
    "gift": N_("Thăm hỏi, tặng quà"),
    "model": N_("Mô hình"),
    "work": N_("Công trình"),
    "pledge": N_("Cam kết, giao ước"),
    "tip": N_("Tin báo, tố giác"),
    "weapons": N_("Vũ khí, vật liệu nổ"),
    "funds": N_("Kinh phí xã hội hóa"),
    "other": N_("Khác"),
}
CATEGORIES = tuple(CATEGORY_NAMES)


@cache
def load(name: str) -> dict[str, Any]:
    """A catalogue file from resources/catalogues, parsed."""
    path = resource_path("catalogues", f"{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def festival_template() -> dict[str, Any]:
    return load("festival_campaign")


def choices(key: str) -> list[tuple[str, str]]:
    """(code, Vietnamese name) pairs of a small fixed list of the festival template."""
    return [(item["code"], item["name"]) for item in festival_template()[key]]


def choice_name(key: str, code: str | None) -> str:
    return dict(choices(key)).get(code or "", "")


def seed_reference_lists(db: sqlite_utils.Database) -> None:
    """Fill the ethnicity and religion tables from resources (idempotent)."""
    for table, name in (("ethnicity", "ethnicities"), ("religion", "religions")):
        data = load(name)
        rows = []
        for item in data["items"]:
            row = {
                "code": item["code"],
                "scheme": data["scheme"],
                "name": item["name"],
                "search_key": search_key(" ".join([item["name"], *item.get("other_names", [])])),
            }
            if table == "ethnicity":
                row["other_names"] = ", ".join(item.get("other_names", []))
            rows.append(row)
        db.table(table).upsert_all(rows, pk="code")


@dataclass(frozen=True)
class Item:
    """One catalogue entry as lists and forms show it."""

    uid: str
    code: str
    name: str
    extra: dict[str, Any]


def _items(db, sql: str, params: list) -> list[Item]:
    items = []
    for row in db.conn.execute(sql, params):
        data = dict(row)
        items.append(Item(data.pop("uid"), data.pop("code") or "", data.pop("name"), data))
    return items


def _in_plan_order(items: list[Item]) -> list[Item]:
    """The plan's own order first, then names in Vietnamese order (`text_sort_key`)."""
    return sorted(items, key=lambda item: (item.extra["sort_order"], text_sort_key(item.name)))


def _in_vietnamese_order(items: list[Item]) -> list[Item]:
    """Hamlets and organisations by name in Vietnamese order ("Ấp 2" before "Ấp 10", "Ấp Ăn
    Quán" after "Ấp An Bình"), whatever order the officer added them in."""
    return sorted(items, key=lambda item: text_sort_key(item.name))


def event_types(db, campaign_uid: str, *, include_inactive: bool = False) -> list[Item]:
    active = "" if include_inactive else "AND active = 1"
    rows = _items(
        db,
        "SELECT uid, code, name, grp, sort_order, active FROM event_type "
        f"WHERE campaign_uid = ? AND deleted_at IS NULL {active}",
        [campaign_uid],
    )
    return _in_plan_order(rows)


def indicators(db, campaign_uid: str, *, include_inactive: bool = False) -> list[Item]:
    active = "" if include_inactive else "AND active = 1"
    rows = _items(
        db,
        "SELECT uid, code, name, category, unit_label, has_value, note, sort_order, active "
        f"FROM indicator WHERE campaign_uid = ? AND deleted_at IS NULL {active}",
        [campaign_uid],
    )
    return _in_plan_order(rows)


def hamlets(db, *, include_inactive: bool = False) -> list[Item]:
    active = "" if include_inactive else "AND active = 1"
    rows = _items(
        db,
        "SELECT uid, NULL AS code, name, kind, sort_order, active FROM hamlet "
        f"WHERE deleted_at IS NULL {active}",
        [],
    )
    return _in_vietnamese_order(rows)


def organisations(db, *, include_inactive: bool = False) -> list[Item]:
    active = "" if include_inactive else "AND active = 1"
    rows = _items(
        db,
        "SELECT uid, code, name, short_name, active FROM organisation "
        f"WHERE deleted_at IS NULL {active}",
        [],
    )
    return _in_vietnamese_order(rows)


def ethnicities(db) -> list[tuple[str, str]]:
    """(code, name) of every ethnicity in Vietnamese order of the name, for combo boxes."""
    return _by_name(db.conn.execute("SELECT code, name FROM ethnicity"))


def religions(db) -> list[tuple[str, str]]:
    """(code, name) of every religion in Vietnamese order of the name, for combo boxes."""
    return _by_name(db.conn.execute("SELECT code, name FROM religion"))


def _by_name(rows) -> list[tuple[str, str]]:
    return sorted((tuple(row) for row in rows), key=lambda row: text_sort_key(row[1]))


@dataclass(frozen=True)
class Reference:
    """An entry of a national reference list, with the code scheme its code belongs to."""

    code: str
    scheme: str
    name: str
    other_names: str = ""


def reference_entries(db, table: str) -> list[Reference]:
    """Every ethnicity or religion with its scheme, for the read-only catalogue tabs."""
    if table not in ("ethnicity", "religion"):
        raise ValueError(table)
    other = "other_names" if table == "ethnicity" else "''"
    sql = f"SELECT code, scheme, name, {other} FROM {table} ORDER BY code"
    return [Reference(*row) for row in db.conn.execute(sql)]


def _require_name(name: str) -> str:
    name = clean(name)
    if not name:
        raise ValidationError({"name": _("Tên không được để trống.")})
    if len(name) > 200:
        raise ValidationError({"name": _("Tên quá dài (tối đa 200 ký tự).")})
    return name


def _refuse_duplicate(
    db, table: str, name: str, where: str = "", params: list[Any] | tuple[()] = ()
) -> None:
    sql = f"SELECT name FROM {table} WHERE deleted_at IS NULL {where}"
    key = search_key(name)
    if any(search_key(row[0]) == key for row in db.conn.execute(sql, list(params))):
        raise ValidationError({"name": _("Danh mục đã có mục “{name}”.").format(name=name)})


def add_hamlet(db, name: str, kind: str = "ap") -> str:
    name = _require_name(name)
    with audit.action(db, Permission.MANAGE_CATALOGUES, "catalogue.save", name):
        _refuse_duplicate(db, "hamlet", name)
        order = db.conn.execute("SELECT COALESCE(MAX(sort_order), 0) + 1 FROM hamlet").fetchone()
        return records.insert(
            db,
            "hamlet",
            {"name": name, "kind": kind, "search_key": search_key(name), "sort_order": order[0]},
        )


def add_organisation(db, name: str, short_name: str = "", code: str | None = None) -> str:
    name = _require_name(name)
    with audit.action(db, Permission.MANAGE_CATALOGUES, "catalogue.save", name):
        _refuse_duplicate(db, "organisation", name)
        return records.insert(
            db,
            "organisation",
            {
                "code": code,
                "name": name,
                "short_name": clean(short_name),
                "search_key": search_key(f"{name} {short_name}"),
            },
        )


def _custom_code(prefix: str) -> str:
    return f"{prefix}_{records.new_uid()[:8]}"


def add_event_type(db, campaign_uid: str, name: str, group: str = "thuong_xuyen") -> str:
    name = _require_name(name)
    with audit.action(db, Permission.MANAGE_CATALOGUES, "catalogue.save", name):
        _refuse_duplicate(db, "event_type", name, "AND campaign_uid = ?", [campaign_uid])
        order = db.conn.execute(
            "SELECT COALESCE(MAX(sort_order), 0) + 10 FROM event_type WHERE campaign_uid = ?",
            [campaign_uid],
        ).fetchone()[0]
        return records.insert(
            db,
            "event_type",
            {
                "campaign_uid": campaign_uid,
                "code": _custom_code("rieng"),
                "name": name,
                "grp": group,
                "sort_order": order,
            },
        )


def add_indicator(
    db, campaign_uid: str, name: str, category: str, unit_label: str, has_value: bool
) -> str:
    name = _require_name(name)
    if category not in CATEGORIES:
        raise ValidationError({"category": _("Hãy chọn nhóm chỉ tiêu.")})
    with audit.action(db, Permission.MANAGE_CATALOGUES, "catalogue.save", name):
        _refuse_duplicate(db, "indicator", name, "AND campaign_uid = ?", [campaign_uid])
        order = db.conn.execute(
            "SELECT COALESCE(MAX(sort_order), 0) + 10 FROM indicator WHERE campaign_uid = ?",
            [campaign_uid],
        ).fetchone()[0]
        return records.insert(
            db,
            "indicator",
            {
                "campaign_uid": campaign_uid,
                "code": _custom_code("rieng"),
                "name": name,
                "category": category,
                "unit_label": clean(unit_label),
                "has_value": int(bool(has_value)),
                "sort_order": order,
            },
        )


CATALOGUE_TABLES = ("hamlet", "organisation", "event_type", "indicator")


def set_active(db, table: str, uid: str, active: bool) -> None:
    """Hide an entry from new records (or show it again); old records keep it."""
    if table not in CATALOGUE_TABLES:
        raise ValueError(table)
    name = records.fetch(db, table, uid)["name"]
    with audit.action(db, Permission.MANAGE_CATALOGUES, "catalogue.save", name):
        records.update(db, table, uid, {"active": int(active)})


def rename(db, table: str, uid: str, name: str) -> None:
    if table not in CATALOGUE_TABLES:
        raise ValueError(table)
    name = _require_name(name)
    values: dict[str, Any] = {"name": name}
    if table in ("hamlet", "organisation"):
        values["search_key"] = search_key(name)
    with audit.action(db, Permission.MANAGE_CATALOGUES, "catalogue.save", name):
        scope, params = "AND uid != ?", [uid]
        if table in ("event_type", "indicator"):
            scope += " AND campaign_uid = ?"
            params.append(records.fetch(db, table, uid)["campaign_uid"])
        _refuse_duplicate(db, table, name, scope, params)
        records.update(db, table, uid, values)

"""The province's legal basis and plan for each campaign, handed to its communes.

The province writes them into its setup file (`offers`); a commune loading the file fills its
own campaign of the same code where the commune has not set its own (`adopt`), and says what it
did. What the commune typed itself is never replaced: the officer is told the province's text and
where to take it over. A value the commune holds because an earlier setup file brought it is
the province's, and a newer file replaces it (the last adopted values are kept in `meta`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from desktop.core import campaigns, catalogues, office, records
from desktop.core.i18n import _
from desktop.core.text import clean

if TYPE_CHECKING:
    import sqlite_utils

MAX_OFFERS = 10  # the newest campaigns; an old year's plan no longer matters to a commune
_ADOPTED_KEY = "province_basis:{code}"


@dataclass(frozen=True)
class BasisOffer:
    """One campaign's basis and plan as the province sends it."""

    code: str
    legal_basis: str
    plan_number: str = ""
    plan_date: str | None = None
    plan_issuer: str = ""

    @property
    def plan(self) -> tuple[str, str | None, str]:
        return (self.plan_number, self.plan_date, self.plan_issuer)


def offers(db: sqlite_utils.Database) -> list[dict]:
    """The province's own campaigns (newest first) as the setup file carries them."""
    return [
        asdict(BasisOffer(c.code, c.legal_basis, c.plan_number, c.plan_date, c.plan_issuer))
        for c in campaigns.list_campaigns(db)[:MAX_OFFERS]
    ]


def parse_offers(items: object) -> tuple[BasisOffer, ...]:
    """Read the setup file's list; ValueError for anything malformed (the file is refused)."""
    if items is None:
        return ()
    if not isinstance(items, list) or len(items) > MAX_OFFERS:
        raise ValueError("campaigns is not a short list")
    found = []
    for item in items:
        if not isinstance(item, dict):
            raise ValueError("campaign entry is not an object")
        texts = {k: item.get(k, "") for k in ("code", "legal_basis", "plan_number", "plan_issuer")}
        date = item.get("plan_date")
        if not all(isinstance(v, str) for v in texts.values()) or not texts["code"].strip():
            raise ValueError(f"campaign entry {item!r}")
        if date is not None and not isinstance(date, str):
            raise ValueError(f"plan_date {date!r}")
        offer = BasisOffer(
            texts["code"].strip(),
            clean(texts["legal_basis"]),
            clean(texts["plan_number"]),
            date or None,
            clean(texts["plan_issuer"]),
        )
        problems = campaigns.basis_problems(campaigns.BasisInput(offer.legal_basis, *offer.plan))
        if problems:
            raise ValueError(f"campaign {offer.code}: {sorted(problems)}")
        found.append(offer)
    return tuple(found)


def _template_bases() -> set[str]:
    """The bases the program itself wrote: the template's, and its earlier wrong date."""
    basis = catalogues.festival_template()["campaign"]["legal_basis"]
    return {"", basis, basis.replace("ngày 13/6/2005", "ngày 10/4/2005")}


def adopt(db: sqlite_utils.Database, offered: Sequence[BasisOffer]) -> list[str]:
    """Fill this office's campaigns from the province's offers; inside the caller's audited
    transaction. Returns one sentence per campaign for the officer (filled, or kept)."""
    notes: list[str] = []
    own = {c.code: c for c in campaigns.list_campaigns(db)}
    for offer in offered:
        campaign = own.get(offer.code)
        if campaign is None:
            continue  # a year this commune has not opened
        previous = json.loads(office.get_meta(db, _ADOPTED_KEY.format(code=offer.code)) or "{}")
        changes, kept = _changes(campaign, offer, previous)
        if changes:
            records.update(db, "campaign", campaign.uid, changes)
            notes.append(_filled_note(campaign.title, changes))
        if kept:
            notes.append(_kept_note(campaign.title, offer, kept))
        office.set_meta(db, _ADOPTED_KEY.format(code=offer.code), json.dumps(asdict(offer)))
    return notes


def _changes(
    campaign: campaigns.Campaign, offer: BasisOffer, previous: dict
) -> tuple[dict, list[str]]:
    """(columns to write, what the commune set itself and keeps)."""
    changes: dict = {}
    kept: list[str] = []
    if offer.legal_basis and campaign.legal_basis != offer.legal_basis:
        ours = campaign.legal_basis
        if ours in _template_bases() or ours == previous.get("legal_basis"):
            changes["legal_basis"] = offer.legal_basis
        else:
            kept.append("basis")
    current = (campaign.plan_number, campaign.plan_date, campaign.plan_issuer)
    if offer.plan_number and current != offer.plan:
        earlier = (
            previous.get("plan_number", ""),
            previous.get("plan_date"),
            previous.get("plan_issuer", ""),
        )
        if not campaign.plan_number or current == earlier:
            changes.update(
                zip(("plan_number", "plan_date", "plan_issuer"), offer.plan, strict=True)
            )
        else:
            kept.append("plan")
    return changes, kept


def _filled_note(title: str, changes: dict) -> str:
    if "legal_basis" in changes and "plan_number" in changes:
        return _("{campaign}: đã điền căn cứ và kế hoạch của tỉnh.").format(campaign=title)
    if "legal_basis" in changes:
        return _("{campaign}: đã điền căn cứ của tỉnh.").format(campaign=title)
    return _("{campaign}: đã điền kế hoạch của tỉnh.").format(campaign=title)


def _kept_note(title: str, offer: BasisOffer, kept: list[str]) -> str:
    theirs = "; ".join(
        part
        for part, what in (
            (offer.legal_basis, "basis"),
            (campaigns.plan_citation(*offer.plan), "plan"),
        )
        if what in kept and part
    )
    return _(
        "{campaign}: xã đã tự ghi căn cứ, kế hoạch nên giữ nguyên, không thay bằng của tỉnh "
        "({province}). Muốn dùng của tỉnh, sửa ở “Căn cứ của kế hoạch…” trên trang Báo cáo."
    ).format(campaign=title, province=theirs)

"""Helpers for core tests: the commune's catalogue by code and short factories for records."""

from __future__ import annotations

import pytest

from desktop.core import catalogues, events, people


@pytest.fixture
def type_uid(commune_db):
    """The uid of one of the campaign's event types, by its template code."""
    codes = {
        item.code: item.uid for item in catalogues.event_types(commune_db, commune_db.campaign_uid)
    }
    return codes.__getitem__


@pytest.fixture
def indicator_uid(commune_db):
    """The uid of one of the campaign's indicators, by its template code."""
    items = catalogues.indicators(commune_db, commune_db.campaign_uid)
    return {item.code: item.uid for item in items}.__getitem__


@pytest.fixture
def new_event(commune_db, type_uid):
    """Create an event in the commune's campaign; keyword arguments override the defaults."""

    def make(title: str = "Họp dân ấp Tân Hòa", type_code: str = "tuyen_truyen", **fields) -> str:
        fields.setdefault("start_date", "2026-03-10")
        data = events.EventInput(
            campaign_uid=fields.pop("campaign_uid", commune_db.campaign_uid),
            event_type_uid=type_uid(type_code),
            title=title,
            **fields,
        )
        return events.create_event(commune_db, data)

    return make


@pytest.fixture
def new_person(commune_db):
    """Register a person; keyword arguments override the defaults."""

    def make(full_name: str, **fields) -> str:
        return people.create_person(
            commune_db, people.PersonInput(full_name, **fields), allow_duplicate=True
        )

    return make

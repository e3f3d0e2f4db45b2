"""Table models of the people section: the paged register and one person's events."""

from __future__ import annotations

from collections.abc import Callable

from desktop.core import people
from desktop.core.i18n import _
from desktop.core.people import PersonFilter, PersonRow
from desktop.ui.context import AppContext
from desktop.ui.models.paged import Column, PagedTableModel


def gender_name(code: str | None) -> str:
    return _(people.GENDERS[code]) if code in people.GENDERS else ""


def person_columns() -> list[Column]:
    return [
        Column("full_name", _("Họ và tên")),
        Column("gender", _("Giới tính"), display=lambda r: gender_name(r.gender)),
        Column("birth_year", _("Năm sinh"), kind="year"),
        Column("hamlet_name", _("Ấp, khu phố")),
        Column("ethnicity_name", _("Dân tộc"), sortable=False),
        Column("religion_name", _("Tôn giáo"), sortable=False),
        Column("phone", _("Điện thoại"), sortable=False),
        Column("position", _("Chức vụ, vai trò"), sortable=False),
    ]


PERSON_WIDTHS = {
    "full_name": 26,
    "gender": 8,
    "birth_year": 8,
    "hamlet_name": 16,
    "ethnicity_name": 10,
    "religion_name": 14,
    "phone": 13,
}


def people_model(ctx: AppContext, current_filter: Callable[[], PersonFilter], parent=None):
    """A paged model of the register whose queries read the filter anew on every refresh."""

    def count() -> int:
        return people.count_people(ctx.db, current_filter())

    def page(sort: str, descending: bool, offset: int, limit: int) -> list[PersonRow]:
        return people.list_people(
            ctx.db, current_filter(), sort=sort, descending=descending, offset=offset, limit=limit
        )

    return PagedTableModel(person_columns(), count, page, sort="full_name", parent=parent)

"""Table models of the events section: the paged events list, and one event's participants
and outcomes as its detail dialog shows them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from desktop.core import attendance, catalogues, events, outcomes
from desktop.core.attendance import Participant
from desktop.core.events import EventFilter, EventRow
from desktop.core.i18n import N_, _
from desktop.core.outcomes import OutcomeRow
from desktop.core.people import GENDERS
from desktop.ui.context import AppContext
from desktop.ui.models.paged import Column, Index, PagedTableModel
from desktop.ui.models.rows import RowsModel

# Short names of the levels for a narrow list column; forms and pages use events.LEVELS.
LEVELS_SHORT = {
    "xa": N_("Xã"),
    "ap": N_("Ấp, KP"),
    "co_quan": N_("Cơ quan"),
    "truong_hoc": N_("Trường"),
}


def level_name(code: str | None) -> str:
    return _(events.LEVELS[code]) if code in events.LEVELS else ""


def level_short(code: str | None) -> str:
    return _(LEVELS_SHORT[code]) if code in LEVELS_SHORT else ""


def status_name(code: str | None) -> str:
    return _(events.STATUSES[code]) if code in events.STATUSES else ""


def event_columns() -> list[Column]:
    """The events list's columns in display order; initial widths are in `COLUMN_WIDTHS`."""
    return [
        Column("start_date", _("Ngày"), kind="date"),
        Column("title", _("Tên sự kiện")),
        Column("type_name", _("Loại")),
        Column("level", _("Cấp"), display=lambda r: level_short(r.level), sortable=False),
        Column("hamlet_name", _("Ấp, khu phố")),
        Column("place", _("Địa điểm"), sortable=False),
        Column("status", _("Trạng thái"), display=lambda r: status_name(r.status)),
        Column("count_total", _("Số người"), kind="int"),
        Column("named_count", _("Có tên"), kind="int", sortable=False),
        Column("outcome_count", _("Kết quả"), kind="int", sortable=False),
    ]


# Initial widths in average characters, by column key; the title takes the width left over.
COLUMN_WIDTHS = {
    "start_date": 10,
    "type_name": 20,
    "level": 7,
    "hamlet_name": 14,
    "place": 18,
    "status": 10,
    "count_total": 8,
    "named_count": 6,
    "outcome_count": 7,
}
STRETCH_COLUMN = "title"


class WholeInTooltip:
    """For a table model with `columns`: long text columns (titles, places) show whole in a
    tooltip."""

    tooltip_columns: frozenset[str] = frozenset()
    columns: list[Column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            if self.columns[index.column()].key in self.tooltip_columns:
                return super().data(index, Qt.ItemDataRole.DisplayRole) or None
            return None
        return super().data(index, role)


class TooltipPagedModel(WholeInTooltip, PagedTableModel):
    """A paged model whose long text columns show whole in a tooltip."""


class EventsModel(TooltipPagedModel):
    tooltip_columns = frozenset({"title", "type_name", "place", "hamlet_name"})


def events_model(ctx: AppContext, current_filter: Callable[[], EventFilter], parent=None):
    """A paged model whose queries read the filter anew on every refresh."""

    def count() -> int:
        return events.count_events(ctx.db, current_filter())

    def page(sort: str, descending: bool, offset: int, limit: int) -> list[EventRow]:
        return events.list_events(
            ctx.db, current_filter(), sort=sort, descending=descending, offset=offset, limit=limit
        )

    return EventsModel(
        event_columns(), count, page, sort="start_date", descending=True, parent=parent
    )


# --- one event's outcomes ------------------------------------------------------------------


def _choice(names: dict[str, str], code: str | None) -> str:
    return _(names[code]) if code in names else ""


def outcome_columns() -> list[Column]:
    return [
        Column("indicator_name", _("Chỉ tiêu")),
        Column("quantity", _("Số lượng"), kind="number"),
        Column("unit_label", _("Đơn vị tính"), sortable=False),
        Column("value_vnd", _("Giá trị (đồng)"), kind="money"),
        Column("recipient", _("Người, đơn vị nhận")),
        Column(
            "recipient_kind",
            _("Đối tượng"),
            display=lambda r: _choice(outcomes.RECIPIENT_KINDS, r.recipient_kind),
            sortable=False,
        ),
        Column(
            "issuer_level",
            _("Cấp khen"),
            display=lambda r: _choice(outcomes.ISSUER_LEVELS, r.issuer_level),
            sortable=False,
        ),
    ]


OUTCOME_WIDTHS = {
    "indicator_name": 40,
    "quantity": 9,
    "unit_label": 10,
    "value_vnd": 14,
    "recipient": 30,
    "recipient_kind": 9,
    "issuer_level": 10,
}


class EventOutcomesModel(WholeInTooltip, RowsModel):
    """One event's outcomes as its detail dialog reads them (a bounded list, names joined);
    long indicator names and recipients show whole in a tooltip."""

    tooltip_columns = frozenset({"indicator_name", "recipient"})

    def __init__(self, parent=None):
        super().__init__(outcome_columns(), parent=parent)

    @property
    def total(self) -> int:
        return self.rowCount()

    def uid_at(self, row: int) -> str:
        return self.row_at(row).uid

    def fetched_rows(self) -> list[OutcomeRow]:
        return self.rows()


# --- one event's participants --------------------------------------------------------------


class ParticipantsModel(QAbstractTableModel):
    """An event's named participants (a bounded list: one event's), in Vietnamese name order."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Participant] = []
        self._roles = dict(attendance.roles())
        self.headers = [
            _("STT"),
            _("Họ và tên"),
            _("Năm sinh"),
            _("Giới tính"),
            _("Ấp, khu phố"),
            _("Chức vụ, nghề nghiệp"),
            _("Vai trò"),
        ]
        self.widths = [5, 28, 8, 8, 16, 36, 14]

    def set_rows(self, rows: list[Participant]) -> None:
        """The participants of `details.event_detail`, hamlet names already joined."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Participant:
        return self._rows[row]

    def uid_at(self, row: int) -> str:
        return self._rows[row].person_uid

    def role_name(self, code: str) -> str:
        return self._roles.get(code, code)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def _texts(self, row: int) -> list[str]:
        person = self._rows[row]
        return [
            str(row + 1),
            person.full_name,
            str(person.birth_year or ""),
            _choice(GENDERS, person.gender),
            person.hamlet_name,
            person.position,
            self.role_name(person.role),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(index.row())[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[index.row()].person_uid
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None


def role_choices() -> list[tuple[str, str]]:
    """(code, name) of the attendance roles, "Tham dự" first as the usual one."""
    roles = catalogues.choices("attendance_roles")
    return sorted(roles, key=lambda item: item[0] != "tham_du")

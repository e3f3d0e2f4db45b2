"""The one date field every form uses: typed the way officers type dates, or picked on a calendar.

A QDateEdit reads "19/08/2026" typed over its sections as "?/00008/2026" and saves a different
date without a word. This field is a line edit read by `desktop.core.dates.parse_date`: what it
cannot read stays as typed and is reported beside the field; it is never swapped for another
date. One Tab leaves it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QStyle, QWidget

from desktop.core import dates, formats
from desktop.core.i18n import _


class DateEdit(QLineEdit):
    """A date typed (19/08/2026, 19/8/2026, 19-8-2026, 19082026) or chosen from a calendar.

    `date()` is the date read, None when the field is empty and `optional`; it raises
    `dates.DateTextError` when the text is not a date. `problem` carries the message (or "" once
    the text reads again) each time the officer leaves the field.
    """

    dateChanged = Signal(object)  # the new dt.date, or None when emptied
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False, name: str = ""):
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.optional = optional
        self._last: dt.date | None = None
        self.setPlaceholderText(_("ngày/tháng/năm"))
        self.default_tooltip = _("Gõ ngày như 19/08/2026, 19/8/2026, 19-8-2026 hoặc 19082026.")
        self.setToolTip(self.default_tooltip)
        self.setMaxLength(20)
        width = self.fontMetrics().horizontalAdvance("00/00/00000") + 48
        self.setMinimumWidth(width)
        self.setMaximumWidth(width + 40)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        self.calendar_action = QAction(QIcon(icon), _("Chọn trên lịch"), self)
        self.calendar_action.setObjectName("calendar")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.editingFinished.connect(self._read_typed)

    # --- reading and writing ----------------------------------------------------------------
    def date(self) -> dt.date | None:
        """The date in the field; None if empty and optional; DateTextError otherwise."""
        if not self.text().strip() and self.optional:
            return None
        return dates.parse_date(self.text())

    def iso(self) -> str | None:
        """The date as yyyy-mm-dd (what the core stores), None when empty."""
        date = self.date()
        return date.isoformat() if date else None

    def setDate(self, date: dt.date | str | None) -> None:
        """Show `date` (a date, an ISO string or None for empty) as dd/mm/yyyy."""
        if isinstance(date, str):
            date = dt.date.fromisoformat(date) if date else None
        self.setText(formats.date(date))
        self._changed_to(date)

    def _read_typed(self) -> None:
        """On leaving the field: show what was read as dd/mm/yyyy, or say why it was not."""
        try:
            date = self.date()
        except dates.DateTextError as error:
            self.problem.emit(str(error))
            return
        self.problem.emit("")
        if date is not None:
            self.setText(formats.date(date))
        self._changed_to(date)

    def _changed_to(self, date: dt.date | None) -> None:
        if date != self._last:
            self._last = date
            self.dateChanged.emit(date)

    # --- the calendar -----------------------------------------------------------------------
    def show_calendar(self) -> None:
        """A calendar under the field, on the date typed (or today); a click fills the field."""
        calendar = QCalendarWidget(self, objectName="date_calendar")
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setGridVisible(True)
        calendar.setDateRange(QDate(dates.EARLIEST_YEAR, 1, 1), QDate(dates.LATEST_YEAR, 12, 31))
        try:
            shown = self.date() or dt.date.today()
        except dates.DateTextError:
            shown = dt.date.today()
        calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        calendar.activated.connect(lambda day: self._picked(calendar, day))
        calendar.clicked.connect(lambda day: self._picked(calendar, day))
        calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        calendar.show()
        self.calendar = calendar  # what a test drives

    def _picked(self, calendar: QCalendarWidget, day: QDate) -> None:
        self.setDate(dt.date(day.year(), day.month(), day.day()))
        self.problem.emit("")
        calendar.close()
        self.setFocus()

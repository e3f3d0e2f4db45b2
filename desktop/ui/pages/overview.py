"""The "Tổng quan" section: the campaign's key figures at a glance and participants per month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core import campaigns, office, overview
from desktop.core.events import format_date
from desktop.core.i18n import N_, _, pgettext
from desktop.core.outcomes import format_quantity, format_vnd
from desktop.ui.context import AppContext
from desktop.ui.pages.base import Page

TITLE_STYLE = "font-size: 16pt; font-weight: 600;"
SUBTLE_STYLE = "color: #555;"
COUNTDOWN_STYLE = (
    "color: #8a1c1c; background: #fdecea; border: 1px solid #f3c1bc; border-radius: 4px;"
    " padding: 4px 10px; font-weight: 600;"
)
CARD_STYLE = (
    "QFrame#card { background: palette(base); border: 1px solid #cfd6de; border-radius: 6px; }"
)
CARD_TITLE_STYLE = "color: #555;"
CARD_VALUE_STYLE = "font-size: 19pt; font-weight: 600; color: #1a4d8f;"
CARD_NOTE_STYLE = "color: #666; font-size: 9pt;"
COLUMNS = 4


@dataclass(frozen=True)
class Figure:
    """One card: the KeyFigures field it shows, its title, and an optional note under it."""

    key: str
    title: str
    money: bool = False
    note: Callable[[overview.KeyFigures], str] | None = None
    tooltip: str = ""


def _value_note(field: str) -> Callable[[overview.KeyFigures], str]:
    def note(figures: overview.KeyFigures) -> str:
        value = getattr(figures, field)
        return _("trị giá {value}").format(value=format_vnd(value)) if value else ""

    return note


FIGURES = (
    Figure("events_held", N_("Sự kiện đã tổ chức")),
    Figure("events_planned", N_("Sự kiện sắp tổ chức (kế hoạch)")),
    Figure("events_cancelled", N_("Sự kiện đã hủy")),
    Figure("participants", N_("Lượt người tham gia")),
    Figure("festivals_commune", N_("Ngày hội cấp xã (lễ, hội)")),
    Figure("festivals_hamlet", N_("Ngày hội cấp ấp, khu phố (lễ, hội)")),
    Figure("people_named", N_("Người có tên trong danh sách")),
    Figure(
        "media",
        N_("Tin bài, phóng sự, pa-nô"),
        tooltip=N_("Tin, bài, phóng sự, pa-nô, áp phích, băng rôn và buổi tuyên truyền"),
    ),
    Figure(
        "commendations",
        N_("Khen thưởng (các hình thức)"),
        tooltip=N_("Kỷ niệm chương, bằng khen, giấy khen, cờ thi đua, mọi cấp"),
    ),
    Figure("gifts", N_("Suất quà tặng"), note=_value_note("gifts_value")),
    Figure("models", N_("Mô hình, tổ đội tự quản")),
    Figure("works", N_("Công trình chào mừng"), note=_value_note("works_value")),
    Figure("pledges", N_("Hộ, đơn vị ký cam kết")),
    Figure("tips", N_("Tin báo, tố giác của quần chúng")),
    Figure(
        "weapons",
        N_("Vũ khí, VLN, CCHT thu hồi"),
        tooltip=N_("Vũ khí (khẩu), vật liệu nổ (kg), công cụ hỗ trợ (cái) quần chúng giao nộp"),
    ),
    Figure("funds_value", N_("Kinh phí xã hội hóa"), money=True),
)


class FigureCard(QFrame):
    """A labelled number: a small title, the figure in large type, a note underneath."""

    def __init__(self, figure: Figure, parent=None):
        super().__init__(parent)
        self.figure = figure
        self.setObjectName("card")
        self.setStyleSheet(CARD_STYLE)
        self.title = QLabel(_(figure.title))
        self.title.setStyleSheet(CARD_TITLE_STYLE)
        self.title.setWordWrap(True)
        if figure.tooltip:
            self.setToolTip(_(figure.tooltip))
        self.value = QLabel("0")
        self.value.setObjectName(f"figure_{figure.key}")
        self.value.setStyleSheet(CARD_VALUE_STYLE)
        self.note = QLabel()
        self.note.setObjectName(f"note_{figure.key}")
        self.note.setStyleSheet(CARD_NOTE_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.note)

    def show_figures(self, figures: overview.KeyFigures) -> None:
        value = getattr(figures, self.figure.key)
        self.value.setText(format_vnd(value) if self.figure.money else format_quantity(value))
        note = self.figure.note(figures) if self.figure.note else ""
        self.note.setText(note)


def month_labels(months: list[str]) -> list[str]:
    """ "T1".."T12" within one year; "01/2026" when the campaign spans several."""
    years = {month[:4] for month in months}
    if len(years) <= 1:
        return [f"T{int(month[5:7])}" for month in months]
    return [f"{month[5:7]}/{month[:4]}" for month in months]


def countdown(campaign: campaigns.Campaign, today: dt.date) -> str:
    """Days to the festival (19/8), or to the report deadline once the festival has passed."""
    festival = dt.date.fromisoformat(campaign.festival_day) if campaign.festival_day else None
    deadline = dt.date.fromisoformat(campaign.report_deadline) if campaign.report_deadline else None
    if festival and today < festival:
        return _("Còn {days} ngày đến Ngày hội ({date})").format(
            days=(festival - today).days, date=format_date(campaign.festival_day)
        )
    if festival and today == festival:
        return _("Hôm nay là Ngày hội toàn dân bảo vệ an ninh Tổ quốc")
    if deadline and today <= deadline:
        days = (deadline - today).days
        if days == 0:
            return _("Hôm nay là hạn báo cáo kết quả")
        return _("Còn {days} ngày đến hạn báo cáo kết quả ({date})").format(
            days=days, date=format_date(campaign.report_deadline)
        )
    return ""


class OverviewPage(Page):
    """Title, period and deadlines of the campaign; figure cards; the participants chart."""

    def __init__(self, ctx: AppContext, parent=None, today: Callable[[], dt.date] = dt.date.today):
        super().__init__(ctx, parent)
        self.today = today
        self.cards: dict[str, FigureCard] = {}
        self.chart_view = None
        content = QWidget()
        self._layout = QVBoxLayout(content)
        self._layout.setContentsMargins(12, 8, 12, 8)
        self._layout.setSpacing(10)
        self._build_header()
        self._build_cards()
        self.chart_box = QVBoxLayout()
        self._layout.addLayout(self.chart_box, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    @staticmethod
    def nav_title() -> str:
        return pgettext("navigation", "Tổng quan")

    def _build_header(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("campaign_title")
        self.title_label.setStyleSheet(TITLE_STYLE)
        self.title_label.setWordWrap(True)
        self.unit_label = QLabel()
        self.unit_label.setStyleSheet(SUBTLE_STYLE)
        self.period_label = QLabel()
        self.period_label.setObjectName("campaign_period")
        self.countdown_label = QLabel()
        self.countdown_label.setObjectName("countdown")
        self.countdown_label.setStyleSheet(COUNTDOWN_STYLE)
        self._layout.addWidget(self.title_label)
        self._layout.addWidget(self.unit_label)
        self._layout.addWidget(self.period_label)
        self._layout.addWidget(self.countdown_label, 0, Qt.AlignmentFlag.AlignLeft)

    def _build_cards(self) -> None:
        grid = QGridLayout()
        grid.setSpacing(10)
        for position, figure in enumerate(FIGURES):
            card = FigureCard(figure)
            self.cards[figure.key] = card
            grid.addWidget(card, position // COLUMNS, position % COLUMNS)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        self._layout.addLayout(grid)

    def figure_text(self, key: str) -> str:
        """The text a card shows for a KeyFigures field (what a user, or a test, reads)."""
        return self.cards[key].value.text()

    # --- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        db, uid = self.ctx.db, self.ctx.campaign_uid
        if office.is_set_up(db):
            unit = office.self_unit(db)
            self.unit_label.setText(f"{unit.name}, {unit.parent_name}")
        campaign = campaigns.get(db, uid) if uid else None
        self._show_header(campaign)
        figures = overview.key_figures(db, uid) if uid else None
        for card in self.cards.values():
            if figures is not None:
                card.show_figures(figures)
        self._show_chart(overview.participants_per_month(db, uid) if uid else [])

    def _show_header(self, campaign: campaigns.Campaign | None) -> None:
        if campaign is None:
            self.title_label.setText(_("Chưa có kế hoạch nào"))
            self.period_label.clear()
            self.countdown_label.hide()
            return
        self.title_label.setText(campaign.title)
        parts = [
            _("Thời gian: {start} – {end}").format(
                start=format_date(campaign.start_date), end=format_date(campaign.end_date)
            )
        ]
        if campaign.festival_day:
            parts.append(_("Ngày hội: {date}").format(date=format_date(campaign.festival_day)))
        if campaign.report_deadline:
            parts.append(
                _("Hạn báo cáo kết quả: {date}").format(date=format_date(campaign.report_deadline))
            )
        self.period_label.setText("   ·   ".join(parts))
        text = countdown(campaign, self.today())
        self.countdown_label.setText(text)
        self.countdown_label.setVisible(bool(text))

    def _show_chart(self, months: list[tuple[str, int]]) -> None:
        # QtCharts takes a while to load: only when the overview is first shown.
        from PySide6.QtCharts import (
            QBarCategoryAxis,
            QBarSeries,
            QBarSet,
            QChart,
            QChartView,
            QValueAxis,
        )

        if self.chart_view is None:
            chart = QChart()
            chart.setTitle(_("Lượt người tham gia các sự kiện đã tổ chức, theo tháng"))
            chart.legend().hide()
            chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
            chart.setLocalizeNumbers(True)  # 4.000 in Vietnamese, as the figures above
            chart.setLocale(QLocale())
            self.chart_view = QChartView(chart)
            self.chart_view.setObjectName("participants_chart")
            self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.chart_view.setMinimumHeight(280)
            self.chart_box.addWidget(self.chart_view)
        chart = self.chart_view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        bars = QBarSet(_("Lượt người"))
        bars.setColor(QColor("#2f6db5"))
        bars.setLabelColor(QColor("#222222"))
        for _month, value in months:
            bars.append(value)
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        months_axis = QBarCategoryAxis()
        months_axis.append(month_labels([month for month, _value in months]))
        chart.addAxis(months_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(months_axis)
        values_axis = QValueAxis()
        values_axis.setLabelFormat("%.0f")
        top = max((value for _month, value in months), default=0)
        values_axis.setRange(0, max(10, top * 1.15))
        values_axis.applyNiceNumbers()
        chart.addAxis(values_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values_axis)
        self.chart_months = months

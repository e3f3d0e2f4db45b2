"""The "Tổng quan" section: the campaign's key figures at a glance and participants per month.

The overview is the first screen, so it must not delay the window's first paint: the header
(cheap) is filled at once, the figures are read off the GUI thread (an `Operation`; on a large
commune `key_figures` counts distinct people over 200,000 attendance rows, ~150 ms warm and
far more from a cold disk), and QtCharts is imported only when the chart is first drawn, after
the page has been painted. See docs/performance.md, Startup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core import campaigns, figures, formats, office, overview
from desktop.core.i18n import N_, _
from desktop.ui import tones
from desktop.ui.context import AppContext
from desktop.ui.operations import Operation
from desktop.ui.pages.base import Page
from desktop.ui.widgets import fill_combo

if TYPE_CHECKING:
    import sqlite_utils

# One style sheet for the whole page, set once: a style sheet on each of its ~70 labels and
# cards made Qt polish every one of them separately (~15 ms more before the first paint).
# $muted and $figure are filled for the palette in use (Windows dark mode: `page_style`).
PAGE_STYLE = Template("""
QLabel#campaign_title { font-size: 16pt; font-weight: 600; }
QLabel[role="subtle"] { color: $muted; }
QLabel#countdown {
    color: #8a1c1c; background: #fdecea; border: 1px solid #f3c1bc; border-radius: 4px;
    padding: 4px 10px; font-weight: 600;
}
QFrame#card { background: palette(base); border: 1px solid #cfd6de; border-radius: 6px; }
QLabel[role="card_title"] { color: $muted; }
QLabel[role="figure"] { font-size: 19pt; font-weight: 600; color: $figure; }
QLabel[role="figure_parts"] { font-size: 13pt; font-weight: 600; color: $figure; }
QLabel[role="card_note"] { color: $muted; font-size: 9pt; }
""")


def page_style() -> str:
    """The page's style sheet with text colours readable on the palette in use."""
    figure = tones.pick("#1a4d8f", "#8ab4f8")
    return PAGE_STYLE.substitute(muted=tones.muted().name(), figure=figure)


COLUMNS = 4
CHART_HEIGHT = 280
LOADING = "…"  # what a card shows until its first figure has been read


@dataclass(frozen=True)
class Figure:
    """One card: the KeyFigures field it shows, its title, and an optional note under it."""

    key: str
    title: str
    money: bool = False
    note: Callable[[overview.KeyFigures], str] | None = None
    tooltip: str = ""
    # Figures of different units share a card but are never added: (field, unit) each,
    # the card's own key first ("7 khẩu · 0,9 kg · 17 cái").
    parts: tuple[tuple[str, str], ...] = ()

    def fields(self) -> list[str]:
        """The KeyFigures fields this card shows."""
        return [field for field, _unit in self.parts] if self.parts else [self.key]


def _value_note(field: str) -> Callable[[overview.KeyFigures], str]:
    def note(figures: overview.KeyFigures) -> str:
        value = getattr(figures, field)
        return _("trị giá {value}").format(value=formats.money(value)) if value else ""

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
        "festivals_agency",
        N_("Ngày hội ở cơ quan, doanh nghiệp, nhà trường"),
        parts=(("festivals_agency", N_("cơ quan")), ("festivals_school", N_("trường"))),
    ),
    Figure(
        "media_news",
        N_("Tuyên truyền"),
        tooltip=N_("Tin, bài; phóng sự; pa-nô, áp phích, băng rôn; buổi tuyên truyền"),
        parts=(
            ("media_news", N_("tin/bài")),
            ("media_reports", N_("phóng sự")),
            ("media_posters", N_("pa-nô")),
            ("media_sessions", N_("buổi")),
        ),
    ),
    Figure(
        "participants_reported",
        N_("Lượt người tham gia ghi theo chỉ tiêu"),
        tooltip=N_("Chỉ tiêu kết quả “Lượt người tham gia”, không cộng vào lượt người dự sự kiện"),
    ),
    Figure(
        "commendations",
        N_("Khen thưởng (các hình thức)"),
        tooltip=N_("Kỷ niệm chương, bằng khen, giấy khen, cờ thi đua, mọi cấp"),
        note=_value_note("commendations_value"),
    ),
    Figure("gifts", N_("Suất quà tặng"), note=_value_note("gifts_value")),
    Figure("models", N_("Mô hình, tổ đội tự quản")),
    Figure("works", N_("Công trình chào mừng"), note=_value_note("works_value")),
    Figure(
        "pledges",
        N_("Hộ, đơn vị ký cam kết"),
        parts=(("pledges", N_("hộ")), ("pledge_units", N_("đơn vị"))),
    ),
    Figure("tips", N_("Tin báo, tố giác của quần chúng")),
    Figure(
        "weapons",
        N_("Vũ khí, VLN, CCHT thu hồi"),
        tooltip=N_("Vũ khí (khẩu), vật liệu nổ (kg), công cụ hỗ trợ (cái) quần chúng giao nộp"),
        parts=(("weapons", N_("khẩu")), ("explosives", N_("kg")), ("tools", N_("cái"))),
    ),
    Figure("funds_value", N_("Kinh phí xã hội hóa"), money=True),
)


class FigureCard(QFrame):
    """A labelled number: a small title, the figure in large type, a note underneath."""

    def __init__(self, figure: Figure, parent=None):
        super().__init__(parent)
        self.figure = figure
        self.setObjectName("card")
        self.title = QLabel(_(figure.title))
        self.title.setProperty("role", "card_title")
        self.title.setWordWrap(True)
        if figure.tooltip:
            self.setToolTip(_(figure.tooltip))
        self.value = QLabel(LOADING)
        self.value.setObjectName(f"figure_{figure.key}")
        self.value.setProperty("role", "figure_parts" if figure.parts else "figure")
        self.value.setWordWrap(bool(figure.parts))
        self.note = QLabel()
        self.note.setObjectName(f"note_{figure.key}")
        self.note.setProperty("role", "card_note")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.note)

    def show_figures(self, figures: overview.KeyFigures) -> None:
        self.value.setText(figure_value(self.figure, figures))
        note = self.figure.note(figures) if self.figure.note else ""
        self.note.setText(note)


def figure_value(figure: Figure, figures: overview.KeyFigures) -> str:
    """What the card shows: one number, or each unit on its own ("7 khẩu · 0,9 kg")."""
    if figure.parts:  # a part never breaks inside itself: lines break between parts
        return " · ".join(
            f"{formats.quantity(getattr(figures, field))}\u00a0{_(unit)}".replace(" ", "\u00a0")
            for field, unit in figure.parts
        )
    value = getattr(figures, figure.key)
    return formats.money(value) if figure.money else formats.quantity(value)


def month_labels(months: list[str]) -> list[str]:
    """ "T1".."T12" within one year; "01/2026" when the campaign spans several."""
    years = {month[:4] for month in months}
    if len(years) <= 1:
        return [f"T{int(month[5:7])}" for month in months]
    return [formats.month(month) for month in months]


def countdown(campaign: campaigns.Campaign, today: dt.date) -> str:
    """Days to the festival (19/8), or to the report deadline once the festival has passed."""
    festival = dt.date.fromisoformat(campaign.festival_day) if campaign.festival_day else None
    deadline = dt.date.fromisoformat(campaign.report_deadline) if campaign.report_deadline else None
    if festival and today < festival:
        return _("Còn {days} ngày đến Ngày hội ({date})").format(
            days=(festival - today).days, date=formats.date(campaign.festival_day)
        )
    if festival and today == festival:
        return _("Hôm nay là Ngày hội toàn dân bảo vệ an ninh Tổ quốc")
    if deadline and today <= deadline:
        days = (deadline - today).days
        if days == 0:
            return _("Hôm nay là hạn báo cáo kết quả")
        return _("Còn {days} ngày đến hạn báo cáo kết quả ({date})").format(
            days=days, date=formats.date(campaign.report_deadline)
        )
    return ""


Loaded = tuple[overview.KeyFigures, list[tuple[str, int]]]
_NOTHING = overview.KeyFigures(**dict.fromkeys(overview.KeyFigures.__dataclass_fields__, 0))


def read_figures(
    db: sqlite_utils.Database, campaign_uid: str, unit_codes: tuple[str, ...] | None = None
) -> Loaded:
    """The key figures and the participants per month: what the page shows below its header.

    At the province, of every commune (or of `unit_codes`, the commune chosen)."""
    return overview.figures_and_months(db, campaign_uid, unit_codes)


class OverviewPage(Page):
    """Title, period and deadlines of the campaign; figure cards; the participants chart.

    `figures_shown` is emitted once the figures and the chart of the latest `reload` are on
    screen (`loading` is True until then): tests wait for it, as a user waits for the numbers.
    """

    figures_shown = Signal()

    def __init__(self, ctx: AppContext, parent=None, today: Callable[[], dt.date] = dt.date.today):
        super().__init__(ctx, parent)
        self.today = today
        self.cards: dict[str, FigureCard] = {}
        self.chart_view = None
        self.chart_months: list[tuple[str, int]] = []
        self.loading = False
        self._generation = 0
        self._painted = False
        self._pending_chart: list[tuple[str, int]] | None = None
        content = QWidget()
        content.setStyleSheet(page_style())
        self._layout = QVBoxLayout(content)
        self._layout.setContentsMargins(12, 8, 12, 8)
        self._layout.setSpacing(10)
        self._build_header()
        self._build_cards()
        self.chart_box = QVBoxLayout()
        self.chart_placeholder = QWidget()  # the chart's room, so nothing moves when it comes
        self.chart_placeholder.setMinimumHeight(CHART_HEIGHT)
        self.chart_box.addWidget(self.chart_placeholder)
        self._layout.addLayout(self.chart_box, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        content.installEventFilter(self)  # the first paint (the page itself gets none)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _build_header(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("campaign_title")
        self.title_label.setWordWrap(True)
        self.unit_label = QLabel()
        self.unit_label.setProperty("role", "subtle")
        self.period_label = QLabel()
        self.period_label.setObjectName("campaign_period")
        self.countdown_label = QLabel()
        self.countdown_label.setObjectName("countdown")
        # At the province: the consolidated figures of every commune, or one commune's.
        self.commune = QComboBox(objectName="overview_commune")
        self.commune.setMinimumWidth(260)
        self.commune.setVisible(False)
        self.commune.currentIndexChanged.connect(self.reload)
        self._layout.addWidget(self.title_label)
        self._layout.addWidget(self.unit_label)
        self._layout.addWidget(self.period_label)
        self._layout.addWidget(self.countdown_label, 0, Qt.AlignmentFlag.AlignLeft)
        self._layout.addWidget(self.commune, 0, Qt.AlignmentFlag.AlignLeft)

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
        """The header now; the figures and the chart once read (see the module's docstring)."""
        db, uid = self.ctx.db, self.ctx.campaign_uid
        if office.is_set_up(db):
            unit = office.self_unit(db)
            self.unit_label.setText(unit.place)
        campaign = campaigns.get(db, uid) if uid else None
        self._show_header(campaign)
        units = self._commune_filter()
        self._generation += 1
        self.loading = True
        generation = self._generation
        if not uid:
            QTimer.singleShot(0, self, lambda: self._show_loaded(generation, None))
        elif self._in_memory():
            # Only the window's connection sees an in-memory database: read it on the GUI
            # thread, from the event loop (after this page has been laid out and painted).
            QTimer.singleShot(0, self, lambda: self._read_here(generation, uid, units))
        else:
            self._start_job(Path(self.ctx.db_path), uid, units)

    def _commune_filter(self) -> tuple[str, ...] | None:
        """Fill the province's commune choice (hidden at a commune); the units to count."""
        communes = figures.commune_choices(self.ctx.db) if office.is_set_up(self.ctx.db) else []
        fill_combo(self.commune, [(None, _("Toàn tỉnh: mọi xã, phường")), *communes])
        self.commune.setVisible(bool(communes))
        chosen = self.commune.currentData()
        return (chosen,) if chosen else None

    def _in_memory(self) -> bool:
        return self.ctx.db_path is None or str(self.ctx.db_path) == ":memory:"

    def _read_here(self, generation: int, uid: str, units: tuple[str, ...] | None) -> None:
        if generation == self._generation:
            self._show_loaded(generation, read_figures(self.ctx.db, uid, units))

    def _start_job(self, path: Path, uid: str, units: tuple[str, ...] | None = None) -> None:
        """Read on a worker, on a read-only connection of its own (it can never write, and
        reads a consistent snapshot beside the window's writes); no busy dialog: the cards
        say the figures are loading. A newer reload makes this read's outcome stale."""
        generation = self._generation

        def failed(_error: BaseException) -> bool:
            if generation != self._generation:
                return True  # a newer reload is under way: its own read brings the figures
            self.loading = False
            return False  # the operation shows a known error; a bug reaches the crash dialog

        Operation(
            self,
            lambda job: read_figures(job.db, uid, units),
            on_success=lambda loaded: self._show_loaded(generation, loaded),
            on_failure=failed,
            database=(path, self.ctx.db),
        ).start()

    def _show_loaded(self, generation: int, loaded: Loaded | None) -> None:
        if generation != self._generation:
            return
        figures, months = loaded if loaded is not None else (_NOTHING, [])
        for card in self.cards.values():
            card.show_figures(figures)
        self._pending_chart = months
        if self._painted:
            self._draw_pending_chart()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The first paint of the page's content, which covers the page: then the chart."""
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            watched.removeEventFilter(self)
            if self._pending_chart is not None:
                # After this paint has reached the screen, not inside it.
                QTimer.singleShot(0, self._draw_pending_chart)
        return False

    def _draw_pending_chart(self) -> None:
        if self._pending_chart is None:  # drawn already by a newer load
            return
        months, self._pending_chart = self._pending_chart, None
        self._show_chart(months)
        self.loading = False
        self.figures_shown.emit()

    def _show_header(self, campaign: campaigns.Campaign | None) -> None:
        if campaign is None:
            self.title_label.setText(_("Chưa có kế hoạch nào"))
            self.period_label.clear()
            self.countdown_label.hide()
            return
        self.title_label.setText(campaign.title)
        parts = [
            _("Thời gian: {start} – {end}").format(
                start=formats.date(campaign.start_date), end=formats.date(campaign.end_date)
            )
        ]
        if campaign.festival_day:
            parts.append(_("Ngày hội: {date}").format(date=formats.date(campaign.festival_day)))
        if campaign.report_deadline:
            parts.append(
                _("Hạn báo cáo kết quả: {date}").format(date=formats.date(campaign.report_deadline))
            )
        self.period_label.setText("   ·   ".join(parts))
        text = countdown(campaign, self.today())
        self.countdown_label.setText(text)
        self.countdown_label.setVisible(bool(text))

    def _show_chart(self, months: list[tuple[str, int]]) -> None:
        # QtCharts takes a while to load: only when the chart is first drawn, after first paint.
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
            self.chart_view.setMinimumHeight(CHART_HEIGHT)
            self.chart_box.replaceWidget(self.chart_placeholder, self.chart_view)
            self.chart_placeholder.deleteLater()
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

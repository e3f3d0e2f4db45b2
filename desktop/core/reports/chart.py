"""The bar chart of participants per month, drawn with reportlab graphics (no Qt)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import cm

from desktop.core import formats
from desktop.core.i18n import _
from desktop.core.reports import fonts


def _nice_top(value: int) -> int:
    """A round axis maximum a little above the largest bar."""
    if value <= 0:
        return 10
    step = 10 ** (len(str(value)) - 1)
    return ((value * 11 // 10) // step + 1) * step


def participants_chart(per_month: Sequence[tuple[str, int]], width: float) -> Drawing:
    """Bars per month labelled 'T8/2026' with the count above each bar, in print black and grey."""
    fonts.register()
    height = 7 * cm
    drawing = Drawing(width, height, initialFontName=fonts.REGULAR, initialFontSize=10)
    chart = VerticalBarChart()
    chart.x, chart.y = 1.6 * cm, 1.2 * cm
    chart.width, chart.height = width - 2.2 * cm, height - 2.0 * cm
    values = [count for _month, count in per_month] or [0]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [
        _("T{month}/{year}").format(month=int(month[5:7]), year=month[2:4])
        for month, _count in per_month
    ] or [""]
    chart.categoryAxis.labels.fontName = fonts.REGULAR
    chart.categoryAxis.labels.fontSize = 9 if len(values) > 8 else 11
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_top(max(values))
    chart.valueAxis.valueStep = chart.valueAxis.valueMax // 5 or 1
    chart.valueAxis.labels.fontName = fonts.REGULAR
    chart.valueAxis.labels.fontSize = 9
    chart.valueAxis.labelTextFormat = lambda value: formats.quantity(int(value))
    chart.bars[0].fillColor = colors.Color(0.45, 0.45, 0.45)
    chart.bars[0].strokeColor = colors.black
    chart.barLabelFormat = lambda value: formats.quantity(int(value)) if value else ""
    chart.barLabels.fontName = fonts.REGULAR
    chart.barLabels.fontSize = 8 if len(values) > 8 else 10
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(
        String(0.2 * cm, height - 0.5 * cm, _("Lượt người"), fontName=fonts.ITALIC, fontSize=10)
    )
    return drawing

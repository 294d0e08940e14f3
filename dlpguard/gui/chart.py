"""Incidents over time by category: stacked bars drawn with QPainter (no QtCharts, no web view).

`chart_series(rows)` turns the log's statistics into bars (pure); `IncidentChart` draws them with
the category colours the rest of the app uses, a few date labels and a legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from dlpguard.gui.icons import CATEGORY_COLOURS
from dlpguard.gui.notices import category_label
from dlpguard.incidents.queries import StatRow

#: More buckets than this and the window asks for weeks instead of days.
MAX_BARS = 90


@dataclass(frozen=True)
class Series:
    buckets: tuple[str, ...]  # "2025-03-01" or "2025-W09"
    categories: tuple[str, ...]  # by total, largest first
    counts: dict[str, tuple[int, ...]]  # category -> per bucket

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(self.counts[c][i] for c in self.categories) for i in range(len(self.buckets)))

    @property
    def empty(self) -> bool:
        return not self.buckets


def chart_series(rows: Sequence[StatRow]) -> Series:
    """Rows of `Store.stats(StatsBy.CATEGORY, interval=...)` -> one stacked bar per bucket."""
    buckets = sorted({r.bucket for r in rows if r.bucket})
    position = {b: i for i, b in enumerate(buckets)}
    table: dict[str, list[int]] = {}
    for r in rows:
        if not r.bucket:
            continue
        table.setdefault(r.key, [0] * len(buckets))[position[r.bucket]] += r.incidents
    categories = tuple(sorted(table, key=lambda c: (-sum(table[c]), c)))
    return Series(tuple(buckets), categories, {c: tuple(v) for c, v in table.items()})


class IncidentChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series = Series((), (), {})
        self.loading = True
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(600, 170)

    def set_series(self, series: Series) -> None:
        self.series = series
        self.loading = False
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        painter.fillRect(rect, QColor("#ffffff"))
        painter.setPen(QPen(QColor("#e4e7eb")))
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        title = QFont(self.font())
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(QColor("#1f2933"))
        painter.drawText(
            QRectF(14, 8, rect.width() - 28, 20), Qt.AlignmentFlag.AlignLeft, "Incidents over time"
        )
        painter.setFont(self.font())
        series = self.series
        if series.empty:
            painter.setPen(QColor("#7b8794"))
            text = "Loading…" if self.loading else "No incidents in this view"
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            painter.end()
            return
        legend_width = self._legend(painter, rect, series)
        plot = QRectF(44, 34, rect.width() - 44 - legend_width - 24, rect.height() - 34 - 26)
        self._bars(painter, plot, series)
        painter.end()

    def _legend(self, painter: QPainter, rect: QRectF, series: Series) -> float:
        metrics = painter.fontMetrics()
        shown = series.categories[:6]
        width = max((metrics.horizontalAdvance(category_label(c)) for c in shown), default=0) + 22
        x = rect.width() - width - 14
        y = 36.0
        for category in shown:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(CATEGORY_COLOURS.get(category, "#7b8794")))
            painter.drawRoundedRect(QRectF(x, y + 3, 10, 10), 2, 2)
            painter.setPen(QColor("#3e4c59"))
            painter.drawText(
                QRectF(x + 16, y, width, 16), Qt.AlignmentFlag.AlignLeft, category_label(category)
            )
            y += 19
        return width

    def _bars(self, painter: QPainter, plot: QRectF, series: Series) -> None:
        totals = series.totals
        peak = max(max(totals), 1)
        n = len(series.buckets)
        slot = plot.width() / n
        bar = max(1.0, min(28.0, slot * 0.7))
        painter.setPen(QPen(QColor("#e4e7eb"), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() - 1.5))
        painter.setFont(small)
        for fraction in (0.0, 0.5, 1.0):
            y = plot.bottom() - fraction * plot.height()
            painter.setPen(QPen(QColor("#e4e7eb"), 1))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(QColor("#7b8794"))
            painter.drawText(
                QRectF(0, y - 8, plot.left() - 6, 16),
                Qt.AlignmentFlag.AlignRight,
                f"{round(peak * fraction):,}",
            )
        for i in range(n):
            x = plot.left() + i * slot + (slot - bar) / 2
            y = plot.bottom()
            for category in reversed(series.categories):
                count = series.counts[category][i]
                if not count:
                    continue
                height = plot.height() * count / peak
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(CATEGORY_COLOURS.get(category, "#7b8794")))
                painter.drawRect(QRectF(x, y - height, bar, height))
                y -= height
        labels = min(n, 6)
        painter.setPen(QColor("#7b8794"))
        for k in range(labels):
            i = round(k * (n - 1) / max(labels - 1, 1))
            centre = plot.left() + i * slot + slot / 2
            text = series.buckets[i][5:] if len(series.buckets[i]) == 10 else series.buckets[i]
            painter.drawText(
                QRectF(centre - 40, plot.bottom() + 4, 80, 16), Qt.AlignmentFlag.AlignHCenter, text
            )

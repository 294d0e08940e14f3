"""Findings by category over time: stacked bars drawn with QPainter (no QtCharts, no web view).

`chart_series(rows)` turns the log's statistics into bars (pure); `IncidentChart` draws them with
the category colours the rest of the app uses, a few date labels and a legend of every category shown.

The bars count findings, not incidents: one paste with a card and an email is one incident and two
findings, so stacking per-category counts can only add up to findings. The title says so, and gives
the number of incidents beside it. Text and frame follow the widget's palette (light or dark).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from dlpguard.gui.icons import CATEGORY_COLOURS
from dlpguard.gui.notices import category_label
from dlpguard.gui.review_theme import readable, theme_for
from dlpguard.incidents.queries import StatRow

#: More buckets than this and the window asks for weeks instead of days.
MAX_BARS = 90
LEGEND_ROW = 17


@dataclass(frozen=True)
class Series:
    buckets: tuple[str, ...]  # "2025-03-01" or "2025-W09"
    categories: tuple[str, ...]  # by total, largest first
    counts: dict[str, tuple[int, ...]]  # category -> findings per bucket
    incidents: int = 0  # incidents in the view (an incident may hold findings of several categories)

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(self.counts[c][i] for c in self.categories) for i in range(len(self.buckets)))

    @property
    def empty(self) -> bool:
        return not self.buckets


def chart_series(rows: Sequence[StatRow], incidents: int = 0) -> Series:
    """Rows of `Store.stats(StatsBy.CATEGORY, interval=...)` -> one stacked bar of findings per bucket."""
    buckets = sorted({r.bucket for r in rows if r.bucket})
    position = {b: i for i, b in enumerate(buckets)}
    table: dict[str, list[int]] = {}
    for r in rows:
        if not r.bucket:
            continue
        table.setdefault(r.key, [0] * len(buckets))[position[r.bucket]] += r.findings
    categories = tuple(sorted(table, key=lambda c: (-sum(table[c]), c)))
    return Series(tuple(buckets), categories, {c: tuple(v) for c, v in table.items()}, incidents)


def chart_title(series: Series, interval: str = "day") -> str:
    """What the bars count, with the incidents beside it, so 264 findings in 193 incidents add up."""
    title = f"Findings by category, per {interval}"
    if series.empty:
        return title
    findings = sum(series.totals)
    return f"{title} · {findings:,} findings in {series.incidents:,} incidents"


class IncidentChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series = Series((), (), {})
        self.interval = "day"
        self.loading = True
        self.legend_entries: list[str] = []  # what the last paint put in the legend (tests read it)
        self._theme = theme_for(QPalette())
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(600, 170)

    def set_series(self, series: Series, interval: str = "day") -> None:
        self.series = series
        self.interval = interval
        self.loading = False
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        theme = theme_for(self.palette())
        self._theme = theme
        painter.fillRect(rect, theme.base)
        painter.setPen(QPen(theme.border))
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        title = QFont(self.font())
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(theme.text)
        painter.drawText(
            QRectF(14, 8, rect.width() - 28, 20),
            Qt.AlignmentFlag.AlignLeft,
            chart_title(self.series, self.interval),
        )
        painter.setFont(self.font())
        series = self.series
        if series.empty:
            painter.setPen(theme.muted)
            text = "Loading…" if self.loading else "No incidents in this view"
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            painter.end()
            return
        legend_width = self._legend(painter, rect, series)
        plot = QRectF(44, 34, rect.width() - 44 - legend_width - 24, rect.height() - 34 - 26)
        self._bars(painter, plot, series)
        painter.end()

    def _bar_colour(self, category: str) -> QColor:
        """The category's colour, lifted where it would vanish into a dark base (WCAG 3:1 for shapes)."""
        return readable(CATEGORY_COLOURS.get(category, "#7b8794"), self._theme.base, 3.0)

    def legend_layout(self, height: float, count: int) -> tuple[int, int]:
        """(rows, columns) so that every category in the view has its legend entry."""
        rows = max(1, int((height - 40) // LEGEND_ROW))
        return rows, max(1, -(-count // rows))

    def _legend(self, painter: QPainter, rect: QRectF, series: Series) -> float:
        metrics = painter.fontMetrics()
        shown = series.categories  # all of them: a bar colour without a legend entry is a riddle
        column_width = max((metrics.horizontalAdvance(category_label(c)) for c in shown), default=0) + 26
        rows, columns = self.legend_layout(rect.height(), len(shown))
        width = column_width * columns
        left = rect.width() - width - 14
        self.legend_entries = []
        for i, category in enumerate(shown):
            x = left + (i // rows) * column_width
            y = 36.0 + (i % rows) * LEGEND_ROW
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._bar_colour(category))
            painter.drawRoundedRect(QRectF(x, y + 3, 10, 10), 2, 2)
            painter.setPen(self._theme.text)
            painter.drawText(
                QRectF(x + 16, y, column_width - 16, 16), Qt.AlignmentFlag.AlignLeft, category_label(category)
            )
            self.legend_entries.append(category)
        return width

    def _bars(self, painter: QPainter, plot: QRectF, series: Series) -> None:
        totals = series.totals
        peak = max(max(totals), 1)
        n = len(series.buckets)
        slot = plot.width() / n
        bar = max(1.0, min(28.0, slot * 0.7))
        theme = self._theme
        painter.setPen(QPen(theme.grid, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() - 1.5))
        painter.setFont(small)
        for fraction in (0.0, 0.5, 1.0):
            y = plot.bottom() - fraction * plot.height()
            painter.setPen(QPen(theme.grid, 1))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(theme.muted)
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
                painter.setBrush(self._bar_colour(category))
                painter.drawRect(QRectF(x, y - height, bar, height))
                y -= height
        labels = min(n, 6)
        painter.setPen(theme.muted)
        for k in range(labels):
            i = round(k * (n - 1) / max(labels - 1, 1))
            centre = plot.left() + i * slot + slot / 2
            text = series.buckets[i][5:] if len(series.buckets[i]) == 10 else series.buckets[i]
            painter.drawText(
                QRectF(centre - 40, plot.bottom() + 4, 80, 16), Qt.AlignmentFlag.AlignHCenter, text
            )

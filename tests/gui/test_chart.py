"""Incidents over time by category: the log's statistics as stacked bars."""

from __future__ import annotations

from dlpguard.gui.chart import IncidentChart, chart_series
from dlpguard.incidents.queries import StatRow


def test_rows_become_one_stacked_bar_per_bucket():
    rows = [
        StatRow("2025-03-01", "secret", 3, 4),
        StatRow("2025-03-01", "contact", 1, 1),
        StatRow("2025-03-03", "contact", 5, 6),
        StatRow(None, "secret", 9, 9),  # no bucket: not a bar
    ]
    series = chart_series(rows)
    assert series.buckets == ("2025-03-01", "2025-03-03")
    assert series.categories == ("contact", "secret")  # largest total first
    assert series.counts == {"secret": (3, 0), "contact": (1, 5)}
    assert series.totals == (4, 5)


def test_the_chart_draws_loading_empty_and_data(qtbot):
    chart = IncidentChart()
    qtbot.addWidget(chart)
    chart.resize(700, 170)
    assert not chart.grab().isNull()  # "Loading…"
    chart.set_series(chart_series([]))
    assert chart.series.empty and not chart.grab().isNull()
    chart.set_series(chart_series([StatRow(f"2025-03-{d:02d}", "secret", d, d) for d in range(1, 29)]))
    image = chart.grab().toImage()
    reds = sum(
        1 for x in range(0, 700, 7) for y in range(30, 150, 5) if image.pixelColor(x, y).name() == "#d64545"
    )
    assert reds > 20  # the secret category's colour fills the bars

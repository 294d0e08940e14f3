"""Findings by category over time: the log's statistics as stacked bars, titled for what they count."""

from __future__ import annotations

from dlpguard.engine.types import Category
from dlpguard.gui.chart import IncidentChart, chart_series, chart_title
from dlpguard.gui.review_theme import dark_palette
from dlpguard.incidents.queries import StatRow


def test_rows_become_one_stacked_bar_of_findings_per_bucket():
    rows = [
        StatRow("2025-03-01", "secret", 3, 4),
        StatRow("2025-03-01", "contact", 1, 1),
        StatRow("2025-03-03", "contact", 5, 6),
        StatRow(None, "secret", 9, 9),  # no bucket: not a bar
    ]
    series = chart_series(rows, incidents=8)
    assert series.buckets == ("2025-03-01", "2025-03-03")
    assert series.categories == ("contact", "secret")  # largest total first
    assert series.counts == {"secret": (4, 0), "contact": (1, 6)}  # findings, which do add up
    assert series.totals == (5, 6)


def test_the_title_says_findings_and_gives_the_incidents_beside_them():
    series = chart_series([StatRow("2025-03-01", "secret", 2, 3), StatRow("2025-03-01", "contact", 2, 2)], 3)
    title = chart_title(series, "day")
    assert title == "Findings by category, per day · 5 findings in 3 incidents"
    assert "Incidents over time" not in title


def test_every_category_in_the_view_gets_a_legend_entry(qtbot):
    chart = IncidentChart()
    qtbot.addWidget(chart)
    chart.resize(900, 170)
    rows = [StatRow("2025-03-01", c.value, 1, i + 1) for i, c in enumerate(Category)]
    chart.set_series(chart_series(rows, len(rows)))
    chart.grab()
    assert sorted(chart.legend_entries) == sorted(c.value for c in Category)


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


def test_on_a_dark_palette_the_chart_background_is_dark(qtbot):
    chart = IncidentChart()
    qtbot.addWidget(chart)
    chart.setPalette(dark_palette())
    chart.resize(700, 170)
    chart.set_series(chart_series([StatRow("2025-03-01", "secret", 1, 1)], 1))
    image = chart.grab().toImage()
    assert image.pixelColor(20, 160).lightness() < 60  # the base colour, not a fixed white

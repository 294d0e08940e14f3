"""The review window follows the palette: on a dark desktop its table cells and detail pane stay readable.

The contrast checks use the WCAG 2.x ratio (>= 4.5:1 for text) between what each cell or text run is
drawn in and what it is drawn on, for every column of every loaded row (detections, refusals, pauses)
and every coloured run of the detail pane; the rendered pixels prove no light background is left.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from dlpguard.gui.review_model import COLUMNS
from dlpguard.gui.review_theme import MIN_CONTRAST, contrast_ratio, dark_palette, readable, theme_for
from dlpguard.gui.review_window import incident_html
from tests.gui.review_fixtures import TIMEOUT, add_pauses, open_window, select

_COLOURED_RUN = re.compile(r"color:\s*(#[0-9a-fA-F]{6})[^>]*>([^<]*)<")


@pytest.fixture(params=["light", "dark"])
def palette_name(request, qapp):
    before = qapp.palette()
    if request.param == "dark":
        qapp.setPalette(dark_palette())
    else:
        qapp.setPalette(qapp.style().standardPalette())
    yield request.param
    qapp.setPalette(before)


@pytest.fixture
def themed_window(qtbot, small_log, background, palette_name):
    ids = add_pauses()
    for win in open_window(qtbot, background):
        win.pause_ids = ids
        yield win


def test_contrast_ratio_matches_the_wcag_reference_values():
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#123456"), QColor("#123456")) == pytest.approx(1.0)


@pytest.mark.parametrize("colour", ["#c53030", "#7b8794", "#34495e", "#b7791f"])
@pytest.mark.parametrize("background", ["#ffffff", "#16181b", "#202326"])
def test_readable_lifts_an_accent_to_the_aa_ratio(colour, background):
    assert contrast_ratio(readable(colour, QColor(background)), QColor(background)) >= MIN_CONTRAST


def test_the_old_hard_coded_colours_failed_on_dark():
    """What the tester saw: the light theme's red and grey on a dark base are below AA."""
    base = dark_palette().color(QPalette.ColorRole.Base)
    assert contrast_ratio(QColor("#c53030"), base) < MIN_CONTRAST
    assert contrast_ratio(QColor("#34495e"), base) < MIN_CONTRAST


def test_every_table_cell_is_readable_on_its_background(themed_window, palette_name):
    win = themed_window
    assert win.theme.dark is (palette_name == "dark")
    model, palette = win.model, win.table.palette()
    assert {row.kind for row in model.rows} >= {"pause", "detection"}
    checked = 0
    for r in range(model.rowCount()):
        for c in range(len(COLUMNS)):
            index = model.index(r, c)
            fg = model.data(index, Qt.ItemDataRole.ForegroundRole)
            bg = model.data(index, Qt.ItemDataRole.BackgroundRole)
            fg_colour = fg.color() if fg is not None else palette.color(QPalette.ColorRole.Text)
            bg_colour = bg.color() if bg is not None else palette.color(QPalette.ColorRole.Base)
            ratio = contrast_ratio(fg_colour, bg_colour)
            assert ratio >= MIN_CONTRAST, (r, COLUMNS[c].title, model.data(index), fg_colour.name(), ratio)
            checked += 1
    assert checked == model.rowCount() * len(COLUMNS) >= 200 * len(COLUMNS)
    highlight = contrast_ratio(
        palette.color(QPalette.ColorRole.HighlightedText), palette.color(QPalette.ColorRole.Highlight)
    )
    assert highlight >= MIN_CONTRAST  # a selected row (the style sheet deepens a pale highlight)


def test_the_rendered_table_and_detail_pane_use_the_palette_background(themed_window, palette_name):
    win = themed_window
    image = win.table.viewport().grab().toImage()
    empty = image.pixelColor(image.width() - 3, image.height() - 3)  # below or beside the rows
    cell = image.pixelColor(image.width() // 2, 40)
    detail = win.detail.viewport().grab().toImage().pixelColor(5, 5)
    for colour in (empty, detail):
        if palette_name == "dark":
            assert colour.lightness() < 80, colour.name()
        else:
            assert colour.lightness() > 200, colour.name()
    assert cell.isValid()


def _runs(html_text: str) -> list[tuple[str, str]]:
    return [(colour, text) for colour, text in _COLOURED_RUN.findall(html_text) if text.strip()]


def test_every_coloured_run_of_the_detail_pane_is_readable(themed_window, qtbot, palette_name):
    win = themed_window
    base = win.detail.palette().color(QPalette.ColorRole.Base)
    text = win.detail.palette().color(QPalette.ColorRole.Text)
    assert contrast_ratio(text, base) >= MIN_CONTRAST
    shown = 0
    for incident_id in [*win.pause_ids[:2], win.model.rows[5].id]:
        win.show_incident(incident_id)
        if win.current.record.findings:
            qtbot.waitUntil(lambda: win.recurrences is not None, timeout=TIMEOUT)
        html_text = incident_html(win.current, win.recurrences, win.history, win.theme)
        runs = [(c, t) for c, t in _runs(html_text) if t.strip() != "■"]  # the swatch is not text
        assert runs
        for colour, run in runs:
            ratio = contrast_ratio(QColor(colour), base)
            assert ratio >= MIN_CONTRAST, (run, colour, base.name(), ratio)
            shown += 1
    assert shown >= 10


def test_a_live_palette_change_recolours_the_open_window(qtbot, small_log, background, qapp):
    before = qapp.palette()
    qapp.setPalette(qapp.style().standardPalette())
    try:
        for win in open_window(qtbot, background):
            select(qtbot, win, 0)
            assert not win.theme.dark
            QApplication.setPalette(dark_palette())
            qtbot.waitUntil(lambda win=win: win.theme.dark, timeout=TIMEOUT)
            assert win.model.theme.dark
            assert win.theme.muted.name() in win.detail.toHtml()  # the pane was drawn again, dark
    finally:
        qapp.setPalette(before)


def test_the_theme_of_a_broken_palette_still_has_readable_text():
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#252525"))  # text the colour of its background
    theme = theme_for(palette)
    assert contrast_ratio(theme.text, theme.base) >= MIN_CONTRAST

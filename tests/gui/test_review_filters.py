"""Filters a reviewer expects: decision, a site search by part of the name, "seen in N incidents" as a
link to those incidents, sorting by severity, and saved filters kept per user in a private file."""

from __future__ import annotations

import json
import stat

import pytest
from PySide6.QtCore import Qt, QUrl

from dlpguard.engine.types import Action, UserDecision
from dlpguard.gui.review_model import SEVERITY_COLUMN
from dlpguard.gui.saved_filters import FilterState, SavedFilters
from dlpguard.incidents.queries import IncidentFilter
from tests.gui.review_fixtures import TIMEOUT, open_window, select


@pytest.fixture
def window(qtbot, small_log, background):
    yield from open_window(qtbot, background)


def test_the_decision_filter_shows_only_that_choice(window):
    window.decision.setCurrentIndex(window.decision.findData(UserDecision.SEND_ANYWAY))
    assert window.model.filter.decision is UserDecision.SEND_ANYWAY
    assert window.model.rows and all(row.decision == "send_anyway" for row in window.model.rows)
    assert window.model.total == window.source.store.count(IncidentFilter(decision=UserDecision.SEND_ANYWAY))


@pytest.mark.parametrize("typed, expected", [("google", {"gemini.google.com"}), ("CLAUDE", {"claude.ai"})])
def test_the_site_search_matches_part_of_the_name(window, qtbot, typed, expected):
    qtbot.keyClicks(window.site, typed)
    qtbot.keyClick(window.site, Qt.Key.Key_Return)
    assert {row.site for row in window.model.rows} == expected
    assert window.model.total > 0


def test_seen_in_n_incidents_is_a_link_to_exactly_those_incidents(window, qtbot):
    select(qtbot, window, 0)
    qtbot.waitUntil(lambda: window.recurrences is not None, timeout=TIMEOUT)
    fingerprint, seen = max(window.recurrences.items(), key=lambda kv: kv[1])
    assert seen > 1
    assert f"fingerprint:{fingerprint}" in window.detail.toHtml()  # the text is a link
    window.detail.anchorClicked.emit(QUrl(f"fingerprint:{fingerprint}"))  # what a click on it sends
    assert window.model.filter.fingerprint == fingerprint
    assert window.model.total == seen
    assert all(
        fingerprint in {f.fingerprint for f in window.source.store.get(row.id).record.findings}
        for row in window.model.rows
    )
    assert window.fingerprint_chip.isVisible() and fingerprint[:12] in window.fingerprint_chip.text()
    window.fingerprint_chip.click()
    assert window.model.filter.fingerprint is None and window.model.total == 300


def test_a_malformed_fingerprint_link_changes_nothing(window):
    window.detail.anchorClicked.emit(QUrl("fingerprint:' OR 1=1 --"))
    assert window.model.filter.fingerprint is None and window.model.total == 300


def test_sorting_by_severity_puts_the_worst_first(window):
    window.table.horizontalHeader().setSortIndicator(SEVERITY_COLUMN, Qt.SortOrder.DescendingOrder)
    severities = [row.severity for row in window.model.rows]
    assert severities == sorted(severities, reverse=True) and severities[0] == 3
    window.table.horizontalHeader().setSortIndicator(SEVERITY_COLUMN, Qt.SortOrder.AscendingOrder)
    assert window.model.rows[0].severity < 3


def test_a_saved_filter_is_kept_in_a_private_file_and_comes_back_in_a_new_window(
    window, qtbot, background, gui_env
):
    window.action.setCurrentIndex(window.action.findData(Action.BLOCK))
    window.reviewed.setCurrentIndex(window.reviewed.findData(False))
    window.site.setText("deepseek")
    window.apply_filters()
    expected = window.model.total
    window.save_filter("Unreviewed DeepSeek blocks")
    path = SavedFilters().path
    assert path.is_relative_to(gui_env.root / "config")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    stored = json.loads(path.read_text(encoding="utf-8"))["filters"]
    assert stored[0]["name"] == "Unreviewed DeepSeek blocks" and stored[0]["state"]["search"] == "deepseek"
    window.close()

    for again in open_window(qtbot, background):
        assert again.model.total == 300  # a new window starts unfiltered...
        names = [again.saved_combo.itemText(i) for i in range(again.saved_combo.count())]
        assert "Unreviewed DeepSeek blocks" in names
        assert again.apply_saved_filter("Unreviewed DeepSeek blocks")  # ...until the filter is chosen
        assert again.model.total == expected
        assert again.action.currentData() == Action.BLOCK and again.site.text() == "deepseek"
        assert all(r.site == "chat.deepseek.com" and r.action == "block" for r in again.model.rows)


def test_saving_under_a_used_name_replaces_it_and_delete_removes_it(window):
    window.save_filter("mine")
    window.decision.setCurrentIndex(window.decision.findData(UserDecision.CANCEL))
    window.save_filter("mine")
    (entry,) = SavedFilters().load()
    assert entry.state.decision is UserDecision.CANCEL
    window.saved_combo.setCurrentIndex(window.saved_combo.findData("mine"))
    window.delete_filter_button.click()
    assert SavedFilters().load() == [] and window.saved_combo.count() == 1


def test_a_tampered_saved_filter_file_is_read_as_data_and_bad_entries_skipped(gui_env):
    saved = SavedFilters()
    saved.save("good", FilterState(action=Action.BLOCK))
    data = json.loads(saved.path.read_text(encoding="utf-8"))
    data["filters"].append({"name": "bad", "state": {"fingerprint": "not hex", "exec": "rm -rf /"}})
    saved.path.write_text(json.dumps(data), encoding="utf-8")
    assert [f.name for f in saved.load()] == ["good"]
    saved.path.write_text("{not json", encoding="utf-8")
    assert saved.load() == []


def test_the_filter_state_round_trips_through_the_filter_bar(window):
    state = FilterState(
        period_days=7, action=Action.WARN, decision=UserDecision.NONE, reviewed=True, search="claude"
    )
    window.set_filter_state(state)
    assert window.filter_state() == state
    assert window.model.filter.site_contains == "claude" and window.model.filter.since is not None

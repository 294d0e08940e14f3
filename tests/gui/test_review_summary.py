"""The per-site and per-user summary: counts that match the log, users from the exported logs' names."""

from __future__ import annotations

import pytest

from dlpguard.engine.types import Action, UserDecision
from dlpguard.gui.review_data import open_exported, own_log
from dlpguard.gui.review_summary import SummaryBy, summarise
from dlpguard.incidents.export import ExportFormat
from dlpguard.incidents.queries import IncidentFilter
from dlpguard.incidents.store import Store, default_path
from tests.gui.review_fixtures import TIMEOUT, add_pauses, open_window


def test_the_site_summary_matches_counts_taken_one_by_one(small_log):
    add_pauses()
    source = own_log()
    try:
        rows = {row.key: row for row in summarise(source, IncidentFilter(), SummaryBy.SITE)}
        store = source.store
        for site in ("chatgpt.com", "claude.ai", "Code"):
            flt = IncidentFilter(site=site)
            assert rows[site].incidents == store.count(flt)
            assert rows[site].blocked == store.count(IncidentFilter(site=site, action=Action.BLOCK))
            assert rows[site].unreviewed == store.count(IncidentFilter(site=site, reviewed=False))
            refused = store.count(IncidentFilter(site=site, outcome="refused"))  # type: ignore[arg-type]
            assert rows[site].refused == refused
            anyway = IncidentFilter(site=site, decision=UserDecision.SEND_ANYWAY, outcome="sent")  # type: ignore[arg-type]
            assert rows[site].sent_anyway == store.count(anyway)
        assert sum(r.incidents for r in rows.values()) == 300
        assert rows["—"].pauses == 3 and rows["—"].incidents == 0  # pauses, old and new, are not incidents
        (mine,) = summarise(source, IncidentFilter(), SummaryBy.USER)
        assert mine.key == source.user and mine.incidents == 300 and mine.pauses == 3
    finally:
        source.close()


def test_the_user_summary_names_each_exported_log(qtbot, small_log, background, tmp_path):
    """Two employees' exports opened together: one row per export, each with its own incidents."""
    alice, bob = tmp_path / "alice-laptop.jsonl", tmp_path / "bob-desktop.db"
    with Store(default_path()) as store, Store(bob) as other:
        items = list(store.iter_all())
        for item in items[:40]:
            other.append(item.record.model_copy(update={"id": "b" + item.id[1:]}))
        with alice.open("w", encoding="utf-8") as stream:
            from dlpguard.incidents.export import write_export

            write_export(iter(items[40:100]), stream, ExportFormat.JSONL)
    source = open_exported([alice, bob])
    try:
        rows = {row.key: row for row in summarise(source, IncidentFilter(), SummaryBy.USER)}
        assert {k: r.incidents for k, r in rows.items()} == {"alice-laptop": 60, "bob-desktop": 40}
        blocked = summarise(source, IncidentFilter(action=Action.BLOCK), SummaryBy.USER)
        assert sum(r.incidents for r in blocked) == source.store.count(IncidentFilter(action=Action.BLOCK))
    finally:
        source.close()


@pytest.fixture
def window(qtbot, small_log, background):
    yield from open_window(qtbot, background)


def test_the_summary_window_follows_the_filter_and_a_site_opens_its_incidents(window, qtbot):
    dialog = window.open_summary()
    qtbot.waitUntil(lambda: dialog.property("loaded") is not None, timeout=TIMEOUT)
    table = dialog.tables[SummaryBy.SITE]
    sites = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert sorted(sites) == sorted({item.record.site for item in window.source.store.iter_all()})
    row = sites.index("claude.ai")
    table.cellActivated.emit(row, 0)  # Enter or double-click on the row
    assert window.site.text() == "claude.ai" and {r.site for r in window.model.rows} == {"claude.ai"}
    qtbot.waitUntil(lambda: dialog.tables[SummaryBy.SITE].rowCount() == 1, timeout=TIMEOUT)


def test_the_summary_shows_which_ai_services_were_opened_and_on_how_many_days(window, qtbot):
    from datetime import UTC, datetime, timedelta

    from dlpguard.incidents.visits import count_visit

    store = window.source.store
    now = datetime.now(UTC)
    for when in (now, now, now - timedelta(days=3)):
        count_visit(store, "deepseek", now=when)
    count_visit(store, "claude", now=now)
    count_visit(store, "kimi", now=now - timedelta(days=45))  # outside the window
    dialog = window.open_summary()
    qtbot.waitUntil(lambda: dialog.visits.rowCount() == 2, timeout=TIMEOUT)
    rows = [[dialog.visits.item(r, c).text() for c in range(3)] for r in range(2)]
    assert rows == [["deepseek", "3", "2"], ["claude", "1", "1"]]

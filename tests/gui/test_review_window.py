"""The review window: table, chart, detail pane, marking reviewed, export, and read-only exported logs."""

from __future__ import annotations

import csv
import json
import stat
import threading
import time

import pytest
from PySide6.QtCore import QModelIndex

from dlpguard.bridge.server import BridgeServer
from dlpguard.engine.types import Category
from dlpguard.gui.chart import chart_title
from dlpguard.gui.review_data import ReviewSource, open_exported, own_log
from dlpguard.gui.review_model import COLUMNS, REVIEWED_COLUMN
from dlpguard.gui.review_window import ReviewWindow, explain, incident_html
from dlpguard.incidents.export import ExportFormat
from dlpguard.incidents.model import Outcome
from dlpguard.incidents.queries import CATEGORY_SEVERITY
from dlpguard.incidents.store import Store, default_path
from tests.bridge.conftest import CARD, HostProcess, request, scan_request
from tests.gui.conftest import AWS_KEY
from tests.gui.data import VALUES, incident_id
from tests.gui.test_app import ask_bridge

TIMEOUT = 30_000


@pytest.fixture
def window(qtbot, small_log, background):
    source = own_log()
    win = ReviewWindow(source, background)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not win.chart.loading, timeout=TIMEOUT)
    yield win
    win.close()
    background.wait()
    source.close()


def select(qtbot, win: ReviewWindow, row: int) -> str:
    win.table.selectRow(row)
    incident = win.model.incident_id(row)
    qtbot.waitUntil(lambda: win.current is not None and win.current.id == incident, timeout=TIMEOUT)
    return incident


def test_the_window_shows_the_log_with_its_chart(window):
    assert window.model.total == 300 and window.model.rowCount() == 200
    assert window.count_label.text() == "showing 200 of 300 incidents"
    assert not window.chart.series.empty and set(window.chart.series.categories) <= {
        c.value for c in Category
    }
    assert sum(window.chart.series.totals) >= 300


def test_choosing_a_filter_reloads_the_table_and_chart(window, qtbot):
    window.category.setCurrentIndex(window.category.findData(Category.SECRET))
    assert window.model.filter.category is Category.SECRET
    assert all("secret" in row.categories for row in window.model.rows)
    qtbot.waitUntil(
        lambda: not window.chart.loading and bool(window.chart.series.categories), timeout=TIMEOUT
    )
    assert "secret" in window.chart.series.categories


def test_the_detail_pane_shows_previews_fingerprints_and_recurrence(window, qtbot):
    incident = select(qtbot, window, 0)
    text = window.detail.toPlainText()
    item = window.source.store.get(incident)
    for finding in item.record.findings:
        assert finding.fingerprint[:12] in text
        assert (finding.preview or "(no preview)") in text
    qtbot.waitUntil(
        lambda: "seen in" in window.detail.toPlainText(), timeout=TIMEOUT
    )  # 300 incidents, 9 values
    assert not any(value in window.detail.toPlainText() for _, _, value in VALUES)


def test_marking_reviewed_records_the_note_and_updates_the_row(window, qtbot):
    incident = select(qtbot, window, 3)
    assert window.mark_button.isEnabled()
    window.note.setPlainText("checked with the team: test data")
    window.mark_button.click()
    stored = window.source.store.get(incident)
    assert stored.reviewed_at is not None and stored.review_note == "checked with the team: test data"
    assert window.model.data(window.model.index(3, REVIEWED_COLUMN)) == "✓"
    assert not window.mark_button.isEnabled()
    assert "checked with the team" in window.detail.toPlainText()


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_writes_the_filtered_view_to_a_private_file(window, qtbot, tmp_path, fmt):
    window.category.setCurrentIndex(window.category.findData(Category.FINANCIAL))
    target = tmp_path / f"out.{fmt.value}"
    done: list[int] = []
    window.export_to(target, fmt, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=TIMEOUT)
    assert done[0] == window.model.total
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    if fmt is ExportFormat.CSV:
        rows = list(csv.DictReader(target.open(encoding="utf-8")))
        assert len(rows) == done[0] and all("financial" in r["categories"] for r in rows)
    else:
        lines = target.read_text(encoding="utf-8").splitlines()
        assert len(lines) == done[0] and all(
            "financial" in json.loads(line)["counts_by_category"] for line in lines
        )


def test_the_export_menu_offers_every_registered_format(window):
    labels = [a.text() for a in window.export_button.menu().actions()]
    assert labels == [f"{fmt.label}…" for fmt in ExportFormat]
    assert len(labels) == len(set(labels)) >= 2


def test_an_exported_log_opens_read_only_with_its_review_state(qtbot, small_log, background, tmp_path):
    with Store(default_path()) as store:
        store.mark_reviewed(incident_id(5), "known test key", reviewer="alex")
    exported = tmp_path / "desktop-a.jsonl"
    window = ReviewWindow(own_log(), background)
    qtbot.addWidget(window)
    done: list[int] = []
    window.export_to(exported, ExportFormat.JSONL, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=TIMEOUT)
    window.close()
    window.source.close()

    source = open_exported([exported])
    reviewer = ReviewWindow(source, background)
    qtbot.addWidget(reviewer)
    try:
        assert source.read_only and "read-only" in reviewer.windowTitle()
        assert reviewer.model.total == 300
        assert not reviewer.note.parentWidget().isVisibleTo(reviewer)
        reviewed = source.store.get(incident_id(5))
        assert reviewed.review_note == "known test key" and reviewed.reviewed_by == "alex"
        reviewer.show_incident(incident_id(5))
        assert not reviewer.mark_button.isEnabled()
    finally:
        reviewer.close()
        background.wait()
        source.close()


def test_logs_from_several_desktops_open_as_one(qtbot, small_log, tmp_path):
    copy = tmp_path / "desktop-b.db"
    with Store(default_path()) as store, Store(copy) as other:
        for item in list(store.iter_all())[:10]:
            other.append(item.record.model_copy(update={"id": item.id.replace("-", "b", 1)}))
    source = open_exported([default_path(), copy])
    try:
        assert source.store.count() == 310 and source.label == "2 exported logs"
    finally:
        source.close()
    assert not source._tmp  # the temporary copy is gone


def test_the_html_detail_escapes_what_people_typed(small_log):
    with Store(default_path()) as store:
        item = store.mark_reviewed(incident_id(1), "<script>alert(1)</script>")
    assert "<script>" not in incident_html(item) and "&lt;script&gt;" in incident_html(item)


def test_the_bridge_keeps_answering_while_the_window_loads_100000_incidents(
    qtbot, big_store, services, background, gui_env
):
    server = BridgeServer(services)
    server.start()
    services.engine()  # loaded once at app start, as the tray app does
    latencies: list[float] = []
    stop = threading.Event()

    def browser() -> None:
        i = 0
        while not stop.is_set():
            started = time.perf_counter()
            reply = ask_bridge(server.address, scan_request(f"r{i}", f"card {CARD}"))
            assert reply["action"] == "block"
            latencies.append(time.perf_counter() - started)
            i += 1

    thread = threading.Thread(target=browser, daemon=True)
    thread.start()
    source = ReviewSource(big_store, "100k", read_only=True, owns_store=False)
    try:
        qtbot.waitUntil(lambda: len(latencies) >= 3, timeout=TIMEOUT)
        before = len(latencies)
        window = ReviewWindow(source, background)
        qtbot.addWidget(window)
        window.show()
        for _ in range(50):  # the user scrolls through 10,000 rows
            window.model.fetchMore(QModelIndex())
            qtbot.wait(1)  # let queued events (and the chart's statistics) through
        qtbot.waitUntil(lambda: not window.chart.loading, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: len(latencies) >= before + 5, timeout=TIMEOUT)
        assert window.model.rowCount() == 51 * 200
    finally:
        stop.set()
        thread.join(30)
        server.stop()
    during = latencies[before:]
    assert len(during) >= 5
    assert max(during) < 2.0, f"a browser waited {max(during):.2f} s while the review window loaded"


def test_read_only_sources_never_close_a_store_they_do_not_own(big_store):
    ReviewSource(big_store, "x", read_only=True, owns_store=False).close()
    assert big_store.count() > 0


def test_private_export_files_are_user_only(tmp_path):
    from dlpguard.gui.review_window import open_private

    with open_private(tmp_path / "x.csv") as stream:
        stream.write("a")
    assert stat.S_IMODE((tmp_path / "x.csv").stat().st_mode) == 0o600


def test_clicking_a_column_sql_cannot_sort_keeps_the_order(window):
    header = window.table.horizontalHeader()
    header.setSortIndicator(2, header.sortIndicatorOrder().AscendingOrder)  # Site / app
    assert window.model.order_by.value == "site" and not window.model.descending
    header.setSortIndicator(3, header.sortIndicatorOrder().DescendingOrder)  # Categories: not sortable
    assert header.sortIndicatorSection() == 2 and window.model.order_by.value == "site"


def test_a_refused_send_anyway_from_the_browser_shows_as_refused(qtbot, gui_env, background):
    """A real native host scans a secret (no override by default); the user chooses "send anyway"."""
    host = HostProcess(gui_env)
    try:
        verdict = host.ask(scan_request("s1", f"deploy with {AWS_KEY} today"))
        assert verdict["action"] == "block" and verdict["incident_id"], verdict
        reply = host.ask(
            request(
                id="d1",
                type="decision",
                incident_id=verdict["incident_id"],
                user_action="send_anyway",
                justification="I need it in the chat",
            )
        )
        assert (reply["allowed"], reply["recorded"]) == (False, True)
        host.close_stdin()
        assert host.wait() == 0
    finally:
        host.stop()

    source = own_log()
    window = ReviewWindow(source, background)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitUntil(lambda: not window.chart.loading, timeout=TIMEOUT)
        model = window.model
        assert model.incident_id(0) == verdict["incident_id"]
        titles = [c.title for c in COLUMNS]
        decision, outcome = (model.data(model.index(0, titles.index(t))) for t in ("Decision", "Outcome"))
        assert (decision, outcome) == ("Send anyway (refused)", "Refused, not sent")

        window.show_incident(verdict["incident_id"])
        detail = window.detail.toPlainText()
        assert "Refused, not sent (the policy does not let the user send this anyway)" in detail
        assert "Sent anyway" not in detail and "Chose send anyway: refused, not sent" in detail

        window.outcome.setCurrentIndex(window.outcome.findData(Outcome.REFUSED))
        assert [row.id for row in model.rows] == [verdict["incident_id"]]
        window.outcome.setCurrentIndex(window.outcome.findData(Outcome.SENT))
        assert model.rows == []
    finally:
        window.close()
        background.wait()
        source.close()


def test_the_chart_counts_findings_and_names_the_incidents_beside_them(window):
    series = window.chart.series
    findings = sum(sum(item.record.counts_by_category.values()) for item in window.source.store.iter_all())
    assert sum(series.totals) == findings > 300  # several categories in one incident add up to findings
    assert series.incidents == 300
    assert chart_title(series, window.chart.interval).endswith(f"{findings:,} findings in 300 incidents")


def test_several_selected_incidents_are_marked_reviewed_at_once(window, qtbot):
    from PySide6.QtCore import QItemSelectionModel

    chosen = [window.model.incident_id(r) for r in (1, 2, 3, 7)]
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for r in (1, 2, 3, 7):
        window.table.selectionModel().select(window.model.index(r, 0), flags)
    assert window.selected_ids() == chosen
    assert window.mark_button.text() == "Mark 4 reviewed" and window.mark_button.isEnabled()
    window.note.setPlainText("bulk: staging test data")
    done: list[int] = []
    window.mark_reviewed(done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=TIMEOUT)
    assert done == [4]
    for r, incident in zip((1, 2, 3, 7), chosen, strict=True):
        stored = window.source.store.get(incident)
        assert stored.reviewed_at is not None and stored.review_note == "bulk: staging test data"
        assert window.model.data(window.model.index(r, REVIEWED_COLUMN)) == "✓"
    assert window.model.data(window.model.index(4, REVIEWED_COLUMN)) == ""  # not selected, not marked
    assert window.source.store.verify().ok


def test_an_export_says_where_the_file_went(window, qtbot, tmp_path):
    target = tmp_path / "exports" / "review.csv"
    target.parent.mkdir()
    assert not window.export_bar.isVisible()
    done: list[int] = []
    window.export_to(target, ExportFormat.CSV, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=TIMEOUT)
    assert window.export_bar.isVisible()
    assert window.export_label.text() == f"Exported {done[0]:,} incidents to {target}"
    assert window.last_export == target and target.exists()


def test_a_failed_export_says_so_in_the_same_place(window, qtbot, tmp_path):
    target = tmp_path / "missing-folder" / "review.csv"
    window.export_to(target, ExportFormat.CSV)
    qtbot.waitUntil(window.export_bar.isVisible, timeout=TIMEOUT)
    assert window.export_label.text().startswith(f"Export to {target} failed")


def test_every_incident_has_an_explain_line_with_rule_policy_and_action(window, qtbot):
    incident = select(qtbot, window, 0)
    item = window.source.store.get(incident)
    worst = max(item.record.findings, key=lambda f: CATEGORY_SEVERITY[f.category]).category
    line = explain(item)
    assert f"under policy v{item.record.policy_version}" in line
    assert f"rule category:{worst.value}" in line and "inferred" in line
    assert line.startswith(
        {"block": "Blocked", "warn": "Warned", "mask": "Masked", "audit": "Recorded"}[
            item.record.action.value
        ]
    )
    assert f"Why: {line}" in window.detail.toPlainText().replace("\n", " ")


def test_the_explain_line_names_the_recorded_rule_and_site_group_when_the_record_has_them(window, qtbot):
    item = window.source.store.get(select(qtbot, window, 0))
    record = item.record.model_copy(update={"rule": "entity:CREDIT_CARD", "group": "foreign_jurisdiction"})
    line = explain(item.model_copy(update={"record": record}))
    assert "site group foreign_jurisdiction: rule entity:CREDIT_CARD." in line
    assert "inferred" not in line

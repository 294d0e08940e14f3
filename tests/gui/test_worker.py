"""Work off the UI thread: results and errors come back on the UI thread."""

from __future__ import annotations

import threading

from dlpguard.gui.worker import Background


def test_results_and_errors_are_delivered_on_the_ui_thread(qtbot):
    background = Background()
    ui = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def boom() -> None:
        raise ValueError("nope")

    background.run(work, lambda value: seen.update(value=value, done_on=threading.get_ident()))
    background.run(boom, on_error=lambda exc: seen.update(error=exc, error_on=threading.get_ident()))
    qtbot.waitUntil(lambda: background.pending == 0, timeout=10_000)
    assert seen["value"] == 42 and seen["worker"] != ui
    assert seen["done_on"] == ui and seen["error_on"] == ui
    assert isinstance(seen["error"], ValueError)


def test_a_failure_without_a_handler_is_logged_not_raised(qtbot, caplog):
    background = Background()
    background.run(lambda: 1 / 0)
    qtbot.waitUntil(lambda: background.pending == 0, timeout=10_000)
    assert "background job failed: ZeroDivisionError" in caplog.text

"""Exported logs for reviewers: what opens, and what is refused with a clear error."""

from __future__ import annotations

import pytest

from dlpguard.errors import IncidentLogError
from dlpguard.gui.review_data import open_exported, own_log


@pytest.mark.parametrize(
    "content, message",
    [("not json\n", "desktop.jsonl:1: not an exported incident"), ('{"id": 1}\n', "desktop.jsonl:1")],
)
def test_a_file_that_is_not_an_export_is_refused(tmp_path, content, message):
    path = tmp_path / "desktop.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IncidentLogError, match=message):
        open_exported([path])


def test_nothing_to_open_is_an_error():
    with pytest.raises(IncidentLogError):
        open_exported([])


def test_the_own_log_is_writable(small_log):
    source = own_log()
    try:
        assert not source.read_only and source.store.count() == 300
    finally:
        source.close()


@pytest.mark.parametrize("fmt", ["jsonl", "db"])
def test_an_exported_log_keeps_the_outcome_apart_from_the_choice(small_log, tmp_path, fmt):
    """A reviewer opening a desktop's export sees a refused override as refused, and old ones as unknown."""
    from dlpguard.engine.types import UserDecision
    from dlpguard.incidents.export import write_export
    from dlpguard.incidents.model import Outcome
    from dlpguard.incidents.store import Store, default_path
    from tests.gui.data import incident_id

    with Store(default_path()) as store:
        store.record_decision(incident_id(2), UserDecision.SEND_ANYWAY, outcome=Outcome.REFUSED, reason="no")
    if fmt == "jsonl":
        path = tmp_path / "desktop.jsonl"
        with Store(default_path()) as store, path.open("w", encoding="utf-8") as out:
            write_export(store.iter_all(), out, "jsonl")
        paths = [path]
    else:
        empty = tmp_path / "desktop-b.db"
        Store(empty).close()
        paths = [default_path(), empty]  # several .db files are imported record by record
    source = open_exported(paths)
    try:
        refused = source.store.get(incident_id(2))
        assert refused is not None
        assert (refused.decision, refused.outcome) == (UserDecision.SEND_ANYWAY, Outcome.REFUSED)
    finally:
        source.close()

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from dlpguard.incidents.model import RecordKind
from dlpguard.incidents.queries import IncidentFilter
from dlpguard.incidents.store import Store
from tests.incidents.conftest import make_incident, outbox_rows

GARBAGE = bytes(range(256)) * 16


def write_garbage(path: Path, where: str) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    if where == "header":
        data[:100] = GARBAGE[:100]
    elif where == "whole file":
        data[:] = GARBAGE[: len(data)]
    elif where == "data pages":  # every page after the schema page
        for start in range(page, len(data), page):
            data[start : start + page] = GARBAGE[:page]
    path.write_bytes(bytes(data))


@pytest.fixture
def filled(db_path):
    with Store(db_path) as store:
        for i in range(200):
            store.append(make_incident(i))
    assert not db_path.with_name(db_path.name + "-wal").exists()  # closed cleanly: all in the main file
    return db_path


@pytest.mark.parametrize("where", ["header", "whole file", "data pages"])
def test_a_corrupt_log_is_moved_aside_and_a_new_one_records_that(filled, where, caplog):
    write_garbage(filled, where)
    with caplog.at_level(logging.ERROR), Store(filled, targets=("http",)) as store:
        moved = store.recovered_to
        assert moved is not None and moved.exists() and moved.name.startswith("incidents.db.corrupt-")
        assert stat.S_IMODE(moved.stat().st_mode) == 0o600
        assert moved.read_bytes()[:100] == filled.with_name(moved.name).read_bytes()[:100]
        records = list(store.iter_all(IncidentFilter(kinds=())))
        assert [r.record.kind for r in records] == [RecordKind.LOG_RECOVERED]
        assert moved.name in (records[0].record.note or "")
        assert store.verify().ok
        store.append(make_incident(1))  # the guard keeps logging
        assert store.count() == 2
        # the SIEM hears about the lost log too
        assert store.read(outbox_rows)[0]["incident_id"] == records[0].id
    assert "moved aside" in caplog.text


def test_only_one_of_two_openers_moves_a_corrupt_log_aside(filled):
    write_garbage(filled, "header")
    with Store(filled) as first, Store(filled) as second:
        assert first.recovered_to is not None and second.recovered_to is None
        assert second.count(IncidentFilter(kinds=())) == 1
    assert len(list(filled.parent.glob("incidents.db.corrupt-*"))) == 1


def test_an_open_store_follows_a_log_another_process_replaced(filled):
    with Store(filled) as running:
        # While `running` is open, the file is found corrupt elsewhere and moved aside.
        moved = filled.with_name("incidents.db.corrupt-elsewhere")
        filled.replace(moved)
        with Store(filled) as other:
            other.append(make_incident(7))
        running.append(make_incident(8))
        assert running.count() == 2
        assert running.verify().ok


def test_a_healthy_log_is_never_moved(filled):
    with Store(filled) as store:
        assert store.recovered_to is None
        assert store.count() == 200
    assert list(filled.parent.glob("*.corrupt-*")) == []

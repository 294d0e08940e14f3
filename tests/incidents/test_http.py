from __future__ import annotations

import pytest

from dlpguard.incidents import outbox
from dlpguard.incidents.http import IDEMPOTENCY_HEADER, HttpSender
from dlpguard.incidents.store import Store
from dlpguard.policy.incident_settings import HttpTarget
from tests.incidents.conftest import T0, make_incident
from tests.incidents.receivers import HecReceiver


@pytest.fixture
def receiver():
    r = HecReceiver().start()
    yield r
    r.stop()


@pytest.fixture
def queued(db_path):
    with Store(db_path, targets=("http",)) as store:
        incidents = [make_incident(i) for i in range(3)]
        for incident in incidents:
            store.append(incident)
        rows = store.write(lambda conn: outbox.claim(conn, "http", "test", 1e12, 60, 100))
        yield rows, incidents


def sender(receiver: HecReceiver, **kwargs: object) -> HttpSender:
    return HttpSender(HttpTarget(url=receiver.url, **kwargs))  # type: ignore[arg-type]


def test_events_are_posted_in_hec_shape_with_token_and_idempotency_key(receiver, queued, monkeypatch):
    rows, incidents = queued
    monkeypatch.setenv("SIEM_HEC_TOKEN", "test-token-123")
    delivery = sender(receiver, token_env="SIEM_HEC_TOKEN").deliver(rows)
    assert delivery.delivered == [r.id for r in rows] and delivery.outage is None
    first = receiver.received[0]
    assert first.path == "/services/collector/event"
    assert first.headers["authorization"] == "Splunk test-token-123"
    assert first.headers[IDEMPOTENCY_HEADER.lower()] == f"{incidents[0].id}:http"
    assert first.headers["content-type"] == "application/json"
    assert first.body["time"] == T0.timestamp()
    assert first.body["sourcetype"] == "dlpguard:detection"
    assert first.body["event"]["id"] == incidents[0].id  # type: ignore[index]
    assert receiver.keys() == [f"{i.id}:http" for i in incidents]


def test_a_missing_token_variable_holds_everything_back(receiver, queued, monkeypatch):
    rows, _ = queued
    monkeypatch.delenv("SIEM_HEC_TOKEN", raising=False)
    delivery = sender(receiver, token_env="SIEM_HEC_TOKEN").deliver(rows)
    assert delivery.delivered == [] and "SIEM_HEC_TOKEN" in (delivery.outage or "")
    assert receiver.received == []


@pytest.mark.parametrize("status", [500, 503, 429, 408, 302])
def test_server_errors_busy_and_redirects_are_an_outage(receiver, queued, status):
    rows, _ = queued
    receiver.fail_next(1, status)
    delivery = sender(receiver).deliver(rows)
    assert delivery.delivered == [] and f"HTTP {status}" in (delivery.outage or "")
    assert receiver.refused == 1  # stopped at the first failure instead of hammering a sick collector


def test_a_refused_event_waits_alone_and_the_rest_go_through(receiver, queued):
    rows, _ = queued
    receiver.fail_next(1, 400)
    delivery = sender(receiver).deliver(rows)
    assert delivery.outage is None
    assert list(delivery.rejected) == [rows[0].id] and "HTTP 400" in delivery.rejected[rows[0].id]
    assert delivery.delivered == [rows[1].id, rows[2].id]


def test_a_stopped_collector_is_an_outage(queued):
    rows, _ = queued
    down = HecReceiver()  # never started
    delivery = sender(down).deliver(rows)
    assert delivery.delivered == [] and delivery.outage

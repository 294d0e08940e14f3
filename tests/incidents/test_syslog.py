from __future__ import annotations

import json

import pytest

from dlpguard.incidents import outbox
from dlpguard.incidents.outbox import OutboxRow
from dlpguard.incidents.store import Store
from dlpguard.incidents.syslog import SD_ID, SyslogSender, format_message, frame, severity
from dlpguard.policy.incident_settings import SyslogTarget
from tests.incidents.conftest import make_incident
from tests.incidents.receivers import SyslogReceiver, parse_rfc5424, read_octet_counted, self_signed_cert


def outbox_row(store: Store, target: str = "syslog") -> list[OutboxRow]:
    return store.write(lambda conn: outbox.claim(conn, target, "test", 1e12, 60, 1000))


@pytest.fixture
def queued(db_path):
    with Store(db_path, targets=("syslog",)) as store:
        incidents = [make_incident(i) for i in range(3)]
        for incident in incidents:
            store.append(incident)
        yield store, incidents


def test_messages_are_well_formed_rfc5424_with_our_structured_data(queued):
    store, incidents = queued
    row = outbox_row(store)[0]
    header, sd, body = parse_rfc5424(
        format_message(json.loads(row.payload), row.idempotency_key, facility=10)
    )
    assert int(header["pri"]) == 10 * 8 + 5  # authpriv, notice for a warning
    assert header["app"] == "dlpguard" and header["msgid"] == "detection"
    params = sd[SD_ID]
    assert params["id"] == incidents[0].id and params["idem"] == f"{incidents[0].id}:syslog"
    assert params["action"] == "warn" and params["site"] == "chatgpt.com"
    assert params["categories"] == "financial=1"
    assert params["chainSeq"] == "1" and len(params["chainHash"]) == 64
    assert sd["origin"]["software"] == "dlpguard"
    assert body["id"] == incidents[0].id and body["chain"]["seq"] == 1


def test_structured_data_values_are_escaped():
    event = {"id": "x", "kind": "review", "site": 'a"b]c\\d', "time": "2025-03-01T09:00:00Z"}
    _, sd, _ = parse_rfc5424(format_message(event, "x:syslog"))
    assert sd[SD_ID]["site"] == 'a"b]c\\d'


def test_octet_counting_frames_count_bytes_not_characters():
    message = "<85>1 - - - - - - \ufeffünïcode".encode()
    assert read_octet_counted(frame(message) + frame(b"second")) == [message, b"second"]


def test_a_tcp_receiver_gets_every_message_in_one_connection(queued):
    store, incidents = queued
    receiver = SyslogReceiver().start()
    try:
        sender = SyslogSender(SyslogTarget(host="127.0.0.1", port=receiver.port, tls=False))
        rows = outbox_row(store)
        delivery = sender.deliver(rows)
    finally:
        receiver.stop()
    assert delivery.delivered == [r.id for r in rows] and delivery.outage is None
    assert receiver.connections == 1
    ids = [parse_rfc5424(m)[1][SD_ID]["id"] for m in receiver.messages]
    assert ids == [i.id for i in incidents]


def test_a_tls_receiver_with_a_self_signed_ca_gets_the_messages(queued, tmp_path):
    store, incidents = queued
    cert, key = self_signed_cert(tmp_path)
    receiver = SyslogReceiver(tls_files=(cert, key)).start()
    try:
        target = SyslogTarget(host="127.0.0.1", port=receiver.port, tls=True, ca_file=str(cert))
        delivery = SyslogSender(target).deliver(outbox_row(store))
    finally:
        receiver.stop()
    assert delivery.outage is None and len(delivery.delivered) == 3
    assert [parse_rfc5424(m)[1][SD_ID]["id"] for m in receiver.messages] == [i.id for i in incidents]


def test_tls_refuses_a_receiver_it_cannot_verify(queued, tmp_path):
    store, _ = queued
    cert, key = self_signed_cert(tmp_path)
    receiver = SyslogReceiver(tls_files=(cert, key)).start()
    try:
        target = SyslogTarget(host="127.0.0.1", port=receiver.port, tls=True)  # system CAs only
        delivery = SyslogSender(target).deliver(outbox_row(store))
    finally:
        receiver.stop()
    assert delivery.delivered == [] and "cannot connect" in (delivery.outage or "")
    assert receiver.messages == []


def test_a_receiver_that_is_down_is_an_outage_not_a_delivery(queued):
    store, _ = queued
    receiver = SyslogReceiver()  # never started: connection refused
    delivery = SyslogSender(SyslogTarget(host="127.0.0.1", port=receiver.port, tls=False)).deliver(
        outbox_row(store)
    )
    assert delivery.delivered == [] and "cannot connect" in (delivery.outage or "")


@pytest.mark.parametrize(
    ("decision", "expected"),
    [("send_anyway", 4), ("restored", 4), ("send_masked", 6), ("cancel", 6)],
)
def test_a_clipboard_restore_is_as_severe_as_send_anyway(decision, expected):
    assert severity({"kind": "decision", "decision": decision}) == expected

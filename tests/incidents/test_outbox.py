"""Queued SIEM copies are sealed: an altered row is reported and never sent as found.

A real keyed log with an HTTP target, a real collector on loopback (`receivers.HecReceiver`), and the
tampering someone with the file could do: flipping bits in a queued payload with sqlite3.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import timedelta

import pytest

from dlpguard.incidents import outbox
from dlpguard.incidents.chain import canonical_json
from dlpguard.incidents.forward import Forwarder
from dlpguard.incidents.store import Store
from dlpguard.incidents.targets import configured_targets
from dlpguard.policy.incident_settings import ForwardingConfig, HttpTarget
from tests.incidents.conftest import KEY, T0, make_incident
from tests.incidents.receivers import HecReceiver


@pytest.fixture
def hec():
    receiver = HecReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def config(hec) -> ForwardingConfig:
    return ForwardingConfig(http=HttpTarget(url=hec.url))  # type: ignore[arg-type]


@pytest.fixture
def queued(db_path, config):
    """Three incidents queued for the collector by a keyed store; returns their ids."""
    ids = []
    with Store(db_path, targets=configured_targets(config), key=lambda: KEY) as store:
        for i in range(3):
            incident = make_incident(i)
            store.append(incident)
            ids.append(incident.id)
    return ids


def payload_of(db_path, row_id: int = 1) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT payload FROM outbox WHERE id = ?", (row_id,)).fetchone()[0]
    finally:
        conn.close()


def set_column(db_path, column: str, value: object, row_id: int = 1) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(f"UPDATE outbox SET {column} = ? WHERE id = ?", (value, row_id))  # noqa: S608
    conn.close()


def flip_bit(text: str, position: int, bit: int = 0) -> str:
    """One bit of one character changed (on the UTF-8 text's characters; the payload is ASCII-safe here)."""
    position %= len(text)
    return text[:position] + chr(ord(text[position]) ^ (1 << bit)) + text[position + 1 :]


def drain(db_path, config, **store_args: object) -> tuple[outbox.RowCheck, ...]:
    with Store(db_path, targets=configured_targets(config), **store_args) as store:  # type: ignore[arg-type]
        forwarder = Forwarder(store, config, rng=random.Random(1))
        try:
            checks = store.read(lambda conn: outbox.check_all(conn, store.integrity_key()))
            report = forwarder.drain_once()
        finally:
            forwarder.close()
    assert report.errors == {}
    return tuple(r.check for r in checks.altered)


#: Positions across the payload: its first and last characters, inside keys, inside values and hashes.
POSITIONS = [0, 1, 2, 10, 25, 40, 64, 100, 150, 200, 300, 400, 500, -100, -70, -40, -10, -3, -2, -1]


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("bit", [0, 3])
def test_a_bit_flipped_in_a_queued_payload_is_reported_and_not_sent_as_found(
    db_path, config, hec, queued, position, bit
):
    original = payload_of(db_path)
    tampered = flip_bit(original, position, bit)
    assert tampered != original
    set_column(db_path, "payload", tampered)

    with Store(db_path, key=lambda: KEY) as store:
        report = store.verify()
    assert not report.ok
    assert "1 queued SIEM copies were altered (first: outbox row 1" in report.describe()

    drain(db_path, config, key=lambda: KEY)
    bodies = {r.body["event"]["id"]: r.body["event"] for r in hec.received}  # type: ignore[index]
    assert set(bodies) == set(queued)  # all three delivered, each once
    sent = bodies[queued[0]]
    assert sent["integrity"]["outbox"] == "rebuilt"
    rebuilt = {k: v for k, v in sent.items() if k != "integrity"}
    assert canonical_json(rebuilt) == original  # the record's true content, not the altered copy
    assert all("integrity" not in bodies[i] for i in queued[1:])


def test_every_single_bit_flip_in_a_payload_is_caught(db_path, queued):
    """The whole payload, every 3rd character, every bit that keeps it a character: none goes unseen."""
    original = payload_of(db_path)
    with Store(db_path, key=lambda: KEY) as store:
        for position in range(0, len(original), 3):
            for bit in range(7):
                tampered = flip_bit(original, position, bit)
                check, payload = store.read(
                    lambda conn, t=tampered: outbox.inspect_row(
                        conn, "http", queued[0], f"{queued[0]}:http", t, _seal(original, queued[0]), KEY
                    )
                )
                assert check is outbox.RowCheck.REBUILT, (position, bit)
                assert tampered not in payload


def _seal(payload: str, incident_id: str) -> str:
    return outbox.row_seal(KEY, "http", incident_id, f"{incident_id}:http", payload)


@pytest.mark.parametrize(
    "column, value",
    [
        ("mac", "0" * 64),
        ("mac", None),
        ("target", "syslog"),
        ("idempotency_key", "someone-else:http"),
    ],
)
def test_altering_the_seal_or_what_it_covers_is_caught(db_path, config, hec, queued, column, value):
    original = payload_of(db_path)
    if column == "mac" and value is None:
        # Dropping the seal while keeping the payload is the shape of a row queued before seals: it is
        # resealed when it still equals its record, and sent without a flag.
        set_column(db_path, column, value)
        assert drain(db_path, config, key=lambda: KEY) == ()
        assert all("integrity" not in r.body["event"] for r in hec.received)  # type: ignore[operator]
        return
    set_column(db_path, column, value)
    with Store(db_path, key=lambda: KEY) as store:
        assert not store.verify().ok
    if column == "target":
        set_column(db_path, "payload", original)  # the row now waits for a target that is not configured
        return
    drain(db_path, config, key=lambda: KEY)
    event = next(r.body["event"] for r in hec.received if r.body["event"]["id"] == queued[0])  # type: ignore[index]
    assert event["integrity"]["outbox"] == "rebuilt"


def test_an_altered_row_whose_record_is_gone_is_sent_flagged_with_what_was_queued(db_path, config, hec):
    with Store(db_path, targets=configured_targets(config), key=lambda: KEY) as store:
        old = make_incident(0, when=T0)
        store.append(old)
        store.apply_retention(1, now=T0 + timedelta(days=30))  # the record goes; its queued copy stays
    tampered = flip_bit(payload_of(db_path), 50)
    set_column(db_path, "payload", tampered)
    drain(db_path, config, key=lambda: KEY)
    flagged = [r.body["event"] for r in hec.received if r.body["event"].get("integrity")]  # type: ignore[union-attr]
    assert len(flagged) == 1
    event = flagged[0]
    assert event["kind"] == "outbox_unverified" and event["integrity"]["outbox"] == "failed"  # type: ignore[index]
    assert event["queued_payload"] == tampered


def test_a_repaired_row_stays_sealed_for_its_next_try(db_path, config, hec, queued):
    set_column(db_path, "payload", flip_bit(payload_of(db_path), 30))
    hec.fail_next(1, 503)
    with Store(db_path, targets=configured_targets(config), key=lambda: KEY) as store:
        forwarder = Forwarder(store, config, rng=random.Random(1))
        first = forwarder.drain_once()
        assert first.altered == 1 and first.delivered == 0
        assert store.verify().ok  # rebuilt in the table and sealed again: nothing altered is left
        store.write(lambda conn: conn.execute("UPDATE outbox SET next_attempt = 0"))
        second = forwarder.drain_once()
        forwarder.close()
    assert second.altered == 0 and second.delivered == 3
    rebuilt = next(r.body["event"] for r in hec.received if r.body["event"]["id"] == queued[0])  # type: ignore[index]
    assert rebuilt["integrity"]["outbox"] == "rebuilt"  # the flag goes out with it


def test_a_payload_is_sealed_with_a_key_derived_from_the_fingerprint_key(db_path, queued):
    conn = sqlite3.connect(db_path)
    try:
        target, incident_id, idem, payload, mac = conn.execute(
            "SELECT target, incident_id, idempotency_key, payload, mac FROM outbox WHERE id = 1"
        ).fetchone()
    finally:
        conn.close()
    assert mac == outbox.row_seal(KEY, target, incident_id, idem, payload)
    assert json.loads(payload)["id"] == incident_id == queued[0]


def test_without_a_key_rows_are_sent_as_queued_and_verify_says_they_were_not_checked(db_path, config, hec):
    with Store(db_path, targets=configured_targets(config)) as store:
        store.append(make_incident(1))
        report = store.verify()
    assert report.ok and any("not checked" in n for n in report.notes)
    assert drain(db_path, config) == ()
    assert len(hec.received) == 1 and "integrity" not in hec.received[0].body["event"]  # type: ignore[operator]

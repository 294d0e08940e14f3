from __future__ import annotations

import random
import threading
from collections import Counter

import pytest

from dlpguard.incidents import outbox
from dlpguard.incidents.forward import BASE_DELAY_SECONDS, Forwarder, backoff_delay
from dlpguard.incidents.store import Store
from dlpguard.incidents.syslog import SD_ID
from dlpguard.incidents.targets import configured_targets
from dlpguard.policy.incident_settings import ForwardingConfig, HttpTarget, SyslogTarget
from tests.incidents.conftest import make_incident, outbox_rows
from tests.incidents.receivers import HecReceiver, SyslogReceiver, parse_rfc5424

START = 1_750_000_000.0


class Clock:
    """Time the test moves by hand, so backoff periods pass without sleeping."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def hec():
    receiver = HecReceiver()
    yield receiver
    receiver.stop()


def http_config(receiver: HecReceiver, **kwargs: object) -> ForwardingConfig:
    return ForwardingConfig(http=HttpTarget(url=receiver.url), backoff_max_seconds=60, **kwargs)  # type: ignore[arg-type]


def open_log(db_path, config: ForwardingConfig, clock: Clock, n: int = 0) -> tuple[Store, list[str]]:
    store = Store(db_path, targets=configured_targets(config), clock=clock)
    ids = []
    for i in range(n):
        incident = make_incident(i)
        store.append(incident)
        ids.append(incident.id)
    return store, ids


def forwarder(store: Store, config: ForwardingConfig, clock: Clock, **kwargs: object) -> Forwarder:
    return Forwarder(store, config, clock=clock, rng=random.Random(7), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("attempts", range(1, 25))
def test_backoff_grows_exponentially_is_jittered_and_capped(attempts):
    rng = random.Random(attempts)
    delays = [backoff_delay(attempts, 300.0, rng) for _ in range(50)]
    ceiling = min(300.0, BASE_DELAY_SECONDS * 2 ** (attempts - 1))
    assert all(ceiling / 2 <= d <= ceiling for d in delays)
    assert len(set(delays)) > 1  # jitter spreads many machines' retries


def test_an_outage_keeps_rows_with_attempts_counted_then_delivers_each_once(db_path, hec, clock):
    config = http_config(hec)
    store, ids = open_log(db_path, config, clock, n=5)
    fwd = forwarder(store, config, clock)

    report = fwd.drain_once()  # collector down
    rows = store.read(outbox_rows)
    assert report.delivered == 0 and report.rescheduled == 5 and "http" in report.errors
    assert [r["attempts"] for r in rows] == [1] * 5
    assert all(START + 0.5 <= r["next_attempt"] <= START + 1.0 for r in rows)
    assert all(r["lease_owner"] is None and r["last_error"] for r in rows)

    assert fwd.drain_once().rescheduled == 0  # not due yet: no hammering
    clock.advance(1.0)
    fwd.drain_once()  # still down: the second delay is longer
    rows = store.read(outbox_rows)
    assert [r["attempts"] for r in rows] == [2] * 5
    assert all(clock.now + 1.0 <= r["next_attempt"] <= clock.now + 2.0 for r in rows)

    hec.start()
    assert fwd.drain_once().delivered == 0  # back, but the rows wait for their backoff
    clock.advance(2.0)
    report = fwd.drain_once()
    assert report.delivered == 5 and report.errors == {}
    assert sorted(hec.keys()) == sorted(f"{i}:http" for i in ids)
    assert store.read(outbox_rows) == []
    store.close()


def test_a_503_then_success_is_retried_after_the_backoff(db_path, hec, clock):
    config = http_config(hec)
    store, ids = open_log(db_path, config, clock, n=3)
    hec.start()
    hec.fail_next(1, 503)
    fwd = forwarder(store, config, clock)
    assert fwd.drain_once().delivered == 0
    clock.advance(config.backoff_max_seconds)
    assert fwd.drain_once().delivered == 3
    assert hec.keys() == [f"{i}:http" for i in ids] and hec.refused == 1
    store.close()


def test_pending_rows_survive_a_restart(db_path, hec, clock):
    config = http_config(hec)
    store, ids = open_log(db_path, config, clock, n=4)
    forwarder(store, config, clock).drain_once()  # down
    store.close()  # the machine restarts

    clock.advance(config.backoff_max_seconds)
    hec.start()
    with Store(db_path, targets=configured_targets(config), clock=clock) as reopened:
        report = forwarder(reopened, config, clock).drain_once()
        assert report.delivered == 4 and reopened.read(outbox_rows) == []
    assert sorted(hec.keys()) == sorted(f"{i}:http" for i in ids)


def test_a_row_leased_by_another_forwarder_waits_for_its_lease(db_path, hec, clock):
    config = http_config(hec)
    store, ids = open_log(db_path, config, clock, n=3)
    hec.start()
    # Another process claimed the rows and died before sending them.
    store.write(lambda conn: outbox.claim(conn, "http", "crashed:1", clock.now, 300, 100))
    fwd = forwarder(store, config, clock)
    assert fwd.drain_once().delivered == 0 and hec.received == []
    clock.advance(301)
    assert fwd.drain_once().delivered == 3
    assert sorted(hec.keys()) == sorted(f"{i}:http" for i in ids)
    store.close()


def test_forwarders_in_parallel_never_send_a_row_twice(db_path, hec):
    config = http_config(hec)
    seed, ids = open_log(db_path, config, Clock(), n=60)
    seed.close()
    hec.start()
    stores = [Store(db_path, targets=("http",)) for _ in range(3)]
    workers = [Forwarder(s, config, batch_size=5) for s in stores]
    threads = [threading.Thread(target=w.drain_once) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for s in stores:
        s.close()
    counts = Counter(hec.keys())
    assert set(counts) == {f"{i}:http" for i in ids}
    assert max(counts.values()) == 1


def test_after_max_attempts_a_row_is_parked_not_deleted(db_path, hec, clock):
    config = http_config(hec, max_attempts=2)
    store, _ = open_log(db_path, config, clock, n=1)
    fwd = forwarder(store, config, clock)
    for _ in range(3):
        fwd.drain_once()
        clock.advance(config.backoff_max_seconds)
    status = store.read(outbox.status)
    assert (status.pending, status.dead) == (0, 1)
    assert [r["attempts"] for r in store.read(outbox_rows)] == [2]
    hec.start()
    assert fwd.drain_once().delivered == 0 and hec.received == []
    store.close()


def test_one_refused_event_does_not_hold_back_the_others(db_path, hec, clock):
    config = http_config(hec)
    store, ids = open_log(db_path, config, clock, n=3)
    hec.start()
    hec.fail_next(1, 400)
    report = forwarder(store, config, clock).drain_once()
    assert report.delivered == 2 and report.rescheduled == 1
    assert [r["incident_id"] for r in store.read(outbox_rows)] == [ids[0]]
    store.close()


def test_syslog_outage_and_recovery_on_the_same_port(db_path, clock):
    receiver = SyslogReceiver()
    config = ForwardingConfig(syslog=SyslogTarget(host="127.0.0.1", port=receiver.port, tls=False))
    store, ids = open_log(db_path, config, clock, n=4)
    fwd = forwarder(store, config, clock)
    assert fwd.drain_once().delivered == 0
    receiver.start()
    try:
        clock.advance(config.backoff_max_seconds)
        assert fwd.drain_once().delivered == 4
    finally:
        receiver.stop()
    assert [parse_rfc5424(m)[1][SD_ID]["idem"] for m in receiver.messages] == [f"{i}:syslog" for i in ids]
    store.close()


def test_run_forwards_new_incidents_until_stopped(db_path, hec):
    config = http_config(hec)
    hec.start()
    with Store(db_path, targets=("http",)) as store:
        fwd = Forwarder(store, config)
        stop = threading.Event()
        thread = threading.Thread(target=fwd.run, args=(stop, 0.05))
        thread.start()
        try:
            incident = make_incident(1)
            store.append(incident)
            for _ in range(200):  # wait for the condition, up to 10 s; no timing is asserted
                if hec.received:
                    break
                threading.Event().wait(0.05)
        finally:
            stop.set()
            thread.join(timeout=10)
        assert not thread.is_alive()
        assert hec.keys() == [f"{incident.id}:http"]

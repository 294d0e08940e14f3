"""Drains the outbox to the SIEM targets: leases, exponential backoff with jitter, nothing dropped.

Time and randomness are injected (`clock`, `rng`) so tests step through outages without sleeping.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from dlpguard.errors import DlpGuardError
from dlpguard.incidents import outbox
from dlpguard.incidents.sender import Delivery, Sender
from dlpguard.incidents.store import Store
from dlpguard.incidents.targets import senders_for
from dlpguard.policy.incident_settings import ForwardingConfig

logger = logging.getLogger(__name__)

BASE_DELAY_SECONDS = 1.0


def backoff_delay(attempts: int, cap: float, rng: random.Random, base: float = BASE_DELAY_SECONDS) -> float:
    """Delay after the `attempts`-th failure: base·2^(n-1), capped, then jittered into [d/2, d].

    The jitter spreads many machines' retries after a collector outage; the cap bounds how stale the
    SIEM gets once it is back.
    """
    ceiling = min(cap, base * 2 ** min(max(attempts - 1, 0), 60))
    return ceiling / 2 + rng.random() * ceiling / 2


@dataclass
class DrainReport:
    delivered: int = 0
    rescheduled: int = 0
    errors: dict[str, str] = field(default_factory=dict)  # target -> last error of this drain
    #: Queued copies that failed their integrity check and went out rebuilt or flagged instead.
    altered: int = 0


class Forwarder:
    """One per process that forwards; several may share a log (leases keep them from double-sending)."""

    def __init__(
        self,
        store: Store,
        config: ForwardingConfig,
        *,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        batch_size: int = 50,
        lease_seconds: float = 300.0,
    ) -> None:
        self.store = store
        self.config = config
        self.senders = senders_for(config)
        self.clock = clock
        self.rng = rng or random.Random()  # noqa: S311 - jitter, not secrecy
        self.batch_size = batch_size
        self.lease_seconds = lease_seconds
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def _settle(self, rows: list[outbox.OutboxRow], result: Delivery) -> int:
        """Records one batch's outcome in one transaction; returns how many rows were rescheduled."""
        now = self.clock()
        delivered = set(result.delivered)

        def work(conn: sqlite3.Connection) -> int:
            rescheduled = 0
            for row in rows:
                if row.id in delivered:
                    outbox.complete(conn, row.id, self.owner)
                    continue
                error = result.rejected.get(row.id) or result.outage or "not delivered"
                delay = backoff_delay(row.attempts + 1, self.config.backoff_max_seconds, self.rng)
                outbox.reschedule(conn, row, self.owner, now + delay, error, self.config.max_attempts)
                rescheduled += 1
            return rescheduled

        return self.store.write(work)

    def _drain_target(self, name: str, sender: Sender, report: DrainReport) -> None:
        key = self.store.integrity_key()
        while True:
            now = self.clock()
            rows = self.store.write(
                lambda conn, now=now: outbox.claim(
                    conn, name, self.owner, now, self.lease_seconds, self.batch_size, key=key
                )
            )
            if not rows:
                return
            report.altered += sum(row.check.altered for row in rows)
            try:
                result = sender.deliver(rows)
            except BaseException:
                self.store.write(
                    lambda conn, rows=rows: outbox.release(conn, [r.id for r in rows], self.owner)
                )
                raise
            report.delivered += len(result.delivered)
            report.rescheduled += self._settle(rows, result)
            if result.outage or result.rejected:
                report.errors[name] = result.outage or next(iter(result.rejected.values()))
                logger.warning("forwarding to %s failed: %s", name, report.errors[name])
            if result.outage:
                return  # the target is down: the rest waits for the backoff

    def drain_once(self) -> DrainReport:
        """Sends everything that is due now, target by target, and returns what happened."""
        report = DrainReport()
        for name, sender in self.senders.items():
            self._drain_target(name, sender, report)
        return report

    def seconds_until_due(self) -> float | None:
        """When the next waiting row becomes due (0 if now), or None with nothing to send."""
        targets = tuple(self.senders)
        due = self.store.read(lambda conn: outbox.next_due(conn, targets))
        return None if due is None else max(0.0, due - self.clock())

    def run(self, stop: threading.Event, poll_seconds: float = 5.0) -> None:
        """Forwards until `stop` is set: drains, then sleeps until the next row is due or a poll passes."""
        while not stop.is_set():
            try:
                self.drain_once()
                due = self.seconds_until_due()
            except DlpGuardError as exc:  # a locked or unreadable log: try again later, keep the thread
                logger.error("forwarding paused: %s", exc)
                due = poll_seconds
            stop.wait(min(poll_seconds, due if due is not None else poll_seconds) or 0.05)

    def close(self) -> None:
        for sender in self.senders.values():
            sender.close()

"""The process the browser starts (`dlpguard native-host`): a relay to the tray app, or the engine itself.

One host serves every message of one `connectNative` port. At start it connects to the app's socket;
while that link lives, frames pass through untouched (the app answers). Without the app, the host
builds its own services (policy, engine loaded once in the background, incident log) and answers in
process, so the user stays protected. If the app goes away mid-session, requests it had not answered
are served in process; while in process, the host looks for the app again every few seconds.

The host holds no protocol logic of its own beyond framing: broken or oversized frames and `busy` are
answered by the reader (session.pump_frames), everything else by a handler table (handlers.py).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import BinaryIO

from dlpguard.bridge.framing import (
    DEFAULT_MAX_INBOUND_BYTES,
    ConnectionClosed,
    FrameError,
    FrameReader,
    FrameWriter,
    Readable,
    Writable,
    set_binary_mode,
)
from dlpguard.bridge.handlers import Dispatcher
from dlpguard.bridge.protocol import ErrorCode, encode_reply, error_reply, peek_id
from dlpguard.bridge.session import (
    DEFAULT_MAX_PENDING,
    DEFAULT_MAX_PENDING_BYTES,
    Worker,
    pump_frames,
    send_error,
)
from dlpguard.bridge.transport import Connection, connect
from dlpguard.errors import describe_exception
from dlpguard.guard.services import GuardServices, build_engine_deferred

logger = logging.getLogger(__name__)

SERVED_BY = "native-host"
#: While answering in process, how often to look for the app again.
RECONNECT_INTERVAL_SECONDS = 10.0
#: After the browser closes stdin, how long relayed requests may still take to come back.
DRAIN_TIMEOUT_SECONDS = 30.0

Connector = Callable[[str | None], Connection | None]
ServicesFactory = Callable[[], GuardServices]


def _connect_default(address: str | None) -> Connection | None:
    return connect(address)


def in_process_services() -> GuardServices:
    """The host's own services when no app answers: the engine answers pattern-only as soon as its
    detectors are built (no presidio or spaCy import on that path) and loads the NER model on a thread;
    verdicts given meanwhile say `ner_pending`. NER runs only when names and places could change the
    verdict under the policy (`services.ner_gate`): a browser needs the verdict, not every name."""
    return GuardServices(engine_factory=build_engine_deferred, gate_ner=True)


class AppLink:
    """One connection to the app. Frames go out as they come; replies are copied to the browser by a
    thread of their own. Requests not yet answered are kept, so they can be served elsewhere if the
    link breaks."""

    def __init__(
        self,
        connection: Connection,
        browser: FrameWriter,
        on_lost: Callable[[list[bytes]], None],
        *,
        max_pending: int = DEFAULT_MAX_PENDING,
        max_pending_bytes: int = DEFAULT_MAX_PENDING_BYTES,
    ) -> None:
        self.connection = connection
        self.browser = browser
        self._on_lost = on_lost
        self.max_pending = max_pending
        self.max_pending_bytes = max_pending_bytes
        self._pending: deque[tuple[str | None, bytes]] = deque()
        self._pending_bytes = 0
        self._cond = threading.Condition()
        self._lost = False
        self._thread = threading.Thread(target=self._copy_replies, name="dlpguard-relay", daemon=True)
        self._thread.start()

    @property
    def lost(self) -> bool:
        with self._cond:
            return self._lost

    def forward(self, frame: bytes) -> bool | None:
        """True: sent; False: too many waiting (answer busy); None: the link is gone (serve elsewhere)."""
        with self._cond:
            if self._lost:
                return None
            over_bytes = self._pending and self._pending_bytes + len(frame) > self.max_pending_bytes
            if len(self._pending) >= self.max_pending or over_bytes:
                return False
            self._pending.append((peek_id(frame), frame))
            self._pending_bytes += len(frame)
        try:
            self.connection.writer.write_frame(frame)
        except FrameError:
            self._lose(redispatch=True)  # the frame is among the pending ones handed back
        return True

    def close(self, timeout: float) -> None:
        """Waits (up to `timeout`) for the replies still owed, then ends the link."""
        with self._cond:
            self._cond.wait_for(lambda: self._lost or not self._pending, timeout)
        self._lose(redispatch=False)
        self._thread.join(timeout)

    def _copy_replies(self) -> None:
        redispatch = True
        while True:
            try:
                frame = self.connection.reader.read_frame()
            except FrameError:
                frame = None
            if frame is None:
                break
            self._answered(peek_id(frame))
            try:
                self.browser.write_frame(frame)
            except ConnectionClosed:
                redispatch = False  # the browser is gone: nobody is waiting for anything
                break
            except FrameError:
                send_error(self.browser, ErrorCode.INTERNAL, "reply too large", peek_id(frame), SERVED_BY)
        self._lose(redispatch=redispatch)

    def _answered(self, reply_id: str | None) -> None:
        with self._cond:
            for i, (request_id, frame) in enumerate(self._pending):
                if request_id == reply_id:
                    del self._pending[i]
                    self._pending_bytes -= len(frame)
                    break
            self._cond.notify_all()

    def _lose(self, *, redispatch: bool) -> None:
        with self._cond:
            if self._lost:
                return
            self._lost = True
            orphans = [frame for _, frame in self._pending] if redispatch else []
            self._pending.clear()
            self._pending_bytes = 0
            self._cond.notify_all()
        self.connection.close()
        self._on_lost(orphans)


class HostRouter:
    """Sends each frame to the app when it is reachable, else to the in-process worker."""

    def __init__(
        self,
        browser: FrameWriter,
        *,
        address: str | None = None,
        connector: Connector = _connect_default,
        services_factory: ServicesFactory | None = None,
        preload: bool = True,
        reconnect_interval: float = RECONNECT_INTERVAL_SECONDS,
        max_pending: int = DEFAULT_MAX_PENDING,
        max_request_bytes: int = DEFAULT_MAX_INBOUND_BYTES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.browser = browser
        self.address = address
        self._connector = connector
        self._services_factory = services_factory or in_process_services
        self.max_request_bytes = max_request_bytes
        self._preload = preload
        self.reconnect_interval = reconnect_interval
        self.max_pending = max_pending
        self._clock = clock
        self._lock = threading.Lock()
        self._link: AppLink | None = None
        self._local: Worker | None = None
        self._services: GuardServices | None = None
        self._last_attempt: float | None = None
        self._closing = False

    @property
    def relaying(self) -> bool:
        with self._lock:
            return self._link is not None and not self._link.lost

    def start(self) -> None:
        """Connects to the app if it runs; otherwise starts loading the engine right away."""
        if self._current_link() is None:
            self._local_worker()

    def submit(self, frame: bytes) -> bool:
        link = self._current_link()
        if link is not None:
            taken = link.forward(frame)
            if taken is not None:
                return taken
        return self._local_worker().submit(frame)

    def close(self, timeout: float = DRAIN_TIMEOUT_SECONDS) -> None:
        with self._lock:
            link = self._link
        if link is not None:
            link.close(timeout)  # may hand requests to the local worker: close that after
        with self._lock:
            self._closing = True
            local, services = self._local, self._services
        if local is not None:
            local.close(timeout=timeout)
        if services is not None:
            services.close()

    def _current_link(self) -> AppLink | None:
        with self._lock:
            if self._link is not None and not self._link.lost:
                return self._link
            now = self._clock()
            if self._closing or (
                self._last_attempt is not None and now - self._last_attempt < self.reconnect_interval
            ):
                return None
            self._last_attempt = now
        connection = self._connector(self.address)
        if connection is None:
            return None
        link = AppLink(connection, self.browser, self._relay_lost, max_pending=self.max_pending)
        with self._lock:
            self._link = link
        logger.info("relaying to the DLP Guard app")
        return link

    def _relay_lost(self, orphans: list[bytes]) -> None:
        with self._lock:
            self._last_attempt = self._clock()  # the app just went away: don't knock again at once
            if self._closing and not orphans:
                return
        if orphans:
            logger.info("the DLP Guard app went away: answering %d request(s) in process", len(orphans))
        worker = self._local_worker()
        for frame in orphans:
            if not worker.submit(frame):
                send_error(
                    self.browser, ErrorCode.BUSY, "too many requests waiting", peek_id(frame), SERVED_BY
                )

    def _local_worker(self) -> Worker:
        with self._lock:
            if self._local is None:
                self._local = Worker(
                    self._local_handler(), self.browser, SERVED_BY, max_pending=self.max_pending
                )
            return self._local

    def _local_handler(self) -> Callable[[bytes], bytes]:
        """Lock held. The in-process dispatcher; if even its services cannot be built, every request
        is answered `engine_unavailable` (never a verdict)."""
        try:
            self._services = self._services_factory()
        except Exception as exc:
            logger.error("in-process engine unavailable: %s", describe_exception(exc))

            def unavailable(frame: bytes) -> bytes:
                reply = error_reply(
                    ErrorCode.ENGINE_UNAVAILABLE,
                    "the scanning engine could not start",
                    peek_id(frame),
                    SERVED_BY,
                )
                return encode_reply(reply)

            return unavailable
        if self._preload:
            self._services.preload()
        return Dispatcher(
            self._services, served_by=SERVED_BY, max_request_bytes=self.max_request_bytes
        ).handle


def run_native_host(
    stdin: Readable,
    stdout: Writable,
    *,
    address: str | None = None,
    max_request_bytes: int = DEFAULT_MAX_INBOUND_BYTES,
    services_factory: ServicesFactory | None = None,
    preload: bool = True,
    reconnect_interval: float = RECONNECT_INTERVAL_SECONDS,
) -> int:
    """Serves the browser until it closes the port. Exit status: 0 after a clean end of stream, 2 when
    the stream ended inside a frame or carried a length prefix too large to skip."""
    browser = FrameWriter(stdout)
    reader = FrameReader(stdin, max_size=max_request_bytes)
    router = HostRouter(
        browser,
        address=address,
        services_factory=services_factory,
        preload=preload,
        reconnect_interval=reconnect_interval,
        max_request_bytes=max_request_bytes,
    )
    router.start()
    try:
        end = pump_frames(reader, browser, router.submit, SERVED_BY)
    finally:
        router.close()
    logger.debug("native host done: %s", end.value)
    return 0 if end.clean else 2


def browser_stdio() -> tuple[BinaryIO, BinaryIO]:
    """stdin and stdout as binary streams for frames. File descriptor 1 is then pointed at stderr, so
    a stray print() from any library lands in the browser's log instead of corrupting the frames."""
    set_binary_mode(0)
    set_binary_mode(1)
    out_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    stdin = open(0, "rb", closefd=False)  # noqa: SIM115 - lives as long as the process
    stdout = open(out_fd, "wb", buffering=0)  # noqa: SIM115
    return stdin, stdout


def main(max_request_bytes: int = DEFAULT_MAX_INBOUND_BYTES) -> int:
    stdin, stdout = browser_stdio()
    with stdout:
        return run_native_host(stdin, stdout, max_request_bytes=max_request_bytes)

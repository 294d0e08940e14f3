"""The tray app's end of the bridge: a local socket serving native hosts, one thread per connection.

`BridgeServer(services).start()` listens at the user's bridge address (transport.default_address());
each connection gets its own reader thread and worker, so a slow scan for one browser never delays
another. The tray app hosts it; `dlpguard bridge-server` runs it headless.
"""

from __future__ import annotations

import logging
import threading
from types import TracebackType

from dlpguard.bridge.framing import DEFAULT_MAX_INBOUND_BYTES
from dlpguard.bridge.handlers import Dispatcher
from dlpguard.bridge.session import DEFAULT_MAX_PENDING, Worker, pump_frames
from dlpguard.bridge.transport import Connection, Listener, ListenerClosed, listen
from dlpguard.errors import describe_exception
from dlpguard.guard.services import GuardServices

logger = logging.getLogger(__name__)

#: Connections served at once (one per browser profile is the norm); more are closed on arrival.
MAX_CONNECTIONS = 32


class BridgeServer:
    def __init__(
        self,
        services: GuardServices | None = None,
        *,
        address: str | None = None,
        max_pending: int = DEFAULT_MAX_PENDING,
        max_connections: int = MAX_CONNECTIONS,
        max_request_bytes: int = DEFAULT_MAX_INBOUND_BYTES,
    ) -> None:
        self.services = services or GuardServices()
        self.dispatcher = Dispatcher(self.services, served_by="app", max_request_bytes=max_request_bytes)
        self._address = address
        self.max_pending = max_pending
        self.max_connections = max_connections
        self._listener: Listener | None = None
        self._accept_thread: threading.Thread | None = None
        self._connections: dict[Connection, threading.Thread] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._stop_requested = threading.Event()

    @property
    def address(self) -> str:
        if self._listener is None:
            raise RuntimeError("the bridge server is not started")
        return self._listener.address

    @property
    def active_connections(self) -> int:
        with self._lock:
            return len(self._connections)

    def start(self) -> None:
        """Listens and returns; `BridgeError` when the address is taken by a running app."""
        if self._listener is not None:
            return
        self._stopping.clear()
        self._stop_requested.clear()
        self._listener = listen(self._address, max_request_bytes=self.dispatcher.max_request_bytes)
        self._accept_thread = threading.Thread(
            target=self._accept_loop, name="dlpguard-bridge-accept", daemon=True
        )
        self._accept_thread.start()
        logger.info("bridge listening at %s", self._listener.address)

    def stop(self, timeout: float = 5.0) -> None:
        """Stops accepting, ends every connection (queued requests are dropped) and removes the socket."""
        listener, self._listener = self._listener, None
        if listener is None:
            return
        self._stopping.set()
        self._stop_requested.set()
        listener.wake()
        listener.close()
        if self._accept_thread is not None:
            self._accept_thread.join(timeout)
        with self._lock:
            connections = list(self._connections.items())
        for connection, _ in connections:
            connection.close()
        for _, thread in connections:
            thread.join(timeout)

    def serve_forever(self) -> None:
        """Serves until `request_stop()` (from a signal handler or another thread), then stops."""
        self.start()
        try:
            while not self._stop_requested.wait(1.0):  # a timeout keeps Ctrl-C deliverable everywhere
                pass
        finally:
            self.stop()

    def request_stop(self) -> None:
        """Safe from a signal handler: `serve_forever` returns soon after."""
        self._stop_requested.set()

    def __enter__(self) -> BridgeServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _accept_loop(self) -> None:
        listener = self._listener
        assert listener is not None
        while not self._stopping.is_set():
            try:
                connection = listener.accept()
            except ListenerClosed:
                return
            except Exception as exc:  # one bad accept must not end the server
                logger.error("bridge accept failed: %s", describe_exception(exc))
                continue
            if connection is None:
                continue
            if self._stopping.is_set():
                connection.close()
                return
            with self._lock:
                if len(self._connections) >= self.max_connections:
                    logger.warning("bridge: %d connections open, refusing another", len(self._connections))
                    connection.close()
                    continue
                thread = threading.Thread(
                    target=self._serve, args=(connection,), name="dlpguard-bridge-conn", daemon=True
                )
                self._connections[connection] = thread
            thread.start()

    def _serve(self, connection: Connection) -> None:
        worker = Worker(
            self.dispatcher.handle,
            connection.writer,
            self.dispatcher.served_by,
            max_pending=self.max_pending,
            name="dlpguard-bridge-conn-worker",
        )
        try:
            end = pump_frames(connection.reader, connection.writer, worker.submit, self.dispatcher.served_by)
            logger.debug("bridge connection ended: %s", end.value)
        except Exception as exc:
            logger.error("bridge connection failed: %s", describe_exception(exc))
        finally:
            worker.close(discard_pending=self._stopping.is_set())
            connection.close()
            with self._lock:
                self._connections.pop(connection, None)

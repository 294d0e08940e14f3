"""The bridge server as the tray app hosts it: the same handlers, plus the pause and notifications.

`GuardDispatcher` is the bridge's `Dispatcher` with two additions the tray needs: while the user has
paused protection (only where the policy allows it) scans are answered `allow` with the reason, and
every warn / mask / block verdict is reported (categories and site, never the text) so the tray can
keep its state current (the extension, not the tray, tells the user). It runs on the bridge's
connection threads; the callbacks must be thread-safe (Qt signals).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pydantic import BaseModel

from dlpguard.bridge.framing import DEFAULT_MAX_INBOUND_BYTES
from dlpguard.bridge.handlers import Dispatcher
from dlpguard.bridge.protocol import Request, ScanRequest, VerdictOverride, VerdictReply
from dlpguard.bridge.server import BridgeServer
from dlpguard.guard.services import GuardServices

logger = logging.getLogger(__name__)

PAUSED_REASON = "protection paused by the user"

#: (action, [(category, entity type)], site)
VerdictListener = Callable[[str, list[tuple[str, str]], str | None], None]


def paused_verdict(services: GuardServices, request: ScanRequest) -> VerdictReply:
    policy = services.policy
    return VerdictReply(
        id=request.id,
        served_by="app",
        action="allow",
        would_action="allow",
        simulated=policy.simulation,
        reason=PAUSED_REASON,
        findings=[],
        finding_count=0,
        override=VerdictOverride(allowed=True, justification_required=False, min_justification_chars=0),
        policy_version=policy.version,
        elapsed_ms=0.0,
    )


class GuardDispatcher(Dispatcher):
    def __init__(
        self,
        services: GuardServices,
        *,
        paused: Callable[[], bool] = lambda: False,
        on_verdict: VerdictListener | None = None,
        max_request_bytes: int = DEFAULT_MAX_INBOUND_BYTES,
    ) -> None:
        super().__init__(services, served_by="app", max_request_bytes=max_request_bytes)
        self._paused = paused
        self._on_verdict = on_verdict

    def reply_to(self, request: Request) -> BaseModel:
        if isinstance(request, ScanRequest) and self._paused():
            return paused_verdict(self.services, request)
        return super().reply_to(request)

    def replied(self, request: Request, reply: BaseModel) -> None:
        if self._on_verdict is None or not isinstance(reply, VerdictReply):
            return
        if not isinstance(request, ScanRequest) or reply.action not in ("warn", "mask", "block"):
            return
        entities = [(f.category, f.entity_type) for f in reply.findings]
        try:
            self._on_verdict(reply.action, entities, request.site)
        except Exception:  # a tray problem must never cost the browser its verdict
            logger.exception("verdict listener failed")


def guard_bridge_server(
    services: GuardServices,
    *,
    address: str | None = None,
    paused: Callable[[], bool] = lambda: False,
    on_verdict: VerdictListener | None = None,
) -> BridgeServer:
    """A `BridgeServer` over the app's services, with the tray's dispatcher."""
    server = BridgeServer(services, address=address)
    server.dispatcher = GuardDispatcher(
        services, paused=paused, on_verdict=on_verdict, max_request_bytes=server.dispatcher.max_request_bytes
    )
    return server

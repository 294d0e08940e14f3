"""The bridge server as the tray app hosts it: the same handlers, plus the pause and notifications.

`GuardDispatcher` is the bridge's `Dispatcher` with two additions the tray needs: while the user has
paused protection (only where the policy allows it) scans are answered `allow` with the reason, and
every warn / mask / block verdict is reported (categories and site, never the text) so the tray can
notify. It runs on the bridge's connection threads; the callbacks must be thread-safe (Qt signals).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from dlpguard.bridge.handlers import Dispatcher
from dlpguard.bridge.protocol import Request, ScanRequest, VerdictOverride, VerdictReply, encode_reply
from dlpguard.bridge.server import BridgeServer
from dlpguard.bridge.services import BridgeServices

logger = logging.getLogger(__name__)

PAUSED_REASON = "protection paused by the user"

#: (action, [(category, entity type)], site)
VerdictListener = Callable[[str, list[tuple[str, str]], str | None], None]


def paused_verdict(services: BridgeServices, request: ScanRequest) -> VerdictReply:
    policy = services.policy
    return VerdictReply(
        id=request.id,
        served_by=services.served_by,
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
        services: BridgeServices,
        *,
        paused: Callable[[], bool] = lambda: False,
        on_verdict: VerdictListener | None = None,
    ) -> None:
        super().__init__(services)
        self._paused = paused
        self._on_verdict = on_verdict

    def handle_request(self, request: Request) -> bytes:
        if isinstance(request, ScanRequest) and self._paused():
            return encode_reply(paused_verdict(self.services, request))
        payload = super().handle_request(request)
        if isinstance(request, ScanRequest) and self._on_verdict is not None:
            self._report(request, payload)
        return payload

    def _report(self, request: ScanRequest, payload: bytes) -> None:
        try:
            reply = json.loads(payload)
        except ValueError:
            return
        if reply.get("type") != "verdict" or reply.get("action") not in ("warn", "mask", "block"):
            return
        entities = [(f["category"], f["entity_type"]) for f in reply.get("findings", [])]
        try:
            assert self._on_verdict is not None
            self._on_verdict(reply["action"], entities, request.site)
        except Exception:  # a notification problem must never cost the browser its verdict
            logger.exception("verdict listener failed")


def guard_bridge_server(
    services: BridgeServices,
    *,
    address: str | None = None,
    paused: Callable[[], bool] = lambda: False,
    on_verdict: VerdictListener | None = None,
) -> BridgeServer:
    """A `BridgeServer` over the app's services, with the tray's dispatcher."""
    server = BridgeServer(services, address=address)
    server.dispatcher = GuardDispatcher(services, paused=paused, on_verdict=on_verdict)
    return server

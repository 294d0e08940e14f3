"""An HTTP JSON collector in the Splunk HEC shape: one POST per incident, with an idempotency key.

A 2xx is receipt. Connection errors, timeouts, 5xx, 408 and 429 mean the collector is down or busy:
the batch waits. Another 4xx means the collector refuses this one event: that row waits alone, so one
bad event never holds the others back. Redirects are refused so the token never follows one.
"""

from __future__ import annotations

import json
import os
import ssl
import urllib.error
import urllib.request
from collections.abc import Sequence
from datetime import datetime

from dlpguard.incidents.outbox import OutboxRow
from dlpguard.incidents.sender import Delivery, Sender
from dlpguard.policy.incident_settings import HttpTarget

IDEMPOTENCY_HEADER = "X-DLPGuard-Idempotency-Key"
_RETRYABLE_STATUS = {408, 429}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def hec_envelope(event: dict[str, object]) -> dict[str, object]:
    """HEC event format: epoch `time`, `host`, `source`, `sourcetype`, and our record as `event`."""
    when = event.get("time")
    epoch = datetime.fromisoformat(str(when).replace("Z", "+00:00")).timestamp() if when else None
    return {
        "time": epoch,
        "host": event.get("host"),
        "source": "dlpguard",
        "sourcetype": f"dlpguard:{event.get('kind', 'incident')}",
        "event": event,
    }


class HttpSender(Sender):
    def __init__(self, target: HttpTarget) -> None:
        self.target = target
        self.url = str(target.url)
        handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
        if self.url.startswith("https:"):
            if target.verify_tls:
                context = ssl.create_default_context(cafile=target.ca_file)
            else:  # the admin asked for it in the policy (a lab collector with a self-signed cert)
                context = ssl._create_unverified_context()  # noqa: S323
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self._opener = urllib.request.build_opener(*handlers)

    def _token(self) -> str | None:
        if not self.target.token_env:
            return None
        token = os.environ.get(self.target.token_env)
        if not token:
            raise LookupError(
                f"the environment variable {self.target.token_env} holding the token is not set"
            )
        return token

    def deliver(self, rows: Sequence[OutboxRow]) -> Delivery:
        result = Delivery()
        try:
            token = self._token()
        except LookupError as exc:
            result.outage = f"http {self.url}: {exc}"
            return result
        for row in rows:
            body = json.dumps(hec_envelope(json.loads(row.payload)), separators=(",", ":")).encode()
            request = urllib.request.Request(self.url, data=body, method="POST")  # noqa: S310 - https/http only
            request.add_header("Content-Type", "application/json")
            request.add_header(IDEMPOTENCY_HEADER, row.idempotency_key)
            if token:
                request.add_header("Authorization", f"Splunk {token}")
            try:
                with self._opener.open(request, timeout=self.target.timeout_seconds) as response:
                    response.read()
            except urllib.error.HTTPError as exc:
                exc.close()
                reason = f"http {self.url}: HTTP {exc.code} {exc.reason}"
                if exc.code >= 500 or exc.code in _RETRYABLE_STATUS or 300 <= exc.code < 400:
                    result.outage = reason
                    return result
                result.rejected[row.id] = reason
                continue
            except (urllib.error.URLError, OSError, ssl.SSLError) as exc:
                result.outage = f"http {self.url}: {getattr(exc, 'reason', exc)}"
                return result
            result.delivered.append(row.id)
        return result

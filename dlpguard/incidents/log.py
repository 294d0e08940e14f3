"""The incident log as the tray app and native host use it: settings, store and key in one object.

The shells call `record_scan` with the text they scanned and the engine's findings; the text goes no
further than `build_incident`. The fingerprint key is loaded on the first record, so a missing keyring
(with the `refuse` fallback) fails that record with a clear error without stopping the guard itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from keyring.backend import KeyringBackend

from dlpguard.engine.types import Action, Source, UserDecision
from dlpguard.incidents.build import build_incident
from dlpguard.incidents.keys import FingerprintKey, load_or_create_key
from dlpguard.incidents.model import Outcome, StoredIncident
from dlpguard.incidents.store import Store, default_path
from dlpguard.incidents.targets import configured_targets
from dlpguard.policy.incident_settings import IncidentSettings

if TYPE_CHECKING:
    from dlpguard.engine.types import Finding


class IncidentLog:
    def __init__(
        self,
        settings: IncidentSettings,
        *,
        path: Path | None = None,
        keyring_backend: KeyringBackend | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self._keyring_backend = keyring_backend
        self._key: FingerprintKey | None = None
        self._data_dir = (path or default_path()).parent
        # The same key seals the chain's anchor and the outbox (each under a key derived from it).
        self.store = Store(
            path, targets=configured_targets(settings.forwarding), clock=clock, key=lambda: self.key.key
        )

    @property
    def key(self) -> FingerprintKey:
        """The fingerprint key; raises `IncidentLogError` when no keyring and the policy refuses a file."""
        if self._key is None:
            self._key = load_or_create_key(
                self.settings.keyring_fallback, backend=self._keyring_backend, data_dir=self._data_dir
            )
        return self._key

    def record_scan(
        self,
        text: str,
        findings: Sequence[Finding],
        action: Action,
        *,
        source: Source,
        site: str | None = None,
        url: str | None = None,
        event: str | None = None,
        decision: UserDecision = UserDecision.NONE,
        justification: str | None = None,
        policy_version: str | None = None,
        policy_hash: str | None = None,
        group: str | None = None,
        rule: str | None = None,
        note: str | None = None,
    ) -> StoredIncident:
        incident = build_incident(
            text,
            findings,
            action,
            key=self.key.key,
            decision=decision,
            justification=justification,
            source=source,
            site=site,
            url=url,
            event=event,
            policy_version=policy_version,
            policy_hash=policy_hash,
            previews=self.settings.store_masked_previews,
            group=group,
            rule=rule,
            note=note,
        )
        return self.store.append(incident)

    def record_decision(
        self,
        incident_id: str,
        decision: UserDecision,
        justification: str | None = None,
        *,
        outcome: Outcome | None = None,
        reason: str | None = None,
    ) -> StoredIncident:
        """The user's choice and what came of it (by default: what the choice does when allowed)."""
        return self.store.record_decision(
            incident_id, decision, justification, outcome=outcome, reason=reason
        )

    def close(self) -> None:
        self.store.close()

"""Turns a scanned text and its findings into an `Incident` (counts, fingerprints, previews); drops the text.

This is the one place that sees matched values on their way into the log, so the rule "never the raw
value" is enforced here: values leave this module only as HMACs and masked previews.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from dlpguard import __version__
from dlpguard.engine.types import Action, Category, Source, UserDecision
from dlpguard.incidents.model import (
    MAX_NOTE_CHARS,
    PAUSE_EVENTS,
    FindingSummary,
    Incident,
    Outcome,
    RecordKind,
    outcome_for_action,
    outcome_for_decision,
    utc_now,
)
from dlpguard.incidents.preview import masked_preview

if TYPE_CHECKING:
    from dlpguard.engine.types import Finding

_SEPARATORS = re.compile(r"[\s\-.()/]+")


def new_incident_id() -> str:
    return str(uuid.uuid4())


def fingerprint_input(value: str, category: Category) -> bytes:
    """The form of a value that is fingerprinted: the same card or email written two ways matches.

    Secrets are taken exactly (case and punctuation are part of a token); other values drop separators
    and case, so `4242 4242 4242 4242` and `4242-4242-4242-4242` are one leak seen twice.
    """
    if category is not Category.SECRET:
        value = _SEPARATORS.sub("", value).casefold()
    return value.encode("utf-8")


def fingerprint(key: bytes, value: str, category: Category) -> str:
    """Keyed so a fingerprint cannot be brute-forced from the log alone (card numbers are guessable)."""
    return hmac.new(key, fingerprint_input(value, category), hashlib.sha256).hexdigest()


def url_host(url: str | None) -> str | None:
    """Only the host: paths and query strings can carry the very data the guard protects."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    return host or None


def clip_note(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text[:MAX_NOTE_CHARS] or None


def build_incident(
    text: str,
    findings: Sequence[Finding],
    action: Action,
    *,
    key: bytes,
    decision: UserDecision = UserDecision.NONE,
    justification: str | None = None,
    source: Source = Source.CLI,
    site: str | None = None,
    url: str | None = None,
    event: str | None = None,
    policy_version: str | None = None,
    policy_hash: str | None = None,
    previews: bool = True,
    now: datetime | None = None,
    outcome: Outcome | None = None,
    group: str | None = None,
    rule: str | None = None,
    note: str | None = None,
) -> Incident:
    """An incident for `findings` in `text`; `text` itself is not kept anywhere in the result.

    `outcome` defaults to what the recorded `decision` did (a decision recorded with the detection is
    one that happened), else to what `action` does before anyone answers (a warning is `pending`).
    """
    if len(key) < 16:
        raise ValueError("the fingerprint key must be at least 16 bytes")
    summaries = []
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        value = text[f.start : f.end]
        summaries.append(
            FindingSummary(
                entity_type=f.entity_type,
                category=f.category,
                fingerprint=fingerprint(key, value, f.category),
                preview=masked_preview(value, f.entity_type, f.category) if previews else None,
            )
        )
    return Incident(
        id=new_incident_id(),
        kind=RecordKind.DETECTION,
        time=now or utc_now(),
        source=source,
        site=site,
        group=group,
        rule=rule[:200] if rule else None,
        note=clip_note(note),
        url_host=url_host(url),
        event=event,
        action=action,
        decision=decision,
        justification=clip_note(justification),
        outcome=outcome
        or (
            outcome_for_decision(decision, allowed=True)
            if decision is not UserDecision.NONE
            else outcome_for_action(action)
        ),
        counts_by_entity=dict(sorted(Counter(f.entity_type for f in findings).items())),
        counts_by_category=dict(sorted(Counter(f.category for f in findings).items())),
        findings=tuple(summaries),
        policy_version=policy_version,
        policy_hash=policy_hash,
        app_version=__version__,
    )


def build_pause(
    event: str,
    note: str,
    *,
    actor: str | None = None,
    policy_version: str | None = None,
    policy_hash: str | None = None,
    now: datetime | None = None,
) -> Incident:
    """A pause or resume of protection as a record of its own kind, so reviewers see the gap as a gap."""
    if event not in PAUSE_EVENTS:
        raise ValueError(f"a pause record's event is one of {PAUSE_EVENTS}, not {event!r}")
    return Incident(
        id=new_incident_id(),
        kind=RecordKind.PAUSE,
        time=now or utc_now(),
        source=Source.APP,
        event=event,
        action=Action.ALLOW,
        note=clip_note(note),
        actor=actor,
        policy_version=policy_version,
        policy_hash=policy_hash,
        app_version=__version__,
    )

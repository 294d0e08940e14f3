"""Generated incident logs for the review tests, the screenshots and the benchmark.

Real records through the real store (`build_incident`, the hash chain); for 100,000 rows the first
`base` records are then copied in SQL with new ids and times, which takes a second instead of minutes.
The copies' chain links are not valid: the review window pages and filters, it does not verify.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dlpguard.engine.types import Action, Category, Finding, Source, UserDecision
from dlpguard.incidents.build import build_incident
from dlpguard.incidents.model import Incident
from dlpguard.incidents.store import Store

KEY = bytes(range(32))
END = datetime(2025, 3, 31, 17, 0, tzinfo=UTC)
SPAN = timedelta(days=45)
NAMESPACE = uuid.UUID("6b7a1f3e-2c54-4f1e-9a55-0c1d2e3f4a5b")

# (entity, category, planted value) — they look real to the recognizers and are not real.
VALUES = (
    ("AWS_ACCESS_KEY", Category.SECRET, "AKIAIOSFODNN7EXAMPLQ"),
    ("GITHUB_TOKEN", Category.SECRET, "ghp_Q7vX2mKp9LwR4tYz8NcB3hJd5FgA1sEe0uIo"),
    ("CREDIT_CARD", Category.FINANCIAL, "4539 1488 0343 6467"),
    ("IBAN_CODE", Category.FINANCIAL, "DE89 3704 0044 0532 0130 00"),
    ("EMAIL_ADDRESS", Category.CONTACT, "maria.keller@northwind-traders.net"),
    ("PHONE_NUMBER", Category.CONTACT, "+44 20 7183 0958"),
    ("US_SSN", Category.GOVERNMENT_ID, "536-22-8745"),
    ("PERSON", Category.PERSON, "Maria Keller"),
    ("IP_ADDRESS", Category.NETWORK, "10.20.30.41"),
)
SITES = ("chatgpt.com", "claude.ai", "gemini.google.com", "chat.deepseek.com", "copilot.microsoft.com")
APPS = ("ChatGPT", "Claude", "Code")
ACTIONS = (Action.WARN, Action.MASK, Action.BLOCK, Action.BLOCK, Action.MASK, Action.AUDIT)
DECISIONS = (UserDecision.NONE, UserDecision.SEND_MASKED, UserDecision.CANCEL, UserDecision.SEND_ANYWAY)


def incident_id(i: int) -> str:
    return str(uuid.uuid5(NAMESPACE, str(i)))


def make(i: int, *, when: datetime | None = None) -> Incident:
    """The i-th of a varied, deterministic series (values, site, action, decision vary with i)."""
    picks = [VALUES[(i * 7) % len(VALUES)]]
    if i % 3 == 0:
        picks.append(VALUES[(i * 5 + 2) % len(VALUES)])
    text = " ; ".join(v for _, _, v in picks)
    findings = []
    for entity, category, value in picks:
        for m in re.finditer(re.escape(value), text):
            findings.append(Finding(entity, category, m.start(), m.end(), 0.9, "test"))
    clipboard = i % 6 == 5
    action = Action.MASK if clipboard else ACTIONS[i % len(ACTIONS)]
    decision = DECISIONS[i % len(DECISIONS)] if action in (Action.WARN, Action.BLOCK) else UserDecision.NONE
    incident = build_incident(
        text,
        findings,
        action,
        key=KEY,
        decision=decision,
        justification="customer asked for the invoice totals"
        if decision is UserDecision.SEND_ANYWAY
        else None,
        source=Source.CLIPBOARD if clipboard else Source.BROWSER,
        site=APPS[i % len(APPS)] if clipboard else SITES[i % len(SITES)],
        event="copy" if clipboard else "paste",
        policy_version="7",
        policy_hash="ab" * 32,
        now=when or END - SPAN * ((i * 7919) % 1000) / 1000,
    )
    return incident.model_copy(update={"id": incident_id(i)})


def build_log(path: Path, total: int, *, base: int = 1000) -> Path:
    """A log of `total` incidents at `path` (`base` real ones, the rest SQL copies of them)."""
    base = min(base, total)
    with Store(path) as store:
        incidents = [make(i) for i in range(base)]

        def insert_all(conn: object) -> None:
            for incident in incidents:
                store._insert(conn, incident)  # type: ignore[arg-type]  # one transaction: fixture speed

        store.write(insert_all)
        copies = (total - base + base - 1) // base
        if copies:
            store.write(lambda conn: _copy(conn, copies, base, total))
    return path


def _copy(conn: object, copies: int, base: int, total: int) -> None:
    """Copies 1..`copies` of the first `base` rows in one statement, up to `total` rows in all."""
    new_id = "printf('%08x', k) || substr(id, 9)"
    shift = "'-' || ((k * 211) % 86400) || ' seconds'"
    conn.execute(  # type: ignore[attr-defined]
        f"""
        WITH RECURSIVE copies(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM copies WHERE k < {copies})
        INSERT INTO incidents (seq, id, kind, ref_id, time, source, site, url_host, event, action, decision,
                               justification, outcome, reviewed_at, reviewed_by, review_note, record,
                               prev_hash, hash)
        SELECT seq + {base} * k, {new_id}, kind, ref_id,
               strftime('%Y-%m-%dT%H:%M:%S', substr(time, 1, 19), {shift}) || '.000000Z',
               source, site, url_host, event, action, decision, justification, outcome, reviewed_at,
               reviewed_by, review_note,
               json_set(record, '$.id', {new_id},
                        '$.time', strftime('%Y-%m-%dT%H:%M:%SZ', substr(time, 1, 19), {shift})),
               prev_hash, hash
        FROM copies, incidents WHERE seq <= {base} AND seq + {base} * k <= {total}
        """  # noqa: S608 - integers we computed
    )
    conn.execute(  # type: ignore[attr-defined]
        f"""
        WITH RECURSIVE copies(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM copies WHERE k < {copies})
        INSERT INTO incident_categories (category, seq, count)
        SELECT category, seq + {base} * k, count FROM copies, incident_categories
        WHERE seq <= {base} AND seq + {base} * k <= {total}
        """  # noqa: S608
    )
    conn.execute(  # type: ignore[attr-defined]
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('head_seq', ?)", (str(total),)
    )

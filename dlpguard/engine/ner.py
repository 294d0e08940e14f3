"""Person and location findings from the spaCy NER model, run only on prose and filtered for code."""

from __future__ import annotations

import re
from typing import Any

from dlpguard.engine.prose import Segment
from dlpguard.engine.types import Category, Finding

NER_SCORE = 0.85
LABELS = {"PERSON": ("PERSON", Category.PERSON), "GPE": ("LOCATION", Category.LOCATION), "LOC": ("LOCATION", Category.LOCATION)}

_TITLE = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Prof|Sir|Herr|Frau|M|Mme|Sr|Sra|Dña?)\.?\s+)+")
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
_CAMEL = re.compile(r"[a-z][A-Z]")
_NOT_NAMES = frozenset(
    w.lower()
    for w in (
        "Hi Hello Hey Dear Thanks Thank Regards Cheers Best Team All Everyone Monday Tuesday Wednesday Thursday "
        "Friday Saturday Sunday January February March April May June July August September October November "
        "December Slack Jira Confluence GitHub Gitlab Kubernetes Docker Python Java Linux Windows Excel Teams "
        "Zoom Outlook Gmail Postgres Redis Kafka Terraform Ansible Jenkins Grafana Sentry Stripe AWS Azure GCP "
        "Admin User Customer Client Support Sales Finance Legal Ops Dev QA PR CI CD API URL IBAN SSN ID"
    ).split()
)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    value = text[start:end]
    m = _TITLE.match(value)
    if m:
        start += m.end()
    value = text[start:end]
    m = _POSSESSIVE.search(value)
    if m:
        end -= len(m.group())
    return start, end


def plausible(label: str, value: str) -> bool:
    """Rejects identifiers and tool names that NER takes for people or places."""
    if not value or any(c.isdigit() or c in "_/\\@#=<>{}()[]:;" for c in value):
        return False
    tokens = value.split()
    if any(_CAMEL.search(t) for t in tokens):
        return False
    if len(tokens) == 1 and (value.isupper() or value.lower() in _NOT_NAMES):
        return False
    if not value[0].isupper():
        return False
    if label == "PERSON" and all(t.lower().strip(".,") in _NOT_NAMES for t in tokens):
        return False
    return len(value) >= 2


def ner_findings(nlp: Any, text: str, segments: list[Segment]) -> list[Finding]:
    """One `nlp.pipe` pass over the prose segments; offsets mapped back into `text`."""
    findings: list[Finding] = []
    if not segments:
        return findings
    docs = nlp.pipe(text[s.start : s.end] for s in segments)
    for seg, doc in zip(segments, docs, strict=True):
        for ent in doc.ents:
            mapped = LABELS.get(ent.label_)
            if mapped is None:
                continue
            start, end = _trim(text, seg.start + ent.start_char, seg.start + ent.end_char)
            if end <= start or not plausible(ent.label_, text[start:end]):
                continue
            findings.append(Finding(mapped[0], mapped[1], start, end, NER_SCORE, "SpacyNerRecognizer"))
    return findings

"""What a notification says, without Qt: the category, where, and what was done; never the value.

`notice_for_clipboard` turns a decision into a `Notice`; notifications.py shows it as a tray message
or a toast window. Browser verdicts have no desktop notice: the extension shows them in the page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from dlpguard.engine.types import Finding
from dlpguard.gui.clipboard_guard import ClipboardAction, ClipboardDecision

#: Words kept upper-case when an entity type is spelled out for people.
_ACRONYMS = frozenset(
    {"AWS", "API", "IBAN", "SSN", "JWT", "IP", "MAC", "NINO", "URL", "GCP", "SSH", "PGP", "US", "UK", "ID"}
)
_BRANDS = {
    "GITHUB": "GitHub", "GITLAB": "GitLab", "OPENAI": "OpenAI", "ANTHROPIC": "Anthropic", "SLACK": "Slack",
    "STRIPE": "Stripe", "GOOGLE": "Google", "AZURE": "Azure", "NPM": "npm", "PYPI": "PyPI",
    "TWILIO": "Twilio", "SENDGRID": "SendGrid", "HUGGINGFACE": "Hugging Face",
}  # fmt: skip
_CATEGORY_LABELS = {
    "secret": "Secret",
    "financial": "Financial data",
    "government_id": "Government ID",
    "contact": "Contact details",
    "person": "Person name",
    "location": "Location",
    "network": "Network address",
    "health": "Health data",
    "custom": "Company term",
}
NOTICE_RESTORE = "restore"


class Level(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


@dataclass(frozen=True)
class NoticeAction:
    key: str
    label: str


@dataclass(frozen=True)
class Notice:
    title: str
    body: str
    level: Level = Level.WARNING
    actions: tuple[NoticeAction, ...] = ()
    timeout_ms: int = 8000


def entity_label(entity_type: str) -> str:
    """`AWS_ACCESS_KEY` -> `AWS access key`; `EMAIL_ADDRESS` -> `email address`."""
    words = [w if w in _ACRONYMS else _BRANDS.get(w, w.lower()) for w in entity_type.split("_")]
    return " ".join(words)


def category_label(category: str) -> str:
    return _CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize())


def describe_findings(entities: Iterable[tuple[str, str]]) -> str:
    """(category, entity type) pairs -> `Secret (AWS access key), Contact details (2× email address)`."""
    by_category: dict[str, Counter[str]] = {}
    for category, entity in entities:
        by_category.setdefault(category, Counter())[entity] += 1
    parts = []
    for category in sorted(by_category):
        kinds = ", ".join(
            f"{n}× {entity_label(e)}" if n > 1 else entity_label(e)
            for e, n in sorted(by_category[category].items())
        )
        parts.append(f"{category_label(category)} ({kinds})")
    return "; ".join(parts)


def _pairs(findings: Iterable[Finding]) -> list[tuple[str, str]]:
    return [(f.category.value, f.entity_type) for f in findings]


def notice_for_clipboard(decision: ClipboardDecision, restore_seconds: int) -> Notice | None:
    """The notice for a clipboard decision; None when there is nothing to tell."""
    what = describe_findings(_pairs(decision.findings))
    where = f" copied in {decision.app.describe()}" if decision.app else " copied"
    cut = ""
    if decision.truncated_from:
        cut = f" Very large copy: only the start of its {decision.truncated_from:,} characters was checked."
    if decision.action is ClipboardAction.MASK:
        restore, actions = _restore_offer(decision, restore_seconds)
        return Notice(
            "Clipboard masked",
            f"{what}{where}. The clipboard now holds a masked copy.{restore}{cut}",
            Level.WARNING,
            actions,
        )
    if decision.action is ClipboardAction.NOTIFY:
        return Notice(
            "Sensitive data on the clipboard",
            f"{what}{where}. Think twice before pasting it into an AI app.{cut}",
            Level.WARNING,
        )
    return None


def _restore_offer(decision: ClipboardDecision, restore_seconds: int) -> tuple[str, tuple[NoticeAction, ...]]:
    """The restore sentence and button: offered for the whole window (the notice goes after a few
    seconds, the tray menu's entry stays), refused with the reason where the policy allows no override."""
    rules = decision.restore
    if not restore_seconds or rules is None:
        return "", ()
    if not rules.allowed:
        return f" The original cannot be restored: {rules.reason or 'not allowed by the policy'}.", ()
    why = " You will be asked why." if rules.justification_required else ""
    sentence = (
        f" Restore the original within {restore_seconds} s here or from the DLP Guard menu"
        f" (Restore original clipboard).{why}"
    )
    return sentence, (NoticeAction(NOTICE_RESTORE, "Restore original…" if why else "Restore original"),)


def notice_for_pause(minutes: int) -> Notice:
    return Notice(
        "Protection paused",
        f"DLP Guard is paused for {minutes} minutes. The pause is recorded.",
        Level.INFO,
    )

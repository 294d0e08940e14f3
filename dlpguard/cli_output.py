"""Terminal rendering for `dlpguard scan`: highlighted text, the summary, and the JSON documents.

Pure functions from findings to strings; the command decides where they are written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dlpguard.engine.filters import ignored_test_values_line
from dlpguard.engine.resolve import PRIORITY
from dlpguard.engine.types import Action, Category, Finding, ModelStatus

if TYPE_CHECKING:
    from dlpguard.guard.doctor import DoctorReport
    from dlpguard.policy.decide import FindingDecision, Verdict

RESET = "\x1b[0m"
DIM = "\x1b[2m"
#: One colour per category, most harmful the loudest.
COLOURS = {
    Category.SECRET: "\x1b[1;41;97m",
    Category.FINANCIAL: "\x1b[1;45;97m",
    Category.GOVERNMENT_ID: "\x1b[1;43;30m",
    Category.HEALTH: "\x1b[1;44;97m",
    Category.CUSTOM: "\x1b[1;46;30m",
    Category.CONTACT: "\x1b[1;36m",
    Category.NETWORK: "\x1b[1;34m",
    Category.PERSON: "\x1b[1;32m",
    Category.LOCATION: "\x1b[32m",
}
OPEN, CLOSE = "⟦", "⟧"

# Characters that would let the scanned text drive the terminal (escape sequences) or reorder what is
# shown (bidi overrides); shown as visible stand-ins instead. Tab and line breaks pass.
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "␡"
    return f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}"


def terminal_safe(text: str) -> str:
    return _UNSAFE.sub(_visible, text)


def _tag(finding: Finding) -> str:
    return f"{finding.category.value.upper()}:{finding.entity_type}"


def _styled(value: str, finding: Finding) -> str:
    """Colour each line of the value separately so a multi-line secret never bleeds into the next line."""
    colour = COLOURS.get(finding.category, "\x1b[1m")
    lines = value.split("\n")
    body = "\n".join(f"{colour}{line}{RESET}" if line else line for line in lines)
    return f"{body}{DIM}⟨{finding.entity_type}⟩{RESET}"


def highlight(text: str, findings: Sequence[Finding], *, colour: bool) -> str:
    """`text` with each finding marked: ANSI colours, or `⟦SECRET:AWS_ACCESS_KEY AKIA…⟧` without.

    `findings` use offsets into `text`; overlapping ones (which the engine already resolves) are skipped.
    """
    out: list[str] = []
    cursor = 0
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        if f.start < cursor or f.end > len(text):
            continue
        out.append(terminal_safe(text[cursor : f.start]))
        value = terminal_safe(text[f.start : f.end])
        out.append(_styled(value, f) if colour else f"{OPEN}{_tag(f)} {value}{CLOSE}")
        cursor = f.end
    out.append(terminal_safe(text[cursor:]))
    return "".join(out)


@dataclass
class Tally:
    """Counts per category and per entity type, fed window by window."""

    by_entity: Counter[tuple[Category, str]] = field(default_factory=Counter)

    def add(self, findings: Iterable[Finding]) -> None:
        self.by_entity.update((f.category, f.entity_type) for f in findings)

    @property
    def total(self) -> int:
        return sum(self.by_entity.values())

    def by_category(self) -> dict[Category, dict[str, int]]:
        """Most harmful category first, entity types alphabetically within it."""
        grouped: dict[Category, dict[str, int]] = {}
        ordered = sorted(self.by_entity.items(), key=lambda item: (PRIORITY.get(item[0][0], 99), item[0][1]))
        for (category, entity), count in ordered:
            grouped.setdefault(category, {})[entity] = count
        return grouped


def model_label(model: ModelStatus) -> str:
    if model.mode == "ner":
        return f"ner, {model.name} {model.version}"
    return f"pattern-only: {model.reason}" if model.reason else "pattern-only"


def summary(tally: Tally, chars: int, model: ModelStatus, notes: Sequence[str] = ()) -> str:
    """The closing lines of a text scan: counts per category and entity type, and the model mode."""
    total = tally.total
    head = f"{total} finding{'s' if total != 1 else ''}" if total else "no findings"
    lines = [f"dlpguard: {head} in {chars:,} characters (model: {model_label(model)})"]
    for category, entities in tally.by_category().items():
        count = sum(entities.values())
        detail = ", ".join(f"{entity} {n}" for entity, n in entities.items())
        lines.append(f"  {category.value:<14}{count:>6}  {detail}")
    lines += [f"note: {n}" for n in notes]
    return "\n".join(lines)


#: The note code for published test values set aside (`ScanResult.known_test_values`).
KNOWN_TEST_VALUE = "known_test_value"


def ignored_notes(kinds: Sequence[str]) -> list[str]:
    """The summary's note for set-aside test values (none when there are none): never the values."""
    line = ignored_test_values_line(kinds)
    return [f"{KNOWN_TEST_VALUE}: {line}; not findings, no action"] if line else []


def ignored_dicts(kinds: Sequence[str]) -> list[dict[str, object]]:
    """`[{"note": "known_test_value", "kind": "card test number", "count": 2}, …]` for JSON output."""
    return [{"note": KNOWN_TEST_VALUE, "kind": k, "count": n} for k, n in Counter(kinds).most_common()]


def verdict_line(verdict: Verdict) -> str:
    """What the policy in force would do with this text if it were pasted into a guarded site."""
    group = f" (site group {verdict.group})" if verdict.group else ""
    where = f"policy v{verdict.policy_version}, on a guarded site{group}"
    if verdict.would_action.value == "allow":
        return f"{where}: allow (nothing the policy acts on)"
    acted: dict[str, Action] = {}
    for d in sorted(verdict.decisions, key=lambda d: -d.would_action.rank):
        if d.would_action.value != "allow":
            acted.setdefault(d.finding.entity_type, d.would_action)
    detail = ", ".join(f"{entity} {action.value}" for entity, action in acted.items())
    if verdict.simulated:
        return f"{where} (audit only): would {verdict.would_action.value}, records it ({detail})"
    return f"{where}: {verdict.action.value} ({detail})"


def finding_dict(finding: Finding, decision: FindingDecision) -> dict[str, object]:
    """A finding for JSON output, with what the policy does about it and which rule said so."""
    return {**finding.to_dict(), "action": decision.action.value, "rule": decision.rule}


def verdict_dict(verdict: Verdict) -> dict[str, object]:
    return {
        "action": verdict.action.value,
        "would_action": verdict.would_action.value,
        "simulated": verdict.simulated,
        "reason": verdict.reason,
        "policy_version": verdict.policy_version,
        "override_allowed": verdict.override_allowed,
        "group": verdict.group,
    }


def model_warning(model: ModelStatus) -> str | None:
    """The loud line for stderr when NER was wanted but is not running."""
    if model.mode == "ner":
        return None
    return f"dlpguard: warning: NER model unavailable ({model.reason}): names and places are not detected"


# -- doctor ----------------------------------------------------------------------------------------

_STATUS_COLOURS = {"ok": "\x1b[32m", "degraded": "\x1b[1;33m", "failed": "\x1b[1;31m"}
#: Detail keys worth a line in the text report (the JSON has them all).
_DOCTOR_DETAILS = (
    "manifest",
    "manifest_error",
    "data_dir",
    "data_dir_error",
    "tree_hash",
    "expected_tree_sha256",
    "actual_tree_sha256",
    "verified",
    "loaded",
    "load_ms",
    "warnings",
)


def doctor_report(report: DoctorReport, *, colour: bool) -> str:
    def paint(status: str, text: str) -> str:
        return f"{_STATUS_COLOURS[status]}{text}{RESET}" if colour else text

    lines = [f"dlpguard doctor ({len(report.checks)} checks)"]
    for check in report.checks:
        tag = paint(check.status.value, f"[{check.status.value}]")
        lines.append(f"  {tag:<10} {check.name:<12} {check.summary}")
        lines += [f"               {k}: {check.details[k]}" for k in _DOCTOR_DETAILS if k in check.details]
        if "entity_types" in check.details:
            lines.append(f"               entity types: {', '.join(check.details['entity_types'])}")  # type: ignore[arg-type]
        if check.name == "paths":
            lines += [
                f"               {k}: {v['path']}{'' if v['exists'] else ' (missing)'}"
                for k, v in check.details.items()
                if isinstance(v, dict)
            ]
    lines.append(paint(report.status.value, f"status: {report.headline}"))
    return "\n".join(lines)

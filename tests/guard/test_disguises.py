"""Disguised values through the guard: normalise → scan → decide → mask, spans exact on the original.

Real engine (pattern-only policy from the bridge fixtures); every disguise from issue 10's table.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import textwrap
from dataclasses import dataclass
from typing import ClassVar

import pytest

from dlpguard.engine.types import Action, Category, Finding, ScanContext, ScanResult, ScanStats, Source
from dlpguard.guard.pipeline import assess, scan_text
from dlpguard.guard.services import GuardServices
from tests.bridge.conftest import POLICY
from tests.engine.test_normalise import FORMAT_CHARS, fullwidth

KEY = "AKIAZ7QXKR4PLM2VN3WD"  # the shape of an AWS access key id, not a real one
EMAIL = "maria.keller@northwind-traders.net"
CARD = "4539 1488 0343 6467"  # Luhn-valid test number
IBAN = "DE47 3704 0044 0532 0130 77"  # mod-97 valid, made up
CONNECTION = "postgres://etl_admin:Vq8rT2mZ4xLp@db.internal.northwind-traders.net:5432/prod"


def b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


def b64url(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")


def percent(value: str) -> str:
    return "".join(f"%{b:02X}" for b in value.encode())


def make_jwt() -> str:
    def part(doc: dict[str, object]) -> str:
        return b64url(json.dumps(doc, separators=(",", ":")))

    signing_input = f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'sub': 'u-8812', 'iat': 1733570000})}"
    signature = hmac.new(b"not-a-real-key", signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).decode().rstrip('=')}"


@dataclass(frozen=True)
class Disguise:
    name: str
    value: str  # exactly what the sender typed for the value
    entity: str


def _split(value: str, char: str) -> str:
    """`char` slipped in twice, where it breaks the value for a plain regex."""
    third = len(value) // 3
    return value[:third] + char + value[third : 2 * third] + char + value[2 * third :]


DISGUISES = [
    *[Disguise(f"key-U+{ord(c):04X}", _split(KEY, c), "AWS_ACCESS_KEY") for c in FORMAT_CHARS],
    *[Disguise(f"email-U+{ord(c):04X}", _split(EMAIL, c), "EMAIL_ADDRESS") for c in FORMAT_CHARS],
    Disguise("key-cyrillic", "АКІА" + KEY[4:].replace("K", "К").replace("X", "Х"), "AWS_ACCESS_KEY"),
    Disguise("email-cyrillic", "mаriа.kеllеr@nоrthwind-trаdеrs.nеt", "EMAIL_ADDRESS"),
    Disguise("card-fullwidth", fullwidth(CARD), "CREDIT_CARD"),
    Disguise("iban-fullwidth", fullwidth(IBAN), "IBAN_CODE"),
    Disguise("card-dotted", CARD.replace(" ", "."), "CREDIT_CARD"),
    Disguise("card-en-dash", CARD.replace(" ", "\u2013"), "CREDIT_CARD"),
    Disguise("card-spaced-dashes", CARD.replace(" ", " - "), "CREDIT_CARD"),
    Disguise("card-nbsp", CARD.replace(" ", "\u00a0"), "CREDIT_CARD"),
    Disguise("card-thin-space", CARD.replace(" ", "\u2009"), "CREDIT_CARD"),
    Disguise("card-narrow-nbsp", CARD.replace(" ", "\u202f"), "CREDIT_CARD"),
    Disguise("key-base64", b64(f"aws_access_key_id={KEY}"), "AWS_ACCESS_KEY"),
    Disguise("key-base64url", b64url(f"key {KEY} ??>"), "AWS_ACCESS_KEY"),
    Disguise("key-hex", f"id={KEY}".encode().hex(), "AWS_ACCESS_KEY"),
    Disguise("key-percent", percent(f"key={KEY}"), "AWS_ACCESS_KEY"),
    Disguise("jwt-base64", b64(f"Authorization: Bearer {make_jwt()}"), "JWT"),
    Disguise("connection-base64", b64(CONNECTION), "CONNECTION_STRING"),
]


@pytest.fixture
def services(bridge_env):
    masking_all = """\
        rules:
          categories:
            secret: {action: mask}
            financial: {action: mask}
            contact: {action: mask}
        masking:
          default: {operator: redact}
          categories: {financial: {operator: redact}, contact: {operator: redact}}
        """
    bridge_env.policy_path.write_text(POLICY + textwrap.dedent(masking_all), encoding="utf-8")
    built = GuardServices()
    yield built
    built.close()


def browser() -> ScanContext:
    return ScanContext(source=Source.BROWSER.value, site="chatgpt.com", event="paste")


@pytest.mark.parametrize("disguise", DISGUISES, ids=[d.name for d in DISGUISES])
def test_each_disguise_is_found_on_its_exact_original_span_and_masked_exactly(services, disguise):
    before, after = "please check this: ", " and reply today"
    text = before + disguise.value + after
    assessment = assess(services, text, browser())
    span = (len(before), len(before) + len(disguise.value))
    assert [(f.entity_type, f.start, f.end) for f in assessment.acted] == [(disguise.entity, *span)]
    assert assessment.verdict.action is Action.MASK
    assert assessment.masked is not None
    assert assessment.masked.text == f"{before}[{disguise.entity}]{after}"


BETWEEN = ("key-U+200B", "email-cyrillic", "card-dotted", "iban-fullwidth", "key-base64", "jwt-base64")


@pytest.mark.parametrize("disguise", [d for d in DISGUISES if d.name in BETWEEN], ids=BETWEEN)
def test_a_disguised_value_between_others_leaves_them_where_they_were(services, disguise):
    text = f"mail {EMAIL}; value {disguise.value}; card {CARD}."
    assessment = assess(services, text, browser())
    spans = [(f.entity_type, text[f.start : f.end]) for f in assessment.acted]
    assert spans == [("EMAIL_ADDRESS", EMAIL), (disguise.entity, disguise.value), ("CREDIT_CARD", CARD)]
    assert assessment.masked is not None
    assert assessment.masked.text == f"mail [EMAIL_ADDRESS]; value [{disguise.entity}]; card [CREDIT_CARD]."


@pytest.mark.parametrize(
    "text",
    [
        "Deploy on Friday; the build number is 4521 and the IP of the test box is in the wiki.",
        "Привет! Встреча в 10:30, комната 4.12. Η συνάντηση είναι αύριο.",
        "Dates 2024.01.15 and 15.01.2024, version 1.22.333.4444, ratio 3.14159, zip 10115.",
        "Hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 and SomeLongIdentifierName.",
        "Our café — “quoted” text with ﬁ ligature, ½ cup, and nothing sensitive at all.",
        "https://docs.example.org/search?q=hello%20world&lang=en",
    ],
)
def test_clean_texts_are_allowed_and_left_unchanged(services, text):
    assessment = assess(services, text, browser())
    assert assessment.verdict.action is Action.ALLOW, assessment.acted
    assert assessment.masked is None and assessment.text == text


class RecordingEngine:
    """Stands in for the engine: records what each scan read and whether NER could run on it."""

    seen: ClassVar[list[tuple[bool, str]]] = []

    def __init__(self, config: object, *, load_model: bool = True) -> None:
        self.config = config

    def scan(self, text: str, context: ScanContext) -> ScanResult:
        RecordingEngine.seen.append((self.config.ner, text))  # type: ignore[attr-defined]
        at = text.find(KEY)
        findings = (
            (Finding("AWS_ACCESS_KEY", Category.SECRET, at, at + len(KEY), 0.9, "aws"),) if at >= 0 else ()
        )
        return ScanResult(findings, None, ScanStats(len(text), 0, 0, 1, 0.0))  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Config:
    ner: bool


def test_ner_reads_the_folded_body_and_never_the_decoded_segments():
    RecordingEngine.seen = []
    encoded = b64(f"key {KEY}")
    text = f"Maria's key АКІА{KEY[4:]} and {encoded}"
    result = scan_text(RecordingEngine(_Config(ner=True)), text, ScanContext())  # type: ignore[arg-type]
    body, segments = RecordingEngine.seen
    assert body == (True, f"Maria's key {KEY} and {encoded}")
    assert segments == (False, f"\nkey {KEY}")
    assert [(f.start, f.end) for f in result.findings] == [(12, 32), (37, 37 + len(encoded))]


def test_a_decoding_bound_reached_is_said_in_the_scan_notes(monkeypatch):
    import dlpguard.engine.normalise as normalise_module

    monkeypatch.setattr(normalise_module, "MAX_DECODED_RUNS", 1)
    text = f"{b64('first ' + KEY)} {b64('second ' + KEY)}"
    result = scan_text(RecordingEngine(_Config(ner=False)), text, ScanContext())  # type: ignore[arg-type]
    assert [(f.start, f.end) for f in result.findings] == [(0, len(b64("first " + KEY)))]
    assert any("decoding limit reached" in note for note in result.notes)

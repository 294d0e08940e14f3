"""Vendor tokens through Kingfisher's bundled rules (kingfisher-secret-scanner, offline, in-process).

Kingfisher ships about 490 rules (gitleaks-derived `betterleaks.*` and OSV `veles.*`) compiled into
one native multi-pattern database: hundreds of vendor token shapes for the cost of one pass. We use its
scanner only; its validation and revocation (which call the vendors' APIs) are never imported.

- Which rules count, and as what entity, is one table (`RULE_ENTITIES`, `LEFT_TO_OURS`): tokens of a
  vendor we already name keep that entity type (`GITHUB_TOKEN`), any other vendor's is `API_TOKEN`.
  Passwords, connection strings, private keys, JWTs and the rules that key on context (`curl -u`,
  an Authorization header) stay with our recognizers: their value filters know code from credentials.
- Invisible rules are helpers Kingfisher uses to pair an id with its secret: not reported.
- Inline ignore comments (`gitleaks:allow`) are not honoured: a paste must not switch its own check off.

Compiling the rules takes 3-5 s of CPU the first time; Kingfisher caches the database on disk
(`~/.cache/kingfisher`, or `KF_RULE_CACHE_DIR`) and later loads take 0.3-1 s. So the rules stay off the
first-verdict path: they load once per process, on a background thread that starts
`START_DELAY_SECONDS` after the first engine is built (the native load releases the GIL), and a scan
does not wait for them (`LOAD_WAIT_SECONDS`). Scans made before they are in rely on our own
recognizers, which know the common vendors; a shell that must be complete (a one-shot CLI scan, a
benchmark, a test) calls `wait_until_ready()`. A shell loading the NER model gets them in meanwhile.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.types import Category, Finding

if TYPE_CHECKING:
    from kingfisher_sdk import Scanner

logger = logging.getLogger(__name__)

#: The load starts this long after the first engine is built (or at once when someone waits for the
#: rules), so it does not compete with a cold native host's first verdict for the CPU and the GIL.
START_DELAY_SECONDS = 0.5
#: A scan waits for the rules at most until this long after loading began; 0: never waits.
LOAD_WAIT_SECONDS = 0.0

#: Kingfisher rule-id prefix -> our entity type, first match wins; unlisted rules report `API_TOKEN`.
RULE_ENTITIES: tuple[tuple[str, str], ...] = (
    ("betterleaks.aws-access-token", "AWS_ACCESS_KEY"),
    ("betterleaks.aws-secret-access-key", "AWS_SECRET_KEY"),
    ("betterleaks.github-", "GITHUB_TOKEN"),
    ("betterleaks.gitlab-", "GITLAB_TOKEN"),
    ("betterleaks.slack-webhook-url", "SLACK_WEBHOOK"),
    ("betterleaks.slack-", "SLACK_TOKEN"),
    ("veles.secrets/slackapp", "SLACK_TOKEN"),
    ("betterleaks.openai-api-key", "OPENAI_API_KEY"),
    ("betterleaks.anthropic-", "ANTHROPIC_API_KEY"),
    ("betterleaks.deepseek-api-key", "DEEPSEEK_API_KEY"),
    ("betterleaks.gcp-api-key", "GCP_API_KEY"),
    ("betterleaks.gcp-gemini-api", "GCP_API_KEY"),
    ("betterleaks.gcp-service-account", "GCP_SERVICE_ACCOUNT_KEY"),
    ("betterleaks.huggingface-", "HUGGINGFACE_TOKEN"),
    ("betterleaks.npm-access-token", "NPM_TOKEN"),
    ("veles.secrets/npmjsaccesstoken", "NPM_TOKEN"),
    ("betterleaks.pypi-upload-token", "PYPI_TOKEN"),
    ("betterleaks.sendgrid-api-token", "SENDGRID_KEY"),
    ("veles.secrets/sendgrid", "SENDGRID_KEY"),
    ("betterleaks.stripe-access-token", "STRIPE_KEY"),
    ("betterleaks.twilio-api-key", "TWILIO_KEY"),
    ("betterleaks.azure-storage-account-key", "AZURE_STORAGE_KEY"),
    ("betterleaks.dockerhub-", "DOCKER_HUB_TOKEN"),
    ("betterleaks.atlassian-api-token", "ATLASSIAN_API_TOKEN"),
    ("betterleaks.harness-api-key", "HARNESS_API_KEY"),
)

#: Rules whose findings our own recognizers own (passwords, connection strings, private keys, JWTs and
#: context rules): Kingfisher's findings for them are dropped.
LEFT_TO_OURS: frozenset[str] = frozenset({
    "betterleaks.curl-auth-user",
    "betterleaks.curl-auth-header",
    "betterleaks.generic-credential-uri",
    "betterleaks.mongodb-connection-string",
    "betterleaks.azure-app-configuration-connection-string",
    "betterleaks.azure-servicebus-connection-string",
    "betterleaks.nuget-config-password",
    "betterleaks.hashicorp-tf-password",
    "betterleaks.private-key",
    "betterleaks.jwt",
    "betterleaks.jwt-base64",
})  # fmt: skip

#: Score by Kingfisher's confidence: below our own vendor recognizers (0.9-0.95), so where both find a
#: token ours names it; above the default threshold (0.5).
SCORES = {"high": 0.85, "medium": 0.75, "low": 0.6}


_TOKEN_RUN = re.compile(r"[A-Za-z0-9_+/=.-]{12}")


def entity_for(rule_id: str) -> str | None:
    """Our entity type for a Kingfisher rule id; None when our recognizers own that rule."""
    if rule_id in LEFT_TO_OURS:
        return None
    for prefix, entity in RULE_ENTITIES:
        if rule_id.startswith(prefix):
            return entity
    return KingfisherTokenRecognizer.ENTITY


class _Catalogue:
    """The compiled rules and one scanner, loaded once per process on a background thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._go = threading.Event()
        self._done = threading.Event()
        self._started: float | None = None
        self._scanner: Scanner | None = None
        self.load_seconds: float | None = None
        self.error: str | None = None

    def start(self) -> None:
        with self._lock:
            if self._started is not None:
                return
            self._started = time.monotonic()
        threading.Thread(target=self._load, name="kingfisher-rules", daemon=True).start()

    def _load(self) -> None:
        self._go.wait(START_DELAY_SECONDS)
        began = time.perf_counter()
        try:
            from kingfisher_sdk import Rules, Scanner

            # The plain scanner: half the cost of a `DetectionPolicy` one per text, no Base64 decoding, and
            # (tests/engine/recognizers/test_kingfisher.py) no inline ignore comments.
            self._scanner = Scanner(Rules(confidence="medium"), base64=False)
        except Exception as exc:  # a missing or broken wheel must leave our own recognizers working
            self.error = f"{type(exc).__name__}: {exc}"
            logger.warning("Kingfisher rules unavailable, only our own vendor recognizers run: %s",
                           self.error)  # fmt: skip
        finally:
            self.load_seconds = time.perf_counter() - began
            self._done.set()

    def scanner(self, wait_until: float | None) -> Scanner | None:
        """The scanner, waiting for the load up to `wait_until` (monotonic time); None if not in by then."""
        if not self._done.is_set() and wait_until is not None:
            self._done.wait(max(0.0, wait_until - time.monotonic()))
        return self._scanner if self._done.is_set() else None

    def deadline(self) -> float | None:
        if LOAD_WAIT_SECONDS <= 0 or self._started is None:
            return None
        return self._started + START_DELAY_SECONDS + LOAD_WAIT_SECONDS

    def wait(self, timeout: float | None) -> bool:
        self.start()
        self._go.set()
        return self._done.wait(timeout) and self._scanner is not None


_CATALOGUE = _Catalogue()


def ready() -> bool:
    """Whether the rules are loaded (scans include Kingfisher's findings)."""
    return _CATALOGUE.scanner(None) is not None


def wait_until_ready(timeout: float | None = 60.0) -> bool:
    """Blocks until the rules are loaded (benchmarks and tests, which must not depend on timing)."""
    return _CATALOGUE.wait(timeout)


def load_seconds() -> float | None:
    return _CATALOGUE.load_seconds


class KingfisherTokenRecognizer(Detector):
    """Vendor API tokens by Kingfisher's rules; entity per `RULE_ENTITIES`, `API_TOKEN` for the rest."""

    ENTITY = "API_TOKEN"
    CATEGORY = Category.SECRET
    #: Every entity type it may report (the registry's entity list reads this).
    ENTITY_CATEGORIES: ClassVar[Mapping[str, Category]] = {e: Category.SECRET for _, e in RULE_ENTITIES}

    def __init__(self) -> None:
        _CATALOGUE.start()

    def find(self, text: str, lowered: str) -> list[Finding]:
        # Every rule we keep needs a run of 12+ token characters: prose without one skips the native call,
        # whose database is large enough to cost a cold CPU cache on every short text.
        if not _TOKEN_RUN.search(text):
            return []
        scanner = _CATALOGUE.scanner(_CATALOGUE.deadline())
        if scanner is None:
            return []
        data = text.encode("utf-8", "surrogatepass")  # a lone surrogate from JavaScript stays one char
        raw: list[tuple[int, int, str, str]] = []
        for match in scanner.scan(data):
            if not match.visible:
                continue
            entity = entity_for(match.rule_id)
            if entity is None:
                continue
            location: dict[str, Any] = match.location
            raw.append((location["start_offset"], location["end_offset"], entity, match.confidence))
        if not raw:
            return []
        to_chars = _byte_to_char(data, text, {b for s, e, _, _ in raw for b in (s, e)})
        findings = []
        for start, end, entity, confidence in sorted(raw):
            s, e = to_chars[start], to_chars[end]
            if s < e:
                findings.append(
                    Finding(entity, Category.SECRET, s, e, SCORES.get(confidence, 0.6), self.detector_name)
                )
        return findings


def _byte_to_char(data: bytes, text: str, offsets: set[int]) -> dict[int, int]:
    """UTF-8 byte offsets -> code-point offsets (identical for ASCII text)."""
    if len(data) == len(text):
        return {o: o for o in offsets}
    out: dict[int, int] = {}
    chars = 0
    last = 0
    for offset in sorted(offsets):
        chars += len(data[last:offset].decode("utf-8", errors="surrogatepass"))
        last = offset
        out[offset] = chars
    return out

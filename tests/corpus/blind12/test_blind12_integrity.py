"""Integrity tests for blind12 (stdlib + the generator only)."""
import collections, hashlib, ipaddress, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build_blind12 as G  # noqa: E402

PATH = os.path.join(HERE, "blind12.jsonl")
with open(PATH, encoding="utf-8") as _f:
    RAW = _f.read()
RECS = [json.loads(l) for l in RAW.splitlines()]

CATEGORY = {
    "PERSON": "person", "DATE_OF_BIRTH": "person", "EMAIL_ADDRESS": "contact", "PHONE_NUMBER": "contact",
    "LOCATION": "location", "NATIONAL_ID": "government_id", "CREDIT_CARD": "financial", "IBAN_CODE": "financial",
    "BANK_ACCOUNT": "financial", "CRYPTO": "financial", "API_KEY": "secret", "PASSWORD": "secret",
    "GENERIC_SECRET": "secret", "JWT": "secret", "PRIVATE_KEY": "secret", "CONNECTION_STRING": "secret",
    "IP_ADDRESS": "network", "MAC_ADDRESS": "network", "MEDICAL_CONDITION": "health", "MEDICATION": "health",
    "MEDICAL_RECORD_NUMBER": "health", "CLASSIFICATION_MARKING": "classification",
}
LANGS = {"en", "de", "nl", "it"}


def spans_of(t):
    return [(r, s) for r in RECS for s in r["spans"] if s[2] == t]


def val(r, s):
    return r["text"][s[0]:s[1]]


def test_rebuild_identity():
    assert G.render() == RAW
    assert G.render() == G.render()


def test_schema():
    for r in RECS:
        assert set(r) == {"id", "kind", "lang", "negative", "text", "spans"}
        assert re.fullmatch(r"blind12-" + re.escape(r["kind"]) + r"-\d\d", r["id"]), r["id"]
        assert r["lang"] in LANGS
        assert isinstance(r["negative"], bool)
        assert isinstance(r["text"], str) and r["text"] == r["text"].strip() and r["text"]
        assert not any(c in r["text"] for c in "\x01\x02\x03")
        if r["negative"]:
            assert r["spans"] == []
        else:
            assert r["spans"], r["id"]


def test_unique():
    assert len({r["id"] for r in RECS}) == len(RECS)
    assert len({r["text"] for r in RECS}) == len(RECS)


def test_span_hygiene():
    for r in RECS:
        t, prev = r["text"], 0
        for s in r["spans"]:
            a, b, typ, cat = s
            assert isinstance(a, int) and isinstance(b, int) and 0 <= prev <= a < b <= len(t), r["id"]
            prev = b
            v = t[a:b]
            assert v == v.strip(), (r["id"], v)
            assert not (a > 0 and t[a - 1].isalnum() and v[0].isalnum()), (r["id"], v)
            assert not (b < len(t) and t[b].isalnum() and v[-1].isalnum()), (r["id"], v)


def test_type_category():
    for r in RECS:
        for a, b, typ, cat in r["spans"]:
            assert CATEGORY[typ] == cat
    assert G.CAT == CATEGORY


def test_counts():
    n = len(RECS)
    assert n >= 750
    neg = sum(r["negative"] for r in RECS)
    assert neg / n >= 0.40
    kinds = collections.Counter(r["kind"] for r in RECS)
    assert len(kinds) >= 150 and max(kinds.values()) <= 6
    langs = collections.Counter(r["lang"] for r in RECS)
    assert 0.35 <= langs["en"] / n <= 0.45
    assert langs["de"] == langs["nl"] == langs["it"]
    for l in LANGS:
        assert len(set(G.GIVEN[l])) >= 40 and len(set(G.SURN[l])) >= 40
    types = {s[2] for r in RECS for s in r["spans"]}
    assert types == set(CATEGORY)


# ---------------- independent checksum re-implementations
def luhn(d):
    tot = 0
    for i, ch in enumerate(reversed(d)):
        x = int(ch)
        if i % 2:
            x *= 2
            if x > 9:
                x -= 9
        tot += x
    return tot % 10 == 0


PUBLISHED_TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "5105105105105100",
                        "378282246310005", "371449635398431", "4012888888881881", "4000056655665556", "5200828282828210",
                        "6011111111111117", "3530111333300000"}


def test_cards():
    for r, s in spans_of("CREDIT_CARD"):
        d = re.sub(r"[ -]", "", val(r, s))
        assert d.isdigit() and len(d) in (15, 16) and luhn(d) and d not in PUBLISHED_TEST_CARDS


IBAN_LEN = {"DE": 22, "NL": 18, "IT": 27, "GB": 22}


def test_iban():
    for r, s in spans_of("IBAN_CODE"):
        v = val(r, s).replace(" ", "")
        assert len(v) == IBAN_LEN[v[:2]]
        moved = v[4:] + v[:4]
        num = "".join(str(ord(c) - 55) if c.isalpha() else c for c in moved)
        assert int(num) % 97 == 1, v


def test_bank_account():
    for r, s in spans_of("BANK_ACCOUNT"):
        v = val(r, s)
        before = r["text"][:s[0]]
        if before.rstrip().endswith("routing / account:"):
            rt = v.split(" / ")[0]
            w = [3, 7, 1] * 3
            assert len(rt) == 9 and sum(int(c) * k for c, k in zip(rt, w)) % 10 == 0
        else:
            assert re.fullmatch(r"\d\d-\d\d-\d\d \d{8}", v)


def steuer_ok(v):
    v = v.replace(" ", "")
    if not re.fullmatch(r"[1-9]\d{10}", v):
        return False
    c = collections.Counter(v[:10])
    if sorted(c.values(), reverse=True)[0] not in (2, 3) or sum(1 for x in c.values() if x > 1) != 1:
        return False
    p = 10
    for ch in v[:10]:
        s = (int(ch) + p) % 10 or 10
        p = (2 * s) % 11
    return (11 - p) % 10 == int(v[10])


def bsn_ok(v):
    return re.fullmatch(r"\d{9}", v) is not None and (sum(int(v[i]) * (9 - i) for i in range(8)) - int(v[8])) % 11 == 0


ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def cf_ok(v):
    if not re.fullmatch(r"[A-Z]{6}\d\d[ABCDEHLMPRST]\d\d[A-Z]\d{3}[A-Z]", v):
        return False
    tot = 0
    for i, ch in enumerate(v[:15]):
        k = int(ch) if ch.isdigit() else ord(ch) - 65
        tot += ODD[k] if i % 2 == 0 else k
    return chr(65 + tot % 26) == v[15]


def ssn_ok(v):
    m = re.fullmatch(r"(\d{3})-(\d\d)-(\d{4})", v)
    return bool(m) and m.group(1) not in ("000", "666") and int(m.group(1)) < 900 and m.group(2) != "00" and m.group(3) != "0000"


def nino_ok(v):
    v = v.replace(" ", "")
    return re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", v) is not None and v[:2] not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def test_national_ids():
    for r, s in spans_of("NATIONAL_ID"):
        v = val(r, s)
        ok = {"de": steuer_ok, "nl": bsn_ok, "it": cf_ok, "en": lambda x: ssn_ok(x) or nino_ok(x)}[r["lang"]](v)
        assert ok, (r["id"], v)


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def test_crypto():
    for r, s in spans_of("CRYPTO"):
        v = val(r, s)
        if v.startswith("0x"):
            assert re.fullmatch(r"0x[0-9a-f]{40}", v)
            continue
        n = 0
        for ch in v:
            n = n * 58 + B58.index(ch)
        raw = n.to_bytes(25, "big")
        assert raw[0] in (0, 5)
        assert hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]


def test_network():
    for r, s in spans_of("IP_ADDRESS"):
        assert ipaddress.ip_address(val(r, s)).is_global
    for r, s in spans_of("MAC_ADDRESS"):
        assert re.fullmatch(r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}", val(r, s))
    # unlabelled IPv4 literals must be non-global
    for r in RECS:
        masked = mask(r)
        for ip in re.findall(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])", masked):
            try:
                assert not ipaddress.ip_address(ip).is_global, (r["id"], ip)
            except ValueError:
                pass


def test_secrets_shapes():
    for r, s in spans_of("PRIVATE_KEY"):
        v = val(r, s)
        assert v.startswith("-----BEGIN ") and v.endswith("PRIVATE KEY-----")
    for r, s in spans_of("JWT"):
        parts = val(r, s).split(".")
        assert len(parts) == 3
        import base64
        hdr = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
        assert hdr["typ"] == "JWT"
    for r, s in spans_of("CONNECTION_STRING"):
        v = val(r, s)
        assert "://" in v or v.startswith("Server=")
    assert all("EXAMPLE" not in val(r, s) for r, s in spans_of("API_KEY"))


def mask(r):
    t = list(r["text"])
    for a, b, _, _ in r["spans"]:
        t[a:b] = " " * (b - a)
    return "".join(t)


def test_leak_audit():
    names = set()
    for l in LANGS:
        names |= set(G.GIVEN[l]) | set(G.SURN[l])
    pats = [(n, re.compile(r"(?<!\w)" + re.escape(n) + r"(?!\w)", re.I)) for n in names]
    private_vals = set()
    for r in RECS:
        for s in r["spans"]:
            if s[2] not in ("MEDICAL_CONDITION", "MEDICATION", "CLASSIFICATION_MARKING") and len(val(r, s)) >= 6:
                private_vals.add(val(r, s))
    for r in RECS:
        mt = mask(r)
        for n, p in pats:
            assert not p.search(mt), (r["id"], n)
        for v in private_vals:
            assert v not in mt, (r["id"], v)


def test_marking_lines_and_person_shape():
    for r, s in spans_of("CLASSIFICATION_MARKING"):
        t, a, b = r["text"], s[0], s[1]
        assert (a == 0 or t[a - 1] == "\n") and (b == len(t) or t[b] == "\n"), r["id"]
    for r, s in spans_of("PERSON"):
        v = val(r, s)
        assert "@" not in v and not any(c.isdigit() for c in v), (r["id"], v)

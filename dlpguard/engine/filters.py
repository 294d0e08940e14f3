"""False-positive filters: pure functions that say a matched value is not really sensitive.

Kept apart from the recognizers so every recognizer benefits and each rule is testable alone.
Each filter takes the finding, the matched value and the whole text and returns a reason or None.

For secrets that wrap their secret part (the password inside a connection string, the key inside
an Azure connection string, the last segment of a webhook URL), placeholder and reference checks
look at that part alone: `postgres://app:${DB_PASS}@db.example.com` is a template, while a real
password next to an `example.com` host is still a leak.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from pathlib import Path

from dlpguard.engine.names import (
    FREQUENT_ZIPF,
    FUNCTION_WORDS,
    IMPERATIVES,
    common_word_zipf,
    is_common_word,
    is_english_word,
    is_frequent_english,
    is_given_name,
    is_known_place,
    is_surname,
    is_tech_term,
    only_common_words,
    trie_regex,
)
from dlpguard.engine.recognizers.addresses import example_address_place
from dlpguard.engine.recognizers.date_of_birth import MONTHS
from dlpguard.engine.types import Category, Finding

FilterFn = Callable[[Finding, str, str], str | None]

# Values published in vendor docs, RFCs and test suites; pasting them leaks nothing.
KNOWN_EXAMPLE_VALUES = frozenset(
    {
        "akiaiosfodnn7example",
        "wjalrxutnfemik7mdengbpxrficyexamplekey",
        # GitHub's documentation token, Google's Maps sample key, the Azurite emulator's account key.
        "ghp_16c7e42f292c6912e7710c838347ae178b4a",
        "aizasydagmwka4jsxzhjgw7isln_3nambgewqe",
        "eby8vdm02xnocqflquwjpllmetlcdxj1ouzft50usrz6ifsufq2uvercz4i6tqk1szfptotrkbhbeksogmgw==",
        # The jwt.io default token.
        "eyjhbgcioijiuzi1niisinr5cci6ikpxvcj9eyjzdwiioiixmjm0nty3odkwiiwibmftzsi6ikpvag4grg9liiwiaw"
        "f0ijoxnte2mjm5mdiyfqsflkxwrjsmekkf2qt4fwpmejf36pok6yjv_adqssw5c",
        "4111111111111111",
        "4242424242424242",
        "5555555555554444",
        "5105105105105100",
        "4012888888881881",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
        "4000056655665556",
        "123456789",
        "078051120",
        "219099999",
        # The Canadian SIN of every tutorial.
        "046454286",
        "de89370400440532013000",
        "gb82west12345698765432",
        "gb29nwbk60161331926819",
        "fr1420041010050500013m02606",
        "qq123456c",
        "ab123456c",
        # Examples the ID schemes' own documentation prints (and test suites, Presidio's among them,
        # reuse): the Italian codice fiscale of Mario Rossi, the Spanish DNI and NIE, the NHS Digital
        # number, the Finnish, Swedish, Polish, South African, Indian and Singaporean examples, the
        # Mustermann German ID card and passport.
        "rssmra85t10a562s",
        "rssmra80a01h501u",
        "12345678z",
        "x1234567l",
        "9434765919",
        "131052308t",
        "8112189876",
        "198112189876",
        "44051401458",
        "8001015009087",
        "abcde1234f",
        "s1234567d",
        "t22000129",
        "l01x00t47",
        "c01x00t47",
        # The Dutch BSN test numbers, the Belgian, Swiss, Austrian and Irish documentation examples.
        "111222333",
        "123456782",
        "85073003328",
        "7561234567897",
        "7569217076985",
        "1237010180",
        "1234567t",
        "1234567tw",
        # CMS's example Medicare beneficiary identifier and NPI (the check-digit documentation's).
        "1eg4te5mk73",
        "1234567893",
        # More card-network test numbers (Diners, Discover, JCB, Dankort) and the ISO 13616 IBAN examples.
        "30569309025904",
        "38520000023237",
        "6011000990139424",
        "3530111333300000",
        "3566002020360505",
        "5019717010103742",
        "122000000000003",  # UATP
        # Stripe's documented test cards for declines, 3-D Secure and other outcomes.
        "4000000000000002",
        "4000000000009995",
        "4000000000009987",
        "4000000000009979",
        "4000000000000069",
        "4000000000000127",
        "4000000000000119",
        "4000000000000101",
        "4000000000000341",
        "4000000000003220",
        "4000000000003063",
        "4000002500003155",
        "4000002760003184",
        "4000008400001629",
        "4100000000000019",
        "2223003122003222",
        "5200828282828210",
        "36227206271667",
        "6200000000000005",
        # The Brazilian CPF every validation tutorial uses.
        "12345678909",
        # Bitcoin's genesis address and Ethereum's documentation examples: quoted in every article.
        "1a1zp1ep5qgefi2dmptftl5slmv7divfna",
        "0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae",
        # The placeholder phone number of German and French forms (`0123 456789`, `01 23 45 67 89`).
        "0123456789",
        "01234567890",
        "ch9300762011623852957",
        "nl91abna0417164300",
        "es9121000418450200051332",
        "it60x0542811101000000123456",
        "be68539007547034",
        "at611904300234573201",
    }
)

_PLACEHOLDER_WORDS = (
    "example",
    "your-",
    "your_",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "yourpassword",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "replace_me",
    "replace-me",
    "replaceme",
    "redacted",
    "dummy",
    "sample",
    "xxxx",
    "****",
    "••••",
    "…",
    "<",
    "process.env",
    "os.environ",
    "getenv",
    "_here",
    "-here",
    # made-up values in code samples and docs, in the languages served
    "not-real",
    "not_real",
    "notreal",
    "fake",
    "teste",
    "de-prueba",
    "di-prova",
    "esempio",
    "exemplo",
    "ejemplo",
    "beispiel",
    "voorbeeld",
)
#: "TU_CONTRASEÑA", "VOTRE_MOT_DE_PASSE", "DEIN_PASSWORT", "LA_TUA_PASSWORD", "SUA_SENHA": "your …" in the
#: languages served, a whole value of words and underscores.
_YOUR_PLACEHOLDER = re.compile(
    r"(?i)(?:tu|tus|su|votre|vos|ton|dein|deine|ihr|ihre|la_tua|il_tuo|tua|tuo|sua|seu|jouw|uw)[_-][^\W\d]+"
)
#: Whole values that document where a secret goes rather than being one.
PLACEHOLDER_VALUES = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "changeit",
        "example",
        "dummy",
        "test",
        "testing",
        "todo",
        "tbd",
        "fixme",
        "redacted",
        "hidden",
        "masked",
        "foo",
        "bar",
        "foobar",
        "xxx",
        "abc",
        "fake",
        "mypassword",
        "mypass",
        "mysecret",
        "secretkey",
        "apikey",
        "api_key",
        "token",
        "mytoken",
        "value",
        "somepassword",
        "somesecret",
    }
)
#: Words that sit where a value would but are types, keywords or UI text.
KEYWORD_VALUES = frozenset(
    {
        "true",
        "false",
        "yes",
        "no",
        "null",
        "none",
        "nil",
        "undefined",
        "required",
        "optional",
        "string",
        "str",
        "bytes",
        "int",
        "bool",
        "text",
        "varchar",
        "char",
        "secretstr",
        "any",
        "object",
        "empty",
        "blank",
        "default",
        "n/a",
        "na",
        "unknown",
        "unset",
        "notset",
        "not set",
        "set",
        "see",
        "vault",
        "env",
        "prompt",
        "ask",
        "stdin",
        "input",
        "inherit",
        "auto",
        "random",
        "generated",
        "sensitive",
    }
)
#: Template and interpolation syntaxes: `${DB_PASS}`, `{{ secret }}`, `%(password)s`, `$(cat f)`, `%env(X)%`.
_TEMPLATE = re.compile(r"\$\{[^}]*\}?|\{\{.*?(?:\}\}|$)|%\(\w+\)[a-z]|\$\([^)]*\)?|%env\(")
_SEPARATORS = re.compile(r"[\s\-.:/]")
_HEX_ONLY = re.compile(r"[0-9a-fA-F]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_REPEATED = re.compile(r"(.)\1{5,}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\(?\)?")
# A segment of a name in code: snake_case, UPPER_CASE or camelCase words, unlike `dTX60V45sy`.
_NAME_SEGMENT = re.compile(r"[a-z_][a-z_]*|[A-Z_][A-Z0-9_]*|[a-z_][a-zA-Z]*|[A-Z][a-z]+(?:[A-Z][a-z]+)*")
_ASCENDING = "0123456789abcdefghijklmnopqrstuvwxyz"
_SEQUENCE_RUN = 8
_ASCENDING_RUNS = tuple(_ASCENDING[i : i + _SEQUENCE_RUN] for i in range(len(_ASCENDING) - _SEQUENCE_RUN + 1))
# $VAR, ${VAR}, $1, %VAR%, :param, @param, ?, %s, {name}, {0}, !vault / !secret YAML tags, ENC(...)
_REFERENCE = re.compile(
    r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\d+|%[A-Za-z_][A-Za-z0-9_]*%|[:@][A-Za-z_][A-Za-z0-9_]*|\?|%[sd]"
    r"|\{[A-Za-z0-9_.\s]*\}|!(?:vault|secret|env|ref|Ref|Sub|GetAtt|ImportValue)\b.*"
)
_PASSWORD_HASH = re.compile(
    r"\$(?:2[abxy]?|argon2(?:id|i|d)|[156]|y|pbkdf2(?:-sha\d+)?|scrypt)\$\S+"
    r"|(?:pbkdf2_sha\d+|bcrypt(?:_sha256)?|argon2|scrypt)\$\S+|\{(?:SSHA|SHA|SSHA256|SSHA512|CRYPT)\}\S+"
)
_MARKUP = "*_`~"
#: Words on the same line that say a hex string is a digest or a revision.
_HASH_WORDS = ("sha", "commit", "digest", "hash", "md5", "checksum", "etag", "revision", "fingerprint")

_DIGEST_PREFIXED = re.compile(r"(?:sha\d+|md5)[:-]\S+", re.IGNORECASE)
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]", "host.docker.internal"})  # noqa: S104

# Where the secret sits inside a longer finding.
_URL_USERINFO = re.compile(r"://([^\s:/@]*):([^\s@/]+)@([^\s:/?#]*)")
_ORACLE_PASSWORD = re.compile(r"(?i)jdbc:oracle:thin:[^/\s]*/([^\s@/]+)@")
_FIELD_PASSWORD = re.compile(r"(?i)(?:^|[;?&])\s*(?:password|pwd)\s*=\s*([^;&]*)")
_AZURE_SECRET = re.compile(
    r"(?i)(?:^|;)\s*(?:AccountKey|SharedAccessKey|SharedAccessSignature)\s*=\s*([^;]+)"
)
_BASE64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9_-]{16,}")


def normalized(value: str) -> str:
    return _SEPARATORS.sub("", value).lower()


def secret_part(finding: Finding, value: str) -> str | None:
    """The part of a matched value that is the secret itself; None when there is nothing to check."""
    entity = finding.entity_type
    if entity == "PRIVATE_KEY":
        return None  # the recognizer checks the body; base64 runs like AAAAAA are normal there
    if entity == "CONNECTION_STRING":
        m = _URL_USERINFO.search(value)
        if m:
            return m.group(2)
        for rx in (_ORACLE_PASSWORD, _FIELD_PASSWORD):
            m = rx.search(value)
            if m:
                return m.group(1).strip()
        return value
    if entity == "AZURE_CONNECTION_STRING":
        keys = [m.group(1).strip() for m in _AZURE_SECRET.finditer(value)]
        return " ".join(keys) if keys else value
    if entity == "SLACK_WEBHOOK":
        return value.rsplit("/", 1)[-1]
    return value


def _ascending_run(value: str) -> bool:
    low = value.lower()
    return any(run in low for run in _ASCENDING_RUNS)


def _bare(value: str) -> str:
    """The value without markdown emphasis or surrounding quotes: `*required*` is `required`."""
    return value.strip().strip(_MARKUP + "\"'").lower()


#: What a known example value is, for the note that says one was set aside (never the value itself).
_EXAMPLE_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"01234567890?"), "placeholder phone number"),
    (re.compile(r"\d{10}[012][89]\d"), "ID number example"),  # South African: YYMMDD SSSS C A Z
    (re.compile(r"756\d{10}"), "ID number example"),  # Swiss AHV
    (re.compile(r"\d{13,19}"), "card test number"),
    (re.compile(r"[a-z]{2}\d\d[0-9a-z]{10,30}"), "IBAN example"),
    (re.compile(r"\d{9}"), "ID number example"),
    (re.compile(r"[a-z]{2}\d{6}[a-d]"), "ID number example"),
    (re.compile(r"\d{10,12}|(?=[\da-z]{8,16}$)\d*[a-z][\da-z]*"), "ID number example"),
    (re.compile(r"akia\w+|\w+examplekey"), "AWS documentation key"),
    (re.compile(r"eyj[\w.-]+"), "jwt.io example token"),
)


def example_kind(value: str) -> str | None:
    """`card test number`, `IBAN example`, …: what kind of published example `value` is; None when it
    is none."""
    key = normalized(value)
    if key not in KNOWN_EXAMPLE_VALUES:
        return None if any(c.isdigit() for c in value) else _placeholder_kind(value)
    return next((kind for rx, kind in _EXAMPLE_KINDS if rx.fullmatch(key)), KNOWN_EXAMPLE_REASON)


#: The reason `known_example_value` gives: the engine counts these for the `known_test_value` note.
KNOWN_EXAMPLE_REASON = "documented example value"


def ignored_test_values_line(kinds: Sequence[str]) -> str | None:
    """`Ignored: 2 known test values (e.g. card test number)`: what shells show for a scan's
    `known_test_values`, so a pasted test number that raised nothing does not look like a failure."""
    if not kinds:
        return None
    n = len(kinds)
    common = Counter(kinds).most_common(1)[0][0]
    return f"Ignored: {n} known test value{'s' if n != 1 else ''} (e.g. {common})"


def known_example_value(finding: Finding, value: str, text: str) -> str | None:
    if normalized(value) in KNOWN_EXAMPLE_VALUES:
        return KNOWN_EXAMPLE_REASON
    part = secret_part(finding, value) if finding.category is Category.SECRET else None
    if part and part != value and normalized(part) in KNOWN_EXAMPLE_VALUES:
        return KNOWN_EXAMPLE_REASON
    return None


def placeholder(finding: Finding, value: str, text: str) -> str | None:
    """`your-api-key`, `<token>`, `${DB_PASSWORD}`, `xxxx`: templates, not secrets."""
    if finding.category is not Category.SECRET:
        return None
    part = secret_part(finding, value)
    if part is None:
        return None
    low = part.lower()
    if any(w in low for w in _PLACEHOLDER_WORDS) or _TEMPLATE.search(part):
        return "placeholder"
    if _YOUR_PLACEHOLDER.fullmatch(part):
        return "placeholder"
    if _bare(part) in PLACEHOLDER_VALUES:
        return "placeholder"
    if _REPEATED.search(part):
        return "repeated characters"
    # `ghp_1234567890abcdef...`: a typed-out alphabet is a placeholder; a password may be weak on purpose.
    if finding.entity_type != "PASSWORD" and len(part) >= 16 and _ascending_run(part):
        return "sequential characters"
    return None


def filler_number(finding: Finding, value: str, text: str) -> str | None:
    """`00000000T`, `111-11-1111`, `0000 0000 0000 0000`: one digit throughout fills a form or a code
    sample (a DNI of zeros passes its check letter); no one is issued it."""
    if finding.category not in (Category.GOVERNMENT_ID, Category.FINANCIAL):
        return None
    digits = [c for c in value if c.isdigit()]
    return "filler digits" if len(digits) >= 6 and len(set(digits)) == 1 else None


def secret_is_code_reference(finding: Finding, value: str, text: str) -> str | None:
    """`password = get_password()`, `secret: settings.SECRET`, `${DB_PASS}`, `:password`: not values."""
    if finding.entity_type not in {"PASSWORD", "GENERIC_SECRET", "CONNECTION_STRING"}:
        return None
    part = secret_part(finding, value)
    if part is None:
        return None
    part = part.strip()
    if _REFERENCE.fullmatch(part):
        return "reference"
    if _bare(part) in KEYWORD_VALUES:
        return "keyword"
    if not any(c.isalnum() for c in part):
        return "no value"
    if finding.entity_type == "CONNECTION_STRING":
        return None
    follows = text[finding.end : finding.end + 1]
    if _IDENTIFIER.fullmatch(part) and (
        follows == "("
        or ("." in part and all(_NAME_SEGMENT.fullmatch(seg) for seg in part.rstrip("()").split(".")))
        or (part.isidentifier() and part.isupper() and ("_" in part or not any(c.isdigit() for c in part)))
    ):
        return "code reference"
    if _PASSWORD_HASH.fullmatch(part):
        return "password hash"
    return None


def local_default_credentials(finding: Finding, value: str, text: str) -> str | None:
    """`postgres://postgres:postgres@localhost`: an image's documented default on the reader's own machine."""
    if finding.entity_type != "CONNECTION_STRING":
        return None
    m = _URL_USERINFO.search(value)
    if m and m.group(1).lower() == m.group(2).lower() and m.group(3).lower() in _LOCAL_HOSTS:
        return "default credentials on a local host"
    return None


def hash_or_uuid(finding: Finding, value: str, text: str) -> str | None:
    """Hex digests, git SHAs and UUIDs look random but are identifiers, unless a pattern vouches otherwise."""
    if finding.entity_type != "GENERIC_SECRET":
        return None
    if _UUID.fullmatch(value):
        return "uuid"
    if _DIGEST_PREFIXED.fullmatch(value):
        return "hash"
    if _HEX_ONLY.fullmatch(value) and len(value) in (7, 8, 12, 32, 40, 64, 128):
        line_start = text.rfind("\n", 0, finding.start) + 1
        line_end = text.find("\n", finding.end)
        line_end = len(text) if line_end < 0 else line_end
        before = text[max(line_start, finding.start - 40) : finding.start]
        after = text[finding.end : min(line_end, finding.end + 30)]
        if any(w in f"{before} {after}".lower() for w in _HASH_WORDS):
            return "hash"
    return None


def encoded_plain_text(finding: Finding, value: str, text: str) -> str | None:
    """Base64 that decodes to a sentence (`dGhpcyBpcyBhIHRlc3Q=`) is a test fixture, not a key."""
    if finding.entity_type != "GENERIC_SECRET" or not _BASE64.fullmatch(value):
        return None
    try:
        raw = base64.b64decode(
            value + "=" * (-len(value) % 4), altchars=b"-_" if "-" in value or "_" in value else None
        )
        decoded = raw.decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if (
        decoded.isprintable()
        and decoded.count(" ") >= 2
        and sum(c.isalpha() for c in decoded) > len(decoded) / 2
    ):
        return "encoded text"
    return None


# --- names and places ---------------------------------------------------------------------------

_NER = "SpacyNerRecognizer"
#: Recognizers whose evidence for a name is the model's guess or a loose frame: products, ordinary
#: words and imperatives are vetoed for them. Fields, greetings and table columns say plainly that a
#: person is named and are trusted.
_GUESSING = frozenset({_NER, "PersonSpeakerRecognizer"})
#: Recognizers that read a name out of a record's structure: a famous name there is still the record's.
_STRUCTURED = frozenset({"PersonFieldRecognizer", "PersonCsvRecognizer"})
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n>*#\-•]|\d\.)[ \t\"'“(\[]*$")
_PLACE_PREPOSITION = re.compile(
    r"\b(?:in|to|from|near|at|nach|aus|bei|von|vor|à|au|en|de|desde|hacia|a|da|di|per|verso)[ \t]+"
    r"(?:(?:der|die|dem|den|the|la|le|el|il|lo)[ \t]+)?$",
    re.IGNORECASE,
)
_LANGUAGES = ("en", "de", "fr", "es", "it")


@lru_cache(maxsize=16_384)  # the words around every name candidate of a window: the same few thousand
def _fold(value: str) -> str:
    """Lowercase without accents or possessive, spaces collapsed: "Schrödinger’s" -> "schrodinger"."""
    value = value.lower()
    if not value.isascii():
        value = unicodedata.normalize("NFKD", value)
        value = "".join(c for c in value if not unicodedata.combining(c)).replace("’", "'")
    if "'" in value:
        value = _POSSESSIVE.sub("", value)
    return " ".join(value.replace(". ", ".").split())


_POSSESSIVE = re.compile(r"'s\b|(?<=s)'(?=\s|$)")


@cache
def _phrases(name: str) -> dict[str, frozenset[str]]:
    """A curated data file's lines, folded, by `[section]` ("" before the first section)."""
    out: dict[str, set[str]] = {"": set()}
    section = ""
    for raw in (_DATA / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            out.setdefault(section, set())
            continue
        out[section].add(_fold(line))
    return {k: frozenset(v) for k, v in out.items()}


_DATA = Path(__file__).parent / "data"
#: A word of a name on its line: letters first, then letters, apostrophes, dots or hyphens.
_LINE_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@lru_cache(maxsize=4)
def _words_around(text: str, start: int, end: int, reach: int = 40) -> tuple[list[str], int, int]:
    """The words on the span's line near it (folded) and the indexes of the first and last word inside
    the span. A comma, a bracket or any other mark between two words ends the run there."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lo, hi = max(line_start, start - reach), min(line_end, end + reach)
    words: list[str] = []
    first = last = -1
    prev_end = -1
    for m in _LINE_WORD.finditer(text, lo, hi):
        word = m.group().rstrip(".-'’")
        if prev_end >= 0 and text[prev_end : m.start()].strip(" \t"):
            if m.start() >= end:
                break
            words, first, last = [], -1, -1  # punctuation before the span: the run starts afresh
        prev_end = m.end()
        words.append(_fold(word))
        if m.start() < end and m.start() + len(word) > start:
            first = len(words) - 1 if first < 0 else first
            last = len(words) - 1
    return words, first, last


def _listed_around(
    text: str, start: int, end: int, phrases: frozenset[str], widen: int = 3, alone: bool = True
) -> str | None:
    """The listed phrase that the span, with up to `widen` words of its run on either side, forms; a
    one-word phrase only when `alone` allows it."""
    if not _span_words(text, start, end) & _all_words(phrases):
        return None  # exact: a listed phrase the span forms holds the span's own words
    words, first, last = _words_around(text, start, end)
    if first < 0:
        return None
    openers = _first_words(phrases)
    for a in range(max(0, first - widen), first + 1):
        if words[a] not in openers:
            continue
        for b in range(last, min(len(words), last + widen + 1)):
            phrase = " ".join(words[a : b + 1])
            if phrase in phrases and (b > a or (alone and not _given_name(phrase))):
                return phrase
    return None


@lru_cache(maxsize=4)
def _span_words(text: str, start: int, end: int) -> frozenset[str]:
    """The span's words as `_words_around` folds them, the span widened to whole words first."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’.-"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in "'’.-"):
        end += 1
    return frozenset(_fold(m.group().rstrip(".-'’")) for m in _LINE_WORD.finditer(text, start, end))


@lru_cache(maxsize=16)
def _all_words(phrases: frozenset[str]) -> frozenset[str]:
    """Every word of every listed phrase."""
    return frozenset(word for phrase in phrases for word in phrase.split(" "))


@lru_cache(maxsize=16)
def _first_words(phrases: frozenset[str]) -> frozenset[str]:
    """The words that open a listed phrase: most runs of words open none, and need no joining."""
    return frozenset(phrase.split(" ", 1)[0] for phrase in phrases)


def _given_name(word: str) -> bool:
    """A first name people carry ("Grace", "Will"): never vetoed as a famous surname or a code name."""
    return is_given_name(word)


def famous_enumeration(text: str, start: int, end: int) -> bool:
    """ "Tolkien, Orwell, Austen and Rowling", "Julius Caesar, Augustus, Nero": one item of a list whose
    other items are mostly famous names (two at least) is one too, though not listed itself."""
    others = _enumerated_with(text, start, end)
    if others is None:
        return False
    figures = _phrases("public_figures.txt")[""]
    famous = sum(1 for item in others if item in figures)
    return famous >= 2 and famous * 2 >= len(others)


def _enumerated_with(text: str, start: int, end: int) -> list[str] | None:
    """The other items (folded) of a list of three or more on the span's line, or None."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lo, hi = max(line_start, start - 160), min(line_end, end + 160)
    if _LIST_SEPARATOR.search(text, start, end):
        return None
    bounds = [lo] + [x for m in _LIST_SEPARATOR.finditer(text, lo, hi) for x in (m.start(), m.end())] + [hi]
    if len(bounds) < 6:
        return None  # fewer than three items
    others = []
    for k in range(0, len(bounds), 2):
        a, b = bounds[k], bounds[k + 1]
        if a <= start and end <= b:
            continue
        run = (_LAST_CAPITALISED if k == 0 else _FIRST_CAPITALISED).search(text[a:b])
        if run:
            others.append(_fold(run.group(1).rstrip(".'’-")))
    return others


_LIST_SEPARATOR = re.compile(r"[ \t]*(?:[,;]|[ \t](?:and|und|et|y|e|or|oder|ou|o)[ \t])[ \t]*")
_CAPITALISED_RUN = r"((?:[A-ZÀ-Þ][\w'’.-]*)(?:[ \t]+(?:[A-ZÀ-Þ][\w'’.-]*|van|von|de|da|di|del|der)){0,3})"
_FIRST_CAPITALISED = re.compile(rf"^{_CAPITALISED_RUN}")
_LAST_CAPITALISED = re.compile(rf"{_CAPITALISED_RUN}[ \t.:!?]*$")


def public_figure(value: str, text: str, start: int, end: int, alone: bool = True) -> bool:
    """Albert Einstein, Ada Lovelace, Sherlock Holmes, a meeting room called "Curie": names everyone
    knows from history, the news or fiction (data/public_figures.txt) identify no private person. A
    surname alone counts only if `alone` ("Hallo Herr Kant" greets a real Herr Kant)."""
    return _listed_around(text, start, end, _phrases("public_figures.txt")[""], alone=alone) is not None


#: Words near a name that say the data around it is made up: the condition for the placeholder
#: names that are also common real names ("Mario Rossi", "Jean Dupont").
_EXAMPLE_WORDS = re.compile(
    r"\b(?:examples?|samples?|demo\w*|dummy|fake|fictitious|fictional|placeholder|templates?|mock\w*|test\w*|"
    r"beispiel\w*|muster\w*|platzhalter|fiktiv\w*|vorlage|exemples?|fictif|fictive|factice|modèle|"
    r"esempio|esempi|fittizi\w*|modello|ejemplos?|fictici\w*|plantilla|prueba|exemplos?|fict[íi]ci\w*|"
    r"voorbeeld\w*|fictie\w*|sjabloon)\b"
    r"|(?<![\w.])(?:e\.\s?g\.|ex\.|z\.\s?B\.|bijv\.|p\.\s?ex\.|ad es\.|p\.\s?es\.|p\.\s?ej\.|i\.e\.)",
    re.IGNORECASE,
)


def placeholder_name(value: str, text: str, start: int, end: int) -> bool:
    """John Doe, Max Mustermann, Joe Bloggs (data/placeholder_names.txt): the name counterpart of a
    test card number. A part of one counts when the text completes it on the line ("Nom : DUPONT,
    Prénom : Jean"); common real names among them count only in a text that says it is an example."""
    if not _span_words(text, start, end) & _placeholder_words()["placeholder name"]:
        return False  # exact: every test below needs one of the span's words in a placeholder name
    table = _phrases("placeholder_names.txt")
    always, example = table.get("always", frozenset()), table.get("example", frozenset())
    if _listed_around(text, start, end, always) or _paired(value, text, start, end, always):
        return True
    if not (_listed_around(text, start, end, example) or _paired(value, text, start, end, example)):
        return False
    return _EXAMPLE_WORDS.search(text, max(0, start - 300), min(len(text), end + 300)) is not None


@cache
def _placeholder_words() -> dict[str, frozenset[str]]:
    """Every word of a placeholder name, and of a placeholder town."""
    table = _phrases("placeholder_names.txt")
    names = [table.get("always", frozenset()), table.get("example", frozenset())]
    return {
        "placeholder name": frozenset(word for section in names for name in section for word in name.split()),
        "placeholder town": frozenset(w for town in table.get("places", frozenset()) for w in town.split()),
    }


def _placeholder_kind(value: str) -> str | None:
    """`placeholder name` for "Max Mustermann" or "Jean" (of "Jean DUPONT"), `placeholder town` for
    "Anytown": how a scan's known test values describe what `not_a_name_or_place` set aside."""
    words = set(_fold(value).split())
    return next((kind for kind, vocab in _placeholder_words().items() if words & vocab), None)


def _paired(value: str, text: str, start: int, end: int, names: frozenset[str]) -> bool:
    """A lone first name or surname whose other half stands in another field of the same line."""
    if " " in value.strip():
        return False
    own = _fold(value)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    for m in _LINE_WORD.finditer(text, max(line_start, start - 80), min(line_end, end + 80)):
        if start <= m.start() < end:
            continue
        other = _fold(m.group().rstrip(".-'’"))
        if f"{own} {other}" in names or f"{other} {own}" in names:
            return True
    return False


def named_thing(value: str, text: str, start: int, end: int, alone: bool = True) -> bool:
    """Caesar Salad, Eggs Benedict, Bloody Mary, Santa Claus (data/named_things.txt), and any "Pasta
    Primavera" or "Key Lime Pie": a dish word inside the span. A one-word brand ("Prada") only when
    `alone`: after a greeting or a title it is someone's surname."""
    table = _phrases("named_things.txt")
    if _listed_around(text, start, end, table[""], alone=alone) is not None:
        return True
    if alone and _fold(value) in table.get("houses", frozenset()):
        return True  # "Armani", "Dyson": a given name too, but the brand in a paste that names it alone
    words = value.split()
    return len(words) > 1 and any(_fold(w) in _DISH_WORDS for w in words)


#: Words that make a phrase a dish. Not the food words that are common surnames ("Curry", "Burger",
#: "Lamb", "Rice", "Fish", "Koch").
_DISH_WORDS = frozenset(
    """
    pasta pizza salad soup pie cake tart sandwich stew risotto lasagna lasagne chicken beef pork eggs
    sauce pudding noodles tacos burrito sushi ramen steak schnitzel torte gratin casserole omelette
    pancakes waffles muffins brownies cookies smoothie latte espresso cocktail spritz ensalada sopa
    tarta insalata zuppa torta salade soupe gâteau gateau tarte suppe salat auflauf kuchen
    """.split()  # noqa: SIM905
)


@cache
def _health_terms() -> frozenset[str]:
    """Conditions and medicines the health recognizers know ("Levetiracetam", "Morbus Crohn"), folded."""
    from dlpguard.engine.recognizers._health_vocab import term_kinds

    return frozenset(_fold(term) for term in term_kinds())


#: An eponym: "Raynaud's disease", "Crohn disease", "Murphy's law", "Morbus Crohn", "maladie de Lyme".
_EPONYM_AFTER = re.compile(
    r"(?:['’]s)?[ \t]+(?:disease|syndrome|phenomenon|palsy|disorder|lymphoma|sarcoma|tumou?r|sign|law|"
    r"theorem|principle|effect|razor|paradox|constant|equation|conjecture|hypothesis|algorithm|test|"
    r"prize|award|medal|act|hierarchy|matrix|curve|distribution|index|diagram|formula|pyramid|cube|"
    r"triangle|cycle|method|criterion|inequality|transform|lemma|problem|dilemma|puzzle|krankheit|syndrom|"
    r"preis)\b",
    re.IGNORECASE,
)
_EPONYM_BEFORE = re.compile(
    r"\b(?:morbus|mal(?:attia)? di|maladie d[e']|enfermedad de|síndrome de|syndrome de|sindrome di|"
    r"morbo di|syndrom)[ \t]*$",
    re.IGNORECASE,
)


def health_or_eponym(value: str, text: str, start: int, end: int) -> bool:
    """A medicine or a condition ("Venlafaxin", "Long COVID", "Raynaud's disease") is no one's name."""
    if _fold(value) in _health_terms():
        return True
    if _EPONYM_AFTER.match(text, end) or _EPONYM_BEFORE.search(text, max(0, start - 24), start):
        return True
    words = value.split()
    return len(words) > 1 and _fold(words[0]) in _health_terms()


#: Legal forms after (or at the end of) a company's name, dots dropped and case kept ("S.L." is "SL";
#: a Spanish "se" after a name is a pronoun): "Grupo Levante S.L.", "Globex GmbH".
_LEGAL_FORMS = frozenset(
    """GmbH AG KG UG OHG GbR KGaA eV Inc Ltd Ltda LLC LLP PLC plc Corp Co Pty SA SAS SARL Sarl Sàrl SL SLU SRL
    Srl SpA SPA Snc BV NV AB ASA Oy Oyj ApS A/S SE Lda SGPS Unipessoal EIRELI Eireli VOF CV""".split()  # noqa: SIM905
)
_LEGAL_AFTER = re.compile(r"[ \t]*,?[ \t]+(\S+)")


def _legal_form(word: str) -> bool:
    return word.replace(".", "").rstrip(",;:") in _LEGAL_FORMS


#: Words of organisations' names in the languages served (the English ones are in NOT_NAME_WORDS).
_ORGANISATION_WORDS = frozenset(
    _fold(word)
    for word in """
    grupo gruppo groupe gruppe holding hoteles hotel hotels hôtel hôtels alberghi albergo hostal restaurante
    ristorante trattoria servicios servizi dienste dienstleistungen industrias industrie soluciones soluzioni
    systèmes sistemas sistemi systeme consultores consulenza conseil beratung logistik logística logistica
    logistique transportes trasporti transports transporte spedizioni seguros assicurazioni assurances
    versicherung versicherungen inmobiliaria immobiliare immobilier immobilien construcciones costruzioni
    constructions bau werke werk estudio atelier laboratorios laboratori laboratoires farmacia pharmacie
    apotheke clínica clinica clinique klinik klinikum banco banca banque sparkasse volksbank hermanos
    fratelli frères asociados associati associés verlag editorial editore éditions stiftung fundación
    fondazione fondation asociación associazione verein ingeniería ingegneria ingénierie technik tecnologías
    tecnologie distribuciones distribuzione handel comercial commerciale automoción energía énergie energie
    telecomunicaciones comunicaciones medien gesellschaft compañía compagnia compagnie società société
    sociedad cooperativa genossenschaft ayuntamiento comune mairie stadtwerke universidad università
    université universität hochschule colegio scuola école schule
    imobiliária construções serviços soluções consultoria advogados sociedade associação fundação
    comércio indústria transportadora groep bouw adviesbureau makelaardij logistiek diensten
    verzekeringen stichting vereniging beheer installatietechniek direção direcção departamento
    departement abteilung dipartimento direzione dirección direction afdeling divisão división
    """.split()  # noqa: SIM905
)


#: German trade compounds that end a company's name: "Haustechnik", "Elektrohandel", "Gebäudereinigung".
_ORGANISATION_COMPOUND = re.compile(
    r"\w{3,}(?:technik|handel|logistik|service|versand|reinigung|immobilien|versicherung|beratung|bau"
    r"|werke|systeme|software|solutions|consulting|vishandel|slagerij|bakkerij|winkel)$",
    re.IGNORECASE,
)


def organisation(value: str, text: str, start: int, end: int) -> bool:
    """ "Grupo Levante S.L.", "Sierra Verde Hoteles", "Studio Ferraresi S.r.l.", "Kessler Haustechnik": a
    company, not a person."""
    words = value.split()
    if any(_fold(w) in _ORGANISATION_WORDS for w in words) or (len(words) > 1 and _legal_form(words[-1])):
        return True
    if len(words) > 1 and (
        _ORGANISATION_COMPOUND.search(words[-1]) or _ORGANISATION_COMPOUND.search(words[0])
    ):
        return True  # "Kessler Haustechnik", "Vishandel Piet Hein"
    after = _LEGAL_AFTER.match(text, end)
    return after is not None and _legal_form(after.group(1))


#: What follows or precedes a code name, a room or a workspace: "the Hermes retro", "Everest room",
#: "project Nimbus", "Projekt Kestrel".
_CODE_NAME_AFTER = re.compile(
    r"[ \t]+(?:room|meeting room|workspace|channel|retro|retrospective|standup|stand-up|sprint|"
    r"release|project|program|programme|initiative|workstream|squad|tribe|cluster|server|service|repo|"
    r"repository|dashboard|pipeline|launch|rollout|migration|board|wiki|team|raum|besprechungsraum|"
    r"beta|alpha|preview|mvp|poc|demo|"
    r"projekt|salle|sala|sprintreview)\b",
    re.IGNORECASE,
)
_CODE_NAME_WORDS = (
    r"project|projekt|projet|progetto|proyecto|projeto|projecto|codename|code name|code-named|codenamed|"
    r"hackathon|"
    r"initiative|release|sprint|workspace|channel|raum|room|salle|sala|comité|comite|committee|"
    r"arbeitskreis|programme|program|operation|mission|hurricane|storm|typhoon|cyclone|sturm|orkan|"
    r"sturmtief|tief|ouragan|tempête|huracán|tormenta|uragano|tempesta|launch|launching|deploy|deploying"
)
_CODE_NAME_BEFORE = re.compile(rf"\b(?:{_CODE_NAME_WORDS})[ \t]+$", re.IGNORECASE)
#: The same word inside the model's span: "Sturmtief Bernd", "Operation Overlord".
_CODE_NAME_LEADING = re.compile(rf"(?:{_CODE_NAME_WORDS})[ \t]+", re.IGNORECASE)


def code_name_or_room(value: str, text: str, start: int, end: int) -> bool:
    """ "The Hermes retro", "the Everest room", "our hackathon Atlas", "Hurricane Katrina": a project, a
    room, a workspace or a named storm."""
    if _CODE_NAME_AFTER.match(text, end) or _CODE_NAME_LEADING.match(value):
        return True
    if _CODE_NAME_BEFORE.search(text, max(0, start - 24), start) is not None:
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return _ROOM_LIST.search(text, max(line_start, start - 120), start) is not None


#: A list of rooms named after people: "Meeting rooms: Turing, Lovelace, Hopper", "Salas: Pessoa, Amália".
_ROOM_LIST = re.compile(
    r"(?i:\b(?:meeting[ \t]+)?(?:rooms?|salas?(?:[ \t]+de[ \t]+reuni(?:ão|ón|on))?|salles?"
    r"|sale(?:[ \t]+riunioni)?|räume|besprechungsräume|zalen|vergaderzalen|vergaderruimtes?)"
    r"(?:[ \t]+[\w.]+){0,3}?[ \t]*:[ \t]*"
    r"(?:[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*)?[ \t]*,[ \t]*)*$)"
)


#: German nouns by their endings ("Zahlungseingang" aside): "Lohnbuchhaltung", "Geschäftsführung",
#: "Sachbearbeiterin", "Mitgliedschaft", and "-nr." for Nummer ("Kundennr."). Long enough that surnames
#: ("Jung", "Hartung") are not caught.
_GERMAN_NOUN = re.compile(
    r"\w{5,}(?:ung|ungen|heit|keit|schaft|ität|erin|erinnen|ismus|nis|tum|ierung|zeit|arbeit|vertrag|"
    r"antrag|bericht|liste|nummer|manager|managerin|daten)|\w{3,}nr"
)
#: Possessives and "kein" before a German noun; not the articles: "die Türkei", "der Pfalz" are places.
_GERMAN_DETERMINER_BEFORE = re.compile(
    r"\b(?:ein|eine|einen|einem|eines|kein|keine|keinen|keinem|meines|meiner|meinen|meinem|ihres|ihrer|"
    r"ihren|unseres|unserer|unseren|dieser|dieses|diesen)[ \t]+$",
    re.IGNORECASE,
)
#: Question words and pronouns that open a sentence and that NER, once capitalised, takes for a place.
_QUESTION_WORDS = frozenset(
    """cosa come dove quando perché perche quale chi qué que cómo dónde donde cuándo cuando quién
    cuál was wie wo wann warum welche welcher wer quoi comment où quand pourquoi quel quelle qui
    wat wie waar wanneer hoe waarom welke onde quem porquê qual""".split()  # noqa: SIM905
)
#: Words only: "IT41M06…" (an IBAN) holds no English "it".
_WHOLE_WORD = re.compile(r"(?<![\w])[a-zà-ÿ]+(?![\w])")


_FUNCTION_LANGUAGES = {
    word: tuple(lang for lang in _LANGUAGES if word in FUNCTION_WORDS[lang])
    for word in set().union(*FUNCTION_WORDS.values())
}


@lru_cache(maxsize=4096)
def _specific_language(word: str) -> tuple[str, ...]:
    """The language a word is an ordinary word of (at most one: the list keeps language-specific words)."""
    return tuple(lang for lang in _LANGUAGES if common_word_zipf(word, lang) > 0.0)


def _language(text: str) -> str | None:
    """The language of `text` from its function words and the ordinary words specific to one language
    (which an Italian invoice of labels and amounts, with no "il" or "che", still has); ties go to English."""
    counts = dict.fromkeys(_LANGUAGES, 0)
    for word in _WHOLE_WORD.findall(text.lower()):
        langs = _FUNCTION_LANGUAGES.get(word)
        if langs is None:
            langs = _specific_language(word) if len(word) > 3 else ()
        for lang in langs:
            counts[lang] += 1
    best = max(counts, key=lambda lang: (counts[lang], lang == "en"))
    return best if counts[best] else None


def _foreign_noun_phrase(words: list[str], lang: str) -> bool:
    """Outside English every noun is capitalised: "Spalte C", "Betroffener Kunde", "Sachbearbeiterin
    Lohnbuchhaltung" are ordinary words (or a German noun by its ending) with no first name among them."""
    if any(_given_name(w) for w in words):
        return False
    if lang == "de" and any(_GERMAN_NOUN.fullmatch(w) for w in words):
        return True
    return all(len(w) == 1 or is_common_word(w, lang) for w in words)


def not_a_name_or_place(finding: Finding, value: str, text: str) -> str | None:
    """Products ("Django", "Sapphire Rapids"), the first word of an instruction ("Summarise", "Map"),
    error strings ("Invalid JWT Signature"), ordinary words of the text's language ("Termin",
    "Courriel", "Buongiorno", "Bitte Laptop"), famous and fictional people, dishes, medicines, companies,
    code names and rooms that NER or a loose pattern took for a person or a place."""
    if finding.entity_type not in ("PERSON", "LOCATION"):
        return None
    kind = (
        "guessing"
        if finding.recognizer in _GUESSING
        else "structured"
        if finding.recognizer in _STRUCTURED
        else ""
    )
    return _name_or_place_reason(
        text, finding.start, finding.end, finding.category is Category.LOCATION, kind
    )


#: First words that make a guessed name a place: a street, a square, a venue ("Rua Augusta", "Estádio
#: José Alvalade", "Casa Fernando Pessoa", "Piazza Garibaldi", "Teatro Massimo").
_VENUE_HEADS = frozenset(
    """
    rua calle carrer via viale vicolo corso avenida avenue av avda boulevard bd rue straße strasse allee
    gasse weg laan straat plein gracht plaza praça piazza piazzale largo travessa paseo passeig quai cais
    ronda camino caminho estrada carretera
    estádio estadio stadio stadion stade stadium arena casa maison haus huis museu museo museum musée
    teatro théâtre theater palacio palazzo palácio palais paço schloss castello castillo castelo château
    parque parco park jardim jardín giardino jardin igreja iglesia chiesa église kirche kerk catedral
    cathédrale duomo basílica basilica mosteiro monasterio torre ponte puente pont brücke brug
    aeroporto aeropuerto aéroport flughafen estação estación stazione gare bahnhof station
    mercado mercato marché markt hotel hôtel hostal pousada fundação fundación fondazione fondation
    universidade universidad università université universität universiteit instituto istituto institut
    hospital hôpital ospedale krankenhaus ziekenhuis clínica clinica clinique klinik colégio colegio
    escola escuela scuola école schule biblioteca bibliothèque bibliothek bibliotheek
    metro u-bahn s-bahn tram tranvía tranvia bonde comboio voo train flight zug flug tren vuelo treno volo
    trein vlucht tgv ice intercity eurostar ferry
    previsão previsao forecast météo meteo wetter tiempo pronóstico previsione weer weerbericht
    """.split()  # noqa: SIM905
)
#: Last words that make a guessed name a venue: "Altice Arena", "Lingotto Fiere", "Philips Stadion".
_VENUE_TAILS = frozenset(
    """
    arena stadium stadion stadio estadio estádio stade hall halle fiere fiera messe expo centre center
    centro zentrum theatre theater teatro museum museo museu musée gallery galerie galleria park parque
    parco airport aeroporto aeropuerto flughafen station bahnhof
    """.split()  # noqa: SIM905
)
_STREET_TAIL = re.compile(
    r"(?:^|\w{2,})(?:straat|plein|laan|gracht|kade|singel|steeg|straße|strasse|allee|platz|gasse|damm|ufer)$"
    r"|^v[íi]a$",
    re.IGNORECASE,
)
_ROUTE_SEPARATORS = re.compile(r"[-–—→/]|->")


def _route_or_venue(words: list[str], place: bool) -> bool:
    """A route between known places ("Lyon-Marseille"), or for a person a venue's head noun first (a
    place's own span keeps its street: the model's "Calle Mayor" may be part of an address)."""
    if not place and words[0].lower() in _VENUE_HEADS and not is_surname(words[0]):
        return True
    if not place and len(words) > 1 and words[-1].lower() in _VENUE_TAILS and not _given_name(words[0]):
        return True
    if not place and _STREET_TAIL.search(words[-1]):
        return True  # "Cornelis Schuytstraat", "Johannes Vermeerplein", "Gran Vía": a street named for one
    joined = " ".join(words)
    if _ROUTE_SEPARATORS.search(joined):  # "Lyon-Marseille", "Coimbra–Salvador", "Turin→The Hague"
        parts = [p.strip() for p in _ROUTE_SEPARATORS.split(joined)]
        # the word before the first separator, and the one or two words after the last
        ends = [parts[0].split()[-1] if parts[0] else "", " ".join(parts[-1].split()[:2])]
        if all(ends) and all(is_known_place(p) or is_known_place(p.split()[0]) for p in ends):
            return True
    return False


_TITLE_BEFORE = re.compile(r"(?i:\b(?:mr|mrs|ms|dr|monsieur|madame|meneer|mevrouw)\.?[ \t]+$)")


_BUSINESS_AFTER = re.compile(
    r"['’]s[ \t]+(?:diner|cafe|café|bar|pub|grill|pizzeria|bakery|deli|kitchen|restaurant|bistro|burgers?"
    r"|tavern|inn|garage|salon|barbershop|shop|store|market|bbq|steakhouse|trattoria|taverna)\b",
    re.IGNORECASE,
)


#: Job titles that open a signature's second line, which the model takes for a name.
_JOB_TITLES = frozenset(
    """
    responsable responsabile manager director directora directeur directrice direttore direttrice
    diretor diretora gerente jefe jefa head lead consultant consultor consultora consulente analyst
    analista engineer ingénieur ingeniero ingeniera ingegnere engenheiro engenheira developer
    accountant coordinator coordinatrice coordinador coordinadora coordinatore coördinator coordenador
    coordenadora assistant assistente asistente sachbearbeiter sachbearbeiterin leiter leiterin
    teamleiter teamleiterin geschäftsführer geschäftsführerin adviseur medewerker beheerder técnico
    técnica tecnico tecnica referente chargé chargée chef officer specialist spezialist specialista
    especialista administrator administrador administradora amministratore
    """.split()  # noqa: SIM905
)


#: The rest of a form's label after its first word: "Naam op kaart:", "Data di nascita:", "Lugar de nac.:".
_LABEL_AFTER = re.compile(r"[ \t]+[a-zà-ÿ.]+(?:[ \t]+[a-zà-ÿ.]+){0,3}[ \t]*:")


def _job_title(words: list[str]) -> bool:
    first = words[0].lower()
    return (first in _JOB_TITLES or (len(first) > 9 and first.endswith("manager"))) and not (
        _given_name(words[0]) or is_surname(words[0])
    )


_MONTHS = frozenset(MONTHS.split("|"))
_DAY_BEFORE = re.compile(r"\b\d{1,2}(?:\.|º|°|er|st|nd|rd|th)?[ \t]+(?:(?:de|of)[ \t]+)?$")


#: An indefinite article right before the model's person: a noun follows it, nobody's name (German "um" is
#: "about": "es geht um Anna Roe", so it counts only in Portuguese).
_INDEFINITE_BEFORE = re.compile(
    r"(?i:(?:^|[\s(])(?:ein|eine|einen|einem|einer|eines|une|un|una|uno|een|um|uma)[ \t]+$)"
)


#: A release number after a name makes it a product: "Atlas Gateway 8.6.4", "Aurora v2.1".
_VERSION_AFTER = re.compile(r"[ \t]+v?\d+(?:\.\d+)+(?![\w.])")


@lru_cache(maxsize=1024)
def _name_or_place_reason(text: str, start: int, end: int, place: bool, kind: str) -> str | None:
    """`not_a_name_or_place` for one span, once: several recognizers report the same name (a CSV column,
    the known-names list, NER), and a large paste repeats the check for each of them."""
    value = text[start:end]
    if place and _fold(value) in _phrases("placeholder_names.txt").get("places", frozenset()):
        return KNOWN_EXAMPLE_REASON
    if not place and placeholder_name(value, text, start, end):
        return KNOWN_EXAMPLE_REASON
    if not place and kind != "structured" and _public_role(value, text, start):
        return "public figure"  # "Prime Minister Keir Starmer", "the striker Harry Kane", "Papst Leo XIV"
    if kind != "guessing":
        if place or kind == "structured":
            return None
        if _CODE_NAME_LEADING.match(value):
            return "code name or room"  # a sign-off's "— Projeto Farol", "Operation Nightjar"
        if " " in value and _route_or_venue(value.split(), False):
            return "place name"  # "Metro Sevilla", "Rua Exemplo"
        if (
            " " not in value
            and _TITLE_BEFORE.search(text, max(0, start - 12), start)
            and not (_given_name(value) or is_surname(value))
            and (is_common_word(value, "en") or is_frequent_english(value))
        ):
            return "product name"  # "Mr. Muscle", "Monsieur Cuisine": a brand wears the title
        return _not_a_person(value, text, start, end, alone=False) or _public_context(value, text, start, end)
    if is_tech_term(value) or _VERSION_AFTER.match(text, end):
        return "product name"
    words = value.split()
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 16) : start]
    if len(words) == 1 and value.lower() in _QUESTION_WORDS and not _given_name(value):
        return "question word"  # "[2-9-2024 08:22] Ilse: Wat was het adres ook alweer?"
    if words[0].lower() in IMPERATIVES and (
        _SENTENCE_START.search(before) or _POLITE_OPENER.search(text, max(line_start, start - 24), start)
    ):
        return "imperative"
    if code_name_or_room(value, text, start, end):
        return "code name or room"
    if (
        len(words) == 1
        and _SENTENCE_START.search(before)
        and _LABEL_AFTER.match(text, end)
        and not _given_name(value)
    ):
        return "field label"  # "Naam op kaart: …", "Data di nascita: …": a form's label, not a name
    if _BUSINESS_AFTER.match(text, end):
        return "business"  # "Joe's Diner", "Luigi's Pizzeria": a shop named for its owner
    if _job_title(words):
        return "job title"  # a signature's "Responsable RH", "Accountmanager", "Head of Sales"
    if len(words) == 1 and value.lower() in _MONTHS and _DAY_BEFORE.search(before):
        return "date"  # "am 17. Juli 1954", "le 3 Juin": the model's person is the month
    if _route_or_venue(words, place):
        return "place name"  # "TGV Lyon-Marseille", "Estádio José Alvalade", "Rua Augusta"
    if place and len(words) == 1 and _legal_form(value):
        return "organisation"  # the model's place is the "Lda" of "Atlântico Imobiliária, Lda."
    lang = _language(text[max(0, start - 300) : end + 300])
    if lang == "de" and any(_GERMAN_NOUN.fullmatch(w) for w in words) and not any(map(_given_name, words)):
        return "common words"
    if (
        not place
        and _INDEFINITE_BEFORE.search(before)
        and not (lang != "pt" and before.rstrip().lower().endswith("um"))
    ):
        return "common words"  # "eine Tabelle Schreib mir …", "een Kun": an article opens a noun, not a name
    if not place:
        reason = _not_a_person(value, text, start, end) or _public_context(value, text, start, end)
        if reason:
            return reason
        if len(words) > 1 and any(map(is_known_place, words)) and not any(map(_given_name, words)):
            return "place name"  # "Messe München", "Flughafen Zürich": a venue named for its city
    if place and _sports_report(text, start, end):
        return "public place"  # "Spettatori 48.192 a Milan", "Toeschouwers: 43.000 in Amsterdam"
    if place and len(words) > 1:
        # "New York", "Mexico City" are ordinary words too: only headings and products are vetoed.
        return "heading or product" if all(w.isupper() for w in words) or is_tech_term(words[0]) else None
    if not place and len(words) > 1 and only_common_words(value):
        return "common words"
    if len(words) > 1:
        # Outside English every noun is capitalised: "Bitte Laptop" opens with an ordinary word.
        foreign = (
            lang is not None
            and lang != "en"
            and (
                _frequent_word(words[0], (lang,))
                or _foreign_noun_phrase(words, lang)
                or (is_common_word(words[0], lang) and not any(map(_given_name, words)))
            )
        )
        return "common words" if foreign else None
    if place:
        if famous_enumeration(text, start, end):
            return "public figure"  # "Tolkien, Orwell and Rowling": the model's place is a writer
        return (
            _not_a_place(value, text, start, before, lang)
            or _example_line(text, start, end)
            # "Bauchschmerzen", "Traiga", "Huurder": one capitalised word the model guessed is a place only
            # if the gazetteer knows it or a preposition puts it there ("aus Bensheim"); fields: their own.
            or (None if is_known_place(value) or _PLACE_PREPOSITION.search(before) else "not a known place")
        )
    if _GREETED.search(text, max(0, start - 16), start):
        return None  # "Ciao Davide", "Hi Will": a greeting names the word after it
    languages = _LANGUAGES if lang is None else (lang, "en") if lang != "en" else ("en",)
    if any(is_common_word(value, x) for x in languages):
        return "common word"
    # A frequent word of any of our languages that nobody is named ("Unter" in "Unter den Linden" quoted
    # in English prose): the model guesses a person from the capital alone.
    if not _given_name(value) and not is_surname(value) and _frequent_word(value, _LANGUAGES):
        return "common word"
    if is_english_word(value):
        return "common word"  # "Supplier master data", "Voicemail (0:42)", "Metadata endpoint …"
    return None


#: What opens a request before its verb: "per favore Riassumi …", "Ciao, Semplifica …", "bitte Fasse …".
_POLITE_OPENER = re.compile(
    r"(?i:(?:^|[\s,.:;!])(?:please|pls|plz|kindly|bitte|por favor|porfa|per favore|per piacere"
    r"|s'il te pla[iî]t|s'il vous pla[iî]t|stp|svp|alsjeblieft|graag"
    r"|ciao|hi|hey|hello|hola|hallo|bonjour|salut|ol[áa]|oi"
    r"|buongiorno|buenos d[íi]as|bom dia|urgent[e]?|ok|okay)[\s,:;!.-]*$)"
)


#: A greeting or thanks right before a word: what follows is someone's name, however ordinary the word.
_GREETED = re.compile(
    r"(?:^|[\s(])(?:hi|hello|hey|dear|ciao|hallo|hola|bonjour|salut|thanks|danke|merci|grazie|gracias)"
    r"[ \t]+$",
    re.IGNORECASE,
)


#: Offices and public roles right before a name the model guessed: news, sports and history prose about
#: public people ("President …", "Bundeskanzler …", "the striker …", "la cantante …").
_PUBLIC_ROLE_BEFORE = re.compile(
    r"(?i:\b(?:president|vice[- ]president|prime minister|chancellor|minister|secretary of state|senator"
    r"|congressman|congresswoman|governor|king|queen|prince|princess|pope|archbishop|cardinal|sultan|emperor"
    r"|empress|admiral|striker|midfielder|goalkeeper|quarterback|head coach"
    r"|singer|rapper|songwriter|actor|actress|film director|novelist|poet|painter"
    r"|composer|astronaut|nobel laureate|billionaire|tycoon"
    r"|präsident(?:in)?|bundeskanzler(?:in)?|kanzler(?:in)?|ministerpräsident(?:in)?|minister(?:in)?"
    r"|könig(?:in)?|papst|trainer(?:in)?|stürmer(?:in)?|sänger(?:in)?|schauspieler(?:in)?|regisseur(?:in)?"
    r"|schriftsteller(?:in)?|président(?:e)?|premier ministre|première ministre|ministre|roi|reine|pape"
    r"|entraîneur|attaquant|chanteur|chanteuse|acteur|actrice|réalisateur|réalisatrice|écrivain(?:e)?"
    r"|presidente|primer ministro|primera ministra|ministr[oa]|rey|reina|papa|entrenador(?:a)?|delanter[oa]"
    r"|cantante|act(?:or|riz)|escritor(?:a)?|presidente del consiglio|cancelliere"
    r"|allenatore|attaccante|attore|attrice|regista|scrittore|scrittrice"
    r"|mayor|lord mayor|maire|alcalde(?:sa)?|sindac[oa]|bürgermeister(?:in)?|oberbürgermeister(?:in)?"
    r"|burgemeester|wethouder|koning(?:in)?|premier|minister-president|prefeit[oa]|president[ea] da câmara"
    r"|primeiro-ministro|primeira-ministra|ministro|presidente da república|rei|rainha)"
    r"(?:[ \t]+(?:of|de|del|della|di|du|des|der|von)[ \t]+[\w.&'’-]+(?:[ \t]+[\w.&'’-]+)?)?,?[ \t]+"
    r"(?:(?:the|der|die|le|la|el|il|lo)[ \t]+)?$)"
)


def _public_role(value: str, text: str, start: int) -> bool:
    """An office or public role stands right before the name, or opens the span the model took for one
    ("Bundeskanzlerin Hella Marstrand")."""
    if _PUBLIC_ROLE_BEFORE.search(text, max(0, start - 48), start):
        return True
    first, _, rest = value.partition(" ")
    return bool(rest) and _PUBLIC_ROLE_BEFORE.fullmatch(first + " ") is not None


#: A street, square or building word before a name: "Via Aldo Moro", "Rua Fernando Pessoa", "Calle Doctor
#: Fleming", "Platz der Republik". The name is the street's.
_STREET_BEFORE = re.compile(
    r"(?i:(?:^|[^\w])(?:via|viale|piazza|piazzale|corso|largo|vicolo|lungomare|calle|avenida|avda\.?|av\.|paseo"
    r"|plaza|ronda|carrer|passeig|rua|praça|travessa|alameda|rue|avenue|boulevard|bd\.?|place|quai"
    r"|allée|impasse|cours|chemin|platz|stra(?:ss|ß)e|allee|plein|straat|laan|gracht|kade"
    r"|statue of|monument to|memorial to"
    r"|monumento a|estátua de|estatua de|statua di|denkmal für|statue de|named after|benannt nach"
    r"|nommée? d'après|in honou?r of|co\.|county|col\.|colonia)[ \t]+"
    r"(?:(?:de|del|della|dei|di|du|des|dos|das|da|do|der|la|le|los|las|van|von)"
    r"[ \t]+)*$)"
)
#: A word after a name that makes it a street, a building, a prize or a product: "Fernando Pessoa statue",
#: "Rose wine", "Kaiser Wilhelm Memorial", "Anne Frank Haus".
_THING_AFTER = re.compile(
    r"(?i:['’]?s?[ \t]+(?:street|st\.|road|rd\.|avenue|ave\.|boulevard|square|lane|drive|bridge"
    r"|station|airport|stadium|arena|hall|building|tower|centre|center|school|college|university|institute|hospital|memorial"
    r"|statue|monument|museum|park|gardens?|prize|award|foundation|trophy|cup|wine|coffee|tea|beer|cheese"
    r"|shirts?|polos?|jeans|dress|jackets?|suits?|perfume|parfum|parfüm|profumo|fragrance|cologne|biscuits?"
    r"|cookies|chocolates?|lens|watch|handbag|bag|shoes|sneakers|trainers|sunglasses|glasses|shampoo"
    r"|lipstick|gift card|hemd|kekse|chemise|camisa|camicia|overhemd|galletas|biscotti|koekjes|bolachas"
    r"|sauce|pepper|straße|strasse|platz|allee|brücke|bahnhof|stadion|schule|gymnasium|halle|haus|preis"
    r"|stiftung|denkmal|statua|statue|estátua|estatua|monumento|museo|musée)\b)"
)
#: Words that open a landmark's name the model takes for a person: "Torre de Belém", "Sagrada Família",
#: "La Défense", "Brandenburger Tor", "Porta Nuova".
_LANDMARK_WORDS = frozenset(
    """torre tour tower porta puerta portão tor turm palazzo palacio palais palácio castello castillo castelo
    château schloss burg mosteiro monasterio monastero kloster abbazia abadía ponte puente pont brücke
    basilica basílica catedral cattedrale cathédrale dom münster kathedrale sagrada fontana fuente fonte
    parque parco parc jardim jardín giardino jardin la le les el los las il lo gli het""".split()  # noqa: SIM905
)
#: Car makes, whose next capitalised word is a model the model takes for a person ("Alfa Romeo Giulia",
#: "Seat León", "Fiat Panda"). A span may open with one of them; Ford and Mini, surnames and words too,
#: count only before the span.
_MAKES = frozenset(
    """alfa fiat seat cupra lancia renault peugeot citroën citroen opel vw volkswagen škoda skoda toyota honda
    nissan mazda hyundai kia tesla bmw audi mercedes porsche volvo dacia jeep chevrolet lamborghini
    ferrari maserati lexus subaru suzuki""".split()  # noqa: SIM905
)
_MAKE_BEFORE = re.compile(
    rf"(?i:(?:^|[^\w])(?:{trie_regex(sorted(_MAKES | {'alfa romeo', 'mercedes-benz', 'ford', 'mini'}))})"
    r"[ \t]+$)"
)


def _named_after(value: str, text: str, start: int, end: int) -> str | None:
    """A name the model guessed that names a street, a landmark, a thing or a car model instead."""
    line_start = text.rfind("\n", 0, start) + 1
    if _STREET_BEFORE.search(text, max(line_start, start - 32), start) or _THING_AFTER.match(text, end):
        return "named place or thing"
    first = value.split(maxsplit=1)[0].lower()
    if " " in value.strip() and first in _LANDMARK_WORDS:
        return "named place or thing"
    if first in _MAKES or _MAKE_BEFORE.search(text, max(line_start, start - 24), start):
        return "product name"
    return None


#: A match report: a score and a word of the game in the paragraph ("Celtic beat Real Madrid 2-3",
#: "Werder Bremen gewinnt 1:3", "la Atalanta ha vinto 1-0"). Its full names are players and pundits.
_SCORE = re.compile(r"(?<![\d.:/,-])(?:\d{1,2}[ \t]?[-–][ \t]?\d{1,2}|\d{1,2}:\d)(?![\d:/]|[.,]\d|-\d)")
_GAME_WORDS = re.compile(
    r"(?i:\b(?:beat|beats|defeated|drew|scored|scores|won|wins|\d+(?:st|nd|rd|th)\s+minute|half-time"
    r"|gewinnt|gewann|schlägt|besiegt|trifft|traf|\d+\.\s+minute|bat|battu|homme du match|ganó|gana|vence"
    r"|venció|empató|ha vinto|vince|batte|pareggia|in tribuna|venceu|ganhou|empatou|marcou|wint|verslaat"
    r"|scoorde|goals?|gol|goles|golos?|doelpunten|doelpunt|raddoppio|spettatori|toeschouwers|zuschauer"
    r"|spectateurs|espectadores|público|attendance|att|ref|referee|schiedsrichter|arbitre|árbitro|arbitro"
    r"|scheidsrechter|torschützen|tore|buts|marcatori|marcadores|assist|pen|penalty|rigore|elfmeter"
    r"|égalise|ouvre le score|\d+e minute|minuto \d+|\d+[º°]? minuto|\d+\. minuut|minuut \d+)\b"
    r"|\b\d{1,3}(?:\+\d{1,2})?['’](?!\w))"  # a minute mark: "Saka 23'", "(90+2')"
)


#: A quiz, a character study or a biography about the name that follows: "Erstelle 3 Quizfragen zu Clara
#: Schumann", "Vergleiche die Figuren Effi Briest und …", "a short biography of …".
_STUDY_BEFORE = re.compile(
    r"(?i:\b(?:quiz\w*|figur(?:en)?|characters?|personnages?|personaggi|personajes|personagens|biograph\w*"
    r"|biograf\w*|lebenslauf von|vida de|vita di|vie de|life of|essay on|aufsatz über|exposé sur)\b"
    r"[^.!?\n]{0,40}$)"
)


#: A thing given a name: "a mascot called Captain Byte", "an internal bot called Jarvis", "a Slack app named
#: Ada", "la nuova linea Bella Vista".
_THING_NAMED = re.compile(
    r"(?i:\b(?:(?:bot|chatbot|app|mascot|tool|project|service|assistant|robot|product|model|server"
    r"|cluster|feature|plugin|agent|printer|laptop|boat|dog|cat|pet)[ \t]+(?:is[ \t]+|was[ \t]+)?"
    r"(?:called|named|dubbed|nicknamed|heißt|genannt|appelée?|nommée?|llamad[oa]|chiamat[oa]|chamad[oa]"
    r"|genaamd)|(?:linea|line|range|collection|codename))[ \t]+(?:captain[ \t]+)?$)"
)


def _public_context(value: str, text: str, start: int, end: int) -> str | None:
    """A name whose surroundings say it is a street's, a landmark's, a product's, a player's in a match
    report, or the subject of a quiz or a character study."""
    reason = _named_after(value, text, start, end)
    if reason:
        return reason
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 80) : start]
    lowered = before.lower()
    if _WORK_BEFORE.search(before):
        return "title or artist"  # "the song Billie Jean by Michael Jackson", "la canzone di Marco Mengoni"
    if _shop_list(text, start, end) or _sales_copy(text, start, end):
        return "product name"  # "nuovi arrivi Giorgio Armani, Luisa Spagnoli e Ferrero", "in de aanbieding"
    named = any(w in lowered for w in _THING_NAMED_WORDS)
    if named and _THING_NAMED.search(before, max(0, len(before) - 40)):
        return "product name"
    if " " not in value.strip():
        return None
    if _sports_report(text, start, end):
        return "public figure"  # "Bukayo Saka scored in the 53rd minute", "In tribuna Francesco Totti"
    if _screen_report(text, start, end):
        return "public figure"  # "'Amélie' (Audrey Tautou)", "« Intouchables » (Omar Sy)"
    if any(w in lowered for w in _STUDY_WORDS) and _STUDY_BEFORE.search(before):
        return "public figure"
    return None


#: Literals inside every `_THING_NAMED` and `_STUDY_BEFORE` match: the regexes run only where one is, since
#: a large paste asks about a thousand names.
_THING_NAMED_WORDS = (
    "call", "nam", "dubb", "heiß", "genannt", "appel", "nomm", "llamad", "chiamat", "chamad", "genaamd",
    "linea", "line ", "range", "collection", "codename",
)  # fmt: skip
_STUDY_WORDS = (
    "quiz", "figur", "charact", "personn", "personag", "personaj", "biograph", "biograf", "lebenslauf",
    "vida de", "vita di", "vie de", "life of", "essay", "aufsatz", "exposé",
)  # fmt: skip


def _stretch(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """The paragraph around text[start:end], at most `reach` characters either side."""
    lo = text.rfind("\n\n", max(0, start - reach), start)
    lo = max(0, start - reach) if lo < 0 else lo
    hi = text.find("\n\n", end, end + reach)
    hi = min(len(text), end + reach) if hi < 0 else hi
    return lo, hi


def _sports_report(text: str, start: int, end: int) -> bool:
    lo, hi = _stretch(text, start, end, 400)
    return _match_report(text, lo, hi)


#: A work and its maker: "the song Jolene by Dolly Parton", "la canzone di Marco Mengoni", "le roman de …".
_WORK_BEFORE = re.compile(
    r"(?i:\b(?:songs?|canzon[ei]|canci[óo]n(?:es)?|chansons?|lied(?:je)?|m[úu]sicas?|can[çc][ãa]o|album"
    r"|novel|roman|romanzo|novela|livro|boek|painting|gem[äa]lde|tableau|quadro|cuadro|schilderij"
    r"|sculpture|symphon\w*|opera)[ \t]+(?:['\"“‘«]?$|(?:[^\s,.;:!?]+[ \t]+){0,5}?"
    r"(?:by|di|de|du|von|van|of|do|da|del)[ \t]+$))"
)
#: A shop's text: offers, a catalogue, a shopping list. Its enumerated names are brands and products.
_SHOP_WORDS = re.compile(
    r"(?i:\b(?:aanbieding\w*|bonuskaart|webshop|folder|promo\w*|sconto|vetrina|negozio|loja|produtos|prodotti"
    r"|productos|produits|produkte|marketplace|unidades|unità|stuks|sku|shopping list|einkaufsliste"
    r"|lista de la compra|liste de courses|lista della spesa|boodschappenlijst|lista de compras|in stock"
    r"|gift card|coupon|codice sconto|cupom|rabatt\w*|angebot\w*|oferta\w*|offerta\w*|soldes|nuovi arrivi"
    r"|chegaram|new arrivals|assortiment|sortiment|catalog\w*|katalog\w*|catálogo|winkel|supermarkt"
    r"|supermercado|supermercato|supermarché|supermarket)\b)"
)


def _shop_list(text: str, start: int, end: int) -> bool:
    """A name enumerated with brands (one at least: data/named_things.txt, tech terms) in a paragraph
    about goods for sale: "nuovi arrivi Giorgio Armani, Luisa Spagnoli e Ferrero"."""
    others = _enumerated_with(text, start, end)
    if not others:
        return False
    table = _phrases("named_things.txt")
    brands = table[""] | table.get("houses", frozenset())
    if not any(item in brands or is_tech_term(item) for item in others):
        return False
    lo, hi = _stretch(text, start, end, 300)
    return _shop_text(text, lo, hi)


#: Words only sales copy uses: offers, article numbers, pack sizes, promo codes. A name there is a brand's.
_SALES_WORDS = re.compile(
    r"(?i:\b(?:aanbieding(?:en)?|bonuskaart|artikelnummer|webshop|productomschrijving|folder-?tekst"
    r"|caixa com|cupom|c[óo]digo promocional|codice sconto|in promozione|nuovi arrivi|vetrina"
    r"|chegaram produtos|marketplace|product copy|promo code|coupon code|limited ed(?:ition|\.)?|gift box"
    r"|angebot der woche|im angebot|artikelnr|en promoción|código de descuento|en promo|code promo)\b)"
)


def _sales_copy(text: str, start: int, end: int) -> bool:
    lo, hi = _stretch(text, start, end, 300)
    return _sales_text(text, lo, hi)


def _sales_text(text: str, lo: int, hi: int) -> bool:
    return _hits_between(text, _SALES_WORDS, lo, hi) > 0


def _shop_text(text: str, lo: int, hi: int) -> bool:
    return _hits_between(text, _SHOP_WORDS, lo, hi) > 0


@lru_cache(maxsize=16)
def _hit_starts(text: str, pattern: re.Pattern[str]) -> tuple[int, ...]:
    """Where `pattern` matches in `text`: one pass per text, however many names ask about their stretch
    (a 200 KB paste asks about a thousand, each stretch a different one)."""
    return tuple(m.start() for m in pattern.finditer(text))


def _hits_between(text: str, pattern: re.Pattern[str], lo: int, hi: int) -> int:
    """How many matches of `pattern` start in text[lo:hi] (a match must also end there: the patterns are
    short words, and a stretch ends at a blank line or far from the name)."""
    starts = _hit_starts(text, pattern)
    return bisect.bisect_left(starts, hi) - bisect.bisect_left(starts, lo)


#: Films and series and the people in their credits: a title in quotes and a word of the screen.
_SCREEN_WORDS = re.compile(
    r"(?i:\b(?:films?|movies?|películas?|filmes?|pellicol[ae]|séries?|series|serie|tv[- ]series|starring"
    r"|cast|runtime|director|directed|regie|regisseur\w*|réalisé\w*|réalisat\w*|realizzat\w*|dirigid[ao]"
    r"|adaptation|verfilmung|premiere|box office|sequel|trailer|actors?|actress\w*|schauspieler\w*|acteurs?"
    r"|actrices?|actor(?:es)?|actriz|attor[ei]|attrici?|atores?|atriz|oscars?|golden globe|berlinale"
    r"|cannes)\b)"
)
_QUOTED_TITLE = re.compile(r"['‘«\"“„]\s?[A-ZÀ-Þ][^'’»\"”\n]{0,40}['’»\"”“]")


def _screen_report(text: str, start: int, end: int) -> bool:
    lo, hi = _stretch(text, start, end, 400)
    return _film_words(text, lo, hi)


def _film_words(text: str, lo: int, hi: int) -> bool:
    """A word of the screen and two quoted titles in text[lo:hi] (one title is as often a document's)."""
    return _hits_between(text, _SCREEN_WORDS, lo, hi) > 0 and _hits_between(text, _QUOTED_TITLE, lo, hi) >= 2


def _match_report(text: str, lo: int, hi: int) -> bool:
    """A score and a word of the game in text[lo:hi]."""
    return _hits_between(text, _SCORE, lo, hi) > 0 and _hits_between(text, _GAME_WORDS, lo, hi) > 0


def _not_a_person(value: str, text: str, start: int, end: int, alone: bool = True) -> str | None:
    """Famous people, dishes, medicines and companies; a famous surname alone only from the guessing
    recognizers (`alone`), since a greeting or a title before one names a real person."""
    listed_with_famous = (alone or " " in value.strip()) and famous_enumeration(text, start, end)
    if public_figure(value, text, start, end, alone) or listed_with_famous:
        return "public figure"
    if named_thing(value, text, start, end, alone):
        return "named dish or thing"
    if health_or_eponym(value, text, start, end):
        return "medicine, condition or eponym"
    if organisation(value, text, start, end):
        return "organisation"
    return None


def _example_line(text: str, start: int, end: int) -> str | None:
    """A town in a line that says it is made up ("Adresse de l'exemple : 1 rue de l'Exemple, 75000 Paris"):
    a city alone names no one, and here not even an address."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lo, hi = max(line_start, start - 200), min(line_end, end + 200)
    found = _EXAMPLE_WORDS.search(text, lo, hi)
    return "example data" if found and not found.group().lower().startswith(("test", "mock")) else None


def _not_a_place(value: str, text: str, start: int, before: str, lang: str | None) -> str | None:
    """A lone word NER calls a place: an ordinary word of the text's language, unless a preposition or
    a label says a place follows ("nach Nürnberg", "Centro de trabajo: Madrid")."""
    if is_known_place(value):
        return None
    if _fold(value) in _health_terms():
        return "medicine or condition"  # "Amoxicillin", "Ventolin": the model's place is a drug
    if value.lower() in _QUESTION_WORDS and _SENTENCE_START.search(before):
        return "question word"
    if lang == "de" and _GERMAN_DETERMINER_BEFORE.search(before):
        return "common word"  # "Kündigung meines Vertrags", "keinen Zahlungseingang"
    # A city's English name is as "specific" to English as an ordinary word ("Warsaw", "Lisbon"):
    # only an ordinary word of another language is vetoed.
    if lang == "en" or _PLACE_PREPOSITION.search(before) or before.rstrip().endswith(":"):
        return None
    # Not every ordinary word: wordfreq lists "Türkei", "Pfalz" and "Halle" as German words.
    return "common word" if _frequent_word(value, _LANGUAGES[1:] if lang is None else (lang,)) else None


def _frequent_word(word: str, languages: tuple[str, ...]) -> bool:
    """An ordinary word of one of `languages` seen at least ten times per million words there."""
    return any(common_word_zipf(word, x) >= FREQUENT_ZIPF for x in languages)


_YEAR = re.compile(r"(?<!\d)(1[0-9]\d\d|20\d\d)(?!\d)")
#: Anyone born before this year is dead: a history lesson's date, no one's personal data.
_HISTORIC_BEFORE = 1900
#: Not the dot of an ordinal ("am 17. Juli 1954", "den 3. März"): German dates would end the sentence.
_SENTENCE_END = re.compile(r"(?<!(?<!\d)\d)(?<!(?<!\d)\d\d)\.\s|[!?;]\s|\n\s*\n")
_PERSON_RUN = re.compile(_CAPITALISED_RUN)


def public_birth_date(finding: Finding, value: str, text: str) -> str | None:
    """A birth date of history ("born 10 December 1815") or of a public figure the sentence names ("Alan
    Turing was born 23 June 1912 in Maida Vale"): a quiz or a biography, no one's record."""
    if finding.entity_type != "DATE_OF_BIRTH":
        return None
    year = _YEAR.search(value)
    if year and int(year.group(1)) < _HISTORIC_BEFORE:
        return "historic date"
    return "public figure" if public_figure_before(text, finding.start) else None


def public_figure_before(text: str, pos: int) -> bool:
    """True when the sentence up to `pos` names a public figure in full ("Alan Turing was born … in")."""
    lo = max(0, pos - 160)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, pos)]
    lo = ends[-1] if ends else lo
    for run in _PERSON_RUN.finditer(text, lo, pos):
        a, b = run.span(1)
        if " " in text[a:b] and public_figure(text[a:b], text, a, b, alone=False):
            return True
    return False


FILTERS: tuple[FilterFn, ...] = (
    known_example_value,
    placeholder,
    filler_number,
    secret_is_code_reference,
    local_default_credentials,
    hash_or_uuid,
    encoded_plain_text,
    example_address_place,
    not_a_name_or_place,
    public_birth_date,
)


def false_positive_reason(finding: Finding, text: str) -> str | None:
    value = text[finding.start : finding.end]
    for rule in FILTERS:
        reason = rule(finding, value, text)
        if reason:
            return reason
    return None

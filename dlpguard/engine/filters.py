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
import re
from collections import Counter
from collections.abc import Callable, Sequence

from dlpguard.engine.names import (
    FREQUENT_ZIPF,
    IMPERATIVES,
    common_word_zipf,
    is_common_word,
    is_tech_term,
    only_common_words,
    text_language,
)
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
    (re.compile(r"\d{13,19}"), "card test number"),
    (re.compile(r"[a-z]{2}\d\d[0-9a-z]{10,30}"), "IBAN example"),
    (re.compile(r"\d{9}"), "ID number example"),
    (re.compile(r"[a-z]{2}\d{6}[a-d]"), "ID number example"),
    (re.compile(r"akia\w+|\w+examplekey"), "AWS documentation key"),
    (re.compile(r"eyj[\w.-]+"), "jwt.io example token"),
)


def example_kind(value: str) -> str | None:
    """`card test number`, `IBAN example`, …: what kind of published example `value` is; None when it
    is none."""
    key = normalized(value)
    if key not in KNOWN_EXAMPLE_VALUES:
        return None
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
    if _bare(part) in PLACEHOLDER_VALUES:
        return "placeholder"
    if _REPEATED.search(part):
        return "repeated characters"
    # `ghp_1234567890abcdef...`: a typed-out alphabet is a placeholder; a password may be weak on purpose.
    if finding.entity_type != "PASSWORD" and len(part) >= 16 and _ascending_run(part):
        return "sequential characters"
    return None


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
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n>*#\-•]|\d\.)[ \t\"'“(\[]*$")
_PLACE_PREPOSITION = re.compile(
    r"\b(?:in|to|from|near|at|nach|aus|bei|von|vor|à|au|en|de|desde|hacia|a|da|di|per|verso)[ \t]+$",
    re.IGNORECASE,
)
_LANGUAGES = ("en", "de", "fr", "es", "it")


def not_a_name_or_place(finding: Finding, value: str, text: str) -> str | None:
    """Products ("Django", "Sapphire Rapids"), the first word of an instruction ("Summarise", "Map"),
    error strings ("Invalid JWT Signature") and ordinary words of the text's language ("Termin",
    "Courriel", "Buongiorno", "Bitte Laptop") that NER or a loose pattern took for a person or a place."""
    if finding.recognizer not in _GUESSING or finding.entity_type not in ("PERSON", "LOCATION"):
        return None
    if is_tech_term(value):
        return "product name"
    words = value.split()
    line_start = text.rfind("\n", 0, finding.start) + 1
    before = text[max(line_start, finding.start - 12) : finding.start]
    if words[0].lower() in IMPERATIVES and _SENTENCE_START.search(before):
        return "imperative"
    place = finding.category is Category.LOCATION
    if place and len(words) > 1:
        # "New York", "Mexico City" are ordinary words too: only headings and products are vetoed.
        return "heading or product" if all(w.isupper() for w in words) or is_tech_term(words[0]) else None
    if not place and len(words) > 1 and only_common_words(value):
        return "common words"
    lang = text_language(text[max(0, finding.start - 300) : finding.end + 300])
    if len(words) > 1:
        # Outside English every noun is capitalised: "Bitte Laptop" opens with an ordinary word.
        foreign = lang is not None and lang != "en" and _frequent_word(words[0], (lang,))
        return "common words" if foreign else None
    if place:
        # A city's English name is as "specific" to English as an ordinary word ("Warsaw", "Lisbon"):
        # only a very frequent word of another language is vetoed, and not after a preposition or a
        # label ("nach Nürnberg", "Centro de trabajo: Madrid").
        if lang == "en" or _PLACE_PREPOSITION.search(before) or before.rstrip().endswith(":"):
            return None
        return "common word" if _frequent_word(value, _LANGUAGES[1:] if lang is None else (lang,)) else None
    languages = _LANGUAGES if lang is None else (lang, "en") if lang != "en" else ("en",)
    return "common word" if any(is_common_word(value, x) for x in languages) else None


def _frequent_word(word: str, languages: tuple[str, ...]) -> bool:
    """An ordinary word of one of `languages` seen at least ten times per million words there."""
    return any(common_word_zipf(word, x) >= FREQUENT_ZIPF for x in languages)


FILTERS: tuple[FilterFn, ...] = (
    known_example_value,
    placeholder,
    secret_is_code_reference,
    local_default_credentials,
    hash_or_uuid,
    encoded_plain_text,
    not_a_name_or_place,
)


def false_positive_reason(finding: Finding, text: str) -> str | None:
    value = text[finding.start : finding.end]
    for rule in FILTERS:
        reason = rule(finding, value, text)
        if reason:
            return reason
    return None

"""High-entropy values assigned to secret-sounding names: `API_KEY=...`, `"auth_token": "..."`,
`X-Api-Key: ...`, `Authorization: Bearer ...`. Only the value is reported.

Values a specific recognizer owns (prefixed tokens, JWTs) or that are deliberately not secrets
(Stripe test/publishable keys, Twilio account SIDs) are left alone, and so are names that only
describe a secret (`token_url`, `api_key_id`, `next_page_token`) and password names, which are
`PasswordRecognizer`'s. Hashes, UUIDs and base64-encoded prose are the filters' call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import ClassVar

from dlpguard.engine.entropy import looks_random
from dlpguard.engine.recognizers._scoped import AnchoredDetector, value_span
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.types import Category, Finding


def _not_after(*words: str) -> str:
    return "".join(f"(?<!(?i:{w}))" for w in words)


# Start on the keyword (fast to find), then the rest of the name.
_KEYWORD = (
    # cursors and anti-forgery tokens are not credentials
    _not_after(
        "page_", "page", "next_", "next", "csrf_", "csrf-", "csrf", "xsrf_", "xsrf-", "xsrf", "cursor_",
        "continuation_", "public_", "public-", "public",
        # test fixtures say so in the name: `nonMatchingToken`, `fake_api_key`, `dummySecret`
        "nonmatching", "nonmatching_", "fake", "fake_", "fake-", "dummy", "dummy_", "dummy-", "mock", "mock_",
        "bogus", "bogus_", "invalid", "invalid_", "example", "example_", "sample", "sample_",
    )
    + r"(?i:api[_.-]?key|access[_.-]?key|private[_.-]?key|signing[_.-]?key|credentials?|token(?!iz|is)"
    # PagerDuty's `routing_key`, a licence or encryption key, a webhook's key: credentials by their name.
    r"|(?:routing|integration|license|licence|encryption|master|webhook)[_.-]?key"
    r"|auth(?!or(?!iz)|ent)|secret(?=[A-Za-z0-9_.-])|session[_.-]?(?:key|secret)|cookie[_.-]?secret"
    r"|(?<![A-Za-z])cl[ée](?:[_.-]?api)?(?![A-Za-z])"
    r"|(?<=[A-Za-z0-9_-])(?<!(?i:client_))(?<!(?i:client-))(?<!(?i:client))secret)"
)
# Names that describe a secret rather than hold one (`token_url`, `authDomain`), and password
# names, which PasswordRecognizer owns.
_DESCRIPTIVE_ENDINGS = """
    hash sha1 sha256 digest checksum fingerprint _id -id .id type url uri path file name endpoint length
    count limit prefix header format version ttl expiry expires _at size location algorithm domain host
    hostname provider method mode scheme server realm issuer audience scope scopes mechanism policy enabled
    required timeout duration password passwd pass pwd secrets
"""
_NAME_END = _not_after(*_DESCRIPTIVE_ENDINGS.split())
# The separator is looked for before the name-ending lookbehinds: most keyword hits have none.
# Go's `var apiToken string = "..."` and PHP's `$token .= "..."` assign too.
_NAME = (
    _KEYWORD
    + r"[A-Za-z0-9_.-]{0,40}+(?=[\"'`]?\]?(?:[ \t]+string)?[ \t]*\.?[:=])"
    + r"(?<!Id)"
    + _NAME_END
    + r"[\"'`]?\]?"
)
_SEP = r"(?:[ \t]+string)?[ \t]*(?:=>|:=|\.=|=(?!=)|:(?![:/\\]))[ \t]*"
_TOKEN = r"[A-Za-z0-9_\-+/=.~]"  # noqa: S105 - a character class, not a password
# Django's generated keys carry a `django-insecure-` marker; the secret is what follows it.
_QUOTED_CHARS = r"[A-Za-z0-9_\-+/=.~!@#$%^&*()]"
_QUOTED = (
    r"(?:[bBrRuU]{1,2})?(?P<q>[\"'`])(?:django-insecure-)?" + rf"(?P<value>{_QUOTED_CHARS}{{16,1000}})(?P=q)"
)
# A value is not itself the next `name=` ("AuthManager: refresh_token=…": the name is `refresh_token`).
_NOT_A_NAME = r"(?![A-Za-z_][A-Za-z0-9_.-]{0,40}=[^=])"
_UNQUOTED = _NOT_A_NAME + rf"(?P<value2>{_TOKEN}{{15,1000}}(?<!\.))(?!{_TOKEN}|[(\[{{])"
# Last on its line (a .env file), a value may hold the symbols Django and Express secrets use
# (`1123&r$*7rf-5jy#^69z…`, `s%3AmJEZ…`, brackets too): nothing after it can be code, and a call
# (`secrets.token_urlsafe(32)`) is code.
# A value cut short with `...` is documentation.
_UNQUOTED_LINE = (
    _NOT_A_NAME
    + r"(?![^\s]*\.\.\.)(?![\w.]+\()(?P<value3>[A-Za-z0-9_\-+/=.~!@#$%^&*()]{16,1000})(?=[ \t]*\r?$)"
)

#: Shapes other recognizers own, or that are not secrets at all.
_OWNED_ELSEWHERE = re.compile(
    r"(?:gh[pousr]_|github_pat_|gl[a-z]{2,4}-|xox[a-z]-|xapp-|[sr]k_live_|sk_test_|rk_test_|pk_(?:live|test)_"
    r"|sk-(?:proj|svcacct|admin|None)-|sk-[A-Za-z0-9]{48}$|sk-[0-9a-f]{32}$"
    # Anthropic's and Hugging Face's only in their exact shape: a look-alike under a secret's name is still
    # a secret ("x-api-key": "hf_…" with digits in it)
    r"|sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{93}AA$|(?:hf_|api_org_)[A-Za-z]{34}$"
    r"|AKIA|ASIA|AIza|SG\.|npm_|pypi-|eyJ|(?:SK|AC)[0-9a-f]{32}$)"
)
_HOSTNAME = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_MIN_AVERAGE_WORD = 4


def looks_like_words(value: str) -> bool:
    """`MySuperSecretValue`, `my-secret-value`: made of words, where random letters switch case every
    character or two."""
    if any(c.isdigit() for c in value):
        return False
    words = _WORD.findall(value)
    letters = sum(c.isalpha() for c in value)
    return bool(words) and sum(map(len, words)) == letters and letters / len(words) >= _MIN_AVERAGE_WORD


def _token_body(value: str) -> str:
    """The random part of a prefixed token (`sk-or-v1-<64 hex>`, `gsk_<52>`): a short prefix lowers the
    entropy of the whole without making the body any less random."""
    head, sep, body = value.rpartition("-") if "-" in value[:16] else value.rpartition("_")
    return body if sep and len(head) <= 12 and len(body) >= 16 else value


class GenericSecretRecognizer(AnchoredDetector):
    ENTITY = "GENERIC_SECRET"
    CATEGORY = Category.SECRET
    # Every pattern starts on one of these.
    KEYWORDS = (
        "api", "access", "private", "signing", "token", "secret", "auth", "credential", "routing",
        "integration", "licen", "encryption", "master", "webhook", "session", "cookie", "clé", "cle ", "cle=",
        "cle:",
    )  # fmt: skip
    PATTERN_KEYWORDS: ClassVar[Mapping[str, Sequence[str]]] = {"authorization_header": ("auth",)}
    PATTERNS = (
        Pattern(
            "secret_assignment",
            _NAME + _SEP + r"(?:" + _QUOTED + "|" + _UNQUOTED + "|" + _UNQUOTED_LINE + ")",
            0.7,
        ),
        Pattern(
            "authorization_header",
            r"(?:(?<![A-Za-z0-9-])|(?<=(?i:proxy-)))(?i:authorization)[\"'`]?[ \t]*[:=][ \t]*[\"'`]?"
            r"(?i:bearer|token|basic|apikey|api-key|key|sso-key|digest)[ \t]+"
            rf"(?P<value>{_TOKEN}{{15,2000}}(?<!\.))(?!{_TOKEN})",
            0.8,
        ),
    )

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        return value_span(match)

    def validate_result(self, pattern_text: str) -> bool | None:
        return generic_value_ok(pattern_text)

    def find(self, text: str, lowered: str) -> list[Finding]:
        findings = super().find(text, lowered)
        if "cookie" in lowered:
            taken = [(f.start, f.end) for f in findings]
            for start, end in _cookie_values(text):
                if not any(a < end and start < b for a, b in taken):
                    findings.append(Finding(self.ENTITY, self.CATEGORY, start, end, 0.7, self.detector_name))
        return findings


#: A cookie header or log line ("Cookie: a=1; b=2", "set-cookie: sid=…; HttpOnly"): its pairs hold sessions
#: and anti-forgery tokens, each a bearer of the user's login.
_COOKIE_LINE = re.compile(r"(?<![A-Za-z0-9_])(?i:cookie)[\"'`]?[ \t]*:[ \t]*(?P<pairs>[^\r\n\"'`]{1,4000})")
_COOKIE_PAIR = re.compile(
    r"(?:^|(?<=[;,])[ \t]*)"
    # analytics cookies (`_ga=GA1.2.…`, `_gid`, `__utma`, `_fbp`, `_hjid`) track, they grant nothing
    r"(?!(?:_g[a-z]{1,4}|__utm[a-z]|_fbp|_hj[A-Za-z]*|_pk_[a-z]+|ajs_[a-z_]+)[.=])"
    r"[A-Za-z0-9_.-]{1,40}=(?P<value>[A-Za-z0-9_\-+/=.~%]{16,1000})(?=[ \t]*(?:[;,]|$))"
)


def _cookie_values(text: str) -> list[tuple[int, int]]:
    spans = []
    for line in _COOKIE_LINE.finditer(text):
        pairs = line.group("pairs")
        offset = line.start("pairs")
        for pair in _COOKIE_PAIR.finditer(pairs):
            if generic_value_ok(pair.group("value")) is None:
                spans.append((offset + pair.start("value"), offset + pair.end("value")))
    return spans


def generic_value_ok(value: str) -> bool | None:
    """None (keep) for a random-looking value no specific recognizer owns; False (drop) otherwise."""
    if _OWNED_ELSEWHERE.match(value):
        return False
    if looks_like_words(value) or _HOSTNAME.fullmatch(value):
        return False
    return None if looks_random(value) or looks_random(_token_body(value)) else False


class XmlSecretElementRecognizer(PatternDetector):
    """`<apiToken>...</apiToken>`, also with the value on its own line (Spring, Maven, .NET config):
    an element named for a secret holding a random-looking value."""

    ENTITY = "GENERIC_SECRET"
    CATEGORY = Category.SECRET
    KEYWORDS = ("token>", "secret>", "key>", "credential>", "credentials>")
    PATTERNS = (
        Pattern(
            "secret_xml_element",
            r"<(?P<tag>(?=[A-Za-z_])[\w.-]{0,40}?"
            + _not_after("csrf", "xsrf", "page", "next", "public", "cursor")
            + r"(?i:token|secret|api[_-]?key|access[_-]?key|auth[_-]?key"
            r"|private[_-]?key|signing[_-]?key|credentials?))>[ \t]*(?:\r?\n[ \t]*)?"
            rf"(?P<value>{_TOKEN}{{16,1000}})[ \t]*(?:\r?\n[ \t]*)?</(?P=tag)>",
            0.7,
        ),
    )

    def validate_result(self, pattern_text: str) -> bool | None:
        return generic_value_ok(pattern_text)

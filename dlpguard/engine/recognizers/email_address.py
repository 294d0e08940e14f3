"""Email addresses, by our own regex: presidio's recognizer calls tldextract, which fetches a suffix list
over the network, and a scan must never open a socket.

What looks like `user@host` is often not a person's contact: `git@github.com:org/repo.git`, `icon@2x.png`,
`weights@inputs.transpose` (numpy matmul). A small built-in TLD check and the `git@`/scp shape settle those;
documentation domains (example.*, *.test, *.invalid, *.local) and code-host bots (bot@, GitHub's
users.noreply addresses) leak nothing and are not reported.
"""

from __future__ import annotations

import re

from dlpguard.engine.recognizers.base import CONTEXT_BOOST, Pattern, PatternDetector, has_context
from dlpguard.engine.types import Category, Finding

# Generic TLDs people actually use for mail; any two-letter ccTLD is accepted separately.
COMMON_TLDS = frozenset(
    """
    com net org edu gov mil int info biz name pro aero coop museum mobi jobs travel tel asia cat app dev page
    cloud online site tech store shop blog xyz top club live email news media agency company solutions
    services group global world digital network systems software design studio consulting partners finance
    bank insurance health care law legal team works life today one new art fun ltd inc llc gmbh expert energy
    events capital fund money family academy center zone space social marketing support ventures email
    berlin hamburg bayern nrw koeln wien swiss paris london nyc tokyo madrid barcelona eus gal bzh scot wales
    amsterdam brussels vlaanderen quebec irish sydney melbourne
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Two-letter endings that are file extensions, never country codes.
NOT_CCTLDS = frozenset({"js", "ts", "gz", "db", "rb", "hs", "kt", "xz", "7z"})
# Documentation and reserved names (RFC 2606, RFC 6761): addresses there belong to no one.
RESERVED_TLDS = frozenset({"test", "invalid", "local", "localhost", "example", "localdomain"})
PLACEHOLDER_DOMAINS = frozenset(
    {
        "test.com", "domain.com", "yourdomain.com", "company.com", "yourcompany.com", "mycompany.com",
        "somewhere.com", "foo.com", "bar.com", "foo.bar", "email.invalid",
    }
)  # fmt: skip
PLACEHOLDER_LOCALS = frozenset(
    {
        "user", "username", "name", "your.name", "yourname", "your_name", "you", "someone", "somebody",
        "firstname.lastname", "first.last", "vorname.nachname", "prenom.nom", "nombre.apellido", "foo",
    }
)  # fmt: skip

#: Bots of code hosts (`renovate[bot] <bot@renovateapp.com>`, `…[bot]@users.noreply.github.com`): a git
#: log full of them contacts no one. A company's own `noreply@` sender stays a finding: it names the company.
BOT_LOCALS = frozenset({"bot"})
BOT_DOMAINS = ("users.noreply.github.com",)

_AT = re.compile("@")
#: An address percent-encoded in a URL's query (`?email=jo.doe%40mail.example&token=…`): `%40` is `@`.
_URL_ENCODED = re.compile(
    r"(?<![\w.%+-])(?P<value>[\w+-]+(?:\.[\w+-]+)*%40(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[A-Za-z]{2,24})"
    r"(?![\w-]|\.[^\W_])"
)
_LOCAL_PUNCT = "_.%+-"


class EmailRecognizer(PatternDetector):
    ENTITY = "EMAIL_ADDRESS"
    CATEGORY = Category.CONTACT
    KEYWORDS = ("@", "%40")
    PATTERNS = (
        Pattern(
            "email",
            r"(?<![\w.%+-])(?!git@)"
            r"(?P<value>[\w%+-]+(?:\.[\w%+-]+)*@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:[A-Za-z]{2,24}|xn--[a-z0-9-]{2,59}))"
            r"(?![\w-]|\.[^\W_]|:[\w~/])",
            0.85,
        ),
    )
    CONTEXT = ("email", "e-mail", "mail", "contact", "courriel", "correo", "reach", "write to")

    def find(self, text: str, lowered: str) -> list[Finding]:
        """Starts only at each `@` and walks back over the local part: a plain `finditer` would try
        every word of a megabyte paste, and `@` is rare."""
        if "@" not in text:
            return self._url_encoded(text) if "%40" in text else []
        pattern, rx = self._compiled[0]
        findings: list[Finding] = []
        covered = 0
        for at in _AT.finditer(text):
            i = at.start()
            if i < covered:
                continue
            start = i
            floor = max(0, i - 64)
            while start > floor and (text[start - 1].isalnum() or text[start - 1] in _LOCAL_PUNCT):
                start -= 1
            while start < i and text[start] == ".":
                start += 1
            match = rx.match(text, start)
            if match is None:
                continue
            begin, end = match.span("value")
            covered = end
            if self.validate_result(text[begin:end]) is False:
                continue
            score = pattern.score
            if has_context(text, begin, end, self._context_words, self.CONTEXT_WINDOW):
                score = min(1.0, score + CONTEXT_BOOST)
            findings.append(Finding(self.ENTITY, self.CATEGORY, begin, end, score, self.detector_name))
        if "%40" in text:
            findings += self._url_encoded(text)
        return findings

    def _url_encoded(self, text: str) -> list[Finding]:
        """Addresses whose `@` a URL carries as `%40`, checked as the address they decode to."""
        findings: list[Finding] = []
        covered = 0
        at = text.find("%40")
        while at >= 0:
            start = at
            while start > max(0, at - 64) and (text[start - 1].isalnum() or text[start - 1] in "_.+-"):
                start -= 1
            while start < at and text[start] == ".":
                start += 1
            match = _URL_ENCODED.match(text, start) if start >= covered else None
            at = text.find("%40", at + 3)
            if match is None:
                continue
            begin, end = match.span("value")
            covered = end
            if self.validate_result(text[begin:end].replace("%40", "@")) is False:
                continue
            score = self.PATTERNS[0].score
            if has_context(text, begin, end, self._context_words, self.CONTEXT_WINDOW):
                score = min(1.0, score + CONTEXT_BOOST)
            findings.append(Finding(self.ENTITY, self.CATEGORY, begin, end, score, self.detector_name))
        return findings

    def validate_result(self, pattern_text: str) -> bool | None:
        local, _, domain = pattern_text.rpartition("@")
        domain = domain.lower()
        labels = domain.split(".")
        tld = labels[-1]
        if tld.startswith("xn--"):
            return None
        tld_ok = tld not in NOT_CCTLDS if len(tld) == 2 else tld in COMMON_TLDS
        if not tld_ok or tld in RESERVED_TLDS or "example" in labels[:-1]:
            return False
        if domain in PLACEHOLDER_DOMAINS or local.lower() in PLACEHOLDER_LOCALS:
            return False
        if local.lower() in BOT_LOCALS or domain.endswith(BOT_DOMAINS):
            return False
        return None

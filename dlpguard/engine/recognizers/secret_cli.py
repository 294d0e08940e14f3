"""Secrets in command lines and copied requests, where no `password=` names them.

- Passwords after the flag a tool reads them from: `sshpass -p X`, `docker login -u u -p X`,
  `mongosh -u u -p X`, `redis-cli -a X`, `sqlcmd -P X`, `ldapsearch -w X`, `zip -P X`, `7z x -pX`,
  `keytool -storepass X`, `smbclient -U user%X`. The MySQL client's `-pX` is `PasswordRecognizer`'s.
  `-p` means a port or a path for most other tools, so each tool is named.
- Session cookies in a copied cURL (`-H 'Cookie: session=…'`, `-b 'sid=…'`, `--cookie`) and in pasted
  `Cookie:` / `Set-Cookie:` header lines: the value of a session-like cookie signs its holder in.
- An AWS secret access key given positionally right after its key id (`Credentials("AKIA…", "…")`, a
  `credentials.csv` row, `s3cmd` arguments): 40 base64 characters are too common to report alone, but
  not next to a key id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import ClassVar

from dlpguard.engine.entropy import looks_random
from dlpguard.engine.recognizers._scoped import (
    AnchoredDetector,
    LineScopedDetector,
    keyword_lines,
    value_span,
)
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.recognizers.password import PasswordRecognizer
from dlpguard.engine.types import Category, Finding

# A flag's value: quoted, or up to the next blank; never another flag (`-p --host`).
_VALUE = r"(?:(?P<q>[\"'])(?P<value>[^\r\n]{1,200}?)(?P=q)|(?P<value2>(?!-)[^\s\"'`;|&]{1,200}))"
# A command's arguments up to the flag, on one line (a `\` continuation counts as the same line).
_ARGS = r"(?:[^\r\n;|&]|\\\r?\n){0,300}?[ \t]"
_TOOL_END = r"(?![\w.-])"
#: The password value checks (paths, code, UI phrases) are PasswordRecognizer's.
_PASSWORD_RULES = PasswordRecognizer()


def _tool(names: str) -> str:
    return rf"(?<![\w./-])(?:{names}){_TOOL_END}"


class CommandLinePasswordRecognizer(LineScopedDetector):
    ENTITY = "PASSWORD"
    CATEGORY = Category.SECRET
    #: Tool names per pattern: a line is read only if it holds one and a flag, and only the patterns of
    #: the tools it names are tried on it.
    PATTERN_KEYWORDS: ClassVar[Mapping[str, Sequence[str]]] = {
        "sshpass_password": ("sshpass",),
        "registry_login_password": (" login",),
        "mongo_password": ("mongo", "mysqlsh"),
        "redis_cli_password": ("redis-cli",),
        "sqlcmd_password": ("sqlcmd", "bcp", "isql", "osql"),
        "ldap_bind_password": ("ldap",),
        "zip_password": ("zip",),
        "archive_password": ("7z", "rar"),
        "java_keystore_password": ("keytool", "jarsigner"),
        "smbclient_password": ("smbclient",),
    }
    KEYWORDS = tuple(k for words in PATTERN_KEYWORDS.values() for k in words)
    LINE_ALSO = (" -", "\t-")
    PATTERNS = (
        Pattern("sshpass_password", _tool("sshpass") + _ARGS + r"-p[ \t]*" + _VALUE, 0.85),
        Pattern(
            "registry_login_password",
            _tool(r"docker|podman|buildah|skopeo|nerdctl|helm(?:[ \t]+registry)?|oc|az|cf")
            + r"[ \t]+login"
            + _TOOL_END
            + _ARGS
            + r"-p[ \t]*"
            + _VALUE,
            0.85,
        ),
        Pattern(
            "mongo_password",
            _tool(r"mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|mongostat|mongotop|mysqlsh")
            + _ARGS
            + r"-p[ \t]*"
            + _VALUE,
            0.85,
        ),
        Pattern("redis_cli_password", _tool("redis-cli") + _ARGS + r"-a[ \t]*" + _VALUE, 0.85),
        Pattern("sqlcmd_password", _tool(r"sqlcmd|bcp|isql|osql") + _ARGS + r"-P[ \t]*" + _VALUE, 0.85),
        Pattern(
            "ldap_bind_password",
            _tool(r"ldap(?:search|add|modify|delete|passwd|compare|whoami|modrdn)")
            + _ARGS
            + r"-w[ \t]*"
            + _VALUE,
            0.85,
        ),
        Pattern("zip_password", _tool("zip") + _ARGS + r"-P[ \t]*" + _VALUE, 0.8),
        Pattern(
            "archive_password",
            _tool(r"7z|7za|7zz|rar|unrar") + _ARGS + r"-p(?:(?P<q>[\"'])(?P<value>[^\r\n]{1,200}?)(?P=q)"
            r"|(?P<value2>[^\s\"'`;|&-][^\s\"'`;|&]{0,199}))",
            0.8,
        ),
        Pattern(
            "java_keystore_password",
            _tool(r"keytool|jarsigner")
            + _ARGS
            + r"-(?:storepass|keypass|srcstorepass|deststorepass|srckeypass|destkeypass)[ \t]+"
            + _VALUE,
            0.85,
        ),
        Pattern(
            "smbclient_password",
            _tool("smbclient") + _ARGS + r"(?:-U|--user(?:=|[ \t]))[ \t]*[\"']?[^\s%\"']{1,100}%"
            r"(?P<value2>[^\s\"'`;|&]{1,200})",
            0.85,
        ),
    )

    def find(self, text: str, lowered: str) -> list[Finding]:
        """The lines holding a tool and a flag, each with the lines it continues onto (`\\` at the end)."""
        if not self.applies(lowered):
            return []
        if len(lowered) != len(text):
            return PatternDetector.find(self, text, lowered)
        findings: list[Finding] = []
        for start, end in keyword_lines(lowered, self._keywords):
            while end < len(text) and text[start:end].rstrip("\r").endswith("\\"):
                next_end = text.find("\n", end + 1)
                end = len(text) if next_end < 0 else next_end
            line = lowered[start:end]
            if not any(flag in line for flag in self.LINE_ALSO):
                continue
            segment = text[start:end]
            for pattern, rx in self._compiled:
                if not any(k in line for k in self.PATTERN_KEYWORDS[pattern.name]):
                    continue
                for match in rx.finditer(segment):
                    f = self.score_match(segment, match, pattern)
                    if f is not None:
                        findings.append(
                            Finding(
                                f.entity_type,
                                f.category,
                                f.start + start,
                                f.end + start,
                                f.score,
                                f.recognizer,
                            )
                        )
        return findings

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        return value_span(match)

    def validate_result(self, pattern_text: str) -> bool | None:
        return _PASSWORD_RULES.validate_result(pattern_text)


# Cookies that sign their holder in; analytics and preference cookies are not reported.
_SESSION_NAME = re.compile(
    r"(?i)(?!.*(?:csrf|xsrf))(?:[\w.-]*sess(?:ion)?(?:id|_id|-id|key|_key|token)?[\w.-]*|[\w.-]*sid|"
    r"[\w.-]*(?:auth|token|jwt|remember)[\w.-]*|__(?:secure|host)-[\w.-]+)"
)
_COOKIE_PAIR = re.compile(r"(?:^|;)[ \t]*(?P<name>[^=;\s\"']{1,100})=(?P<value>[^;\s\"']{1,4096})")
_MIN_COOKIE_VALUE = 12


class SessionCookieRecognizer(PatternDetector):
    ENTITY = "SESSION_COOKIE"
    CATEGORY = Category.SECRET
    KEYWORDS = ("cookie", "-b ", "-b'", '-b"')
    PATTERNS = (
        # curl -H 'Cookie: a=b; session=…' / --header "cookie: …"
        Pattern(
            "curl_cookie_header",
            r"(?<![\w-])(?:-H|--header)[ \t]*(?P<q>[\"'])[ \t]*(?i:cookie)[ \t]*:[ \t]*"
            r"(?P<cookies>[^\"'\r\n]{3,8000})(?P=q)",
            0.85,
        ),
        # curl -b 'session=…' / --cookie "…" (a value with `=`: a file name has none)
        Pattern(
            "curl_cookie_option",
            r"(?<![\w-])(?:-b|--cookie)[ \t]*(?P<q>[\"']?)"
            r"(?P<cookies>[^\"'\s=]{1,100}=[^\"'\r\n]{1,8000}?)(?P=q)(?=\s|$)",
            0.85,
        ),
        # pasted request or response headers: `Cookie: …`, `Set-Cookie: …`
        Pattern(
            "cookie_header_line",
            r"^[ \t]*(?:(?i:set-)?(?i:cookie))[ \t]*:[ \t]*(?P<cookies>[^\r\n]{3,8000})$",
            0.85,
        ),
        # a HAR export's header object: `"name": "Cookie", "value": "session=…"`
        Pattern(
            "har_cookie_header",
            r"\"name\"[ \t]*:[ \t]*\"(?i:(?:set-)?cookie)\"[ \t]*,[ \t\r\n]*\"value\"[ \t]*:[ \t]*\""
            r"(?P<cookies>[^\"\r\n]{3,8000})\"",
            0.85,
        ),
    )

    def find(self, text: str, lowered: str) -> list[Finding]:
        if not self.applies(lowered):
            return []
        findings: list[Finding] = []
        seen: set[tuple[int, int]] = set()
        for pattern, rx in self._compiled:
            for match in rx.finditer(text):
                base = match.start("cookies")
                cookies = match.group("cookies")
                for pair in _COOKIE_PAIR.finditer(cookies):
                    name, value = pair.group("name"), pair.group("value")
                    if not _SESSION_NAME.fullmatch(name) or len(value) < _MIN_COOKIE_VALUE:
                        continue
                    if not looks_random(value) and not any(c.isdigit() for c in value):
                        continue
                    span = (base + pair.start("value"), base + pair.end("value"))
                    if span not in seen:
                        seen.add(span)
                        findings.append(
                            Finding(self.ENTITY, self.CATEGORY, *span, pattern.score, self.detector_name)
                        )
        return findings


_HEX = re.compile(r"[0-9a-fA-F]{40}")


class AwsPositionalSecretKeyRecognizer(AnchoredDetector):
    ENTITY = "AWS_SECRET_KEY"
    CATEGORY = Category.SECRET
    KEYWORDS = ("akia", "asia")
    PATTERN_KEYWORDS: ClassVar[Mapping[str, Sequence[str]]] = {}
    PATTERNS = (
        Pattern(
            "aws_secret_after_key_id",
            r"A(?:KIA|SIA)(?<![A-Za-z0-9]A(?:KIA|SIA))[A-Z0-9]{16}(?![A-Za-z0-9])[\"'`]?"
            # the separator: a comma, blanks, a tab or one line end (`\` continuations too)
            r"(?=[\s,;|])[ \t]*[,;|]?[ \t]*(?:\\?\r?\n[ \t]*)?"
            r"(?:[\"'`]|[A-Za-z_]\w{0,40}[ \t]*[:=][ \t]*[\"'`]?)?"
            r"(?P<value>(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=]))",
            0.9,
        ),
    )

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        return value_span(match)

    def validate_result(self, pattern_text: str) -> bool | None:
        if _HEX.fullmatch(pattern_text) or not looks_random(pattern_text):
            return False  # a git SHA or a word run, not a key
        return None

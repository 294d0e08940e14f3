"""Passwords given in answer to a question: a chat reply, or a `user / password` pair.

People hand out credentials in conversation, not as `key=value`:

    [08:33] Anna: can you send me the VPN password again?
    [08:41] Dimitri: sure: ZxOXsnls!51Klc
    Thiago 10:35 AM  what's the grafana admin login?
    Aoife 10:47 AM   admin / Tigger1993$ (I'll rotate monday)

After a credential word (password in five languages, `pw`, `login`, `credentials`, `Zugangsdaten`,
`identifiants`, `credenziali`, `acceso`), the rest of that line and the next two lines are read for a
value that looks like a password: 8-64 characters with letters, at least one lower-case letter, and
digits or symbols mixed with both cases (`Winter2005#`, `tigger-Welcome85`, `W-tUPgtil&pHJ`), not an
address, path, timestamp, version or word joint (`Orbitane-Guest`). It must stand where a value
stands: first in a reply (after the speaker and a word like "sure:"), after a colon, or after
`user /`. A reply counts only after a question; `login` alone (logs say it all the time) counts only there
and in a `user / password` pair on its own line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dlpguard.engine.recognizers._window_words import has_keyword
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.types import Category, Finding

_STRONG_KEYS = (
    "password", "passwort", "passwd", "kennwort", "contraseña", "contrasena", "senha", "wachtwoord",
    "mot de passe", "mdp", "pw", "pwd", "passphrase", "credentials", "zugangsdaten", "identifiants",
    "credenziali", "credenciales",
)  # fmt: skip
_WEAK_KEYS = (
    "login", "log-in", "anmeldung", "accesso", "acceso", "connexion",
    # "usuario deploy / falcon_Tigre94.Cqc": a user name, a slash, a password
    "user", "usuario", "usuário", "utente", "utilisateur", "benutzer", "gebruiker",
)  # fmt: skip
#: A request for a credential without a question mark: "can you reset the shared mailbox pw".
_REQUEST = re.compile(
    r"\b(?:reset|send|share|give|resend|change|rotate|need|schick|envía|manda|invia|envoie)\b"
)
_KEYS = (*_STRONG_KEYS, *_WEAK_KEYS)


@lru_cache(maxsize=64)
def _key_regex(keys: tuple[str, ...]) -> re.Pattern[str]:
    """The keys (in lowered text) as whole words. Built of the keys a window holds, in their order: the
    matches are those of all keys, and each branch opens on its key's first letter (the look-behind
    after it), so `re` skips to those few letters instead of trying every offset."""
    branches = "|".join(f"{re.escape(k[0])}(?<![a-z0-9_].){re.escape(k[1:])}" for k in keys)
    return re.compile(rf"(?:{branches})(?![a-z0-9_])")


_LINES_AFTER = 2
# A reply line: an optional time stamp, an optional speaker, an optional short word before a colon.
_REPLY_PREFIX = re.compile(
    r"[ \t]*(?:\[[^\]\n]{1,30}\][ \t]*)?(?:[^\n:/]{1,40}?:[ \t]+)?(?:[^\s:/]{1,12}[ \t]*[:,!][ \t]*)?"
)
_PAIR = re.compile(r"(?<![^\s(:])[A-Za-z0-9][\w.@+-]{0,63}[ \t]+/[ \t]+(?=\S)")
_AFTER_COLON = re.compile(r"(?::|\bis|\bist|\bes|\best|\blautet)[ \t]+(?=\S)", re.IGNORECASE)
_VALUE = re.compile(r"[^\s\"'`]{8,80}(?![^\s\"'`])")
_TRAILING = ".,;:)"  # sentence punctuation; a closing `!` or `?` is kept (passwords end so)
_NOT_A_PASSWORD = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)"  # URLs
    r"|[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"  # e-mail addresses
    r"|[/\\]"  # paths
    r"|\d{1,4}[-/.:]\d{1,2}[-/.:]\d{1,4}"  # dates and times
    r"|^v?\d+(?:\.\d+)+"  # versions
    r"|^[0-9a-fA-F-]{16,}$"  # hashes and UUIDs
    r"|^\$\{|^%\(|^\{\{|^<"  # references and placeholders
)
_WORD_JOINT = re.compile(r"[A-Za-z]+(?:[-_.][A-Za-z]+)+")
# `ConnectionRefused2Error`, `Http2Server`: an identifier of three or more capitalised parts.
_IDENTIFIER = re.compile(r"(?:[A-Z][a-z]+|[A-Z]+(?![a-z])|\d+)(?:[A-Z][a-z]+|[A-Z]+(?![a-z])|\d+){2,}")


def looks_like_password(value: str) -> bool:
    """Strong-looking: mixed classes, no shape of an address, path, date, version or joined words."""
    if (
        not 8 <= len(value) <= 64
        or _NOT_A_PASSWORD.search(value)
        or _WORD_JOINT.fullmatch(value)
        or _IDENTIFIER.fullmatch(value)
    ):
        return False
    letters = sum(c.isalpha() for c in value)
    lower = any(c.islower() for c in value)
    upper = any(c.isupper() for c in value)
    digit = any(c.isdigit() for c in value)
    symbol = any(not c.isalnum() for c in value)
    if letters < 3 or not lower:
        return False
    return (digit and (symbol or upper)) or (symbol and upper and any(c in "!@#$%^&*+=?~" for c in value))


def _trim(value: str) -> str:
    while value and value[-1] in _TRAILING:
        value = value[:-1]
    return value


class PasswordReplyRecognizer(Detector):
    ENTITY = "PASSWORD"
    CATEGORY = Category.SECRET
    SCORE = 0.7

    def find(self, text: str, lowered: str) -> list[Finding]:
        keys = tuple(k for k in _KEYS if has_keyword(lowered, k)) if len(lowered) == len(text) else ()
        if not keys:
            return []
        found: dict[int, Finding] = {}
        for key in _key_regex(keys).finditer(lowered):
            line_end = lowered.find("\n", key.end())
            line_end = len(text) if line_end < 0 else line_end
            for m in _PAIR.finditer(text, key.end(), line_end):
                self._take(text, m.end(), line_end, found)
            if key.group() not in _WEAK_KEYS:
                for m in _AFTER_COLON.finditer(text, key.end(), line_end):
                    self._take(text, m.end(), line_end, found)
            # A reply answers a question: "can you send me the VPN password?", "what's the admin login?"
            if key.group() in _WEAK_KEYS[6:]:
                continue  # a user name asks for nothing
            line_start = lowered.rfind("\n", 0, key.start()) + 1
            asked = "?" in text[key.end() : line_end + 1] or _REQUEST.search(lowered, line_start, line_end)
            if not asked:
                continue
            pos = line_end
            for _ in range(_LINES_AFTER):
                if pos >= len(text):
                    break
                start = pos + 1
                end = text.find("\n", start)
                end = len(text) if end < 0 else end
                self._reply_value(text, start, end, found)
                pos = end
        return list(found.values())

    def _reply_value(self, text: str, start: int, end: int, found: dict[int, Finding]) -> None:
        prefix = _REPLY_PREFIX.match(text, start, end)
        at = prefix.end() if prefix else start
        pair = _PAIR.match(text, at, end)
        self._take(text, pair.end() if pair else at, end, found)
        # "done, new one is aucHSGvXBLMPRAGDOtO7": the value after "is" in the reply
        for m in _AFTER_COLON.finditer(text, at, end):
            self._take(text, m.end(), end, found)

    def _take(self, text: str, at: int, end: int, found: dict[int, Finding]) -> None:
        m = _VALUE.match(text, at, end)
        if m is None:
            return
        value = _trim(m.group())
        if looks_like_password(value) and at not in found:
            found[at] = Finding(
                self.ENTITY, self.CATEGORY, at, at + len(value), self.SCORE, self.detector_name
            )

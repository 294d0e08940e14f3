"""Passwords in code, config files, command lines, SQL and prose; only the value is reported.

A key ends in a password word (`password`, `DB_PASS`, `adminPwd`, `PGPASSWORD`, `Passwort`,
`mot de passe`, `contraseña`, `senha`, `wachtwoord`) or is `secret` / `client_secret`; other
`*_secret` names are generic secrets. What separates a password from code that mentions one:

- quoted values are literals: `password = "summer2024"`;
- unquoted values run to the next blank and need a digit or a symbol; code shapes are rejected
  (`input()`, `request.form[...]`, `f(password=pw)`, `${DB_PASSWORD:?unset}`);
- a bare word (`password: summer`, `DB_PASSWORD=summer`) counts at the end of a line only, and not
  after a spaced `=` (`password = secret_value` is a Python variable);
- prose needs a verb and a value with a digit or symbol (`the password for bob is hunter2`, "mudou
  para", "changed to", "User reset pw to X"), a quoted token a few words on (`pw for the admin ui
  still `x1-y`?`, not a quoted user name), or, with no verb (`Passwort Copper-88%`, a `.netrc` line,
  "wifi ... is ..."), a strong-looking value;
- tool shapes: `--password x`, `mysql -p'x'`, `curl -u user:x`, `openssl -passout pass:x`,
  `set_password('x')`, `server.login("user", "x")`, SQL `PASSWORD 'x'` / `IDENTIFIED BY 'x'`,
  `<password>x</password>`, and `~/.pgpass` lines.

References (`${DB_PASS}`, `settings.PASSWORD`, `%(password)s`), keywords (`required`, `str`) and
placeholders are left to `filters.py`; phrases, paths, code tails and values that call themselves
fake (`hunter2-not-real`, `senha-de-teste`) are rejected here.
Every pattern starts on a keyword, so the recognizer only looks where one occurs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import ClassVar

from dlpguard.engine.recognizers._scoped import AnchoredDetector, value_span
from dlpguard.engine.recognizers.base import Pattern, PatternDetector
from dlpguard.engine.tables import sql_inserts
from dlpguard.engine.types import Category, Finding

# A scan's `0` for `o` ("Passw0rt:") still names the field.
_LONG_WORDS = r"passw[o0]rd|passwd|passphrase|passw[o0]rt|kennw[o0]rt|contrase(?:ñ|n)a|senha|wachtwoord"
# `pass` and `pwd` are words too: only as a suffix (DB_PASS), quoted, in an object literal
# (`{ user: u, pass: p }`) or first on a (YAML, .env) line.
_SHORT_WORD_START = (
    r"(?:(?<=[_.\-\"'$])|(?<![^\n])|(?<=^- )|(?<=export )|(?<=[{,])|(?<=[{,][ \t])"
    + "".join(f"|(?<=^[ \\t]{{{n}}})|(?<=^[ \\t]{{{n}}}- )" for n in range(1, 13))
    + ")"
)
# Each branch starts on a keyword; what may precede it is said with lookbehinds.
_KEY = (
    r"(?:"
    rf"(?<![A-Za-z0-9])(?i:{_LONG_WORDS})"
    r"|(?<=[a-z0-9])(?:Password|Passwd|Passphrase|Pwd|Pass)"
    r"|(?<=[A-Z0-9])(?:PASSWORD|PASSWD)"  # PGPASSWORD, DBPASSWORD
    r"|(?<=(?i:mot[ _-]de[ _-]))(?i:passe)"
    r"|(?:(?<![A-Za-z0-9_-])|(?<=(?i:client[_-]))|(?<=(?i:client)))(?i:secret)"
    rf"|{_SHORT_WORD_START}(?i:pass|pwd)"
    r")"
    # `PASSWORD_ADMIN`, `MOT_DE_PASSE_ADMIN`, `DB_PASS_PROD`: an environment or role after the word.
    r"(?:[_-](?i:admin|root|master|prod|production|staging|dev|test|user|app|service|db|smtp|mail|ftp|ldap|redis|api)(?![A-Za-z0-9]))?"
    r"[\"'`]?\]?"
)
# `:-`, `:?`, `:=`, `:+` after a name are shell parameter expansions (`${DB_PASSWORD:?unset}`).
_SEP = r"[ \t]*(?:=>|:=|=(?!=)|:(?![:/\\?=+-]))[ \t]*"
_QUOTED = r"(?:[bBrRuU]{1,2})?(?P<q>[\"'`])(?P<value>[^\r\n]{1,200}?)(?P=q)"
# Unquoted values run to the next blank; `;` and `&` end them only before another `key=`
# (`?password=x&user=y`, `Password=x;Database=y`), so `Tr0ub4dor&3x` stays whole.
_UNQUOTED_CHAR = r"(?:[^\s\"'`;&]|[;&](?![ \t]*[A-Za-z_][A-Za-z0-9_ .-]{0,30}=))"
# An unquoted value with at least one character that is not a letter (digit, symbol).
_UNQUOTED_MIXED = (
    # `Passwort: [maskiert]`, `password=[REDACTED]`: a log's mask, not a value.
    r"(?!\[[^\]\s]{1,40}\])"
    r"(?=[^\W\d]{0,199}(?:\d|[^\s\"'`\w]))"
    rf"(?P<value2>{_UNQUOTED_CHAR}{{1,200}}+)(?=\s|$|[;&])"
)
# A bare word, last on its line, after `key=` or `key: ` — not after a spaced `=` (code assigning a
# variable), nor after a colon with no blank (`password:exec` is not a YAML mapping).
_UNQUOTED_WORD = (
    r"(?:(?<=[^ \t=]=)|(?<=:[ \t]))(?<!=[ \t])(?P<value3>[^\W\d]{1,64}+)(?=[ \t]*(?:#[^\r\n]*)?$)"
)
# A bare word after a flag is a value only last on the line or before the next flag:
# `--password hunter --user x`, not "the --password option is deprecated".
_FLAG_VALUE = (
    r"(?!-)(?:(?=\S{0,199}[^\s\w])|(?=\S{0,199}\d)|(?=[^\W\d]{1,200}+(?:[ \t]+-|[ \t]*\\?$)))"
    r"(?P<value2>[^\s\"'`]{1,200})"
)
# Prose: the value ends before sentence punctuation; a closing `!` or `?` is kept (passwords end so).
_PROSE_END = r"[^\s\"'`.,;:)]"
# Has a letter and a digit or a symbol: `hunter22`, not `required`.
_MIXED_WORD = rf"(?=\S{{0,99}}[0-9!@#$%^&*+=?~_-])(?=\S{{0,99}}[A-Za-z])(?![\"'`])\S{{3,100}}{_PROSE_END}"
# Letters, digits and a symbol or both cases, 8+ characters: what a password looks like without a key.
_STRONG_WORD = (
    r"(?=\S{0,99}[A-Za-z])"
    r"(?:(?=\S{0,99}\d)(?=\S{0,99}(?:[^\sA-Za-z0-9]|[A-Z]\S{0,99}[a-z]|[a-z]\S{0,99}[A-Z]))"
    # no digit: both cases and a symbol that is not a word joint (`AsmKjLE*VwJQ`, not `Zero-Trust`)
    r"|(?=\S{0,99}[!@#$%^&*+=?~])(?=\S{0,99}[A-Z])(?=\S{0,99}[a-z]))"
    rf"(?![\"'`])\S{{7,100}}{_PROSE_END}"
)
_PROSE_KEY = (
    r"(?:(?<![A-Za-z0-9_])(?i:passw[o0]rd|passw[o0]rt|kennw[o0]rt|contraseña|contrasena|senha|wachtwoord"
    r"|passphrase|passcode|pwd|pw(?![A-Za-z0-9_])|clave(?![A-Za-z0-9_]))|(?<=(?i:mot de ))(?i:passe))"
)
_WIFI_KEY = r"(?<![A-Za-z0-9_])(?i:wifi|wi-fi|wlan)"
# "password for the admin account is", "contraseña del wifi de la oficina es", "Kennwort lautet"
_PROSE_VERB = (
    r"(?:[ \t]+[^\s:=]{1,40}){0,8}?[ \t]+(?i:is|was|ist|lautet|est|es|era|é|è|is set to|set to|"
    # changed to: "a password do router mudou para X", "ist jetzt X", "changed to X", "is nu X"
    r"changed to|now|mudou para|foi alterada para|agora é|cambió a|ahora es|cambiata in|ora è|"
    r"geändert (?:auf|in|zu)|jetzt|changé en|changé pour|maintenant|gewijzigd in|veranderd in|nu)"
    r"[ \t]*:?[ \t]+"
)
_PROSE_QUOTED = r"(?P<q>[\"'`])(?P<value>[^\r\n]{4,200}?)(?P=q)"
#: A value in backticks or quotes a few words after the password word, no verb needed ("pw for the admin
#: ui still `draak-pesto-tulp5`?"): one token with a digit or a symbol.
_PROSE_QUOTED_WORD = r"(?P<q>[\"'`])(?P<value>(?=[^\s\"'`]{0,99}[0-9!@#$%^&*+=?~-])[^\s\"'`]{4,100})(?P=q)"
#: The quoted token names an account, not its password: 'password authentication failed for user "x"'.
_ACCOUNT_WORD_BEFORE = (
    r"(?<!(?i:user ))(?<!(?i:role ))(?<!(?i:login ))(?<!(?i:account ))(?<!(?i:username ))"
    r"(?<!(?i:benutzer ))(?<!(?i:utilisateur ))(?<!(?i:usuario ))(?<!(?i:utente ))(?<!(?i:gebruiker ))"
)
#: Where `_RESET_TO` can start (lowercase literals of its verbs).
_RESET_WORDS = (
    "reset", "change", "set", "redefiniu", "alterou", "mudou", "cambi", "restableci", "reimpostato",
    "zurückgesetzt", "geändert", "réinitialisé", "changé", "gewijzigd",
)  # fmt: skip
#: Who reset or changed it, then "to" in the languages served: "User reset pw to Pesto1244#".
_RESET_TO = (
    r"(?<![A-Za-z0-9_])(?i:reset|resets|changed|changes|set|redefiniu|alterou|mudou|cambió|restableció|"
    r"reimpostato|cambiato|zurückgesetzt|geändert|réinitialisé|changé|gereset|gewijzigd)"
    r"(?:[ \t]+[A-Za-zÀ-ÿ]{1,12}){0,2}[ \t]+"
)

#: Where an assignment or prose pattern can start (the anchored scan tries those patterns there only).
_PASSWORD_WORDS = ("pass", "pwd", "secret", "kennwort", "contrase", "senha", "wachtwoord")
_PROSE_WORDS = (*_PASSWORD_WORDS, "pw")
#: Spanish "clave" is a password in prose ("la clave de admin es X"), a key elsewhere: prose patterns only.
_PROSE_VERB_WORDS = (*_PASSWORD_WORDS, "clave")
#: SQL columns that hold a password in clear ("initial_password", "passwort"), not its hash or dates.
#: The short names (`pass`, `pwd`) only as a whole word of the column's name: `passport_no`, `passenger`
#: and `boarding_pass` hold no passwords.
_PASSWORD_COLUMN = re.compile(
    r"passw[o0]r[dt]|passwd|kennwort|senha|contrase(?:ñ|n)a|wachtwoord|mot_?de_?passe"
    r"|(?<![a-z])(?:pass|pwd|pw)(?![a-z])"
)
_NOT_PASSWORD_COLUMN = re.compile(r"hash|digest|salt|date|_at$|time|expir|length|policy|reset|changed|hint")

MIN_LENGTH = 4
_PATH = re.compile(r"(?:~?/|\.{1,2}/|[A-Za-z]:\\)[^\s]*")
_PHRASE_WORD = re.compile(r"[^\W\d_]+")
# `pw)`, `get_pw(),`, `self.password;`: the end of an argument list or statement, not a value.
_CODE_TAIL = re.compile(r"(?P<name>[A-Za-z_][\w.]*)(?:\([^()]*\)|\[[^\[\]]*\])?[),;\]]*")
_CODE_PUNCTUATION = frozenset("()[],;")
#: A value that says it is none ("hunter2-not-real", "senha-de-teste", "dummy_pass"): a joined word
#: that names a placeholder, in the languages served.
_SAYS_NOT_REAL = re.compile(
    r"(?i:(?:^|[-_.])(?:not[-_]?real|fake|dummy|placeholder|sample|example|teste|prueba|essai|beispiel"
    r"|voorbeeld|esempio|exemplo|ejemplo|de[-_]test)(?:$|[-_.\d]))"
)


def _looks_generated(name: str) -> bool:
    """`mTa63Mdb4AIJ6` (a value with a trailing comma) rather than `pw` or `user_2` (a variable)."""
    return all(any(test(c) for c in name) for test in (str.isdigit, str.isupper, str.islower))


class PasswordRecognizer(AnchoredDetector):
    ENTITY = "PASSWORD"
    CATEGORY = Category.SECRET
    # Every pattern starts on one of these.
    KEYWORDS = (
        "pass",
        "pw",
        "secret",
        "kennwort",
        "contrase",
        "senha",
        "wachtwoord",
        "clave",
        "wifi",
        "wi-fi",
        "wlan",
        "identified",
        "login",
        "mysql",
        "mariadb",
        "curl",
        *_RESET_WORDS,
    )
    PATTERN_KEYWORDS: ClassVar[Mapping[str, Sequence[str]]] = {
        "password_assignment": _PASSWORD_WORDS,
        "password_flag": ("pass", "pwd"),
        "password_prose": _PROSE_VERB_WORDS,
        "decoded_password_output": ("pass", "pwd"),
        "password_prose_bare": _PROSE_WORDS,
        "password_label_words": _PASSWORD_WORDS,
        "password_prose_quoted_token": _PROSE_WORDS,
        "password_reset_to": _RESET_WORDS,
        "wifi_password_prose": ("wifi", "wi-fi", "wlan"),
        "short_label_password": ("pw",),
        "sql_password": ("pass", "identified"),
        "login_call_password": ("login",),
        "password_xml_element": ("pass", "pwd", "secret"),
        "password_setter": ("pass",),
        "openssl_pass_argument": ("pass",),
        "curl_user_password": ("curl",),
        "mysql_cli_password": ("mysql", "mariadb"),
    }
    PATTERNS = (
        Pattern(
            "password_assignment",
            _KEY + _SEP + r"(?:" + _QUOTED + "|" + _UNQUOTED_MIXED + "|" + _UNQUOTED_WORD + ")",
            0.75,
        ),
        Pattern(
            "password_flag",
            r"(?<=-)(?i:password|passwd|passphrase|pass|pwd)[ \t]+"
            r"(?:(?P<q>[\"'])(?P<value>[^\r\n]{1,200}?)(?P=q)|" + _FLAG_VALUE + ")",
            0.8,
        ),
        Pattern(
            "password_prose",
            _PROSE_KEY + _PROSE_VERB + r"(?:" + _PROSE_QUOTED + r"|(?P<value2>" + _MIXED_WORD + r"))",
            0.7,
        ),
        # "Passwort Copper-Copper88%", ".netrc: login bob password Xk8!..." — no verb, so a strong value only.
        Pattern(
            "password_prose_bare", r"(?<!-)" + _PROSE_KEY + r"[ \t]+(?P<value>" + _STRONG_WORD + ")", 0.7
        ),
        # "Contraseña temporal asignada: X", "Password for the portal: X": a label of a few words, a colon.
        Pattern(
            "password_label_words",
            _PROSE_KEY + r"(?:[ \t]+[^\s:=]{1,25}){1,3}[ \t]*:[ \t]*(?P<value>" + _STRONG_WORD + ")",
            0.7,
        ),
        Pattern("wifi_password_prose", _WIFI_KEY + _PROSE_VERB + r"(?P<value>" + _STRONG_WORD + ")", 0.7),
        # "la password temporanea mare_Falcon03!7wf non funziona", "new password Tiger42!x".
        Pattern(
            "password_adjective_prose",
            _PROSE_KEY + r"[ \t]+(?i:temporanea|temporal|temporaire|temporary|temp|temporária|provisoria"
            r"|provisória|provisoire|nuova|nueva|nouvelle|nova|new|initial|iniziale|inicial|vorläufiges?"
            r"|neues?|tijdelijk|nieuw|nieuwe)[ \t]+(?P<value>" + _STRONG_WORD + ")",
            0.7,
        ),
        # Notes: "guest wifi pw=Winter2025#", "SSID lager-5g / PW:Marmot.5267A", "pwd:Brezel-2604N".
        Pattern(
            "short_label_password",
            r"(?<![A-Za-z0-9_./-])(?i:pw|pwd)[ \t]*[:=][ \t]*(?P<value>" + _MIXED_WORD + ")",
            0.7,
        ),
        # `kubectl get secret db -o jsonpath='{.data.password}' | base64 -d`, its output on the next line.
        Pattern(
            "decoded_password_output",
            r"(?:(?<=\.data\.)|(?<=[_-]))(?i:password|passwd|pass|pwd)[\w-]*\}['\"]?[ \t]*\|"
            r"[ \t]*base64[ \t]+(?:-d|-D|--decode)\b[^\r\n]*\r?\n"
            r"(?P<value>[^\s$][^\s]{3,199})(?=[ \t]*(?:\r?\n|$))",
            0.8,
        ),
        # SQL: CREATE ROLE r WITH LOGIN PASSWORD '...'; ALTER USER u IDENTIFIED BY '...'
        Pattern(
            "sql_password",
            r"(?:(?<![A-Za-z0-9_-])(?i:password)|(?<![A-Za-z0-9_])(?i:identified)[ \t]+(?i:by))[ \t]+"
            r"'(?P<value>[^'\r\n]{1,200})'",
            0.8,
        ),
        # smtplib / ftplib / imaplib: server.login("user", "password")
        Pattern(
            "login_call_password",
            r"(?<![A-Za-z0-9_])login\([ \t]*[\"'][^\"'\r\n]{1,200}[\"'][ \t]*,[ \t]*"
            + _PROSE_QUOTED
            + r"[ \t]*\)",
            0.8,
        ),
        Pattern(
            "password_xml_element",
            r"(?<=<)(?i:password|passwd|pass|pwd|secret)>(?P<value>[^<\r\n]{1,200})</",
            0.8,
        ),
        Pattern("password_setter", r"(?:(?<=(?i:set_))|(?<=(?i:set)))(?i:password)\([ \t]*" + _QUOTED, 0.8),
        # openssl -passin/-passout/-pass pass:<value>
        Pattern("openssl_pass_argument", r"(?<=-)pass(?:in|out)?[ \t]+pass:(?P<value>[^\s\"']{1,200})", 0.85),
        Pattern(
            "curl_user_password",
            # `-u <user:password>` and `--user neo4j:[PASSWORD]` are documentation, not credentials.
            # the command may continue over lines ending in `\`
            r"(?<![A-Za-z0-9])curl(?![A-Za-z0-9])(?:[^\r\n]|\\\r?\n){0,300}?[ \t](?:-u|--user)[ \t]*[\"']?"
            r"[^\s:\"'<]{1,100}:(?:(?P<q>[\"'])(?P<value>[^\r\n]{1,200}?)(?P=q)|(?![\[<])(?P<value2>[^\s\"']{1,200}))",
            0.8,
        ),
        Pattern(
            "mysql_cli_password",
            # `-pX`, `-p'X'`, and `-p 'X'` (a quoted value after a blank; `-p dbname` prompts instead)
            r"(?<![A-Za-z0-9])(?:mysql|mysqldump|mysqladmin|mariadb)(?![A-Za-z0-9])[^\r\n]{0,200}?[ \t]-p"
            r"(?:[ \t]*(?P<q>[\"'])(?P<value>[^\r\n]{1,100}?)(?P=q)|(?P<value2>[^\s\"'`]{1,100}))",
            0.85,
        ),
        # Last, at the lowest score: a value another pattern reads too keeps that pattern's score.
        Pattern(
            "password_prose_quoted_token",
            _PROSE_KEY
            + r"(?:[ \t]+[^\s:=\"'`]{1,25}){0,6}?[ \t]+"
            + _ACCOUNT_WORD_BEFORE
            + _PROSE_QUOTED_WORD,
            0.7,
        ),
        Pattern(
            "password_reset_to",
            _RESET_TO
            + _PROSE_KEY
            + r"[ \t]+(?i:to|auf|zu|en|a|para|in|naar)[ \t]+(?P<value>"
            + _MIXED_WORD
            + ")",
            0.7,
        ),
    )

    def span_of(self, match: re.Match[str]) -> tuple[int, int]:
        return value_span(match)

    def find(self, text: str, lowered: str) -> list[Finding]:
        findings = super().find(text, lowered)
        if "values" in lowered and _PASSWORD_COLUMN.search(lowered):
            seen = {(f.start, f.end) for f in findings}
            findings += [
                Finding(self.ENTITY, self.CATEGORY, a, b, 0.8, self.detector_name)
                for a, b in _password_cells(text)
                if (a, b) not in seen
            ]
        return findings

    def validate_result(self, pattern_text: str) -> bool | None:
        value = pattern_text.strip()
        if len(value) < MIN_LENGTH or _PATH.fullmatch(value) or _SAYS_NOT_REAL.search(value):
            return False
        code = _CODE_TAIL.fullmatch(value)
        if code and not _CODE_PUNCTUATION.isdisjoint(value) and not _looks_generated(code.group("name")):
            return False
        if any(c.isspace() for c in value):
            words = value.split()
            # UI strings and translations ("Mot de passe", "Password is required"), not passphrases.
            if len(words) >= 3 or all(_PHRASE_WORD.fullmatch(w) for w in words):
                return False
        return None


def _password_cells(text: str) -> list[tuple[int, int]]:
    """Values under a password column of an SQL insert (`INSERT INTO t (name, initialpasswort) VALUES …`)."""
    spans = []
    for insert in sql_inserts(text):
        columns = [
            i
            for i, name in enumerate(insert.header)
            if _PASSWORD_COLUMN.search(name) and not _NOT_PASSWORD_COLUMN.search(name)
        ]
        for row in insert.rows if columns else ():
            for i in columns:
                a, b = row[i]
                value = text[a:b]
                if (
                    MIN_LENGTH <= len(value) <= 200
                    and not any(c.isspace() for c in value)
                    and value.upper() != "NULL"
                    and not _SAYS_NOT_REAL.search(value)
                ):
                    spans.append((a, b))
    return spans


class PgpassRecognizer(PatternDetector):
    """`~/.pgpass` lines, `host:port:database:user:password`: the last field is the password."""

    ENTITY = "PASSWORD"
    CATEGORY = Category.SECRET
    KEYWORDS = ("pgpass", ":5432:", ":*:")
    PATTERNS = (
        Pattern(
            "pgpass_line",
            r"^(?:[A-Za-z0-9_.-]{1,253}|\*):(?:[0-9]{1,5}|\*):[^\s:]{1,100}:[^\s:]{1,100}:(?P<value>\S{1,200})$",
            0.8,
        ),
    )

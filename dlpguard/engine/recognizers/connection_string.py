"""Connection strings that carry a password: URLs with `user:password@` and ADO/ODBC key=value strings.

The whole string is reported, so the password, host or email found inside it by other recognizers
is swallowed at overlap resolution. Whether the password part is a placeholder (`${DB_PASS}`,
`password`, `****`) is the filters' call, which look at that part alone.
"""

from __future__ import annotations

import re

from dlpguard.engine.recognizers._scoped import LineScopedDetector, word_alternation
from dlpguard.engine.recognizers.base import Pattern
from dlpguard.engine.types import Category

_DB_SCHEMES = (
    r"postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|cockroachdb"
    r"|clickhouse|neo4j(?:\+s)?|db2|snowflake|couchdb|cassandra|influxdb"
)
_OTHER_SCHEMES = r"ftps?|sftp|smtps?|imaps?|pop3s?|ldaps?|https?|wss?|ssh|nats|kafka|mqtts?"
# jdbc:mysql://, jdbc:sqlserver://; SQLAlchemy's dialect+driver (postgresql+psycopg2://).
_PREFIX = r"(?<![A-Za-z0-9+.-])(?i:jdbc:(?:[a-z0-9]{1,20}:){0,2})?"
_DRIVER = r"(?:\+[A-Za-z0-9]{1,20})?"
# The URL ends at whitespace, a quote, `<`, `>`, `)` or a backtick; trailing punctuation is prose.
_TAIL = r"[^\s\"'<>`)]{0,2000}[^\s\"'<>`).,;:!?\]]"

URL_WITH_USERINFO = re.compile(
    r"(?i:[a-z0-9+.-]{2,40})://(?P<user>[^\s:/@\"'<>`]{0,128}):(?P<password>[^\s@/\"'<>`]{1,256})@"
)
_FIRST_KEY = word_alternation(
    (
        "driver",
        "provider",
        "server",
        "data source",
        "host",
        "address",
        "addr",
        "network address",
        "database",
        "initial catalog",
        "user id",
        "uid",
        "username",
        "user",
        "dsn",
    )
)
_ADO_PASSWORD = re.compile(r"(?i)(?:^|;)\s*(?:password|pwd)\s*=\s*(?P<password>[^;]*)")
_ADO_SERVER = re.compile(
    r"(?i)(?:^|;)\s*(?:server|data source|host|address|addr|network address|database|initial catalog|dsn"
    r"|driver|provider)\s*="
)


def ado_password(value: str) -> str | None:
    """The Password/Pwd field of an ADO/ODBC connection string, if it has one with a value."""
    m = _ADO_PASSWORD.search(value)
    return m.group("password").strip() if m and m.group("password").strip() else None


class ConnectionUrlRecognizer(LineScopedDetector):
    ENTITY = "CONNECTION_STRING"
    CATEGORY = Category.SECRET
    KEYWORDS = ("://", "jdbc:oracle", "@tcp(", "@unix(")
    LINE_ALSO = ("@", "password", "pwd")
    PATTERNS = (
        Pattern(
            "url_with_password",
            _PREFIX
            + r"(?i:"
            + _DB_SCHEMES
            + "|"
            + _OTHER_SCHEMES
            + r")"
            + _DRIVER
            + r"://[^\s:/@\"'<>`]{0,128}:[^\s@/\"'<>`]{1,256}@"
            + _TAIL,
            0.9,
        ),
        # jdbc:sqlserver://host;user=u;password=p and postgresql://host/db?user=u&password=p
        Pattern(
            "db_url_with_password_parameter",
            _PREFIX
            + r"(?i:"
            + _DB_SCHEMES
            + r")"
            + _DRIVER
            + r"://[^\s\"'<>`)@]{1,2000}?[?;&](?i:password|pwd)=[^&;\s\"'<>`)\]]{1,256}(?:"
            + _TAIL
            + r")?",
            0.85,
        ),
        # Go's MySQL driver: user:password@tcp(host:3306)/db?parseTime=true
        Pattern(
            "go_mysql_dsn",
            r"(?<![A-Za-z0-9_.:/@-])[A-Za-z0-9_.-]{1,64}:[^\s@/\"'<>`]{1,256}@(?:tcp|unix|udp)\([^\s()@]{1,255}\)"
            r"(?:/" + _TAIL + r")?",
            0.9,
        ),
        Pattern(
            "oracle_thin",
            r"(?<![A-Za-z0-9])jdbc:oracle:thin:[A-Za-z0-9_$#]{1,128}/[^\s@/\"'<>`]{1,256}@" + _TAIL,
            0.9,
        ),
    )
    CONTEXT = ("database", "db", "connect", "url", "dsn", "uri")


class AdoConnectionStringRecognizer(LineScopedDetector):
    """`Server=...;Database=...;User Id=...;Password=...;`, reported to the end of the line or string."""

    ENTITY = "CONNECTION_STRING"
    CATEGORY = Category.SECRET
    KEYWORDS = ("password", "pwd")
    LINE_ALSO = (";",)
    PATTERNS = (
        Pattern(
            "ado_connection_string",
            _FIRST_KEY + r"[ \t]*=[^;\r\n\"'`]{0,500}"
            r"(?:;[^;\r\n\"'`]{0,500}){1,40}(?<![ \t])",
            0.9,
        ),
    )
    CONTEXT = ("connection", "connectionstring", "sql", "database", "odbc")

    def validate_result(self, pattern_text: str) -> bool | None:
        return ado_password(pattern_text) is not None and _ADO_SERVER.search(pattern_text) is not None

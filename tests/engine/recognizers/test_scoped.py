from __future__ import annotations

import re

import pytest

from dlpguard.engine.recognizers._scoped import (
    AnchoredDetector,
    LineScopedDetector,
    keyword_lines,
    keyword_positions,
    word_alternation,
)
from dlpguard.engine.recognizers.base import PatternDetector
from dlpguard.engine.registry import build_detectors


def test_keyword_positions_are_sorted_and_unique():
    assert keyword_positions("pass password pwd", ("pass", "password", "pwd")) == [0, 5, 14]


def test_keyword_lines_merges_neighbours_and_honours_line_also():
    text = "a token\nb token=1\nnothing\nc token: 2"
    assert keyword_lines(text, ("token",)) == [(0, 17), (26, 36)]
    assert keyword_lines(text, ("token",), also=("=", ":")) == [(8, 17), (26, 36)]


def test_word_alternation_matches_whole_words_case_insensitively():
    rx = re.compile(word_alternation(["data source", "driver", "server", "user id", "user"]))
    text = "Driver=x;DATA SOURCE=y; server; xuser; User Id; Userland"
    assert [m.group() for m in rx.finditer(text)] == ["Driver", "DATA SOURCE", "server", "User Id", "User"]


def _scoped_detectors():
    return [d for d in build_detectors() if isinstance(d, (AnchoredDetector, LineScopedDetector))]


def _mixed_text() -> str:
    """Code, config, logs and prose with keywords everywhere and a few real matches."""
    lines = [
        "password = request.form['password']\ntoken = session.get('token')\n",
        "function login(user, password) { return auth.check(user, password); }\n",
        "2024-05-01T12:00:01Z WARN auth: token expired for session, refreshing (retry=3)\n",
        "[database]\nhost = db.internal\npassword = Kq81mmZ0x!\n",
        "API_KEY=Zk3q9LmP0wQ81xmz0aa1Bc7D\nSECRET_KEY=changeme\nDB_PASSWORD=${DB_PASSWORD}\n",
        "DATABASE_URL=postgres://app:Kq81mmZ0x@db.internal:5432/app\nREDIS_URL=redis://cache:6379/0\n",
        "The password policy and the access key rotation are on page three; see https://docs.example.com.\n",
        "Can you help? The API returns 401 when I pass the token in the Authorization header.\n",
    ]
    return "".join(lines) * 40


SAMPLES = [
    _mixed_text(),
    "PGPASSWORD=x1y2z3w4 psql\n  pass: Xy12abc!\nmot de passe : azerty12\nclient_secret: 'a8Fk29DlqP0z'\n"
    "Server=db1;Database=app;User Id=sa;Password=Qx81!mmz;\nAZURE_STORAGE_KEY=" + "Ab1+" * 21 + "Ab==\n"
    "aws_secret_access_key = Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8\n"
    "Authorization: Bearer Zk3q9LmP0wQ81xmz0aa1\n",
    "wifi for the guest network is Nimbus_Saffron59%\nPasswort Copper-Copper88%\n"
    "CREATE ROLE r WITH LOGIN PASSWORD 'Orchid-Copper54%';\nALTER USER u IDENTIFIED BY 'N3w-0racle-Pw';\n"
    's.login("a@b.io", "iJBsjW#BU^sc")\ncurl -u admin:\'pSyGlZg!jh*9BE\' https://x\n'
    "mysql -u root -p'S3cret!' app\nopenssl pkcs12 -passout pass:Exp0rt!Pw\n<password>Xk82!mz0</password>\n"
    "user.set_password('N3wPass!word')\n--db-password Xk82mz0q --out x\nmy password is hunter22\n"
    'provider "aws" {\n  secret_key = "Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8"\n}\n'
    "twilio:\n  auth_token: 0123456789abcdef0123456789abcdef\n  password: 0123456789abcdef0123456789abcdee\n"
    "storage account key: " + "Zz9+" * 21 + "Zz==\n",
]


@pytest.mark.parametrize("detector", _scoped_detectors(), ids=lambda d: d.detector_name)
@pytest.mark.parametrize("text", SAMPLES, ids=["mixed", "assignments", "prose_and_cli"])
def test_scoped_scan_finds_exactly_what_a_full_scan_finds(detector, text):
    """The contract of the scoped detectors: only faster, never different."""
    full = PatternDetector.find(detector, text, text.lower())
    assert sorted(detector.find(text, text.lower()), key=lambda f: (f.start, f.end)) == sorted(
        full, key=lambda f: (f.start, f.end)
    )

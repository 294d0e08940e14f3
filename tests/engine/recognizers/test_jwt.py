from __future__ import annotations

import base64
import json

import pytest

from dlpguard.engine.recognizers.jwt import JwtRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import URLSAFE, fake


def b64url(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


TOKEN = ".".join(
    (
        b64url({"alg": "HS256", "typ": "JWT"}),
        b64url({"sub": "42", "role": "admin", "iat": 1700000000}),
        fake(43, URLSAFE),
    )
)
RS_TOKEN = ".".join((b64url({"alg": "RS256", "kid": "k1"}), b64url({"sub": "svc"}), fake(342, URLSAFE, 1)))


def find(text):
    return spans(JwtRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize("token", [TOKEN, RS_TOKEN])
@pytest.mark.parametrize(
    "template",
    [
        "Authorization: Bearer {}",
        'curl -H "Authorization: Bearer {}" https://api.example.com/me',
        "ACCESS_TOKEN={}",
        '{{"access_token": "{}", "token_type": "Bearer"}}',
        "this token {} expired, can you decode it?",
    ],
)
def test_tokens_are_found_without_bearer(template, token):
    assert find(template.format(token)) == [("JWT", token)]


def test_valid_header_makes_it_certain():
    [finding] = JwtRecognizer().find(TOKEN, TOKEN.lower())
    assert finding.score == 1.0


@pytest.mark.parametrize(
    "text",
    [
        ".".join((b64url({"typ": "JWT"}), b64url({"sub": "1"}), fake(43, URLSAFE))),  # header without alg
        "eyJ"
        + fake(30, URLSAFE)
        + ".eyJ"
        + fake(30, URLSAFE, 1)
        + "."
        + fake(43, URLSAFE, 2),  # header not JSON
        ".".join((b64url({"alg": "HS256"}), b64url({"sub": "1"}), "abc")),  # signature too short
        ".".join((b64url({"alg": "none"}), b64url({"sub": "1"}))) + ".",  # unsigned
        "x" + TOKEN,
    ],
)
def test_malformed_and_unsigned_tokens_are_ignored(text):
    assert find(text) == []


def test_jwt_io_sample_token_is_dismissed(pattern_engine):
    sample = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2"
        "MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    )
    assert pattern_engine.scan(f"Bearer {sample}").findings == ()

"""The secret recognizers, filters and overlap resolution together, on whole files people paste."""

from __future__ import annotations

import base64
import hashlib
import uuid

from dlpguard.engine.types import Category
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import ALNUM, BASE64, DIGITS, HEX, UPPER_ALNUM, URLSAFE, fake

AWS_ID = "AKIA" + fake(16, UPPER_ALNUM, 1)
AWS_SECRET = fake(40, BASE64, 2)
GITHUB = "ghp_" + fake(36, ALNUM, 3)
SLACK_HOOK = (
    "https://hooks.slack.com/services/"
    f"T{fake(8, UPPER_ALNUM, 4)}/B{fake(10, UPPER_ALNUM, 5)}/{fake(24, ALNUM, 6)}"
)
SLACK_BOT = f"xoxb-{fake(12, DIGITS, 7)}-{fake(13, DIGITS, 8)}-{fake(24, ALNUM, 9)}"
STRIPE = "sk_" + "live_" + fake(24, ALNUM, 10)
OPENAI = "sk-proj-" + fake(48, URLSAFE, 11) + "T3Blbk" + "FJ" + fake(48, URLSAFE, 12)
SENDGRID = "SG." + fake(22, URLSAFE, 13) + "." + fake(43, URLSAFE, 14)
JWT_SECRET = fake(48, ALNUM, 15)
DB_PW = fake(16, ALNUM, 16)
REDIS_PW = fake(20, ALNUM, 17)
ADMIN_PW = "summer2024"
HF = "hf_" + fake(34, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 18)
SENTRY_DSN = f"https://{fake(32, HEX, 20)}@o123.ingest.sentry.io/456"

DOTENV = f"""\
# app settings, do not commit
APP_ENV=production
DEBUG=false
DATABASE_URL=postgres://app:{DB_PW}@db.internal:5432/app
REDIS_URL=redis://:{REDIS_PW}@cache:6379/0
AWS_ACCESS_KEY_ID={AWS_ID}
AWS_SECRET_ACCESS_KEY={AWS_SECRET}
AWS_REGION=eu-west-1
GITHUB_TOKEN={GITHUB}
SLACK_WEBHOOK_URL={SLACK_HOOK}
SLACK_BOT_TOKEN={SLACK_BOT}
STRIPE_SECRET_KEY={STRIPE}
STRIPE_PUBLISHABLE_KEY=pk_{"live"}_{fake(24, ALNUM, 19)}
OPENAI_API_KEY={OPENAI}
SENDGRID_API_KEY={SENDGRID}
HF_TOKEN={HF}
JWT_SECRET={JWT_SECRET}
ADMIN_PASSWORD={ADMIN_PW}
DB_PASSWORD=${{DB_PASSWORD}}
SECRET_KEY=changeme
SENTRY_DSN={SENTRY_DSN}
REQUEST_TIMEOUT=30
"""

PG_PW = "Xq7!vR2#pL9w"
MYSQL_PW = fake(18, ALNUM, 21)
API_TOKEN = fake(40, URLSAFE, 22)

COMPOSE = f"""\
version: "3.9"
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: "{PG_PW}"
      POSTGRES_DB: app
  mysql:
    image: mysql:8
    environment:
      - MYSQL_ROOT_PASSWORD={MYSQL_PW}
      - MYSQL_PASSWORD=${{MYSQL_PASSWORD}}
  web:
    build: .
    ports:
      - "8080:80"
    environment:
      DATABASE_URL: postgresql://app:{PG_PW}@db:5432/app
      API_TOKEN: {API_TOKEN}
      SECRET_KEY: "{{{{ secret_key }}}}"
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost/health"]
    depends_on:
      - db
"""

FIXTURES = f'''\
"""Test fixtures: identifiers and digests, nothing secret."""
import base64
import uuid

REQUEST_ID = "{uuid.UUID(int=0x3F2B8C1E9A4D4E7B8C2F1D5E6A7B8C9D)}"
TRACE_IDS = ["{uuid.UUID(int=1 << 100)}", "{uuid.UUID(int=7 << 90)}"]
TOKEN_ID = "{uuid.UUID(int=0xDEADBEEF << 64)}"
HEAD_COMMIT = "{hashlib.sha256(b"head").hexdigest()[:40]}"
PARENT_SHA = "{hashlib.sha256(b"parent").hexdigest()[:12]}"
EMPTY_SHA256 = "{hashlib.sha256(b"").hexdigest()}"
IMAGE_DIGEST = "sha256:{hashlib.sha256(b"image").hexdigest()}"
MD5_OF_PAYLOAD = "{hashlib.sha256(b"payload").hexdigest()[:32]}"
PAYLOAD = base64.b64decode("{base64.b64encode(b"hello, this is a test payload for the parser").decode()}")
PNG_HEADER = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
TOKEN_SHA256 = "{hashlib.sha256(b"token").hexdigest()}"
auth_token_hash = "{hashlib.sha256(b"auth").hexdigest()}"
password_hash = "$2b$12${fake(53, ALNUM, 23)}"


def test_parse():
    assert parse(PAYLOAD).request_id == REQUEST_ID
    token = make_token(user_id=42)
    password = request.form["password"]
    secret = settings.SECRET_KEY
'''


def secret_spans(pattern_engine, text):
    return {
        (e, v)
        for e, v in spans(pattern_engine.scan(text).findings, text)
        if e in _secret_types(pattern_engine)
    }


def _secret_types(pattern_engine):
    return {name for name, category in pattern_engine.entity_types.items() if category is Category.SECRET}


def test_dotenv_file(pattern_engine):
    assert secret_spans(pattern_engine, DOTENV) == {
        ("CONNECTION_STRING", f"postgres://app:{DB_PW}@db.internal:5432/app"),
        ("CONNECTION_STRING", f"redis://:{REDIS_PW}@cache:6379/0"),
        ("AWS_ACCESS_KEY", AWS_ID),
        ("AWS_SECRET_KEY", AWS_SECRET),
        ("GITHUB_TOKEN", GITHUB),
        ("SLACK_WEBHOOK", SLACK_HOOK),
        ("SLACK_TOKEN", SLACK_BOT),
        ("STRIPE_KEY", STRIPE),
        ("OPENAI_API_KEY", OPENAI),
        ("SENDGRID_KEY", SENDGRID),
        ("HUGGINGFACE_TOKEN", HF),
        ("GENERIC_SECRET", JWT_SECRET),
        ("PASSWORD", ADMIN_PW),
        ("SENTRY_DSN", SENTRY_DSN),  # a secret, not an e-mail address at o123.ingest.sentry.io
    }


def test_docker_compose_file(pattern_engine):
    assert secret_spans(pattern_engine, COMPOSE) == {
        ("PASSWORD", PG_PW),
        ("PASSWORD", MYSQL_PW),
        ("CONNECTION_STRING", f"postgresql://app:{PG_PW}@db:5432/app"),
        ("GENERIC_SECRET", API_TOKEN),
    }


def test_identifiers_digests_and_fixtures_are_not_secrets(pattern_engine):
    assert secret_spans(pattern_engine, FIXTURES) == set()


def test_every_secret_finding_is_in_the_secret_category(pattern_engine):
    for finding in pattern_engine.scan(DOTENV + COMPOSE).findings:
        if finding.entity_type in _secret_types(pattern_engine):
            assert finding.category is Category.SECRET

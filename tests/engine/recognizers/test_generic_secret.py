from __future__ import annotations

import base64
import hashlib
import uuid

import pytest

from dlpguard.engine.recognizers.generic_secret import (
    GenericSecretRecognizer,
    XmlSecretElementRecognizer,
    looks_like_words,
)
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import ALNUM, BASE64, HEX, URLSAFE, fake

TOKEN = fake(32)
LONG = fake(40, URLSAFE, 1)


def find(text):
    return spans(GenericSecretRecognizer().find(text, text.lower()), text)


def found(pattern_engine, text):
    return [(e, v) for e, v in spans(pattern_engine.scan(text).findings, text) if e == "GENERIC_SECRET"]


@pytest.mark.parametrize(
    "template",
    [
        "API_KEY={}",
        "export MAILGUN_API_KEY={}",
        'api_key = "{}"',
        "apiKey: '{}'",
        '{{"auth_token": "{}"}}',
        "ACCESS_TOKEN={}",
        "refresh_token: {}",
        "JWT_SECRET={}",
        'WEBHOOK_SECRET: "{}"',
        "SECRET_KEY = '{}'",
        "secretKey: {}",
        "aws_access_key = {}",
        "PRIVATE_KEY={}",
        "signing_key: {}",
        "credentials: {}",
        "X-Api-Key: {}",
        'curl -H "X-API-KEY: {}" https://api.example.com',
        "headers = {{'x-api-key': '{}'}}",
        "Authorization: Bearer {}",
        'curl -H "Authorization: Bearer {}" https://api.example.com/v1/me',
        "Authorization: Token {}",
        "Proxy-Authorization: Basic {}",
        "config.api_key = '{}'",
        "$apiKey = '{}';",
        "const API_TOKEN = `{}`;",
        "  - routing_key: {}",
        "LICENSE_KEY={}",
    ],
)
@pytest.mark.parametrize("value", [TOKEN, LONG, fake(32, HEX, 2)])
def test_high_entropy_values_under_secret_names_are_found(template, value):
    assert find(template.format(value)) == [("GENERIC_SECRET", value)]


def test_symbols_in_a_quoted_secret_are_kept_and_the_django_marker_is_not_part_of_it():
    value = "7x!r@k3m#p2q9w8e5t6y1u4i0o*z&b^v%(c$n)"
    assert find(f"SECRET_KEY = 'django-insecure-{value}'") == [("GENERIC_SECRET", value)]
    assert find(f"SECRET_KEY = '{value}'") == [("GENERIC_SECRET", value)]


@pytest.mark.parametrize(
    "text",
    [
        # names that describe a secret instead of holding one
        f"token_url: https://auth.example.com/{TOKEN}",
        f"api_key_id: {TOKEN}",
        f"token_type: {TOKEN}",
        f"auth_uri: {TOKEN}",
        f"next_page_token: {TOKEN}",
        f"nextPageToken: '{TOKEN}'",
        f"csrf_token = '{TOKEN}'",
        f"cursor_token: {TOKEN}",
        f"token_sha256: {fake(64, HEX)}",
        f"secret_hash: {fake(40, HEX)}",
        f"author: {TOKEN}",
        f"tokenizer: {TOKEN}",
        # values that are not random
        "tokenizer: bert-base-uncased",
        "max_tokens: 4096",
        "auth_method: password",
        "SECRET_KEY=my-super-secret-value",
        "my_secret_token: MySuperSecretValue",
        "api_key: abc",
        "authDomain: 'demo-app-1a2b3.firebaseapp.com'",
        f"auth_provider: {TOKEN}",
        # password names belong to PasswordRecognizer, client_secret too
        f"auth_password: {TOKEN}",
        f"client_secret: {TOKEN}",
        f"secret: {TOKEN}",
        # code, not values
        "api_key = get_api_key_from_vault(region)",
        "token = request.headers['Authorization']",
        "token = os.environ['API_TOKEN']",
        f"token = make_token({TOKEN})",
    ],
)
def test_descriptive_names_and_non_random_values_are_ignored(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "GITHUB_TOKEN=ghp_" + fake(36),  # the GitHub recognizer's
        "OPENAI_API_KEY=sk-proj-" + fake(60, URLSAFE),
        "STRIPE_SECRET_KEY=sk_" + "test_" + fake(24),  # a test key: not a secret at all
        "STRIPE_KEY=pk_" + "live_" + fake(24),
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0." + fake(43, URLSAFE),
        "TWILIO_ACCOUNT_SID_TOKEN=AC" + fake(32, HEX),
        "aws_access_key = AKIA" + fake(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
    ],
)
def test_shapes_owned_by_specific_recognizers_are_left_alone(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        f"auth_token: {uuid.UUID(int=0x3F2B8C1E9A4D4E7B8C2F1D5E6A7B8C9D)}",
        f"api_key: {'x' * 32}",
        "API_KEY=your-api-key-goes-here",
        "API_KEY=<token>",
        "api_key: ${API_KEY}",
        "token: {{ vault_token }}",
        "SECRET_KEY=REPLACE_ME_WITH_A_LONG_RANDOM_VALUE",
        f"auth_token = '{base64.b64encode(b'this is a test fixture string').decode()}'",
        f"token: {hashlib.sha256(b'x').hexdigest()} # sha256 of the payload",
        "api_key = 'abcdefghijklmnopqrstuvwxyz123456'",
    ],
)
def test_placeholders_uuids_and_encoded_text_are_dismissed_by_the_engine(pattern_engine, text):
    assert found(pattern_engine, text) == []


def test_sk_prefixed_keys_no_recognizer_claims_are_generic_secrets():
    key = "sk-or-v1-" + fake(64, HEX, 6)  # a router's key: not OpenAI's or DeepSeek's shape
    assert find(f"OPENROUTER_API_KEY={key}") == [("GENERIC_SECRET", key)]


def test_hash_hints_count_on_the_same_line_only(pattern_engine):
    key = fake(32, HEX, 5)
    text = f"# sha256 sums below are unrelated\nDD_API_KEY={key}\nMAIL_USER=ops@example.com\n"
    assert found(pattern_engine, text) == [("GENERIC_SECRET", key)]


def test_aws_secret_under_a_secret_name_is_reported_once_as_aws(pattern_engine):
    secret = fake(40, BASE64, 9)
    text = f"AWS_SECRET_ACCESS_KEY={secret}"
    assert spans(pattern_engine.scan(text).findings, text) == [("AWS_SECRET_KEY", secret)]


@pytest.mark.parametrize(
    "value, words",
    [
        ("MySuperSecretValue", True),
        ("my-secret-value", True),
        ("ACCESS_TOKEN_VALUE", True),
        (fake(20, ALNUM), False),
    ],
)
def test_looks_like_words(value, words):
    assert looks_like_words(value) is words


XML_VALUE = fake(40, URLSAFE, 41)


@pytest.mark.parametrize(
    "template",
    [
        "<apiToken>{}</apiToken>",
        "<jfrogToken>\n    {}\n</jfrogToken>",
        "<settings><server><privateKey>{}</privateKey></server></settings>",
        "<ClientSecret>\r\n  {}\r\n</ClientSecret>",
    ],
)
def test_secret_named_xml_elements_report_their_value(template):
    text = template.format(XML_VALUE)
    found = XmlSecretElementRecognizer().find(text, text.lower())
    assert spans(found, text) == [("GENERIC_SECRET", XML_VALUE)]


@pytest.mark.parametrize(
    "text",
    [
        f"<csrfToken>{XML_VALUE}</csrfToken>",
        f"<nextPageToken>{XML_VALUE}</nextPageToken>",
        "<apiToken>MySuperSecretApiTokenValue</apiToken>",
        f"<apiToken>{XML_VALUE}</apiTokenName>",
        "<secretName>prod-database-credentials</secretName>",
    ],
)
def test_other_elements_and_word_values_are_not_secrets(text):
    assert spans(XmlSecretElementRecognizer().find(text, text.lower()), text) == []


@pytest.mark.parametrize(
    "text",
    [
        f"csrf-token={fake(64, BASE64, 42)}==",
        f'publicToken = "{fake(43, ALNUM, 43)}"',
        "  keyVaultToStoreSecrets: cmp2-qat-1208358310",
    ],
)
def test_anti_forgery_public_and_store_names_are_not_secret_names(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        # .env values last on their line may carry the symbols Django and Express secrets use
        (
            "SECRET_JWT=1123&r$*7rf-5jy#^69z068468ip6=^n2sxl2=omx\nDEBUG=0",
            "1123&r$*7rf-5jy#^69z068468ip6=^n2sxl2=omx",
        ),
        (f"SESSION_SECRET=s%3A{LONG}\n", f"s%3A{LONG}"),
        # Go's typed declaration and PHP's `.=`
        (f'var atlassianToken string = "{TOKEN}"', TOKEN),
        (f'$etsyToken .= "{TOKEN}";', TOKEN),
    ],
)
def test_env_symbols_and_typed_declarations_are_secret_assignments(text, value):
    assert [v for _, v in find(text)] == [value]


@pytest.mark.parametrize(
    "text",
    [
        f'nonMatchingToken := "{TOKEN}"',  # a test fixture says so in its name
        f"fake_api_key = '{TOKEN}'",
        f"dummySecret: {TOKEN}",
        "export OP_SERVICE_ACCOUNT_TOKEN=ops_eyJzaWduSW5BZGRyZXNzIjoiaHR0cHM6...",  # cut short in docs
    ],
)
def test_fixture_names_and_truncated_values_are_not_secrets(text):
    assert find(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ('  "x-api-key": "hf_MXPClyEgCA55X0ODFLXWo1rDUXKBltg80z",', "hf_MXPClyEgCA55X0ODFLXWo1rDUXKBltg80z"),
        ("SESSION_KEY=s%3An2pcM9ZJ2HIty0AX0W3E1ZAvXUTw0l2Z.L8Z7tiBp2O3OeJAg8LqEBC0MQ",
         "s%3An2pcM9ZJ2HIty0AX0W3E1ZAvXUTw0l2Z.L8Z7tiBp2O3OeJAg8LqEBC0MQ"),
        ("[api]\ncle = 52cfe39cd13eb6cb4591025ce4904c5f", "52cfe39cd13eb6cb4591025ce4904c5f"),
        ("secret_webhook = ZH6Qvk5WT_c-!z!V4D#BU*_)6F%X3H3C_sdO%gO",
         "ZH6Qvk5WT_c-!z!V4D#BU*_)6F%X3H3C_sdO%gO"),
    ],
)  # fmt: skip
def test_vendor_look_alikes_session_keys_and_french_keys_under_a_secret_name_are_secrets(text, value):
    assert [text[f.start : f.end] for f in GenericSecretRecognizer().find(text, text.lower())] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "        token = secrets.token_urlsafe(32)",  # a call
        "vehicle = ToyotaCorollaHybrid2020XLE",  # "cle" inside a word
    ],
)
def test_calls_and_words_ending_in_cle_are_not_secrets(text):
    assert GenericSecretRecognizer().find(text, text.lower()) == []


@pytest.mark.parametrize(
    "text",
    [
        f"2024-01-02T08:00:00Z DEBUG session set-cookie: sid={TOKEN}; HttpOnly; Secure",
        f"Cookie: session_id={TOKEN}",
        f"D/AuthManager: refresh_token={TOKEN}\nI/Sync: pushed 3 items",
    ],
)
def test_cookie_values_and_tokens_after_a_log_tag_are_found(text):
    assert find(text) == [("GENERIC_SECRET", TOKEN)]


def test_every_random_pair_of_a_cookie_header_is_found():
    text = f"Cookie: theme=dark; sessionid={TOKEN}; csrftoken={LONG}"
    assert find(text) == [("GENERIC_SECRET", TOKEN), ("GENERIC_SECRET", LONG)]


@pytest.mark.parametrize(
    "text",
    [
        "Cookie: theme=dark-mode-enabled-please",
        "Cookie: _ga=GA1.2.384112729.1781300155; _gid=GA1.2.1122334455.1781300155",
        "Set-Cookie: id=a3fWa; Expires=Thu, 31 Oct 2030 07:28:00 GMT; Path=/accounts/settings/x",
    ],
)
def test_word_analytics_and_attribute_cookies_are_no_secrets(text):
    assert find(text) == []

from __future__ import annotations

import base64

import pytest

from dlpguard.engine.filters import (
    KNOWN_EXAMPLE_VALUES,
    encoded_plain_text,
    example_kind,
    false_positive_reason,
    hash_or_uuid,
    ignored_test_values_line,
    known_example_value,
    local_default_credentials,
    normalized,
    placeholder,
    public_birth_date,
    secret_is_code_reference,
    secret_part,
)
from dlpguard.engine.types import Category, Finding


def finding_for(text: str, value: str, entity: str, category: Category = Category.SECRET) -> Finding:
    start = text.index(value)
    return Finding(entity, category, start, start + len(value), 0.9, "test")


def reason(text: str, value: str, entity: str, category: Category = Category.SECRET) -> str | None:
    return false_positive_reason(finding_for(text, value, entity, category), text)


def test_normalized_ignores_case_and_separators():
    assert normalized("AKIA IOSF-ODNN.7EX:AMPLE/") == "akiaiosfodnn7example"


def test_known_example_values_are_stored_normalized():
    assert [v for v in KNOWN_EXAMPLE_VALUES if normalized(v) != v] == []


@pytest.mark.parametrize(
    "value, entity",
    [
        ("AKIAIOSFODNN7EXAMPLE", "AWS_ACCESS_KEY"),
        ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_SECRET_KEY"),
        ("ghp_16C7e42F292c6912E7710c838347Ae178B4a", "GITHUB_TOKEN"),
        ("4111 1111 1111 1111", "CREDIT_CARD"),
    ],
)
def test_documented_example_values(value, entity):
    assert known_example_value(finding_for(value, value, entity), value, value) == "documented example value"


@pytest.mark.parametrize(
    "value",
    [
        "your-api-key",
        "YOUR_API_KEY",
        "<token>",
        "${DB_PASSWORD}",
        "{{ secret }}",
        "%(password)s",
        "$(cat /run/secrets/x)",
        "<redacted>",
        "REDACTED",
        "****",
        "••••••",
        "xxxxxxxxxxxxxxxx",
        "REPLACE_ME",
        "changeme",
        "example",
        "dummy",
        "test",
        "TODO",
        "password",
        "aaaaaaaaaaaaaaaaaaaa",
        "token_here",
        "TU_CONTRASEÑA",
        "VOTRE_MOT_DE_PASSE",
        "DEIN_PASSWORT",
    ],
)
def test_placeholders(value):
    assert placeholder(finding_for(value, value, "GENERIC_SECRET"), value, value) is not None


@pytest.mark.parametrize(
    "value", ["Zr8vQ0n+2ZbH1xk9Tq4W", "test123", "summer2024", "hunter22", "tu_Passw0rd!2x"]
)
def test_real_looking_values_are_not_placeholders(value):
    assert placeholder(finding_for(value, value, "PASSWORD"), value, value) is None


def test_typed_out_alphabets_are_placeholders_for_tokens_but_weak_passwords_stay():
    token = "ghp_1234567890abcdefghij1234567890abcdef"
    assert placeholder(finding_for(token, token, "GITHUB_TOKEN"), token, token) == "sequential characters"
    pw = "abcdefgh12345678"
    assert placeholder(finding_for(pw, pw, "PASSWORD"), pw, pw) is None


def test_placeholders_only_concern_secrets():
    text = "Example Street 12"
    assert placeholder(finding_for(text, text, "STREET_ADDRESS", Category.CONTACT), text, text) is None


@pytest.mark.parametrize(
    "value, entity, part",
    [
        ("postgres://app:S3cr3tPw@db.example.com/app", "CONNECTION_STRING", "S3cr3tPw"),
        ("jdbc:oracle:thin:scott/T1ger99@//db:1521/ORCL", "CONNECTION_STRING", "T1ger99"),
        ("jdbc:postgresql://db/app?user=u&password=Qx81mm&ssl=1", "CONNECTION_STRING", "Qx81mm"),
        ("Server=db;Database=app;User Id=sa;Password=Qx81mm;", "CONNECTION_STRING", "Qx81mm"),
        (
            "AccountName=a;AccountKey=K3y==;EndpointSuffix=core.windows.net",
            "AZURE_CONNECTION_STRING",
            "K3y==",
        ),
        ("https://hooks.slack.com/services/T0/B0/AbC123", "SLACK_WEBHOOK", "AbC123"),
        ("ghp_abc", "GITHUB_TOKEN", "ghp_abc"),
    ],
)
def test_secret_part_is_what_placeholder_checks_look_at(value, entity, part):
    assert secret_part(finding_for(value, value, entity), value) == part


def test_private_key_bodies_are_left_to_their_recognizer():
    block = (
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAAAAAAA\n"
        "-----END OPENSSH PRIVATE KEY-----"
    )
    assert reason(block, block, "PRIVATE_KEY") is None


@pytest.mark.parametrize(
    "url, dismissed",
    [
        ("postgres://app:S3cr3tPw9@db.example.com/app", False),  # example host, real password
        ("postgres://app:${DB_PASS}@db/app", True),
        ("postgres://app:$DB_PASS@db/app", True),
        ("postgres://user:password@localhost/db", True),
        ("postgres://user:pass@localhost/db", True),
        ("redis://:****@cache", True),
        ("amqp://guest:changeme@rabbit", True),
        ("postgres://app:example@db/app", True),
    ],
)
def test_connection_strings_are_judged_by_their_password(url, dismissed):
    assert (reason(url, url, "CONNECTION_STRING") is not None) is dismissed


@pytest.mark.parametrize(
    "text, value",
    [
        ("password = settings.DB_PASSWORD", "settings.DB_PASSWORD"),
        ("password = get_password()", "get_password"),
        ("password=DB_PASSWORD", "DB_PASSWORD"),
        ("password=$DB_PASSWORD", "$DB_PASSWORD"),
        ("password=%DB_PASSWORD%", "%DB_PASSWORD%"),
        ("password = :password", ":password"),
        ("password = @password", "@password"),
        ("password = ?", "?"),
        ("password = %s", "%s"),
        ("password = '{password}'", "{password}"),
        ("password: !vault |", "!vault |"),
        ("password: !secret wifi", "!secret wifi"),
        ("password: required", "required"),
        ("password: *required*", "*required*"),
        ("password: str", "str"),
        ("password: null", "null"),
        ("password: ---", "---"),
        (
            '"password": "$2b$12$KIXQ4h1aRk8s5c7a6d5e4uJ3bGm2f1e0d9c8b7a6z5y4x3w2"',
            "$2b$12$KIXQ4h1aRk8s5c7a6d5e4uJ3bGm2f1e0d9c8b7a6z5y4x3w2",
        ),
        ("password: pbkdf2_sha256$600000$abc$def", "pbkdf2_sha256$600000$abc$def"),
    ],
)
def test_code_references_keywords_and_hashes(text, value):
    assert secret_is_code_reference(finding_for(text, value, "PASSWORD"), value, text) is not None


@pytest.mark.parametrize(
    "text, value",
    [
        ("password = 'hunter22'", "hunter22"),
        ("API_KEY=X7K2M9Q4W8E5R1T6Y3U0", "X7K2M9Q4W8E5R1T6Y3U0"),  # upper-case token, not a constant
        ("password: Summer2024!", "Summer2024!"),
    ],
)
def test_literal_values_are_not_code_references(text, value):
    assert secret_is_code_reference(finding_for(text, value, "PASSWORD"), value, text) is None


@pytest.mark.parametrize(
    "text, value, dismissed",
    [
        ("token: 3f2b8c1e-9a4d-4e7b-8c2f-1d5e6a7b8c9d", "3f2b8c1e-9a4d-4e7b-8c2f-1d5e6a7b8c9d", True),
        (
            "commit_token: 9fceb02d0ae598e95dc970b74767f19372d61af8",
            "9fceb02d0ae598e95dc970b74767f19372d61af8",
            True,
        ),
        ("api_token: e3b0c44298fc1c149afbf4c8996fb924 # md5", "e3b0c44298fc1c149afbf4c8996fb924", True),
        ("api_token: e3b0c44298fc1c149afbf4c8996fb924", "e3b0c44298fc1c149afbf4c8996fb924", False),
        ("token: sha256-AbCdEf0123456789AbCdEf0123", "sha256-AbCdEf0123456789AbCdEf0123", True),
    ],
)
def test_hashes_and_uuids(text, value, dismissed):
    assert (hash_or_uuid(finding_for(text, value, "GENERIC_SECRET"), value, text) is not None) is dismissed


@pytest.mark.parametrize(
    "url, dismissed",
    [
        ("postgresql://postgres:postgres@localhost:5432/postgres", True),
        ("redis://default:default@127.0.0.1:6379", True),
        ("postgresql://postgres:postgres@db.prod.internal:5432/app", False),  # a default on a real host
        ("postgresql://app:Kx82mq01@localhost/app", False),
    ],
)
def test_default_credentials_on_a_local_host(url, dismissed):
    assert (
        local_default_credentials(finding_for(url, url, "CONNECTION_STRING"), url, url) is not None
    ) is dismissed


def test_dotted_random_values_are_not_code_references():
    text = "password dTX60V45sy.mo.iWH"
    value = "dTX60V45sy.mo.iWH"
    assert secret_is_code_reference(finding_for(text, value, "PASSWORD"), value, text) is None


def test_interpolation_markers_inside_random_values_are_not_templates():
    value = "c)6m%mj(e2xdmqq72fi*(a!%(tqvyz-7a73+)a0t-3jq8-xs)m"
    assert placeholder(finding_for(value, value, "GENERIC_SECRET"), value, value) is None


def test_base64_of_a_sentence_is_a_fixture_not_a_key():
    value = base64.b64encode(b"this is only a test fixture").decode()
    text = f"auth_token = '{value}'"
    assert encoded_plain_text(finding_for(text, value, "GENERIC_SECRET"), value, text) == "encoded text"
    creds = base64.b64encode(b"deploy:Qx81mmz0").decode()
    assert encoded_plain_text(finding_for(creds, creds, "GENERIC_SECRET"), creds, creds) is None


def test_false_positive_reason_runs_every_filter_in_turn():
    assert (
        reason("API_KEY=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", "AWS_ACCESS_KEY")
        == "documented example value"
    )
    assert reason("password: changeme", "changeme", "PASSWORD") == "placeholder"
    assert reason("password = settings.X", "settings.X", "PASSWORD") == "code reference"
    assert reason("password: Summer2024!", "Summer2024!", "PASSWORD") is None


@pytest.mark.parametrize(
    "value, kind",
    [
        ("4111 1111 1111 1111", "card test number"),
        ("4242424242424242", "card test number"),
        ("DE89 3704 0044 0532 0130 00", "IBAN example"),
        ("GB82 WEST 1234 5698 7654 32", "IBAN example"),
        ("123-45-6789", "ID number example"),
        ("046 454 286", "ID number example"),
        ("AKIAIOSFODNN7EXAMPLE", "AWS documentation key"),
        ("4111111111111112", None),  # not a published value
    ],
)
def test_a_known_example_value_has_a_kind_to_name_it_by(value, kind):
    assert example_kind(value) == kind


@pytest.mark.parametrize(
    "kinds, line",
    [
        ((), None),
        (("card test number",), "Ignored: 1 known test value (e.g. card test number)"),
        (
            ("IBAN example", "card test number", "card test number"),
            "Ignored: 3 known test values (e.g. card test number)",
        ),
    ],
)
def test_the_ignored_line_counts_values_and_names_the_commonest_kind(kinds, line):
    assert ignored_test_values_line(kinds) == line


@pytest.mark.parametrize(
    "text, kind",
    [
        ("codice fiscale RSSMRA85T10A562S", "ID number example"),
        ("DNI de prueba 12345678Z", "ID number example"),
        ("Tel. 0123 456789", "placeholder phone number"),
        ("IBAN ES91 2100 0418 4502 0005 1332", "IBAN example"),
    ],
)
def test_published_id_examples_are_known_test_values_not_findings(pattern_engine, text, kind):
    result = pattern_engine.scan(text)
    assert [f for f in result.findings if f.category.value != "person"] == []
    assert kind in result.known_test_values


@pytest.mark.parametrize(
    "value, entity, category, dismissed",
    [
        ("00000000T", "ES_NIF", Category.GOVERNMENT_ID, True),
        ("111-11-1111", "US_SSN", Category.GOVERNMENT_ID, True),
        ("0000 0000 0000 0000", "CREDIT_CARD", Category.FINANCIAL, True),
        ("12345678Z", "ES_NIF", Category.GOVERNMENT_ID, False),
        ("000000", "PASSWORD", Category.SECRET, False),  # a weak password is still one
    ],
)
def test_one_digit_throughout_fills_a_form(value, entity, category, dismissed):
    text = f"ejemplo: validar('{value}')"
    assert (reason(text, value, entity, category) == "filler digits") is dismissed


def _dob(text: str, value: str) -> Finding:
    start = text.index(value)
    return Finding("DATE_OF_BIRTH", Category.PERSON, start, start + len(value), 0.9, "DateOfBirthRecognizer")


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "Turn this into quiz questions: Ada Lovelace was born 10 December 1815 in London.",
            "10 December 1815",
        ),
        ("Alan Turing was born 23 June 1912 in Maida Vale.", "23 June 1912"),
    ],
)
def test_a_birth_date_of_history_or_of_a_public_figure_is_no_finding(text, value):
    assert public_birth_date(_dob(text, value), value, text) is not None


def test_a_private_persons_birth_date_stays():
    text = "Patient: Maria Keller, born 23 June 1952 in Graz."
    assert public_birth_date(_dob(text, "23 June 1952"), "23 June 1952", text) is None


@pytest.mark.parametrize(
    "value, entity, category",
    [
        ("4000 0000 0000 0002", "CREDIT_CARD", Category.FINANCIAL),  # Stripe's declined-card test number
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "CRYPTO", Category.FINANCIAL),  # Bitcoin's genesis address
    ],
)
def test_published_test_cards_and_the_genesis_address_are_known_examples(value, entity, category):
    finding = Finding(entity, category, 0, len(value), 0.9, "test")
    assert known_example_value(finding, value, value) is not None


@pytest.mark.parametrize("secret", ["hunter2-not-real", "senha-de-teste", "fake-pass-123"])
def test_a_made_up_password_in_a_code_sample_is_a_placeholder(secret):
    text = f"json={{'email': 'alice@example.com', 'password': '{secret}'}}"
    start = text.index(secret)
    finding = Finding("PASSWORD", Category.SECRET, start, start + len(secret), 0.8, "PasswordRecognizer")
    assert placeholder(finding, secret, text) == "placeholder"

"""Secrets given as a name field and a value field (recognizers/secret_name_value.py)."""

from __future__ import annotations

import pytest

from dlpguard.engine import Engine
from dlpguard.engine.recognizers.secret_name_value import SecretNameValueRecognizer


def find(text: str) -> list[tuple[str, str]]:
    found = SecretNameValueRecognizer().find(text, text.lower())
    return [(f.entity_type, text[f.start : f.end]) for f in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            '{"key": "clientSecret", "value": "x34sQm4eJJqeiFpYYeUQNQcxWEh80_3UY7ZLR.F_", "enabled": true}',
            [("PASSWORD", "x34sQm4eJJqeiFpYYeUQNQcxWEh80_3UY7ZLR.F_")],
        ),
        (
            "env:\n  - name: DB_PASSWORD\n    value: \"Xk9mP2vLq8\"\n  - name: LOG_LEVEL\n    value: debug\n",
            [("PASSWORD", "Xk9mP2vLq8")],
        ),
        (
            '{"name": "API_TOKEN", "value": "9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c"}',
            [("GENERIC_SECRET", "9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c")],
        ),
        (
            '<add key="PaymentApiKey" value="Qm9yZWFsaXMtMjAyNC1zZWNyZXQta2V5LXZhbHVl9x" />',
            [("GENERIC_SECRET", "Qm9yZWFsaXMtMjAyNC1zZWNyZXQta2V5LXZhbHVl9x")],
        ),
    ],
)
def test_a_secret_name_field_makes_its_value_field_a_secret(text, expected):
    assert find(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '{"key": "baseUrl", "value": "https://api.acme-corp.de/v2/orders"}',  # not a secret's name
        "env:\n  - name: API_TOKEN\n    valueFrom:\n      secretKeyRef: {name: api, key: token}\n",
        '{"name": "SESSION_TIMEOUT", "value": "9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c"}',
    ],
)
def test_other_pairs_references_and_variables_are_not_secrets(text):
    assert find(text) == []


def test_a_postman_variable_in_the_value_field_is_left_to_the_placeholder_filter():
    text = '{"key": "password", "value": "{{password}}"}'
    assert Engine(load_model=False).scan(text).findings == ()

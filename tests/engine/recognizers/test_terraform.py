from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.terraform import TerraformSecretDefaultRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import ALNUM, URLSAFE, fake

PW = fake(14, ALNUM, 1) + "!"
TOKEN = fake(32, URLSAFE, 2)


def find(text):
    return spans(TerraformSecretDefaultRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            f'variable "db_password" {{\n  type      = string\n  default   = "{PW}"\n  sensitive = true\n}}',
            ("PASSWORD", PW),
        ),
        (f'variable "admin_pwd" {{ default = "{PW}" }}', ("PASSWORD", PW)),
        (
            f'variable "datadog_api_key" {{\n  description = "Datadog key"\n  default = "{TOKEN}"\n}}',
            ("GENERIC_SECRET", TOKEN),
        ),
        (f'variable "github_token" {{\n  default = "{TOKEN}"\n}}', ("GENERIC_SECRET", TOKEN)),
        (
            f'variable "client_secret" {{\n  type = string\n  default = "{TOKEN}"\n}}',
            ("GENERIC_SECRET", TOKEN),
        ),
    ],
)
def test_defaults_of_secret_named_variables_are_found(block, expected):
    assert find(block) == [expected]


@pytest.mark.parametrize(
    "block",
    [
        'variable "region" {\n  default = "eu-west-1"\n}',
        'variable "db_password_length" {\n  default = "24"\n}',
        'variable "api_key_secret_name" {\n  default = "prod/datadog/api-key"\n}',
        'variable "db_password" {\n  type      = string\n  sensitive = true\n}',  # no default
        'variable "token_ttl" {\n  default = "3600s"\n}',
        'variable "github_token" {\n  default = "replace-with-your-token-here"\n}',
        # a nested block before the default: not read, rather than guessed
        f'variable "db_password" {{\n  validation {{\n    condition = length(var.db_password) > 8\n  }}\n}}\n'
        f'locals {{ default = "{PW}" }}',
    ],
)
def test_other_variables_descriptive_names_and_missing_defaults_are_ignored(block):
    assert find(block) == []

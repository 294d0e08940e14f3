from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.aws import (
    AwsAccessKeyRecognizer,
    AwsSecretKeyInContextRecognizer,
    AwsSecretKeyRecognizer,
)
from tests.conftest import spans


def find(detector_cls, text):
    return spans(detector_cls().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("export AWS_ACCESS_KEY_ID=AKIAZ7QXKR4PLM2VN3WD", "AKIAZ7QXKR4PLM2VN3WD"),
        ('"AccessKeyId": "ASIAY34FZKBOKMUTVV7A",', "ASIAY34FZKBOKMUTVV7A"),
        ("key AKIA2E0A8F3B244C9986 in log", "AKIA2E0A8F3B244C9986"),
    ],
)
def test_access_key_ids_are_found(text, value):
    assert find(AwsAccessKeyRecognizer, text) == [("AWS_ACCESS_KEY", value)]


@pytest.mark.parametrize(
    "text",
    [
        "AKIAZ7QXKR4PLM2VN3W",  # one short
        "XAKIAZ7QXKR4PLM2VN3WDX",  # glued inside a longer token
        "akiaz7qxkr4plm2vn3wd",  # lowercase is not a key id
    ],
)
def test_access_key_near_misses_are_ignored(text):
    assert find(AwsAccessKeyRecognizer, text) == []


def test_secret_key_reports_only_the_value():
    secret = "Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8"
    text = f"aws_secret_access_key = {secret}\n"
    assert find(AwsSecretKeyRecognizer, text) == [("AWS_SECRET_KEY", secret)]


def test_forty_character_strings_without_the_key_name_are_not_aws_secrets():
    assert find(AwsSecretKeyRecognizer, "commit Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8 merged") == []


def test_documented_example_key_is_dismissed_by_the_engine(pattern_engine):
    text = "aws_access_key_id=AKIAIOSFODNN7EXAMPLE"
    assert pattern_engine.scan(text).findings == ()


@pytest.mark.parametrize(
    "text",
    [
        '"SecretAccessKey": "Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8",',
        "[default]\naws_secret_access_key=Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8\n",
        "AWS_SECRET_KEY: 'Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8'",
        "my aws secret access key is Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8",
    ],
)
def test_secret_keys_in_config_json_and_prose(text):
    assert find(AwsSecretKeyRecognizer, text) == [
        ("AWS_SECRET_KEY", "Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8")
    ]


def test_documented_example_secret_key_is_dismissed_by_the_engine(pattern_engine):
    text = "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    assert pattern_engine.scan(text).findings == ()


@pytest.mark.parametrize(
    "text",
    [
        'provider "aws" {\n  region     = "eu-west-1"\n  access_key = "AKIAZ7QXKR4PLM2VN3WD"\n'
        '  secret_key = "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"\n}',
        "cloud.aws.credentials.access-key=AKIAZ7QXKR4PLM2VN3WD\n"
        "cloud.aws.credentials.secret-key=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\n",
        "$ aws configure\nAWS Access Key ID [None]: AKIAZ7QXKR4PLM2VN3WD\n"
        "AWS Secret Access Key [None]: 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\n",
    ],
)
def test_generic_secret_key_names_in_an_aws_setting_are_aws_secrets(pattern_engine, text):
    found = spans(pattern_engine.scan(text).findings, text)
    assert ("AWS_SECRET_KEY", "Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8") in found
    assert [e for e, _ in found if e == "GENERIC_SECRET"] == []


def test_secret_key_outside_an_aws_setting_is_not_claimed_as_aws():
    text = "[django]\nsecret_key = Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8\n"
    assert find(AwsSecretKeyInContextRecognizer, text) == []

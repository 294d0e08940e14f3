from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.sendgrid import SendGridKeyRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import URLSAFE, fake

KEY = "SG." + fake(22, URLSAFE) + "." + fake(43, URLSAFE, 1)


def find(text):
    return spans(SendGridKeyRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text",
    [
        f"SENDGRID_API_KEY={KEY}",
        f"sg = SendGridAPIClient('{KEY}')",
        f"spring.mail.password={KEY}",
        f"smtp password is {KEY} (user apikey)",
    ],
)
def test_keys_are_found(text):
    assert find(text) == [("SENDGRID_KEY", KEY)]


@pytest.mark.parametrize(
    "text",
    [
        KEY[:-1],  # secret part one short
        "SG." + fake(21, URLSAFE) + "." + fake(43, URLSAFE, 1),  # key id one short
        "XSG." + KEY[3:],
        "sg." + KEY[3:],  # lowercase prefix
        "SG.your-api-key",
    ],
)
def test_near_misses_are_ignored(text):
    assert find(text) == []

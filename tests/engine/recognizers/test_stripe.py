from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.stripe import StripeKeyRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import fake

LIVE = "sk_" + "live_" + fake(24)
RESTRICTED = "rk_" + "live_" + fake(99, seed=1)


def find(text):
    return spans(StripeKeyRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize("key", [LIVE, RESTRICTED])
@pytest.mark.parametrize(
    "template",
    ["STRIPE_SECRET_KEY={}", "stripe.api_key = '{}'", "curl https://api.stripe.com/v1/charges -u {}:"],
)
def test_live_secret_and_restricted_keys_are_found(template, key):
    assert find(template.format(key)) == [("STRIPE_KEY", key)]


@pytest.mark.parametrize(
    "text",
    [
        "STRIPE_SECRET_KEY=sk_" + "test_" + fake(24),  # test mode moves no money
        "STRIPE_PUBLISHABLE_KEY=pk_" + "live_" + fake(24),  # public by design
        "pk_" + "test_" + fake(24),
        LIVE[:-1],  # 23 characters: one short
        "x" + LIVE,
    ],
)
def test_test_keys_publishable_keys_and_near_misses_are_not_reported(text):
    assert find(text) == []


def test_test_keys_are_not_generic_secrets_either(pattern_engine):
    text = "STRIPE_SECRET_KEY=sk_" + "test_" + fake(24)
    assert pattern_engine.scan(text).findings == ()

from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.twilio import TwilioApiKeyRecognizer, TwilioAuthTokenRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import HEX, fake

API_KEY_SID = "SK" + fake(32, HEX)
ACCOUNT_SID = "AC" + fake(32, HEX, 1)
AUTH_TOKEN = fake(32, HEX, 2)


def find(detector_cls, text):
    return spans(detector_cls().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text", [f"TWILIO_API_KEY={API_KEY_SID}", f"client = Client('{API_KEY_SID}', secret, account_sid)"]
)
def test_api_key_sids_are_found(text):
    assert find(TwilioApiKeyRecognizer, text) == [("TWILIO_KEY", API_KEY_SID)]


def test_twilio_context_raises_the_api_key_score():
    text = f"TWILIO_API_KEY={API_KEY_SID}"
    assert TwilioApiKeyRecognizer().find(text, text.lower())[0].score >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        f"TWILIO_ACCOUNT_SID={ACCOUNT_SID}\nTWILIO_AUTH_TOKEN={AUTH_TOKEN}",
        f"twilio:\n  account_sid: {ACCOUNT_SID}\n  auth_token: '{AUTH_TOKEN}'",
        f'const client = twilio(accountSid, authToken);\nconst authToken = "{AUTH_TOKEN}";',
        # the SDKs use (account SID, auth token) as basic-auth user and password
        f'client := twilio.NewRestClientWithParams(twilio.ClientParams{{\n    Username: "{ACCOUNT_SID}",\n'
        f'    Password: "{AUTH_TOKEN}",\n}})',
    ],
)
def test_auth_token_next_to_twilio_is_found_as_the_value(text):
    assert find(TwilioAuthTokenRecognizer, text) == [("TWILIO_KEY", AUTH_TOKEN)]


@pytest.mark.parametrize(
    "text",
    [
        f"TWILIO_ACCOUNT_SID={ACCOUNT_SID}",  # an identifier, not a secret
        f"auth_token={AUTH_TOKEN}",  # 32 hex with no Twilio around: not Twilio's to claim
        "SK" + fake(31, HEX),  # one short
        "SK" + fake(32, HEX).upper(),
        "XSK" + fake(32, HEX),
    ],
)
def test_account_sids_and_near_misses_are_not_twilio_keys(text):
    assert find(TwilioApiKeyRecognizer, text) + find(TwilioAuthTokenRecognizer, text) == []

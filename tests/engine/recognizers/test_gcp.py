from __future__ import annotations

import json

import pytest

from dlpguard.engine.recognizers.gcp import GcpApiKeyRecognizer, GcpServiceAccountKeyRecognizer
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import HEX, URLSAFE, fake, pem

API_KEY = "AIza" + fake(35, URLSAFE)
KEY_ID = fake(40, HEX, seed=1)


def find(detector_cls, text):
    return spans(detector_cls().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text",
    [
        f"GOOGLE_API_KEY={API_KEY}",
        f'const firebaseConfig = {{ apiKey: "{API_KEY}", authDomain: "demo.firebaseapp.com" }};',
        f"curl 'https://maps.googleapis.com/maps/api/geocode/json?address=x&key={API_KEY}'",
        f"the maps key is {API_KEY}, please rotate it",
    ],
)
def test_api_keys_are_found(text):
    assert find(GcpApiKeyRecognizer, text) == [("GCP_API_KEY", API_KEY)]


@pytest.mark.parametrize(
    "text",
    [
        API_KEY[:-1],  # one short
        API_KEY + "Q",  # glued to a longer token
        "x" + API_KEY,
        "AIzb" + API_KEY[4:],  # wrong prefix
    ],
)
def test_api_key_near_misses_are_ignored(text):
    assert find(GcpApiKeyRecognizer, text) == []


def _service_account(newline_escapes: bool = True) -> str:
    return json.dumps(
        {
            "type": "service_account",
            "project_id": "demo-project",
            "private_key_id": KEY_ID,
            "private_key": pem("PRIVATE KEY", seed=3) + "\n",
            "client_email": "svc@demo-project.iam.gserviceaccount.com",
            "token_uri": "https://oauth2.googleapis.com/token",
        },
        indent=2,
    )


def test_service_account_key_id_is_reported_as_the_hex_value():
    text = _service_account()
    assert find(GcpServiceAccountKeyRecognizer, text) == [("GCP_SERVICE_ACCOUNT_KEY", KEY_ID)]


def test_service_account_json_yields_key_id_and_private_key(pattern_engine):
    text = _service_account()
    found = {(f.entity_type, text[f.start : f.end]) for f in pattern_engine.scan(text).findings}
    assert ("GCP_SERVICE_ACCOUNT_KEY", KEY_ID) in found
    pem_spans = [value for entity, value in found if entity == "PRIVATE_KEY"]
    assert len(pem_spans) == 1
    assert pem_spans[0].startswith("-----BEGIN PRIVATE KEY-----\\n")
    assert pem_spans[0].endswith("\\n-----END PRIVATE KEY-----")


def test_private_key_id_outside_a_service_account_file_is_not_reported():
    text = f'{{"private_key_id": "{KEY_ID}", "kind": "something else"}}'
    assert find(GcpServiceAccountKeyRecognizer, text) == []


def test_keys_published_in_the_firebase_sdk_samples_are_not_reported():
    from dlpguard.engine.recognizers.gcp import PUBLISHED_EXAMPLE_KEYS

    text = "\n".join(f'apiKey: "{key}"' for key in sorted(PUBLISHED_EXAMPLE_KEYS))
    assert find(GcpApiKeyRecognizer, text + f'\napiKey: "{API_KEY}"') == [("GCP_API_KEY", API_KEY)]

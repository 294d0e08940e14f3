from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.azure import (
    EMULATOR_ACCOUNT_KEY,
    AzureConnectionStringRecognizer,
    AzureStorageKeyRecognizer,
)
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import ALNUM, BASE64, fake

ACCOUNT_KEY = fake(86, BASE64) + "=="
STORAGE = (
    f"DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey={ACCOUNT_KEY};"
    "EndpointSuffix=core.windows.net"
)
SERVICE_BUS = (
    "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;"
    f"SharedAccessKey={fake(43, ALNUM, 1)}="
)
IOT_HUB = (
    f"HostName=acme.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey={fake(43, ALNUM, 2)}="
)


def find(detector_cls, text):
    return spans(detector_cls().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text",
    [
        f"AZURE_STORAGE_ACCOUNT_KEY={ACCOUNT_KEY}",
        f'"storageAccountKey": "{ACCOUNT_KEY}"',
        f"az storage blob list --account-name acme --account-key {ACCOUNT_KEY}",
        f"azure:\n  storage:\n    key: {ACCOUNT_KEY}\n",
    ],
)
def test_storage_keys_near_a_key_name_are_found(text):
    assert find(AzureStorageKeyRecognizer, text) == [("AZURE_STORAGE_KEY", ACCOUNT_KEY)]


@pytest.mark.parametrize(
    "text",
    [
        f"digest: {ACCOUNT_KEY}",  # no storage-key name anywhere
        f"AccountKey={fake(85, BASE64)}==",  # one short
        f"AccountKey={EMULATOR_ACCOUNT_KEY}",  # the emulator's published key
    ],
)
def test_storage_key_near_misses_are_ignored(text):
    assert find(AzureStorageKeyRecognizer, text) == []


@pytest.mark.parametrize("conn", [STORAGE, STORAGE + ";", SERVICE_BUS, IOT_HUB])
@pytest.mark.parametrize(
    "template",
    [
        "AZURE_STORAGE_CONNECTION_STRING={}",
        'AZURE_STORAGE_CONNECTION_STRING="{}"',
        '{{"ConnectionStrings": {{"Storage": "{}"}}}}',
        "conn = '{}'\n",
        "use {} in prod.",
    ],
)
def test_connection_strings_are_found_whole(template, conn):
    assert find(AzureConnectionStringRecognizer, template.format(conn)) == [("AZURE_CONNECTION_STRING", conn)]


@pytest.mark.parametrize(
    "text",
    [
        "DefaultEndpointsProtocol=https;AccountName=acme;EndpointSuffix=core.windows.net",  # no key
        "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=<your-account-key>;EndpointSuffix=core.windows.net",
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + EMULATOR_ACCOUNT_KEY + ";",
        "HostName=my-laptop;User=me",
    ],
)
def test_connection_strings_without_a_real_key_are_ignored(text):
    assert find(AzureConnectionStringRecognizer, text) == []


def test_connection_string_swallows_its_account_key(pattern_engine):
    text = f'AZURE_STORAGE_CONNECTION_STRING="{STORAGE}"\n'
    assert spans(pattern_engine.scan(text).findings, text) == [("AZURE_CONNECTION_STRING", STORAGE)]


def test_placeholder_key_inside_connection_string_is_dismissed(pattern_engine):
    text = (
        "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey="
        + "x" * 86
        + "==;EndpointSuffix=core.windows.net"
    )
    assert pattern_engine.scan(text).findings == ()

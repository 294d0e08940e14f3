from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.mac_address import MacAddressRecognizer
from tests.conftest import spans


def find(text):
    return spans(MacAddressRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "2: eth0: <BROADCAST> mtu 1500\n    link/ether 3c:22:fb:1a:9e:04 brd ff:ff:ff:ff:ff:ff",
            "3c:22:fb:1a:9e:04",
        ),
        ("Physical Address. . . : 00-1A-2B-3C-4D-5E", "00-1A-2B-3C-4D-5E"),
        ("mac-address-table static 0011.22aa.bbcc vlan 10", "0011.22aa.bbcc"),
        ('{"device": "printer-3", "mac": "A4:83:E7:2B:10:9C"}', "A4:83:E7:2B:10:9C"),
        ("DHCPACK on 10.0.0.7 to f0:18:98:aa:bb:cc via eth0", "f0:18:98:aa:bb:cc"),
    ],
)
def test_mac_addresses_in_their_three_spellings_are_found(text, value):
    assert find(text) == [("MAC_ADDRESS", value)]


@pytest.mark.parametrize(
    "text",
    [
        "00:00:00:00:00:00",
        "brd ff:ff:ff:ff:ff:ff",
        "ssh fingerprint 43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8",  # longer colon run
        "WWN 50:01:43:80:12:34:56:78",
        "3c:22:fb-1a:9e:04",  # mixed separators
        "id 123e4567-e89b-12d3-a456-426614174000",  # a UUID
        "at 12:30:45",
        "build 2024.0315.1200",  # all digits in the dotted form: a date stamp
        "x3c:22:fb:1a:9e:04",  # glued to a word
        "2a01:4f8:1c1c:9b2e::1",
    ],
)
def test_look_alikes_and_addresses_that_identify_nothing_are_ignored(text):
    assert find(text) == []


def test_a_mac_word_nearby_raises_the_score():
    text = "HWaddr 00:1a:2b:3c:4d:5e"
    assert MacAddressRecognizer().find(text, text.lower())[0].score == 1.0

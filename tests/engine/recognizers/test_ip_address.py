from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.ip_address import IpAddressRecognizer
from tests.conftest import spans


def find(text):
    return spans(IpAddressRecognizer().find(text, text.lower()), text)


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "Mar 15 10:23:45 web01 sshd[812]: Failed password for root from 185.220.101.7 port 4711",
            "185.220.101.7",
        ),
        ("2024-03-15T10:23:45Z ERROR upstream 10.0.3.17:8080 timed out", "10.0.3.17"),
        ('{"client_ip": "91.22.72.153", "status": 403}', "91.22.72.153"),
        ("DB_HOST=172.16.4.20", "172.16.4.20"),
        ("ssh admin@192.168.1.10", "192.168.1.10"),
        ("allow 10.20.0.0/16;", "10.20.0.0"),  # CIDR suffix outside the span
        ("curl http://10.1.2.3/api/v1/users", "10.1.2.3"),
        ("broadcast 192.168.1.255", "192.168.1.255"),
        ("Der Server 10.8.0.1 antwortet nicht.", "10.8.0.1"),
        ("inet6 2a01:4f8:1c1c:9b2e::1/64 scope global", "2a01:4f8:1c1c:9b2e::1"),
        ("peer [2a01:4f8:1c1c:9b2e::1]:443", "2a01:4f8:1c1c:9b2e::1"),
        ("addr 2001:0db9:85a3:0000:0000:8a2e:0370:7334", "2001:0db9:85a3:0000:0000:8a2e:0370:7334"),
        ("fe80::1ff:fe23:4567:890a%eth0", "fe80::1ff:fe23:4567:890a"),
    ],
)
def test_addresses_in_logs_configs_and_prose_are_found(text, value):
    assert find(text) == [("IP_ADDRESS", value)]


def test_a_range_yields_both_ends():
    assert [v for _, v in find("DHCP pool 10.0.0.10-10.0.0.250")] == ["10.0.0.10", "10.0.0.250"]


@pytest.mark.parametrize(
    "text",
    [
        "listen 0.0.0.0:8080",  # unspecified
        "curl http://127.0.0.1:5000",  # loopback
        "broadcast 255.255.255.255",
        "netmask 255.255.255.0",
        "see 192.0.2.44, 198.51.100.7 and 203.0.113.9",  # documentation ranges
        "ping 2001:db8::1",  # documentation IPv6
        "::1 localhost",
        "upgrade to v1.2.3.4",  # versions
        "release 1.2.3.4-beta",
        "version 4.2.1.0",
        "Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36",
        "## 19.19.4.6 (2025-06-04)\n- Support for Windows",  # changelog heading
        "## [3.10.15.6] - 2023-06-02",
        "OID 1.3.6.1.4.1.311.21.7",  # longer dotted run
        "999.1.1.1 and 10.0.0.256",  # octets out of range
        "at 12:30:45 the job ran",  # a time
        "link/ether 3c:22:fb:1a:9e:04",  # a MAC
        "std::vector<int> v; a[1::2]",  # C++ scope and a Python slice
    ],
)
def test_values_that_identify_no_host_or_are_not_addresses_are_ignored(text):
    assert find(text) == []


def test_a_network_word_nearby_raises_the_score():
    assert IpAddressRecognizer().find("gateway 10.0.0.1", "gateway 10.0.0.1")[0].score == 1.0
    assert IpAddressRecognizer().find("x 10.0.0.1", "x 10.0.0.1")[0].score < 1.0

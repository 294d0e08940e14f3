from __future__ import annotations

import pytest

from dlpguard.engine.engine import Engine, EngineConfig
from dlpguard.engine.recognizers.ip_address import IpAddressRecognizer, ip_class
from tests.conftest import spans


def find(text):
    return spans(IpAddressRecognizer().find(text, text.lower()), text)


def classes(text):
    return [(text[f.start : f.end], f.subtype) for f in IpAddressRecognizer().find(text, text.lower())]


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
        "broadcast 255.255.255.255",
        "netmask 255.255.255.0",
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
def test_netmasks_and_values_that_are_not_addresses_are_ignored(text):
    assert find(text) == []


def test_a_network_word_nearby_raises_the_score():
    assert IpAddressRecognizer().find("gateway 10.0.0.1", "gateway 10.0.0.1")[0].score == 1.0
    assert IpAddressRecognizer().find("x 10.0.0.1", "x 10.0.0.1")[0].score < 1.0


@pytest.mark.parametrize(
    "value, kind",
    [
        ("52.14.1.9", "public"),
        ("8.8.8.8", "public"),
        ("2a00:1450:4001:81b::200e", "public"),
        ("10.0.3.17", "private"),
        ("172.20.1.1", "private"),
        ("192.168.1.10", "private"),
        ("fd12:3456:789a::1", "private"),
        ("::ffff:10.0.0.5", "private"),  # IPv4-mapped: the IPv4 address's class
        ("::10.0.0.5", "private"),  # deprecated IPv4-compatible form: the same
        ("::8.8.4.4", "public"),
        ("::1", "reserved"),  # loopback, not the IPv4 address 0.0.0.1
        ("127.0.0.1", "reserved"),  # loopback
        ("169.254.169.254", "reserved"),  # link-local: the cloud metadata service
        ("fe80::1ff:fe23:4567:890a", "reserved"),
        ("100.64.1.1", "reserved"),  # carrier-grade NAT
        ("192.0.2.44", "reserved"),  # documentation
        ("198.51.100.7", "reserved"),
        ("203.0.113.9", "reserved"),
        ("2001:db8::1", "reserved"),
        ("224.0.0.251", "reserved"),  # multicast
        ("0.0.0.0", "reserved"),  # unspecified
        ("198.18.0.1", "reserved"),  # benchmarking
    ],
)
def test_each_address_gets_its_class(value, kind):
    assert ip_class(value) == kind


def test_findings_carry_their_class():
    text = "from 185.220.101.7 via 10.0.3.17, metadata at 169.254.169.254, listen 0.0.0.0:8080"
    assert classes(text) == [
        ("185.220.101.7", "public"),
        ("10.0.3.17", "private"),
        ("169.254.169.254", "reserved"),
        ("0.0.0.0", "reserved"),
    ]


@pytest.mark.parametrize(
    "text, value",
    [
        ("postgres://u@52.14.1.9:5432/db", "52.14.1.9"),
        ("http://34.201.1.2/", "34.201.1.2"),
        ("jdbc:mysql://52.14.1.9:3306/app", "52.14.1.9"),
        ("redis://[2a00:1450:4001:81b::200e]:6379", "2a00:1450:4001:81b::200e"),
    ],
)
def test_the_host_of_a_url_or_dsn_scores_as_if_labelled(text, value):
    [finding] = IpAddressRecognizer().find(text, text.lower())
    assert (text[finding.start : finding.end], finding.score) == (value, 1.0)


_MIXED = "public 52.14.1.9, private 10.0.3.17, loopback 127.0.0.1, metadata 169.254.169.254, cgnat 100.64.1.1"


@pytest.mark.parametrize(
    "ip_classes, expected",
    [
        (frozenset({"public"}), ["52.14.1.9"]),
        (frozenset({"public", "private"}), ["52.14.1.9", "10.0.3.17"]),
        (
            frozenset({"public", "private", "reserved"}),
            ["52.14.1.9", "10.0.3.17", "127.0.0.1", "169.254.169.254", "100.64.1.1"],
        ),
    ],
)
def test_the_engine_reports_only_the_configured_classes(ip_classes, expected):
    engine = Engine(EngineConfig(ner=False, ip_classes=ip_classes), load_model=False)
    found = [_MIXED[f.start : f.end] for f in engine.scan(_MIXED).findings if f.entity_type == "IP_ADDRESS"]
    assert found == expected


def test_by_default_the_engine_reports_public_addresses_only(pattern_engine):
    text = "ssh admin@192.168.1.10, then curl http://169.254.169.254/latest/ and http://34.201.1.2/"
    assert spans(pattern_engine.scan(text).findings, text) == [("IP_ADDRESS", "34.201.1.2")]


def test_a_fingerprint_written_byte_by_byte_is_no_ipv6_address():
    text = "Zertifikat laden (SHA-1 Fingerabdruck 5B:02:D5:87:33:E9:DD:CE)"
    assert IpAddressRecognizer().find(text, text.lower()) == []

"""Router and switch configuration secrets (recognizers/network_device_secrets.py)."""

from __future__ import annotations

from dlpguard.engine.recognizers.network_device_secrets import NetworkDeviceSecretRecognizer

CONFIG = """hostname edge-rtr-9
!
enable secret 5 Sunfl0w3r2026*
username netadmin privilege 15 password 0 rsij#3743EIQ
!
snmp-server community gLR1eYclXX7JQ2Ix RO
crypto isakmp key Tr0ub4dor-88 address 0.0.0.0
line vty 0 4
 password 7 0822455D0A16
 transport input ssh
"""


def find(text: str) -> list[tuple[str, str]]:
    found = NetworkDeviceSecretRecognizer().find(text, text.lower())
    return [(f.entity_type, text[f.start : f.end]) for f in found]


def test_a_running_config_gives_up_every_password_and_key():
    assert find(CONFIG) == [
        ("PASSWORD", "Sunfl0w3r2026*"),
        ("PASSWORD", "rsij#3743EIQ"),
        ("PASSWORD", "0822455D0A16"),
        ("GENERIC_SECRET", "gLR1eYclXX7JQ2Ix"),
        ("GENERIC_SECRET", "Tr0ub4dor-88"),
    ]


def test_prose_and_help_text_about_passwords_are_not_config_lines():
    text = "The password field is required.\nEnter your password below.\npassword reset link sent\n"
    assert find(text) == []
    assert find("Choose a strong\npassword combination.\n\nR5: Regulatory") == []

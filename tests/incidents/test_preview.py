from __future__ import annotations

import pytest

from dlpguard.engine.types import Category
from dlpguard.incidents.preview import BULLETS, ELLIPSIS, MAX_REVEALED, PUBLIC_TOKEN_PREFIXES, masked_preview


@pytest.mark.parametrize(
    "value, entity, category, preview",
    [
        ("sk-proj-Q7vX2mKp9LwR4tYz8NcB9f2a", "OPENAI_API_KEY", Category.SECRET, "sk-proj-…9f2a"),
        ("ghp_16C7e42F292c6912E7710c838347Ae178B4a", "GITHUB_TOKEN", Category.SECRET, "ghp_…8B4a"),
        ("AKIAZ7QXKR4PLM2VN3WD", "AWS_ACCESS_KEY", Category.SECRET, "AKIA…N3WD"),
        ("Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8", "AWS_SECRET_KEY", Category.SECRET, "…2Jd8"),
        (
            "postgres://admin:hunter2@db.internal:5432/app",
            "CONNECTION_STRING",
            Category.SECRET,
            "postgres://••••",
        ),
        ("hunter2hunter2", "PASSWORD", Category.SECRET, BULLETS),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIE", "PRIVATE_KEY", Category.SECRET, BULLETS),
        ("4242 4242 4242 4242", "CREDIT_CARD", Category.FINANCIAL, "•••• 4242"),
        ("DE89 3704 0044 0532 0130 00", "IBAN_CODE", Category.FINANCIAL, "•••• 3000"),
        ("078-05-1120", "US_SSN", Category.GOVERNMENT_ID, "•••• 20"),  # 9 digits: only 2 shown
        ("+44 20 7183 0958", "PHONE_NUMBER", Category.CONTACT, "•••• 958"),
        ("jane.doe@acme.com", "EMAIL_ADDRESS", Category.CONTACT, "j•••@acme.com"),
        ("joe@acme.com", "EMAIL_ADDRESS", Category.CONTACT, "•••@acme.com"),  # 3-letter local part
        ("Jane Mary Doe", "PERSON", Category.PERSON, "J••• M••• D•••"),
        ("10.1.2.3", "IP_ADDRESS", Category.NETWORK, "•••• 3"),
        ("abc", "CUSTOM_TERM", Category.CUSTOM, BULLETS),
    ],
)
def test_previews_show_only_a_masked_hint(value, entity, category, preview):
    assert masked_preview(value, entity, category) == preview


def _private_characters_shown(value: str, preview: str) -> int:
    """Characters of `preview` taken from the value, beyond a public token prefix or email domain."""
    shown = preview.replace(BULLETS, "").replace("•••", "").replace(ELLIPSIS, "").replace(" ", "")
    if "@" in value:
        shown = shown.split("@")[0]
    for prefix in PUBLIC_TOKEN_PREFIXES:
        if value.startswith(prefix) and shown.startswith(prefix):
            shown = shown[len(prefix) :]
            break
    if "://" in value:
        shown = ""
    return len(shown)


@pytest.mark.parametrize("length", [1, 3, 4, 7, 8, 12, 16, 40, 200])
@pytest.mark.parametrize(
    "entity, category",
    [
        ("GENERIC_SECRET", Category.SECRET),
        ("CREDIT_CARD", Category.FINANCIAL),
        ("US_SSN", Category.GOVERNMENT_ID),
        ("CUSTOM_TERM", Category.CUSTOM),
        ("EMAIL_ADDRESS", Category.CONTACT),
    ],
)
def test_at_most_four_private_characters_and_a_quarter_of_short_values(length, entity, category):
    value = "".join("0123456789abcdef"[i % 16] for i in range(length))
    if entity == "EMAIL_ADDRESS":
        value = f"{value}@example.org"
    shown = _private_characters_shown(value, masked_preview(value, entity, category))
    assert shown <= MAX_REVEALED
    assert shown <= length // 4

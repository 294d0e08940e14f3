from __future__ import annotations

import pytest

from dlpguard.engine.recognizers.password_replies import PasswordReplyRecognizer, looks_like_password
from tests.conftest import spans


def find(text: str) -> list[str]:
    return [v for _, v in spans(PasswordReplyRecognizer().find(text, text.lower()), text)]


@pytest.mark.parametrize(
    "text, value",
    [
        # a chat reply to a question about a password (de, en, fr, es, it)
        (
            "[08:33] Anna Berg: Kannst du mir nochmal das VPN-Passwort schicken?\n"
            "[08:41] Dimitri Lang: klar: Xq8!vLm2rTz\n",
            "Xq8!vLm2rTz",
        ),
        (
            "Tom 10:35 AM\nwhat's the grafana admin login?\nAoife 10:47 AM\n"
            "admin / Kestrel1993$ (rotating monday)",
            "Kestrel1993$",
        ),
        (
            "Léa — 09:12\ntu as le mot de passe du wifi ?\nMarc — 09:13\nvoilà : Soleil-1981?\n",
            "Soleil-1981?",
        ),
        ("¿Me pasas la contraseña del servidor?\nClaro: tigre.Falcon77\n", "tigre.Falcon77"),
        ("mi mandi la password del NAS?\nW-tUPgtil&pHJ\n", "W-tUPgtil&pHJ"),
        # a user / password pair after a credential word on the same line
        ("the login for the supplier portal is k.nowak / Winter2005# — please change it.", "Winter2005#"),
        ("Zugangsdaten: m.schulz / banane_Winter57", "banane_Winter57"),
    ],
)
def test_a_password_given_in_conversation_is_found(text: str, value: str) -> None:
    assert find(text) == [value]


@pytest.mark.parametrize(
    "text",
    [
        # not a question: a password mentioned, then unrelated lines
        "Please choose a strong password combination.\n\nR5: Regulatory--21\n",
        # log lines after `login`
        "2026-04-14T16:11:17Z INFO login ok for user=bob\n2026-04-14T16:11:18Z INFO Session2Start ok\n",
        # a question answered with prose, a URL, a path, an identifier or a time stamp
        "what's the password policy?\nMinimum: 12 characters, Upper-Case and digits\n",
        "where do I reset my password?\nhere: https://id.example.com/reset?u=Ab12!xyz\n",
        "login failed?\nError: ConnectionRefused2Error at Foo.bar\n",
        "which password file?\n/etc/app/Secret2024!.conf\n",
        "when did the login break?\nat: 2026-04-14T16:11:17Z\n",
        "the wifi password?\nSSID Orbitane-Guest\n",
    ],
)
def test_ordinary_replies_are_not_passwords(text: str) -> None:
    assert find(text) == []


def test_only_strong_looking_values_count() -> None:
    assert looks_like_password("Sunshine2011$")
    assert looks_like_password("AsmKjLE*VwJQ")
    assert not looks_like_password("sunshine")  # a word
    assert not looks_like_password("Zero-Trust")  # joined words
    assert not looks_like_password("v2.14.3-rc1")  # a version
    assert not looks_like_password("0b24de4747f917e5")  # a hash


def test_the_engine_reports_a_chat_password_once(pattern_engine) -> None:
    text = "[08:33] Anna: can you send me the VPN password?\n[08:41] Dimitri: sure: Xq8!vLm2rTz\n"
    found = [(e, v) for e, v in spans(pattern_engine.scan(text).findings, text) if e == "PASSWORD"]
    assert found == [("PASSWORD", "Xq8!vLm2rTz")]


@pytest.mark.parametrize(
    "text, value",
    [
        ("el servidor es 178.207.48.208, usuario deploy / falcon_Tigre94.Cqc", "falcon_Tigre94.Cqc"),
        ("Frank: hey can you reset the shared mailbox pw\nTariq: done, new one is aucHSGvXBLMPRAGDOtO7",
         "aucHSGvXBLMPRAGDOtO7"),
    ],
)  # fmt: skip
def test_a_user_slash_password_pair_and_a_reply_to_a_reset_request_are_found(text: str, value: str) -> None:
    assert find(text) == [value]


def test_a_statement_about_a_password_without_a_request_takes_no_reply() -> None:
    assert find("the pw policy changed last week\nTariq: the new one is Summer2024!x") == []

"""Issue 10, host side: a secret split over two messages, and a text too large for NER, through the real
native host process (no app: the host answers in process).

A `submit` or `paste` is judged with the tail of what its conversation sent before; only what went
out joins the tail. A text over the policy's `max_scan_chars` is pattern-scanned whole, not refused.
"""

from __future__ import annotations

import base64
import json
import os
import random
import threading

import pytest

from tests.bridge.conftest import POLICY, frame, request

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes as on Linux and macOS")

# Planted values: they look real to the recognizers and are not real.
AWS_KEY = "AKIAZ7QXKR4PLM2VN3WD"
CONNECTION = "postgres://etl_admin:Vq8rT2mZ4xLp@db.internal.northwind-traders.net:5432/prod"


def _private_key() -> str:
    body = base64.b64encode(random.Random(10).randbytes(1190)).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END RSA PRIVATE KEY-----"


PRIVATE_KEY = _private_key()


def submit(message_id: str, text: str, conversation: str, event: str = "submit") -> bytes:
    return request(
        id=message_id, type="scan", text=text, site="chatgpt.com", event=event, conversation_id=conversation
    )


SPLITS = {
    "aws-key": ("here is the first part: " + AWS_KEY[:9], AWS_KEY[9:] + " and that is all"),
    # Cut inside the BEGIN line: neither half alone reads as a key block.
    "private-key": ("the file starts with " + PRIVATE_KEY[:18], PRIVATE_KEY[18:]),
    "connection-string": ("connect with " + CONNECTION[:30], CONNECTION[30:] + " please"),
}


@pytest.mark.parametrize("name", sorted(SPLITS))
def test_a_secret_split_over_two_submits_blocks_the_second(start_host, name):
    first, second = SPLITS[name]
    host = start_host()
    # Each half alone is clean: in a conversation of its own, neither is flagged.
    assert host.ask(submit("a1", second, "tab-other"))["action"] == "allow"
    reply = host.ask(submit("1", first, "tab-1"))
    assert reply["action"] == "allow", reply["findings"]
    reply = host.ask(submit("2", second, "tab-1"))
    assert reply["action"] == "block"
    assert reply["findings"], reply
    for finding in reply["findings"]:  # offsets stay within the current text
        assert 0 <= finding["start"] < finding["end"] <= len(second.encode("utf-16-le")) // 2
    crossing = reply["findings"][0]
    assert crossing["start"] == 0  # clipped at the boundary: the part in the tail is not reported again


@pytest.mark.parametrize("name", sorted(SPLITS))
def test_the_same_halves_in_two_conversations_are_not_joined(start_host, name):
    first, second = SPLITS[name]
    host = start_host()
    assert host.ask(submit("1", first, "tab-1"))["action"] == "allow"
    assert host.ask(submit("2", second, "tab-2"))["action"] == "allow"


def test_a_paste_is_judged_with_what_the_conversation_sent(start_host):
    first, second = SPLITS["aws-key"]
    host = start_host()
    assert host.ask(submit("1", first, "tab-1"))["action"] == "allow"
    assert host.ask(submit("2", second, "tab-1", event="paste"))["action"] == "block"
    # A paste is not sent yet: it does not join the tail, so it cannot complete a later half.
    host2 = start_host()
    assert host2.ask(submit("3", first, "tab-9", event="paste"))["action"] == "allow"
    assert host2.ask(submit("4", second, "tab-9"))["action"] == "allow"


def test_a_blocked_or_cancelled_text_does_not_join_the_tail(start_host):
    host = start_host()
    # The first submit holds a card (blocked): it never went out, so it is not part of the tail.
    blocked = host.ask(submit("1", "card 4539 1488 0343 6467 and " + AWS_KEY[:9], "tab-1"))
    assert blocked["action"] == "block"
    host.ask(request(id="d", type="decision", incident_id=blocked["incident_id"], user_action="cancel"))
    assert host.ask(submit("2", AWS_KEY[9:], "tab-1"))["action"] == "allow"


def test_a_text_sent_anyway_joins_the_tail(start_host):
    host = start_host()
    blocked = host.ask(submit("1", "card 4539 1488 0343 6467 and " + AWS_KEY[:9], "tab-1"))
    assert blocked["action"] == "block" and blocked["override"]["allowed"]
    decided = host.ask(
        request(
            id="d",
            type="decision",
            incident_id=blocked["incident_id"],
            user_action="send_anyway",
            justification="the customer asked for it",
        )
    )
    assert decided["allowed"]
    assert host.ask(submit("2", AWS_KEY[9:], "tab-1"))["action"] == "block"


def test_a_masked_text_joins_the_tail_masked(start_host):
    host = start_host()
    # An email is masked by default; the tail holds the masked text, so a clean follow-up stays clean.
    reply = host.ask(submit("1", "write to maria.keller@northwind-traders.net about it", "tab-1"))
    assert reply["action"] in ("mask", "warn", "allow")
    assert host.ask(submit("2", "thanks, and summarise the reply", "tab-1"))["action"] == "allow"


CLEAN = [
    "Can you help me write a cover letter for a project manager role?",
    "I have 7 years of experience, mostly in logistics and 3 in software.",
    "Make it shorter, about 200 words, and less formal.",
    "Now translate it into German.",
    "What are 5 good questions to ask at the end of the interview?",
    "Version 2.14.3 of the app crashed on line 4021 of main.py, here is the trace: KeyError 'id'",
    "Order 1234 shipped on 2024-05-06, order 5678 on 2024-05-09; compare the lead times.",
    "SELECT name, count(*) FROM orders GROUP BY name ORDER BY 2 DESC LIMIT 10;",
    "def add(a, b):\n    return a + b\n\nprint(add(4, 5))",
    "Thanks! One more: summarise the article in three bullet points.",
]


def test_a_clean_long_conversation_never_flags(start_host):
    host = start_host()
    assert host.ask(request(id="h", type="hello", extension_version="0.1.0"))["type"] == "hello_ok"
    for round_ in range(6):
        for i, text in enumerate(CLEAN):
            for event in ("paste", "submit"):
                reply = host.ask(submit(f"{round_}-{i}-{event}", text, "tab-long", event=event))
                assert reply["action"] == "allow" and not reply["findings"], (text, reply)


def test_a_six_megabyte_text_with_a_key_at_its_end_is_blocked_under_fail_open(start_host, bridge_env):
    bridge_env.policy_path.write_text(POLICY + "fail_mode: open\n", encoding="utf-8")
    host = start_host()
    hello = host.ask(request(id="h", type="hello", extension_version="0.1.0"))
    assert hello["policy"]["fail_mode"] == "open"
    # The extension refuses locally only what could not fit in a frame anyway.
    assert hello["policy"]["limits"]["max_scan_chars"] >= hello["policy"]["limits"]["max_request_bytes"]
    filler = ("The quarterly report lists shipments and delivery times per region. " * 100_000)[:6_000_000]
    text = filler + "\nthe deploy key is " + AWS_KEY + "\n" + "x" * 900
    assert len(text) > 5_000_000  # over the default limits.max_scan_chars
    body = json.dumps(
        {"v": 1, "id": "big", "type": "scan", "text": text, "site": "chatgpt.com", "event": "submit"}
    ).encode()
    writer = threading.Thread(target=host.write, args=(frame(body),))
    writer.start()
    reply = host.recv(timeout=120)
    writer.join(60)
    assert (reply["type"], reply["action"]) == ("verdict", "block"), reply.get("message")
    assert [f["entity_type"] for f in reply["findings"]] == ["AWS_ACCESS_KEY"]
    assert reply["findings"][0]["start"] == text.index(AWS_KEY)
    assert "patterns only" in reply["reason"]


def test_a_text_over_the_policy_limit_is_pattern_scanned_with_ner_skipped(start_host, bridge_env):
    bridge_env.policy_path.write_text(
        POLICY.replace("detection: {ner: false}", "detection: {ner: true}")
        + "limits: {max_scan_chars: 1000}\n",
        encoding="utf-8",
    )
    host = start_host()
    text = "Meeting notes from the planning call. " * 40 + "card 4539 1488 0343 6467"
    reply = host.ask(submit("s", text, "tab-1"))
    assert (reply["type"], reply["action"]) == ("verdict", "block")
    assert reply["ner_skipped_chars"] == len(text)
    assert "patterns only" in reply["reason"]

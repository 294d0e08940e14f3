"""Issue 13 item 3: odd spellings of a guarded site, through the real native host. Each one, given as
`site` or as `url`, gets the verdict of the site itself (`block` for a card), never "site not
guarded"; a spelling that cannot be read at all is guarded too. The rules themselves are proved
by tests/policy/test_sites.py over tests/policy/site_cases.json."""

from __future__ import annotations

import os

import pytest

from dlpguard.bridge.server import BridgeServer
from dlpguard.guard.services import GuardServices
from tests.bridge.conftest import CARD, request

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes and Unix sockets as on Linux and macOS")

SPELLINGS = [
    ("site", "ChatGPT.com.:443"),
    ("site", "chatgpt.com\u0000"),
    ("site", "www.chatgpt.com"),
    ("site", "user@CHATGPT.COM:443/c/1"),
    ("site", "ＣＨＡＴＧＰＴ.ｃｏｍ"),
    ("site", "chatgpt.com\\@example.org"),
    ("url", "https://ChatGPT.com.:443/c/1"),
    ("url", "https://www.chatgpt.com/c/1"),
    ("url", "https://chatgpt.com\u0000/"),
    ("url", "https://user:pw@chat.OpenAI.com./"),
]


def scan(message_id: str, field: str, where: str) -> bytes:
    return request(id=message_id, type="scan", text=f"card {CARD}", event="paste", **{field: where})


def assert_all_blocked(host, served_by: str) -> None:
    for n, (field, where) in enumerate(SPELLINGS):
        reply = host.ask(scan(f"s{n}", field, where))
        got = (reply["type"], reply.get("action"), reply["served_by"])
        assert got == ("verdict", "block", served_by), (field, where, reply.get("reason"))
    # and an unguarded site is still let through: the spellings above are not blocked by accident
    reply = host.ask(scan("other", "url", "https://example.org/"))
    assert (reply["action"], reply["reason"]) == ("allow", "site not guarded")
    # the URL, when given, is what is judged: a guarded site's URL wins over an unguarded `site`
    reply = host.ask(
        request(
            id="both",
            type="scan",
            text=f"card {CARD}",
            event="paste",
            site="example.org",
            url="https://ChatGPT.com.:443/c/1",
        )
    )
    assert reply["action"] == "block"
    # and the stricter of the two: a guarded `site` is not made exempt by an unguarded `url`
    reply = host.ask(
        request(
            id="stricter",
            type="scan",
            text=f"card {CARD}",
            event="paste",
            site="chatgpt.com",
            url="https://example.org/frame",
        )
    )
    assert reply["action"] == "block"


def test_odd_spellings_of_a_guarded_site_are_guarded_in_process(start_host):
    host = start_host()
    assert_all_blocked(host, "native-host")


def test_odd_spellings_of_a_guarded_site_are_guarded_through_the_app(bridge_env, start_host):
    services = GuardServices()
    server = BridgeServer(services)
    server.start()
    try:
        host = start_host()
        assert_all_blocked(host, "app")
    finally:
        server.stop()
        services.close()

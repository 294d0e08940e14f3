"""Destinations through the real handler table: catalogue sites (other subdomains, sites missing from the old
hand-kept list) are scanned by default, and `sites.guard_everywhere` makes every site but the allowlist
guarded, and says so in `hello_ok`."""

from __future__ import annotations

import json
import textwrap

import pytest

from dlpguard.bridge.framing import MAX_OUTBOUND_BYTES
from dlpguard.bridge.handlers import Dispatcher
from dlpguard.guard.services import GuardServices
from tests.bridge.conftest import CARD, POLICY, request, schema_errors


@pytest.fixture
def dispatch_with(bridge_env, schema):
    built: list[GuardServices] = []

    def make(extra: str = ""):
        bridge_env.policy_path.write_text(POLICY + textwrap.dedent(extra), encoding="utf-8")
        built.append(GuardServices())
        dispatcher = Dispatcher(built[-1], served_by="native-host")

        def call(payload: bytes) -> dict:
            reply = dispatcher.handle(payload)
            assert len(reply) <= MAX_OUTBOUND_BYTES
            message = json.loads(reply)
            assert schema_errors(schema, message, "reply") == [], message
            return message

        return call

    yield make
    for services in built:
        services.close()


def scan_on(site: str, text: str = f"card {CARD}", url: str | None = None) -> bytes:
    extra = {"url": url} if url else {}
    return request(id="s", type="scan", text=text, site=site, event="paste", **extra)


@pytest.mark.parametrize(
    "site",
    [
        "www.chatgpt.com",
        "chat.qwen.ai",
        "kimi.moonshot.cn",
        "www.doubao.com",
        "chat.deepseek.com",
        "deepseek.com",
        "yiyan.baidu.com",
        "chatglm.cn",
        "aistudio.google.com",
        "duck.ai",
    ],
)
def test_catalogue_sites_are_scanned_by_default(dispatch_with, site):
    reply = dispatch_with()(scan_on(site))
    assert reply["type"] == "verdict" and reply["action"] == "block", reply


def test_an_unlisted_site_is_not_scanned_by_default(dispatch_with):
    reply = dispatch_with()(scan_on("news.example"))
    assert (reply["action"], reply["findings"]) == ("allow", [])


def test_guard_everywhere_scans_every_site_but_the_allowlist_and_says_so_in_hello(dispatch_with):
    dispatch = dispatch_with(
        """\
        sites: {guard_everywhere: true}
        allowlists: {sites: [intranet.acme.example]}
        """
    )
    hello = dispatch(request(id="h", type="hello", extension_version="0.1.0"))
    assert hello["policy"]["guard_everywhere"] is True
    assert dispatch(scan_on("news.example"))["action"] == "block"
    assert dispatch(scan_on("wiki.intranet.acme.example"))["action"] == "allow"
    assert dispatch(scan_on("chatgpt.com"))["action"] == "block"


def test_hello_says_guard_everywhere_is_off_by_default(dispatch_with):
    hello = dispatch_with()(request(id="h", type="hello", extension_version="0.1.0"))
    assert hello["policy"]["guard_everywhere"] is False
    assert "deepseek.com" in hello["policy"]["guarded_sites"]

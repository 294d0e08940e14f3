"""Disguised values through the real native host (answering in process): blocked, spans on the original.

The host runs the guard's pipeline, which normalises before it scans; offsets leave in UTF-16 code units.
"""

from __future__ import annotations

import base64
import os

import pytest

from tests.bridge.conftest import scan_request

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes as on Linux and macOS")

KEY = "AKIAZ7QXKR4PLM2VN3WD"  # the shape of an AWS access key id, not a real one

DISGUISED = {
    "zero-width": KEY[:4] + "\u200b" + KEY[4:12] + "\u2060" + KEY[12:],
    "cyrillic": "АКІА" + KEY[4:],
    "fullwidth": "".join(chr(ord(c) + 0xFEE0) for c in KEY),
    "base64": base64.b64encode(f"aws_access_key_id={KEY}".encode()).decode(),
}


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_each_disguised_key_is_blocked_on_its_original_span(start_host):
    host = start_host()
    for name, value in DISGUISED.items():
        text = f"🧑‍💻 deploy with {value} today"
        reply = host.ask(scan_request(name, text))
        assert (reply["type"], reply["action"]) == ("verdict", "block"), (name, reply)
        start = text.index(value)
        assert [(f["entity_type"], f["start"], f["end"]) for f in reply["findings"]] == [
            ("AWS_ACCESS_KEY", utf16(text[:start]), utf16(text[:start]) + utf16(value))
        ], name
    clean = host.ask(scan_request("clean", "🧑‍💻 déployé – merci! ＡＢＣ 4539.1488 and aGVsbG8gd29ybGQ="))
    assert (clean["action"], clean["findings"]) == ("allow", [])
    host.close_stdin()
    assert host.wait() == 0

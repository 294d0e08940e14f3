from __future__ import annotations

import pytest

from dlpguard.policy.sites import normalise_site_pattern, site_matches, split_site


@pytest.mark.parametrize(
    "pattern, site, matches",
    [
        ("chatgpt.com", "chatgpt.com", True),
        ("chatgpt.com", "CHATGPT.COM", True),
        ("chatgpt.com", "chatgpt.com:443", True),
        ("chatgpt.com", "https://chatgpt.com/c/123", True),
        ("chatgpt.com", "evilchatgpt.com", False),
        ("chatgpt.com", "chatgpt.com.evil.example", False),
        ("chatgpt.com", "sub.chatgpt.com", False),
        ("*.corp.example", "llm.corp.example", True),
        ("*.corp.example", "a.b.corp.example", True),
        ("*.corp.example", "corp.example", False),
        ("*.corp.example", "xcorp.example", False),
        ("x.com/i/grok", "https://x.com/i/grok?conversation=1", True),
        ("x.com/i/grok", "https://x.com/i/grok/share/abc", True),
        ("x.com/i/grok", "https://x.com/elonmusk", False),
        ("x.com/i/grok", "https://x.com/i/grokking", False),
        ("x.com/i/grok", "x.com", True),  # only the host known: guard the whole host
        ("huggingface.co/chat", "huggingface.co/chat/conversation/1", True),
        ("huggingface.co/chat", "huggingface.co/models", False),
    ],
)
def test_site_matches(pattern, site, matches):
    assert site_matches(normalise_site_pattern(pattern), site) is matches


@pytest.mark.parametrize(
    "site, parts",
    [
        ("chatgpt.com", ("chatgpt.com", None)),
        ("chatgpt.com/c/1", ("chatgpt.com", "/c/1")),
        ("https://Chat.OpenAI.com:8443/x", ("chat.openai.com", "/x")),
        ("https://claude.ai", ("claude.ai", "/")),
    ],
)
def test_split_site(site, parts):
    assert split_site(site) == parts


@pytest.mark.parametrize("bad", ["https://chatgpt.com", "chat gpt.com", "*chatgpt.com", "a.*.com", ""])
def test_bad_site_patterns_are_refused(bad):
    with pytest.raises(ValueError, match="not a site pattern"):
        normalise_site_pattern(bad)

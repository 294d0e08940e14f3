"""The AI site catalogue (dlpguard/policy/catalogue.yaml): where every list of AI destinations comes from."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from dlpguard.policy.catalogue import Catalogue, Service, catalogue, duplicate_problems
from dlpguard.policy.defaults import default_document, default_policy
from dlpguard.policy.layers import merge_data
from dlpguard.policy.schema import Policy
from dlpguard.policy.sites import site_status, split_site

#: The services the issue names: each must be in the catalogue, guarded by default on these hosts.
MUST_GUARD = {
    "deepseek": ["chat.deepseek.com", "deepseek.com", "www.deepseek.com"],
    "qwen": ["chat.qwen.ai", "tongyi.aliyun.com"],
    "kimi": ["kimi.moonshot.cn", "kimi.com", "www.kimi.com"],
    "doubao": ["doubao.com", "www.doubao.com"],
    "yiyan": ["yiyan.baidu.com"],
    "chatglm": ["chatglm.cn", "chat.z.ai"],
    "minimax": ["hailuoai.com", "chat.minimax.io"],
    "baichuan": ["ying.baichuan-ai.com"],
    "chatgpt": ["chatgpt.com", "www.chatgpt.com", "chat.openai.com"],
    "claude": ["claude.ai", "www.claude.ai"],
    "gemini": ["gemini.google.com"],
    "aistudio": ["aistudio.google.com"],
    "notebooklm": ["notebooklm.google.com"],
    "copilot": ["copilot.microsoft.com"],
    "perplexity": ["perplexity.ai", "www.perplexity.ai"],
    "mistral": ["chat.mistral.ai"],
    "grok": ["grok.com", "x.com/i/grok"],
    "metaai": ["meta.ai", "www.meta.ai"],
    "poe": ["poe.com"],
    "huggingchat": ["huggingface.co/chat"],
    "you": ["you.com"],
    "duckai": ["duck.ai"],
    "characterai": ["character.ai", "beta.character.ai"],
    "pi": ["pi.ai"],
    "cohere": ["coral.cohere.com"],
    "groq": ["groq.com", "console.groq.com"],
    "together": ["api.together.ai/playground"],
    "openrouter": ["openrouter.ai"],
    "phind": ["www.phind.com"],
    "jasper": ["app.jasper.ai"],
    "writesonic": ["app.writesonic.com"],
}

#: Hosts that share a parent with a catalogue service but are not AI chats: never guarded by default.
NOT_GUARDED = [
    "google.com",
    "www.google.com",
    "microsoft.com",
    "baidu.com",
    "x.com/home",
    "huggingface.co/models",
    "notdeepseek.com",
    "openai.com",
    "aliyun.com",
]


def test_the_catalogue_loads_with_at_least_40_services():
    rows = catalogue().services
    assert len(rows) >= 40
    for row in rows:
        assert row.domains and row.vendor and row.name
        assert len(row.jurisdiction) == 2


def test_no_id_or_domain_repeats_and_no_domain_lies_under_another():
    assert duplicate_problems(catalogue().services) == []
    domains = catalogue().domains()
    assert len(domains) == len(set(domains))


def test_a_repeated_or_covered_domain_is_refused():
    a = Service(id="a", name="A", domains=["chat.example.com"], vendor="A", jurisdiction="US")
    b = Service(id="b", name="B", domains=["example.com"], vendor="B", jurisdiction="US")
    c = Service(id="c", name="C", domains=["Chat.Example.com"], vendor="C", jurisdiction="US")
    with pytest.raises(ValidationError, match=r"lies under 'example\.com'"):
        Catalogue(services=(a, b))
    with pytest.raises(ValidationError, match="listed twice"):
        Catalogue(services=(a, c))
    with pytest.raises(ValidationError, match="duplicate service id"):
        Catalogue(services=(a, a.model_copy(update={"domains": ("other.example",)})))


def test_the_named_chinese_and_western_services_are_there_and_guarded_by_default():
    ids = set(catalogue().ids())
    assert not set(MUST_GUARD) - ids
    guarded = default_policy().sites.guarded_patterns()
    for service, sites in MUST_GUARD.items():
        for site in sites:
            assert site_status(guarded, (), site).guarded, site
            assert catalogue().service_for(site).id == service, site


def test_every_default_guarded_domain_is_guarded_with_www_and_a_subdomain():
    policy = default_policy()
    guarded = policy.sites.guarded_patterns()
    assert set(guarded) == set(catalogue().domains())
    for pattern in guarded:
        address = split_site(pattern)
        path = address.path or ""
        for site in (
            pattern,
            f"www.{address.host}{path}",
            f"a.b.{address.host}{path}",
            f"https://WWW.{address.host.upper()}.:443{path}/x?q=1",
        ):
            assert site_status(guarded, (), site).guarded, site
            assert catalogue().service_for(site) is not None, site


@pytest.mark.parametrize("site", NOT_GUARDED)
def test_neighbours_of_listed_services_are_not_guarded(site):
    assert not site_status(default_policy().sites.guarded_patterns(), (), site).guarded


def _policy(sites: dict) -> Policy:
    return Policy.model_validate({"schema_version": 1, "version": 1, "sites": sites})


def test_a_group_selects_catalogue_services_by_id_or_jurisdiction():
    policy = _policy(
        {
            "groups": {
                "foreign": {"catalogue": {"jurisdictions": ["CN"]}},
                "two": {"catalogue": {"services": ["chatgpt", "claude"]}, "add": ["chat.acme.example"]},
            },
            "guarded": ["foreign", "two"],
        }
    )
    foreign = policy.sites.groups["foreign"].effective()
    assert "deepseek.com" in foreign and "qwen.ai" in foreign and "chatgpt.com" not in foreign
    assert all(catalogue().service_for(d).jurisdiction == "CN" for d in foreign)
    assert policy.sites.groups["two"].effective() == (
        "chatgpt.com",
        "chat.openai.com",
        "claude.ai",
        "chat.acme.example",
    )


def test_an_unknown_catalogue_service_is_a_validation_error():
    with pytest.raises(ValidationError, match="unknown catalogue service"):
        _policy({"groups": {"g": {"catalogue": {"services": ["chatgtp"]}}}, "guarded": ["g"]})


def test_an_admin_can_trim_or_replace_the_built_in_group():

    base = default_document().data
    trimmed = Policy.model_validate(
        merge_data(base, {"sites": {"groups": {"ai_chat": {"remove": ["huggingface.co/chat"]}}}})
    )
    assert "huggingface.co/chat" not in trimmed.sites.guarded_patterns()
    assert "deepseek.com" in trimmed.sites.guarded_patterns()
    replaced = Policy.model_validate(
        merge_data(
            base, {"sites": {"groups": {"ai_chat": {"catalogue": None, "domains": ["chat.acme.example"]}}}}
        )
    )
    assert replaced.sites.guarded_patterns() == ("chat.acme.example",)

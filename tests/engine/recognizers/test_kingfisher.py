from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dlpguard.engine.recognizers import kingfisher
from dlpguard.engine.recognizers.kingfisher import KingfisherTokenRecognizer, entity_for
from tests.conftest import spans
from tests.engine.recognizers.fake_secrets import ALNUM, HEX, fake, pem

SHOPIFY = "shpat_" + fake(32, HEX, 1)
DATABRICKS = "dapi" + fake(32, HEX, 2)
LINEAR = "lin_api_" + fake(40, ALNUM, 3)
GITHUB = "ghp_" + fake(36, ALNUM, 4)
DOCKER = "dckr_pat_" + fake(27, ALNUM, 5)


@pytest.fixture(scope="module")
def detector() -> KingfisherTokenRecognizer:
    found = KingfisherTokenRecognizer()
    assert kingfisher.wait_until_ready(120), "Kingfisher's rules did not load"
    return found


def find(detector, text):
    return spans(detector.find(text, text.lower()), text)


@pytest.mark.parametrize(
    ("rule_id", "entity"),
    [
        ("betterleaks.github-pat", "GITHUB_TOKEN"),
        ("betterleaks.slack-webhook-url", "SLACK_WEBHOOK"),
        ("betterleaks.slack-bot-token", "SLACK_TOKEN"),
        ("betterleaks.dockerhub-personal-access-token", "DOCKER_HUB_TOKEN"),
        ("betterleaks.shopify-access-token", "API_TOKEN"),
        ("veles.secrets/postmanapikey", "API_TOKEN"),
        ("betterleaks.private-key", None),
        ("betterleaks.curl-auth-user", None),
        ("betterleaks.generic-credential-uri", None),
    ],
)
def test_rule_ids_map_to_our_entities_or_are_left_to_ours(rule_id, entity):
    assert entity_for(rule_id) == entity


@pytest.mark.parametrize("token", [SHOPIFY, DATABRICKS, LINEAR])
@pytest.mark.parametrize(
    "template", ["SHOPIFY_TOKEN={}", 'client = Client(key="{}")', "use {} for the deploy"]
)
def test_vendor_tokens_without_a_recognizer_of_ours_are_api_tokens(detector, template, token):
    assert find(detector, template.format(token)) == [("API_TOKEN", token)]


def test_offsets_are_code_points_after_non_ascii_text(detector):
    text = f"Grüße 🙂 — le jeton: {SHOPIFY} (ne pas partager) ✓ {DATABRICKS}"
    assert find(detector, text) == [("API_TOKEN", SHOPIFY), ("API_TOKEN", DATABRICKS)]


def test_known_vendors_keep_our_entity_type(detector):
    assert find(detector, f"GH={GITHUB}\nDOCKER={DOCKER}") == [
        ("GITHUB_TOKEN", GITHUB),
        ("DOCKER_HUB_TOKEN", DOCKER),
    ]


@pytest.mark.parametrize("marker", ["# gitleaks:allow", "// kingfisher:ignore", "# nosec"])
def test_inline_ignore_comments_do_not_hide_a_token(detector, marker):
    assert find(detector, f"token = '{SHOPIFY}'  {marker}") == [("API_TOKEN", SHOPIFY)]


def test_rules_left_to_our_recognizers_report_nothing(detector):
    text = (
        f"{pem()}\ncurl -u admin:{fake(14, ALNUM, 6)} https://api.internal\n"
        f"postgres://app:{fake(12, ALNUM, 7)}@db/app"
    )
    assert find(detector, text) == []


@pytest.mark.parametrize("text", ["", "plain prose without anything secret in it", "x" * 5000])
def test_text_without_tokens_has_no_findings(detector, text):
    assert find(detector, text) == []


def test_engine_reports_a_token_once_under_our_recognizers_name(detector, pattern_engine):
    text = f"export GITHUB_TOKEN={GITHUB}\nexport SHOPIFY={SHOPIFY}\n"
    found = [(f.entity_type, text[f.start : f.end], f.recognizer) for f in pattern_engine.scan(text).findings]
    assert found == [
        ("GITHUB_TOKEN", GITHUB, "GitHubTokenRecognizer"),
        ("API_TOKEN", SHOPIFY, "KingfisherTokenRecognizer"),
    ]


def test_the_module_never_calls_validation_or_revocation():
    """Validation and revocation send the token to the vendor: a paste must never leave the machine."""
    source = Path(kingfisher.__file__).read_text()
    for call in ("Validator", "Revoker", ".validate(", ".revoke(", "validate_prepared", "revoke_validated"):
        assert call not in source


def test_a_missing_or_broken_sdk_leaves_only_our_recognizers(monkeypatch):
    monkeypatch.setitem(sys.modules, "kingfisher_sdk", None)  # `import kingfisher_sdk` now fails
    catalogue = kingfisher._Catalogue()
    assert catalogue.wait(30) is False
    assert catalogue.scanner(None) is None
    assert catalogue.error is not None and "Error" in catalogue.error

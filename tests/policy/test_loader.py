from __future__ import annotations

import json
import textwrap

import pytest

from dlpguard.errors import PolicyError
from dlpguard.policy.layers import build_effective
from dlpguard.policy.loader import PolicyValidationError, format_key, parse_document, read_document


def problems_of(text: str, name: str = "policy.yaml") -> list:
    """Every problem `validate` would list for an admin file with this content."""
    try:
        build_effective(parse_document(textwrap.dedent(text), name, json_format=name.endswith(".json")))
    except PolicyValidationError as exc:
        return list(exc.problems)
    return []


@pytest.mark.parametrize(
    "body, line, key, message",
    [
        pytest.param(
            """\
            schema_version: 1
            version: 1
            blok: true
            """,
            3,
            "blok",
            "unknown key 'blok'",
            id="unknown-top-level-key",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            override:
              allow: true
              require_justfication: true
            """,
            5,
            "override.require_justfication",
            "did you mean 'require_justification'",
            id="unknown-key-hint",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            simulation: maybe
            """,
            3,
            "simulation",
            "valid boolean",
            id="wrong-type-bool",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            limits:
              max_scan_chars: lots
            """,
            4,
            "limits.max_scan_chars",
            "valid integer",
            id="wrong-type-int",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            rules:
              categories:
                secret: {action: blok}
            """,
            5,
            "rules.categories.secret.action",
            "'allow', 'audit', 'warn', 'mask' or 'block'",
            id="bad-action",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            rules:
              categories:
                secrets: {action: block}
            """,
            5,
            "rules.categories.secrets",
            "invalid name 'secrets'",
            id="bad-category-name",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            fail_mode: ajar
            """,
            3,
            "fail_mode",
            "'closed' or 'open'",
            id="bad-enum",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            detection:
              min_score: 1.5
            """,
            4,
            "detection.min_score",
            "less than or equal to 1",
            id="out-of-range",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            custom:
              patterns:
                - id: employee-id
                  regex: "EMP-(\\\\d{6}"
            """,
            6,
            "custom.patterns[0].regex",
            "invalid regex",
            id="bad-regex",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            custom:
              patterns:
                - id: anything
                  regex: "x*"
            """,
            6,
            "custom.patterns[0].regex",
            "matches the empty string",
            id="regex-matches-empty",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            custom:
              terms:
                - id: codenames
                  terms: [Bluebird]
              patterns:
                - id: codenames
                  regex: "BB-\\\\d+"
            """,
            8,
            "custom.patterns[0].id",
            "duplicate rule id 'codenames'",
            id="duplicate-rule-id",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            allowlists:
              patterns: ["[unclosed"]
            """,
            4,
            "allowlists.patterns[0]",
            "invalid regex",
            id="bad-allowlist-regex",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            sites:
              guarded: [ai_chat, internal]
            """,
            4,
            "sites.guarded",
            "unknown group(s) ['internal']",
            id="unknown-guarded-group",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            allowlists:
              sites: ["https://chat.example.com"]
            """,
            4,
            "allowlists.sites[0]",
            "should match pattern",
            id="bad-site-pattern",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            custom:
              hashed_terms:
                - id: customers
                  salt: "0123456789abcdef"
                  hashes: ["not-a-hash"]
            """,
            7,
            "custom.hashed_terms[0].hashes[0]",
            "should match pattern",
            id="bad-hash",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            user_may_change: [version]
            """,
            3,
            "user_may_change",
            "not a key users may change",
            id="user-may-not-change-version",
        ),
        pytest.param(
            """\
            schema_version: 2
            version: 1
            """,
            1,
            "schema_version",
            "Input should be 1",
            id="unsupported-schema-version",
        ),
        pytest.param(
            """\
            schema_version: 1
            """,
            1,
            "version",
            "missing required key 'version'",
            id="missing-version",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            simulation: true
            simulation: false
            """,
            4,
            "simulation",
            "duplicate key 'simulation' (first at line 3)",
            id="duplicate-yaml-key",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            clipboard:
              ai_apps: &apps [ChatGPT]
            notifications: *apps
            """,
            5,
            "notifications",
            "aliases",
            id="aliases-refused",
        ),
        pytest.param(
            """\
            schema_version: 1
            version: 1
            rules:
              default: [warn
            """,
            5,
            "",
            "not valid YAML",
            id="yaml-syntax",
        ),
        pytest.param(
            """\
            - schema_version: 1
            """,
            1,
            "",
            "top level must be a mapping",
            id="not-a-mapping",
        ),
    ],
)
def test_each_schema_error_names_line_key_and_problem(body, line, key, message):
    problems = problems_of(body)
    assert problems, "expected the policy to be refused"
    match = [p for p in problems if p.key == key and message in p.message]
    assert match, f"no problem for {key!r} with {message!r} in {[str(p) for p in problems]}"
    assert match[0].line == line
    assert match[0].source == "policy.yaml"
    assert str(match[0]).startswith(f"policy.yaml:{line}: ")


def test_every_problem_is_listed_not_just_the_first():
    problems = problems_of(
        """\
        schema_version: 1
        version: 1
        simulation: maybe
        fail_mode: ajar
        rules:
          categories:
            secret: {action: blok}
        custom:
          patterns:
            - id: a
              regex: "("
            - id: a
              regex: "x"
        typo: 1
        """
    )
    keys = [p.key for p in problems]
    assert keys == [
        "simulation",
        "fail_mode",
        "rules.categories.secret.action",
        "custom.patterns[0].regex",
        "custom.patterns[1].id",
        "typo",
    ]


def test_messages_never_echo_the_offending_value():
    problems = problems_of(
        """\
        schema_version: 1
        version: 1
        custom:
          terms:
            - id: codenames
              terms: ["Project Nightjar", "   "]
        """
    )
    assert problems and all("Nightjar" not in str(p) for p in problems)


def test_json_and_yaml_policies_load_to_the_same_policy():
    yaml_text = """\
        schema_version: 1
        version: 4
        simulation: true
        rules:
          entities:
            EMAIL_ADDRESS: {action: audit, min_score: 0.8}
        """
    data = {
        "schema_version": 1,
        "version": 4,
        "simulation": True,
        "rules": {"entities": {"EMAIL_ADDRESS": {"action": "audit", "min_score": 0.8}}},
    }
    from_yaml = build_effective(parse_document(textwrap.dedent(yaml_text), "p.yaml")).policy
    from_json = build_effective(parse_document(json.dumps(data, indent=2), "p.json", json_format=True)).policy
    assert from_yaml == from_json


def test_json_errors_carry_line_numbers():
    text = json.dumps({"schema_version": 1, "version": 1, "override": {"allow": "perhaps"}}, indent=2)
    problems = problems_of(text, "policy.json")
    assert [(p.source, p.line, p.key) for p in problems] == [("policy.json", 5, "override.allow")]


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"schema_version": 1,\n "version": 1,\n}', "not valid JSON"),
        ('{"version": 1, "version": 2, "schema_version": 1}', "duplicate key 'version'"),
    ],
)
def test_broken_json_is_refused(text, message):
    problems = problems_of(text, "policy.json")
    assert any(message in p.message for p in problems)


def test_read_document_picks_the_format_from_the_suffix(tmp_path):
    path = tmp_path / "policy.json"
    path.write_text('{"schema_version": 1, "version": 9}', encoding="utf-8")
    assert read_document(path).data == {"schema_version": 1, "version": 9}


def test_non_utf8_file_is_refused_with_its_line(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_bytes(b"schema_version: 1\nname: caf\xe9\n")
    with pytest.raises(PolicyValidationError) as info:
        read_document(path)
    assert "policy.yaml:2: not UTF-8" in str(info.value)


def test_missing_file_is_a_policy_error(tmp_path):
    with pytest.raises(PolicyError, match="policy file missing"):
        read_document(tmp_path / "absent.yaml")


@pytest.mark.parametrize(
    "loc, text",
    [
        (("custom", "patterns", 0, "regex"), "custom.patterns[0].regex"),
        (("sites", "groups", "ai_chat"), "sites.groups.ai_chat"),
        ((), ""),
    ],
)
def test_format_key(loc, text):
    assert format_key(loc) == text

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import yaml
from click.testing import CliRunner

from dlpguard.engine.hashed_terms import HashedTerms, HashedTermsDetector
from dlpguard.policy.cli import policy
from dlpguard.policy.layers import build_effective
from dlpguard.policy.loader import parse_document
from tests.policy.conftest import policy_text

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(policy, list(args), input=input, catch_exceptions=False)


def test_validate_accepts_a_good_file(policy_env, tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(policy_text(3))
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert f"{path}: ok (version 3)" in result.output


def test_validate_lists_every_problem_and_exits_1(policy_env, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(policy_text(3, "simulation: maybe\nfail_mode: ajar\noverride: {alow: true}\n"))
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}: 3 problem(s)" in result.output
    for expected in (
        f"{path}:3: simulation:",
        f"{path}:4: fail_mode:",
        f"{path}:5: override.alow: unknown key",
    ):
        assert expected in result.output


def test_validate_checks_every_file_given(policy_env, tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.yaml"
    good.write_text(json.dumps({"schema_version": 1, "version": 1}))
    bad.write_text("schema_version: 1\n")
    result = run("validate", str(good), str(bad))
    assert result.exit_code == 1
    assert f"{good}: ok" in result.output and f"{bad}:1: version: missing required key" in result.output


def test_validate_warns_about_entity_names_no_detector_reports(policy_env, tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text(policy_text(1, "rules:\n  entities:\n    EMAIL_ADRESS: {action: block}\n"))
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert "warning:" in result.output and "EMAIL_ADRESS" in result.output


def test_keygen_sign_verify_round_trip(policy_env, tmp_path):
    result = run("keygen", "--out", str(tmp_path / "keys"))
    assert result.exit_code == 0, result.output
    private, public = tmp_path / "keys" / "policy-signing.key", tmp_path / "keys" / "policy-signing.pub"
    path = policy_env.write_admin(policy_text(2))
    assert run("sign", str(path), "--key", str(private)).exit_code == 0
    assert run("verify", str(path), "--key", str(public)).exit_code == 0
    policy_env.keys_dir.mkdir()
    (policy_env.keys_dir / public.name).write_bytes(public.read_bytes())
    result = run("verify", str(path))
    assert result.exit_code == 0 and "signed, verified with key" in result.output


def test_keygen_with_passphrase_then_sign(policy_env, tmp_path, monkeypatch):
    monkeypatch.setenv("DLPGUARD_KEY_PASSPHRASE", "long enough passphrase")
    assert run("keygen", "--out", str(tmp_path / "k"), "--encrypt").exit_code == 0
    assert b"ENCRYPTED" in (tmp_path / "k" / "policy-signing.key").read_bytes()
    path = policy_env.write_admin(policy_text(2))
    assert run("sign", str(path), "--key", str(tmp_path / "k" / "policy-signing.key")).exit_code == 0


def test_verify_refuses_a_tampered_policy(policy_env, tmp_path):
    run("keygen", "--out", str(tmp_path / "keys"))
    path = policy_env.write_admin(policy_text(2))
    run("sign", str(path), "--key", str(tmp_path / "keys" / "policy-signing.key"))
    path.write_text(policy_text(2, "simulation: true\n"))
    result = run("verify", str(path), "--key", str(tmp_path / "keys" / "policy-signing.pub"))
    assert result.exit_code == 1 and "bad signature" in result.output


def test_verify_without_any_key_fails(policy_env):
    path = policy_env.write_admin(policy_text(2))
    result = run("verify", str(path))
    assert result.exit_code == 1 and "no public key installed" in result.output


def test_sign_refuses_an_invalid_policy(policy_env, tmp_path):
    run("keygen", "--out", str(tmp_path / "keys"))
    path = policy_env.write_admin(policy_text(2, "simulation: maybe\n"))
    result = CliRunner().invoke(
        policy, ["sign", str(path), "--key", str(tmp_path / "keys" / "policy-signing.key")]
    )
    assert result.exit_code == 1 and "not signing an invalid policy" in result.output
    assert not path.with_name("policy.yaml.sig").exists()


def test_show_effective_prints_values_with_their_origin(policy_env):
    policy_env.write_admin(policy_text(4, "simulation: true\n"))
    result = run("show", "--effective")
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.splitlines() if not line.startswith("#")}
    assert lines["simulation"].endswith(f"# admin: {policy_env.admin_path}:3")
    assert "# default: built-in default_policy.yaml:" in lines["fail_mode"]
    assert "# default: schema" in lines["incidents.retention_days"]


def test_show_without_effective_lists_only_what_the_admin_set(policy_env):
    policy_env.write_admin(policy_text(4, "simulation: true\n"))
    result = run("show")
    keys = [line.split()[0] for line in result.output.splitlines() if not line.startswith("#")]
    assert keys == ["schema_version", "version", "simulation"]


def test_show_json(policy_env):
    policy_env.write_admin(policy_text(4))
    out = json.loads(run("show", "--effective", "--json").output)
    assert out["version"] == 4 and out["policy"]["fail_mode"] == "closed"
    assert out["origins"]["version"] == f"admin: {policy_env.admin_path}:2"
    assert "chatgpt.com" in out["guarded_sites"]


def test_show_reports_a_refused_policy(policy_env):
    policy_env.write_admin(policy_text(4, "fail_mode: ajar\n"))
    result = CliRunner().invoke(policy, ["show"])
    assert result.exit_code == 1 and f"{policy_env.admin_path}:3: fail_mode" in result.output


def test_schema_command_prints_the_committed_schema():
    assert run("schema").output == (ROOT / "docs" / "policy.schema.json").read_text(encoding="utf-8")


def test_hash_terms_output_is_a_valid_entry_that_finds_the_terms_without_holding_them(policy_env, tmp_path):
    plain = tmp_path / "customers.txt"
    plain.write_text("# private list\nMaria Keller\nCUST-004711\n\nJosé Núñez García\n")
    result = run(
        "hash-terms", "--salt", "s3cret-salt-value-1", "--id", "customers", "--action", "block", str(plain)
    )
    assert result.exit_code == 0, result.output
    for term in ("Maria", "Keller", "004711", "Núñez"):
        assert term.lower() not in result.output.lower()
    entries = yaml.safe_load(result.output)
    body = policy_text(1) + yaml.safe_dump({"custom": {"hashed_terms": entries}})
    policy = build_effective(parse_document(body, "p.yaml")).policy
    (rule,) = policy.custom.hashed_terms
    assert rule.max_words == 5  # longest term is 3 words, + 2 because ids are in the list
    detector = HashedTermsDetector(HashedTerms(rule.id, rule.salt, frozenset(rule.hashes), rule.max_words))
    text = textwrap.dedent("""\
        Ticket from MARIA  keller about cust 004711;
        cc jose nunez garcia.
    """)
    found = [text[f.start : f.end] for f in detector.find(text, text.lower())]
    assert found == ["MARIA  keller", "cust 004711", "jose nunez garcia"]


def test_hash_terms_makes_a_salt_when_none_is_given(policy_env, tmp_path):
    plain = tmp_path / "names.txt"
    plain.write_text("Bluebird\n")
    entry = yaml.safe_load(run("hash-terms", str(plain)).output)[0]
    assert len(entry["salt"]) == 32 and len(entry["hashes"]) == 1


def test_hash_terms_refuses_options_that_would_make_an_invalid_entry(policy_env, tmp_path):
    plain = tmp_path / "names.txt"
    plain.write_text("Bluebird\n")
    result = CliRunner().invoke(policy, ["hash-terms", "--entity-type", "lower case", str(plain)])
    assert result.exit_code == 1 and "entity_type: String should match pattern" in result.output

"""Issue 13 item 7b: a signed policy that does not load says why, through the CLI. When the signature
verifies, what is wrong is the content (file:line); when it does not, it is the signature, and what the
unverified content holds is told only by the admin's own tools (`policy verify`, `policy validate`),
never by `policy show` (what the tray and the logs say too)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from dlpguard.policy.cli import policy
from dlpguard.policy.diagnose import diagnose_bytes
from dlpguard.policy.signing import load_public_keys, read_signature
from tests.policy.conftest import policy_text

MARKER = "MARKER-7f3a"  # stands for anything the unverified content holds
BROKEN_YAML = f"rules: [\n  {MARKER}: {{\n"  # line 3 opens a list that never closes


def run(*args: str):
    return CliRunner().invoke(policy, list(args), catch_exceptions=False)


def signed_but_broken(env, key) -> None:
    env.write_signed(policy_text(4, BROKEN_YAML), key)  # signed as it is: the signature verifies


def signed_but_invalid(env, key) -> None:
    env.write_signed(policy_text(4, "simulation: maybe\n"), key)


def broken_after_signing(env, key) -> None:
    env.write_signed(policy_text(4), key)
    env.write_admin(policy_text(4, BROKEN_YAML))


def changed_after_signing(env, key) -> None:
    env.write_signed(policy_text(4), key)
    env.write_admin(policy_text(5))


@dataclass(frozen=True)
class Case:
    make: object
    show: tuple[str, ...]  # all in `policy show`'s output
    verify: tuple[str, ...]
    validate: tuple[str, ...]
    content_told_by_show: bool


CASES = {
    "verified-broken-yaml": Case(
        signed_but_broken,
        show=("admin policy refused", "{admin}:5: not valid YAML"),
        verify=("signed, verified with key", "but the policy does not load:", "{admin}:5: not valid YAML"),
        validate=("1 problem(s)", "{admin}:5: not valid YAML", "signature verified with key"),
        content_told_by_show=True,
    ),
    "verified-invalid-value": Case(
        signed_but_invalid,
        show=("admin policy refused", "{admin}:3: simulation:"),
        verify=("signed, verified with key", "but the policy does not load:", "{admin}:3: simulation:"),
        validate=("{admin}:3: simulation:", "signature verified with key"),
        content_told_by_show=True,
    ),
    "bad-signature-broken-yaml": Case(
        broken_after_signing,
        show=("admin policy refused", "bad signature", "the policy's content was not read"),
        verify=(
            "refused: {admin}: bad signature",
            "the content (unverified) would be refused as well:",
            "{admin}:5: not valid YAML",
        ),
        validate=("{admin}:5: not valid YAML", "bad signature: no installed key"),
        content_told_by_show=False,
    ),
    "bad-signature-valid-content": Case(
        changed_after_signing,
        show=("admin policy refused", "bad signature", "the policy's content was not read"),
        verify=(
            "refused: {admin}: bad signature",
            "the content (unverified) is a valid policy, version 5: if the change is yours, sign it again",
        ),
        validate=("{admin}: content ok (version 5), but bad signature: no installed key",),
        content_told_by_show=False,
    ),
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("command", ["show", "verify", "validate"])
def test_a_signed_policy_that_does_not_load_says_whether_the_signature_or_the_content_is_wrong(
    policy_env, name, command
):
    case = CASES[name]
    case.make(policy_env, policy_env.install_key())
    admin = str(policy_env.admin_path)
    result = run(command) if command == "show" else run(command, admin)
    assert result.exit_code == 1, result.output
    for expected in getattr(case, command):
        assert expected.format(admin=admin) in result.output, (expected, result.output)
    if command == "show":
        told = "not valid YAML" in result.output or f"{admin}:3: simulation:" in result.output
        assert told is case.content_told_by_show, result.output
        assert MARKER not in result.output
        if not case.content_told_by_show:
            assert not re.search(rf"{re.escape(admin)}:\d", result.output)  # no line of it pointed at


def test_a_signed_valid_policy_passes_all_three(policy_env):
    policy_env.write_signed(policy_text(4), policy_env.install_key())
    admin = str(policy_env.admin_path)
    assert run("show").exit_code == 0
    verified = run("verify", admin)
    assert verified.exit_code == 0 and "signed, verified with key" in verified.output
    assert "(version 4)" in verified.output
    validated = run("validate", admin)
    assert validated.exit_code == 0
    assert f"{admin}: ok (version 4), signature verified with key" in validated.output


def test_validate_without_a_signature_says_nothing_of_signing(policy_env, tmp_path):
    policy_env.install_key()
    draft = tmp_path / "draft.yaml"
    draft.write_text(policy_text(6))
    result = run("validate", str(draft))
    assert result.exit_code == 0
    assert result.output.strip() == f"{draft}: ok (version 6)"


def test_diagnose_judges_the_signature_and_the_content_apart(policy_env):
    broken_after_signing(policy_env, policy_env.install_key())
    path = policy_env.admin_path
    diagnosis = diagnose_bytes(path.read_bytes(), read_signature(path), load_public_keys(), path)
    assert not diagnosis.verified and diagnosis.signature_error is not None
    assert diagnosis.signature_error.problem.startswith("bad signature")
    assert "content was not read" in str(diagnosis.signature_error)
    assert not diagnosis.loads and "not valid YAML" in str(diagnosis.content_error)

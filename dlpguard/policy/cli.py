"""`dlpguard policy ...`: the admin's tools (validate, sign, hash term lists) and the user's view of it.

The lead registers the group with `main.add_command(policy)`.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any, TextIO

import click
import yaml
from pydantic import ValidationError

from dlpguard.engine.hashed_terms import hash_term, term_words
from dlpguard.engine.types import Action, Category
from dlpguard.errors import PolicyError
from dlpguard.policy.diagnose import diagnose_bytes
from dlpguard.policy.engine_config import known_entity_categories
from dlpguard.policy.last_good import LastGoodPolicy
from dlpguard.policy.layers import EffectivePolicy, Layer, build_effective
from dlpguard.policy.loader import PolicyValidationError, format_key, read_document
from dlpguard.policy.replay import ReplayGuard
from dlpguard.policy.resolve import PolicySources, PolicyState, Resolution, resolve_policy
from dlpguard.policy.schema import Policy, json_schema
from dlpguard.policy.signing import (
    SignatureError,
    generate_keypair,
    installed_keys_dir,
    load_public_key,
    load_public_keys,
    private_key_is_encrypted,
    read_signature,
    sign_file,
    signature_path,
    verify_bytes,
)

PASSPHRASE_ENV = "DLPGUARD_KEY_PASSPHRASE"  # noqa: S105 (the name of a variable, not a secret)
_LONG_LIST = 8


@click.group()
def policy() -> None:
    """Inspect, validate and sign DLP Guard policies."""


# -- show ------------------------------------------------------------------------------------------


def _brief(value: Any) -> str:
    if isinstance(value, list) and len(value) > _LONG_LIST:
        return f"[{len(value)} items]"
    return json.dumps(value, ensure_ascii=False)


@policy.command()
@click.option("--effective", is_flag=True, help="Every value in force, with the layer and line it came from.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def show(effective: bool, as_json: bool) -> None:
    """Show the policy in force (the admin's settings, or with --effective the merged result).

    Exit status 1 when the admin file is not what is in force (refused, or deleted while signing is on):
    the output then shows what is used instead, the last good signed policy or the built-in default.
    """
    sources = PolicySources.from_environment()
    resolution = resolve_policy(sources, ReplayGuard())
    loaded = resolution.loaded
    eff = loaded.effective
    rows = [
        (loc, value, origin)
        for loc, value, origin in eff.values()
        if effective or origin.layer is not Layer.DEFAULT
    ]
    if resolution.error is not None:
        click.echo(resolution.status.describe(), err=True)
    if as_json:
        out = _summary(resolution, sources)
        if effective:
            out["policy"] = eff.policy.model_dump(mode="json")
            out["origins"] = {format_key(loc): str(origin) for loc, _, origin in rows}
        else:
            out["settings"] = {format_key(loc): value for loc, value, _ in rows}
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for key, value in _summary(resolution, sources).items():
            if key not in ("notes", "state", "error"):
                click.echo(f"# {key}: {value}")
        for note in loaded.notes:
            click.echo(f"# note: {note}")
        if not rows:
            click.echo("# (the admin policy sets nothing beyond the built-in default)")
        width = max((len(format_key(loc)) for loc, _, _ in rows), default=0)
        for loc, value, origin in rows:
            line = f"{format_key(loc):<{width}}  {_brief(value)}"
            click.echo(f"{line}    # {origin}" if effective else line)
    if resolution.status.state in (PolicyState.REJECTED, PolicyState.MISSING):
        sys.exit(1)


def _summary(resolution: Resolution, sources: PolicySources) -> dict[str, Any]:
    loaded = resolution.loaded
    p = loaded.effective.policy
    if loaded.last_good is not None:
        admin = f"last good signed copy of {loaded.last_good.original} ({loaded.admin_path})"
    elif loaded.admin_path:
        admin = str(loaded.admin_path)
    else:
        admin = f"none in force from {sources.admin_path} (built-in default)"
    return {
        "status": resolution.status.describe(),
        "state": resolution.status.state.value,
        "error": resolution.status.error,
        "admin_policy": admin,
        "signature": loaded.signature.describe() if loaded.signature else "n/a",
        "version": p.version,
        "simulation": p.simulation,
        "guarded_sites": list(p.sites.guarded_patterns()),
        "notes": list(loaded.notes),
    }


# -- validate --------------------------------------------------------------------------------------


def _unknown_entity_warnings(eff: EffectivePolicy) -> list[str]:
    """Entity names the engine never reports: a typo there silently does nothing."""
    known = known_entity_categories(eff.policy)
    warnings = []
    for section, names in (
        ("rules.entities", eff.policy.rules.entities),
        ("masking.entities", eff.policy.masking.entities),
    ):
        for name in names:
            if name not in known:
                origin = eff.origin((*section.split("."), name))
                warnings.append(
                    f"{origin.source}:{origin.line or '?'}: {section}.{name}: "
                    f"no detector reports entity {name!r}"
                )
    return warnings


@policy.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def validate(files: tuple[Path, ...]) -> None:
    """Check policy FILES (YAML or JSON) and list every problem; exit 1 if any file has one.

    A FILE with a signature beside it (FILE.sig) is also checked against the installed public keys:
    a signature that does not verify is a problem too, reported apart from what the content holds.
    """
    failed = False
    for path in files:
        signature, signature_ok = _signature_line(path)
        try:
            eff = build_effective(read_document(path))
        except PolicyValidationError as exc:
            failed = True
            click.echo(f"{path}: {len(exc.problems)} problem(s)")
            for problem in exc.problems:
                click.echo(f"  {problem}")
            if signature:
                click.echo(f"  {signature}")
            continue
        except PolicyError as exc:
            failed = True
            click.echo(f"{path}: {exc}")
            continue
        for warning in _unknown_entity_warnings(eff):
            click.echo(f"  warning: {warning}")
        if not signature_ok:
            failed = True
            click.echo(f"{path}: content ok (version {eff.policy.version}), but {signature}")
            continue
        click.echo(f"{path}: ok (version {eff.policy.version})" + (f", {signature}" if signature else ""))
    sys.exit(1 if failed else 0)


def _signature_line(path: Path) -> tuple[str | None, bool]:
    """What FILE.sig says about `path`, if there is one: (line, whether it verifies or cannot be checked)."""
    if not signature_path(path).exists():
        return None, True
    try:
        keys = load_public_keys()
        if not keys:
            return f"signature not checked: no public key installed in {installed_keys_dir()}", True
        check = verify_bytes(path.read_bytes(), read_signature(path), keys, str(path))
    except OSError as exc:
        return f"signature not checked: cannot read {path}: {exc.strerror}", True
    except SignatureError as exc:
        return exc.problem, False
    except PolicyError as exc:  # an installed key that cannot be read
        return f"signature not checked: {exc}", False
    return f"signature verified with key {check.key_id}", True


# -- keys and signatures ---------------------------------------------------------------------------


def _passphrase(value: str | None) -> bytes | None:
    return value.encode("utf-8") if value else None


@policy.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the keys.",
)
@click.option("--name", default="policy-signing", show_default=True, help="File name stem of the key pair.")
@click.option(
    "--encrypt",
    is_flag=True,
    help=f"Protect the private key with a passphrase (prompted, or ${PASSPHRASE_ENV}).",
)
def keygen(out_dir: Path, name: str, encrypt: bool) -> None:
    """Create an Ed25519 key pair for signing policies (private key 0600, public key to install)."""
    passphrase = None
    if encrypt:
        passphrase = _env_passphrase() or click.prompt(
            "Passphrase", hide_input=True, confirmation_prompt=True
        )
    try:
        private, public = generate_keypair(out_dir, name, _passphrase(passphrase))
    except PolicyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"private key: {private} (keep it off employee machines)")
    click.echo(f"public key:  {public} (install into {installed_keys_dir()})")


def _env_passphrase() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None


@policy.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key", "key_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def sign(file: Path, key_path: Path) -> None:
    """Validate FILE, then write its detached signature FILE.sig."""
    try:
        build_effective(read_document(file))
    except PolicyError as exc:
        raise click.ClickException(f"not signing an invalid policy:\n{exc}") from exc
    passphrase = _env_passphrase()
    if passphrase is None and private_key_is_encrypted(key_path):
        passphrase = click.prompt("Passphrase", hide_input=True)
    try:
        sig = sign_file(file, key_path, _passphrase(passphrase))
    except PolicyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {sig}")


@policy.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key",
    "key_paths",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Public key(s) to check against instead of the installed ones.",
)
def verify(file: Path, key_paths: tuple[Path, ...]) -> None:
    """Check FILE.sig against the installed public keys (or --key), then FILE's content; exit 1 when
    the app would refuse it. Says which failed: the signature (the content is then only described
    here, for you: the app never reads content it cannot verify) or the content (file:line)."""
    try:
        keys = tuple(load_public_key(p) for p in key_paths) if key_paths else load_public_keys()
        if not keys:
            raise PolicyError(f"no public key installed in {installed_keys_dir()} (or pass --key)")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise PolicyError(f"{file}: cannot read: {exc.strerror}") from exc
        diagnosis = diagnose_bytes(data, read_signature(file), keys, file)
    except PolicyError as exc:
        click.echo(f"refused: {exc}")
        sys.exit(1)
    if diagnosis.signature is None:
        assert diagnosis.signature_error is not None
        click.echo(f"refused: {file}: {diagnosis.signature_error.problem}")
        if diagnosis.content_error is not None:
            click.echo("the content (unverified) would be refused as well:")
            click.echo(_indented(diagnosis.content_error))
        else:
            click.echo(
                f"the content (unverified) is a valid policy, version {diagnosis.version}: "
                "if the change is yours, sign it again"
            )
        sys.exit(1)
    if diagnosis.content_error is not None:
        click.echo(f"refused: {file}: {diagnosis.signature.describe()}, but the policy does not load:")
        click.echo(_indented(diagnosis.content_error))
        sys.exit(1)
    click.echo(f"{file}: {diagnosis.signature.describe()} (version {diagnosis.version})")


def _indented(exc: PolicyError) -> str:
    return "\n".join(f"  {line}" for line in str(exc).splitlines())


# -- replay state (test machines) ------------------------------------------------------------------


@policy.command("reset-replay")
@click.option("--yes", "confirmed", is_flag=True, help="Confirm: older signed policies are accepted again.")
def reset_replay(confirmed: bool) -> None:
    """Forget the highest signed policy version seen by this user (and the last good copy).

    For test machines that walk a staged rollout (audit-only -> balanced -> strict) more than once.
    On a real desktop this reopens the door to replaying an old, weaker signed policy.
    """
    guard, cache = ReplayGuard(), LastGoodPolicy()
    floor = guard.highest
    if not confirmed:
        click.echo(
            f"would forget replay floor v{floor} ({guard.state_path}) and the last good policy copy "
            f"({cache.path}); run again with --yes to do it",
            err=True,
        )
        sys.exit(2)
    removed = guard.reset()
    try:
        cache.path.unlink()
        dropped = True
    except FileNotFoundError:
        dropped = False
    click.echo(
        f"replay floor {'v' + str(floor) + ' forgotten' if removed else 'was not set'} ({guard.state_path}); "
        f"last good policy copy {'removed' if dropped else 'was not kept'} ({cache.path})"
    )


# -- schema and hashed terms -----------------------------------------------------------------------


@policy.command()
def schema() -> None:
    """Print the policy JSON Schema (docs/policy.schema.json is this output)."""
    click.echo(schema_text(), nl=False)


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


@policy.command("hash-terms")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--salt", help="Salt (16+ characters); a random one is made when omitted.")
@click.option("--id", "rule_id", default="hashed-terms", show_default=True)
@click.option("--entity-type", default="HASHED_TERM", show_default=True)
@click.option(
    "--category", type=click.Choice([c.value for c in Category]), default="custom", show_default=True
)
@click.option("--action", type=click.Choice([a.value for a in Action]), default=None)
def hash_terms(
    file: TextIO, salt: str | None, rule_id: str, entity_type: str, category: str, action: str | None
) -> None:
    """Turn a private plaintext list (one term per line, # comments) into a hashed_terms policy entry."""
    salt = salt or secrets.token_hex(16)
    if len(salt) < 16:
        raise click.BadParameter("use at least 16 characters", param_hint="--salt")
    terms = [line.strip() for line in file if line.strip() and not line.lstrip().startswith("#")]
    words = [term_words(t) for t in terms]
    kept = [t for t, w in zip(terms, words, strict=True) if w]
    if not kept:
        raise click.ClickException("no terms with letters or digits in the file")
    longest = max(len(w) for w in words)
    if any(any(ch.isdigit() for ch in "".join(w)) for w in words):
        longest += 2  # ids are often written with extra separators ("CUST 001 23")
    entry: dict[str, Any] = {"id": rule_id, "entity_type": entity_type, "category": category}
    if action:
        entry["action"] = action
    entry |= {
        "salt": salt,
        "max_words": min(8, longest),
        "hashes": sorted({hash_term(salt, t) for t in kept}),
    }
    try:  # what we print must validate
        Policy.model_validate({"schema_version": 1, "version": 0, "custom": {"hashed_terms": [entry]}})
    except ValidationError as exc:
        errors = exc.errors(include_input=False)
        problems = "; ".join(f"{format_key(e['loc'][-1:])}: {e['msg']}" for e in errors)
        raise click.ClickException(f"cannot make a valid entry: {problems}") from exc
    click.echo(
        f"# {len(entry['hashes'])} hashed terms: paste under custom.hashed_terms. "
        "Keep the plaintext file private."
    )
    click.echo(_yaml_entry(entry), nl=False)


def _yaml_entry(entry: dict[str, Any]) -> str:
    return yaml.safe_dump([entry], sort_keys=False, default_flow_style=False, width=120)

"""`dlpguard doctor`: can this installation protect the user, and if not, why not.

A check is one function `check_x(context) -> CheckResult`. To add one (policy, incident log, browser
host), write the function and append it to `CHECKS`; the command, the text report and the JSON need no
change. A check that raises is reported as failed, so one broken part never hides the others.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import stat
import sys
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from dlpguard import __version__, paths
from dlpguard.errors import ModelError

if TYPE_CHECKING:
    from dlpguard.engine import Engine
    from dlpguard.policy.schema import Policy


class Status(StrEnum):
    OK = "ok"
    DEGRADED = "degraded"  # works, but protects less than it should
    FAILED = "failed"


_RANK = {Status.OK: 0, Status.DEGRADED: 1, Status.FAILED: 2}
EXIT_CODES = {Status.OK: 0, Status.DEGRADED: 1, Status.FAILED: 2}


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    summary: str  # one line for the report
    details: Mapping[str, object] = field(default_factory=dict)  # JSON-able, for --json and the detail lines

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "status": self.status.value,
            "summary": self.summary,
            "details": dict(self.details),
        }


class DoctorContext:
    """State the checks share, built on first use: the engine loads (and is timed) once for all checks."""

    def __init__(self) -> None:
        self._engine: Engine | None = None
        self.engine_load_ms: float | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from dlpguard.engine import Engine

            started = time.perf_counter()
            self._engine = Engine()
            self.engine_load_ms = round((time.perf_counter() - started) * 1000, 1)
        return self._engine


Check = Callable[[DoctorContext], CheckResult]


def check_python(context: DoctorContext) -> CheckResult:
    version = platform.python_version()
    details = {
        "version": version,
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "platform": platform.platform(),
    }
    ok = sys.version_info >= (3, 11)
    summary = f"{platform.python_implementation()} {version} on {platform.system()} {platform.machine()}"
    return CheckResult("python", Status.OK if ok else Status.FAILED, summary, details)


def check_version(context: DoctorContext) -> CheckResult:
    deps = {}
    for name in ("spacy", "presidio-analyzer", "pydantic", "click", "cryptography", "keyring"):
        try:
            deps[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            deps[name] = None
    missing = [n for n, v in deps.items() if v is None]
    summary = f"dlpguard {__version__}" + (f"; missing: {', '.join(missing)}" if missing else "")
    status = Status.FAILED if missing else Status.OK
    return CheckResult("dlpguard", status, summary, {"version": __version__, "dependencies": deps})


def check_model(context: DoctorContext) -> CheckResult:
    """The pinned NER model: manifest, tree hash (expected vs actual), and whether the engine loaded it."""
    from dlpguard.engine.model import load_manifest, locate_data_dir, manifest_path, tree_digest

    details: dict[str, object] = {"manifest": str(manifest_path())}
    try:
        spec = load_manifest()
    except ModelError as exc:
        details["manifest_error"] = str(exc)
    else:
        details.update(
            name=spec.name, version=spec.version, package=spec.package, expected_tree_sha256=spec.tree_sha256
        )
        try:
            data_dir = locate_data_dir(spec)
        except ModelError as exc:
            details["data_dir_error"] = str(exc)
            details["tree_hash"] = "unavailable"
        else:
            digest, files, size = tree_digest(data_dir)
            details.update(
                data_dir=str(data_dir),
                actual_tree_sha256=digest,
                files=files,
                size_bytes=size,
                tree_hash="match" if digest == spec.tree_sha256 else "mismatch",
            )
    model = context.engine.model
    details.update(model.to_dict())
    details["load_ms"] = context.engine_load_ms
    if model.mode == "ner":
        return CheckResult("model", Status.OK, f"{model.name} {model.version}: verified and loaded", details)
    return CheckResult(
        "model", Status.DEGRADED, f"pattern-only, names and places are not detected: {model.reason}", details
    )


def check_recognizers(context: DoctorContext) -> CheckResult:
    engine = context.engine
    types = {entity: category.value for entity, category in sorted(engine.entity_types.items())}
    details = {
        "count": len(engine.detectors),
        "recognizers": sorted({d.detector_name for d in engine.detectors}),
        "entity_types": types,
    }
    if not engine.detectors:
        return CheckResult("recognizers", Status.FAILED, "no recognizers found", details)
    summary = f"{len(engine.detectors)} recognizers, {len(types)} entity types"
    return CheckResult("recognizers", Status.OK, summary, details)


def _describe(path: Path) -> dict[str, object]:
    info: dict[str, object] = {"path": str(path), "exists": path.exists()}
    if path.exists() and os.name == "posix":
        info["mode"] = oct(stat.S_IMODE(path.stat().st_mode))
    return info


def check_paths(context: DoctorContext) -> CheckResult:
    """Where things live; user data must not be readable by other users."""
    with warnings.catch_warnings(record=True) as caught:  # e.g. platformdirs: XDG_RUNTIME_DIR is not set
        warnings.simplefilter("always")
        locations = {
            "data": paths.user_data_dir(),
            "config": paths.user_config_dir(),
            "runtime": paths.user_runtime_dir(),
            "machine": paths.machine_config_dir(),
            "admin_policy": paths.admin_policy_path(),
        }
    details: dict[str, object] = {name: _describe(path) for name, path in locations.items()}
    if caught:
        details["warnings"] = [str(w.message) for w in caught]
    checkout = paths.development_tree()
    details["overrides"] = f"honoured (source checkout {checkout})" if checkout else "ignored (installed)"
    ignored = paths.ignored_overrides()
    if ignored:
        details["ignored_overrides"] = list(ignored)
    exposed = [
        name
        for name in ("data", "runtime")
        if os.name == "posix" and locations[name].exists() and locations[name].stat().st_mode & 0o077
    ]
    if exposed:
        return CheckResult(
            "paths", Status.DEGRADED, f"readable by other users: {', '.join(exposed)}", details
        )
    note = f"; ignored: {', '.join(ignored)} (an installed build uses its own locations)" if ignored else ""
    return CheckResult("paths", Status.OK, f"data in {locations['data']}{note}", details)


#: The checks of the parts below the shells, in report order. Shells add their own (browser host, tray)
#: where they assemble the report: `dlpguard.cli.DOCTOR_CHECKS`.
CHECKS: list[Check] = [check_python, check_version, check_model, check_recognizers, check_paths]


@dataclass(frozen=True)
class DoctorReport:
    checks: tuple[CheckResult, ...]

    @property
    def status(self) -> Status:
        return max((c.status for c in self.checks), key=_RANK.__getitem__, default=Status.OK)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]

    @property
    def headline(self) -> str:
        if self.status is Status.OK:
            return "healthy: every check passed"
        worst = [f"{c.name}: {c.summary}" for c in self.checks if c.status is self.status]
        return f"{self.status.value}: " + "; ".join(worst)

    def to_dict(self) -> dict[str, object]:
        return {
            "status": self.status.value,
            "headline": self.headline,
            "checks": [c.to_dict() for c in self.checks],
        }


def run_checks(checks: Sequence[Check] | None = None, context: DoctorContext | None = None) -> DoctorReport:
    context = context or DoctorContext()
    results = []
    for check in CHECKS if checks is None else checks:
        name = check.__name__.removeprefix("check_")
        try:
            results.append(check(context))
        except Exception as exc:  # a broken check is a finding of the doctor, not a crash
            results.append(CheckResult(name, Status.FAILED, f"check crashed: {type(exc).__name__}: {exc}"))
    return DoctorReport(tuple(results))


def check_policy(context: DoctorContext) -> CheckResult:
    """Which policy is in force and why (the same sentence as the tray and `policy show`), whether its
    signature verified, and what the loader noted."""
    from dlpguard.policy.replay import ReplayGuard
    from dlpguard.policy.resolve import PolicySources, PolicyState, resolve_policy

    sources = PolicySources.from_environment()
    details: dict[str, object] = {"admin_file": str(sources.admin_path), "keys_dir": str(sources.keys_dir)}
    resolution = resolve_policy(sources, ReplayGuard())
    loaded, status = resolution.loaded, resolution.status
    details.update(
        state=status.state.value,
        version=loaded.version,
        signature=loaded.signature.describe() if loaded.signature else None,
        digest=loaded.digest,
        notes=list(loaded.notes),
    )
    if status.error is not None:
        details["error"] = status.error
    if loaded.last_good is not None:
        details["last_good"] = {
            "version": loaded.last_good.version,
            "saved_at": loaded.last_good.saved_at,
            "copy_of": loaded.last_good.original,
            "path": str(loaded.last_good.path),
        }
    if status.state in (PolicyState.ADMIN, PolicyState.DEFAULT):
        result = Status.OK
    elif loaded.last_good is not None:  # refused or missing, and the admin's last good signed one applies
        result = Status.DEGRADED
    else:  # refused, and only the built-in default applies: the admin's policy is not enforced here
        result = Status.FAILED
    return CheckResult("policy", result, status.describe(), details)


def _policy_in_force() -> Policy:
    from dlpguard.policy.replay import ReplayGuard
    from dlpguard.policy.resolve import resolve_policy

    return resolve_policy(replay=ReplayGuard()).loaded.effective.policy


#: What the tray shows, and what the doctor says, when no incident can be recorded.
NOT_RECORDING = (
    "not recording incidents: this machine has no OS keyring to hold the incident fingerprint key and "
    "the policy forbids keeping it in a file (incidents.keyring_fallback: refuse). Fix: install and "
    "unlock a keyring (GNOME Keyring or KWallet on Linux), or have the admin set "
    "incidents.keyring_fallback: file"
)


def check_incident_log(context: DoctorContext) -> CheckResult:
    """The log's chain, its SIEM outbox and where the fingerprint key lives; read-only on the log."""
    import keyring
    from keyring.backends import fail, null

    from dlpguard.incidents import outbox
    from dlpguard.incidents.anchor import anchor_path, read_anchor
    from dlpguard.incidents.keys import load_or_create_key
    from dlpguard.incidents.store import Store, default_path
    from dlpguard.policy.incident_settings import KeyringFallback

    path = default_path()
    backend = keyring.get_keyring()
    has_keyring = not isinstance(backend, fail.Keyring | null.Keyring)
    fallback = _policy_in_force().incidents.keyring_fallback
    details: dict[str, object] = {
        "path": str(path),
        "keyring": type(backend).__name__,
        "keyring_fallback": fallback.value,
    }
    status, notes = Status.OK, []
    if not has_keyring and fallback is KeyringFallback.REFUSE:
        details["recording"] = False
        return CheckResult("incident_log", Status.FAILED, NOT_RECORDING, details)
    if not has_keyring:
        status = Status.DEGRADED
        notes.append("no OS keyring: the fingerprint key is kept in a file in the user's data dir")
    anchored = anchor_path(path).exists()
    if not path.exists():
        if anchored:  # the log had records once: its anchor says so
            found = read_anchor(anchor_path(path)).anchor
            upto = f" (its anchor records it up to seq {found.head.seq})" if found is not None else ""
            return CheckResult(
                "incident_log", Status.FAILED, f"the incident log was deleted{upto}", details
            )
        notes.insert(0, "no incidents yet")
        return CheckResult("incident_log", status, "; ".join(notes), details)

    def key() -> bytes:
        return load_or_create_key(fallback, data_dir=path.parent).key

    # With an anchor the key exists already: load it, so the anchor's and the queue's seals are checked.
    store = Store(path, key=key if anchored else None)
    try:
        chain = store.verify()
        queue = store.read(outbox.status)
    finally:
        store.close()
    details.update(chain=chain.describe(), records=chain.checked, outbox_pending=queue.pending)
    if chain.notes:
        details["chain_notes"] = list(chain.notes)
    details.update(outbox_parked=queue.dead, outbox_last_error=queue.last_error)
    if store.recovered_to is not None:
        details["recovered_to"] = str(store.recovered_to)
        notes.append(f"a corrupt log was moved to {store.recovered_to}")
        status = Status.DEGRADED
    if not chain.ok:
        return CheckResult("incident_log", Status.FAILED, f"chain {chain.describe()}", details)
    if queue.dead:
        status = Status.DEGRADED
        notes.append(f"{queue.dead} events parked after failed forwarding")
    notes.insert(0, f"{chain.checked} records, chain intact, {queue.pending} waiting to forward")
    return CheckResult("incident_log", status, "; ".join(notes), details)


CHECKS += [check_policy, check_incident_log]


def check_ocr(context: DoctorContext) -> CheckResult:
    """Tesseract for text in images (screenshots): without it images are unreadable (`files.unreadable`)."""
    from dlpguard.extract import ocr_status

    status = ocr_status()
    details: dict[str, object] = {
        "binary": status.binary,
        "version": status.version,
        "languages": list(status.languages),
        "missing_languages": list(status.missing_languages),
    }
    if not status.available:
        return CheckResult(
            "ocr",
            Status.DEGRADED,
            f"images are not read: {status.problem} (install tesseract-ocr and tesseract-ocr-eng);"
            " the policy's files.unreadable applies to them",
            details,
        )
    if status.missing_languages:
        return CheckResult(
            "ocr",
            Status.DEGRADED,
            f"OCR reads {', '.join(status.languages)}; missing {', '.join(status.missing_languages)}"
            f" (tesseract-ocr-{' tesseract-ocr-'.join(status.missing_languages)})",
            details,
        )
    return CheckResult("ocr", Status.OK, f"OCR ready ({', '.join(status.languages)})", details)


CHECKS += [check_ocr]

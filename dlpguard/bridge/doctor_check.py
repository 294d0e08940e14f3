"""`dlpguard doctor`: is the native host registered, for which browsers, and would it start?

`check_browser_host` follows the doctor's contract (one function, a `CheckResult`): ok when at least
one browser can start a working host, degraded when none is registered (the browser extension then
cannot reach the engine), failed when a registration is broken (a stale manifest, a launcher whose
Python is gone, a manifest that lets other extensions in).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from dlpguard.bridge.manifests import (
    HOST_NAME,
    Browser,
    Locations,
    Platform,
    Scope,
    chromium_origin,
    host_manifest,
    launcher_python,
)
from dlpguard.guard.doctor import CheckResult, DoctorContext, Status


@dataclass(frozen=True)
class HostRegistration:
    browser: Browser
    scope: Scope
    manifest: Path | None  # None: not registered
    problems: tuple[str, ...] = field(default=())

    @property
    def installed(self) -> bool:
        return self.manifest is not None

    @property
    def healthy(self) -> bool:
        return self.installed and not self.problems

    def to_dict(self) -> dict[str, object]:
        return {
            "browser": self.browser.value,
            "scope": self.scope.value,
            "manifest": str(self.manifest) if self.manifest else None,
            "problems": list(self.problems),
        }


def _registered_manifest(browser: Browser, locations: Locations) -> Path | None:
    if locations.platform is Platform.WINDOWS:
        from dlpguard.bridge.install import read_registry_value

        value = read_registry_value(*locations.registry_key(browser))
        return Path(value) if value else None
    path = locations.manifest_path(browser)
    return path if path.exists() else None


def manifest_problems(browser: Browser, path: Path, platform: Platform) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return [f"manifest unreadable: {exc.strerror or exc}"]
    except ValueError:
        return ["manifest is not valid JSON"]
    if not isinstance(data, dict):
        return ["manifest is not a JSON object"]
    problems = []
    if data.get("name") != HOST_NAME:
        problems.append(f"name is {data.get('name')!r}, expected {HOST_NAME!r}")
    if data.get("type") != "stdio":
        problems.append("type is not 'stdio'")
    expected = host_manifest(browser, Path("/"))
    allow_key = "allowed_origins" if browser.is_chromium else "allowed_extensions"
    allowed = data.get(allow_key)
    if allowed != expected[allow_key]:
        ours = chromium_origin() if browser.is_chromium else expected[allow_key]
        problems.append(f"{allow_key} is {allowed!r}, expected only {ours!r}")
    launcher = data.get("path")
    if not isinstance(launcher, str) or not launcher:
        return [*problems, "no launcher path"]
    launcher_path = Path(launcher)
    if not launcher_path.is_absolute():
        if platform is not Platform.WINDOWS:
            return [*problems, f"launcher path {launcher!r} is not absolute"]
        launcher_path = path.parent / launcher_path
    problems += launcher_problems(launcher_path)
    return problems


def launcher_problems(launcher: Path) -> list[str]:
    if not launcher.is_file():
        return [f"launcher {launcher} is missing"]
    if os.name == "posix" and not os.access(launcher, os.X_OK):
        return [f"launcher {launcher} is not executable"]
    try:
        python = launcher_python(launcher.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return [f"launcher {launcher} is unreadable"]
    if python is None:
        return [f"launcher {launcher} does not start DLP Guard"]
    if not Path(python).exists():
        return [f"launcher {launcher} starts {python}, which no longer exists"]
    return []


def inspect_registrations(
    platform: Platform | None = None, *, home: Path | None = None, root: Path | None = None
) -> list[HostRegistration]:
    """Every browser in both scopes, registered or not."""
    found = []
    for scope in Scope:
        locations = Locations.for_scope(scope, platform, home=home, root=root)
        for browser in Browser:
            manifest = _registered_manifest(browser, locations)
            problems = manifest_problems(browser, manifest, locations.platform) if manifest else []
            found.append(HostRegistration(browser, scope, manifest, tuple(problems)))
    return found


def check_browser_host(context: DoctorContext) -> CheckResult:
    registrations = inspect_registrations()
    installed = [r for r in registrations if r.installed]
    broken = [r for r in installed if r.problems]
    details: dict[str, object] = {"host": HOST_NAME, "registrations": [r.to_dict() for r in installed]}
    if broken:
        first = broken[0]
        summary = f"{first.browser.value} ({first.scope.value}): {first.problems[0]}"
        if len(broken) > 1:
            summary += f"; and {len(broken) - 1} more broken registration(s)"
        return CheckResult("browser_host", Status.FAILED, summary, details)
    if not installed:
        return CheckResult(
            "browser_host",
            Status.DEGRADED,
            "not registered with any browser: run `dlpguard install-browser-host`",
            details,
        )
    names = sorted({f"{r.browser.value} ({r.scope.value})" for r in installed})
    return CheckResult("browser_host", Status.OK, "registered for " + ", ".join(names), details)

"""`dlpguard install-browser-host`: writes (or removes) the launcher, the manifests and, on Windows, the
registry entries that let the browsers start the native host.

A plan is computed first (pure: manifests.py says what goes where) and then applied, so `--dry-run`
shows exactly what would be written. Files are written atomically (a browser never reads half a
manifest). Per user, our own folder is 0700; system-wide, folders are 0755 and the launcher 0755 so
every user's browser can start it and none can change it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dlpguard import paths
from dlpguard.bridge.manifests import (
    Browser,
    Locations,
    Platform,
    Scope,
    host_manifest,
    launcher_script,
)
from dlpguard.errors import BridgeError

MANIFEST_MODE = 0o644
LAUNCHER_MODE = 0o755


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    content: str
    mode: int


@dataclass(frozen=True)
class RegistryEntry:
    browser: Browser
    hive: str
    key: str
    value: str  # the manifest's path


@dataclass(frozen=True)
class HostInstall:
    locations: Locations
    browsers: tuple[Browser, ...]
    launcher: PlannedFile
    manifests: tuple[PlannedFile, ...]
    registry: tuple[RegistryEntry, ...]

    def describe(self) -> list[str]:
        lines = [f"launcher {self.launcher.path} (mode {self.launcher.mode:o})"]
        lines += [f"manifest {m.path}" for m in self.manifests]
        lines += [f"registry {r.hive}\\{r.key} = {r.value}" for r in self.registry]
        return lines


def plan_install(
    browsers: Sequence[Browser], locations: Locations, *, python: str | None = None
) -> HostInstall:
    script = launcher_script(
        locations.platform, python, keep_locations=paths.development_tree() is not None
    )
    launcher = PlannedFile(locations.launcher_path, script, LAUNCHER_MODE)
    manifests: dict[Path, PlannedFile] = {}
    registry = []
    for browser in browsers:
        path = locations.manifest_path(browser)
        content = json.dumps(host_manifest(browser, launcher.path), indent=2) + "\n"
        manifests.setdefault(path, PlannedFile(path, content, MANIFEST_MODE))
        if locations.platform is Platform.WINDOWS:
            hive, key = locations.registry_key(browser)
            registry.append(RegistryEntry(browser, hive, key, str(path)))
    return HostInstall(locations, tuple(browsers), launcher, tuple(manifests.values()), tuple(registry))


# -- applying ---------------------------------------------------------------------------------------


def _make_dirs(path: Path, mode: int) -> None:
    """Creates `path` and its missing parents with `mode` (whatever the umask); existing folders, such
    as a browser's own, are left as they are."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=mode)
        if os.name == "posix":
            folder.chmod(mode)


def _write_atomic(planned: PlannedFile, dir_mode: int) -> None:
    _make_dirs(planned.path.parent, dir_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{planned.path.name}.", dir=planned.path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(planned.content)
        if os.name == "posix":
            Path(tmp).chmod(planned.mode)
        Path(tmp).replace(planned.path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _dir_mode(locations: Locations) -> int:
    return 0o700 if locations.scope is Scope.USER else 0o755


def install(plan: HostInstall) -> list[str]:
    """Writes the plan; returns what was done, one line each. `BridgeError` when a location cannot be
    written (system-wide without the rights, for instance)."""
    dir_mode = _dir_mode(plan.locations)
    try:
        _write_atomic(plan.launcher, dir_mode)
        if plan.locations.scope is Scope.SYSTEM and os.name == "posix":
            plan.launcher.path.parent.chmod(0o755)
        for manifest in plan.manifests:
            # Our own folder (Windows) follows our mode; a browser's folder we create gets 0755
            # system-wide and 0700 per user, like the browsers' own.
            _write_atomic(manifest, dir_mode)
        if plan.registry:
            _apply_registry(plan.registry)
    except OSError as exc:
        where = exc.filename or ""
        raise BridgeError(f"cannot install the browser host: {exc.strerror or exc} {where}".strip()) from exc
    return [f"wrote {line}" for line in plan.describe()]


def uninstall(browsers: Sequence[Browser], locations: Locations, *, dry_run: bool = False) -> list[str]:
    """Removes our manifests (and registry keys) for `browsers`; the launcher goes with the last one.
    With `dry_run`, only says what it would remove."""
    done = []
    verb = "would remove" if dry_run else "removed"
    try:
        if locations.platform is Platform.WINDOWS:
            keys = [locations.registry_key(b) for b in browsers]
            done += (
                [f"{verb} registry key {hive}\\{key}" for hive, key in keys]
                if dry_run
                else _remove_registry(keys)
            )
        removing = [p for p in _manifests_to_remove(browsers, locations) if p.exists()]
        for path in removing:
            if not dry_run:
                path.unlink()
            done.append(f"{verb} manifest {path}")
        remaining = [
            b
            for b in Browser
            if locations.manifest_path(b).exists() and locations.manifest_path(b) not in removing
        ]
        if not remaining and locations.launcher_path.exists():
            if not dry_run:
                locations.launcher_path.unlink()
                with contextlib.suppress(OSError):  # only when empty
                    locations.host_dir.rmdir()
            done.append(f"{verb} launcher {locations.launcher_path}")
    except OSError as exc:
        raise BridgeError(f"cannot uninstall the browser host: {exc.strerror or exc}") from exc
    return done


def _manifests_to_remove(browsers: Sequence[Browser], locations: Locations) -> list[Path]:
    """On Windows the Chromium-family browsers share one manifest: it goes only with the last of them."""
    selected = set(browsers)
    out: dict[Path, None] = {}
    for browser in browsers:
        path = locations.manifest_path(browser)
        sharing = [b for b in Browser if locations.manifest_path(b) == path]
        if all(b in selected for b in sharing):
            out[path] = None
    return list(out)


# -- Windows registry -------------------------------------------------------------------------------


def _hive(name: str) -> int:
    import winreg  # type: ignore[import-not-found,unused-ignore]

    return {"HKEY_CURRENT_USER": winreg.HKEY_CURRENT_USER, "HKEY_LOCAL_MACHINE": winreg.HKEY_LOCAL_MACHINE}[
        name
    ]


def _apply_registry(entries: Iterable[RegistryEntry]) -> None:
    import winreg  # type: ignore[import-not-found,unused-ignore]

    for entry in entries:
        with winreg.CreateKeyEx(_hive(entry.hive), entry.key, 0, winreg.KEY_WRITE) as key:
            winreg.SetValueEx(key, "", 0, winreg.REG_SZ, entry.value)


def _remove_registry(keys: Iterable[tuple[str, str]]) -> list[str]:
    import winreg  # type: ignore[import-not-found,unused-ignore]

    done = []
    for hive, key in keys:
        try:
            winreg.DeleteKey(_hive(hive), key)
        except FileNotFoundError:
            continue
        done.append(f"removed registry key {hive}\\{key}")
    return done


def read_registry_value(hive: str, key: str) -> str | None:
    """The default value of a key, or None (doctor uses it)."""
    import winreg  # type: ignore[import-not-found,unused-ignore]

    try:
        with winreg.OpenKey(_hive(hive), key) as handle:
            value, _ = winreg.QueryValueEx(handle, "")
    except OSError:
        return None
    return str(value)


def _reg_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def reg_file(entries: Iterable[RegistryEntry], *, remove: bool = False) -> str:
    """A .reg file for the same entries, for admins who deploy through group policy or by hand.
    Save it as UTF-16 (`write_reg_file`), which is what regedit expects for version 5.00."""
    lines = ["Windows Registry Editor Version 5.00", ""]
    for entry in entries:
        if remove:
            lines += [f"[-{entry.hive}\\{entry.key}]", ""]
        else:
            lines += [f"[{entry.hive}\\{entry.key}]", f"@={_reg_quote(entry.value)}", ""]
    return "\r\n".join(lines)


def write_reg_file(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-16"))  # with BOM

"""Where DLP Guard keeps things, per OS, with environment overrides for tests and packaging."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP = "dlpguard"


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


def user_data_dir() -> Path:
    """Per-user data: the incident log and its outbox. `DLPGUARD_DATA_DIR` overrides."""
    return _env_path("DLPGUARD_DATA_DIR") or Path(platformdirs.user_data_dir(APP, appauthor=False))


def user_config_dir() -> Path:
    """Per-user preferences (what the admin lets the user change). `DLPGUARD_CONFIG_DIR` overrides."""
    return _env_path("DLPGUARD_CONFIG_DIR") or Path(platformdirs.user_config_dir(APP, appauthor=False))


def user_runtime_dir() -> Path:
    """Sockets and locks. `DLPGUARD_RUNTIME_DIR` overrides."""
    return _env_path("DLPGUARD_RUNTIME_DIR") or Path(platformdirs.user_runtime_dir(APP, appauthor=False))


def machine_config_dir() -> Path:
    """The admin's machine-wide folder (policy and its public keys), read-only to the employee."""
    override = _env_path("DLPGUARD_MACHINE_DIR")
    if override:
        return override
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "DLPGuard"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/DLPGuard")
    return Path("/etc/dlpguard")


def admin_policy_path() -> Path:
    """`DLPGUARD_POLICY` names the admin policy file directly (tests); otherwise `policy.yaml` there."""
    return _env_path("DLPGUARD_POLICY") or machine_config_dir() / "policy.yaml"


def private_dir(path: Path) -> Path:
    """Creates `path` (and parents) readable by the user only (0700) and returns it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        path.chmod(0o700)
    return path

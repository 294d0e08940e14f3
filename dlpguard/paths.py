"""Where DLP Guard keeps things, per OS.

Environment variables can move every folder, for tests and development only: they are honoured when
the code runs from a source checkout (`development_tree()`), never from an installed build, where they
would let an employee point the app at a policy of their own or move the incident log. An installed
package lives in a prefix only the administrator can write (`/opt/dlpguard/venv`, `/Library/DLPGuard`,
`C:\\Program Files\\DLPGuard`), so nobody else can turn it into a checkout; a wheel never ships the
checkout's `pyproject.toml`.
"""

from __future__ import annotations

import functools
import logging
import os
import stat
import sys
import tomllib
from pathlib import Path

import platformdirs

from dlpguard.errors import UnsafePathError

logger = logging.getLogger(__name__)

APP = "dlpguard"

DATA_DIR_ENV = "DLPGUARD_DATA_DIR"
CONFIG_DIR_ENV = "DLPGUARD_CONFIG_DIR"
RUNTIME_DIR_ENV = "DLPGUARD_RUNTIME_DIR"
MACHINE_DIR_ENV = "DLPGUARD_MACHINE_DIR"
POLICY_ENV = "DLPGUARD_POLICY"
MODELS_DIR_ENV = "DLPGUARD_MODELS_DIR"
MODEL_DIR_ENV = "DLPGUARD_MODEL_DIR"
#: Every variable that moves a folder or file DLP Guard reads or writes. The installed launchers unset
#: them too (`bridge.manifests.launcher_script`, `installers.generate.cli_wrapper`).
LOCATION_VARIABLES = (
    DATA_DIR_ENV,
    CONFIG_DIR_ENV,
    RUNTIME_DIR_ENV,
    MACHINE_DIR_ENV,
    POLICY_ENV,
    MODELS_DIR_ENV,
    MODEL_DIR_ENV,
)
#: Where the sockets go when the login session offers no private runtime folder of the user's own.
RUNTIME_FALLBACK = "run"


def is_source_checkout(folder: Path) -> bool:
    """True when `folder` holds this project's own `pyproject.toml` (the root of a checkout)."""
    try:
        project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8")).get("project")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(project, dict) and project.get("name") == APP


@functools.cache
def development_tree() -> Path | None:
    """The source checkout this code runs from (an editable install included), or None when installed."""
    root = Path(__file__).resolve().parent.parent
    return root if is_source_checkout(root) else None


@functools.cache
def _warn_ignored(name: str) -> None:
    logger.warning(
        "%s is set but ignored: this is an installed build, where the administrator's locations apply "
        "(overrides work only in a source checkout)",
        name,
    )


def ignored_overrides() -> tuple[str, ...]:
    """The location variables set in this environment that an installed build ignores (doctor shows them)."""
    if development_tree() is not None:
        return ()
    return tuple(name for name in LOCATION_VARIABLES if os.environ.get(name))


def override(name: str) -> Path | None:
    """The path in the environment variable `name`, in a development tree only; None otherwise."""
    value = os.environ.get(name)
    if not value:
        return None
    if development_tree() is None:
        _warn_ignored(name)
        return None
    return Path(value)


def user_data_dir() -> Path:
    """Per-user data: the incident log, its outbox, the policy replay state."""
    return override(DATA_DIR_ENV) or Path(platformdirs.user_data_dir(APP, appauthor=False))


def user_config_dir() -> Path:
    """Per-user preferences (what the admin lets the user change)."""
    return override(CONFIG_DIR_ENV) or Path(platformdirs.user_config_dir(APP, appauthor=False))


def user_runtime_dir() -> Path:
    """Sockets and locks, in a folder no other user can create first (computed, not created).

    `$XDG_RUNTIME_DIR/dlpguard`, else `/run/user/<uid>/dlpguard`, each only when that base is a real
    folder the user owns with mode 0700 (the login manager makes it so); else `run/` in the user's data
    dir. Never a fixed name under /tmp: another local user could create it first, owned by them.
    """
    forced = override(RUNTIME_DIR_ENV)
    if forced:
        return forced
    if sys.platform == "win32":  # named pipes carry the bridge there; this holds nothing secret
        return Path(platformdirs.user_runtime_dir(APP, appauthor=False))
    candidates = [os.environ.get("XDG_RUNTIME_DIR", ""), str(system_runtime_base())]
    for base in candidates:
        if base and Path(base).is_absolute() and _owned_private_folder(Path(base)):
            return Path(base) / APP
    return user_data_dir() / RUNTIME_FALLBACK


def system_runtime_base() -> Path:
    """The per-user runtime folder the OS makes at login (systemd-logind and elogind on Linux)."""
    if sys.platform.startswith(("freebsd", "netbsd")):
        return Path(f"/var/run/user/{os.getuid()}")
    return Path(f"/run/user/{os.getuid()}")


def _owned_private_folder(path: Path) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def machine_config_dir() -> Path:
    """The admin's machine-wide folder (policy and its public keys), read-only to the employee."""
    forced = override(MACHINE_DIR_ENV)
    if forced:
        return forced
    if sys.platform == "win32":
        return _windows_program_data() / "DLPGuard"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/DLPGuard")
    return Path("/etc/dlpguard")


def _windows_program_data() -> Path:
    """%ProgramData% from the shell API: the PROGRAMDATA variable is the user's to change."""
    from platformdirs.windows import get_win_folder_via_ctypes

    try:
        return Path(get_win_folder_via_ctypes("CSIDL_COMMON_APPDATA"))
    except (OSError, ValueError, AttributeError):
        return Path("C:\\ProgramData")


def admin_policy_path() -> Path:
    """`policy.yaml` in the machine folder; in a development tree `DLPGUARD_POLICY` may name another file."""
    return override(POLICY_ENV) or machine_config_dir() / "policy.yaml"


def private_dir(path: Path) -> Path:
    """Creates `path` (and parents) for the user alone (0700) and returns it.

    POSIX: `UnsafePathError` when the folder (or what a symlink there points at) belongs to someone
    else, or sits in a folder another user may rename things in: what we put inside could be read or
    swapped. A folder of ours with a wider mode is narrowed to 0700.
    """
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name != "posix":
        return path
    uid = os.getuid()
    link, target = path.lstat(), path.stat()
    if not stat.S_ISDIR(target.st_mode):
        raise UnsafePathError(f"{path} is not a folder")
    for what, owner in (("folder", target.st_uid), ("symlink", link.st_uid)):
        if owner != uid:
            raise UnsafePathError(
                f"{path}: the {what} belongs to uid {owner}, not to this user (uid {uid}); "
                "another user may have created it first"
            )
    for parent in {path.absolute().parent, path.resolve().parent}:  # where the link is, where it points
        info = parent.stat()
        if info.st_uid not in (uid, 0):
            raise UnsafePathError(f"{parent} belongs to uid {info.st_uid}, who could swap {path.name}")
        if info.st_mode & stat.S_IWOTH and not info.st_mode & stat.S_ISVTX:
            raise UnsafePathError(f"{parent} is writable by every user (and has no sticky bit)")
    path.chmod(0o700)
    return path

"""Locations: overrides only in a development tree; private folders nobody else can own or swap.

"Installed" is simulated by patching `paths.development_tree`; `tests/bridge/test_installed_build.py`
proves the same with a real installed-style copy of the package and the real native host.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from dlpguard import paths
from dlpguard.errors import DlpGuardError, UnsafePathError

NOBODY = 65534
as_root = pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() != 0, reason="needs root to create a folder owned by another user"
)
posix = pytest.mark.skipif(os.name != "posix", reason="POSIX ownership and modes")


@pytest.fixture
def installed(monkeypatch):
    """As if running from an installed build: no source checkout around the package."""
    monkeypatch.setattr(paths, "development_tree", lambda: None)


@pytest.fixture
def session(tmp_path, monkeypatch):
    """The user's own XDG folders in tmp, no DLPGUARD_* from the developer's shell, no /run/user."""
    for name in paths.LOCATION_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(paths, "system_runtime_base", lambda: tmp_path / "no-run-user")
    return tmp_path


def _getters() -> dict[str, object]:
    return {
        paths.DATA_DIR_ENV: paths.user_data_dir,
        paths.CONFIG_DIR_ENV: paths.user_config_dir,
        paths.RUNTIME_DIR_ENV: paths.user_runtime_dir,
        paths.MACHINE_DIR_ENV: paths.machine_config_dir,
        paths.POLICY_ENV: paths.admin_policy_path,
    }


def test_this_checkout_is_a_development_tree():
    assert paths.development_tree() == Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[project]\nname = "dlpguard"\n', True),
        ('[project]\nname = "someone-else"\n', False),  # another project's checkout, or a stray file
        ("not toml at all = = =", False),
        (None, False),  # site-packages of an installed build
    ],
)
def test_only_this_projects_pyproject_marks_a_checkout(tmp_path, content, expected):
    if content is not None:
        (tmp_path / "pyproject.toml").write_text(content, encoding="utf-8")
    assert paths.is_source_checkout(tmp_path) is expected


@pytest.mark.parametrize("variable", list(_getters()))
def test_a_development_tree_honours_every_location_variable(session, monkeypatch, variable):
    monkeypatch.setenv(variable, str(session / "forced"))
    assert _getters()[variable]() == session / "forced"


@pytest.mark.parametrize("variable", list(_getters()))
def test_an_installed_build_ignores_every_location_variable(session, installed, monkeypatch, variable):
    expected = _getters()[variable]()
    monkeypatch.setenv(variable, str(session / "forced"))
    assert _getters()[variable]() == expected != session / "forced"
    assert variable in paths.ignored_overrides()


def test_an_installed_build_keeps_the_admins_machine_folder(session, installed, monkeypatch):
    monkeypatch.setenv(paths.MACHINE_DIR_ENV, str(session / "mypolicy"))
    monkeypatch.setenv(paths.POLICY_ENV, str(session / "mypolicy" / "policy.yaml"))
    if sys.platform.startswith("linux"):
        assert paths.machine_config_dir() == Path("/etc/dlpguard")
        assert paths.admin_policy_path() == Path("/etc/dlpguard/policy.yaml")


def test_the_ignored_variable_is_logged_once(session, installed, monkeypatch, caplog):
    paths._warn_ignored.cache_clear()
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(session / "elsewhere"))
    with caplog.at_level("WARNING", logger="dlpguard.paths"):
        paths.user_data_dir()
        paths.user_data_dir()
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1 and messages[0].startswith("DLPGUARD_DATA_DIR is set but ignored")


def test_the_models_overrides_are_gated_too(session, installed, monkeypatch):
    from dlpguard.engine import model

    monkeypatch.setenv(paths.MODELS_DIR_ENV, str(session))
    assert model.manifest_path().parent.name == "_models"  # the copy the package ships


def test_windows_machine_folder_comes_from_the_shell_not_programdata(installed, monkeypatch):
    import platformdirs.windows

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", "C:\\Users\\me\\mine")
    monkeypatch.setattr(platformdirs.windows, "get_win_folder_via_ctypes", lambda name: "C:\\ProgramData")
    assert str(paths.machine_config_dir()).replace("/", "\\") == "C:\\ProgramData\\DLPGuard"


# -- the runtime folder -------------------------------------------------------------------------------


@posix
def test_runtime_dir_is_inside_a_private_xdg_runtime_dir(session, monkeypatch):
    base = session / "xdg-run"
    base.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(base))
    assert paths.user_runtime_dir() == base / "dlpguard"


@posix
def test_runtime_dir_uses_the_login_managers_folder_without_xdg_runtime_dir(session, monkeypatch):
    base = session / "run-user"
    base.mkdir(mode=0o700)
    monkeypatch.setattr(paths, "system_runtime_base", lambda: base)
    assert paths.user_runtime_dir() == base / "dlpguard"


@posix
def test_runtime_dir_falls_back_to_the_users_data_dir_never_tmp(session):
    runtime = paths.user_runtime_dir()
    assert runtime == paths.user_data_dir() / "run"
    assert not runtime.is_relative_to("/tmp/runtime-0")


@posix
@pytest.mark.parametrize("mode", [0o755, 0o777, 0o1777])
def test_a_runtime_base_others_can_enter_is_skipped(session, monkeypatch, mode):
    base = session / "open-run"
    base.mkdir()
    base.chmod(mode)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(base))
    assert paths.user_runtime_dir() == paths.user_data_dir() / "run"


@posix
def test_a_symlinked_runtime_base_is_skipped(session, monkeypatch):
    real = session / "real-run"
    real.mkdir(mode=0o700)
    (session / "link-run").symlink_to(real)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(session / "link-run"))
    assert paths.user_runtime_dir() == paths.user_data_dir() / "run"


@as_root
def test_a_runtime_base_owned_by_someone_else_is_skipped(session, monkeypatch):
    base = session / "their-run"
    base.mkdir(mode=0o700)
    os.chown(base, NOBODY, NOBODY)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(base))
    monkeypatch.setattr(paths, "system_runtime_base", lambda: base)
    assert paths.user_runtime_dir() == paths.user_data_dir() / "run"


# -- private folders ----------------------------------------------------------------------------------


@posix
def test_private_dir_creates_and_narrows_our_folder(tmp_path):
    wide = tmp_path / "wide"
    wide.mkdir(mode=0o755)
    wide.chmod(0o755)
    assert stat.S_IMODE(paths.private_dir(wide).stat().st_mode) == 0o700
    fresh = paths.private_dir(tmp_path / "a" / "b")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700


@posix
def test_private_dir_accepts_a_folder_in_sticky_tmp(tmp_path):
    sticky = tmp_path / "tmp"
    sticky.mkdir()
    sticky.chmod(0o1777)
    assert paths.private_dir(sticky / "mine").is_dir()


@posix
def test_private_dir_refuses_a_world_writable_parent_without_sticky_bit(tmp_path):
    open_parent = tmp_path / "open"
    open_parent.mkdir()
    open_parent.chmod(0o777)
    with pytest.raises(UnsafePathError, match="writable by every user"):
        paths.private_dir(open_parent / "mine")


@as_root
@pytest.mark.parametrize("squatted", ["folder", "parent"])
def test_private_dir_refuses_what_another_user_created_first(tmp_path, squatted):
    """`/tmp/runtime-<uid>` made by someone else, or the folder inside it."""
    parent = tmp_path / "runtime-1000"
    parent.mkdir()
    parent.chmod(0o777 if squatted == "parent" else 0o1777)
    target = parent / "dlpguard"
    if squatted == "folder":
        target.mkdir()
        target.chmod(0o777)
        os.chown(target, NOBODY, NOBODY)
    else:
        os.chown(parent, NOBODY, NOBODY)
    with pytest.raises(UnsafePathError, match="uid 65534") as caught:
        paths.private_dir(target)
    assert isinstance(caught.value, DlpGuardError) and isinstance(caught.value, PermissionError)
    if squatted == "folder":
        assert stat.S_IMODE(target.stat().st_mode) == 0o777  # not ours to change


@as_root
def test_private_dir_refuses_a_symlink_to_someone_elses_folder(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, NOBODY, NOBODY)
    (tmp_path / "link").symlink_to(theirs)
    with pytest.raises(UnsafePathError):
        paths.private_dir(tmp_path / "link")


@posix
def test_private_dir_refuses_our_own_folder_through_a_link_others_could_swap(tmp_path):
    ours = tmp_path / "ours"
    ours.mkdir(mode=0o700)
    open_parent = tmp_path / "open"
    open_parent.mkdir()
    open_parent.chmod(0o777)
    (open_parent / "link").symlink_to(ours)
    with pytest.raises(UnsafePathError, match="writable by every user"):
        paths.private_dir(open_parent / "link")
    assert paths.private_dir(ours) == ours

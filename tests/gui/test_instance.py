"""The single-instance socket when another local user created the runtime folder first."""

from __future__ import annotations

import os
import stat

import pytest

from dlpguard.gui.instance import InstanceServer

pytestmark = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0, reason="needs root to make a folder owned by another user"
)


def test_a_squatted_runtime_folder_leaves_the_app_running_without_the_socket(qapp, gui_env, caplog):
    gui_env.runtime_dir.mkdir()
    gui_env.runtime_dir.chmod(0o777)
    os.chown(gui_env.runtime_dir, 65534, 65534)
    instance = InstanceServer(lambda command: {"ok": True})
    try:
        with caplog.at_level("ERROR", logger="dlpguard.gui.instance"):
            assert instance.listen()  # this process stays the app: protected, just not reachable
        assert not instance.server.isListening()
        assert "no single-instance socket" in caplog.text and "uid 65534" in caplog.text
        assert not (gui_env.runtime_dir / "gui.sock").exists()
        assert stat.S_IMODE(gui_env.runtime_dir.stat().st_mode) == 0o777
    finally:
        instance.close()

"""The bridge commands: exported for the main CLI, runnable on their own, and `bridge-server` headless."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tests.bridge.conftest import HostProcess, request

BRIDGE_COMMANDS = ("native-host", "install-browser-host", "bridge-server")


def test_the_main_cli_help_lists_the_bridge_commands():
    from dlpguard.cli import main

    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in BRIDGE_COMMANDS:
        assert name in result.output


def test_the_main_cli_offers_the_bridge_commands():
    import click

    from dlpguard.cli import main

    ctx = click.Context(main)
    assert set(BRIDGE_COMMANDS) <= set(main.list_commands(ctx))
    from dlpguard.bridge import cli as bridge_cli

    exported = (bridge_cli.native_host, bridge_cli.install_browser_host, bridge_cli.bridge_server)
    assert all(main.get_command(ctx, c.name) is c for c in exported)


@pytest.mark.skipif(os.name != "posix", reason="signals and Unix sockets")
def test_bridge_server_serves_hosts_until_terminated(bridge_env):
    server = subprocess.Popen(
        [sys.executable, "-m", "dlpguard", "bridge-server"],
        stderr=subprocess.PIPE,
        env=bridge_env.environ(),
    )
    host = None
    try:
        assert server.stderr is not None
        line = server.stderr.readline().decode()  # printed once it listens
        assert line.strip() == f"dlpguard: bridge listening at {bridge_env.socket_path}"
        host = HostProcess(bridge_env)
        reply = host.ask(request(id="h", type="hello", extension_version="1"))
        assert reply["served_by"] == "app"
    finally:
        if host is not None:
            host.stop()
        server.send_signal(signal.SIGTERM)
        assert server.wait(60) == 0
        if server.stderr:
            server.stderr.close()
    assert not bridge_env.socket_path.exists()  # removed on the way out


def test_a_second_bridge_server_is_refused_with_one_line(bridge_env):
    from dlpguard.bridge.server import BridgeServer
    from dlpguard.guard.services import GuardServices

    with BridgeServer(GuardServices(incident_log_factory=None)):
        proc = subprocess.run(
            [sys.executable, "-m", "dlpguard", "bridge-server"],
            capture_output=True,
            env=bridge_env.environ(),
            timeout=120,
            check=False,
        )
    assert proc.returncode == 2
    assert (
        proc.stderr.decode().strip()
        == f"dlpguard: error: another DLP Guard app already serves {bridge_env.socket_path}"
    )


def test_system_registration_is_left_to_the_package_on_a_packaged_install(monkeypatch):
    from dlpguard.bridge import cli as bridge_cli

    monkeypatch.setattr(sys, "prefix", "/opt/dlpguard/venv")
    assert bridge_cli.packaged_install()
    result = CliRunner().invoke(bridge_cli.install_browser_host, ["--system"])
    assert result.exit_code == 2
    assert "package manages the system-wide browser registration" in result.output


def test_a_source_install_may_register_system_wide(monkeypatch):
    from dlpguard.bridge import cli as bridge_cli

    monkeypatch.setattr(sys, "prefix", "/home/dev/dlpguard/.venv")
    assert not bridge_cli.packaged_install()

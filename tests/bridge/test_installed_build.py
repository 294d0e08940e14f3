"""An installed build ignores the DLPGUARD_* location variables: an employee cannot swap the admin's
policy or move the incident log by starting the browser with them.

The installed build is real code laid out as a package installs it: a venv whose site-packages holds a
copy of `dlpguard` (with the model manifest where the wheel puts it) and no checkout around it; the
dependencies come from this venv's site-packages through a `.pth` line, which does not process the
editable install's own `.pth`, so the checkout is not importable. The attack is the one from issue 13:
the browser's environment names a folder with an unsigned, permissive policy of the employee's own.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

import dlpguard
from dlpguard import paths
from dlpguard.bridge.manifests import Platform, launcher_script
from tests.bridge.conftest import CARD, EMAIL, HEADER

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the installed layout and /etc/dlpguard of Linux"
)

AWS_KEY = "AKIAZ7QXKR4PLM2VN3WD"  # fake, the shape of an AWS access key id
TEXT = f"card {CARD}, deploy key {AWS_KEY}, write to {EMAIL}"
#: The employee's own policy: everything allowed, in simulation, unsigned.
PERMISSIVE = textwrap.dedent(
    """\
    schema_version: 1
    version: 99
    simulation: true
    rules: {default: allow}
    """
)
CHECKOUT = Path(dlpguard.__file__).resolve().parents[1]


@dataclass(frozen=True)
class InstalledBuild:
    python: Path
    launcher: Path
    site: Path


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> InstalledBuild:
    root = tmp_path_factory.mktemp("installed")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    )
    shutil.copytree(CHECKOUT / "dlpguard", site / "dlpguard", ignore=shutil.ignore_patterns("__pycache__"))
    (site / "dlpguard" / "_models").mkdir()
    shutil.copy(CHECKOUT / "models" / "manifest.json", site / "dlpguard" / "_models" / "manifest.json")
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    launcher = root / "dlpguard-native-host"
    launcher.write_text(launcher_script(Platform.LINUX, str(python)), encoding="utf-8")
    launcher.chmod(0o755)
    return InstalledBuild(python, launcher, site)


@pytest.fixture
def attack(tmp_path) -> dict[str, str]:
    """The browser's environment as the employee set it up, in a session of their own (tmp)."""
    mine = tmp_path / "mypolicy"
    mine.mkdir()
    (mine / "policy.yaml").write_text(PERMISSIVE, encoding="utf-8")
    home = tmp_path / "home"
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        paths.MACHINE_DIR_ENV: str(mine),
        paths.POLICY_ENV: str(mine / "policy.yaml"),
        paths.DATA_DIR_ENV: str(tmp_path / "elsewhere"),
        paths.CONFIG_DIR_ENV: str(mine),
        paths.RUNTIME_DIR_ENV: str(tmp_path / "run"),
    }
    return env


def _skip_if_this_machine_has_an_admin_policy() -> None:
    if Path("/etc/dlpguard/policy.yaml").exists():
        pytest.skip("this machine has its own /etc/dlpguard policy: the expected verdict is not known")


def _scan_once(command: list[str], env: dict[str, str], cwd: Path) -> dict:
    body = json.dumps(
        {"v": 1, "id": "s", "type": "scan", "text": TEXT, "site": "chatgpt.com", "event": "paste"}
    ).encode()
    proc = subprocess.run(
        command, input=HEADER.pack(len(body)) + body, env=env, cwd=cwd,
        capture_output=True, timeout=240, check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    (length,) = HEADER.unpack(proc.stdout[: HEADER.size])
    return json.loads(proc.stdout[HEADER.size : HEADER.size + length])


def test_the_copy_is_an_installed_build(installed, attack, tmp_path):
    probe = "import dlpguard, dlpguard.paths as p; print(dlpguard.__file__); print(p.development_tree())"
    out = subprocess.run(
        [str(installed.python), "-I", "-c", probe], env=attack, cwd=tmp_path,
        capture_output=True, text=True, check=True,
    ).stdout.split("\n")
    assert Path(out[0]).is_relative_to(installed.site) and out[1] == "None"


def test_in_a_checkout_the_attack_policy_would_apply(attack, tmp_path):
    """The control: the same environment against the source checkout gets the employee's allow."""
    reply = _scan_once([sys.executable, "-m", "dlpguard", "native-host"], attack, tmp_path)
    assert (reply["action"], reply["simulated"]) == ("allow", True)


@pytest.mark.parametrize("started_by", ["python", "launcher"])
def test_the_installed_native_host_ignores_the_employees_policy_and_folders(
    installed, attack, tmp_path, started_by
):
    """`python`: the app's own gate (what the desktop session's variables reach); `launcher`: what the
    browser starts, which unsets them before Python even starts."""
    _skip_if_this_machine_has_an_admin_policy()
    command = (
        [str(installed.python), "-I", "-m", "dlpguard", "native-host"]
        if started_by == "python"
        else [str(installed.launcher), "chrome-extension://ggcbdpegolmiapddhbehkhmcikpgpinj/"]
    )
    reply = _scan_once(command, attack, tmp_path)
    assert (reply["type"], reply["served_by"]) == ("verdict", "native-host")
    assert reply["action"] == "block" and not reply.get("simulated")
    found = {f["entity_type"] for f in reply["findings"]}
    assert {"CREDIT_CARD", "AWS_ACCESS_KEY", "EMAIL_ADDRESS"} <= found
    for moved in (paths.DATA_DIR_ENV, paths.RUNTIME_DIR_ENV):
        assert not Path(attack[moved]).exists(), f"{moved} was used"
    assert (Path(attack["XDG_DATA_HOME"]) / "dlpguard" / "incidents.db").is_file()  # the usual place


def test_the_installed_cli_shows_the_admins_policy_and_says_what_it_ignored(installed, attack, tmp_path):
    _skip_if_this_machine_has_an_admin_policy()
    show = subprocess.run(
        [str(installed.python), "-I", "-m", "dlpguard", "-v", "policy", "show", "--json"],
        env=attack, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )
    assert show.returncode == 0, show.stderr
    summary = json.loads(show.stdout)
    assert summary["admin_policy"].endswith("/etc/dlpguard/policy.yaml (built-in default)")
    assert attack[paths.MACHINE_DIR_ENV] not in show.stdout
    assert summary["simulation"] is False
    assert "DLPGUARD_MACHINE_DIR is set but ignored" in show.stderr

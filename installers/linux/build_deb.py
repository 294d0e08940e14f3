"""Builds the Debian package: the app in a bundled virtualenv under /opt/dlpguard, plus every file
`installers.generate.linux_files` describes (host manifests, browser policies, autostart, /etc/dlpguard).

Usage: python installers/linux/build_deb.py [--skip-deps] [--out DIR]

How the venv gets to /opt/dlpguard without building on the build machine's /opt: virtualenvs are not
relocatable in general, but only three things in one tie it to its folder: the scripts' shebangs,
`pyvenv.cfg`'s informational `command`, and the interpreter symlink (absolute, to the target's
/usr/bin/python3.11, so it is right on the target as it is). Python finds its prefix from the
`pyvenv.cfg` beside its executable, so a venv built in the staging tree and moved works once the
shebangs are rewritten; nothing runs the venv's scripts anyway (/usr/bin/dlpguard and the native-host
launcher call `venv/bin/python -I -m dlpguard`). Dependencies come from `requirements.lock` (runtime
closure only, `--require-hashes`), which pins the NER model wheel; the build verifies the model the
way the engine does at load. `--skip-deps` installs the app alone (tests, quick checks).

Byte-code is not shipped: postinst compiles it in place (as Debian's own python packages do) and
prerm removes it, so dpkg owns exactly the files in the package.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from installers.generate import linux_files  # noqa: E402
from installers.layout import PACKAGE_NAME, linux_layout  # noqa: E402
from installers.stage import stage  # noqa: E402

TARGET_PYTHON = "/usr/bin/python3.11"
PYTHON_DEPENDS = "python3.11"
# PySide6's bundled Qt needs these from the system for the tray (the CLI and native host do not).
GUI_DEPENDS = ("libglib2.0-0", "libfontconfig1", "libdbus-1-3", "libegl1", "libgl1", "libxkbcommon0")
RECOMMENDS = ("libxcb-cursor0", "libxkbcommon-x11-0")
MAINTAINER = "DLP Guard contributors <maintainers@dlpguard.invalid>"
DESCRIPTION = (
    "desktop guard against leaking secrets and personal data to AI chat sites\n"
    " DLP Guard checks text pasted into AI chat sites (and the clipboard) for secrets and personal\n"
    " data and warns, masks or blocks per the organisation's policy. This package bundles the app,\n"
    " its pinned NER model, the browser native-messaging host and managed browser policies."
)

POSTINST = """\
#!/bin/sh
# Idempotent: every step may run again on reconfigure or upgrade.
set -e
root="${DPKG_ROOT:-}"
case "$1" in
  configure)
    mkdir -p "$root/etc/dlpguard/keys"
    chmod 0755 "$root/etc/dlpguard" "$root/etc/dlpguard/keys"
    if [ -z "$root" ] && [ -x /opt/dlpguard/venv/bin/python ]; then
      # As root, once: users' runs cannot write caches under /opt.
      /opt/dlpguard/venv/bin/python -I -m compileall -q -j 0 /opt/dlpguard/venv/lib >/dev/null 2>&1 || true
    fi
    ;;
esac
exit 0
"""

PRERM = """\
#!/bin/sh
# Byte-code is made by postinst, so it is ours to remove; nothing outside /opt/dlpguard is touched.
set -e
root="${DPKG_ROOT:-}"
if [ -d "$root/opt/dlpguard/venv" ]; then
  find "$root/opt/dlpguard/venv" -depth -type d -name __pycache__ -exec rm -rf {} +
fi
exit 0
"""

POSTRM = """\
#!/bin/sh
# Never deletes data: users' incident logs live in their home folders and are not touched; on purge
# dpkg removes the conffiles it shipped, and the admin's own policy.yaml, signature and keys/*.pub
# stay (the folders go only when empty).
set -e
root="${DPKG_ROOT:-}"
case "$1" in
  purge)
    rmdir "$root/etc/dlpguard/keys" 2>/dev/null || true
    rmdir "$root/etc/dlpguard" 2>/dev/null || true
    ;;
esac
exit 0
"""


@dataclass(frozen=True)
class Requirement:
    name: str
    block: str  # the lock's lines for it: `name==version` and its hashes
    via: tuple[str, ...]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(text: str) -> list[Requirement]:
    """Splits uv's `requirements.lock` into entries with their `# via` parents."""
    entries: list[Requirement] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line or line.startswith((" ", "#")):
            i += 1
            continue
        name = _normalise(re.split(r"[=<>;\[ ]", line, maxsplit=1)[0])
        block = [line]
        via: list[str] = []
        i += 1
        while i < len(lines) and lines[i].startswith(" "):
            stripped = lines[i].strip()
            if stripped.startswith("--hash"):
                block.append(lines[i])
            elif stripped.startswith("# via"):
                rest = stripped.removeprefix("# via").strip()
                via += [rest] if rest else []
            elif stripped.startswith("#"):
                via.append(stripped.lstrip("#").strip())
            i += 1
        block[-1] = block[-1].rstrip(" \\")
        entries.append(Requirement(name, "\n".join(block), tuple(via)))
    return entries


def runtime_requirements(lock: str, pyproject: str) -> list[Requirement]:
    """The lock holds the dev extras too: keep what the app's own dependencies pull in."""
    project = tomllib.loads(pyproject)["project"]
    roots = {_normalise(re.split(r"[=<>;\[ ]", d, maxsplit=1)[0]) for d in project["dependencies"]}
    entries = parse_lock(lock)
    keep: set[str] = set()
    changed = True
    while changed:
        changed = False
        for entry in entries:
            if entry.name in keep:
                continue
            parents = {_normalise(v.split(" (")[0]) for v in entry.via}
            own = any(v.startswith(project["name"] + " (") for v in entry.via) and entry.name in roots
            if own or parents & keep:
                keep.add(entry.name)
                changed = True
    missing = roots - keep
    if missing:
        raise SystemExit(f"requirements.lock lacks runtime dependencies: {sorted(missing)}")
    return [e for e in entries if e.name in keep]


def run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, check=True, text=True, **kwargs)  # type: ignore[call-overload,no-any-return]


def build_wheel(work: Path) -> Path:
    out = work / "wheel"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)])
    return next(out.glob("dlpguard-*.whl"))


def make_venv(staging: Path, wheel: Path, work: Path, *, skip_deps: bool) -> Path:
    layout = linux_layout()
    venv = staging / str(layout.python.parent.parent).lstrip("/")
    run([TARGET_PYTHON, "-m", "venv", "--without-pip", str(venv)])
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin/python"), "install", "-q", "--no-compile"]
    if not skip_deps:
        lock = work / "runtime.lock"
        entries = runtime_requirements(
            (REPO / "requirements.lock").read_text(encoding="utf-8"),
            (REPO / "pyproject.toml").read_text(encoding="utf-8"),
        )
        lock.write_text("\n".join(e.block for e in entries) + "\n", encoding="utf-8")
        run([*pip, "--no-deps", "--require-hashes", "-r", str(lock)])
    run([*pip, "--no-deps", str(wheel)])
    if not skip_deps:
        run([sys.executable, "-m", "pip", "--python", str(venv / "bin/python"), "check"])
    return venv


def strip_venv(venv: Path) -> int:
    """Byte-code, dependencies' own test suites and pip's install records pointing at the build folder."""
    removed = 0
    site = next((venv / "lib").glob("python3*/site-packages"))
    for path in sorted(site.rglob("*"), reverse=True):
        if path.is_dir() and (path.name == "__pycache__" or (path.name == "tests" and path.parent != site)):
            removed += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
            shutil.rmtree(path)
    for direct_url in site.glob("*.dist-info/direct_url.json"):
        direct_url.unlink()
    return removed


def relocate_venv(venv: Path, final: str) -> None:
    """Points what names the venv's folder at its final place (see the module docstring)."""
    old = str(venv)
    for script in (venv / "bin").iterdir():
        if script.is_symlink() or not script.is_file():
            continue
        data = script.read_bytes()
        if old.encode() in data:
            script.write_bytes(data.replace(old.encode(), final.encode()))
    cfg = venv / "pyvenv.cfg"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(old, final), encoding="utf-8")


def verify_model(venv: Path) -> str:
    """The model check the engine runs at load, run by the bundled interpreter on the bundled tree."""
    code = (
        "from dlpguard.engine.model import load_manifest, locate_data_dir, verify\n"
        "spec = load_manifest(); path = locate_data_dir(spec); verify(spec, path)\n"
        "print(spec.name, spec.version, path)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DLPGUARD_")}
    return run([str(venv / "bin/python"), "-I", "-c", code], capture_output=True, env=env).stdout.strip()


def write_generated(staging: Path, update_url: str | None, install_url: str | None) -> list[str]:
    kwargs = {k: v for k, v in (("update_url", update_url), ("install_url", install_url)) if v}
    files = linux_files(**kwargs)
    stage(files, staging)
    conffiles = [str(f.path) for f in files if f.is_conffile]
    keys = staging / str(linux_layout().keys_dir).lstrip("/")
    keys.mkdir(parents=True, exist_ok=True)
    return sorted(conffiles)


def _installed_size_kib(staging: Path) -> int:
    total = sum(p.lstat().st_size for p in staging.rglob("*") if not p.is_relative_to(staging / "DEBIAN"))
    return (total + 1023) // 1024


def control_file(version: str, installed_kib: int, arch: str) -> str:
    return (
        f"Package: {PACKAGE_NAME}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {PYTHON_DEPENDS}, {', '.join(GUI_DEPENDS)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: utils\n"
        "Priority: optional\n"
        f"Description: {DESCRIPTION}\n"
    )


def write_debian_dir(staging: Path, version: str, conffiles: Iterable[str]) -> None:
    debian = staging / "DEBIAN"
    debian.mkdir(mode=0o755)
    arch = run(["dpkg", "--print-architecture"], capture_output=True).stdout.strip()
    control = control_file(version, _installed_size_kib(staging), arch)
    (debian / "control").write_text(control, encoding="utf-8")
    (debian / "conffiles").write_text("".join(f"{c}\n" for c in conffiles), encoding="utf-8")
    for name, text in (("postinst", POSTINST), ("prerm", PRERM), ("postrm", POSTRM)):
        (debian / name).write_text(text, encoding="utf-8")
        (debian / name).chmod(0o755)


def _normalise_modes(staging: Path) -> None:
    """What the package holds is readable by all and writable by root only, whatever the umask was."""
    for path in staging.rglob("*"):
        if path.is_symlink():
            continue
        mode = path.stat().st_mode & 0o777
        executable = path.is_dir() or mode & 0o111
        path.chmod(0o755 if executable else 0o644)
    staging.chmod(0o755)


def debian_version() -> str:
    from dlpguard import __version__

    return f"{__version__}-1"


def build(
    out_dir: Path,
    *,
    skip_deps: bool = False,
    update_url: str | None = None,
    install_url: str | None = None,
    compression: str = "xz",
) -> Path:
    version = debian_version()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dlpguard-deb-") as tmp:
        work = Path(tmp)
        staging = work / "root"
        staging.mkdir()
        wheel = build_wheel(work)
        venv = make_venv(staging, wheel, work, skip_deps=skip_deps)
        stripped = strip_venv(venv)
        if not skip_deps:
            print(f"model verified: {verify_model(venv)}")
        relocate_venv(venv, str(linux_layout().python.parent.parent))
        conffiles = write_generated(staging, update_url, install_url)
        _normalise_modes(staging)
        write_debian_dir(staging, version, conffiles)
        suffix = "-nodeps" if skip_deps else ""
        deb = out_dir / f"{PACKAGE_NAME}_{version}{suffix}_{_arch()}.deb"
        run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build", str(staging), str(deb)],
            capture_output=True)
        print(f"stripped {stripped / 1e6:.1f} MB of byte-code and tests")
    return deb


def _arch() -> str:
    return run(["dpkg", "--print-architecture"], capture_output=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist")
    parser.add_argument("--skip-deps", action="store_true", help="the app alone, without its dependencies")
    parser.add_argument("--update-url", help="Chromium extension update URL for the forced install")
    parser.add_argument("--install-url", help="Firefox .xpi URL for the forced install")
    parser.add_argument("--compression", default="xz", choices=["xz", "gzip", "zstd", "none"])
    args = parser.parse_args(argv)
    started = time.monotonic()
    deb = build(args.out, skip_deps=args.skip_deps, update_url=args.update_url,
                install_url=args.install_url, compression=args.compression)
    elapsed = time.monotonic() - started
    print(f"built {deb} ({deb.stat().st_size / 1e6:.1f} MB) in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

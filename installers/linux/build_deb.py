"""Builds the Debian package: the app in a bundled virtualenv under /opt/dlpguard, plus every file
`installers.generate.linux_files` describes (host manifests, browser policies, autostart, /etc/dlpguard).

Usage: build_deb.py (--extension-key PEM | --throwaway-extension-key) [--skip-deps] [--out DIR]
                    [--version 0.1.1] [--compression zstd --compression-level 1]
(zstd -1: seconds, for CI; the default xz: smallest, minutes, for releases)

The browser extension ships inside: a CRX3 signed with the release key (a PEM file kept outside the
repository, `--extension-key` or $DLPGUARD_EXTENSION_KEY) or, for CI and tests, a throwaway key made
for this build; the id of that key is the one the browser policies and host manifests name, and it is
written into the installed app (`dlpguard.bridge.manifests.PACKAGED_ID_FILE`) so `doctor` agrees.

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

from dlpguard.bridge.manifests import PACKAGED_ID_FILE, RELEASE_EXTENSION_ID  # noqa: E402
from installers.crx import CrxError, SigningKey, resolve_key  # noqa: E402
from installers.extension_package import PackedExtension, build_sources, pack_extension  # noqa: E402
from installers.generate import linux_files  # noqa: E402
from installers.layout import LINUX_CRX_UPDATE_URL, PACKAGE_NAME, linux_layout  # noqa: E402
from installers.stage import stage  # noqa: E402

TARGET_PYTHON = "/usr/bin/python3.11"
PYTHON_DEPENDS = "python3.11"
# PySide6's bundled Qt needs these from the system for the tray (the CLI and native host do not).
GUI_DEPENDS = ("libglib2.0-0", "libfontconfig1", "libdbus-1-3", "libegl1", "libgl1", "libxkbcommon0")
RECOMMENDS = ("libxcb-cursor0", "libxkbcommon-x11-0")
# Text in images (screenshots pasted or uploaded) is read by Tesseract (dlpguard/extract/ocr.py).
OCR_DEPENDS = (
    "tesseract-ocr",
    "tesseract-ocr-eng",
    "tesseract-ocr-deu",
    "tesseract-ocr-fra",
    "tesseract-ocr-spa",
)
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


# What nothing at run time reads, relative to site-packages (globs). Each entry is proved unneeded by
# tests/installers/test_full_package.py, which scans with the NER model and starts Qt from the installed
# package. The tray is a QtWidgets app that loads no QTranslator and no QML; the engine is English-only
# (spaCy imports `spacy.lang.<code>` for the language asked for, plus what its own modules import).
UNUSED = {
    "Qt translations": ("PySide6/Qt/translations",),
    "Qt tools": (
        "PySide6/assistant", "PySide6/designer", "PySide6/linguist", "PySide6/lrelease", "PySide6/lupdate",
        "PySide6/qmlformat", "PySide6/qmllint", "PySide6/qmlls", "PySide6/svgtoqml", "PySide6/scripts",
        "PySide6/Qt/libexec", "PySide6/QtDesigner.*", "PySide6/Qt/lib/libQt6Designer*",
        "PySide6/Qt/plugins/designer", "PySide6/Qt/plugins/qmltooling",
    ),
    "Qt QML modules": ("PySide6/Qt/qml",),
    "build-time headers and metadata": (
        "PySide6/include", "PySide6/typesystems", "PySide6/glue", "PySide6/doc", "PySide6/Qt/metatypes",
        "numpy/_core/include",
    ),
}
SPACY_LANGUAGES = frozenset({"en", "xx"})  # and those spaCy imports itself (`spacy_languages_needed`)
_LANG_IMPORT = re.compile(r"(?:\bspacy\.lang\.|from \.+lang\.)([a-z_]+)")
# Stubs and Cython sources: for type checkers and compilers, never imported.
UNUSED_SUFFIXES = (".pyi", ".pyx", ".pxd", ".pxi")
# The venv's console scripts for the Qt tools removed above (they would only fail).
UNUSED_SCRIPTS = ("pyside6-*",)


def _size(path: Path) -> int:
    if path.is_symlink() or path.is_file():
        return path.lstat().st_size
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() or f.is_symlink())


def _remove(path: Path) -> int:
    size = _size(path)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
    return size


def spacy_languages_needed(spacy_dir: Path) -> set[str]:
    """en and xx, and every `spacy.lang.<code>` that spaCy's code (outside other languages) imports:
    `spacy.registrations` imports the ja/ko/th/vi/zh tokenizers whenever a model loads."""
    lang_dir = spacy_dir / "lang"

    def language(f: Path) -> str | None:  # the language package a file belongs to, if any
        parts = f.relative_to(lang_dir).parts if f.is_relative_to(lang_dir) else ()
        return parts[0] if len(parts) > 1 else None

    keep = set(SPACY_LANGUAGES)
    scanned: set[Path] = set()
    while True:
        files = [f for f in spacy_dir.rglob("*.py") if f not in scanned and language(f) in {None, *keep}]
        if not files:
            return keep
        for f in files:
            scanned.add(f)
            keep.update(_LANG_IMPORT.findall(f.read_text(encoding="utf-8", errors="replace")))


def strip_venv(venv: Path) -> dict[str, int]:
    """Removes what the app never reads; returns the bytes removed per kind (printed by the build).

    Byte-code (postinst makes it), dependencies' own test suites, pip's install records pointing at the
    build folder, and `UNUSED`: Qt's tools, translations and QML, headers, stubs, other spaCy languages.
    """
    removed: dict[str, int] = {}

    def count(kind: str, size: int) -> None:
        removed[kind] = removed.get(kind, 0) + size

    site = next((venv / "lib").glob("python3*/site-packages"))
    for path in sorted(site.rglob("*"), reverse=True):
        if path.is_dir() and (path.name == "__pycache__" or (path.name == "tests" and path.parent != site)):
            count("byte-code and tests", _remove(path))
    for direct_url in site.glob("*.dist-info/direct_url.json"):
        direct_url.unlink()
    for kind, patterns in UNUSED.items():
        for pattern in patterns:
            for path in sorted(site.glob(pattern)):
                if path.exists() or path.is_symlink():
                    count(kind, _remove(path))
    languages = site / "spacy" / "lang"
    if languages.is_dir():
        keep = spacy_languages_needed(site / "spacy")
        for path in sorted(languages.iterdir()):
            if path.is_dir() and path.name not in keep and path.name != "__pycache__":
                count("spaCy languages never imported", _remove(path))
    for path in sorted(site.rglob("*")):
        if path.suffix in UNUSED_SUFFIXES and path.is_file():
            count("stubs and Cython sources", _remove(path))
    for pattern in UNUSED_SCRIPTS:
        for path in sorted((venv / "bin").glob(pattern)):
            count("Qt tools", _remove(path))
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
    # -B: it runs after stripping, and byte-code written now would be packaged (postinst makes it).
    python = str(venv / "bin/python")
    return run([python, "-I", "-B", "-c", code], capture_output=True, env=env).stdout.strip()


def write_generated(
    staging: Path, update_url: str | None, install_url: str | None, extension: PackedExtension
) -> list[str]:
    files = linux_files(update_url, install_url, extension_id=extension.extension_id)
    stage([*files, *extension.linux_files()], staging)
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
        f"Depends: {PYTHON_DEPENDS}, {', '.join(GUI_DEPENDS)}, {', '.join(OCR_DEPENDS)}\n"
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


def debian_version(upstream: str | None = None) -> str:
    """`upstream` overrides the app's own version (a test's N+1 package, a rebuilt release)."""
    from dlpguard import __version__

    return f"{upstream or __version__}-1"


def write_extension_id(venv: Path, extension_id: str) -> None:
    """The installed app's own record of the id its policies and host manifests name (doctor reads it)."""
    site = next((venv / "lib").glob("python3*/site-packages"))
    target = site / "dlpguard" / "bridge" / PACKAGED_ID_FILE.name
    target.write_text(extension_id + "\n", encoding="ascii")


def _mb(size: float) -> str:
    return f"{size / 1e6:.1f} MB"


def build(
    out_dir: Path,
    *,
    skip_deps: bool = False,
    update_url: str | None = None,
    install_url: str | None = None,
    compression: str = "xz",
    compression_level: int | None = None,
    extension_key: SigningKey | None = None,
    version: str | None = None,
    all_sites: bool = False,
) -> Path:
    """Builds the package; prints each phase's time, what stripping saved and the package's sizes.

    xz (the default) is for releases: smallest, but minutes to compress. `zstd` at level 1 builds the
    full package in seconds (CI); dpkg reads zstd members since 1.21.18 (Debian 12, Ubuntu 21.10).
    `extension_key`: the CRX signing key (None: a throwaway key, for tests). `version`: the upstream
    version instead of the app's (also the packed extension's version). `all_sites`: the extension
    build that requires access to every https site (`build.mjs --all-sites`).
    """
    key = extension_key or SigningKey.generate()
    version = debian_version(version)
    out_dir.mkdir(parents=True, exist_ok=True)
    clock = time.monotonic()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        print(f"  {name}: {now - clock:.1f} s")
        clock = now

    with tempfile.TemporaryDirectory(prefix="dlpguard-deb-") as tmp:
        work = Path(tmp)
        staging = work / "root"
        staging.mkdir()
        wheel = build_wheel(work)
        phase("wheel")
        venv = make_venv(staging, wheel, work, skip_deps=skip_deps)
        phase("venv and dependencies installed")
        before = _size(venv)
        stripped = strip_venv(venv)
        phase("stripped")
        if not skip_deps:
            print(f"model verified: {verify_model(venv)}")
            phase("model verified")
        relocate_venv(venv, str(linux_layout().python.parent.parent))
        sources = build_sources(work / "extension", all_sites=all_sites)
        extension = pack_extension(key, version, sources, update_url=update_url or LINUX_CRX_UPDATE_URL)
        write_extension_id(venv, extension.extension_id)
        which = "release" if extension.extension_id == RELEASE_EXTENSION_ID else "NOT the release key"
        print(f"extension {extension.version}, id {extension.extension_id} ({which})")
        phase("extension packed")
        conffiles = write_generated(staging, update_url, install_url, extension)
        _normalise_modes(staging)
        write_debian_dir(staging, version, conffiles)
        suffix = "-nodeps" if skip_deps else ""
        deb = out_dir / f"{PACKAGE_NAME}_{version}{suffix}_{_arch()}.deb"
        level = [] if compression_level is None else [f"-z{compression_level}"]
        run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", *level, "--build", str(staging), str(deb)],
            capture_output=True)
        phase(f"compressed ({compression}{'' if compression_level is None else f' -z{compression_level}'})")
        installed = _installed_size_kib(staging) * 1024
    print(f"venv {_mb(before)} before stripping, {_mb(before - sum(stripped.values()))} after")
    for kind, size in stripped.items():
        print(f"  removed {kind}: {_mb(size)}")
    print(f"package {_mb(deb.stat().st_size)}, installed size {_mb(installed)}")
    return deb


def _arch() -> str:
    return run(["dpkg", "--print-architecture"], capture_output=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist")
    parser.add_argument("--skip-deps", action="store_true", help="the app alone, without its dependencies")
    parser.add_argument("--update-url", help="Chromium extension update URL for the forced install "
                        "(default: the package's own CRX, file:///opt/dlpguard/extension/updates.xml)")
    parser.add_argument("--install-url", help="Firefox .xpi URL for the forced install (default: the "
                        "package's own unsigned .xpi, which only Firefox ESR accepts)")
    keys = parser.add_mutually_exclusive_group()
    keys.add_argument("--extension-key", type=Path,
                      help="PEM RSA key that signs the CRX (the release key, kept outside the repository; "
                      "default: $DLPGUARD_EXTENSION_KEY)")
    keys.add_argument("--throwaway-extension-key", action="store_true",
                      help="sign with a key made for this build (tests: the extension id changes each time)")
    parser.add_argument("--version", dest="upstream_version",
                        help="upstream version instead of the app's (the extension gets it too)")
    parser.add_argument("--all-sites", action="store_true",
                        help="extension requires access to every https site (sites.guard_everywhere fleets)")
    parser.add_argument("--compression", default="xz", choices=["xz", "gzip", "zstd", "none"],
                        help="xz for releases (default); zstd builds in seconds (dpkg >= 1.21.18 reads it)")
    parser.add_argument("--compression-level", type=int, help="dpkg-deb -z: 1 is fastest (default: dpkg's)")
    args = parser.parse_args(argv)
    try:
        key = resolve_key(args.extension_key, throwaway=args.throwaway_extension_key)
    except CrxError as exc:
        parser.error(str(exc))
    started = time.monotonic()
    deb = build(args.out, skip_deps=args.skip_deps, update_url=args.update_url,
                install_url=args.install_url, compression=args.compression,
                compression_level=args.compression_level, extension_key=key,
                version=args.upstream_version, all_sites=args.all_sites)
    elapsed = time.monotonic() - started
    print(f"built {deb} ({deb.stat().st_size / 1e6:.1f} MB) in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""One full .deb per test session: test_full_package.py (scratch-root dpkg) and test_apt_install.py
(apt into a copy-on-write view of this machine) read the same build, so CI pays for it once (~20-40 s
with zstd -1). The throwaway CRX key is kept beside it: the tests check the id it gives everywhere."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from installers.crx import SigningKey
from installers.linux import build_deb


def full_build_missing() -> str | None:
    """Why the full package cannot be built and installed here, or None."""
    if not sys.platform.startswith("linux"):
        return "the .deb is built and installed on Linux only"
    if os.geteuid() != 0:
        return "needs root: dpkg writes its database (and `unshare` makes namespaces)"
    for tool in ("dpkg-deb", "dpkg", "node"):
        if shutil.which(tool) is None:
            return f"needs {tool}"
    if not Path(build_deb.TARGET_PYTHON).exists():
        return f"needs Debian's {build_deb.TARGET_PYTHON} (the bundled venv's interpreter)"
    return None


@dataclass(frozen=True)
class FullBuild:
    deb: Path
    key: SigningKey
    version: str  # the Debian version
    build_s: float


def build_full(out: Path, key: SigningKey, version: str | None = None) -> FullBuild:
    started = time.monotonic()
    deb = build_deb.build(out, compression="zstd", compression_level=1, extension_key=key, version=version)
    return FullBuild(deb, key, build_deb.debian_version(version), time.monotonic() - started)


@pytest.fixture(scope="session")
def full_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FullBuild]:
    missing = full_build_missing()
    if missing:
        pytest.skip(missing)
    build = build_full(tmp_path_factory.mktemp("full-deb"), SigningKey.generate())
    yield build
    build.deb.unlink(missing_ok=True)  # ~175 MB: not left for pytest's retention of old temp folders

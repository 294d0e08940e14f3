"""The macOS package layout: payload root, postinstall and the browsers' profile."""

from __future__ import annotations

import os
import plistlib

from installers.generate import macos_payload
from installers.layout import macos_layout
from installers.macos import build_pkg


def test_payload_root_scripts_and_profile_are_laid_out(tmp_path):
    build_pkg.build(tmp_path, update_url="https://u.example.org/x.xml")
    for generated in macos_payload():
        assert (tmp_path / "root" / str(generated.path).lstrip("/")).read_bytes() == generated.content
    postinstall = tmp_path / "scripts" / "postinstall"
    assert os.access(postinstall, os.X_OK)
    profile = plistlib.loads((tmp_path / "dlpguard-browser-policy.mobileconfig").read_bytes())
    assert len(profile["PayloadContent"]) == len(macos_layout().policies)


def test_pkgbuild_installs_the_root_at_slash(tmp_path):
    command = build_pkg.pkgbuild_command(tmp_path)
    assert command[0] == "pkgbuild"
    assert command[command.index("--install-location") + 1] == "/"
    assert command[command.index("--root") + 1] == str(tmp_path / "root")

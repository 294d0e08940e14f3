"""Staging writes each generated file at its target path under a root, with its mode."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

from installers.generate import GeneratedFile
from installers.stage import stage


def test_absolute_target_paths_land_under_the_root(tmp_path):
    files = [GeneratedFile(PurePosixPath("/opt/app/bin/run"), b"#!/bin/sh\n", 0o755),
             GeneratedFile(PurePosixPath("/etc/app/conf"), b"x\n")]
    written = stage(files, tmp_path)
    assert written == [tmp_path / "opt/app/bin/run", tmp_path / "etc/app/conf"]
    assert (tmp_path / "opt/app/bin/run").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "etc/app/conf").read_bytes() == b"x\n"


def test_windows_paths_are_staged_relative_to_the_install_folder(tmp_path):
    app = PureWindowsPath(r"C:\Program Files\App")
    stage([GeneratedFile(app / "host" / "h.json", b"{}")], tmp_path, relative_to=app)
    assert (tmp_path / "host" / "h.json").read_bytes() == b"{}"

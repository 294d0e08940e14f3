"""The Windows build writes the staged host files and a WiX source that references exactly them."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from installers.generate import WIX_NS
from installers.windows import build_msi


def test_sources_named_by_the_wxs_are_staged(tmp_path):
    wxs = build_msi.build(tmp_path)
    root = ET.fromstring(wxs.read_text(encoding="utf-8"))  # noqa: S314 (ours)
    sources = [f.get("Source") for f in root.iter(f"{{{WIX_NS}}}File")]
    assert sources
    for source in sources:
        assert (tmp_path / "src" / source.removeprefix("$(var.SourceDir)/")).is_file(), source


def test_an_app_payload_group_is_referenced_from_the_feature(tmp_path):
    root = ET.fromstring(build_msi.build(tmp_path, app_group="AppFiles").read_text(encoding="utf-8"))  # noqa: S314
    refs = [r.get("Id") for r in root.iter(f"{{{WIX_NS}}}ComponentGroupRef")]
    assert refs == ["AppFiles"]


@pytest.mark.skipif(shutil.which("wixl") is None, reason="wixl (Debian package wixl) not installed")
def test_main_builds_an_msi_with_wixl(tmp_path):
    assert build_msi.main(["--out", str(tmp_path)]) == 0
    (msi,) = Path(tmp_path).glob("*.msi")
    assert msi.stat().st_size > 0

"""The browser extension as a package ships it: a signed CRX3 with its update manifest, and an .xpi.

The sources are built fresh by extension/build.mjs (Node) into the build's own folder, never taken
from a possibly stale extension/dist. The packed manifests carry the package's version (so an upgraded
package is an extension update the running browser picks up) and, for Chromium, the `key` of the
signing key: the CRX's id, the policies' force-list entry and the host manifests' allowed origin all
come from `SigningKey.extension_id`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from installers.crx import CrxError, SigningKey, parse_crx3, update_manifest, write_crx3, zip_directory
from installers.generate import GeneratedFile
from installers.layout import (
    CRX_NAME,
    LINUX_CRX_UPDATE_URL,
    LINUX_CRX_URL,
    LINUX_EXTENSION_DIR,
    UPDATE_MANIFEST_NAME,
    XPI_NAME,
)

REPO = Path(__file__).resolve().parents[1]
EXTENSION_ROOT = REPO / "extension"
_VERSION = re.compile(r"\d{1,5}(\.\d{1,5}){0,3}")


@dataclass(frozen=True)
class PackedExtension:
    extension_id: str
    version: str
    crx: bytes
    update_manifest: str
    xpi: bytes

    def linux_files(self) -> list[GeneratedFile]:
        """The CRX, its update manifest and the .xpi under /opt/dlpguard/extension (not conffiles:
        an upgrade must replace them, that is how the browsers get the new version)."""
        folder = PurePosixPath(str(LINUX_EXTENSION_DIR))
        return [
            GeneratedFile(folder / CRX_NAME, self.crx),
            GeneratedFile(folder / UPDATE_MANIFEST_NAME, self.update_manifest.encode("utf-8")),
            GeneratedFile(folder / XPI_NAME, self.xpi),
        ]


def extension_version(package_version: str) -> str:
    """A browser extension version (1-4 dot-separated integers up to 65535) from a package version:
    its upstream part, `0.1.1` of `0.1.1-1`."""
    upstream = package_version.split(":")[-1].rsplit("-", 1)[0]
    if not _VERSION.fullmatch(upstream) or any(int(p) > 65535 for p in upstream.split(".")):
        raise CrxError(f"version {package_version!r}: an extension version is 1-4 integers like 1.2.3")
    return upstream


def build_sources(out_root: Path, *, all_sites: bool = False) -> Path:
    """`node build.mjs`'s build() of both targets into out_root/{chromium,firefox}."""
    node = shutil.which("node")
    if node is None:
        raise CrxError("node is needed to build the extension (extension/build.mjs)")
    script = (
        "const m = await import(process.argv[1]);"
        "for (const t of m.TARGETS) m.build(t, process.argv[2], {allSites: process.argv[3] === '1'});"
    )
    subprocess.run(
        [node, "--input-type=module", "-e", script, (EXTENSION_ROOT / "build.mjs").as_uri(), str(out_root),
         "1" if all_sites else "0"],
        check=True, capture_output=True, text=True,
    )
    return out_root


def _manifest(
    source: Path, version: str, key: SigningKey | None = None, update_url: str | None = None
) -> bytes:
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    manifest["version"] = version
    if key is not None:
        manifest["key"] = key.public_b64
    if update_url is not None:
        manifest["update_url"] = update_url
    return (json.dumps(manifest, indent=2) + "\n").encode("utf-8")


def pack_extension(
    key: SigningKey,
    package_version: str,
    sources: Path,
    *,
    codebase: str = LINUX_CRX_URL,
    update_url: str = LINUX_CRX_UPDATE_URL,
) -> PackedExtension:
    """Packs sources/chromium as a CRX3 signed with `key` and sources/firefox as an .xpi, both at the
    package's version; checks the CRX it wrote (signature, id) before returning it.

    The CRX's manifest gets `update_url`, the force-list's: a browser checks an installed extension
    for updates at its manifest's update_url (the store's when there is none), not at the policy's, so
    without it an upgraded package would never reach a running browser."""
    version = extension_version(package_version)
    chromium, firefox = sources / "chromium", sources / "firefox"
    packed_manifest = _manifest(chromium, version, key, update_url)
    crx = write_crx3(zip_directory(chromium, {"manifest.json": packed_manifest}), key)
    written = parse_crx3(crx)
    written.verify()
    if written.extension_id != key.extension_id:
        raise CrxError(f"the CRX's id {written.extension_id} is not the key's {key.extension_id}")
    xpi = zip_directory(firefox, {"manifest.json": _manifest(firefox, version)})
    return PackedExtension(
        key.extension_id, version, crx, update_manifest(key.extension_id, version, codebase), xpi
    )

"""Builds the Windows installer source, and the MSI itself when `wixl` (msitools) is installed.

Usage: python installers/windows/build_msi.py [--out DIR] [--app-group ID]

Writes DIR/src/ (the launcher and host manifests, laid out like the install folder) and
DIR/dlpguard.wxs. The app itself (an embeddable Python with the locked site-packages under
`python\\`) is not built here: harvest it into a WiX fragment (`wixl-heat` or WiX's `heat`) defining
the component group passed as `--app-group`, and add that fragment to the build command.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from dlpguard import __version__  # noqa: E402
from installers.generate import windows_files, windows_wxs  # noqa: E402
from installers.layout import delivery_warnings, windows_layout  # noqa: E402
from installers.stage import stage  # noqa: E402


def build(out: Path, *, app_group: str | None = None, update_url: str | None = None,
          install_url: str | None = None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    stage(windows_files(), out / "src", relative_to=windows_layout().app_dir)
    urls = {k: v for k, v in (("update_url", update_url), ("install_url", install_url)) if v}
    wxs = out / "dlpguard.wxs"
    wxs.write_text(windows_wxs(__version__, **urls, app_component_group=app_group), encoding="utf-8")
    return wxs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist" / "windows")
    parser.add_argument("--app-group", help="ComponentGroup id of the harvested app payload")
    parser.add_argument("--update-url", help="Chromium force-list update URL: a store's or your "
                        "enterprise-hosted updates.xml (a local CRX is not allowed on this platform)")
    parser.add_argument("--install-url", help="Firefox: https URL of the Mozilla-signed .xpi")
    args = parser.parse_args(argv)
    wxs = build(args.out, app_group=args.app_group, update_url=args.update_url, install_url=args.install_url)
    print(f"wrote {wxs}")
    for warning in delivery_warnings(args.update_url, args.install_url):
        print(f"note: {warning}")
    if shutil.which("wixl") and not args.app_group:
        msi = f"dlpguard-{__version__}-x64.msi"
        # wixl resolves sources against the .wxs's folder: a relative SourceDir, run from there.
        subprocess.run(["wixl", "-a", "x64", "-D", "SourceDir=src", "-o", msi, wxs.name], check=True,
                       cwd=args.out)
        print(f"built {args.out / msi} (host registration and policies only, no app payload)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

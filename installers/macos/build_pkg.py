"""Lays out the macOS package: pkgbuild's payload root, its scripts folder and the browsers'
configuration profile; runs pkgbuild when it exists (on a Mac).

Usage: python installers/macos/build_pkg.py [--out DIR]

DIR/root/        payload: host manifests, launcher, CLI wrapper, LaunchAgent, machine folder files
DIR/scripts/     postinstall (machine folder ownership, starts the agent for the logged-in user)
DIR/dlpguard-browser-policy.mobileconfig   deploy with the MDM (profiles are not installed by pkgs)

The app's venv (/Library/DLPGuard/venv, built with the target's python3.11 from the same runtime
lock as the Debian package) still has to be added under root/ before pkgbuild runs.
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
from installers.generate import macos_mobileconfig, macos_payload, macos_postinstall  # noqa: E402
from installers.layout import BUNDLE_ID, delivery_warnings  # noqa: E402
from installers.stage import stage  # noqa: E402


def build(out: Path, *, update_url: str | None = None, install_url: str | None = None) -> Path:
    stage(macos_payload(), out / "root")
    scripts = out / "scripts"
    scripts.mkdir(parents=True, exist_ok=True)
    (scripts / "postinstall").write_text(macos_postinstall(), encoding="utf-8")
    (scripts / "postinstall").chmod(0o755)
    urls = {k: v for k, v in (("update_url", update_url), ("install_url", install_url)) if v}
    (out / "dlpguard-browser-policy.mobileconfig").write_bytes(macos_mobileconfig(**urls))
    return out


def pkgbuild_command(out: Path) -> list[str]:
    return ["pkgbuild", "--root", str(out / "root"), "--scripts", str(out / "scripts"),
            "--identifier", f"{BUNDLE_ID}.pkg", "--version", __version__, "--install-location", "/",
            str(out / f"dlpguard-{__version__}.pkg")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist" / "macos")
    parser.add_argument("--update-url", help="Chromium force-list update URL: a store's or your "
                        "enterprise-hosted updates.xml (a local CRX is not allowed on this platform)")
    parser.add_argument("--install-url", help="Firefox: https URL of the Mozilla-signed .xpi")
    args = parser.parse_args(argv)
    build(args.out, update_url=args.update_url, install_url=args.install_url)
    for warning in delivery_warnings(args.update_url, args.install_url):
        print(f"note: {warning}")
    command = pkgbuild_command(args.out)
    if shutil.which("pkgbuild"):
        subprocess.run(command, check=True)
    else:
        print("pkgbuild not found (not a Mac); on one, run:\n  " + " ".join(command))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

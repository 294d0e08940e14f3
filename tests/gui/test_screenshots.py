"""Screenshots of the tray menu, the review window with data, the notification and Check text.

Rendered on a real X server (Xvfb, started here) by screenshots.py in its own process. A picture
that differs from the one in docs/screenshots/ replaces it, so the docs (and CI's artifacts) follow
the UI; identical pictures leave the files untouched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.gui.x11 import app_environ, x11_tools_missing, xvfb

pytestmark = pytest.mark.skipif(bool(x11_tools_missing()), reason=f"needs {x11_tools_missing()}")

HERE = Path(__file__).resolve().parent
DOCS = HERE.parents[1] / "docs" / "screenshots"
EXPECTED = {
    "tray-menu.png": (200, 180),
    "tray-menu-audit-only.png": (200, 160),
    "tray-menu-policy-refused.png": (200, 160),
    "notification.png": (360, 120),
    "review-window.png": (1280, 780),
    "check-text.png": (1100, 560),
}


def test_screenshots_are_rendered_and_kept_when_they_change(qapp, gui_env, tmp_path):
    out = tmp_path / "shots"
    with xvfb() as display:
        done = subprocess.run(
            [sys.executable, str(HERE / "screenshots.py"), str(out)],
            env=app_environ(gui_env.environ(), display),
            capture_output=True,
            timeout=180,
            check=False,
        )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    DOCS.mkdir(parents=True, exist_ok=True)
    for name, (min_width, min_height) in EXPECTED.items():
        image = QImage(str(out / name))
        assert image.width() >= min_width and image.height() >= min_height, (name, image.size())
        corner = image.pixelColor(image.width() // 2, image.height() - 3)
        assert corner.lightness() > 100, f"{name}: looks empty or black"
        kept = DOCS / name
        if not kept.exists() or QImage(str(kept)) != image:
            shutil.copyfile(out / name, kept)

"""`python -m dlpguard.bridge.regenerate`: rewrites the committed files made from Python for the extension.

- docs/protocol.schema.json, from the protocol models (schema_export.py);
- extension/src/common/generated.js, the values both sides share (shared_constants.py).

Both are committed, so the extension builds and tests with Node alone; tests/bridge/test_regenerate.py
fails while either is stale. Run it from a source checkout after changing what they are made from.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from dlpguard.bridge.schema_export import render_protocol_schema
from dlpguard.bridge.shared_constants import (
    CONTENT_SCRIPT,
    JS_MODULE,
    REGENERATE,
    render_content_script,
    render_js_module,
)

#: The source checkout this module sits in (dlpguard/bridge/regenerate.py -> the repository root).
REPO_ROOT = Path(__file__).resolve().parents[2]

#: Path relative to the repository root -> what the file must hold.
GENERATED_FILES: Mapping[str, Callable[[], str]] = {
    "docs/protocol.schema.json": render_protocol_schema,
    JS_MODULE: render_js_module,
    CONTENT_SCRIPT: render_content_script,
}


def stale_files(root: Path = REPO_ROOT) -> list[str]:
    """The generated files under `root` whose content is not what the Python sources make now."""
    stale = []
    for relative, render in GENERATED_FILES.items():
        path = root / relative
        if not path.is_file() or path.read_text(encoding="utf-8") != render():
            stale.append(relative)
    return stale


def write_generated(root: Path = REPO_ROOT) -> list[str]:
    """Rewrites the stale generated files under `root`; returns them (relative paths)."""
    if not (root / "extension").is_dir() or not (root / "docs").is_dir():
        raise FileNotFoundError(f"{root} is not a DLP Guard source checkout (no extension/ and docs/)")
    changed = stale_files(root)
    for relative in changed:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(GENERATED_FILES[relative](), encoding="utf-8", newline="\n")
    return changed


def main(root: Path = REPO_ROOT) -> int:
    try:
        changed = write_generated(root)
    except FileNotFoundError as exc:
        print(f"{REGENERATE}: {exc}", file=sys.stderr)
        return 2
    for relative in GENERATED_FILES:
        print(f"{'rewrote' if relative in changed else 'up to date'}: {relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Chromium Ctrl+V -> text in the prompt box, 2 KB of clean prose, warm native host (no tray app).

A report, not a test: it prints figures and never fails.

    .venv/bin/python bench/paste_latency.py                       # the extension as built from this tree
    .venv/bin/python bench/paste_latency.py --dist /tmp/old/dist/chromium --label before

The page's own clock runs from the Ctrl+V keydown (the guard lets it through and stops the paste event)
to the first `input` event of the prompt box (the guard inserting the checked text): content script ->
service worker -> `dlpguard native-host` (answering in process, engine warm) -> back -> insertion.
The first `--warmup` pastes are not counted (they warm the host's engine and the service worker).
Pass two dists to compare builds in one run, alternating rounds so machine load hits both alike.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c
import bridge_latency as bl

TWO_KB = 2048
#: A paste not in the box after this long counts as lost (the old build dropped it at the budget).
LOST_AFTER_MS = 8000
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _install_host(install: bl.Install) -> Path:
    env = install.environ()
    subprocess.run(
        [sys.executable, "-m", "dlpguard", "install-browser-host", "--browser", "chromium"],
        env=env,
        check=True,
        capture_output=True,
    )
    return Path(env["XDG_CONFIG_HOME"]) / "chromium"


def measure(
    playwright: Any, install: bl.Install, dist: Path, text: str, runs: int, warmup: int
) -> tuple[list[float], int]:
    """Milliseconds from Ctrl+V to the inserted text, and how many pastes never arrived (lost); one
    browser on a fresh profile dir per build."""
    user_data_dir = _install_host(install)
    profile = user_data_dir.parent / f"chromium-{abs(hash(str(dist)))}"
    if profile.exists():
        shutil.rmtree(profile)
    shutil.copytree(user_data_dir, profile)  # the installer's host manifest, for this profile too
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(bl.CHROMIUM),
        headless=True,
        args=[f"--disable-extensions-except={dist}", f"--load-extension={dist}", *FLAGS],
        env=install.environ(),
    )
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin="https://chatgpt.com")
        context.route(
            "https://chatgpt.com/**",
            lambda route: route.fulfill(status=200, content_type="text/html", body=bl._PAGE),
        )
        page = context.new_page()
        page.goto("https://chatgpt.com/")
        page.wait_for_function("window.__ready === true")
        page.evaluate("t => navigator.clipboard.writeText(t)", text)
        # Warm the host first: before the fix a paste on a cold host was lost (nothing inserted), so
        # paste until one arrives, then count from a clean slate.
        for _ in range(12):
            page.evaluate("window.__reset()")
            page.click("#prompt-textarea")
            page.keyboard.press("Control+V")
            try:
                page.wait_for_function("window.__runs.length >= 1", timeout=10_000)
                break
            except Exception:  # Playwright's TimeoutError: the paste was not inserted
                page.keyboard.press("Escape")
        page.wait_for_timeout(500)
        page.evaluate("window.__runs.length = 0")
        lost = 0
        done = 0
        while done < warmup + runs:
            page.evaluate("window.__reset()")
            page.click("#prompt-textarea")
            page.keyboard.press("Control+V")
            try:
                page.wait_for_function("n => window.__runs.length >= n", arg=done + 1, timeout=LOST_AFTER_MS)
                done += 1
            except Exception:  # Playwright's TimeoutError: nothing was inserted (a dropped paste)
                lost += 1
                page.keyboard.press("Escape")
                if lost > runs:
                    break
            page.wait_for_timeout(50)
        measured = list(page.evaluate("window.__runs"))[warmup:]
    finally:
        context.close()
    short = [m["chars"] for m in measured if m["chars"] < len(text) - 2]
    if short:
        raise SystemExit(f"{dist}: the prompt box got only {min(short)} of {len(text)} characters")
    return [float(m["ms"]) for m in measured], lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", action="append", type=Path, help="an unpacked Chromium build (repeatable)")
    parser.add_argument("--label", action="append", help="a name per --dist")
    parser.add_argument("--runs", type=int, default=20, help="timed pastes per build and round (default 20)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds, alternating the builds (default 1)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--pattern-only", action="store_true", help="policy without NER")
    args = parser.parse_args(argv)
    if not bl.CHROMIUM.exists():
        print(f"skipped: {bl.CHROMIUM} is not installed")
        return 0
    dists = args.dist or [bl.EXTENSION_ROOT / "dist" / "chromium"]
    labels = args.label or [str(d) for d in dists]
    text = bl.clean_prose(TWO_KB)
    results: dict[str, list[float]] = {label: [] for label in labels}
    lost: dict[str, int] = dict.fromkeys(labels, 0)
    from playwright.sync_api import sync_playwright

    with bl.installation(args.pattern_only) as install, sync_playwright() as playwright:
        for round_no in range(args.rounds):
            for dist, label in zip(dists, labels, strict=True):
                ms, dropped = measure(playwright, install, dist, text, args.runs, args.warmup)
                results[label] += ms
                lost[label] += dropped
                median = statistics.median(ms) if ms else float("nan")
                print(f"round {round_no + 1} {label}: median {median:.1f} ms, {dropped} lost", flush=True)
    mode = "pattern-only" if args.pattern_only else "NER on"
    print(f"\nChromium Ctrl+V -> text in box, {len(text)} chars clean prose, warm native host, {mode}")
    print(f"{'build':<24} {'n':>4} {'median':>9} {'p95':>9} {'max':>9} {'lost':>5}")
    for label, ms in results.items():
        s = c.summarize([m / 1000 for m in ms], len(text) * len(ms))
        figures = f"{s['median_ms']:>7.1f}ms {s['p95_ms']:>7.1f}ms {s['max_ms']:>7.1f}ms"
        print(f"{label:<24} {s['n']:>4} {figures} {lost[label]:>5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Prints how Firefox ESR starts the guard and how long a paste waits: a report, not a test.

    .venv/bin/python -m tests.e2e_firefox.startup_report [--runs 20]

Same harness as the suite (tests/e2e_firefox/conftest.py): headless Firefox ESR, the unsigned add-on,
the host installed for this temp HOME, the copied ChatGPT page over local TLS, pattern-only policy.
Figures: launch → Marionette listening → session; launch → the native host process exists (Firefox
starts it when the background page connects) → the background page has the host's `hello`; and a
clean Ctrl+V, timed by the page from its keydown to the `input` that inserts the checked text.
"""

from __future__ import annotations

import argparse
import statistics
import time

from tests.e2e.conftest import CLEAN, POLICY_MASK_CARDS
from tests.e2e_firefox.conftest import FIREFOX, FirefoxProfile, built_extension, guard_firefox, serve_pages

#: A page-side timer: the paste's keydown to the input event that puts text into the box.
_TIMER = """
window.__runs = [];
let started = null;
window.addEventListener('keydown', (e) => {
  if (e.ctrlKey && e.key === 'v') started = performance.now();
}, true);
document.addEventListener('input', () => {
  if (started !== null) { window.__runs.push(performance.now() - started); started = null; }
});
return 'true';
"""


def _started_at(pid: int) -> float:
    """A process's start, in seconds since boot (/proc/PID/stat field 22, in clock ticks)."""
    import os
    from pathlib import Path

    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    return int(fields[19]) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed clean pastes (default 20)")
    args = parser.parse_args()
    if FIREFOX is None:
        print("firefox-esr is not installed: nothing to measure")
        return 0
    import shutil
    import tempfile
    from pathlib import Path

    root = Path(tempfile.mkdtemp(prefix="dg-ff-report-", dir="/tmp"))
    try:
        profile = FirefoxProfile(root, root / "run", POLICY_MASK_CARDS)
        profile.install_host()
        with serve_pages(), guard_firefox(profile, built_extension()) as guard:
            guard.wait_for_hello()
            hello_seen = time.monotonic()
            pids = profile.host_pids()
            host_after = _started_at(min(pids)) - _started_at(guard.process.pid) if pids else None
            chat = guard.open("chatgpt")
            chat._page(_TIMER)
            for n in range(args.runs + 2):  # two warm-up pastes
                chat._page("window.__site.clear(); return 'true'")
                chat.paste(CLEAN)
                chat._wait(lambda n=n: len(chat._page("return JSON.stringify(window.__runs)")) > n, "a paste")
            runs = chat._page("return JSON.stringify(window.__runs)")[2:]
        print(f"firefox-esr: {FIREFOX}")
        print(f"launch -> Marionette session            {guard.session_at - guard.started_at:6.2f} s")
        if host_after is not None:
            print(f"launch -> native host process started   {host_after:6.2f} s (from /proc start times)")
        print(f"launch -> hello in the background page  {hello_seen - guard.started_at:6.2f} s (polled)")
        print(
            f"clean Ctrl+V -> text in the box ({len(runs)} pastes, {len(CLEAN)} chars): "
            f"median {statistics.median(runs):.1f} ms, max {max(runs):.1f} ms"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

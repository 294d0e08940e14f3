"""The tray app at rest and at work: idle RSS and CPU with the model loaded, and clipboard latency.

Starts Xvfb, runs `dlpguard gui` in a private home with the built-in policy (NER on) and the
clipboard masked in place, waits for the engine, then:

- idle: RSS and CPU over `--idle` seconds, and how often its threads woke up (a polling loop would
  show as steady wake-ups; the app has none: it waits on sockets, the clipboard and timers);
- clipboard: `--runs` copies of a 2 KB text holding secrets, written by xclip as another app would;
  the app's own clock (change seen -> masked text written) and the wall time until xclip reads the
  masked text back.

A report, not a test: it prints numbers and PASS/MISS against the aims and never fails.

    .venv/bin/python bench/tray_idle.py [--idle 10] [--runs 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dlpguard.gui.instance import ask_running_app  # noqa: E402
from tests.gui.x11 import app_environ, start_app, stop, xclip_copy, xclip_paste, xvfb  # noqa: E402

RSS_LIMIT_MB = 250
IDLE_CPU_LIMIT_PERCENT = 0.5
POLICY = textwrap.dedent(
    """\
    schema_version: 1
    version: 1
    incidents: {keyring_fallback: file}
    clipboard: {mode: mask, restore_seconds: 60}
    """
)


def text_2kb(i: int) -> str:
    """About 2 KB of a support question with a key, a card and an email in it (fake values)."""
    prose = (
        "Hi, the nightly export to the partner portal failed again and I am trying to understand why. "
        "The job runs on the reporting host and uploads the summary file after the reconciliation step. "
    )
    body = prose * 8
    secrets = (
        f"\nconfig: AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMP{i % 10}Q\n"
        "billing contact maria.keller@northwind-traders.net, card 4539 1488 0343 6467\n"
    )
    return (body[:900] + secrets + body[: 2048 - 900 - len(secrets)])[:2048]


def proc_stat(pid: int) -> tuple[int, int, int]:
    """(utime + stime ticks, RSS kB, voluntary + involuntary context switches over all threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    rss = switches = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            for line in (task / "status").read_text().splitlines():
                if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                    switches += int(line.split()[1])
        except OSError:
            continue  # a thread ended while we read
    return ticks, rss, switches


def wait_for(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.002)  # a benchmark's poll, on our side, not the app's
    raise SystemExit(f"tray_idle: timed out waiting for {what}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle measurement")
    parser.add_argument("--runs", type=int, default=20, help="clipboard copies to time")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    args = parser.parse_args()
    if sys.platform != "linux" or shutil.which("Xvfb") is None or shutil.which("xclip") is None:
        print("tray_idle: needs Linux with Xvfb and xclip (./dev test installs them)")
        return 0

    home = Path(tempfile.mkdtemp(prefix="dg-bench-", dir="/tmp"))
    (home / "machine").mkdir()
    (home / "machine" / "policy.yaml").write_text(POLICY, encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith("DLPGUARD_")}
    base.update(
        DLPGUARD_DATA_DIR=str(home / "data"),
        DLPGUARD_CONFIG_DIR=str(home / "config"),
        DLPGUARD_RUNTIME_DIR=str(home / "run"),
        DLPGUARD_MACHINE_DIR=str(home / "machine"),
        DLPGUARD_POLICY=str(home / "machine" / "policy.yaml"),
    )
    os.environ.update({k: v for k, v in base.items() if k.startswith("DLPGUARD_")})
    results: dict[str, object] = {}
    try:
        with xvfb() as display:
            proc = start_app(app_environ(base, display))
            try:
                started = time.monotonic()

                def ready() -> bool:
                    if proc.poll() is not None:
                        raise SystemExit(f"tray_idle: the app exited: {stop(proc)}")
                    reply = ask_running_app("status", timeout=2)
                    return bool(reply) and reply.get("engine") not in (None, "loading")

                wait_for(ready, 180, "the engine")
                status = ask_running_app("status") or {}
                results["engine"] = status.get("engine")
                results["startup_s"] = round(time.monotonic() - started, 2)
                time.sleep(2.0)  # let start-up work finish before the idle window

                tck = os.sysconf("SC_CLK_TCK")
                t0, _, s0 = proc_stat(proc.pid)
                time.sleep(args.idle)
                t1, rss_kb, s1 = proc_stat(proc.pid)
                results["idle_rss_mb"] = round(rss_kb / 1024, 1)
                results["idle_cpu_percent"] = round((t1 - t0) / tck / args.idle * 100, 3)
                results["idle_wakeups_per_s"] = round((s1 - s0) / args.idle, 2)

                internal, external = [], []
                for i in range(args.runs):
                    before = (ask_running_app("status") or {})["clipboard"]["writes"]
                    text = text_2kb(i)
                    t_copy = time.perf_counter()
                    xclip_copy(display, text)
                    wait_for(
                        lambda before=before: (
                            (ask_running_app("status") or {})["clipboard"]["writes"] > before
                        ),
                        30,
                        "the masked write",
                    )
                    wait_for(lambda: "[AWS_ACCESS_KEY]" in xclip_paste(display), 30, "the masked text")
                    external.append((time.perf_counter() - t_copy) * 1000)
                    internal.append((ask_running_app("status") or {})["clipboard"]["last_latency_ms"])
                _, rss_after, _ = proc_stat(proc.pid)
                results["rss_after_clipboard_mb"] = round(rss_after / 1024, 1)
                results["clipboard_2kb_ms_median"] = round(statistics.median(internal), 1)
                results["clipboard_2kb_ms_p95"] = round(sorted(internal)[int(0.95 * (len(internal) - 1))], 1)
                results["clipboard_2kb_wall_ms_median"] = round(statistics.median(external), 1)
            finally:
                stop(proc)
    finally:
        shutil.rmtree(home, ignore_errors=True)

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (numbers are wall-clock)")
    print(f"engine mode:                 {results['engine']}  (ready {results['startup_s']} s after start)")
    rss = float(results["idle_rss_mb"])  # type: ignore[arg-type]
    cpu = float(results["idle_cpu_percent"])  # type: ignore[arg-type]
    print(f"idle RSS:                    {rss} MB  [{verdict(rss <= RSS_LIMIT_MB)} <= {RSS_LIMIT_MB} MB]")
    print(f"idle CPU:                    {cpu} %  [{verdict(cpu <= IDLE_CPU_LIMIT_PERCENT)} ~0 %]")
    print(f"idle wake-ups (all threads): {results['idle_wakeups_per_s']} /s")
    print(f"RSS after {args.runs} clipboard scans: {results['rss_after_clipboard_mb']} MB")
    print(
        f"clipboard 2 KB, change -> masked: median {results['clipboard_2kb_ms_median']} ms, "
        f"p95 {results['clipboard_2kb_ms_p95']} ms "
        f"(wall incl. xclip: {results['clipboard_2kb_wall_ms_median']} ms)"
    )
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

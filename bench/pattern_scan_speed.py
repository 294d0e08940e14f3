"""Pattern-only scan time of 10 MB of mixed text (aim: <= 3 s), and where the time goes.

    .venv/bin/python bench/pattern_scan_speed.py              # 10 MB, best of 2
    .venv/bin/python bench/pattern_scan_speed.py --mb 2 --repeat 3

A report, not a test. The text is half `_common.mixed_paste` (code, logs, CSV with names, e-mails and
phones, prose) and half `recognizer_timing.synthetic_text` (code, config and logs with a sprinkling of
fake secrets), both deterministic. The engine is `Engine(load_model=False)`: the pattern path of every
scan, which a large paste gets in full however the NER budget falls. Kingfisher's rules are waited for
before timing, so they are part of the figure. The per-recognizer table runs each detector's `find`
over the same windows the engine uses, in its order; "resolve and filters" is the rest of the scan.

Two engines are timed: a sequential one (`workers=1`) and one that shares a large text's windows with
worker processes (`--workers`, default the engine's: the machine's cores, capped). "Pool start" is the
time from starting a pool to its first worker being ready (spawn, imports, engine, Kingfisher's rules),
measured on a pool of its own. The parallel engine's first scan starts its pool and scans windows in the
scanning process until the workers are ready, so it is reported apart.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _common as c
import recognizer_timing

from dlpguard.engine.chunking import windows_from_text
from dlpguard.engine.engine import Engine, EngineConfig
from dlpguard.engine.parallel import WindowPool, effective_workers

AIM_SECONDS = 3.0


def mixed_text(size: int) -> str:
    half = size // 2
    return c.mixed_paste(half) + "\n" + recognizer_timing.synthetic_text(size - half - 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="megabytes (10**6 characters) of text")
    parser.add_argument("--repeat", type=int, default=2, help="timed scans; the best is reported")
    parser.add_argument("--top", type=int, default=12, help="recognizers listed")
    parser.add_argument("--workers", type=int, default=None, help="parallel engine's workers (default: auto)")
    args = parser.parse_args(argv)

    size = int(args.mb * 1_000_000)
    text = mixed_text(size)
    started = time.perf_counter()
    engine = Engine(EngineConfig(workers=1), load_model=False)
    build = time.perf_counter() - started
    workers = effective_workers(args.workers)
    parallel = Engine(EngineConfig(workers=workers), load_model=False)
    vendor_rules = _wait_for_vendor_rules()
    engine.scan(text[:100_000])  # compile every lazily compiled pattern before timing
    parallel.scan(text[:100_000])
    print(f"load average: {c.load_average()}")
    print(f"text: {len(text):,} characters; engine built in {build * 1000:.0f} ms; {vendor_rules}")

    t0 = time.perf_counter()
    probe = WindowPool(parallel.config, workers - 1, Engine)
    started_ok = probe.wait_ready(120)
    pool_start = time.perf_counter() - t0
    probe.close()
    t0 = time.perf_counter()
    first = parallel.scan(text)
    first_seconds = time.perf_counter() - t0
    if parallel._pool is not None:
        parallel._pool.wait_ready(120)
    times: dict[str, list[float]] = {"sequential": [], "parallel": []}
    results = {}
    for _ in range(args.repeat):  # alternating, so both see the same load
        for name, e in (("sequential", engine), ("parallel", parallel)):
            t0 = time.perf_counter()
            results[name] = e.scan(text)
            times[name].append(time.perf_counter() - t0)
    result = results["sequential"]
    pooled = parallel._pool is not None and parallel._pool.scans > 0
    parallel.close()
    same = first.findings == result.findings == results["parallel"].findings
    for name, spent in times.items():
        best = min(spent)
        label = name if name == "sequential" else f"parallel ({workers} workers, pool used: {pooled})"
        print(
            f"pattern-only scan, {label}: best {best:.2f} s, median {statistics.median(spent):.2f} s over "
            f"{len(spent)} ({len(text) / best / 1e6:.1f} MB/s), {len(results[name].findings):,} findings, "
            f"{results[name].stats.chunks} windows"
        )
        print(
            f"  {c.verdict(best * 10 / args.mb <= AIM_SECONDS)}  10 MB pattern-only <= {AIM_SECONDS:.0f} s"
            + ("" if args.mb == 10 else f"  (scaled: {best * 10 / args.mb:.2f} s per 10 MB)")
        )
    print(
        f"pool start {pool_start:.2f} s (ready: {started_ok}); parallel engine's first scan "
        f"{first_seconds:.2f} s; findings identical to sequential: {same}"
    )
    best = min(times["sequential"])

    spent = [0.0] * len(engine.detectors)
    windows = 0
    for window in windows_from_text(text, engine.config.window, engine.config.overlap):
        windows += 1
        low = window.text.lower()
        # Window by window, as the engine runs them: what a window's detectors share (its words, its
        # tables, its health terms, all cached per window) is paid by the first that asks.
        for i, detector in enumerate(engine.detectors):
            t0 = time.perf_counter()
            detector.find(window.text, low)
            spent[i] += time.perf_counter() - t0
    rows = [(seconds, d.detector_name) for seconds, d in zip(spent, engine.detectors, strict=True)]
    rows.sort(reverse=True)
    in_detectors = sum(t for t, _ in rows)
    print(
        f"\nwhere the time goes ({windows} windows; detectors {in_detectors:.2f} s, "
        f"resolve and filters about {max(0.0, best - in_detectors):.2f} s):"
    )
    print(
        c.table(
            ["recognizer", "s", "share"],
            [(n, f"{t:.3f}", f"{t / in_detectors:.0%}") for t, n in rows[: args.top]],
        )
    )
    return 0


def _wait_for_vendor_rules() -> str:
    try:
        from dlpguard.engine.recognizers import kingfisher
    except ImportError:
        return "Kingfisher not installed"
    ready = kingfisher.wait_until_ready()
    seconds = kingfisher.load_seconds()
    return f"Kingfisher rules {'loaded' if ready else 'NOT loaded'} in {seconds or 0:.2f} s (background)"


if __name__ == "__main__":
    raise SystemExit(main())

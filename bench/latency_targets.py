"""Our engine against the issue's absolute aims, each printed as measured value vs aim with PASS/MISS.

    .venv/bin/python bench/latency_targets.py [--quick] [--json]

compare_presidio.py runs this too, after the comparison, reusing its cold-start numbers. The aims:
pattern-only verdict for a 2 KB text <= 2 ms; a 2 KB prose text with NER <= 1.2x spaCy's own time for
it; a 1 MB paste pattern-scanned in <= 1 s with NER bounded by `EngineConfig.max_ner_chars`; cold
start <= 2 s; peak RSS <= 300 MB. "Verdict" is timed as `Engine.scan`: the policy decision over the
findings is not included.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

PATTERN_MS_AIM = 2.0
NER_RATIO_AIM = 1.2
PASTE_S_AIM = 1.0
COLD_S_AIM = 2.0
RSS_MB_AIM = 300.0
TWO_KB = 2048
ONE_MB = 1 << 20


def _row(
    aim: str, measured: float, limit: float, unit: str, detail: str, ok: bool | None = None
) -> dict[str, Any]:
    return {
        "aim": aim,
        "measured": measured,
        "limit": limit,
        "unit": unit,
        "ok": measured <= limit if ok is None else ok,
        "detail": detail,
    }


def _median_ms(fn: Any, repeat: int) -> tuple[float, float]:
    fn()  # warm-up
    times = c.time_calls(fn, repeat)
    return statistics.median(times) * 1000, c.percentile(times, 95) * 1000


def _interleaved_ms(fns: dict[str, Any], repeat: int) -> dict[str, float]:
    """Median ms of each callable, calls interleaved so load changes on the machine hit all of them."""
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    return {k: statistics.median(v) * 1000 for k, v in times.items()}


def run_targets(
    *, quick: bool = False, cold: dict[str, Any] | None = None, corpus: str = "", limit: int | None = None
) -> dict[str, Any]:
    import spacy

    from dlpguard.engine import Engine
    from dlpguard.engine.model import UNUSED_COMPONENTS

    reps_small = 50 if quick else 300
    reps_ner = 8 if quick else 30
    reps_paste = 1 if quick else 3
    rows: list[dict[str, Any]] = []
    prose = c.prose_text(TWO_KB)
    code = c.code_log_text(TWO_KB)
    paste = c.mixed_paste(ONE_MB)

    pattern_engine = Engine(load_model=False)
    engine = Engine()
    if engine.model.mode != "ner":
        print(f"warning: our engine has no NER model ({engine.model.reason}); NER aims are meaningless")

    # 1. Pattern-only verdict for a 2 KB text.
    for label, eng, text in (
        ("2 KB prose, Engine(load_model=False)", pattern_engine, prose),
        ("2 KB code+logs, Engine(load_model=False)", pattern_engine, code),
        ("2 KB code+logs, Engine() (NER gated off)", engine, code),
    ):
        median, p95 = _median_ms(lambda eng=eng, text=text: eng.scan(text), reps_small)
        ner_chars = eng.scan(text).stats.ner_chars
        rows.append(
            _row(
                f"pattern-only verdict: {label}",
                median,
                PATTERN_MS_AIM,
                "ms",
                f"{len(text)} chars, p95 {p95:.2f} ms, NER read {ner_chars} chars, {reps_small} runs",
            )
        )

    # 2. 2 KB prose with NER against spaCy's own time for the same text.
    data_dir = c.model_data_dir()
    spacy_full = spacy.load(data_dir)
    spacy_ner = spacy.load(data_dir, exclude=list(UNUSED_COMPONENTS))
    ms = _interleaved_ms(
        {
            "ours": lambda: engine.scan(prose),
            "full": lambda: spacy_full(prose),
            "ner": lambda: spacy_ner(prose),
        },
        reps_ner,
    )
    ner_chars = engine.scan(prose).stats.ner_chars
    detail = (
        f"ours {ms['ours']:.1f} ms, spaCy full pipeline {ms['full']:.1f} ms "
        f"({'+'.join(spacy_full.pipe_names)}), "
        f"NER read {ner_chars}/{len(prose)} chars, {reps_ner} runs"
    )
    rows.append(
        _row("2 KB prose with NER / spaCy full pipeline", ms["ours"] / ms["full"], NER_RATIO_AIM, "x", detail)
    )
    rows.append(
        _row(
            "2 KB prose with NER / spaCy NER-only pipeline",
            ms["ours"] / ms["ner"],
            NER_RATIO_AIM,
            "x",
            f"spaCy {'+'.join(spacy_ner.pipe_names)} {ms['ner']:.1f} ms "
            "(what our engine runs; ~1.0 = NER ran once)",
        )
    )

    # 3. A 1 MB mixed paste: patterns over all of it, NER bounded by the policy limit.
    pattern_s = statistics.median(c.time_calls(lambda: pattern_engine.scan(paste), reps_paste))
    rows.append(
        _row(
            "1 MB paste fully pattern-scanned, Engine(load_model=False)",
            pattern_s,
            PASTE_S_AIM,
            "s",
            f"{len(paste):,} chars (code, logs, CSV, ~1/4 prose), "
            f"{len(paste) / pattern_s / 1e6:.2f} M chars/s",
        )
    )
    started = time.perf_counter()
    result = engine.scan(paste)
    full_s = time.perf_counter() - started
    limit_chars = engine.config.max_ner_chars
    stats = result.stats
    rows.append(
        _row(
            "1 MB paste with NER: NER chars within max_ner_chars",
            stats.ner_chars,
            limit_chars,
            "chars",
            f"Engine() total {full_s:.2f} s, {stats.ner_skipped_chars:,} prose chars left to patterns, "
            f"{len(result.findings):,} findings, {stats.chunks} windows",
        )
    )

    # 4 and 5. Cold start and peak RSS, each in a fresh interpreter.
    cold = cold or c.cold_start("ours", 1 if quick else 3)
    if "error" not in cold:
        rows.append(
            _row(
                "cold start: interpreter start -> first scan result",
                cold["spawn_to_first_result_s"],
                COLD_S_AIM,
                "s",
                f"import {cold['import_s']:.2f} + build {cold['build_s']:.2f} + "
                f"first scan {cold['first_scan_s']:.3f} s; "
                f"process wall incl. exit {cold['process_wall_s']:.2f} s",
            )
        )
    rss = c.peak_rss("ours", corpus, limit, paste_chars=ONE_MB)
    if "error" not in rss:
        rows.append(
            _row(
                "peak RSS after corpus + 1 MB paste",
                rss["after_paste_mb"],
                RSS_MB_AIM,
                "MB",
                f"after build {rss['after_build_mb']:.0f} MB, after corpus {rss['after_corpus_mb']:.0f} MB",
            )
        )
    profile = detector_profile(pattern_engine, paste)
    return {"rows": rows, "cold": cold, "rss": rss, "detector_profile": profile}


def detector_profile(engine: Any, text: str) -> list[dict[str, Any]]:
    """Time of each detector's `find` over one text, slowest first: where the pattern path goes."""
    lowered = text.lower()
    out = []
    for detector in engine.detectors:
        started = time.perf_counter()
        found = detector.find(text, lowered)
        out.append(
            {
                "detector": detector.detector_name,
                "ms": (time.perf_counter() - started) * 1000,
                "raw": len(found),
            }
        )
    return sorted(out, key=lambda r: -r["ms"])


def print_targets(targets: dict[str, Any]) -> None:
    print("\n== Absolute aims (our engine) ==")
    print(
        c.table(
            ("aim", "measured", "limit", "", "result"),
            [(r["aim"], r["measured"], r["limit"], r["unit"], c.verdict(r["ok"])) for r in targets["rows"]],
        )
    )
    for r in targets["rows"]:
        print(f"  {r['aim']}: {r['detail']}")
    for what in ("cold", "rss"):
        if "error" in targets[what]:
            print(f"  {what} worker failed: {targets[what]['error']}")
    profile = targets.get("detector_profile", [])
    if profile:
        total = sum(r["ms"] for r in profile)
        print(f"\npattern path on the 1 MB paste, slowest detectors (all {len(profile)}: {total:.0f} ms):")
        rows = [(r["detector"], r["ms"], r["raw"]) for r in profile[:10]]
        print(c.table(("detector", "ms", "raw matches"), rows))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument(
        "--json", action="store_true", help="write results to bench/results/<time>-targets.json"
    )
    parser.add_argument("--corpus", default="", help="corpus.jsonl for the RSS run, or 'builtin'")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    watch = c.NetworkWatch().install()
    facts = c.machine_facts()
    print("== Machine ==")
    print(c.table(("fact", "value"), facts.items()))
    limit = 60 if args.quick else None
    targets = run_targets(quick=args.quick, corpus=args.corpus, limit=limit)
    print_targets(targets)
    facts["load_average_end"] = c.load_average()
    print(
        f"\nnetwork attempts: {watch.total()}; "
        f"load average start {facts['load_average_start']} / end {facts['load_average_end']}"
    )
    if args.json:
        path = c.write_json(
            {"machine": facts, "targets": targets, "network_attempts": dict(watch.attempts)}, "targets"
        )
        print(f"results written to {path.relative_to(c.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

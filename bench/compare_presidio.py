"""Our engine against stock presidio on the same labelled texts: speed, what each finds, cold start, RSS.

    .venv/bin/python bench/compare_presidio.py            # full run, then the absolute aims
    .venv/bin/python bench/compare_presidio.py --quick    # a subset of texts, fewer repeats
    .venv/bin/python bench/compare_presidio.py --json     # also write bench/results/<time>-compare.json

A report, not a test: it prints numbers and PASS/MISS against the issue's aims, and never fails on them.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c
import latency_targets

SPEEDUP_AIM = 3.0


def measure_latency(runners: dict[str, c.Runner], samples: Sequence[c.Sample], repeat: int) -> dict[str, Any]:
    """Warm per-text latency: one warm-up pass each, then `repeat` timed scans per text (median kept).

    The engines alternate text by text, and which goes first alternates too, so drift in the load of
    this shared machine hits both about equally.
    """
    for sample in samples:
        for runner in runners.values():
            runner.scan(sample.text)
    per_text: dict[str, list[float]] = {name: [] for name in runners}
    outputs: dict[str, list[Any]] = {name: [] for name in runners}
    order = list(runners)
    gc.collect()
    for i, sample in enumerate(samples):
        names = order if i % 2 == 0 else order[::-1]
        times: dict[str, list[float]] = defaultdict(list)
        last: dict[str, Any] = {}
        for _ in range(repeat):
            for name in names:
                started = time.perf_counter()
                last[name] = runners[name].scan(sample.text)
                times[name].append(time.perf_counter() - started)
        for name in names:
            per_text[name].append(statistics.median(times[name]))
            outputs[name].append(last[name])
    chars = sum(len(s.text) for s in samples)
    result: dict[str, Any] = {name: c.summarize(per_text[name], chars) for name in runners}
    kinds: dict[str, list[int]] = defaultdict(list)
    for i, sample in enumerate(samples):
        kinds[sample.kind].append(i)
    result["by_kind"] = {
        kind: {
            "texts": len(idx),
            **{
                f"{name}_median_ms": statistics.median(per_text[name][i] for i in idx) * 1000
                for name in runners
            },
            "ours_ner_share": _ner_share([outputs["ours"][i] for i in idx], [samples[i] for i in idx]),
        }
        for kind, idx in sorted(kinds.items())
    }
    result["ours_ner_share"] = _ner_share(outputs["ours"], samples)
    result["_outputs"] = outputs
    return result


def _ner_share(results: Sequence[Any], samples: Sequence[c.Sample]) -> float:
    """Fraction of the characters our engine handed to NER (the rest was judged not to be prose)."""
    chars = sum(len(s.text) for s in samples)
    return sum(r.stats.ner_chars for r in results) / chars if chars else 0.0


def score_findings(runner: c.Runner, samples: Sequence[c.Sample], outputs: Sequence[Any]) -> dict[str, Any]:
    """Gold spans found (overlap, same category), total findings, in-category findings matching no gold."""
    found: Counter[str] = Counter()
    gold_total: Counter[str] = Counter()
    findings = in_category = unmatched = 0
    by_entity: Counter[str] = Counter()
    for sample, output in zip(samples, outputs, strict=True):
        hits = runner.hits(output)
        findings += len(hits)
        for hit in hits:
            by_entity[hit.entity_type] += 1
            if not hit.categories:
                continue
            in_category += 1
            if not any(
                g.start < hit.end and hit.start < g.end and g.category in hit.categories for g in sample.gold
            ):
                unmatched += 1
        for gold in sample.gold:
            gold_total[gold.category] += 1
            if any(h.start < gold.end and gold.start < h.end and gold.category in h.categories for h in hits):
                found[gold.category] += 1
    return {
        "gold": sum(gold_total.values()),
        "gold_found": sum(found.values()),
        "gold_by_category": dict(gold_total),
        "found_by_category": dict(found),
        "findings": findings,
        "in_category_findings": in_category,
        "unmatched_in_category": unmatched,
        "findings_by_entity": dict(by_entity.most_common()),
    }


def print_comparison(latency: dict[str, Any], scores: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ours, stock = latency["ours"], latency["stock"]
    print("\n== Warm latency per text (same texts, after one warm-up pass) ==")
    rows = [
        (label, ours[key], stock[key], stock[key] / ours[key] if ours[key] else float("nan"))
        for label, key in (
            ("median ms", "median_ms"),
            ("p95 ms", "p95_ms"),
            ("mean ms", "mean_ms"),
            ("max ms", "max_ms"),
            ("total s", "total_s"),
        )
    ]
    rows.append(
        ("chars/s", ours["chars_per_s"], stock["chars_per_s"], ours["chars_per_s"] / stock["chars_per_s"])
    )
    print(c.table(("", "ours", "stock presidio", "stock/ours (x faster)"), rows))
    print(
        f"\nmedian ms by kind of text (ours NER read = share of chars our engine gave to NER; "
        f"all: {latency['ours_ner_share']:.0%}):"
    )
    print(
        c.table(
            ("kind", "texts", "ours", "stock", "x faster", "ours NER read"),
            [
                (
                    k,
                    v["texts"],
                    v["ours_median_ms"],
                    v["stock_median_ms"],
                    v["stock_median_ms"] / v["ours_median_ms"],
                    f"{v['ours_ner_share']:.0%}",
                )
                for k, v in latency["by_kind"].items()
            ],
        )
    )

    so, ss = scores["ours"], scores["stock"]
    print("\n== What each finds (gold span found = overlapping finding of the same category) ==")
    categories = sorted(so["gold_by_category"], key=lambda k: -so["gold_by_category"][k])
    rows = [
        (
            cat,
            so["gold_by_category"][cat],
            so["found_by_category"].get(cat, 0),
            ss["found_by_category"].get(cat, 0),
        )
        for cat in categories
    ]
    rows.append(("all", so["gold"], so["gold_found"], ss["gold_found"]))
    print(c.table(("category", "gold spans", "ours found", "stock found"), rows))
    print()
    print(
        c.table(
            ("", "ours", "stock"),
            [
                (
                    "recall (gold found / gold)",
                    _ratio(so["gold_found"], so["gold"]),
                    _ratio(ss["gold_found"], ss["gold"]),
                ),
                ("findings, all types", so["findings"], ss["findings"]),
                ("findings in a DLP category", so["in_category_findings"], ss["in_category_findings"]),
                ("  of which match no gold span", so["unmatched_in_category"], ss["unmatched_in_category"]),
            ],
        )
    )
    top = ", ".join(f"{k} {v}" for k, v in list(ss["findings_by_entity"].items())[:8])
    print(f"stock findings by type (top): {top}")

    speedup = stock["median_ms"] / ours["median_ms"] if ours["median_ms"] else float("nan")
    headline = {
        "median_speedup": speedup,
        "speedup_ok": speedup >= SPEEDUP_AIM,
        "finds_more": so["gold_found"] > ss["gold_found"],
    }
    print(
        f"\nours is {speedup:.1f}x faster than stock presidio at the median (aim >= {SPEEDUP_AIM:.0f}x): "
        f"{c.verdict(headline['speedup_ok'])}; finds {so['gold_found']} vs {ss['gold_found']} gold spans: "
        f"{c.verdict(headline['finds_more'])}"
    )
    return headline


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def print_cold_rss(cold: dict[str, dict[str, Any]], rss: dict[str, dict[str, Any]]) -> None:
    print("\n== Cold start (fresh interpreter, median of runs; OS file cache warm) and peak RSS ==")
    keys = (
        ("import s", cold, "import_s"),
        ("build engine s", cold, "build_s"),
        ("first scan s", cold, "first_scan_s"),
        ("import+build+first scan s", cold, "in_process_s"),
        ("spawn -> first result s", cold, "spawn_to_first_result_s"),
        ("process wall s (incl. exit)", cold, "process_wall_s"),
        ("peak RSS after build MB", rss, "after_build_mb"),
        ("peak RSS after corpus MB", rss, "after_corpus_mb"),
    )
    rows = []
    for label, source, key in keys:
        o, s = source["ours"].get(key, float("nan")), source["stock"].get(key, float("nan"))
        rows.append((label, o, s, s / o if o else float("nan")))
    print(c.table(("", "ours", "stock presidio", "stock/ours"), rows))
    for name in c.ENGINES:
        for source, what in ((cold, "cold start"), (rss, "RSS")):
            if "error" in source[name]:
                print(f"  {name} {what} worker failed: {source[name]['error']}")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a spread subset of texts, fewer repeats")
    parser.add_argument(
        "--json", action="store_true", help="write results to bench/results/<time>-compare.json"
    )
    parser.add_argument(
        "--corpus", help="a corpus.jsonl to use, or 'builtin' (default: tests/corpus/corpus.jsonl)"
    )
    parser.add_argument("--limit", type=int, help="use at most this many texts (spread over the corpus)")
    parser.add_argument("--repeat", type=int, help="timed scans per text per engine (default 3, quick 1)")
    parser.add_argument(
        "--cold-runs", type=int, help="fresh interpreters per engine for cold start (default 3, quick 1)"
    )
    parser.add_argument(
        "--no-targets", action="store_true", help="skip the absolute aims (latency_targets.py)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    limit = args.limit if args.limit is not None else (60 if args.quick else None)
    repeat = args.repeat or (1 if args.quick else 3)
    cold_runs = args.cold_runs or (1 if args.quick else 3)
    watch = c.NetworkWatch().install()
    started = time.perf_counter()

    facts = c.machine_facts()
    print("== Machine ==")
    print(c.table(("fact", "value"), facts.items()))
    samples, source = c.load_samples(args.corpus, limit)
    chars = sum(len(s.text) for s in samples)
    print(
        f"\ncorpus: {source}; {chars:,} chars, "
        f"median text {statistics.median(len(s.text) for s in samples):,.0f} chars"
    )
    print(f"kinds: {dict(Counter(s.kind for s in samples).most_common())}; repeat {repeat} per text")

    runners = {"ours": c.build_ours(), "stock": c.build_stock()}
    for runner in runners.values():
        for note in runner.notes:
            print(f"{runner.name}: {note}")

    watch.phase = "latency"
    latency = measure_latency(runners, samples, repeat)
    outputs = latency.pop("_outputs")
    watch.phase = "scoring"
    scores = {name: score_findings(runners[name], samples, outputs[name]) for name in runners}
    headline = print_comparison(latency, scores)

    watch.phase = "workers"
    del runners, outputs
    gc.collect()
    corpus_arg = args.corpus or ""
    cold = {name: c.cold_start(name, cold_runs) for name in c.ENGINES}
    rss = {name: c.peak_rss(name, corpus_arg, limit) for name in c.ENGINES}
    print_cold_rss(cold, rss)

    results: dict[str, Any] = {
        "machine": facts,
        "corpus": {"source": source, "texts": len(samples), "chars": chars, "repeat": repeat},
        "latency": latency,
        "findings": scores,
        "headline": headline,
        "cold_start": cold,
        "rss": rss,
    }
    if not args.no_targets:
        watch.phase = "targets"
        results["targets"] = latency_targets.run_targets(
            quick=args.quick, cold=cold["ours"], corpus=corpus_arg, limit=limit
        )
        latency_targets.print_targets(results["targets"])

    results["machine"]["load_average_end"] = c.load_average()
    results["network_attempts"] = dict(watch.attempts)
    results["elapsed_s"] = time.perf_counter() - started
    print(
        f"\nnetwork attempts during the whole run (bench process; workers report their own): {watch.total()}"
        f"\nload average start {facts['load_average_start']} / end {results['machine']['load_average_end']}; "
        f"run took {results['elapsed_s']:.0f} s"
    )
    if args.json:
        print(f"results written to {c.write_json(results, 'compare').relative_to(c.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

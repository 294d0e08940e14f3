#!/usr/bin/env python3
"""Evaluate the DLP Guard engine against the labelled corpus in tests/corpus/corpus.jsonl.

    python bench/evaluate.py [--corpus tests/corpus/corpus.jsonl] [--json] [--verbose] [--check]
                             [--group-by kind|lang]

Prints per-row precision / recall / F1 (rows: secret, financial, government_id, email, phone, network,
person, location, health, date_of_birth, classification; a row appears once it has gold spans or
predictions), a micro-average, the exact-span match rate and the false-alarm rate (share of negative
texts with at least one reported finding), then PASS/FAIL against the targets. Exit code is 0 (it is a
report) unless --check is given, in which case any failed target exits 1.

Matching rule: a predicted finding is a true positive for its row if it overlaps a gold span of the same
row that is not matched yet; each gold span is matched at most once; further predictions of the same row
that only overlap already-matched gold spans are ignored (neither TP nor FP); a prediction that overlaps no
gold span of its row is a false positive; unmatched gold spans are false negatives.

Sensitive values are never printed: failures are reported as ids, entity types and offsets only.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "tests" / "corpus" / "corpus.jsonl"

ROWS = (
    "secret", "financial", "government_id", "email", "phone", "network", "person", "location",
    "health", "date_of_birth", "classification",
)  # fmt: skip
TARGETS: dict[str, float] = {
    "secret": 0.97,
    "financial": 0.97,
    "government_id": 0.97,
    "email": 0.97,
    "phone": 0.92,
    "network": 0.92,
    "person": 0.85,
}
FALSE_ALARM_TARGET = 0.02


# ---------------------------------------------------------------------------------------------
# Pure evaluation logic (used by tests; no engine import)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    entity_type: str
    category: str
    score: float | None = None
    recognizer: str | None = None

    @property
    def row(self) -> str:
        return row_of(self.entity_type, self.category)


def row_of(entity_type: str, category: str) -> str:
    """Map an entity to its report row; contact is split into email and phone."""
    et = entity_type.upper()
    if category == "contact" or et in ("EMAIL_ADDRESS", "PHONE_NUMBER"):
        if "EMAIL" in et:
            return "email"
        if "PHONE" in et:
            return "phone"
        return "contact_other"
    if et == "DATE_OF_BIRTH":  # a person finding, but measured apart from names
        return "date_of_birth"
    if category in ROWS:
        return category
    return "other"  # e.g. health / custom findings: unmatched by construction, so false positives


def to_span(obj: object) -> Span:
    """Accept a corpus span dict, a `[start, end, entity_type, category]` list, a Finding, or a Span."""
    if isinstance(obj, Span):
        return obj
    if isinstance(obj, (list, tuple)):
        start, end, entity_type, category = obj[:4]
        return Span(start=int(start), end=int(end), entity_type=str(entity_type), category=str(category))
    if isinstance(obj, Mapping):
        get = obj.get
    else:

        def get(key: str, default: object = None) -> object:
            return getattr(obj, key, default)

    category = get("category")
    category = getattr(category, "value", category)
    score = get("score")
    return Span(
        start=int(get("start")),  # type: ignore[arg-type]
        end=int(get("end")),  # type: ignore[arg-type]
        entity_type=str(get("entity_type")),
        category=str(category),
        score=float(score) if score is not None else None,  # type: ignore[arg-type]
        recognizer=get("recognizer"),  # type: ignore[arg-type]
    )


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0  # true positives whose offsets equal the gold span exactly
    ignored: int = 0  # extra predictions on an already-matched gold span

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.exact += other.exact
        self.ignored += other.ignored

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        if not self.gold and not self.predicted:
            return 1.0
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.tp if self.tp else 0.0


@dataclass
class MatchResult:
    counts: dict[str, Counts] = field(default_factory=dict)
    matched: list[tuple[Span, Span]] = field(default_factory=list)  # (gold, predicted)
    false_positives: list[Span] = field(default_factory=list)
    false_negatives: list[Span] = field(default_factory=list)

    def row(self, name: str) -> Counts:
        return self.counts.setdefault(name, Counts())

    @property
    def errors(self) -> int:
        return len(self.false_positives) + len(self.false_negatives)


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_findings(gold: Iterable[object], predicted: Iterable[object]) -> MatchResult:
    """Match predicted findings against gold spans of one text; see the module docstring for the rule."""
    gold_spans = [to_span(g) for g in gold]
    pred_spans = [to_span(p) for p in predicted]
    result = MatchResult()
    used = [False] * len(gold_spans)
    exact_keys = {(g.row, g.start, g.end) for g in gold_spans}
    # exact hits first, then left to right (longer first), so exact matches are not stolen by neighbours
    order = sorted(
        pred_spans, key=lambda p: ((p.row, p.start, p.end) not in exact_keys, p.start, -(p.end - p.start))
    )
    for p in order:
        row = p.row
        counts = result.row(row)
        overlapping = [i for i, g in enumerate(gold_spans) if g.row == row and _overlap(g, p) > 0]
        if not overlapping:
            counts.fp += 1
            result.false_positives.append(p)
            continue
        free = [i for i in overlapping if not used[i]]
        if not free:
            counts.ignored += 1
            continue
        best = max(free, key=lambda i: (_overlap(gold_spans[i], p), -abs(gold_spans[i].start - p.start)))
        used[best] = True
        g = gold_spans[best]
        counts.tp += 1
        if (g.start, g.end) == (p.start, p.end):
            counts.exact += 1
        result.matched.append((g, p))
    for i, g in enumerate(gold_spans):
        if not used[i]:
            result.row(g.row).fn += 1
            result.false_negatives.append(g)
    return result


def aggregate(results: Iterable[MatchResult]) -> dict[str, Counts]:
    total: dict[str, Counts] = {r: Counts() for r in ROWS}
    for res in results:
        for row, c in res.counts.items():
            total.setdefault(row, Counts()).add(c)
    return total


def micro(totals: Mapping[str, Counts]) -> Counts:
    out = Counts()
    for c in totals.values():
        out.add(c)
    return out


def false_alarm_rate(negative_prediction_counts: Iterable[int]) -> tuple[int, int, float]:
    counts = list(negative_prediction_counts)
    alarms = sum(1 for n in counts if n > 0)
    return alarms, len(counts), (alarms / len(counts) if counts else 0.0)


def check_targets(totals: Mapping[str, Counts], fa_rate: float) -> dict[str, tuple[float, float, bool]]:
    """Return {name: (value, target, passed)} for every target."""
    out: dict[str, tuple[float, float, bool]] = {}
    for row, target in TARGETS.items():
        f1 = totals.get(row, Counts()).f1
        out[f"{row} F1"] = (f1, target, f1 >= target)
    out["false alarms"] = (fa_rate, FALSE_ALARM_TARGET, fa_rate <= FALSE_ALARM_TARGET)
    return out


def load_corpus(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# ---------------------------------------------------------------------------------------------
# Engine runner and report
# ---------------------------------------------------------------------------------------------


def build_engine() -> object:
    from dlpguard.engine import Engine  # imported lazily so the pure functions above need no engine

    engine = Engine()
    from dlpguard.engine.recognizers import kingfisher

    kingfisher.wait_until_ready()  # scores must not depend on how fast the vendor-token rules loaded
    return engine


def make_scanner(engine: object):
    """Return scan(text, lang); passes a ScanContext with the language only if the engine accepts one."""
    scan = engine.scan  # type: ignore[attr-defined]
    try:
        accepts_context = "context" in inspect.signature(scan).parameters
    except (TypeError, ValueError):
        accepts_context = False
    context_cls = None
    if accepts_context:
        try:
            from dlpguard.engine.types import ScanContext

            context_cls = ScanContext
        except ImportError:
            context_cls = None

    def run(text: str, lang: str) -> object:
        if context_cls is not None:
            return scan(text, context=context_cls(source="bench", language=lang))
        return scan(text)

    return run


def _fmt_span(kind: str, s: Span) -> str:
    extra = ""
    if s.score is not None:
        extra = f" score={s.score:.2f}"
    if s.recognizer:
        extra += f" by={s.recognizer}"
    return f"{kind} {s.entity_type} [{s.start}:{s.end}]{extra}"


def evaluate(corpus: list[dict[str, object]], scan, limit: int | None = None) -> dict[str, object]:
    records = corpus[:limit] if limit else corpus
    per_text: list[tuple[dict[str, object], MatchResult, int]] = []
    neg_counts: list[int] = []
    scan_errors: list[str] = []
    gold_by_type: Counter[str] = Counter()
    hit_by_type: Counter[str] = Counter()
    fp_by_type: Counter[str] = Counter()
    t0 = time.perf_counter()
    for rec in records:
        text = str(rec["text"])
        try:
            result = scan(text, str(rec.get("lang", "en")))
            findings = list(getattr(result, "findings", result))
        except Exception as exc:  # the report must go on; the error is listed
            scan_errors.append(f"{rec['id']}: {type(exc).__name__}")
            findings = []
        res = match_findings(rec["spans"], findings)  # type: ignore[arg-type]
        per_text.append((rec, res, len(findings)))
        if rec["negative"]:
            neg_counts.append(len(findings))
        for g in rec["spans"]:  # type: ignore[union-attr]
            gold_by_type[g["entity_type"]] += 1
        for g, _p in res.matched:
            hit_by_type[g.entity_type] += 1
        for p in res.false_positives:
            fp_by_type[p.entity_type] += 1
    elapsed = time.perf_counter() - t0
    totals = aggregate(r for _rec, r, _n in per_text)
    mic = micro(totals)
    alarms, n_neg, fa_rate = false_alarm_rate(neg_counts)
    targets = check_targets(totals, fa_rate)
    failing = sorted(per_text, key=lambda t: (-t[1].errors, str(t[0]["id"])))
    return {
        "texts": len(records),
        "negatives": n_neg,
        "elapsed_s": round(elapsed, 2),
        "ms_per_text": round(1000 * elapsed / max(1, len(records)), 1),
        "rows": {
            row: {
                "gold": c.gold,
                "predicted": c.predicted,
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": round(c.precision, 4),
                "recall": round(c.recall, 4),
                "f1": round(c.f1, 4),
                "exact_span_rate": round(c.exact_rate, 4),
            }
            for row, c in totals.items()
        },
        "micro": {
            "precision": round(mic.precision, 4),
            "recall": round(mic.recall, 4),
            "f1": round(mic.f1, 4),
            "tp": mic.tp,
            "fp": mic.fp,
            "fn": mic.fn,
        },
        "exact_span_match_rate": round(mic.exact_rate, 4),
        "false_alarms": {"texts_with_findings": alarms, "negative_texts": n_neg, "rate": round(fa_rate, 4)},
        "targets": {k: {"value": round(v, 4), "target": t, "pass": ok} for k, (v, t, ok) in targets.items()},
        "all_targets_pass": all(ok for _v, _t, ok in targets.values()),
        "per_entity_type": {
            et: {"gold": gold_by_type[et], "matched": hit_by_type[et], "false_positives": fp_by_type[et]}
            for et in sorted(set(gold_by_type) | set(fp_by_type))
        },
        "scan_errors": scan_errors,
        "groups": {by: _group_report(per_text, by) for by in ("kind", "lang")},
        "failing_examples": [
            {
                "id": rec["id"],
                "kind": rec["kind"],
                "lang": rec["lang"],
                "negative": rec["negative"],
                "false_negatives": [
                    _fmt_span("FN", s) for s in sorted(res.false_negatives, key=lambda s: s.start)
                ],
                "false_positives": [
                    _fmt_span("FP", s) for s in sorted(res.false_positives, key=lambda s: s.start)
                ],
            }
            for rec, res, _n in failing
            if res.errors
        ],
    }


def _group_report(
    per_text: list[tuple[dict[str, object], MatchResult, int]], by: str
) -> dict[str, dict[str, object]]:
    """Micro precision / recall / F1 and false alarms for each value of a record field (kind, lang)."""
    out: dict[str, dict[str, object]] = {}
    for value in sorted({str(rec.get(by, "")) for rec, _r, _n in per_text}):
        members = [(rec, r, n) for rec, r, n in per_text if str(rec.get(by, "")) == value]
        m = micro(aggregate(r for _rec, r, _n in members))
        negatives = [n for rec, _r, n in members if rec["negative"]]
        out[value] = {
            "texts": len(members),
            "gold": m.gold,
            "tp": m.tp,
            "fp": m.fp,
            "fn": m.fn,
            "precision": round(m.precision, 4),
            "recall": round(m.recall, 4),
            "f1": round(m.f1, 4),
            "negatives": len(negatives),
            "false_alarms": sum(1 for n in negatives if n),
        }
    return out


def print_groups(rep: dict[str, object], by: str) -> None:
    groups: dict[str, dict[str, object]] = rep["groups"][by]  # type: ignore[index]
    print()
    header = f"{by:<22}" + "".join(f"{h:>6}" for h in ("texts", "gold", "tp", "fp", "fn"))
    header += "".join(f"{h:>8}" for h in ("prec", "recall", "f1")) + "  false alarms"
    print(header)
    print("-" * len(header))
    for value, g in groups.items():
        alarms = f"{g['false_alarms']}/{g['negatives']}" if g["negatives"] else "-"
        print(
            f"{value[:22]:<22}{g['texts']:>6}{g['gold']:>6}{g['tp']:>6}{g['fp']:>6}{g['fn']:>6}"
            f"{g['precision']:>8.3f}{g['recall']:>8.3f}{g['f1']:>8.3f}  {alarms}"
        )


def print_report(rep: dict[str, object], verbose: bool, top: int) -> None:
    rows: dict[str, dict[str, float]] = rep["rows"]  # type: ignore[assignment]
    print(
        f"DLP Guard corpus evaluation: {rep['texts']} texts ({rep['negatives']} negative), "
        f"{rep['elapsed_s']} s ({rep['ms_per_text']} ms/text)"
    )
    print()
    header = f"{'row':<15}" + "".join(f"{h:>6}" for h in ("gold", "pred", "tp", "fp", "fn"))
    header += "".join(f"{h:>8}" for h in ("prec", "recall", "f1", "exact"))
    print(header)
    print("-" * len(header))
    order = [r for r in ROWS if r in rows] + sorted(r for r in rows if r not in ROWS)
    for row in order:
        c = rows[row]
        print(
            f"{row:<15}{c['gold']:>6}{c['predicted']:>6}{c['tp']:>6}{c['fp']:>6}{c['fn']:>6}"
            f"{c['precision']:>8.3f}{c['recall']:>8.3f}{c['f1']:>8.3f}{c['exact_span_rate']:>8.3f}"
        )
    m: dict[str, float] = rep["micro"]  # type: ignore[assignment]
    print("-" * len(header))
    print(
        f"{'micro (all)':<15}{m['tp'] + m['fn']:>6}{m['tp'] + m['fp']:>6}{m['tp']:>6}{m['fp']:>6}{m['fn']:>6}"
        f"{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}{rep['exact_span_match_rate']:>8.3f}"
    )
    fa: dict[str, float] = rep["false_alarms"]  # type: ignore[assignment]
    print()
    print(
        f"exact-span match rate (of true positives): {rep['exact_span_match_rate']:.3f}\n"
        f"false alarms: {fa['texts_with_findings']}/{fa['negative_texts']} negative texts = {fa['rate']:.2%}"
    )
    errors: list[str] = rep["scan_errors"]  # type: ignore[assignment]
    if errors:
        print(f"scan errors: {len(errors)} (first: {', '.join(errors[:5])})")
    print()
    print("targets:")
    for name, t in rep["targets"].items():  # type: ignore[union-attr]
        value = f"{t['value']:.2%}" if name == "false alarms" else f"{t['value']:.3f}"
        rel = "<=" if name == "false alarms" else ">="
        target = f"{t['target']:.0%}" if name == "false alarms" else f"{t['target']:.2f}"
        print(f"  {'PASS' if t['pass'] else 'FAIL'}  {name:<20} {value:>8}  (target {rel} {target})")
    if verbose:
        print()
        print("per entity type (gold / matched / false positives):")
        for et, c in rep["per_entity_type"].items():  # type: ignore[union-attr]
            print(f"  {et:<26}{c['gold']:>6}{c['matched']:>6}{c['false_positives']:>6}")
        failing: list[dict[str, object]] = rep["failing_examples"]  # type: ignore[assignment]
        print()
        shown = min(top, len(failing))
        print(f"top failing examples ({shown} of {len(failing)} texts with errors; offsets only):")
        for ex in failing[:top]:
            tag = "negative" if ex["negative"] else "positive"
            print(f"  {ex['id']} ({ex['kind']}, {ex['lang']}, {tag})")
            for line in [*ex["false_negatives"], *ex["false_positives"]]:  # type: ignore[misc]
                print(f"      {line}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--verbose", action="store_true", help="per entity type table and top failing examples")
    ap.add_argument("--top", type=int, default=25, help="number of failing examples with --verbose")
    ap.add_argument("--limit", type=int, default=None, help="evaluate only the first N texts (quick runs)")
    ap.add_argument("--check", action="store_true", help="exit 1 if any target fails")
    ap.add_argument("--group-by", choices=("kind", "lang"), help="also print a table per kind or language")
    args = ap.parse_args(argv)

    corpus = load_corpus(args.corpus)
    try:
        engine = build_engine()
    except Exception as exc:
        print(f"could not build the engine: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    report = evaluate(corpus, make_scanner(engine), args.limit)
    if args.json:
        if not args.verbose:
            report = {k: v for k, v in report.items() if k != "failing_examples"}
        else:
            report["failing_examples"] = report["failing_examples"][: args.top]  # type: ignore[index]
        print(json.dumps(report, indent=2))
    else:
        print_report(report, args.verbose, args.top)
        if args.group_by:
            print_groups(report, args.group_by)
    if args.check and not report["all_targets_pass"]:
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())

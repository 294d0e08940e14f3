"""The tray app's serving path with and without the NER gate (issue 12): a report, never a test.

    .venv/bin/python bench/tray_ner_gate.py [--runs N] [--json]

Before issue 12's gate reached the tray, only the native host skipped NER when names and places could
not change the verdict; the tray's bridge server and clipboard guard always ran it. Here the same
`GuardServices` the tray builds serves each 2 KB text both ways, interleaved so load changes hit both
columns alike: `gate off` (the tray before: `GuardServices(gate_ner=False)`) and `gate on` (every shell
now). Two paths are timed in process, as the tray runs them:

- **bridge**: the bridge server's handler (`BridgeServer(services).dispatcher.handle(frame)`): scan,
  decide, mask, incident write: what a browser paste costs the app;
- **clipboard**: `pipeline.assess` with the clipboard guard's context (the copy event).

The policy is the built-in default (NER on, clipboard `notify`) with the incident key in a file. Texts
are fake (bench/_common.py, bench/bridge_latency.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c
import bridge_latency as bl

TEXTS: dict[str, Callable[[], str]] = {
    "2 KB prose + key (block)": lambda: bl.prose_with_key(bl.TWO_KB),
    "2 KB prose, no key (allow)": lambda: bl.clean_prose(bl.TWO_KB),
    "2 KB prose with names, no key": lambda: c.prose_text(bl.TWO_KB),
}


def _median_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


def measure(runs: int) -> dict[str, Any]:
    from dlpguard.bridge.server import BridgeServer
    from dlpguard.engine.types import ScanContext, Source
    from dlpguard.guard.pipeline import assess
    from dlpguard.guard.services import GuardServices
    from dlpguard.policy.watcher import PolicyStore

    store = PolicyStore()
    paths: dict[str, GuardServices] = {
        "gate off": GuardServices(lambda: store.loaded, gate_ner=False),
        "gate on": GuardServices(lambda: store.loaded),
    }
    for services in paths.values():
        services.preload().join()
    handlers = {name: BridgeServer(s).dispatcher for name, s in paths.items()}
    clipboard = ScanContext(source=Source.CLIPBOARD.value, event="copy")
    out: dict[str, Any] = {"engine_mode": paths["gate on"].engine_mode, "runs": runs}
    try:
        for label, make in TEXTS.items():
            text = make()
            frame = json.dumps({"v": 1, "id": "b", **bl.Host.scan_message(text)}).encode()
            timings: dict[str, list[float]] = {}
            replies: dict[str, dict[str, Any]] = {}
            for _ in range(3):  # warm-up
                for name, services in paths.items():
                    handlers[name].handle(frame)
                    assess(services, text, clipboard, conversation_id="clipboard")
            for _ in range(runs):
                for name, services in paths.items():
                    started = time.perf_counter()
                    raw = handlers[name].handle(frame)
                    timings.setdefault(f"bridge {name}", []).append(time.perf_counter() - started)
                    replies[name] = json.loads(raw)
                    started = time.perf_counter()
                    assess(services, text, clipboard, conversation_id="clipboard")
                    timings.setdefault(f"clipboard {name}", []).append(time.perf_counter() - started)
            out[label] = {
                **{f"{k} median_ms": round(_median_ms(v), 1) for k, v in timings.items()},
                **{f"{k} p95_ms": round(c.percentile(v, 95) * 1000, 1) for k, v in timings.items()},
                "action": {name: r.get("action") for name, r in replies.items()},
                "ner_gated": {name: r.get("ner_gated") for name, r in replies.items()},
            }
    finally:
        for services in paths.values():
            services.close()
    return out


def table(result: dict[str, Any]) -> str:
    lines = [
        f"tray serving path, engine {result['engine_mode']}, {result['runs']} runs per cell"
        " (median / p95 ms)",
        f"{'text':34} {'path':10} {'gate off (before)':>18} {'gate on (after)':>18}  action, NER gated",
    ]
    for label in TEXTS:
        row = result[label]
        for path in ("bridge", "clipboard"):
            cells = [
                f"{row[f'{path} {g} median_ms']:.1f} / {row[f'{path} {g} p95_ms']:.1f}"
                for g in ("gate off", "gate on")
            ]
            extra = ""
            if path == "bridge":
                extra = f"  {row['action']['gate on']}, gated={row['ner_gated']['gate on']}"
            lines.append(f"{label:34} {path:10} {cells[0]:>18} {cells[1]:>18}{extra}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with bl.installation(pattern_only=False):
        result = measure(args.runs)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The review window's queries on a 100,000-incident log: first page by time and by severity, the site
search, the fingerprint filter ("seen in N incidents"), and marking 200 incidents reviewed at once.

    .venv/bin/python bench/review_queries.py

A report, not a test: it prints best-of-3 figures. The log is the generated one the review tests use
(tests/gui/data.py), built in a temporary folder.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dlpguard.incidents.queries import IncidentFilter, OrderBy
from dlpguard.incidents.store import Store
from tests.gui.data import KEY, build_log

TOTAL = 100_000


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    fn()  # warm: the file's pages in the OS cache, as in the running app
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="dlpguard-bench-review-") as tmp:
        path = build_log(Path(tmp) / "incidents.db", TOTAL)
        with Store(path) as store:
            fingerprint = next(store.iter_all()).record.findings[0].fingerprint
            cases: list[tuple[str, Callable[[], object]]] = [
                ("first page (200) by time", lambda: store.page(limit=200)),
                ("first page (200) by severity", lambda: store.page(order_by=OrderBy.SEVERITY, limit=200)),
                (
                    "count, site contains 'google'",
                    lambda: store.count(IncidentFilter(site_contains="google")),
                ),
                ("count, one fingerprint", lambda: store.count(IncidentFilter(fingerprint=fingerprint))),
            ]
            for name, fn in cases:
                print(f"{name:34} {best_of(fn) * 1000:8.0f} ms  ({TOTAL:,} incidents)")
        small = build_log(Path(tmp) / "small.db", 300, base=300)
        with Store(small, key=lambda: KEY) as store:
            ids = [item.id for item in store.iter_all()][:200]
            started = time.perf_counter()
            for incident_id in ids:
                store.mark_reviewed(incident_id, "bulk", reviewer="bench")
            elapsed = time.perf_counter() - started
            label = "mark 200 reviewed (worker thread)"
            print(f"{label:34} {elapsed * 1000:8.0f} ms  (one chained write each)")


if __name__ == "__main__":
    main()

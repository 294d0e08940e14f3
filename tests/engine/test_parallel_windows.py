"""The pattern pass of a large text's windows in worker processes (engine/parallel.py): the same
findings as the sequential scan, a fallback to it on any pool error, and the size threshold."""

from __future__ import annotations

import logging
import multiprocessing

import pytest

from dlpguard.engine import Engine, EngineConfig
from dlpguard.engine.recognizers import kingfisher
from dlpguard.engine.recognizers.base import Detector
from dlpguard.engine.types import Category, Finding

#: Small windows, so a text of a few dozen kB has many; every text at least this long goes parallel.
SMALL = {"window": 2048, "overlap": 256, "parallel_min_chars": 10_000}

BLOCK = (
    "2024-05-01 12:00:03 INFO user=jane.doe@example.org logged in from 81.2.69.160\n"
    "Name,Email,Phone\nPriya Raman,priya.raman@contoso.com,+44 20 7183 0958\n"
    "card 4539 1488 0343 6467 exp 04/27; test card 4111 1111 1111 1111\n"
    "aws_access_key_id = AKIAQ3EGRQWERTY7ZX2N\n"
    "Dear Tomasz, the IBAN is GB82 WEST 1234 5698 7654 32 and the SSN 536-22-8815.\n"
    "def handler(event):\n    return {'status': 200, 'body': event['body']}\n"
)


def _text(blocks: int) -> str:
    # Blocks of varying offsets, so entities straddle the window boundaries at different points.
    return "".join(f"{'x' * (i % 37)}\n{BLOCK}" for i in range(blocks))


def _spans(result) -> list[tuple[int, int, str, str]]:
    return [(f.start, f.end, f.entity_type, f.recognizer) for f in result.findings]


@pytest.fixture(scope="module", autouse=True)
def _vendor_rules():
    kingfisher.wait_until_ready()  # the pool is used only once the scanning process has them


def test_parallel_scan_finds_what_the_sequential_scan_finds():
    text = _text(120)
    sequential = Engine(EngineConfig(workers=1, **SMALL), load_model=False)
    parallel = Engine(EngineConfig(workers=2, **SMALL), load_model=False)
    try:
        expected = sequential.scan(text)
        got = parallel.scan(text)  # starts the pool; its windows may all be scanned here meanwhile
        assert parallel._pool is not None and parallel._pool.wait_ready(60)
        again = parallel.scan(text)  # the pool, started by the first scan, is reused
        assert got.stats.chunks > 10
        assert parallel._pool.scans == 2 and not parallel._pool.broken
        assert parallel._pool.worker_windows > 0
        assert _spans(got) == _spans(expected) == _spans(again)
        assert got.findings == expected.findings == again.findings
        assert got.known_test_values == expected.known_test_values == again.known_test_values
        assert "CREDIT_CARD" in {f.entity_type for f in got.findings}
    finally:
        parallel.close()
    assert parallel._pool.broken  # closed: later scans are sequential
    assert parallel.scan(text).findings == expected.findings


def test_workers_return_the_candidates_and_verdicts_that_ner_s_second_pass_reads():
    from dlpguard.engine.chunking import windows_from_text

    text = _text(60)
    engine = Engine(EngineConfig(workers=2, **SMALL), load_model=False)
    windows = list(windows_from_text(text, SMALL["window"], SMALL["overlap"]))
    try:
        engine.scan(text)
        assert engine._pool is not None and engine._pool.wait_ready(60)
        pooled = engine._parallel_passes(text, windows, keep=True)
        assert pooled is not None and engine._pool.worker_windows > 0
        assert pooled == [engine._window_pass(w, keep=True) for w in windows]
        assert any(p[0] and p[1] for p in pooled)
    finally:
        engine.close()


class _DiesInWorkers(Detector):
    """Finds nothing in the scanning process; kills a worker process that runs it on a window of `_text`
    (not on the worker's warm-up text, which has no run of x)."""

    ENTITY = "NOTHING"
    CATEGORY = Category.CUSTOM

    def find(self, text: str, lowered: str) -> list[Finding]:
        if multiprocessing.parent_process() is not None and "x" * 10 in text:
            import os

            os._exit(3)
        return []


def test_a_dead_worker_leaves_the_scan_sequential_and_complete(caplog):
    text = _text(60)
    expected = Engine(EngineConfig(workers=1, **SMALL), load_model=False).scan(text)
    engine = Engine(EngineConfig(workers=2, extra_detectors=(_DiesInWorkers(),), **SMALL), load_model=False)
    try:
        engine.scan(text)  # starts the pool, which runs nothing yet
        assert engine._pool is not None and engine._pool.wait_ready(60)
        with caplog.at_level(logging.WARNING, logger="dlpguard.engine.parallel"):
            got = engine.scan(text)
        assert engine._pool.broken
        assert got.findings == expected.findings
        assert "scanning sequentially" in caplog.text
        assert engine.scan(text).findings == expected.findings  # no second attempt at a pool
    finally:
        engine.close()


class _Unpicklable(Detector):
    ENTITY = "NOTHING"
    CATEGORY = Category.CUSTOM

    def __init__(self) -> None:
        self.handle = lambda: None  # a lambda does not pickle: the config cannot go to a worker

    def find(self, text: str, lowered: str) -> list[Finding]:
        return []


def test_a_config_that_cannot_reach_workers_is_scanned_sequentially():
    text = _text(60)
    expected = Engine(EngineConfig(workers=1, **SMALL), load_model=False).scan(text)
    engine = Engine(EngineConfig(workers=2, extra_detectors=(_Unpicklable(),), **SMALL), load_model=False)
    assert engine.scan(text).findings == expected.findings
    assert engine._pool is not None and engine._pool.broken and not engine._pool.started


class _NoWorkerEngine(Detector):
    """Cannot be built in a worker process (so its pool never starts)."""

    ENTITY = "NOTHING"
    CATEGORY = Category.CUSTOM

    def __reduce__(self):
        return (_refuse, ())

    def find(self, text: str, lowered: str) -> list[Finding]:
        return []


def _refuse() -> None:
    if multiprocessing.parent_process() is not None:
        raise RuntimeError("no engine in this worker")


def test_a_pool_that_cannot_start_leaves_scans_sequential_and_complete(caplog):
    text = _text(60)
    expected = Engine(EngineConfig(workers=1, **SMALL), load_model=False).scan(text)
    engine = Engine(EngineConfig(workers=2, extra_detectors=(_NoWorkerEngine(),), **SMALL), load_model=False)
    try:
        assert engine.scan(text).findings == expected.findings
        assert engine._pool is not None and not engine._pool.wait_ready(60)
        with caplog.at_level(logging.WARNING, logger="dlpguard.engine.parallel"):
            assert engine.scan(text).findings == expected.findings
        assert engine._pool.broken and engine._pool.worker_windows == 0
        assert "scanning sequentially" in caplog.text
    finally:
        engine.close()


def test_small_texts_and_one_worker_never_start_a_pool():
    engine = Engine(EngineConfig(workers=2, **SMALL), load_model=False)
    short = _text(2)
    assert len(short) < SMALL["parallel_min_chars"]
    engine.scan(short)
    assert engine._pool is None
    single = Engine(EngineConfig(workers=1, **SMALL), load_model=False)
    single.scan(_text(60))
    assert single._pool is None


def test_workers_default_to_the_cores_within_a_cap(monkeypatch):
    from dlpguard.engine import parallel

    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 64)
    assert parallel.effective_workers(None) == parallel.MAX_AUTO_WORKERS
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: None)
    assert parallel.effective_workers(None) == 1
    assert parallel.effective_workers(0) == 1
    assert parallel.effective_workers(3) == 3

"""The whole path a detected value takes, proving that the raw value never lands anywhere."""

from __future__ import annotations

import io
import logging

import pytest
from keyring.backends import fail

from dlpguard.engine.types import Action, Category, Source, UserDecision
from dlpguard.errors import IncidentLogError
from dlpguard.incidents.export import ExportFormat, write_export
from dlpguard.incidents.forward import Forwarder
from dlpguard.incidents.log import IncidentLog
from dlpguard.incidents.queries import IncidentFilter
from dlpguard.policy.incident_settings import (
    ForwardingConfig,
    HttpTarget,
    IncidentSettings,
    KeyringFallback,
    SyslogTarget,
)
from tests.incidents.conftest import MemoryKeyring
from tests.incidents.receivers import HecReceiver, SyslogReceiver

TEXT = (
    "deploy notes: aws_access_key_id=AKIAZ7QXKR4PLM2VN3WD\n"
    "aws_secret_access_key = Zr8vQ0n+2ZbH1xk9Tq4Wm7Lp3Yc6Ve5Ua0Ns2Jd8\n"
    "ping maria.keller@northwind-example.com if it breaks\n"
)


def leaked(raw_values: list[str], *blobs: bytes | str) -> list[int]:
    """Indexes of raw values found in any blob (whole, or any 8-character piece of a secret).

    Reports positions, never the values, so a failure message cannot leak them either.
    """
    haystack = b"\n".join(b if isinstance(b, bytes) else b.encode() for b in blobs)
    found = []
    for n, value in enumerate(raw_values):
        pieces = {value[i : i + 8] for i in range(max(1, len(value) - 7))} if "@" not in value else {value}
        if any(p.encode() in haystack for p in pieces):
            found.append(n)
    return found


@pytest.fixture
def receivers():
    hec, syslog = HecReceiver().start(), SyslogReceiver().start()
    yield hec, syslog
    hec.stop()
    syslog.stop()


def test_no_raw_value_reaches_the_db_exports_siem_or_logs(pattern_engine, receivers, db_path, caplog):
    hec, syslog = receivers
    findings = pattern_engine.scan(TEXT).findings
    raw = [TEXT[f.start : f.end] for f in findings]
    assert {f.category for f in findings} >= {Category.SECRET, Category.CONTACT} and len(raw) >= 3
    settings = IncidentSettings(
        forwarding=ForwardingConfig(
            http=HttpTarget(url=hec.url),  # type: ignore[arg-type]
            syslog=SyslogTarget(host="127.0.0.1", port=syslog.port, tls=False),
        )
    )
    with caplog.at_level(logging.DEBUG):
        log = IncidentLog(settings, path=db_path, keyring_backend=MemoryKeyring())
        stored = log.record_scan(
            TEXT, findings, Action.BLOCK, source=Source.BROWSER, site="chatgpt.com",
            url=f"https://chatgpt.com/c/1?prompt={raw[0]}", event="paste",
        )  # fmt: skip
        log.record_decision(stored.id, UserDecision.SEND_MASKED)
        report = Forwarder(log.store, settings.forwarding).drain_once()
        csv_out, jsonl_out = io.StringIO(), io.StringIO()
        everything = IncidentFilter(kinds=())
        write_export(log.store.iter_all(everything), csv_out, ExportFormat.CSV)
        write_export(log.store.iter_all(everything), jsonl_out, ExportFormat.JSONL)
        files_while_open = [p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()]  # with the WAL
        log.close()
    assert report.delivered == 4  # two records, two targets

    assert leaked(raw, TEXT) == list(range(len(raw)))  # the check itself can see a leak
    files = b"".join(files_while_open + [p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()])
    forwarded = [str(r.body) for r in hec.received] + [m.decode() for m in syslog.messages]
    assert leaked(raw, files) == []
    assert leaked(raw, csv_out.getvalue(), jsonl_out.getvalue()) == []
    assert leaked(raw, *forwarded) == []
    assert leaked(raw, caplog.text) == []
    # ...while the record still says what happened, and which values they were, in keyed form
    assert stored.record.counts_by_category[Category.SECRET] >= 2
    assert all(len(f.fingerprint) == 64 for f in stored.record.findings)


def test_previews_off_in_the_policy_means_no_previews_stored(pattern_engine, db_path):
    findings = pattern_engine.scan(TEXT).findings
    settings = IncidentSettings(store_masked_previews=False)
    log = IncidentLog(settings, path=db_path, keyring_backend=MemoryKeyring())
    stored = log.record_scan(TEXT, findings, Action.WARN, source=Source.CLI)
    log.close()
    assert stored.record.findings and all(f.preview is None for f in stored.record.findings)


def test_no_keyring_and_refuse_fails_the_record_with_a_clear_error(pattern_engine, db_path):
    settings = IncidentSettings(keyring_fallback=KeyringFallback.REFUSE)
    log = IncidentLog(settings, path=db_path, keyring_backend=fail.Keyring())
    with pytest.raises(IncidentLogError, match="no usable OS keyring"):
        log.record_scan(TEXT, pattern_engine.scan(TEXT).findings, Action.BLOCK, source=Source.CLI)
    assert log.store.count() == 0
    log.close()


def test_no_keyring_and_file_fallback_records_with_a_warning(pattern_engine, db_path):
    settings = IncidentSettings(keyring_fallback=KeyringFallback.FILE)
    log = IncidentLog(settings, path=db_path, keyring_backend=fail.Keyring())
    log.record_scan(TEXT, pattern_engine.scan(TEXT).findings, Action.BLOCK, source=Source.CLI)
    assert log.key.source == "file" and log.key.warning
    assert log.store.count() == 1
    log.close()

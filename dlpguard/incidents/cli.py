"""`dlpguard incidents …`: review, export, verify and forward the incident log from a terminal.

Settings (retention, forwarding targets) come from the policy in force when it loads; otherwise the
built-in defaults apply, and commands that would act on the settings (retention, forward) refuse.
"""

from __future__ import annotations

import functools
import getpass
import json
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

import click

from dlpguard.engine.types import Action, Category, Source, UserDecision
from dlpguard.errors import DlpGuardError
from dlpguard.incidents.export import ExportFormat, write_export
from dlpguard.incidents.keys import load_or_create_key
from dlpguard.incidents.model import Incident, Outcome, RecordKind, StoredIncident
from dlpguard.incidents.outbox import status
from dlpguard.incidents.queries import IncidentFilter, Interval, StatsBy
from dlpguard.incidents.store import Store, default_path
from dlpguard.incidents.targets import configured_targets
from dlpguard.incidents.visits import DEFAULT_DAYS as VISIT_DAYS
from dlpguard.incidents.visits import first_day, totals, visit_counts
from dlpguard.policy.incident_settings import IncidentSettings

logger = logging.getLogger(__name__)

_DURATION = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """`30m`, `12h`, `7d`, `2w` back from now, or an ISO date/time (UTC unless it says otherwise)."""
    match = _DURATION.match(text.strip())
    if match:
        return (now or datetime.now(UTC)) - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise click.BadParameter(f"{text!r}: use 7d, 12h, 30m, 2w or an ISO date like 2025-03-01") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class _Since(click.ParamType):
    name = "7d|ISO"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        return value if isinstance(value, datetime) else parse_since(str(value))


SINCE = _Since()


def load_settings() -> tuple[IncidentSettings, str | None]:
    """The policy's incident settings, or the defaults and a note saying why they are in use."""
    try:
        from dlpguard.policy.resolve import load_policy  # the policy layer is optional for this CLI
    except ImportError:
        return IncidentSettings(), "policy loader not available: built-in incident settings in use"
    try:
        loaded = load_policy()
    except DlpGuardError as exc:
        return IncidentSettings(), f"policy not loaded ({exc}): built-in incident settings in use"
    return loaded.effective.policy.incidents, None


class _Context:
    def __init__(self) -> None:
        self._settings: tuple[IncidentSettings, str | None] | None = None
        self._store: Store | None = None

    @property
    def settings(self) -> IncidentSettings:
        return self._load()[0]

    @property
    def settings_note(self) -> str | None:
        return self._load()[1]

    def _load(self) -> tuple[IncidentSettings, str | None]:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    def _key(self) -> bytes:
        """The fingerprint key, loaded only when a command writes or verifies (the anchor's seal)."""
        fallback = self.settings.keyring_fallback
        return load_or_create_key(fallback, data_dir=default_path().parent).key

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(targets=configured_targets(self.settings.forwarding), key=self._key)
            if self._store.recovered_to is not None:
                moved = self._store.recovered_to
                click.echo(f"warning: the incident log was unreadable; moved aside to {moved}", err=True)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _state(ctx: click.Context) -> _Context:
    return ctx.ensure_object(_Context)


def _guard(fn: Callable[..., None]) -> Callable[..., None]:
    """Our errors become a one-line message and exit status 1, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            fn(*args, **kwargs)
        except DlpGuardError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def _filter_options(fn: Callable[..., None]) -> Callable[..., None]:
    def choice(enum: type[StrEnum]) -> click.Choice:
        return click.Choice([member.value for member in enum])

    options = [
        click.option("--since", type=SINCE, help="Only since then: 7d, 12h, 30m, 2w or an ISO date."),
        click.option("--until", type=SINCE, help="Only before then (same forms)."),
        click.option("--site", help="Only this site (host name as recorded)."),
        click.option("--category", type=choice(Category), help="Only with findings of this category."),
        click.option("--action", type=choice(Action), help="Only where the guard did this."),
        click.option("--decision", type=choice(UserDecision), help="Only where the user chose this."),
        click.option(
            "--outcome", type=choice(Outcome), help="Only with this outcome (refused: an override refused)."
        ),
        click.option("--source", type=choice(Source), help="Only from this source."),
        click.option("--reviewed/--unreviewed", default=None, help="Only reviewed, or only unreviewed."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _make_filter(
    since: datetime | None = None,
    until: datetime | None = None,
    site: str | None = None,
    category: str | None = None,
    action: str | None = None,
    decision: str | None = None,
    outcome: str | None = None,
    source: str | None = None,
    reviewed: bool | None = None,
) -> IncidentFilter:
    return IncidentFilter(
        since=since,
        until=until,
        site=site,
        category=Category(category) if category else None,
        action=Action(action) if action else None,
        decision=UserDecision(decision) if decision else None,
        outcome=Outcome(outcome) if outcome else None,
        source=Source(source) if source else None,
        reviewed=reviewed,
    )


def _categories(item: StoredIncident) -> str:
    return ",".join(f"{c.value}:{n}" for c, n in sorted(item.record.counts_by_category.items())) or "-"


def _list_line(item: StoredIncident) -> str:
    r = item.record
    reviewed = "reviewed" if item.reviewed_at else ""
    return (
        f"{r.id[:8]}  {r.time.strftime('%Y-%m-%d %H:%M:%S')}  {r.kind.value:<13} {r.source.value:<9} "
        f"{(r.site or '-'):<24} {r.action.value:<6} {item.decision.value:<12} {_outcome(item):<11} "
        f"{_categories(item)}  {reviewed}"
    ).rstrip()


def _outcome(item: StoredIncident) -> str:
    """The outcome column: system records (recovery, retention) have none."""
    return item.outcome.value if item.record.kind is RecordKind.DETECTION else "-"


@click.group("incidents")
@click.pass_context
def incidents(ctx: click.Context) -> None:
    """Review, export, verify and forward the local incident log."""
    state = _state(ctx)
    ctx.call_on_close(state.close)


@incidents.command("list")
@_filter_options
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
@_guard
def list_incidents(ctx: click.Context, limit: int, as_json: bool, **filters: Any) -> None:
    """Newest incidents first."""
    store = _state(ctx).store
    flt = _make_filter(**filters)
    page = store.page(flt, limit=limit)
    for item in page.items:
        click.echo(
            json.dumps(item.to_json_dict(), ensure_ascii=False, sort_keys=True)
            if as_json
            else _list_line(item)
        )
    if not as_json:
        total = store.count(flt)
        click.echo(f"{len(page.items)} of {total} incidents", err=True)


@incidents.command("show")
@click.argument("incident_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_guard
def show(ctx: click.Context, incident_id: str, as_json: bool) -> None:
    """One incident in full (ID or a unique prefix of it)."""
    item = _state(ctx).store.get(incident_id)
    if item is None:
        raise click.ClickException(f"no incident {incident_id!r}")
    if as_json:
        click.echo(json.dumps(item.to_json_dict(), ensure_ascii=False, indent=2, sort_keys=True))
        return
    click.echo(_describe(item, _state(ctx).store.annotations(item.id)))


def _history_line(note: Incident) -> str:
    when = note.time.strftime("%Y-%m-%d %H:%M:%S")
    if note.kind is RecordKind.DECISION:
        line = f"{when}  chose {note.decision.value}: {note.outcome.label}"
        if note.note:
            line += f" ({note.note})"
        return line + (f"; justification: {note.justification}" if note.justification else "")
    return f"{when}  reviewed by {note.actor or '-'}" + (f": {note.note}" if note.note else "")


def _describe(item: StoredIncident, history: list[Incident] | None = None) -> str:
    r = item.record
    decisions = [n for n in history or [] if n.kind is RecordKind.DECISION]
    why = f" ({decisions[-1].note})" if decisions and decisions[-1].note else ""
    outcome = f"{item.outcome.label}{why}" if r.kind is RecordKind.DETECTION else None
    fields = [
        ("id", r.id),
        ("time", r.time.isoformat()),
        ("kind", r.kind.value + (f" (for {r.ref_id})" if r.ref_id else "")),
        ("source", r.source.value),
        ("site", f"{r.site or '-'}  (host {r.url_host or '-'}, event {r.event or '-'})"),
        ("action", r.action.value),
        ("decision", f"{item.decision.value} (what the user chose)" if decisions else item.decision.value),
        ("outcome", outcome),
        ("justification", item.justification),
        ("categories", _categories(item)),
        ("entities", ", ".join(f"{k}:{v}" for k, v in r.counts_by_entity.items()) or "-"),
        ("policy", f"version {r.policy_version or '-'}, hash {r.policy_hash or '-'}"),
        ("app", r.app_version or "-"),
        ("chain", f"seq {item.seq}, hash {item.hash}"),
        ("note", r.note),
    ]
    if item.reviewed_at:
        reviewed = f"{item.reviewed_at.isoformat()} by {item.reviewed_by or '-'}: {item.review_note or ''}"
        fields.append(("reviewed", reviewed))
    lines = [f"{name + ':':<15}{value}" for name, value in fields if value]
    for f in r.findings:
        preview = f.preview or "(no preview)"
        lines.append(f"  - {f.entity_type:<20} {f.category.value:<14} {preview:<22} {f.fingerprint[:16]}")
    if history:
        lines.append("history:")
        lines.extend(f"  {_history_line(note)}" for note in history)
    return "\n".join(lines)


def _open_private(path: Path) -> TextIO:
    """Exports hold previews, fingerprints and justifications: user-only, like the log itself."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if os.name == "posix":
        os.fchmod(fd, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


@incidents.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in ExportFormat]),
    required=True,
    help="; ".join(f"{f.value}: {f.label}" for f in ExportFormat),
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default stdout)."
)
@_filter_options
@click.pass_context
@_guard
def export(ctx: click.Context, fmt: str, out: Path | None, **filters: Any) -> None:
    """Write the matching incidents in the chosen format, oldest first."""
    chosen = ExportFormat.named(fmt)  # before --out is created: a bad name leaves no empty file
    store = _state(ctx).store
    items = store.iter_all(_make_filter(**filters))
    if out is None:
        count = write_export(items, click.get_text_stream("stdout"), chosen)
    else:
        with _open_private(out) as stream:
            count = write_export(items, stream, chosen)
    click.echo(f"exported {count} incidents", err=True)


@incidents.command("mark-reviewed")
@click.argument("incident_id")
@click.option("--note", help="What the reviewer concluded.")
@click.pass_context
@_guard
def mark_reviewed(ctx: click.Context, incident_id: str, note: str | None) -> None:
    """Record that a reviewer looked at an incident (kept as a chained record)."""
    store = _state(ctx).store
    item = store.get(incident_id)
    if item is None:
        raise click.ClickException(f"no incident {incident_id!r}")
    try:
        reviewer = getpass.getuser()
    except (OSError, KeyError):
        reviewer = None
    updated = store.mark_reviewed(item.id, note, reviewer=reviewer)
    click.echo(f"{updated.id} marked reviewed")


@incidents.command("stats")
@click.option(
    "--by", type=click.Choice([b.value for b in StatsBy]), default=StatsBy.CATEGORY.value, show_default=True
)
@click.option(
    "--interval", type=click.Choice([i.value for i in Interval]), help="Also split by day, week or month."
)
@_filter_options
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_guard
def stats(ctx: click.Context, by: str, interval: str | None, as_json: bool, **filters: Any) -> None:
    """Counts of incidents (and their findings) by site, category, decision, outcome, action, source, day."""
    rows = _state(ctx).store.stats(
        StatsBy(by), _make_filter(**filters), Interval(interval) if interval else None
    )
    if as_json:
        data = [
            {"bucket": r.bucket, by: r.key, "incidents": r.incidents, "findings": r.findings} for r in rows
        ]
        click.echo(json.dumps(data, indent=2))
        return
    for r in rows:
        bucket = f"{r.bucket}  " if r.bucket else ""
        click.echo(f"{bucket}{(r.key or '-'):<28} {r.incidents:>7} incidents {r.findings:>8} findings")


@incidents.command("visits")
@click.option(
    "--days", type=click.IntRange(1, 3660), default=VISIT_DAYS, show_default=True, help="How far back."
)
@click.option("--daily", is_flag=True, help="One line per day and service instead of totals.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_guard
def visits(ctx: click.Context, days: int, daily: bool, as_json: bool) -> None:
    """Which AI services were opened, how often and on how many days (the shadow-AI picture): page
    loads of guarded sites per catalogue service and UTC day; no URLs, no content."""
    counts = visit_counts(_state(ctx).store, since=first_day(days))
    if as_json:
        data: object = (
            [{"day": c.day, "service": c.service, "visits": c.count} for c in counts]
            if daily
            else [{"service": s, "visits": v, "days": d} for s, v, d in totals(counts)]
        )
        click.echo(json.dumps(data, indent=2))
        return
    if not counts:
        click.echo(f"no visits to guarded AI sites counted in the last {days} days")
        return
    if daily:
        for c in counts:
            click.echo(f"{c.day}  {c.service:<28} {c.count:>7} visits")
        return
    for service, total, used in totals(counts):
        click.echo(f"{service:<28} {total:>7} visits on {used:>3} of the last {days} days")


@incidents.command("verify")
@click.pass_context
@_guard
def verify(ctx: click.Context) -> None:
    """Check the log: its hash chain, its anchor file, the events recorded about the log itself and the
    queued SIEM copies. Exit 1 with a sentence saying what is wrong when the log was deleted, emptied,
    cut short, put back from an older copy, replaced or edited."""
    store = _state(ctx).store
    report = store.verify()
    click.echo(report.describe())
    for note in report.notes:
        click.echo(f"note: {note}")
    if store.recovered_to is not None:
        # Recorded as the new log's first record (and forwarded): a known event, not a silent loss.
        click.echo(
            f"note: the log could not be read just now and was moved aside to {store.recovered_to}; "
            "a new log was started with a record saying so"
        )
    if not report.ok:
        ctx.exit(1)


@incidents.command("forward")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@click.pass_context
@_guard
def forward(ctx: click.Context, once: bool) -> None:
    """Send the outbox to the SIEM targets configured in the policy."""
    from dlpguard.incidents.forward import Forwarder  # loads only when forwarding

    state = _state(ctx)
    settings = state.settings
    if state.settings_note:
        raise click.ClickException(f"{state.settings_note}; not forwarding without the policy's targets")
    if not configured_targets(settings.forwarding):
        click.echo("no SIEM targets are configured in the policy; nothing to forward")
        return
    forwarder = Forwarder(state.store, settings.forwarding)
    try:
        if once:
            report = forwarder.drain_once()
            click.echo(f"delivered {report.delivered}, rescheduled {report.rescheduled}")
            if report.altered:
                click.echo(
                    f"{report.altered} queued copies had been altered: sent rebuilt from the log or flagged",
                    err=True,
                )
            for target, error in report.errors.items():
                click.echo(f"{target}: {error}", err=True)
        else:
            stop = threading.Event()
            signal.signal(signal.SIGINT, lambda *_: stop.set())
            if sys.platform != "win32":
                signal.signal(signal.SIGTERM, lambda *_: stop.set())
            click.echo("forwarding; Ctrl-C to stop", err=True)
            forwarder.run(stop)
    finally:
        forwarder.close()
    waiting = state.store.read(status)
    click.echo(
        f"waiting in outbox: {waiting.pending}"
        + (f" (parked after max attempts: {waiting.dead})" if waiting.dead else "")
    )
    if waiting.pending and waiting.last_error:
        click.echo(f"last error: {waiting.last_error}", err=True)


@incidents.command("retention")
@click.option("--apply", "apply_", is_flag=True, help="Delete; without it, only say what would go.")
@click.pass_context
@_guard
def retention(ctx: click.Context, apply_: bool) -> None:
    """Delete records older than the policy's retention_days, keeping the chain verifiable."""
    state = _state(ctx)
    if state.settings_note and apply_:
        raise click.ClickException(
            f"{state.settings_note}; not deleting records without the policy's retention"
        )
    days = state.settings.retention_days
    report = state.store.apply_retention(days, apply=apply_)
    verb = "deleted" if report.applied else "would delete"
    click.echo(
        f"retention {days} days: {verb} {report.deleted} records older than {report.cutoff.isoformat()}"
    )

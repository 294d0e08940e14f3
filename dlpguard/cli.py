"""The `dlpguard` command line: thin shells over the engine, with errors translated at this boundary.

Exit status everywhere: 0 nothing found / healthy, 1 findings / degraded, 2 error. Our errors
(`DlpGuardError`) become one line on stderr, `dlpguard: error: <reason>`. Heavy imports (the engine
pulls in spaCy and presidio) happen inside the commands, so `dlpguard --help` stays fast.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import io
import json
import logging
import math
import os
import secrets
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn

import click

from dlpguard import __version__
from dlpguard.cli_input import (
    ERROR_MODES,
    STREAM_ABOVE_BYTES,
    CheckedTextReader,
    JsonlError,
    iter_jsonl,
    load_input,
    open_input_file,
)
from dlpguard.errors import DlpGuardError

if TYPE_CHECKING:
    from dlpguard.engine import Engine, Finding, ScanResult
    from dlpguard.engine.masking import MaskResult, Operator, Replacement
    from dlpguard.engine.pseudonyms import PseudonymVault
    from dlpguard.guard.doctor import Check
    from dlpguard.guard.pipeline import PartsAssessment
    from dlpguard.guard.services import GuardServices
    from dlpguard.policy.decide import FindingDecision, Verdict
    from dlpguard.policy.schema import Policy

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
CONVERSATION = "cli"


#: Command groups living beside the code they drive, imported only when used so that
#: `dlpguard incidents list` does not pay for presidio and spaCy.
LAZY_COMMANDS = {
    "policy": "dlpguard.policy.cli:policy",
    "incidents": "dlpguard.incidents.cli:incidents",
    "native-host": "dlpguard.bridge.cli:native_host",
    "install-browser-host": "dlpguard.bridge.cli:install_browser_host",
    "bridge-server": "dlpguard.bridge.cli:bridge_server",
    "gui": "dlpguard.gui.cli:gui",
}


class DlpGuardGroup(click.Group):
    """Translates our errors (and a closed pipe or Ctrl-C) into an exit status and one line on stderr."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = LAZY_COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, _, attr = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DlpGuardError as exc:
            fail(str(exc))
        except BrokenPipeError:
            # `dlpguard scan big.txt | head`: the reader left; say nothing and don't let the
            # interpreter complain while flushing at exit either.
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(EXIT_ERROR) from None
        except KeyboardInterrupt:
            click.echo("dlpguard: interrupted", err=True)
            raise click.exceptions.Exit(130) from None


def fail(message: str) -> NoReturn:
    click.echo(f"dlpguard: error: {message}", err=True)
    raise click.exceptions.Exit(EXIT_ERROR)


def emit(text: str, *, err: bool = False) -> None:
    """Writes exactly `text`: we decide about colour ourselves, so click must not strip anything."""
    click.echo(text, nl=False, err=err, color=True)


class _StderrHandler(logging.Handler):
    """Looks up `sys.stderr` at each record, so it follows redirections (and click's test runner)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:  # logging must never break the command
            self.handleError(record)


def _configure_logging(verbosity: int) -> None:
    """Only errors by default (the commands report what matters themselves); -v info, -vv debug.
    Logs carry entity types and counts, never content (the library's rule)."""
    logger = logging.getLogger("dlpguard")
    handler = next((h for h in logger.handlers if isinstance(h, _StderrHandler)), None)
    if handler is None:
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("dlpguard: %(levelname)s: %(name)s: %(message)s"))
        logger.addHandler(handler)
    level = {0: logging.ERROR, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler.setLevel(level)
    if verbosity:
        logger.setLevel(level)


@click.group(
    cls=DlpGuardGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "-V", "--version", prog_name="dlpguard")
@click.option("-v", "--verbose", count=True, help="Log more to stderr (-vv for debug). Never logs content.")
@click.pass_context
def main(ctx: click.Context, verbose: int) -> None:
    """DLP Guard: finds secrets and personal data in text before it reaches an AI chat site."""
    _configure_logging(verbose)
    if ctx.invoked_subcommand is None:
        # No subcommand: start the tray app (or hand over to the running one), as `dlpguard gui` does.
        ctx.invoke(ctx.command.get_command(ctx, "gui"))  # type: ignore[attr-defined]


# -- scan ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanOptions:
    fmt: str
    mask: bool
    operator: str | None
    colour: bool
    echo: bool
    errors: str
    stream_above: int
    site: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the input with its findings in local offsets; `base` is its offset in the input."""

    text: str
    findings: tuple[Finding, ...]
    base: int


def _shift(findings: Sequence[Finding], delta: int) -> tuple[Finding, ...]:
    return tuple(dataclasses.replace(f, start=f.start + delta, end=f.end + delta) for f in findings)


class StreamedScan:
    """Scans a stream window by window and yields non-overlapping segments that tile the input, so
    output (highlighted or masked) is written as it goes while memory stays bounded. Each segment is
    judged by the policy as it passes (`parts`), with its own text."""

    def __init__(self, engine: Engine, reader: CheckedTextReader, parts: PartsAssessment) -> None:
        self.engine = engine
        self.reader = reader
        self.parts = parts
        self.findings: list[Finding] = []
        self.decisions: list[FindingDecision] = []
        self.chars = 0
        self.chunks = 0

    def __iter__(self) -> Iterator[Segment]:
        from dlpguard.engine import ScanContext
        from dlpguard.engine.normalise import normalise
        from dlpguard.guard.pipeline import scan_text

        context = ScanContext(source="cli")
        cursor = 0  # everything before this offset has been handed out
        for window, found in self.engine.iter_scan_stream(self.reader, context):
            self.chunks += 1
            own_end = window.base + window.own_end
            self.chars = own_end
            # A finding that crossed into this window's stretch was already handed out with the last one.
            kept = [f for f in found if f.start >= cursor]
            end = max([own_end, *(f.end for f in kept)])
            if end <= cursor:
                continue
            text = window.text[cursor - window.base : end - window.base]
            local = _shift(kept, -cursor)
            normalised = normalise(text)
            if normalised.changed:  # disguised values: this stretch again, read as its reader reads it
                local = scan_text(self.engine, text, context, normalised=normalised).findings
                kept = list(_shift(local, cursor))
            self.findings.extend(kept)
            self.decisions += self.parts.add(text, local)
            yield Segment(text, local, cursor)
            cursor = end


@dataclass
class MaskWriter:
    """Masks segment after segment with one vault, so pseudonyms stay consistent across windows."""

    operators: dict[str, Operator] | None
    default: Operator
    vault: PseudonymVault
    masked_chars: int = 0
    replacements: list[Replacement] = field(default_factory=list)

    @classmethod
    def for_option(cls, operator: str | None, hash_key: bytes | None = None) -> MaskWriter:
        """The default table, or `operator` for everything. Without `hash_key`, hash tags use a fresh
        random key: consistent within one run, meaningless outside it."""
        from dlpguard.engine.masking import REDACT, operator_named
        from dlpguard.engine.pseudonyms import PseudonymVault

        vault = PseudonymVault(ttl=math.inf)  # lives for this run only, however long the input takes
        if operator is None:
            return cls(None, REDACT, vault)
        forced = operator_named(operator, hash_key=hash_key or secrets.token_bytes(32))
        return cls({}, forced, vault)

    def mask(self, segment: Segment) -> str:
        from dlpguard.engine.masking import mask

        result: MaskResult = mask(
            segment.text,
            segment.findings,
            self.operators,
            default=self.default,
            vault=self.vault,
            conversation_id=CONVERSATION,
        )
        self.replacements += [
            dataclasses.replace(
                r,
                start=r.start + segment.base,
                end=r.end + segment.base,
                masked_start=r.masked_start + self.masked_chars,
                masked_end=r.masked_end + self.masked_chars,
            )
            for r in result.replacements
        ]
        self.masked_chars += len(result.text)
        return result.text


@contextlib.contextmanager
def _open_source(source: str) -> Iterator[BinaryIO]:
    if source == "-":
        yield click.get_binary_stream("stdin")
        return
    with open_input_file(source) as handle:  # refuses what cannot be read, never blocks forever
        yield handle


def _scan_services(
    no_model: bool, min_score: float | None, window: int | None, overlap: int | None
) -> GuardServices:
    """The guard's services for a command-line scan: the policy in force (its custom terms, thresholds
    and verdicts), the engine it asks for with this command's overrides, and no incident log (a scan
    on the command line checks a text; nothing is being sent)."""
    from dlpguard.guard.services import GuardServices, engine_modules

    def build(policy: Policy) -> Engine:
        engine_module, config_module = engine_modules()
        config = config_module.engine_config(policy)
        config = dataclasses.replace(
            config,
            ner=config.ner and not no_model,
            min_score=config.min_score if min_score is None else min_score,
            # --min-score is the one threshold: the policy's per-category ones give way to it
            min_score_by_category=config.min_score_by_category if min_score is None else {},
            window=window or config.window,
            overlap=config.overlap if overlap is None else overlap,
        )
        built: Engine = engine_module.Engine(config, load_model=config.ner)
        return built

    return GuardServices(engine_factory=build, incident_log_factory=None)


def _colour_wanted(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@click.command()
@click.argument("source", metavar="[FILE|-]", default="-")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: the input with findings highlighted, then a summary. json: one document.",
)
@click.option(
    "--jsonl",
    is_flag=True,
    help='Batch mode: one {"id", "text"} object per input line, one result line per input.',
)
@click.option("--mask", "do_mask", is_flag=True, help="Print the masked text instead of highlighting.")
@click.option(
    "--operator",
    type=click.Choice(["redact", "partial", "hash", "pseudonymise"]),
    help="With --mask: use this operator for everything (hash is keyed per run).",
)
@click.option("--no-model", is_flag=True, help="Pattern-only on purpose: no NER, so no names or places.")
@click.option("--min-score", type=click.FloatRange(0.0, 1.0), help="Report findings at or above this score.")
@click.option(
    "--color",
    "--colour",
    "colour",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour findings (auto: when stdout is a terminal and NO_COLOR is unset).",
)
@click.option("--no-echo", is_flag=True, help="Print only the summary, not the text.")
@click.option(
    "--site",
    metavar="HOST",
    help="Judge the text as bound for this site: the rules of its site group apply (per-destination "
    "rules), and a site the policy does not guard is reported as let through unscanned.",
)
@click.option(
    "--errors",
    type=click.Choice(ERROR_MODES),
    default="strict",
    show_default=True,
    help="Invalid UTF-8: refuse (strict) or scan with U+FFFD in its place (replace).",
)
# Knobs for tests and benchmarks: window size and when to switch to streaming.
@click.option("--window", type=click.IntRange(min=1), hidden=True)
@click.option("--overlap", type=click.IntRange(min=0), hidden=True)
@click.option("--stream-above", type=click.IntRange(min=0), default=STREAM_ABOVE_BYTES, hidden=True)
def scan(
    source: str,
    fmt: str,
    jsonl: bool,
    do_mask: bool,
    operator: str | None,
    no_model: bool,
    min_score: float | None,
    colour: str,
    no_echo: bool,
    site: str | None,
    errors: str,
    window: int | None,
    overlap: int | None,
    stream_above: int,
) -> None:
    """Scan FILE (or stdin) for secrets and personal data.

    Exit status: 0 nothing found, 1 findings, 2 error.
    """
    if operator and not do_mask:
        raise click.UsageError("--operator only applies with --mask")
    options = ScanOptions(
        fmt, do_mask, operator, _colour_wanted(colour), not no_echo, errors, stream_above, site=site
    )
    services = _scan_services(no_model, min_score, window, overlap)
    engine = services.engine()
    from dlpguard.engine.recognizers import kingfisher

    # A paste-time shell starts judging before the vendor-token rules are in; a scan waits for them so
    # its answer never depends on how fast this machine loaded them.
    kingfisher.wait_until_ready()
    if not no_model:
        from dlpguard.cli_output import model_warning

        warning = model_warning(engine.model)
        if warning:
            click.echo(warning, err=True)
    if jsonl:
        with _open_source(source) as raw:
            raise click.exceptions.Exit(_scan_jsonl(services, engine, raw, options))
    with _open_source(source) as raw:
        document = _read_document(services, raw, options)
        if document is not None:
            text, note = document
            click.echo(note, err=options.fmt == "json")
            reader = CheckedTextReader(io.BytesIO(b""))
            found = bool(text) and _scan_text(services, engine, text, reader, options)
        else:
            loaded = load_input(raw, errors=errors, stream_above=stream_above)
            found = _scan_text(services, engine, loaded.text, loaded.stream, options)
    raise click.exceptions.Exit(EXIT_FINDINGS if found else EXIT_CLEAN)


#: File kinds read by extraction (documents, archives, images by OCR) rather than as plain text.
_PLAIN_KINDS = frozenset({"text", "empty", "unknown"})


def _read_document(
    services: GuardServices, raw: BinaryIO, options: ScanOptions
) -> tuple[str, str] | None:
    """A document, archive, e-mail or image read the way the browser's uploads are (by content, with
    the policy's file limits and OCR): its text and a line saying how it was read; None for plain text
    (and for input that cannot be peeked at, e.g. a pipe), which the text path scans as it streams."""
    from dlpguard.engine import ScanContext
    from dlpguard.extract import sniff
    from dlpguard.guard.pipeline import assess_file

    if not raw.seekable():
        return None
    head = raw.read(64 * 1024)
    raw.seek(0)
    if str(sniff(head)) in _PLAIN_KINDS:
        return None
    judged = assess_file(services, raw.read(), ScanContext(source="cli", site=options.site))
    verdict = judged.assessment.verdict
    read = "read in full" if judged.readable else f"not all read: {judged.unreadable_reason}"
    if judged.refused:
        read = f"refused: {judged.refused}"
    note = f"file read as {judged.kind} ({read}); as an upload the policy would {verdict.action.value} it"
    if verdict.reason:
        note += f" ({verdict.reason})"
    return judged.assessment.text, note


def _scan_text(
    services: GuardServices, engine: Engine, text: str | None, reader: CheckedTextReader, options: ScanOptions
) -> bool:
    """Scans through the guard, writes the chosen output; returns whether anything was found."""
    from dlpguard.engine import ScanContext
    from dlpguard.guard.pipeline import PartsAssessment, assess

    started = time.perf_counter()
    context = ScanContext(source="cli", site=options.site)
    judged: Judged
    if text is not None:
        assessment = assess(services, text, context, policy_limit=False, mask_text=False)
        if assessment.result is None:  # a site the policy does not guard (or allowlists): not scanned
            reason = assessment.verdict.reason
            click.echo(f"{options.site}: {reason}: the text would be let through unscanned")
            return False
        segments: Iterator[Segment] | list[Segment] = [Segment(text, assessment.result.findings, 0)]
        judged = Judged(assessment.result, None, assessment.verdict)
    else:
        streamed = StreamedScan(engine, reader, PartsAssessment(services))
        segments = iter(streamed)
        judged = Judged(None, streamed, None)

    if options.fmt == "json":
        return _write_json(engine, segments, judged, reader, options, started)
    return _write_text(engine, segments, judged, options)


@dataclass
class Judged:
    """A whole-text scan (`result`, `verdict`) or a streamed one (its verdict is known at the end)."""

    result: ScanResult | None
    streamed: StreamedScan | None
    whole_verdict: Verdict | None

    @property
    def verdict(self) -> Verdict:
        if self.whole_verdict is not None:
            return self.whole_verdict
        assert self.streamed is not None
        return self.streamed.parts.verdict()

    @property
    def decisions(self) -> Sequence[FindingDecision]:
        if self.whole_verdict is not None:
            return self.whole_verdict.decisions
        assert self.streamed is not None
        return self.streamed.decisions


def _write_text(
    engine: Engine, segments: Iterator[Segment] | list[Segment], judged: Judged, options: ScanOptions
) -> bool:
    from dlpguard.cli_output import Tally, highlight, ignored_notes, summary, terminal_safe, verdict_line

    tally = Tally()
    masker = MaskWriter.for_option(options.operator) if options.mask else None
    tty = sys.stdout.isatty()
    last = "\n"
    for segment in segments:
        tally.add(segment.findings)
        if not options.echo:
            continue
        if masker is not None:
            out = masker.mask(segment)
            out = terminal_safe(out) if tty else out  # faithful in a pipe, harmless on a terminal
        else:
            out = highlight(segment.text, segment.findings, colour=options.colour)
        if out:
            emit(out)
            last = out[-1]
    result, streamed = judged.result, judged.streamed
    if result is not None:
        chars, notes = result.stats.chars, [*result.notes, *ignored_notes(result.known_test_values)]
    else:
        assert streamed is not None
        chars, notes = streamed.chars, _streaming_notes(engine, streamed)
    text = summary(tally, chars, engine.model, notes) + "\n" + verdict_line(judged.verdict) + "\n"
    if masker is not None:
        emit(text, err=True)  # stdout carries only the masked text, for pipes
    else:
        emit(("" if last == "\n" else "\n") + ("\n" if options.echo else "") + text)
    return tally.total > 0


def _streaming_notes(engine: Engine, streamed: StreamedScan) -> list[str]:
    notes = []
    if engine.model.mode != "ner":
        notes.append(f"pattern-only: names and places are not detected ({engine.model.reason})")
    else:
        notes.append(
            f"large input scanned in {streamed.chunks} windows; NER read at most "
            f"{engine.config.max_ner_chars:,} characters of prose"
        )
    return notes


def _write_json(
    engine: Engine,
    segments: Iterator[Segment] | list[Segment],
    judged: Judged,
    reader: CheckedTextReader,
    options: ScanOptions,
    started: float,
) -> bool:
    from dlpguard.cli_output import finding_dict, ignored_dicts, ignored_notes, verdict_dict

    masker = MaskWriter.for_option(options.operator) if options.mask else None
    masked = [masker.mask(s) if masker is not None else "" for s in segments]  # streams: drains the scan
    result, streamed = judged.result, judged.streamed
    if result is not None:
        findings: Sequence[Finding] = result.findings
        stats: dict[str, object] = dataclasses.asdict(result.stats)
        notes = [*result.notes, *ignored_notes(result.known_test_values)]
        ignored = ignored_dicts(result.known_test_values)
    else:
        assert streamed is not None
        findings = streamed.findings
        stats = {
            "chars": streamed.chars,
            "ner_chars": None,
            "ner_skipped_chars": None,
            "chunks": streamed.chunks,
        }
        notes = _streaming_notes(engine, streamed)
        ignored = []
    stats["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
    stats["bytes"] = reader.bytes_read
    stats["streamed"] = reader.bytes_read > options.stream_above
    doc: dict[str, object] = {
        "findings": [finding_dict(f, d) for f, d in zip(findings, judged.decisions, strict=True)],
        "verdict": verdict_dict(judged.verdict),
        "model": engine.model.to_dict(),
        "stats": stats,
        "notes": notes,
        "ignored": ignored,
    }
    if masker is not None:
        doc["masked_text"] = "".join(masked)
        doc["replacements"] = [r.to_dict() for r in masker.replacements]
    emit(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return bool(findings)


def _scan_jsonl(services: GuardServices, engine: Engine, raw: BinaryIO, options: ScanOptions) -> int:
    """One result line per input line, flushed as it goes; a bad line is reported and skipped."""
    from dlpguard.cli_output import finding_dict
    from dlpguard.engine import ScanContext
    from dlpguard.guard.pipeline import assess

    errored = found = False
    run_key = secrets.token_bytes(32)  # hash tags comparable across the lines of one run
    for item in iter_jsonl(raw, errors=options.errors):
        if isinstance(item, JsonlError):
            errored = True
            line: dict[str, object] = item.to_dict()
        else:
            try:
                assessment = assess(
                    services, item.text, ScanContext(source="cli"), policy_limit=False, mask_text=False
                )
            except DlpGuardError as exc:
                errored = True
                line = JsonlError(item.id, "scan_failed", str(exc)).to_dict()
            else:
                assert assessment.result is not None
                findings = assessment.result.findings
                verdict = assessment.verdict
                found = found or bool(findings)
                pairs = zip(findings, verdict.decisions, strict=True)
                line = {
                    "id": item.id,
                    "action": verdict.action.value,
                    "findings": [finding_dict(f, d) for f, d in pairs],
                }
                if options.mask:
                    masker = MaskWriter.for_option(options.operator, run_key)
                    line["masked_text"] = masker.mask(Segment(item.text, findings, 0))
        emit(json.dumps(line, ensure_ascii=False) + "\n")
    if errored:
        return EXIT_ERROR
    return EXIT_FINDINGS if found else EXIT_CLEAN


# -- doctor ----------------------------------------------------------------------------------------


def doctor_checks() -> list[Check]:
    """Every check in report order: the guard's own, then the shells' (browser host, tray app)."""
    from dlpguard.bridge.doctor_check import check_browser_host
    from dlpguard.guard.doctor import CHECKS
    from dlpguard.gui.doctor_check import check_tray

    return [*CHECKS, check_browser_host, check_tray]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON document instead of the report.")
def doctor(as_json: bool) -> None:
    """Check the installation: Python, the NER model, recognizers, paths.

    Exit status: 0 healthy, 1 degraded (e.g. pattern-only), 2 a check failed.
    """
    from dlpguard.cli_output import doctor_report
    from dlpguard.guard.doctor import run_checks

    report = run_checks(doctor_checks())
    if as_json:
        emit(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        emit(doctor_report(report, colour=_colour_wanted("auto")) + "\n")
    raise click.exceptions.Exit(report.exit_code)


# ==================================================================================================
# Command registration: the one place where commands and groups join `dlpguard`.
# Heavy groups go in LAZY_COMMANDS (top of this file); light commands are added here.
# ==================================================================================================
main.add_command(scan)
main.add_command(doctor)

"""What every shell shares in one process: policy, engine, pseudonym vault, incident log.

The tray app builds one `GuardServices` around its live `PolicyStore` and hands it to the bridge
server, the clipboard guard and the Check-text window; a native host without the app builds its own.
The engine is built on first use (or by `preload()` in the background) and rebuilt only when the
policy changes what it detects, never per request. With `defer_model` (the native host) the engine is
built without its NER model, answers pattern-only at once, and the model loads on a thread of its own
(`ner_pending` until it is in). Every shell's scans go through one NER gate (`ner_gate`), set from the
policy in force: NER runs only when names and places could change what is done with the text; the
shells that show every finding (Check text, `dlpguard scan`: `EVERY_FINDING_SOURCES`) always get it.
`gate_ner=False` turns the gate off (benchmarks compare the two). The incident log is
best effort: when it cannot be opened (no keyring and the policy refuses a key file) verdicts still go
out, with no incident id, the reason is logged once and `incident_log_problem` holds it for the tray
and the doctor.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from dlpguard.engine.pseudonyms import PseudonymVault
from dlpguard.engine.types import Action, Category, Finding, ScanContext, Source
from dlpguard.errors import DlpGuardError, EngineUnavailable, describe_exception
from dlpguard.guard.tails import ConversationTails

if TYPE_CHECKING:
    from dlpguard.engine import Engine
    from dlpguard.engine.engine import NerGate
    from dlpguard.incidents.log import IncidentLog
    from dlpguard.policy.incident_settings import IncidentSettings
    from dlpguard.policy.resolve import LoadedPolicy
    from dlpguard.policy.schema import Policy

logger = logging.getLogger(__name__)

PolicySource = Callable[[], "LoadedPolicy"]
EngineFactory = Callable[["Policy"], "Engine"]
IncidentLogFactory = Callable[["IncidentSettings"], "IncidentLog"]

#: Verdicts remembered for the `decision` that follows them (override rules per incident).
MAX_REMEMBERED_VERDICTS = 1000
#: After the incident log failed to open, how long scans go unrecorded before it is tried again.
LOG_RETRY_SECONDS = 30.0


_ENGINE_IMPORT_LOCK = threading.Lock()


def engine_modules() -> tuple[ModuleType, ModuleType]:
    """(dlpguard.engine.engine, dlpguard.policy.engine_config), imported once under a lock: presidio and
    spaCy imported by two threads at once (the preload and the first scan) can meet a partially
    initialised module. Lazy, so a host answers `hello` before they are loaded."""
    with _ENGINE_IMPORT_LOCK:
        from dlpguard.engine import engine as engine_module
        from dlpguard.policy import engine_config

    return engine_module, engine_config


def build_engine(policy: Policy, *, defer_model: bool = False) -> Engine:
    """The engine the policy asks for: thresholds, NER on or off, custom and hashed terms; with
    `defer_model`, built without its model (`Engine.load_model` loads it later)."""
    engine_module, config = engine_modules()
    engine: Engine = engine_module.Engine(
        config.engine_config(policy), load_model=policy.detection.ner, defer_model=defer_model
    )
    return engine


def build_engine_deferred(policy: Policy) -> Engine:
    return build_engine(policy, defer_model=True)


#: What the NER model reports, at the score it reports it with (`engine.ner`).
_NER_SCORE = 0.85
_NER_PROBES = (
    Finding("PERSON", Category.PERSON, 0, 1, _NER_SCORE, "SpacyNerRecognizer"),
    Finding("LOCATION", Category.LOCATION, 0, 1, _NER_SCORE, "SpacyNerRecognizer"),
)
_INTERRUPTING = frozenset({Action.WARN, Action.MASK, Action.BLOCK})
#: Scan sources whose shells list every finding (Check text, `dlpguard scan`): the gate always lets
#: NER run for them, since a name missing from the list would misinform.
EVERY_FINDING_SOURCES = frozenset({"check", Source.CLI.value})


def ner_gate(policy: Policy) -> NerGate:
    """When NER's findings (names, places) could change what is done with a text under `policy`, given
    what the patterns found. NER is needed when the strongest action the policy could take on a name or
    place found by NER

    - is above the verdict's (would-)action: it could raise the verdict, or record an incident; or
    - interrupts (warn, mask, block; never in simulation) while the verdict offers the masked text: a
      `warn`, a `mask`, or a `block` the user may override (the dialog offers "send masked"). The masked
      text must hide the names too, and a tie at `block` could take the override away.

    So NER is skipped when nothing NER finds could act (the policy allows names and places), or when the
    verdict is a `block` that cannot be overridden (the default for secrets) and names are not blocked
    more strongly: the user sees no masked text, and the action, reason and override stay the same.
    The clipboard in `mask` mode is the exception: it writes the masked text for a block too, so there
    names must be found. Scans from shells that list every finding (`EVERY_FINDING_SOURCES`) always
    run NER. What a gated verdict lacks is names in its finding list and incident counts (the result
    says `ner_gated`). Allowlists and score minimums are applied only to the pattern findings: a name
    that would be allowlisted still counts here, so the gate errs on the side of running NER.
    """
    from dlpguard.policy.decide import decide
    from dlpguard.policy.schema import ClipboardMode

    probe = decide(_NER_PROBES, policy)
    ner_would, ner_action = probe.would_action, probe.action
    clipboard_masks = policy.clipboard.mode is ClipboardMode.MASK

    def needed(findings: Sequence[Finding], context: ScanContext | None, text: str) -> bool:
        source = context.source if context is not None else None
        if source in EVERY_FINDING_SOURCES:
            return True
        if ner_would is Action.ALLOW:
            return False
        verdict = decide(findings, policy, context, text=text)
        if ner_would.rank > verdict.would_action.rank:
            return True
        if ner_action not in _INTERRUPTING:
            return False
        if verdict.action in (Action.WARN, Action.MASK):
            return True
        if verdict.action is not Action.BLOCK:
            return False
        return verdict.override_allowed or (clipboard_masks and source == Source.CLIPBOARD.value)

    return needed


def _engine_key(policy: Policy) -> tuple[object, ...]:
    _, config = engine_modules()
    return (config.engine_config(policy), policy.custom.hashed_terms)


def default_incident_log(settings: IncidentSettings) -> IncidentLog:
    with _ENGINE_IMPORT_LOCK:  # the same rule as engine_modules: one thread imports at a time
        from dlpguard.incidents.log import IncidentLog

    return IncidentLog(settings)


@dataclass(frozen=True)
class OverrideInfo:
    allowed: bool
    justification_required: bool
    min_justification_chars: int


class GuardServices:
    def __init__(
        self,
        policy_source: PolicySource | None = None,
        *,
        engine_factory: EngineFactory = build_engine,
        incident_log_factory: IncidentLogFactory | None = default_incident_log,
        vault: PseudonymVault | None = None,
        gate_ner: bool = True,
    ) -> None:
        self._policy_source = policy_source or _static_policy_source()
        self._engine_factory = engine_factory
        self._gate_ner = gate_ner
        self._incident_log_factory = incident_log_factory
        self.vault = vault or PseudonymVault()
        #: What each conversation sent last (memory only, the vault's TTL): see `pipeline.judge`.
        self.tails = ConversationTails(ttl=self.vault.ttl)
        self._engine: Engine | None = None
        self._engine_key: tuple[object, ...] | None = None
        self._engine_policy: Policy | None = None
        self._engine_lock = threading.Lock()
        self._log: IncidentLog | None = None
        self._log_settings: IncidentSettings | None = None
        self._log_failed: str | None = None
        self._log_retry_at = 0.0
        self._log_lock = threading.Lock()
        self._verdicts: OrderedDict[str, OverrideInfo] = OrderedDict()
        self._verdicts_lock = threading.Lock()

    # -- policy and engine -----------------------------------------------------------------------

    @property
    def loaded_policy(self) -> LoadedPolicy:
        return self._policy_source()

    @property
    def policy(self) -> Policy:
        return self.loaded_policy.effective.policy

    def engine(self) -> Engine:
        """The engine for the policy in force; `EngineUnavailable` when it cannot be built."""
        return self._build_engine(load_model_now=True)

    def _build_engine(self, *, load_model_now: bool) -> Engine:
        """`engine()`; a deferred model starts loading on a thread of its own unless the caller loads
        it (`preload`)."""
        policy = self.policy
        with self._engine_lock:
            if self._engine is not None and policy is self._engine_policy:
                return self._engine  # the common case: same policy object, nothing to compare
            key = _engine_key(policy)
            if self._engine is None or self._engine_key != key:
                try:
                    self._engine = self._engine_factory(policy)
                    # The lazily built vocabularies every scan reads (health terms, name lists) are built
                    # now, before a deferred model starts loading: loading holds the interpreter lock
                    # for long stretches and would double what the first scan pays for them.
                    self._engine.scan(_WARM_UP_TEXT)
                except Exception as exc:
                    logger.error("engine could not be built: %s", describe_exception(exc))
                    raise EngineUnavailable("the scanning engine could not start") from exc
                if load_model_now and self._engine.model.pending:
                    _load_model_in_background(self._engine)
            # A reload that changed only sites or actions keeps the engine (and its loaded model); the
            # gate follows the actions.
            self._engine.ner_gate = ner_gate(policy) if self._gate_ner else None
            self._engine_key, self._engine_policy = key, policy
            return self._engine

    @property
    def engine_mode(self) -> str:
        """`ner` or `pattern-only` once built, `loading` before."""
        engine = self._engine
        return engine.model.mode if engine is not None else "loading"

    @property
    def ner_pending(self) -> bool:
        """True while the NER model the policy asks for is still loading (or the engine not built)."""
        engine = self._engine
        return engine.model.pending if engine is not None else self.policy.detection.ner

    def preload(self) -> threading.Thread:
        """Builds the engine in the background so the first scan does not pay for loading the model."""

        def load() -> None:
            # A failure is logged; the next scan tries again and answers engine_unavailable.
            with contextlib.suppress(EngineUnavailable):
                engine = self._build_engine(load_model_now=False)
                # What the first verdict needs comes before a deferred model: importing spaCy holds
                # the interpreter lock for long stretches and would slow everything else down.
                try:
                    self.incident_log()
                except Exception as exc:  # the scan will say why; the model must load regardless
                    logger.warning("incident log not opened ahead: %s", describe_exception(exc))
                if engine.model.pending:
                    engine.load_model()

        thread = threading.Thread(target=load, name="dlpguard-engine-preload", daemon=True)
        thread.start()
        return thread

    # -- incident log ----------------------------------------------------------------------------

    def incident_log(self) -> IncidentLog | None:
        if self._incident_log_factory is None:
            return None
        settings = self.policy.incidents
        with self._log_lock:
            if self._log is not None and self._log_settings == settings:
                return self._log
            if self._log is not None:
                self._log.close()
                self._log = None
            if self._log_settings == settings and time.monotonic() < self._log_retry_at:
                return None  # failed a moment ago: do not reopen the store for every scan
            self._log_settings = settings
            try:
                log = self._incident_log_factory(settings)
            except (DlpGuardError, OSError) as exc:
                self._log_down(f"incident log unavailable: {exc}")
                return None
            try:
                log.key  # noqa: B018  # without the fingerprint key nothing can be recorded
            except DlpGuardError as exc:
                log.close()
                self._log_down(f"incident log unavailable: {exc}")
                return None
            self._log, self._log_failed = log, None
            return self._log

    @property
    def incident_log_problem(self) -> str | None:
        """Why incidents are not being recorded (as of the last `incident_log()`), or None. Any thread."""
        return self._log_failed

    def _log_down(self, reason: str) -> None:
        self._log_retry_at = time.monotonic() + LOG_RETRY_SECONDS
        self._note_log_failure(reason)

    def _note_log_failure(self, reason: str) -> None:
        if reason != self._log_failed:  # once per distinct reason, not per scan
            logger.warning("%s", reason)
            self._log_failed = reason

    def hash_key(self) -> bytes | None:
        """The per-install key for the `hash` masking operator (the incident fingerprint key)."""
        log = self.incident_log()
        if log is None:
            return None
        try:
            return log.key.key
        except DlpGuardError as exc:
            self._note_log_failure(str(exc))
            return None

    # -- verdicts awaiting a decision --------------------------------------------------------------

    def remember_verdict(self, incident_id: str, info: OverrideInfo) -> None:
        with self._verdicts_lock:
            self._verdicts[incident_id] = info
            self._verdicts.move_to_end(incident_id)
            while len(self._verdicts) > MAX_REMEMBERED_VERDICTS:
                self._verdicts.popitem(last=False)

    def remembered_verdict(self, incident_id: str | None) -> OverrideInfo | None:
        if incident_id is None:
            return None
        with self._verdicts_lock:
            return self._verdicts.get(incident_id)

    def close(self) -> None:
        with self._log_lock:
            if self._log is not None:
                self._log.close()
                self._log = None
        self.vault.clear_all()
        self.tails.clear()


#: Touches what every scan builds on first use: names in greetings and speaker lines, health terms.
_WARM_UP_TEXT = "Hi Anna,\nDr. Anna Meyer: patient is taking metformin 500 mg daily.\nThanks, Tomasz Nowak"


def _load_model_in_background(engine: Engine) -> threading.Thread:
    def load() -> None:
        started = time.perf_counter()
        status = engine.load_model()
        logger.info("NER model %s after %.2f s", status.mode, time.perf_counter() - started)

    thread = threading.Thread(target=load, name="dlpguard-ner-load", daemon=True)
    thread.start()
    return thread


def _static_policy_source() -> PolicySource:
    """The policy in force when this process started (a native host lives as long as one browser port;
    the tray app passes its watched store instead)."""
    from dlpguard.policy.watcher import PolicyStore

    store = PolicyStore()
    return lambda: store.loaded

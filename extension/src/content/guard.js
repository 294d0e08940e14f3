/**
 * The content script's side of a verdict: ask the service worker, then turn its answer into what may
 * go into the page: the original text, the masked text, or nothing. Warn and block talk to the user
 * through the overlay; a missing answer applies the fail mode (closed unless the policy said open).
 */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns || ns.guard) return;
  const t = ns.t;

  /** The service worker answers within the policy's budget; this only catches a worker that died. */
  const BACKSTOP_MARGIN_MS = 5000;

  const known = {
    href: null,
    guarded: null,
    failMode: ns.shared.DEFAULT_FAIL_MODE,
    timeoutMs: ns.shared.DEFAULT_VERDICT_TIMEOUT_MS,
    reveal: true,
    ready: null,
  };

  function remember(answer) {
    if (ns.shared.FAIL_MODES.includes(answer.fail_mode)) known.failMode = answer.fail_mode;
    if (Number.isInteger(answer.timeout_ms) && answer.timeout_ms > 0) known.timeoutMs = answer.timeout_ms;
  }

  function refresh() {
    const href = location.href;
    known.href = href;
    known.guarded = null;
    known.ready = ns.send({ type: 'guard_status' }).then((answer) => {
      if (known.href !== href || answer.status !== 'guard') return; // unknown stays guarded
      remember(answer);
      known.guarded = answer.guarded === true;
      known.reveal = answer.reveal_placeholders !== false;
    });
    return known.ready;
  }

  /** true / false for this URL, or null while unknown (the interceptor treats unknown as guarded). */
  function guardedNow() {
    if (known.href !== location.href) refresh();
    return known.guarded;
  }

  function withBackstop(promise) {
    let timer;
    const backstop = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ status: 'failed', reason: 'timeout' }), known.timeoutMs + BACKSTOP_MARGIN_MS);
    });
    return Promise.race([promise, backstop]).finally(() => clearTimeout(timer));
  }

  const FAILURE_MESSAGES = {
    timeout: 'banner_timeout',
    unavailable: 'banner_unavailable',
    no_answer: 'banner_unavailable',
    too_large: 'banner_too_large',
    extension_reloaded: 'banner_extension_reloaded',
  };

  /**
   * No verdict: closed (the default) blocks with a banner saying the guard did not answer; open lets
   * the text through with a notice. A refused message or a reloaded extension always blocks.
   */
  function failure(answer) {
    remember(answer);
    const reason = answer.reason ?? 'no_answer';
    const open = answer.status === 'failed' && (answer.fail_mode ?? known.failMode) === 'open' && reason !== 'extension_reloaded';
    if (open) {
      ns.ui.notice(t('banner_failed_open'));
      return { use: 'original' };
    }
    ns.ui.notice(t(FAILURE_MESSAGES[reason] ?? 'banner_error'), { alert: true, timeoutMs: 12000 });
    return { use: 'none' };
  }

  function decide(verdict, userAction, justification = null) {
    const message = { type: 'decision', incident_id: verdict.incident_id, user_action: userAction };
    if (justification) message.justification = justification;
    return withBackstop(ns.send(message));
  }

  /** True when every finding lies inside text the user already let through on this page. */
  function alreadyApproved(verdict, approved) {
    if (!approved.length || verdict.findings_truncated || !verdict.spans?.length) return false;
    return verdict.spans.every(([s, e]) => approved.some(([a, b]) => a <= s && e <= b));
  }

  /**
   * What may go in for `text`: `{use: 'original'}`, `{use: 'masked', masked, count, chosen}` (chosen:
   * the user picked it over a warning) or `{use: 'none'}`. `approved` are [start, end) ranges of `text`
   * the user already let through (a pasted value they sent anyway is not asked about again).
   */
  async function judge(event, text, { fileName = null, approved = [] } = {}) {
    ns.ui.checking(true);
    let answer;
    try {
      answer = await withBackstop(ns.send({ type: 'scan', event, text }));
    } finally {
      ns.ui.checking(false);
    }
    if (answer.status === 'unguarded') {
      known.guarded = false;
      return { use: 'original' };
    }
    if (answer.status !== 'verdict') return failure(answer);
    remember(answer);
    const verdict = answer.verdict;
    if (verdict.pseudonymised) {
      // Placeholders are about to reach the AI: its answers may need them shown as the originals.
      ns.restore?.forgetUnknown();
      if (known.reveal) ns.restore?.start(document, () => ns.adapterFor(location.href));
    }
    const view = {
      fileName,
      findings: verdict.findings,
      findingCount: verdict.finding_count,
      reason: verdict.reason,
      canMask: typeof verdict.masked_text === 'string',
      override: verdict.override,
    };
    switch (verdict.action) {
      case 'allow':
        return { use: 'original' };
      case 'mask':
        if (view.canMask) return { use: 'masked', masked: verdict.masked_text, count: verdict.finding_count, chosen: false };
        await ns.ui.block({ ...view, message: t('overlay_mask_unavailable') });
        return { use: 'none' };
      case 'warn':
        if (alreadyApproved(verdict, approved)) return { use: 'original' };
        return ask(verdict, view);
      default:
        // A block the policy lets the user override asks like a warning, with the block's words.
        if (verdict.override?.allowed && !verdict.findings_truncated) return ask(verdict, { ...view, blocked: true });
        await ns.ui.block(view);
        return { use: 'none' };
    }
  }

  /** The warn dialog (also for an overridable block): the user's choice goes to the host's decide(). */
  async function ask(verdict, view) {
    const choice = await ns.ui.warn(view);
    if (choice.action === 'cancel') {
      decide(verdict, 'cancel'); // recorded if the host answers; nothing goes in either way
      return { use: 'none' };
    }
    if (choice.action === 'send_masked') {
      decide(verdict, 'send_masked');
      return { use: 'masked', masked: verdict.masked_text, count: verdict.finding_count, chosen: true };
    }
    const recorded = await decide(verdict, 'send_anyway', choice.justification);
    if (recorded.status !== 'recorded') return failure(recorded);
    if (recorded.allowed) return { use: 'original' };
    await ns.ui.block({ ...view, message: t('decision_refused'), reason: recorded.reason });
    return { use: 'none' };
  }

  /** A failure the content script found itself (a file too large to read): the same fail-mode rule. */
  function localFailure(reason) {
    return failure({ status: 'failed', reason, fail_mode: known.failMode });
  }

  ns.guard = {
    refresh,
    guardedNow,
    judge,
    localFailure,
    get revealPlaceholders() {
      return known.reveal;
    },
    get ready() {
      return known.ready;
    },
  };
})();

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
  /** How long the service worker keeps a held paste's or send's request open (background/native.js, HELD_SCAN_TIMEOUT_MS). */
  const HELD_BUDGET_MS = 120000;

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
   * the text through with a notice, unless the built-in check (fallback.js: high-confidence secrets and
   * cards) finds something in `text`, which is then kept out with a banner naming what it saw. A refused
   * message or a reloaded extension always blocks.
   */
  function failure(answer, text = null) {
    remember(answer);
    const reason = answer.reason ?? 'no_answer';
    const open = answer.status === 'failed' && (answer.fail_mode ?? known.failMode) === 'open' && reason !== 'extension_reloaded';
    if (open) {
      const hit = ns.fallback?.check(text);
      if (hit) {
        ns.ui.notice(t('banner_failed_open_blocked', t(`category_${hit.category}`)), { alert: true, timeoutMs: 12000 });
        return { use: 'none', fallback: hit };
      }
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
   * A held paste, drop or send waits for its verdict however long it takes, never silently dropped: a
   * small "checking…" state by the box; after the policy's budget, "still checking" with Cancel / Wait
   * (fail closed) or it goes through unchecked with the fail-open notice (fail open, the same hold up
   * to the budget). A verdict arriving while the question shows answers it. Cancel resolves
   * `cancelled`; so does an edit of the box (an `input` event in it) while a send is held
   * (`cancelOnEdit`): the message changed, the user sends again.
   */
  function held(event, text, box, { kind = 'paste', cancelOnEdit = false } = {}) {
    const request = ns.send({ type: 'scan', event, text, hold: true });
    return new Promise((resolve) => {
      let done = false;
      const timers = [];
      const pill = ns.ui.holding(box, { kind, onCancel: () => finish({ status: 'cancelled' }) });
      const edited = () => finish({ status: 'cancelled', reason: 'edited' });
      if (cancelOnEdit) box.addEventListener('input', edited, true);
      function finish(answer) {
        if (done) return;
        done = true;
        timers.forEach(clearTimeout);
        if (cancelOnEdit) box.removeEventListener('input', edited, true);
        pill.close();
        resolve(answer);
      }
      timers.push(setTimeout(() => {
        if (known.failMode === 'open') finish({ status: 'failed', reason: 'timeout', fail_mode: 'open' });
        else pill.stillChecking();
      }, known.timeoutMs));
      // Only a worker that died gets here: the held request itself ends at HELD_BUDGET_MS.
      timers.push(setTimeout(() => finish({ status: 'failed', reason: 'timeout' }), HELD_BUDGET_MS + BACKSTOP_MARGIN_MS));
      request.then(finish);
    });
  }

  async function verdictFor(event, text, holdFor, holdKind) {
    if (holdFor) return held(event, text, holdFor, { kind: holdKind, cancelOnEdit: holdKind === 'send' });
    ns.ui.checking(true);
    try {
      return await withBackstop(ns.send({ type: 'scan', event, text }));
    } finally {
      ns.ui.checking(false);
    }
  }

  /**
   * What may go in for `text`: `{use: 'original'}`, `{use: 'masked', masked, count, chosen}` (chosen:
   * the user picked it over a warning) or `{use: 'none'}`; `nerPending` when the host judged it before
   * its NER was ready (the message is checked again on submit). `approved` are [start, end) ranges of
   * `text` the user already let through (a pasted value they sent anyway is not asked about again).
   * `holdFor`: the box a paste (`holdKind` 'paste') or a send ('send') is held for (see `held`);
   * without it the policy's budget applies.
   */
  async function judge(event, text, { fileName = null, approved = [], holdFor = null, holdKind = 'paste' } = {}) {
    const answer = await verdictFor(event, text, holdFor, holdKind);
    if (answer.status === 'cancelled') return { use: 'none', cancelled: true };
    if (answer.status === 'unguarded') {
      known.guarded = false;
      return { use: 'original' };
    }
    if (answer.status !== 'verdict') return failure(answer, text);
    remember(answer);
    const verdict = answer.verdict;
    const outcome = await outcomeOf(verdict, fileName, approved);
    return verdict.ner_pending === true ? { ...outcome, nerPending: true } : outcome;
  }

  async function outcomeOf(verdict, fileName, approved) {
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

  // -- where a held paste goes in ---------------------------------------------------------------------

  /**
   * The saved selection [start, end) of a text field, moved by the user's edits since: `before` is the
   * value when the paste was held, `now` the value at insertion. The edits are seen as one changed
   * region (common prefix and suffix): a region wholly after the selection leaves it (text typed at the
   * very caret ends up after the paste, which came first); a region wholly before it shifts it; a
   * region overlapping it (the user typed over the selected text) puts the paste right after that
   * region, replacing none of it.
   */
  function movedSelection(before, now, start, end) {
    if (before === now) return [start, end];
    const max = Math.min(before.length, now.length);
    let p = 0;
    while (p < max && before[p] === now[p]) p += 1;
    let q = 0;
    while (q < max - p && before[before.length - 1 - q] === now[now.length - 1 - q]) q += 1;
    const oldEnd = before.length - q;
    const newEnd = now.length - q;
    if (end <= p) return [start, end];
    if (start >= oldEnd) return [start + newEnd - oldEnd, end + newEnd - oldEnd];
    return [newEnd, newEnd];
  }

  /**
   * Remembers where a paste was made in `box`, for a verdict that may come late. In a text field the
   * saved selection follows each of the user's edits as it happens (`input` events, each one edit, see
   * movedSelection; a last comparison catches edits without events). In a rich editor the saved Range
   * is live, so the browser moves it with the edits; a range into nodes the editor re-rendered falls
   * back to the end of the box. `place(el)` puts the caret there for the insertion and returns
   * `after()`, which gives the user their own caret back when they edited the box meanwhile (moved
   * past the paste when it was after it), so typing goes on where it was. `release()` stops following.
   */
  function anchor(box, caret) {
    const field = ns.dom.isTextField(box);
    const before = field ? box.value : ns.dom.readText(box);
    const saved = field ? { value: box.value, start: caret?.start ?? box.value.length, end: caret?.end ?? box.value.length } : null;
    const follow = () => {
      const now = box.value;
      [saved.start, saved.end] = movedSelection(saved.value, now, saved.start, saved.end);
      saved.value = now;
    };
    if (field) box.addEventListener('input', follow, true);
    const release = () => {
      if (field) box.removeEventListener('input', follow, true);
    };
    return {
      release,
      place(el) {
        release();
        if (el !== box) {
          ns.dom.restoreCaret(el, caret);
          return () => {};
        }
        const doc = el.ownerDocument;
        const focused = doc.activeElement === el || el.contains(doc.activeElement);
        if (field) {
          follow();
          const now = el.value;
          const user = now !== before && focused ? [el.selectionStart, el.selectionEnd] : null;
          const { start, end } = saved;
          ns.dom.restoreCaret(el, { el, start, end });
          return () => {
            if (!user) return;
            const delta = el.value.length - now.length;
            const length = delta + (end - start);
            const map = (pos) => (pos < start ? pos : pos >= end ? pos + delta : start + length);
            el.setSelectionRange(map(user[0]), map(user[1]));
          };
        }
        const selection = doc.getSelection();
        const edited = ns.dom.readText(el) !== before;
        const user = edited && focused && selection?.rangeCount ? selection.getRangeAt(0).cloneRange() : null;
        ns.dom.restoreCaret(el, caret);
        return () => {
          if (!user || !user.startContainer.isConnected || !el.contains(user.startContainer)) return;
          selection.removeAllRanges();
          selection.addRange(user);
        };
      },
    };
  }

  /** A failure the content script found itself (a file too large to read): the same fail-mode rule. */
  function localFailure(reason) {
    return failure({ status: 'failed', reason, fail_mode: known.failMode });
  }

  /** A file's bytes (base64) read as UTF-8 for the built-in check: text files as they are, a key stored
   * uncompressed in a binary file too; compressed documents say nothing to it (the host reads those). */
  function bytesAsText(data) {
    try {
      const raw = atob(data);
      const bytes = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
      return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    } catch {
      return null;
    }
  }

  /**
   * A file's verdict: its bytes go to the host, which reads them by content (documents, archives,
   * images by OCR). The same outcomes as `judge`; `masked` only for a file the host can rebuild (text).
   */
  async function judgeFile(event, { name, data, size }, timeoutMs) {
    ns.ui.checking(true);
    let timer;
    let answer;
    try {
      const backstop = new Promise((resolve) => {
        timer = setTimeout(() => resolve({ status: 'failed', reason: 'timeout' }), timeoutMs + BACKSTOP_MARGIN_MS);
      });
      answer = await Promise.race([ns.send({ type: 'scan_file', event, name, data, size }), backstop]);
    } finally {
      clearTimeout(timer);
      ns.ui.checking(false);
    }
    if (answer.status === 'unguarded') {
      known.guarded = false;
      return { use: 'original' };
    }
    if (answer.status !== 'verdict') return failure(answer, bytesAsText(data));
    remember(answer);
    return outcomeOf(answer.verdict, name, []);
  }

  ns.guard = {
    refresh,
    guardedNow,
    judge,
    judgeFile,
    anchor,
    movedSelection,
    localFailure,
    get revealPlaceholders() {
      return known.reveal;
    },
    get ready() {
      return known.ready;
    },
  };
})();

/**
 * Everything the guard shows on a page lives in one closed shadow root: the page can neither read
 * nor restyle it, and it takes no space in the page's layout (a fixed layer on the root element).
 * Dialogs are modal, keyboard-first (focus trapped, Esc cancels, focus returns to where it was) and
 * every string comes from _locales through `ns.t`.
 */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns || ns.ui) return;
  const t = ns.t;

  const CSS = `
    :host { all: initial !important; }
    * { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    .backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.4); display: flex; align-items: center;
      justify-content: center; z-index: 2147483647; pointer-events: auto; }
    .dialog { background: #fff; color: #1b1b1f; max-width: min(34rem, 92vw); max-height: 86vh; overflow: auto;
      border-radius: 12px; padding: 20px 22px; box-shadow: 0 12px 40px rgba(0,0,0,.35); font-size: 14px; line-height: 1.45; }
    .dialog h2 { font-size: 17px; margin: 0 0 8px; }
    .dialog p { margin: 6px 0; }
    .findings { margin: 8px 0; padding-left: 18px; }
    .findings ul { padding-left: 16px; margin: 2px 0 6px; }
    .preview { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    .muted { color: #5b5b66; }
    label { display: block; margin-top: 10px; font-weight: 600; }
    textarea { width: 100%; min-height: 70px; margin-top: 4px; font: inherit; padding: 6px; border-radius: 6px;
      border: 1px solid #8a8a95; color: inherit; background: inherit; }
    .actions { display: flex; gap: 8px; justify-content: flex-end; flex-wrap: wrap; margin-top: 14px; }
    button { font: inherit; font-size: 14px; border-radius: 8px; padding: 7px 14px; border: 1px solid #8a8a95;
      background: #f3f3f6; color: #1b1b1f; cursor: pointer; }
    button.primary { background: #1f5fd1; border-color: #1f5fd1; color: #fff; }
    button.danger { background: #fff; border-color: #b3261e; color: #b3261e; }
    button[disabled] { opacity: .5; cursor: not-allowed; }
    button:focus-visible, textarea:focus-visible { outline: 3px solid #7aa7ff; outline-offset: 2px; }
    .toasts { position: fixed; left: 50%; bottom: 24px; transform: translateX(-50%); display: flex; flex-direction: column;
      gap: 8px; z-index: 2147483647; pointer-events: none; max-width: min(36rem, 94vw); }
    .toast { pointer-events: auto; background: #1b1b1f; color: #fff; padding: 10px 12px; border-radius: 10px;
      display: flex; gap: 10px; align-items: center; font-size: 14px; box-shadow: 0 6px 20px rgba(0,0,0,.3); }
    .toast.alert { background: #8c1d18; }
    .toast button { padding: 4px 10px; background: transparent; color: #fff; border-color: rgba(255,255,255,.6); }
    .hold { position: fixed; z-index: 2147483647; pointer-events: auto; display: flex; gap: 6px; align-items: center;
      background: #1b1b1f; color: #fff; border-radius: 999px; padding: 4px 10px; font-size: 12.5px; line-height: 1.3;
      box-shadow: 0 3px 12px rgba(0,0,0,.25); max-width: min(30rem, 92vw); }
    .hold .spin { width: 10px; height: 10px; border-radius: 50%; border: 2px solid rgba(255,255,255,.35);
      border-top-color: #fff; animation: dlpg-spin .8s linear infinite; flex: none; }
    .hold.slow { border-radius: 10px; background: #3b3b42; }
    .hold button { padding: 2px 9px; font-size: 12.5px; background: transparent; color: #fff; border-color: rgba(255,255,255,.6); }
    @keyframes dlpg-spin { to { transform: rotate(360deg); } }
    @media (prefers-reduced-motion: reduce) { .hold .spin { animation: none; } }
    .chips { position: fixed; inset: 0; pointer-events: none; z-index: 2147483646; }
    .chip { position: fixed; background: #fff7cc; color: #1b1b1f; border-radius: 4px; padding: 0 3px;
      box-shadow: 0 0 0 1px #d4b100; white-space: nowrap; font-size: 13px; }
    .reveal { position: fixed; right: 16px; bottom: 16px; pointer-events: auto; z-index: 2147483647;
      background: #1f5fd1; color: #fff; border-color: #1f5fd1; }
    @media (prefers-color-scheme: dark) {
      .dialog { background: #242428; color: #ececf1; }
      .muted { color: #b0b0ba; }
      button { background: #38383f; color: #ececf1; }
      button.danger { background: transparent; color: #ff8a80; border-color: #ff8a80; }
      .chip { background: #4a3f00; color: #fff7cc; }
    }
  `;
  /** Events that must not leave our UI: the page may log keys or steal focus on them. */
  const CONTAINED = ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'paste', 'copy', 'cut', 'click',
    'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'focusin', 'focusout', 'compositionstart', 'compositionend'];
  const FOCUSABLE = 'button:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

  let host = null;
  let root = null;
  let parts = null;

  function mount() {
    const doc = document;
    if (!host) {
      host = doc.createElement('dlpguard-ui');
      root = host.attachShadow({ mode: 'closed' });
      const style = doc.createElement('style');
      style.textContent = CSS;
      parts = {
        dialogs: doc.createElement('div'),
        toasts: doc.createElement('div'),
        chips: doc.createElement('div'),
        holds: doc.createElement('div'),
      };
      parts.toasts.className = 'toasts';
      parts.chips.className = 'chips';
      root.append(style, parts.chips, parts.holds, parts.dialogs, parts.toasts);
      for (const type of CONTAINED) root.addEventListener(type, (e) => e.stopPropagation());
    }
    // Inline !important beats any page stylesheet; the root element keeps us out of the body's layout.
    host.setAttribute('style', 'all: initial !important; position: fixed !important; top: 0 !important; left: 0 !important; width: 0 !important; height: 0 !important; display: block !important; z-index: 2147483647 !important;');
    if (!host.isConnected) doc.documentElement.append(host);
    return parts;
  }

  /** True when an event comes from inside our UI (the page sees our host as its target). */
  function owns(event) {
    return host !== null && (event.target === host || (event.composedPath?.() ?? []).includes(host));
  }

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else node.setAttribute(key, value);
    }
    return appendPresent(node, ...children);
  }

  /** `append` without the parts a view leaves out: DOM `append(null)` would insert the text "null". */
  function appendPresent(node, ...children) {
    node.append(...children.filter((child) => child !== null && child !== undefined && child !== false && child !== ''));
    return node;
  }

  function categoryName(category) {
    const name = t(`category_${category}`);
    return name === `category_${category}` ? t('category_other') : name;
  }

  function entityName(entityType) {
    return String(entityType).toLowerCase().replace(/_/g, ' ');
  }

  function findingsList(groups, total) {
    const list = el('ul', { class: 'findings' });
    let shown = 0;
    for (const group of groups) {
      const items = el('ul');
      for (const item of group.items) {
        shown += 1;
        items.append(el('li', {}, el('span', { text: `${entityName(item.entity_type)}: ` }), el('span', { class: 'preview', text: item.preview })));
      }
      if (group.count > group.items.length) items.append(el('li', { class: 'muted', text: t('overlay_more', group.count - group.items.length) }));
      list.append(el('li', {}, el('strong', { text: categoryName(group.category) }), el('span', { text: ` (${group.count})` }), items));
    }
    if (total > shown && groups.every((g) => g.count === g.items.length)) {
      list.append(el('li', { class: 'muted', text: t('overlay_more', total - shown) }));
    }
    return list;
  }

  /**
   * A modal dialog. `build(dialog, close)` fills it; `close(value)` removes it, gives focus back and
   * resolves the returned promise with `value`; Esc closes with `escapeValue`.
   */
  function modal(labelId, build, escapeValue) {
    const { dialogs } = mount();
    const before = document.activeElement;
    return new Promise((resolve) => {
      const dialog = el('div', { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': labelId, 'aria-describedby': `${labelId}-desc` });
      const backdrop = el('div', { class: 'backdrop' }, dialog);
      const close = (value) => {
        backdrop.remove();
        if (before?.isConnected && typeof before.focus === 'function') before.focus({ preventScroll: true });
        resolve(value);
      };
      dialog.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          close(escapeValue);
        } else if (e.key === 'Tab') {
          const focusable = [...dialog.querySelectorAll(FOCUSABLE)];
          if (!focusable.length) return;
          const at = focusable.indexOf(root.activeElement);
          const next = e.shiftKey ? (at <= 0 ? focusable.length - 1 : at - 1) : (at + 1) % focusable.length;
          e.preventDefault();
          focusable[next].focus();
        }
      });
      const initial = build(dialog, close);
      dialogs.append(backdrop);
      (initial ?? dialog.querySelector(FOCUSABLE))?.focus();
    });
  }

  function introFor(view) {
    if (view.blocked) return view.fileName ? t('overlay_intro_block_file', view.fileName) : t('overlay_intro_block');
    return view.fileName ? t('overlay_intro_warn_file', view.fileName) : t('overlay_intro_warn');
  }

  /**
   * Asks what to do with text the policy warns about (or blocks but lets the user override: `blocked`). Resolves with `{action, justification}`:
   * `cancel`, `send_masked` (only offered when masked text exists) or `send_anyway` (only when the
   * policy allows an override, with a justification when it asks for one).
   */
  function warn(view) {
    return modal('dlpg-warn', (dialog, close) => {
      appendPresent(
        dialog,
        el('h2', { id: 'dlpg-warn', text: t(view.blocked ? 'overlay_title_block' : 'overlay_title_warn') }),
        el('p', { id: 'dlpg-warn-desc', text: introFor(view) }),
        findingsList(view.findings ?? [], view.findingCount),
        view.reason ? el('p', { class: 'muted', text: t('overlay_reason', view.reason) }) : null,
      );
      const actions = el('div', { class: 'actions' });
      const cancel = el('button', { type: 'button', class: 'primary', text: t('button_cancel') });
      cancel.addEventListener('click', () => close({ action: 'cancel', justification: null }));
      actions.append(cancel);
      if (view.canMask) {
        const masked = el('button', { type: 'button', text: t('button_send_masked') });
        masked.addEventListener('click', () => close({ action: 'send_masked', justification: null }));
        actions.append(masked);
      }
      const override = view.override ?? {};
      if (override.allowed) {
        const anyway = el('button', { type: 'button', class: 'danger', text: t('button_send_anyway') });
        const needed = override.justification_required ? Math.max(1, override.min_justification_chars ?? 1) : 0;
        let box = null;
        const enough = () => Array.from((box?.value ?? '').trim()).length >= needed;
        anyway.addEventListener('click', () => {
          if (!needed) return close({ action: 'send_anyway', justification: null });
          if (!box) {
            // First press asks why; the second sends once the reason is long enough.
            box = el('textarea', { id: 'dlpg-why', maxlength: String(ns.shared.FIELD_MAX_LENGTH.justification) });
            const label = el('label', { for: 'dlpg-why', text: t('justification_label', needed) });
            box.addEventListener('input', () => anyway.toggleAttribute('disabled', !enough()));
            dialog.insertBefore(el('div', {}, label, box), actions);
            anyway.textContent = t('button_confirm_send_anyway');
            anyway.toggleAttribute('disabled', true);
            box.focus();
            return undefined;
          }
          if (enough()) return close({ action: 'send_anyway', justification: box.value.trim() });
          return undefined;
        });
        actions.append(anyway);
      }
      dialog.append(actions);
      return cancel;
    }, { action: 'cancel', justification: null });
  }

  /** Explains a block: what was found, why, and what to do instead. */
  function block(view) {
    return modal('dlpg-block', (dialog, close) => {
      const ok = el('button', { type: 'button', class: 'primary', text: t('button_ok') });
      ok.addEventListener('click', () => close(undefined));
      appendPresent(
        dialog,
        el('h2', { id: 'dlpg-block', text: t('overlay_title_block') }),
        el('p', { id: 'dlpg-block-desc', text: view.message ?? (view.fileName ? t('overlay_intro_block_file', view.fileName) : t('overlay_intro_block')) }),
        view.findings?.length ? findingsList(view.findings, view.findingCount) : null,
        view.reason ? el('p', { class: 'muted', text: t('overlay_reason', view.reason) }) : null,
        el('p', { text: view.advice ?? t('block_what_to_do') }),
        el('div', { class: 'actions' }, ok),
      );
      return ok;
    }, undefined);
  }

  /**
   * A short message at the bottom of the page. `alert` for what the user must notice (something was
   * not sent), else a polite status; an optional action (Undo); closes itself after `timeoutMs`.
   */
  function notice(message, { alert = false, actionLabel = null, onAction = null, timeoutMs = 8000 } = {}) {
    const { toasts } = mount();
    const toast = el('div', { class: alert ? 'toast alert' : 'toast', role: alert ? 'alert' : 'status', 'aria-live': alert ? 'assertive' : 'polite' });
    let timer = null;
    const close = () => {
      clearTimeout(timer);
      toast.remove();
    };
    toast.append(el('span', { text: message }));
    if (actionLabel) {
      const action = el('button', { type: 'button', text: actionLabel });
      action.addEventListener('click', () => {
        close();
        onAction?.();
      });
      toast.append(action);
    }
    const dismiss = el('button', { type: 'button', 'aria-label': t('button_dismiss'), text: '\u00d7' });
    dismiss.addEventListener('click', close);
    toast.append(dismiss);
    toasts.append(toast);
    if (timeoutMs) timer = setTimeout(close, timeoutMs);
    return { close };
  }

  let checkingCount = 0;
  let checkingToast = null;
  let checkingTimer = null;

  /** "Checking…" while a verdict is awaited, shown only if the wait is long enough to notice. */
  function checking(on) {
    checkingCount = Math.max(0, checkingCount + (on ? 1 : -1));
    if (checkingCount && !checkingTimer && !checkingToast) {
      checkingTimer = setTimeout(() => {
        checkingTimer = null;
        if (checkingCount) checkingToast = notice(t('notice_checking'), { timeoutMs: 0 });
      }, 400);
    } else if (!checkingCount) {
      clearTimeout(checkingTimer);
      checkingTimer = null;
      checkingToast?.close();
      checkingToast = null;
    }
  }

  /** Shown only when a verdict takes long enough to notice (a warm host answers in tens of ms). */
  const HOLD_SHOW_MS = 150;
  const holds = new Set();

  /** Just above the box's right edge (below it when there is no room above); bottom centre without a box. */
  function placeHold(entry, index) {
    const { node, box } = entry;
    const rect = box?.isConnected ? box.getBoundingClientRect() : null;
    const style = node.style;
    if (!rect || (!rect.width && !rect.height)) {
      style.setProperty('left', '50%');
      style.setProperty('transform', 'translateX(-50%)');
      style.setProperty('bottom', `${72 + index * 34}px`);
      return;
    }
    const height = node.offsetHeight || 26;
    const above = rect.top - 6 - height - index * (height + 4);
    style.setProperty('right', `${Math.max(4, window.innerWidth - rect.right)}px`);
    style.setProperty('top', `${above >= 4 ? above : rect.bottom + 6 + index * (height + 4)}px`);
  }

  function placeHolds() {
    [...holds].filter((e) => e.node.isConnected).forEach(placeHold);
  }

  /**
   * The small, non-blocking "checking…" state by the box while a paste (`kind` 'paste') or a send
   * ('send') is held for its verdict. `stillChecking()` turns it into "still checking" with Cancel
   * (calls `onCancel`) and Wait (back to checking; the paste goes in, or the message is sent, when the
   * verdict comes); `close()` removes it. Keys and clicks on it never reach the page; it takes no focus.
   */
  function holding(box, { kind = 'paste', onCancel = () => {} } = {}) {
    const words = kind === 'send'
      ? { checking: t('notice_holding_send'), still: t('notice_still_checking_send') }
      : { checking: t('notice_holding'), still: t('notice_still_checking') };
    const { holds: layer } = mount();
    const entry = { box, node: el('div', { class: 'hold', role: 'status', 'aria-live': 'polite' }) };
    let closed = false;
    const show = (slow) => {
      if (closed) return;
      entry.node.className = slow ? 'hold slow' : 'hold';
      entry.node.setAttribute('role', slow ? 'alert' : 'status');
      entry.node.setAttribute('aria-live', slow ? 'assertive' : 'polite');
      entry.node.replaceChildren();
      if (!slow) {
        entry.node.append(el('span', { class: 'spin', 'aria-hidden': 'true' }), el('span', { text: words.checking }));
      } else {
        const cancel = el('button', { type: 'button', text: t('button_cancel') });
        const wait = el('button', { type: 'button', text: t('button_wait') });
        cancel.addEventListener('click', () => onCancel());
        wait.addEventListener('click', () => show(false));
        entry.node.append(el('span', { text: words.still }), cancel, wait);
      }
      if (!entry.node.isConnected) {
        holds.add(entry);
        layer.append(entry.node);
        if (holds.size === 1) {
          window.addEventListener('scroll', placeHolds, { capture: true, passive: true });
          window.addEventListener('resize', placeHolds, { passive: true });
        }
      }
      placeHolds();
    };
    const timer = setTimeout(() => show(false), HOLD_SHOW_MS);
    return {
      stillChecking: () => {
        clearTimeout(timer);
        show(true);
      },
      close: () => {
        closed = true;
        clearTimeout(timer);
        entry.node.remove();
        holds.delete(entry);
        if (!holds.size) {
          window.removeEventListener('scroll', placeHolds, { capture: true });
          window.removeEventListener('resize', placeHolds);
        }
        placeHolds();
      },
    };
  }

  /** The layer restore.js draws revealed values on; `el` builds nodes in our document. */
  function chipLayer() {
    return mount().chips;
  }

  ns.ui = { owns, warn, block, notice, checking, holding, chipLayer, el };
})();

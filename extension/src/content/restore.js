/**
 * Placeholders in AI answers (`<PERSON_1>`, written back in any case, with markdown or HTML escapes,
 * arriving in streamed pieces) shown with their original values, on the user's screen only.
 *
 * The page's DOM is never changed: the site could read anything written there. Originals are looked
 * up in the host's pseudonym vault (through the service worker, for this tab's conversation only) and
 * drawn as chips over the placeholders in our closed shadow root, after the user asks to see them.
 */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns || ns.restore) return;
  const t = ns.t;

  // The same forms dlpguard/engine/pseudonyms.py restores: bracketed in any case and escape, or bare
  // (upper case only, and only for labels the host knows, since `PERSON_1` could be an identifier).
  const BRACKETED = /(?:<|\\<|&lt;|&#0*60;|&#x0*3c;)([A-Za-z][A-Za-z0-9]*(?:\\?_[A-Za-z0-9]+)+)(?:>|\\>|&gt;|&#0*62;|&#x0*3e;)/gi;
  const BARE = /(?<![A-Za-z0-9_\\])([A-Z][A-Z0-9]*(?:\\?_[A-Z0-9]+)+)(?![A-Za-z0-9_])/g;
  const LABEL = /^[A-Z][A-Z0-9_]*_[0-9]+$/;
  const SKIP = new Set(['SCRIPT', 'STYLE', 'TEXTAREA', 'NOSCRIPT', 'DLPGUARD-UI']);
  const RESCAN_MS = 250;

  /** `[{start, end, label}]` for every placeholder in `text`, in order, never overlapping. */
  function findPlaceholders(text) {
    const found = [];
    for (const m of text.matchAll(BRACKETED)) {
      const label = m[1].replace(/\\_/g, '_').toUpperCase();
      if (LABEL.test(label)) found.push({ start: m.index, end: m.index + m[0].length, label });
    }
    for (const m of text.matchAll(BARE)) {
      const label = m[1].replace(/\\_/g, '_');
      const start = m.index;
      const end = start + m[0].length;
      if (LABEL.test(label) && !found.some((f) => start < f.end && f.start < end)) found.push({ start, end, label });
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /** label -> {value} once known, null when the host does not know it, a promise while asked. */
  const values = new Map();
  let occurrences = [];
  let revealed = false;
  let control = null;
  let timer = null;
  let frame = null;
  let getAdapter = null;
  let doc = null;
  let stopped = false;

  function lookup(label) {
    if (values.has(label)) return;
    const asked = ns.send({ type: 'restore', text: `<${label}>` }).then((answer) => {
      if (answer.status === 'disabled') stop();
      const known = answer.status === 'restored' && answer.restored === 1 && answer.unknown.length === 0;
      values.set(label, known ? { value: answer.text } : null);
      render();
    });
    values.set(label, asked);
  }

  /** Runs of adjacent text nodes (a streamed answer often splits one word over several). */
  function textRuns(root, out) {
    let run = [];
    const flush = () => {
      if (run.length) out.push(run);
      run = [];
    };
    for (let child = root.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        run.push(child);
        continue;
      }
      flush();
      if (child.nodeType === 1 && !SKIP.has(child.tagName) && !child.isContentEditable && child.getAttribute('contenteditable') === null) {
        textRuns(child, out);
      }
    }
    flush();
    return out;
  }

  /** (node, offset) of a character offset into a run of text nodes. */
  function locate(run, offset) {
    let at = offset;
    for (const node of run) {
      if (at <= node.data.length) return [node, at];
      at -= node.data.length;
    }
    const last = run[run.length - 1];
    return [last, last.data.length];
  }

  function scan() {
    timer = null;
    if (stopped) return;
    const found = [];
    for (const root of getAdapter().answerRoots(doc)) {
      if (!root || !/_[0-9]/.test(root.textContent ?? '')) continue;
      for (const run of textRuns(root, [])) {
        const text = run.map((n) => n.data).join('');
        for (const p of findPlaceholders(text)) {
          const [startNode, startOffset] = locate(run, p.start);
          const [endNode, endOffset] = locate(run, p.end);
          found.push({ label: p.label, startNode, startOffset, endNode, endOffset });
          lookup(p.label);
        }
      }
    }
    occurrences = found;
    render();
  }

  function schedule() {
    if (!timer && !stopped) timer = setTimeout(scan, RESCAN_MS);
  }

  function shown() {
    return occurrences.filter((o) => values.get(o.label)?.value !== undefined);
  }

  function drawChips() {
    frame = null;
    const layer = ns.ui.chipLayer();
    layer.replaceChildren();
    if (!revealed) return;
    for (const o of shown()) {
      if (!o.startNode.isConnected) continue;
      const range = doc.createRange();
      range.setStart(o.startNode, o.startOffset);
      range.setEnd(o.endNode, o.endOffset);
      const rect = range.getClientRects?.()[0];
      const chip = ns.ui.el('span', { class: 'chip', title: t('restore_label', `<${o.label}>`), text: values.get(o.label).value });
      if (rect) chip.setAttribute('style', `left: ${rect.left}px; top: ${rect.top}px; min-width: ${rect.width}px; line-height: ${rect.height}px;`);
      layer.append(chip);
    }
  }

  function redraw() {
    if (revealed && frame === null) frame = (window.requestAnimationFrame ?? ((f) => setTimeout(f, 16)))(drawChips);
  }

  function toggle() {
    revealed = !revealed;
    render();
  }

  function render() {
    const count = shown().length;
    if (!count && !revealed) {
      control?.remove();
      ns.ui.chipLayer().replaceChildren();
      return;
    }
    if (!control) {
      control = ns.ui.el('button', { type: 'button', class: 'reveal' });
      control.addEventListener('click', toggle);
      control.addEventListener('keydown', (e) => {
        if (e.key === 'Escape' && revealed) toggle();
      });
    }
    if (!control.isConnected) ns.ui.chipLayer().parentNode.append(control);
    control.textContent = revealed ? t('restore_hide') : t('restore_show', count);
    control.setAttribute('aria-pressed', String(revealed));
    drawChips();
  }

  function start(document, adapterGetter) {
    if (doc) return;
    doc = document;
    getAdapter = adapterGetter;
    const begin = () => {
      new MutationObserver(schedule).observe(doc.body ?? doc.documentElement, { childList: true, subtree: true, characterData: true });
      window.addEventListener('scroll', redraw, { capture: true, passive: true });
      window.addEventListener('resize', redraw, { passive: true });
      schedule();
    };
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', begin, { once: true });
    else begin();
  }

  function stop() {
    stopped = true;
    revealed = false;
    occurrences = [];
    render();
  }

  /** A new pseudonym was handed out: labels the host did not know may be known now. */
  function forgetUnknown() {
    for (const [label, entry] of values) if (entry === null) values.delete(label);
  }

  ns.restore = { findPlaceholders, start, forgetUnknown };
})();

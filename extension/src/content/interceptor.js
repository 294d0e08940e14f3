/**
 * Last of the content scripts: the capture-phase listeners, added at document_start on window, so
 * they run before any listener the page can add. Paste, drop, file choice and submission (Enter in
 * an editor and its keyup, a line break's `beforeinput`, a send button, a form submit) are stopped
 * first (preventDefault + stopImmediatePropagation) and only replayed, or their text inserted, once a
 * verdict lets them: while no verdict is known nothing has reached the page's handlers.
 *
 * Replays are dispatched synchronously inside `replay()`; listeners let everything through while it
 * runs, so a replayed click that triggers a form submit is not stopped again, and each approval
 * replays the submission exactly once.
 */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns || ns.interceptorInstalled) return;
  ns.interceptorInstalled = true;
  const t = ns.t;
  const win = window;
  const doc = document;

  /** How far above the prompt box the composer (with its send control) may start. */
  const COMPOSER_DEPTH = 4;
  /** A rich editor syncs its model from the DOM after an edit; the site must see the new text. */
  const SETTLE_MS = 30;
  const MAX_RECHECKS = 2;

  let replayDepth = 0;
  /** The box text most recently approved for sending: Enter on it again is let through. */
  let approvedText = null;
  /** Texts the user let in (pasted, dropped) on this page: their values are not asked about again. */
  const approvedFragments = new Set();
  const pendingInserts = new Set();
  const pendingUploads = new Map();
  /**
   * A submission is held (waiting for held pastes, then for its own verdict, however late): it is sent
   * once, so more presses meanwhile are stopped.
   */
  let submitWaiting = false;
  /** The page must not see the keyup of an Enter whose keydown it did not see (held, or an IME's). */
  let keyupHeld = false;
  /** An Enter left to the page as a new line (Shift+Enter): the line break it makes is no send. */
  let newlineKey = false;

  function adapter() {
    return ns.adapterFor(location.href);
  }

  function replay(dispatch) {
    replayDepth += 1;
    try {
      return dispatch();
    } finally {
      replayDepth -= 1;
    }
  }

  function ignored(event) {
    return replayDepth > 0 || ns.ui.owns(event) || ns.guard.guardedNow() === false;
  }

  function stop(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  /** Keeps count of checks in flight; a check that breaks lets nothing in and says so (resolves false). */
  function track(promise) {
    const done = promise
      .catch(() => {
        ns.ui.notice(t('banner_error'), { alert: true });
        return false;
      })
      .finally(() => pendingInserts.delete(done));
    pendingInserts.add(done);
    return done;
  }

  function settle() {
    return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }

  /** Between the text that goes in and a clipboard's other parts, in what the host is asked about. */
  const HIDDEN_PARTS_MARK = '\n\n[other clipboard content]\n';
  /** A `data:` address longer than this (an inline image) is not read: nothing of it reaches the page. */
  const MAX_DATA_URL = 2048;

  /**
   * What an HTML flavour carries beyond its visible text: title, style and script text, template
   * content, comments and every attribute value (alt, href, title, style, data-*, ...). None of it is
   * ever inserted (only text goes in), but a value hidden there is still asked about.
   */
  function hiddenHtmlParts(root) {
    const parts = [];
    const walker = (root.ownerDocument ?? root).createTreeWalker(root, 0x1 | 0x80); // elements and comments
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === 8) {
        parts.push(node.data);
        continue;
      }
      for (const attr of node.attributes) {
        if (!(attr.value.length > MAX_DATA_URL && /^\s*data:/i.test(attr.value))) parts.push(attr.value);
      }
      if (/^(TITLE|STYLE|SCRIPT|NOSCRIPT)$/.test(node.tagName)) parts.push(node.textContent);
      if (node.tagName === 'TEMPLATE') parts.push(node.content.textContent, ...hiddenHtmlParts(node.content));
    }
    return parts;
  }

  /**
   * The text of a paste or drop: `insert` is what may go in (the plain flavour, else the HTML's visible
   * text; formatting is dropped), `scan` what the host judges: `insert`, then every other flavour's
   * text and the HTML's hidden parts, so a value anywhere on the clipboard is found.
   */
  function transferText(data) {
    const plain = data.getData('text/plain');
    const html = data.getData('text/html');
    if (!html) return { insert: plain, scan: plain };
    let visible = '';
    let hidden;
    try {
      const parsed = new DOMParser().parseFromString(html, 'text/html'); // inert: no scripts run
      visible = ns.dom.readText(parsed.body);
      hidden = hiddenHtmlParts(parsed);
    } catch {
      hidden = [html]; // could not be taken apart: the whole source is judged, nothing of it goes in
    }
    const insert = plain || visible;
    const squeeze = (value) => value.replace(/\s+/g, '');
    const inserted = squeeze(insert); // the same text laid out differently is not asked about twice
    const seen = new Set();
    const extras = [];
    for (const part of [visible, ...hidden]) {
      const value = part.trim();
      if (!value || seen.has(value) || inserted.includes(squeeze(value))) continue;
      seen.add(value);
      extras.push(value);
    }
    if (!insert && !extras.length) return { insert: '', scan: '' };
    return { insert, scan: extras.length ? insert + HIDDEN_PARTS_MARK + extras.join('\n') : insert };
  }

  /** The part of an approved (maybe masked) scan text that may go in: what stands before the mark. */
  function insertable(transfer, outcome) {
    if (outcome.use !== 'masked') return transfer.insert;
    if (transfer.scan === transfer.insert) return outcome.masked;
    const at = outcome.masked.indexOf(HIDDEN_PARTS_MARK);
    return at >= 0 ? outcome.masked.slice(0, at) : outcome.masked; // all of it was approved either way
  }

  function approvedRanges(text) {
    const ranges = [];
    for (const fragment of approvedFragments) {
      for (let at = text.indexOf(fragment); fragment && at >= 0; at = text.indexOf(fragment, at + 1)) {
        ranges.push([at, at + fragment.length]);
      }
    }
    return ranges;
  }

  // -- masked insertions: a notice with one-click undo while nothing has been sent --------------------

  function offerUndo(box, inserted, before, count) {
    ns.ui.notice(t('notice_masked', count), {
      actionLabel: t('button_undo'),
      timeoutMs: 12000,
      onAction: () => {
        const current = ns.dom.readText(box);
        const at = current.lastIndexOf(inserted);
        if (at < 0) return; // edited since: nothing of ours left to take back
        ns.dom.replaceAll(box, current.slice(0, at) + before + current.slice(at + inserted.length), adapter());
      },
    });
  }

  // -- text coming in: paste and drop ---------------------------------------------------------------

  function caretFromPoint(target, x, y) {
    if (ns.dom.isTextField(target)) return ns.dom.saveCaret(target);
    const range = doc.caretRangeFromPoint?.(x, y) ?? (() => {
      const position = doc.caretPositionFromPoint?.(x, y);
      if (!position) return null;
      const r = doc.createRange();
      r.setStart(position.offsetNode, position.offset);
      return r;
    })();
    return range && target.contains(range.startContainer) ? { el: target, range } : ns.dom.saveCaret(target);
  }

  /**
   * Above this many characters a rich editor gets the approved text as a paste event of its own: the
   * browser's insertText is quadratic in Chromium (64 KiB took ~13 s in a contenteditable), while the
   * editors (ProseMirror, Lexical, Slate, Quill) insert a pasted text in one step. True when the page
   * took it; a box that ignores it gets insertText. (Text fields splice: adapters/registry.js.)
   */
  const PASTE_LARGE_ABOVE = 16 * 1024;

  function pasteLargeText(box, text) {
    if (text.length <= PASTE_LARGE_ABOVE || ns.dom.isTextField(box)) return false;
    const data = transferOf([], text);
    if (!data || typeof win.ClipboardEvent !== 'function') return false;
    const event = new win.ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true, clipboardData: data });
    return !replay(() => box.dispatchEvent(event));
  }

  /**
   * Held until its verdict comes, however late (guard.js `held`); then the approved text goes in where
   * it was pasted (guard.js `anchor`: the rule when the user typed meanwhile). Resolves true when
   * something went in, false when nothing did.
   */
  function insertChecked(kind, target, caret, transfer) {
    const anchor = ns.guard.anchor(target, caret);
    return track((async () => {
      const outcome = await ns.guard.judge(kind, transfer.scan, { holdFor: target }).finally(anchor.release);
      if (outcome.use === 'none') return false;
      const inserted = insertable(transfer, outcome);
      if (!inserted) return true; // approved, with no text to put in (an HTML clipboard of only an image)
      const box = target.isConnected ? target : adapter().promptBox(doc);
      if (!box) return false;
      const giveBackCaret = anchor.place(box);
      if (!pasteLargeText(box, inserted)) adapter().insertText(box, inserted);
      giveBackCaret();
      if (outcome.use === 'masked') offerUndo(box, inserted, '', outcome.count);
      else if (!outcome.nerPending) approvedFragments.add(inserted); // judged without NER: asked again on send
      return true;
    })());
  }

  /** A file as it may go in: itself, a masked copy, or null (nothing may go in). The host reads it. */
  function judgeFile(file, event) {
    return ns.files.judge(file, event);
  }

  /** Judges every file (and any text) of a paste or drop; null when anything may not go in. */
  async function judgeTransfer(event, files, transfer) {
    const out = [];
    for (const file of files) {
      const judged = await judgeFile(file, event);
      if (!judged) return null;
      out.push(judged);
    }
    let outText = transfer.insert;
    if (transfer.scan) {
      const outcome = await ns.guard.judge(event, transfer.scan);
      if (outcome.use === 'none') return null;
      outText = insertable(transfer, outcome);
    }
    return { files: out, text: outText };
  }

  function transferOf(files, text) {
    if (typeof win.DataTransfer !== 'function') return null;
    const data = new win.DataTransfer();
    if (text) data.setData('text/plain', text);
    for (const file of files) data.items.add(file);
    return data;
  }

  /**
   * Hands an approved paste or drop to the page as a new event carrying only what was approved;
   * true when the page handled it (a synthetic event has no default action of its own).
   */
  function redispatchTransfer(kind, target, files, text, point) {
    const data = transferOf(files, text);
    if (!data) {
      ns.ui.notice(t('banner_cannot_replay'), { alert: true });
      return true;
    }
    const init = { bubbles: true, cancelable: true, composed: true };
    const event = kind === 'paste'
      ? new win.ClipboardEvent('paste', { ...init, clipboardData: data })
      : new win.DragEvent('drop', { ...init, dataTransfer: data, ...point });
    const to = target.isConnected ? target : adapter().promptBox(doc) ?? doc.body;
    return !replay(() => to.dispatchEvent(event));
  }

  /** Files (and any text with them): judged, then handed over as a new event. */
  function passTransfer(kind, target, files, transfer, point) {
    const box = ns.dom.editableRoot(target);
    const caret = box ? ns.dom.saveCaret(box) : null;
    return track((async () => {
      const judged = await judgeTransfer(kind, files, transfer);
      if (!judged) return;
      const handled = redispatchTransfer(kind, target, judged.files, judged.text, point);
      if (!handled && judged.text && box?.isConnected) {
        // A plain text field does nothing with a synthetic paste: the text goes in as the browser would have put it.
        ns.dom.restoreCaret(box, caret);
        adapter().insertText(box, judged.text);
      }
    })());
  }

  function onPaste(event) {
    if (ignored(event) || !event.clipboardData) return;
    const data = event.clipboardData;
    const files = [...(data.files ?? [])];
    const text = transferText(data);
    if (!text.scan && !files.length) return;
    stop(event);
    const box = ns.dom.editableRoot(event.target);
    if (files.length || !box) passTransfer('paste', event.target, files, text, null);
    else insertChecked('paste', box, ns.dom.saveCaret(box), text);
  }

  function onDrop(event) {
    if (ignored(event) || !event.dataTransfer) return;
    const data = event.dataTransfer;
    const files = [...(data.files ?? [])];
    const text = files.length ? { insert: '', scan: '' } : transferText(data);
    if (!text.scan && !files.length) return;
    stop(event);
    const point = { clientX: event.clientX, clientY: event.clientY, screenX: event.screenX, screenY: event.screenY };
    const box = ns.dom.editableRoot(event.target);
    if (files.length || !box) passTransfer('drop', event.target, files, text, point);
    else insertChecked('drop', box, caretFromPoint(box, event.clientX, event.clientY), text);
  }

  // -- files chosen in a file input ---------------------------------------------------------------

  function setFiles(input, files) {
    const data = transferOf(files, '');
    if (!data) return false;
    input.files = data.files;
    return true;
  }

  async function checkUpload(input, files, entry) {
    // Held: while the files are judged the input is empty, so the page cannot read them either.
    const held = typeof win.DataTransfer === 'function';
    if (held) input.value = '';
    const out = [];
    for (const file of files) {
      const judged = await judgeFile(file, 'upload');
      if (!judged) {
        input.value = '';
        return;
      }
      out.push(judged);
    }
    const changed = out.some((file, i) => file !== files[i]);
    if ((held || changed) && !setFiles(input, out)) {
      input.value = '';
      ns.ui.notice(t('banner_cannot_replay'), { alert: true });
      return;
    }
    replay(() => {
      for (const type of entry.types) input.dispatchEvent(new Event(type, { bubbles: true, composed: type === 'input' }));
    });
  }

  /** `input` and `change` of a file input: both held until the files are judged, then replayed in order. */
  function onFileChosen(event) {
    const input = event.target;
    if (input?.tagName !== 'INPUT' || String(input.type).toLowerCase() !== 'file' || ignored(event)) return;
    const pending = pendingUploads.get(input);
    if (pending) {
      stop(event);
      pending.types.push(event.type);
      return;
    }
    const files = [...(input.files ?? [])];
    if (!files.length) return;
    stop(event);
    const entry = { types: [event.type] };
    pendingUploads.set(input, entry);
    track(checkUpload(input, files, entry).finally(() => pendingUploads.delete(input)));
  }

  // -- submission: Enter, the send button, form submit ------------------------------------------------

  /**
   * A send is held like a paste (guard.js `held`): "checking…" by the box, "still checking — Cancel /
   * Wait" past the budget under fail closed, and a verdict however late acts as one in time. Cancel,
   * or the user editing the box meanwhile, leaves the text in the box unsent.
   */
  async function checkSubmit(box, text, resubmit, rechecks = 0) {
    const outcome = await ns.guard.judge('submit', text, { approved: approvedRanges(text), holdFor: box, holdKind: 'send' });
    if (outcome.use === 'none') return;
    if (outcome.use === 'masked') {
      ns.dom.replaceAll(box, outcome.masked, adapter());
      approvedText = ns.dom.readText(box);
      if (!outcome.chosen) {
        // The policy masked it: the user sees the masked message and sends it themselves.
        offerUndo(box, approvedText, text, outcome.count);
        return;
      }
      await settle();
      if (ns.dom.readText(box) === approvedText) resubmit();
      return;
    }
    const now = ns.dom.readText(box);
    if (now !== text) {
      // Typed into while we checked: check what is there now.
      if (rechecks < MAX_RECHECKS) await checkSubmit(box, now, resubmit, rechecks + 1);
      else ns.ui.notice(t('banner_changed'), { alert: true });
      return;
    }
    approvedText = text;
    resubmit();
  }

  /**
   * Stops a submission whose text has not been approved and checks it; lets it through otherwise.
   * True when it was stopped.
   */
  function gateSubmit(event, box, resubmit) {
    const text = ns.dom.readText(box);
    if (!pendingInserts.size && !submitWaiting && (!text.trim() || text === approvedText)) return false;
    stop(event);
    if (submitWaiting) return true; // already held (for pastes or its verdict), and will send once
    // A paste still being judged belongs to this message: wait for it, then check what is there. A
    // paste that did not go in (cancelled, blocked, no verdict) stops the send: the user looks first.
    const inserts = [...pendingInserts];
    submitWaiting = true;
    Promise.allSettled(inserts)
      .then((results) => {
        if (results.some((r) => r.status === 'fulfilled' && r.value === false)) return undefined;
        const now = ns.dom.readText(box);
        if (!now.trim() || now === approvedText) return resubmit();
        return checkSubmit(box, now, resubmit);
      })
      .catch(() => {})
      .finally(() => {
        submitWaiting = false;
      });
    return true;
  }

  /** The editor an Enter belongs to: any textarea or rich editor (editing an old message sends too). */
  function submitBoxFor(target) {
    const box = ns.dom.editableRoot(target);
    if (!box) return null;
    return box.tagName !== 'INPUT' || box === adapter().promptBox(doc) ? box : null;
  }

  /**
   * The browser's default for Enter in an editor, as the page would see it: a `beforeinput` a rich
   * editor may take over (and send on), else the new line itself.
   */
  function replayLineBreak(target, box, inputType) {
    const before = new InputEvent('beforeinput', { inputType, bubbles: true, cancelable: true, composed: true });
    if (!replay(() => target.dispatchEvent(before))) return;
    replay(() => adapter().insertText(box, '\n'));
  }

  /**
   * An approved Enter, in the order a browser fires it: keydown, keypress (plain Enter only), the
   * default (`beforeinput`, then the new line) when the page took none of them, and the keyup, so a
   * site that sends on any of these sends.
   */
  function replayEnter(original, box) {
    const target = original.target.isConnected ? original.target : box;
    const init = {
      key: 'Enter', code: original.code || 'Enter', keyCode: 13, which: 13, charCode: 0,
      ctrlKey: original.ctrlKey, metaKey: original.metaKey, altKey: original.altKey, shiftKey: original.shiftKey,
      bubbles: true, cancelable: true, composed: true,
    };
    const pageTook = (event) => !replay(() => target.dispatchEvent(event));
    const chord = original.ctrlKey || original.metaKey || original.altKey;
    try {
      if (pageTook(new KeyboardEvent('keydown', init))) return;
      if (!chord && pageTook(new KeyboardEvent('keypress', { ...init, charCode: 13 }))) return;
      // The page left Enter alone: it wanted the browser's default, which a synthetic event lacks
      // (a new line; Cmd+Enter has none).
      if (box.tagName === 'INPUT') replay(() => box.form?.requestSubmit());
      else if (!original.metaKey) {
        replayLineBreak(target, box, original.shiftKey || ns.dom.isTextField(box) ? 'insertLineBreak' : 'insertParagraph');
      }
    } finally {
      replay(() => target.dispatchEvent(new KeyboardEvent('keyup', init)));
    }
  }

  function isEnterKey(event) {
    return event.key === 'Enter' || event.code === 'Enter' || event.code === 'NumpadEnter';
  }

  /**
   * The Enter an input method (Japanese, Chinese, Korean...) takes to confirm its candidate: keydown
   * while composing, or with keyCode 229 / key 'Process' (the IME handled the key; Safari-like
   * engines send it just after compositionend with isComposing false). It is no submission.
   */
  function isImeEnter(event) {
    return isEnterKey(event) && (event.isComposing || event.keyCode === 229 || event.key === 'Process');
  }

  /** Shift+Enter alone makes a new line, unless the site's adapter lists it in `sendKeys`. */
  function isNewlineKey(event) {
    const onlyShift = event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey;
    return onlyShift && !(adapter().sendKeys ?? []).includes('Shift+Enter');
  }

  /**
   * Enter with or without Ctrl, Cmd or Alt is held as a submission (sites send on any of them), and so
   * is its keyup (a site may send on keyup). Shift alone makes a new line and is left to the page (a
   * site sending on it still goes through its send button, form or `beforeinput`, all held), unless
   * the adapter says the site sends on it. An IME's confirming Enter keeps its default (the candidate
   * is confirmed) but it and its keyup are hidden from the page's listeners, so a site that would send
   * on them cannot: the user's next Enter is an ordinary one, and held.
   */
  function onKeydown(event) {
    if (!isEnterKey(event) || ignored(event)) return;
    keyupHeld = false;
    newlineKey = false;
    const box = submitBoxFor(event.target);
    if (!box) return;
    if (isImeEnter(event)) {
      event.stopImmediatePropagation();
      keyupHeld = true;
      return;
    }
    if (event.key !== 'Enter') return;
    if (isNewlineKey(event)) {
      newlineKey = true;
      return;
    }
    keyupHeld = gateSubmit(event, box, () => replayEnter(event, box));
  }

  function onKeyup(event) {
    if (!isEnterKey(event) || replayDepth > 0) return;
    newlineKey = false;
    if (!keyupHeld) return;
    keyupHeld = false;
    event.stopImmediatePropagation(); // the replay (or nothing, for an IME's Enter) stands in for it
  }

  /**
   * A new line asked for without an Enter keydown we judged (a virtual keyboard's keyCode 229 Enter,
   * dictation, an editor's own key handling): rich editors send from this `beforeinput`, so it is held
   * as a submission. The line break of a Shift+Enter left to the page as a new line is let through.
   */
  function onBeforeInput(event) {
    if ((event.inputType !== 'insertParagraph' && event.inputType !== 'insertLineBreak') || ignored(event)) return;
    const fromNewlineKey = newlineKey;
    newlineKey = false;
    if (fromNewlineKey) return;
    const box = submitBoxFor(event.target);
    if (!box) return;
    const target = event.target;
    gateSubmit(event, box, () => replayLineBreak(target.isConnected ? target : box, box, event.inputType));
  }

  /** The ancestor `depth` levels up, stopping below <body>: never the whole page. */
  function ancestor(el, depth) {
    let node = el;
    for (let i = 0; i < depth && node.parentElement && node.parentElement !== doc.body; i += 1) node = node.parentElement;
    return node;
  }

  /** The site's send button, or any button in the composer around the prompt box. */
  function isSendControl(control, box) {
    const send = adapter().sendButton(doc);
    if (send && (send === control || send.contains(control) || control.contains(send))) return true;
    const composer = box.closest('form') ?? ancestor(box, COMPOSER_DEPTH);
    return composer.contains(control) && !box.contains(control);
  }

  function onClick(event) {
    if (event.button !== 0 || ignored(event)) return;
    const control = event.target?.closest?.('button, [role="button"], input[type="submit"]');
    if (!control) return;
    const box = adapter().promptBox(doc);
    if (!box || !isSendControl(control, box)) return;
    gateSubmit(event, box, () => {
      const target = event.target.isConnected ? event.target : control;
      const init = { bubbles: true, cancelable: true, composed: true, view: win, button: 0, detail: 1, clientX: event.clientX, clientY: event.clientY };
      replay(() => target.dispatchEvent(new MouseEvent('click', init)));
    });
  }

  function onSubmit(event) {
    if (ignored(event)) return;
    const form = event.target;
    const box = adapter().promptBox(doc);
    const inForm = box && form.contains(box)
      ? box
      : [...form.querySelectorAll('textarea, [contenteditable]')].map(ns.dom.editableRoot).find(Boolean);
    if (!inForm) return;
    const submitter = event.submitter ?? null;
    gateSubmit(event, inForm, () => replay(() => (submitter ? form.requestSubmit(submitter) : form.requestSubmit())));
  }

  function onInputEvent(event) {
    if (event.target?.tagName === 'INPUT' && String(event.target.type).toLowerCase() === 'file') onFileChosen(event);
  }

  const options = { capture: true };
  win.addEventListener('paste', onPaste, options);
  win.addEventListener('drop', onDrop, options);
  win.addEventListener('keydown', onKeydown, options);
  win.addEventListener('keyup', onKeyup, options);
  win.addEventListener('beforeinput', onBeforeInput, options);
  win.addEventListener('click', onClick, options);
  win.addEventListener('submit', onSubmit, options);
  win.addEventListener('input', onInputEvent, options);
  win.addEventListener('change', onFileChosen, options);

  ns.guard.refresh().then(() => {
    if (ns.guard.guardedNow() !== false && ns.guard.revealPlaceholders) ns.restore?.start(doc, adapter);
    // One count per page load of a guarded site, top frame only (the shadow-AI picture for admins).
    if (ns.guard.guardedNow() === true && win === win.top) ns.send({ type: 'visit' });
  });
})();

/**
 * Site adapters: one small object per chat site that knows where its prompt box, send button, file
 * inputs and answers are. Each adapter file registers itself here; the manifest's list of content
 * scripts is the list of adapters. Selectors drift as sites change, so every adapter falls back to
 * the generic heuristics (the focused editor, a send-like button near it) rather than to nothing.
 *
 * An adapter: {id, matches(url), promptBox(doc), sendButton(doc), fileInputs(doc), answerRoots(doc),
 * insertText(el, text), sendKeys}. `hosts` match with their subdomains (`chatgpt.com` names `www.chatgpt.com`).
 * `sendKeys` lists the Enter chords a site sends on beyond Enter, Ctrl/Cmd/Alt+Enter (held everywhere):
 * `['Shift+Enter']` for a site that sends on Shift+Enter, which is otherwise left to it as a new line.
 * A catalogue site (dlpguard/policy/catalogue.yaml) with no adapter of its own, an admin's site, and any
 * frame whose address is not the site's (about:blank, srcdoc) get the generic adapter.
 * `sendApis` lists the site's own chat-send requests, for the main-world tripwire (netguard.js, judged
 * by netcheck.js): `{path, text}`, `path` a URL path pattern (`*` one segment, `**` any), `text` where
 * the user's message sits in the body ('a/*\/b': `*` any key or index; a string holding JSON is stepped
 * into); with no `text`, or none found there, every string in the body is checked. The one table both
 * worlds use (the isolated world hands the paths to netguard.js).
 */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns || ns.adapters) return;

  const GENERIC_PROMPT = [
    'textarea:not([readonly]):not([disabled])',
    '[contenteditable="true"][role="textbox"]',
    '.ProseMirror[contenteditable="true"]',
    '[data-lexical-editor="true"]',
    '.ql-editor[contenteditable="true"]',
    '[contenteditable="true"]',
    '[contenteditable="plaintext-only"]',
  ];
  const SEND_HINTS = [
    'button[type="submit"]',
    'button[data-testid*="send" i]',
    'button[aria-label*="send" i]',
    'button[title*="send" i]',
    '[role="button"][aria-label*="send" i]',
    'button[aria-label*="submit" i]',
    'button[data-testid*="submit" i]',
    'button[aria-label*="senden" i]',
    'button[aria-label*="envoyer" i]',
    'button[aria-label*="enviar" i]',
  ].join(', ');

  function shown(el) {
    if (!el?.isConnected || el.closest('[hidden], [inert], [aria-hidden="true"]')) return false;
    const style = el.ownerDocument.defaultView.getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden';
  }

  function firstShown(doc, selectors) {
    for (const selector of selectors) {
      for (const el of doc.querySelectorAll(selector)) if (shown(el)) return el;
    }
    return null;
  }

  /** The editor the user is in, else the first visible one that looks like a prompt box. */
  function genericPromptBox(doc) {
    const active = ns.dom.editableRoot(doc.activeElement);
    if (active && active.tagName !== 'INPUT') return active;
    const found = firstShown(doc, GENERIC_PROMPT);
    return found ? ns.dom.editableRoot(found) ?? found : null;
  }

  /** A send-like button in the box's form, or in the nearest ancestors of the box. */
  function sendButtonNear(box) {
    if (!box) return null;
    const form = box.closest('form');
    if (form) {
      const inForm = [...form.querySelectorAll(SEND_HINTS)].find(shown);
      if (inForm) return inForm;
    }
    let node = box.parentElement;
    for (let depth = 0; node && depth < 8; depth += 1, node = node.parentElement) {
      const near = [...node.querySelectorAll(SEND_HINTS)].find(shown);
      if (near) return near;
    }
    return null;
  }

  /**
   * Above this many characters a text field takes the text in one splice: the browser's own insertText
   * (execCommand) is quadratic in Chromium (256 KiB took 42 s in a textarea), so a large approved paste
   * would hang the tab. The splice has no undo step; the page gets its `input` event as usual.
   */
  const SPLICE_ABOVE = 16 * 1024;

  function insertIntoBox(el, text) {
    if (text.length <= SPLICE_ABOVE || !ns.dom.isTextField(el) || typeof el.setRangeText !== 'function') {
      ns.dom.insertText(el, text);
      return;
    }
    el.setRangeText(text, el.selectionStart ?? el.value.length, el.selectionEnd ?? el.value.length, 'end');
    el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
  }

  function hostMatcher(hosts, paths) {
    return (url) => {
      let u;
      try {
        u = new URL(url);
      } catch {
        return false;
      }
      // Label by label, as the policy matches sites: `chatgpt.com` also names `www.chatgpt.com`.
      const host = u.hostname.replace(/\.$/, '');
      if (!hosts.some((h) => host === h || host.endsWith(`.${h}`))) return false;
      return !paths || paths.some((p) => u.pathname === p || u.pathname.startsWith(p + '/'));
    };
  }

  /**
   * An adapter from selectors (most specific first); anything missing falls back to the generic
   * heuristics. `overrides` may replace any method (a site whose editor needs its own insertion).
   */
  function makeAdapter({ id, hosts, paths = null, prompt = [], send = [], answers = [], sendApis = [], ...overrides }) {
    const adapter = {
      id,
      matches: hostMatcher(hosts, paths),
      sendKeys: [],
      sendApis: Object.freeze(sendApis.map((api) => Object.freeze({ path: api.path, text: Object.freeze([...(api.text ?? [])]) }))),
      promptBox(doc) {
        const el = firstShown(doc, prompt);
        return el ? ns.dom.editableRoot(el) ?? el : genericPromptBox(doc);
      },
      sendButton(doc) {
        return firstShown(doc, send) ?? sendButtonNear(this.promptBox(doc));
      },
      fileInputs(doc) {
        return [...doc.querySelectorAll('input[type="file"]')];
      },
      answerRoots(doc) {
        const found = answers.flatMap((selector) => [...doc.querySelectorAll(selector)]);
        return found.length ? found : [doc.body ?? doc.documentElement];
      },
      insertText(el, text) {
        insertIntoBox(el, text);
      },
    };
    return Object.assign(adapter, overrides);
  }

  const registered = [];

  function registerAdapter(adapter) {
    registered.push(adapter);
  }

  /** The adapter for a page: the first registered one that matches, else the generic one. */
  function adapterFor(url) {
    return registered.find((a) => a.matches(url)) ?? ns.genericAdapter;
  }

  ns.adapters = registered;
  ns.makeAdapter = makeAdapter;
  ns.registerAdapter = registerAdapter;
  ns.adapterFor = adapterFor;
})();

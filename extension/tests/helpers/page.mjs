/**
 * A guarded page in jsdom with the real content scripts (the manifest's list, in its order) talking to
 * the real background (service.js over a fake browser API) and a FakeNativeHost at the far end.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { startBackground } from '../../src/background/service.js';
import { FakeNativeHost, verdictReply } from './fake_host.mjs';
import { fakeBrowser, senders } from './fake_browser.mjs';
import { messages } from './i18n.mjs';
import { manifest, protocolSchema, SRC } from './paths.mjs';

/** Polls `predicate` (sync or async) until it is truthy; fails after `tries` turns of the event loop. */
export async function waitFor(predicate, { tries = 400, what = 'condition' } = {}) {
  for (let i = 0; i < tries; i += 1) {
    const value = await predicate();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function deferred() {
  let resolve;
  const promise = new Promise((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

// What jsdom lacks and browsers have: DataTransfer, ClipboardEvent, DragEvent (defined in the page's realm).
const BROWSER_SHIMS = `
  class DataTransfer {
    #data = new Map();
    #files = [];
    constructor() {
      const files = this.#files;
      this.items = { add: (file) => { files.push(file); }, get length() { return files.length; } };
    }
    setData(type, value) { this.#data.set(type, String(value)); }
    getData(type) { return this.#data.get(type) ?? ''; }
    get types() { return [...this.#data.keys(), ...(this.#files.length ? ['Files'] : [])]; }
    get files() { return [...this.#files]; }
  }
  class ClipboardEvent extends Event {
    constructor(type, init = {}) { super(type, init); Object.defineProperty(this, 'clipboardData', { value: init.clipboardData ?? null }); }
  }
  class DragEvent extends MouseEvent {
    constructor(type, init = {}) { super(type, init); Object.defineProperty(this, 'dataTransfer', { value: init.dataTransfer ?? null }); }
  }
  window.DataTransfer = DataTransfer;
  window.ClipboardEvent = ClipboardEvent;
  window.DragEvent = DragEvent;
`;

export async function openPage({ url = 'https://chatgpt.com/', body = '<textarea id="prompt-textarea"></textarea>', host = new FakeNativeHost(), managed = {}, tabId = 7, lang = 'en' } = {}) {
  const browser = fakeBrowser({ host, managed });
  const background = startBackground(browser.api, { loadSchema: () => protocolSchema() });
  await background.started;
  await waitFor(async () => (await background.describe()).policy, { what: 'the hello reply' });

  const dom = new JSDOM(`<!doctype html><html><head></head><body>${body}</body></html>`, {
    url,
    runScripts: 'outside-only',
    pretendToBeVisual: true,
  });
  const win = dom.window;
  win.eval(BROWSER_SHIMS);
  // Our overlay's shadow root is closed: the page cannot reach it, and neither can a test, except by
  // watching attachShadow from outside, as here.
  const shadowRoots = [];
  const attachShadow = win.Element.prototype.attachShadow;
  win.Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    shadowRoots.push(root);
    return root;
  };
  const sender = () => senders.content(win.location.href, tabId);
  win.chrome = {
    runtime: {
      sendMessage: (message) => browser.send(message, sender()).then((answer) => (answer === undefined ? answer : win.JSON.parse(JSON.stringify(answer)))),
    },
    i18n: { getMessage: messages(lang) },
  };
  for (const file of manifest('chromium').content_scripts[0].js) {
    win.eval(readFileSync(join(SRC, file), 'utf8'));
  }
  await win.DLPG.guard.ready;

  const doc = win.document;
  const page = {
    win,
    doc,
    host,
    browser,
    background,
    $: (selector) => doc.querySelector(selector),
    /** Our UI's shadow root (closed to the page). */
    ui: () => shadowRoots[0] ?? null,
    uiText: () => shadowRoots[0]?.textContent ?? '',
    dialog: () => shadowRoots[0]?.querySelector('[role="dialog"]') ?? null,
    button: (label) => [...(shadowRoots[0]?.querySelectorAll('button') ?? [])].find((b) => b.textContent === label) ?? null,
    toasts: () => [...(shadowRoots[0]?.querySelectorAll('.toast') ?? [])].map((t) => t.textContent),
    transfer({ text = '', html = '', files = [] } = {}) {
      const data = new win.DataTransfer();
      if (text) data.setData('text/plain', text);
      if (html) data.setData('text/html', html);
      for (const file of files) data.items.add(file);
      return data;
    },
    file(content, name, type = '') {
      return new win.File([content], name, { type });
    },
    /** A user's paste on `target`; returns the event (defaultPrevented tells whether we held it). */
    paste(target, content) {
      const event = new win.ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true, clipboardData: page.transfer(content) });
      target.dispatchEvent(event);
      return event;
    },
    drop(target, content) {
      const event = new win.DragEvent('drop', { bubbles: true, cancelable: true, composed: true, dataTransfer: page.transfer(content), clientX: 10, clientY: 10 });
      target.dispatchEvent(event);
      return event;
    },
    key(target, key = 'Enter', init = {}) {
      const event = new win.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true, ...init });
      target.dispatchEvent(event);
      return event;
    },
    click(target) {
      const event = new win.MouseEvent('click', { bubbles: true, cancelable: true, composed: true, button: 0 });
      target.dispatchEvent(event);
      return event;
    },
    /** The user picks files in a file input: the browser sets `files`, then fires input and change. */
    choose(input, files) {
      Object.defineProperty(input, 'files', { value: files, writable: true, configurable: true });
      const events = ['input', 'change'].map((type) => new win.Event(type, { bubbles: true }));
      for (const event of events) input.dispatchEvent(event);
      return events;
    },
    close() {
      win.close();
    },
  };
  return page;
}

/** A host whose scans wait for the test: `release(i, fields)` answers the i-th scan. */
export function gatedHost(policy = {}) {
  const gates = [];
  const host = new FakeNativeHost({
    policy,
    onScan: (r) => {
      const gate = deferred();
      gates.push(gate);
      return gate.promise.then((fields) => verdictReply(r, typeof fields === 'function' ? fields(r) : fields ?? {}));
    },
  });
  host.release = (i, fields) => gates[i].resolve(fields);
  host.releaseAll = () => gates.forEach((g) => g.resolve({}));
  return host;
}

/** The "checking…" label a held paste or send shows, when it shows. */
export const holdPill = (page) => page.ui()?.querySelector('.hold') ?? null;

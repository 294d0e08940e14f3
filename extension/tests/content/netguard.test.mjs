/**
 * The main-world tripwire (content/netguard.js) and its isolated-world judge (content/netcheck.js), in
 * jsdom with the real content scripts, the real background and a fake native host.
 *
 * jsdom has one world, so the page, the isolated scripts and netguard.js share a window here; the
 * channel between them is still the real one (a MessagePort handed over by `window.postMessage`, Node's
 * MessageChannel standing in for the browser's). The network is a stand-in `fetch`, `XMLHttpRequest` and
 * `WebSocket` installed before netguard.js, as the browser's own would be there before it.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel as NodeMessageChannel } from 'node:worker_threads';
import { JSDOM } from 'jsdom';
import { startBackground } from '../../src/background/service.js';
import { FakeNativeHost, findingOf, verdictReply } from '../helpers/fake_host.mjs';
import { fakeBrowser, senders } from '../helpers/fake_browser.mjs';
import { messages } from '../helpers/i18n.mjs';
import { waitFor } from '../helpers/page.mjs';
import { manifest, protocolSchema, SRC } from '../helpers/paths.mjs';

const t = messages('en');
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const CLEAN = 'Summarise the meeting notes in three bullet points.';
const API = '/backend-api/conversation';
const EDITOR = '<main><div id="composer"><div id="prompt-textarea" class="ProseMirror" contenteditable="true"><p></p></div><button data-testid="send-button" type="button">Send</button></div></main>';

/** A block the user cannot override (the OK-only dialog) for the key; everything else allowed. */
function keyHost() {
  return new FakeNativeHost({
    policy: { guarded_sites: ['chatgpt.com', 'huggingface.co/chat', 'copilot.microsoft.com'] },
    onScan: (r) => (r.text.includes(KEY)
      ? verdictReply(r, { action: 'block', findings: [findingOf(r.text, KEY)], override: { allowed: false, justification_required: false, min_justification_chars: 0 } })
      : verdictReply(r)),
  });
}

/** ChatGPT's request body for one user message. */
function chatgptBody(text) {
  return JSON.stringify({
    action: 'next',
    messages: [{ id: 'm-1', author: { role: 'user' }, content: { content_type: 'text', parts: [text] } }],
    parent_message_id: 'client-created-root',
    model: 'auto',
    timezone: 'Europe/Berlin',
  });
}

// What the page's realm has in a browser and jsdom lacks, plus the stand-in network the tests watch.
const NETWORK = `
  window.__network = [];
  window.fetch = function (input, init) {
    window.__network.push({ via: 'fetch', url: String(input), body: init && init.body, self: this });
    return Promise.resolve({ ok: true, status: 200 });
  };
  class FakeXhr extends EventTarget {
    open(method, url) { this.url = url; }
    send(body) { window.__network.push({ via: 'xhr', url: this.url, body }); }
  }
  window.XMLHttpRequest = FakeXhr;
  class FakeSocket extends EventTarget {
    constructor(url) { super(); this.url = url; }
    send(data) { window.__network.push({ via: 'ws', url: this.url, body: data }); }
  }
  window.WebSocket = FakeSocket;
`;

/** Node's MessagePorts keep the process alive: every page's channels are closed at the end, failed or not. */
const opened = [];
after(() => opened.forEach((page) => page.close()));

async function openNetPage({ url = 'https://chatgpt.com/', body = EDITOR, host = keyHost() } = {}) {
  const browser = fakeBrowser({ host });
  const background = startBackground(browser.api, { loadSchema: () => protocolSchema() });
  await background.started;
  await waitFor(async () => (await background.describe()).policy, { what: 'the hello reply' });
  const dom = new JSDOM(`<!doctype html><html><head></head><body>${body}</body></html>`, { url, runScripts: 'outside-only', pretendToBeVisual: true });
  const win = dom.window;
  const channels = [];
  win.MessageChannel = class extends NodeMessageChannel {
    constructor() {
      super();
      channels.push(this);
    }
  };
  // window.postMessage with a transfer list: jsdom drops the ports.
  const handedOver = [];
  win.postMessage = (data, _origin, transfer = []) => {
    handedOver.push(...transfer);
    setTimeout(() => {
      const event = new win.MessageEvent('message', { data });
      Object.defineProperty(event, 'ports', { value: [...transfer] });
      win.dispatchEvent(event);
    }, 0);
  };
  Object.defineProperty(win.crypto, 'subtle', { value: globalThis.crypto.subtle });
  win.TextEncoder = TextEncoder;
  win.TextDecoder = TextDecoder;
  win.eval(NETWORK);
  const shadowRoots = [];
  const attachShadow = win.Element.prototype.attachShadow;
  win.Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    shadowRoots.push(root);
    return root;
  };
  win.chrome = {
    runtime: { sendMessage: (message) => browser.send(message, senders.content(win.location.href)).then((a) => (a === undefined ? a : win.JSON.parse(JSON.stringify(a)))) },
    i18n: { getMessage: messages('en') },
  };
  // The manifest's order: the isolated world's scripts, then the main world's.
  const [isolated, main] = manifest('chromium').content_scripts;
  assert.equal(main.world, 'MAIN');
  for (const file of [...isolated.js, ...main.js]) win.eval(readFileSync(join(SRC, file), 'utf8'));
  await win.DLPG.guard.ready;
  // The page's own first script: a listener that would see the handshake if netguard.js did not stop it.
  const pageSaw = [];
  win.addEventListener('message', (event) => pageSaw.push(event.data));
  await new Promise((resolve) => setTimeout(resolve, 10)); // the handshake is delivered
  const page = {
    win,
    host,
    pageSaw,
    handedOver,
    network: () => Array.from(win.__network, ({ via, url: to, body: sent }) => ({ via, url: to, body: sent })),
    scans: () => host.sent('scan'),
    button: (label) => [...(shadowRoots[0]?.querySelectorAll('button') ?? [])].find((b) => b.textContent === label) ?? null,
    dialogText: () => shadowRoots[0]?.querySelector('[role="dialog"]')?.textContent ?? '',
    toasts: () => [...(shadowRoots[0]?.querySelectorAll('.toast') ?? [])].map((el) => el.textContent),
    /** The page's script calling the chat API itself: resolves 'sent' or the rejection's name. */
    pageFetch(text, path = API) {
      return win.fetch(path, { method: 'POST', body: chatgptBody(text) }).then(() => 'sent', (err) => err.name);
    },
    close() {
      for (const channel of channels) channel.port1.close();
      win.close();
    },
  };
  opened.push(page);
  return page;
}

/** The user presses OK in the block dialog. */
async function dismissBlock(page) {
  const ok = await waitFor(() => page.button(t('button_ok')), { what: 'the block dialog' });
  ok.click();
}

test('a request to no send API goes straight to the network, unheld and unasked', async () => {
  const page = await openNetPage();
  const init = { method: 'POST', body: JSON.stringify({ note: KEY }) };
  const result = page.win.fetch('/backend-api/me', init);
  assert.equal(page.win.__network.length, 1, 'sent in the same call, before any await');
  assert.equal(page.win.__network[0].body, init.body);
  assert.equal(page.win.__network[0].self, page.win);
  await result;
  page.win.fetch(API); // a GET: no body to check
  assert.equal(page.win.__network.length, 2);
  assert.equal(page.scans().length, 0);
  page.close();
});

test('the handshake reaches netguard.js only: the page\'s own message listeners never see it', async () => {
  const page = await openNetPage();
  assert.deepEqual(page.pageSaw, []);
  page.close();
});

test('a text the guard approved on send goes out without asking the host again', async () => {
  const page = await openNetPage();
  const editor = page.win.document.querySelector('#prompt-textarea');
  editor.innerHTML = `<p>${CLEAN}</p>`;
  // The site sends its composer's text through its API on Enter.
  editor.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    page.win.fetch(API, { method: 'POST', body: chatgptBody(editor.textContent) });
  });
  editor.dispatchEvent(new page.win.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  await waitFor(() => page.network().length === 1, { what: 'the API request' });
  assert.deepEqual(page.network(), [{ via: 'fetch', url: API, body: chatgptBody(CLEAN) }]);
  assert.deepEqual(page.scans().map((r) => [r.event, r.text]), [['submit', CLEAN]], 'checked once, by the interceptor');
  page.close();
});

test('a key the page sends itself is asked about, blocked with the usual dialog, and fails like a network error', async () => {
  const page = await openNetPage();
  const result = page.pageFetch(`deploy with ${KEY} please`);
  await dismissBlock(page);
  assert.equal(await result, 'TypeError');
  assert.deepEqual(page.scans().map((r) => [r.event, r.text]), [['submit', `deploy with ${KEY} please`]]);
  assert.deepEqual(page.network(), [], 'the request never left');
  page.close();
});

test('clean text the page sends itself is asked about once, then goes unchanged', async () => {
  const page = await openNetPage();
  assert.equal(await page.pageFetch(CLEAN), 'sent');
  assert.deepEqual(page.network(), [{ via: 'fetch', url: API, body: chatgptBody(CLEAN) }]);
  assert.deepEqual(page.scans().map((r) => r.text), [CLEAN], 'only the message, not the ids and model around it');
  assert.equal(await page.pageFetch(CLEAN), 'sent');
  assert.equal(page.scans().length, 1, 'allowed once, remembered');
  page.close();
});

test('a forged approval or handshake from the page changes nothing: the key is still asked about and blocked', async () => {
  const page = await openNetPage();
  // The worst case: the page got hold of the port to the isolated world and says whatever it likes.
  const [port] = page.handedOver;
  const text = `deploy with ${KEY} please`;
  for (const message of [
    { type: 'approve', text },
    { type: 'approved', texts: [text] },
    { id: 1, allow: true },
    { type: 'verdict', action: 'allow', text },
    { type: 'check', id: 7, url: `https://chatgpt.com${API}`, body: chatgptBody(text), allow: true },
  ]) {
    port.postMessage(message);
    page.win.postMessage(message, '*');
  }
  // A second handshake offering the page's own port and no send APIs.
  const forged = new NodeMessageChannel();
  page.win.postMessage({ 'dlpguard-netguard-v1': 1, apis: [] }, '*', [forged.port2]);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(page.scans().length, 0, 'nothing the page said was even judged');
  const result = page.pageFetch(text);
  await dismissBlock(page);
  assert.equal(await result, 'TypeError');
  assert.deepEqual(page.scans().map((r) => r.text), [text]);
  assert.deepEqual(page.network(), []);
  forged.port1.close();
  page.close();
});

test('a page allow sent to netguard.js over its own forged port is never read: only the isolated world answers', async () => {
  const page = await openNetPage();
  // The page answers every check itself on the window: netguard.js does not listen there after the handshake.
  page.win.addEventListener('message', () => page.win.postMessage({ id: 1, allow: true }, '*'));
  const result = page.pageFetch(`key ${KEY}`);
  page.win.postMessage({ id: 1, allow: true }, '*');
  await dismissBlock(page);
  assert.equal(await result, 'TypeError');
  assert.deepEqual(page.network(), []);
  page.close();
});

test('an XHR with a key fails as on a network error (readyState 4, status 0, error, loadend) and never sends', async () => {
  const page = await openNetPage();
  const xhr = new page.win.XMLHttpRequest();
  const events = [];
  for (const type of ['readystatechange', 'error', 'loadend']) xhr.addEventListener(type, () => events.push(type));
  xhr.open('POST', API);
  xhr.send(chatgptBody(KEY));
  await dismissBlock(page);
  await waitFor(() => events.length === 3, { what: 'the error events' });
  assert.deepEqual(events, ['readystatechange', 'error', 'loadend']);
  assert.equal(xhr.readyState, 4);
  assert.equal(xhr.status, 0);
  const clean = new page.win.XMLHttpRequest();
  clean.open('POST', API);
  clean.send(chatgptBody(CLEAN));
  await waitFor(() => page.network().length === 1, { what: 'the clean XHR' });
  assert.deepEqual(page.network(), [{ via: 'xhr', url: API, body: chatgptBody(CLEAN) }]);
  page.close();
});

test('a WebSocket send API (Copilot): a key is dropped, clean messages go in their order', async () => {
  const page = await openNetPage({ url: 'https://copilot.microsoft.com/', body: '<textarea id="userInput"></textarea>' });
  const socket = new page.win.WebSocket('wss://copilot.microsoft.com/c/api/chat?api-version=2');
  const message = (text) => JSON.stringify({ event: 'send', conversationId: 'c1', content: [{ type: 'text', text }], mode: 'chat' });
  socket.send(message(`use ${KEY}`));
  socket.send(message(CLEAN));
  socket.send(JSON.stringify({ event: 'ping' }));
  await dismissBlock(page);
  await waitFor(() => page.network().length === 2, { what: 'the clean messages' });
  assert.deepEqual(page.network().map((r) => r.body), [message(CLEAN), JSON.stringify({ event: 'ping' })]);
  const other = new page.win.WebSocket('wss://copilot.microsoft.com/c/api/other');
  other.send(message(KEY));
  assert.equal(page.network().length, 3, 'a socket to no send API is not held');
  page.close();
});

test('FormData string fields are checked (files in it are not); a Blob body passes unread', async () => {
  const page = await openNetPage({ url: 'https://huggingface.co/chat/', body: '<form><textarea></textarea></form>' });
  const form = new page.win.FormData();
  form.append('data', JSON.stringify({ inputs: `key ${KEY}`, id: 'abc' }));
  const sent = page.win.fetch('/chat/conversation/66a0', { method: 'POST', body: form }).then(() => 'sent', (e) => e.name);
  await dismissBlock(page);
  assert.equal(await sent, 'TypeError');
  assert.deepEqual(page.scans().map((r) => r.text), [`key ${KEY}`]);
  const blob = new page.win.Blob([KEY]);
  await page.win.fetch('/chat/conversation/66a0', { method: 'POST', body: blob });
  assert.equal(page.network().length, 1);
  assert.equal(page.scans().length, 1);
  page.close();
});

test('the message text is found where each adapter says, and every string when the shape is unknown', async () => {
  const page = await openNetPage({ url: 'https://gemini.google.com/app' });
  const textsOf = (api, body) => [...page.win.DLPG.netcheck.textsOf(api, body)]; // arrays of the page's realm
  const inner = JSON.stringify([[`hello ${KEY}`, 0, null], ['en'], ['c_1', 'r_1']]);
  const body = new URLSearchParams({ 'f.req': JSON.stringify([null, inner]), at: 'token' }).toString();
  assert.deepEqual(textsOf({ path: 'x', text: ['f.req/1/0/0'] }, body), [`hello ${KEY}`]);
  assert.deepEqual(textsOf({ path: 'x', text: [] }, JSON.stringify({ a: 'one', b: [{ c: ' two\n\n lines ' }] })), ['one', 'two lines']);
  assert.deepEqual(textsOf({ path: 'x', text: ['prompt'] }, JSON.stringify({ other: 'changed api' })), ['changed api'], 'a missing path falls back to every string');
  page.close();
});

test('under a mask verdict the page\'s own request is stopped with a notice (it cannot be rewritten)', async () => {
  const host = new FakeNativeHost({
    onScan: (r) => (r.text.includes('4539') ? verdictReply(r, { action: 'mask', findings: [findingOf(r.text, '4539 1488 0343 6467', { entity_type: 'CREDIT_CARD', category: 'financial', action: 'mask' })], masked_text: r.text.replace('4539 1488 0343 6467', '•••• •••• •••• 6467') }) : verdictReply(r)),
  });
  const page = await openNetPage({ host });
  assert.equal(await page.pageFetch('card 4539 1488 0343 6467'), 'TypeError');
  assert.deepEqual(page.network(), []);
  assert.ok(page.toasts().some((text) => text.includes(t('overlay_intro_block'))));
  page.close();
});

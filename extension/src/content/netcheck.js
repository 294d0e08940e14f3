/**
 * The isolated world's side of the main-world tripwire (netguard.js): it decides whether a chat-send
 * request the page makes itself may go. The main world only forwards the request's URL and body and
 * obeys the answer, which is allow or deny and nothing more (no findings, no masked text).
 *
 * What this side trusts is its own: the adapter's `sendApis` (which URL paths are chat sends and where
 * the user's text sits in the body), and the hashes of texts the guard approved on this page (a message
 * the interceptor checked before the site sent it, a paste or drop that went in). A body whose texts
 * are all approved goes without asking the host again; anything else is a `scan` with event `submit`,
 * judged and shown as every send is (dialogs, fail mode). Nothing the page can send on the channel
 * approves a text: the only request understood is `check`, and its answer comes from the host.
 *
 * Loaded after guard.js (it records what `ns.guard.judge` lets through) and before interceptor.js.
 */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns?.guard || ns.netcheck) return;
  const t = ns.t;
  const win = window;

  const HANDSHAKE_KEY = 'dlpguard-netguard-v1';
  /** How many approved texts are remembered, and for how long: the send follows the check at once. */
  const APPROVED_MAX = 64;
  const APPROVED_TTL_MS = 15 * 60 * 1000;
  /** Longest URL and body taken from the main world (the host's own limits apply to the text). */
  const MAX_URL = 8192;
  const MAX_BODY = 8 * 1024 * 1024;
  /** Nested JSON in strings (Gemini's `f.req`) is read this deep, no deeper. */
  const MAX_DEPTH = 32;
  /** interceptor.js: what follows this line in a paste's scan text is never inserted. */
  const HIDDEN_PARTS_MARK = '\n\n[other clipboard content]\n';

  // -- approved texts ---------------------------------------------------------------------------------

  /** sha-256 (hex) of a normalised text → when it stops counting. Hashes, so no text is kept. */
  const approved = new Map();

  /** Whitespace is laid out differently by each editor and API (paragraphs, trailing new lines). */
  function normalise(text) {
    return String(text).normalize('NFC').replace(/\s+/g, ' ').trim();
  }

  async function digest(text) {
    const bytes = new TextEncoder().encode(normalise(text));
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return [...hash].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  async function remember(text) {
    if (!normalise(text)) return;
    const key = await digest(text);
    approved.delete(key);
    approved.set(key, Date.now() + APPROVED_TTL_MS);
    while (approved.size > APPROVED_MAX) approved.delete(approved.keys().next().value);
  }

  async function isApproved(text) {
    const key = await digest(text);
    const until = approved.get(key);
    if (until === undefined) return false;
    if (until < Date.now()) {
      approved.delete(key);
      return false;
    }
    return true;
  }

  /** What a judged text puts in the box (and so in the request), when the outcome lets it in. */
  function outgoing(event, text, outcome) {
    if (outcome.use === 'none' || outcome.nerPending) return null;
    const judged = outcome.use === 'masked' ? outcome.masked : text;
    if (typeof judged !== 'string') return null;
    if (event === 'submit') return judged;
    const at = judged.indexOf(HIDDEN_PARTS_MARK);
    return at >= 0 ? judged.slice(0, at) : judged;
  }

  // Every judgement the interceptor asks for passes here: what it lets out is remembered before the
  // interceptor replays the send, so the site's request for it is not asked about again.
  const judge = ns.guard.judge;
  ns.guard.judge = async function judgeAndRemember(event, text, options) {
    const outcome = await judge(event, text, options);
    const out = typeof text === 'string' ? outgoing(event, text, outcome) : null;
    if (out !== null) await remember(out).catch(() => {});
    return outcome;
  };

  // -- the user's text in a request body ----------------------------------------------------------------

  function compilePattern(pattern) {
    const source = String(pattern)
      .split('**')
      .map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
      .join('.*');
    return new RegExp(`^${source}$`);
  }

  function apisHere() {
    return ns.adapterFor(location.href).sendApis ?? [];
  }

  function apiFor(url) {
    let path;
    try {
      path = new URL(url).pathname;
    } catch {
      return null;
    }
    return apisHere().find((api) => compilePattern(api.path).test(path)) ?? null;
  }

  function parseJson(text) {
    const s = text.trim();
    if (!/^[[{"]/.test(s)) return undefined;
    try {
      return JSON.parse(s);
    } catch {
      return undefined;
    }
  }

  /** A body as data: JSON, else form fields (`a=1&b=2`) as an object, else the text itself. */
  function parseBody(body) {
    const json = parseJson(body);
    if (json !== undefined) return json;
    if (/^[^\s=&]+=[^\s]*$/.test(body)) {
      const fields = {};
      for (const [name, value] of new URLSearchParams(body)) {
        fields[name] = Object.hasOwn(fields, name) ? [].concat(fields[name], value) : value;
      }
      return fields;
    }
    return body;
  }

  /** Every string in `value`; a string holding JSON is read as that JSON. */
  function leaves(value, out = [], depth = 0) {
    if (depth > MAX_DEPTH) return out;
    if (typeof value === 'string') {
      const inner = parseJson(value);
      if (inner !== undefined && typeof inner === 'object' && inner !== null) leaves(inner, out, depth + 1);
      else out.push(value);
    } else if (value !== null && typeof value === 'object') {
      for (const child of Object.values(value)) leaves(child, out, depth + 1);
    }
    return out;
  }

  /** The values at `path` ('a/*\/b', `*` any key or index); a string stepped into is read as JSON. */
  function select(value, path) {
    let current = [value];
    for (const step of path.split('/')) {
      const next = [];
      for (const found of current) {
        const item = typeof found === 'string' ? parseJson(found) : found;
        if (item !== null && typeof item === 'object') {
          if (step === '*') next.push(...Object.values(item));
          else if (Object.hasOwn(item, step)) next.push(item[step]);
        }
      }
      current = next;
    }
    return current;
  }

  /**
   * The texts of a request body: at the adapter's `text` paths, or, when it names none or none is
   * there (the site changed its API), every string in the body, so an unknown shape is still checked.
   */
  function textsOf(api, body) {
    const data = parseBody(body);
    const found = (api.text ?? []).flatMap((path) => select(data, path)).flatMap((v) => leaves(v));
    const texts = found.length ? found : leaves(data);
    return [...new Set(texts.map(normalise).filter(Boolean))];
  }

  // -- deciding ---------------------------------------------------------------------------------------------

  /** True when the request may go: no user text in it, every text approved, or the host (and user) allow it. */
  async function decide(url, body) {
    if (ns.guard.guardedNow() === false) return true;
    const api = apiFor(url);
    if (!api) return true;
    const unseen = [];
    for (const text of textsOf(api, body)) if (!(await isApproved(text))) unseen.push(text);
    if (!unseen.length) return true;
    const outcome = await judge('submit', unseen.join('\n'));
    if (outcome.use === 'original') {
      for (const text of unseen) await remember(text);
      return true;
    }
    // The page's own request cannot be rewritten with masked text (that would hand the masked text to
    // the main world): it is stopped, and the user told why.
    if (outcome.use === 'masked') ns.ui.notice(t('overlay_intro_block'), { alert: true, timeoutMs: 12000 });
    return false;
  }

  function validCheck(message) {
    return message !== null && typeof message === 'object' && message.type === 'check'
      && typeof message.id === 'string' && /^[0-9a-f]{32}$/.test(message.id)
      && typeof message.url === 'string' && message.url.length <= MAX_URL
      && typeof message.body === 'string' && message.body.length <= MAX_BODY;
  }

  function listen(port) {
    port.onmessage = (event) => {
      const message = event.data;
      if (!validCheck(message)) return; // anything else (an "approve" the page made up) means nothing
      decide(message.url, message.body)
        .catch(() => false)
        .then((allow) => port.postMessage({ id: message.id, allow: allow === true }));
    };
  }

  /**
   * The handshake, once, at document_start: the send API paths, and a port only where there are some.
   * Posted to this same window (`'*'`: an about:blank or sandboxed frame has no origin to name), where
   * netguard.js's first capture listener takes and stops it before any page listener.
   */
  function handshake() {
    const apis = apisHere().map((api) => api.path);
    if (!apis.length || typeof MessageChannel !== 'function') {
      win.postMessage({ [HANDSHAKE_KEY]: 1, apis: [] }, '*');
      return;
    }
    const channel = new MessageChannel();
    listen(channel.port1);
    win.postMessage({ [HANDSHAKE_KEY]: 1, apis }, '*', [channel.port2]);
  }

  handshake();
  ns.netcheck = { decide, textsOf, isApproved };
})();

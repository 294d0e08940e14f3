/**
 * The page's main world (manifest entry with `"world": "MAIN"`, document_start, before any page script):
 * a last check of the chat-send requests the page makes itself. `fetch`, `XMLHttpRequest#send`,
 * `WebSocket#send` and `navigator.sendBeacon` are wrapped; a request to one of the site adapter's
 * `sendApis` (URL path patterns, adapters/*.js) is held while the isolated world (netcheck.js) judges its
 * body, then sent, or failed as a network error would fail it. Every other request goes straight through
 * after one URL test.
 *
 * SECURITY: this is a tripwire, not a trust anchor. Everything here lives in the page's own world: the page
 * can read this closure's effects, restore the originals (or take pristine ones from a fresh iframe), send
 * from a worker, or lie about what it sends. It exists to catch a send path the interceptor did not foresee
 * (a site sending on a key or control we do not hold, a script calling the chat API directly), never to
 * stop a page that wants to bypass it. Hence the channel design:
 *   - the isolated world decides and this side only forwards bodies and obeys; nothing the page or this
 *     script says can approve a text (netcheck.js keeps the approvals and asks the host itself);
 *   - the only thing that comes back is allow/deny, never findings, masked text or verdict details;
 *   - the channel is a MessagePort that netcheck.js transfers with one `window.postMessage` at
 *     document_start (a port cannot cross worlds in a CustomEvent's detail). The listener below is the
 *     first capture listener on `window`, registered before any page script, and stops that message, so
 *     page listeners never see it; after it, no traffic touches `window` events the page could watch or
 *     forge. Only the first handshake is taken.
 *
 * Not inspected (passed through unchanged): Blob and ReadableStream bodies, the file parts of a FormData
 * (its string fields are), binary WebSocket messages, requests from workers and from other windows'
 * functions, and synchronous XHR (blocked outright when it targets a send API: it cannot wait).
 */
(function () {
  'use strict';
  const win = window;
  // A second injection into the same frame (a manifest and a policy registration) keeps the first.
  if (Object.prototype.hasOwnProperty.call(win, '__dlpgNetguard')) return;
  Object.defineProperty(win, '__dlpgNetguard', { value: true });

  const HANDSHAKE_KEY = 'dlpguard-netguard-v1';
  /** Requests made before the handshake arrives wait this long for it; without it there is no guard here. */
  const HANDSHAKE_WAIT_MS = 3000;
  /** An isolated world that never answers (the extension was reloaded under the page): deny after this. */
  const ANSWER_BACKSTOP_MS = 10 * 60 * 1000;

  // The page can replace any of these later: take them now, before any page script runs.
  const nativeFetch = win.fetch;
  const NativeRequest = win.Request;
  const NativeURL = win.URL;
  const NativeURLSearchParams = win.URLSearchParams;
  const NativeFormData = win.FormData;
  const NativeArrayBuffer = win.ArrayBuffer;
  const isView = win.ArrayBuffer?.isView;
  const decoder = typeof win.TextDecoder === 'function' ? new win.TextDecoder() : null;
  const XHR = win.XMLHttpRequest;
  const nativeOpen = XHR?.prototype.open;
  const nativeXhrSend = XHR?.prototype.send;
  const WS = win.WebSocket;
  const nativeWsSend = WS?.prototype.send;
  const Nav = win.Navigator;
  const nativeBeacon = Nav?.prototype.sendBeacon;
  const apply = Reflect.apply;
  const setTimer = win.setTimeout.bind(win);
  const clearTimer = win.clearTimeout.bind(win);

  /** No send APIs on this site (or no isolated world answered): nothing is held. */
  const OFF = { off: true };
  /** null while waiting for the handshake; then OFF or {port, patterns}. */
  let config = null;
  let readyResolve;
  const ready = new Promise((resolve) => {
    readyResolve = resolve;
  });

  /** `/a/*\/b` → one path segment per `*`, `**` any run of segments; anchored on the URL's path. */
  function compilePattern(pattern) {
    const source = String(pattern)
      .split('**')
      .map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
      .join('.*');
    return new RegExp(`^${source}$`);
  }

  function configure(apis, port) {
    if (config !== null) return;
    const patterns = Array.isArray(apis) ? apis.filter((p) => typeof p === 'string' && p).map(compilePattern) : [];
    if (!patterns.length || !port) {
      config = OFF;
    } else {
      config = { port, patterns };
      port.onmessage = onAnswer;
    }
    readyResolve();
  }

  function onHandshake(event) {
    let data;
    try {
      data = event.data;
      if (!data || data[HANDSHAKE_KEY] !== 1) return;
    } catch {
      return;
    }
    event.stopImmediatePropagation();
    win.removeEventListener('message', onHandshake, true);
    configure(data.apis, event.ports?.[0] ?? null);
  }
  win.addEventListener('message', onHandshake, true);
  setTimer(() => configure([], null), HANDSHAKE_WAIT_MS);

  function absolute(url) {
    return new NativeURL(String(url), win.location.href);
  }

  /** True when `url` (absolute) is a send API. Only called once the handshake is in. */
  function isSendApi(url) {
    const path = url.pathname;
    return config.patterns.some((re) => re.test(path));
  }

  /** Whether a request to `url` must wait: maybe (no handshake yet), no, or yes. */
  function mayHold(url) {
    if (config === OFF) return false;
    if (config === null) return true;
    try {
      return isSendApi(absolute(url));
    } catch {
      return false;
    }
  }

  /** A body's text, or null for what is not inspected (Blob, ReadableStream, nothing). */
  function bodyText(body) {
    if (typeof body === 'string') return body;
    if (body === null || body === undefined) return null;
    try {
      if (NativeURLSearchParams && body instanceof NativeURLSearchParams) return body.toString();
      if (NativeFormData && body instanceof NativeFormData) {
        const fields = [];
        for (const [name, value] of body) if (typeof value === 'string') fields.push([name, value]);
        return fields.length ? new NativeURLSearchParams(fields).toString() : null;
      }
      if (decoder && ((NativeArrayBuffer && body instanceof NativeArrayBuffer) || isView?.(body))) return decoder.decode(body);
    } catch {
      return null;
    }
    return null;
  }

  const pending = new Map();
  const getRandomValues = win.crypto.getRandomValues.bind(win.crypto);

  /** Unguessable, so not even a page holding the port could answer for another request by its id. */
  function requestId() {
    return [...getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  function onAnswer(event) {
    const data = event.data;
    const entry = data && pending.get(data.id);
    if (!entry) return;
    pending.delete(data.id);
    clearTimer(entry.timer);
    entry.resolve(data.allow === true);
  }

  /** Asks the isolated world; true only on its explicit allow. */
  function ask(url, body) {
    return new Promise((resolve) => {
      const id = requestId();
      const timer = setTimer(() => {
        pending.delete(id);
        resolve(false);
      }, ANSWER_BACKSTOP_MS);
      pending.set(id, { resolve, timer });
      try {
        config.port.postMessage({ type: 'check', id, url, body });
      } catch {
        pending.delete(id);
        clearTimer(timer);
        resolve(false);
      }
    });
  }

  /** Resolves true when the request may go. `body` is text, a promise of text, or null. */
  async function allowed(rawUrl, body) {
    if (config === null) await ready;
    let url;
    try {
      url = absolute(rawUrl);
    } catch {
      return true;
    }
    if (config === OFF || !isSendApi(url)) return true;
    const text = await body;
    if (typeof text !== 'string' || !text) return true;
    return ask(url.href, text);
  }

  function refuse() {
    // What a network failure looks like to the page (Chromium's wording).
    return new TypeError('Failed to fetch');
  }

  // -- fetch ------------------------------------------------------------------------------------------

  function fetchTarget(input) {
    if (typeof input === 'string') return input;
    if (NativeRequest && input instanceof NativeRequest) return input.url;
    return String(input);
  }

  function fetchBody(input, init) {
    const own = init !== null && typeof init === 'object' ? init.body : undefined;
    if (own !== undefined && own !== null) return bodyText(own);
    if (NativeRequest && input instanceof NativeRequest && !/^(GET|HEAD)$/i.test(input.method)) {
      return input.clone().text().catch(() => null); // the page's own Request keeps its body
    }
    return null;
  }

  if (typeof nativeFetch === 'function') {
    const guardedFetch = function fetch(...args) {
      let target;
      try {
        target = fetchTarget(args[0]);
      } catch {
        return apply(nativeFetch, this, args);
      }
      if (!mayHold(target)) return apply(nativeFetch, this, args);
      const body = fetchBody(args[0], args[1]);
      if (body === null) return apply(nativeFetch, this, args);
      return allowed(target, body).then((ok) => {
        if (!ok) throw refuse();
        return apply(nativeFetch, this, args);
      });
    };
    win.fetch = guardedFetch;
  }

  // -- XMLHttpRequest ---------------------------------------------------------------------------------

  const xhrTargets = new WeakMap();

  /** What a network error looks like on an XHR: readyState 4, status 0, then error and loadend. */
  function failXhr(xhr) {
    Object.defineProperty(xhr, 'readyState', { value: 4, configurable: true });
    Object.defineProperty(xhr, 'status', { value: 0, configurable: true });
    const Progress = typeof win.ProgressEvent === 'function' ? win.ProgressEvent : win.Event;
    xhr.dispatchEvent(new win.Event('readystatechange'));
    xhr.dispatchEvent(new Progress('error'));
    xhr.dispatchEvent(new Progress('loadend'));
  }

  if (XHR && typeof nativeXhrSend === 'function') {
    XHR.prototype.open = function open(...args) {
      xhrTargets.set(this, { url: String(args[1]), sync: args.length > 2 && args[2] === false });
      return apply(nativeOpen, this, args);
    };
    XHR.prototype.send = function send(...args) {
      const target = xhrTargets.get(this);
      if (!target || !mayHold(target.url)) return apply(nativeXhrSend, this, args);
      const body = bodyText(args[0]);
      if (body === null) return apply(nativeXhrSend, this, args);
      if (target.sync) {
        if (config === null) return apply(nativeXhrSend, this, args); // cannot wait for the handshake
        throw new win.DOMException('DLP Guard cannot check a synchronous request', 'NetworkError');
      }
      allowed(target.url, body).then((ok) => {
        if (!ok) return failXhr(this);
        try {
          apply(nativeXhrSend, this, args);
        } catch {
          // aborted or reopened by the page meanwhile: nothing to send
        }
        return undefined;
      });
      return undefined;
    };
  }

  // -- WebSocket --------------------------------------------------------------------------------------

  /** Per socket: the promise of the last held message; later ones wait behind it, so order is kept. */
  const socketTails = new WeakMap();

  if (WS && typeof nativeWsSend === 'function') {
    WS.prototype.send = function send(...args) {
      const tail = socketTails.get(this);
      if (!tail && !mayHold(this.url)) return apply(nativeWsSend, this, args);
      const body = bodyText(args[0]);
      const verdict = body === null ? Promise.resolve(true) : allowed(this.url, body);
      const mine = (tail ?? Promise.resolve()).then(() => verdict).then((ok) => {
        if (!ok) return; // dropped: the message never leaves
        try {
          apply(nativeWsSend, this, args);
        } catch {
          // closed meanwhile
        }
      });
      socketTails.set(this, mine);
      mine.then(() => {
        if (socketTails.get(this) === mine) socketTails.delete(this);
      });
      return undefined;
    };
  }

  // -- navigator.sendBeacon ---------------------------------------------------------------------------

  if (Nav && typeof nativeBeacon === 'function') {
    Nav.prototype.sendBeacon = function sendBeacon(...args) {
      if (!mayHold(args[0])) return apply(nativeBeacon, this, args);
      const body = bodyText(args[1]);
      if (body === null) return apply(nativeBeacon, this, args);
      allowed(args[0], body).then((ok) => {
        if (ok) apply(nativeBeacon, this, args);
      });
      return true; // queued, as the browser says for a beacon it accepted
    };
  }
})();

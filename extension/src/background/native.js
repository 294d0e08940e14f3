/**
 * The native-messaging port to the DLP Guard host: request ids, a time budget per request, hello on
 * every (re)connect.
 *
 * Nothing sensitive is queued: a request is posted at once or fails at once, and a request whose
 * answer does not come within its budget fails with `timeout`, so the caller applies the fail mode.
 * The browser may stop the service worker at any time; the next request simply connects again.
 */

import { helloRequest } from '../common/protocol.js';

export const HELLO_TIMEOUT_MS = 10000;

/**
 * The budget of a scan the content script holds a paste or a send for (`hold: true`). The page shows
 * "checking…", then "still checking — Cancel / Wait" after the policy's budget, and inserts the approved
 * text (or sends the message) when the verdict comes, however late: the request must outlive the
 * policy's budget, not be dropped at it.
 * A host that answers nothing in this long is treated as gone (`timeout`, then the fail mode).
 */
export const HELD_SCAN_TIMEOUT_MS = 120000;

/** Why a request got no usable answer: `unavailable`, `timeout` or `bad_reply`. */
export class NativeError extends Error {
  constructor(code, detail = '') {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'NativeError';
    this.code = code;
  }
}

export class NativeClient {
  #connect;
  #check;
  #hello;
  #onHello;
  #describeDisconnect;
  #port = null;
  #pending = new Map();

  /**
   * @param {object} deps
   * @param {() => object} deps.connect opens a port (runtime.connectNative with the host name)
   * @param {(message: object) => string[]} deps.check problems of a host message against the schema
   * @param {{extensionVersion: string, browser: string}} deps.hello what the hello request says
   * @param {(reply: object) => void} [deps.onHello] receives each hello_ok (the policy summary)
   * @param {(port: object) => string} [deps.describeDisconnect] why a port closed
   */
  constructor({ connect, check, hello, onHello = () => {}, describeDisconnect = () => 'disconnected' }) {
    this.#connect = connect;
    this.#check = check;
    this.#hello = hello;
    this.#onHello = onHello;
    this.#describeDisconnect = describeDisconnect;
    this.lastError = null;
    this.lastHello = null;
  }

  get connected() {
    return this.#port !== null;
  }

  /** Opens the port if needed and says hello; the hello's answer arrives through `onHello`. */
  connect() {
    if (this.#port) return this.#port;
    let port;
    try {
      port = this.#connect();
    } catch (err) {
      this.lastError = String(err?.message ?? err);
      throw new NativeError('unavailable', this.lastError);
    }
    this.#port = port;
    port.onMessage.addListener((message) => this.#received(port, message));
    port.onDisconnect.addListener(() => this.#closed(port, this.#describeDisconnect(port)));
    this.request(helloRequest(this.#hello), HELLO_TIMEOUT_MS).catch(() => {});
    return port;
  }

  /** Asks for a fresh policy summary (after a verdict names a newer policy version). */
  refreshHello() {
    if (!this.#port) return;
    this.request(helloRequest(this.#hello), HELLO_TIMEOUT_MS).catch(() => {});
  }

  /** Sends one request; resolves with the host's reply (including `error` replies) or rejects with NativeError. */
  request(message, timeoutMs) {
    const port = this.connect();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(message.id);
        reject(new NativeError('timeout', `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(message.id, { resolve, reject, timer });
      try {
        port.postMessage(message);
      } catch (err) {
        this.#settle(message.id, null, new NativeError('unavailable', String(err?.message ?? err)));
      }
    });
  }

  disconnect() {
    const port = this.#port;
    if (!port) return;
    port.disconnect();
    this.#closed(port, 'closed by the extension');
  }

  #settle(id, reply, error) {
    const entry = this.#pending.get(id);
    if (!entry) return;
    this.#pending.delete(id);
    clearTimeout(entry.timer);
    if (error) entry.reject(error);
    else entry.resolve(reply);
  }

  #received(port, message) {
    if (port !== this.#port) return;
    const problems = this.#check(message);
    const id = typeof message?.id === 'string' ? message.id : null;
    if (problems.length) {
      if (id) this.#settle(id, null, new NativeError('bad_reply', problems.slice(0, 3).join('; ')));
      return;
    }
    if (message.type === 'hello_ok') {
      this.lastHello = message;
      this.#onHello(message);
    }
    // An error without an id answers a frame the host could not read; its request runs into its timeout.
    if (id) this.#settle(id, message, null);
  }

  #closed(port, reason) {
    if (port !== this.#port) return;
    this.#port = null;
    this.lastError = reason;
    for (const id of [...this.#pending.keys()]) this.#settle(id, null, new NativeError('unavailable', reason));
  }
}

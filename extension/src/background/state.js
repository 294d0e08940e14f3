/**
 * What the service worker must remember across its own restarts, kept in storage.session (memory
 * only, this browser session, readable by extension pages and the worker, not by content scripts):
 * the managed settings as last read, the host's policy summary, a per-session salt for conversation
 * ids, and which tab each incident was shown in. Nothing here is user content.
 */

import { FIELD_MAX_LENGTH } from '../common/generated.js';

const MAX_INCIDENTS = 500;

export class SessionState {
  #area;
  #writes = Promise.resolve();

  constructor(area) {
    this.#area = area;
  }

  async #get(key, fallback) {
    const items = await this.#area.get(key);
    return items?.[key] ?? fallback;
  }

  async #set(key, value) {
    await this.#area.set({ [key]: value });
  }

  async managed() {
    return this.#get('managed', null);
  }

  async setManaged(checked) {
    await this.#set('managed', checked);
  }

  async policy() {
    return this.#get('policy', null);
  }

  /** The `hello_ok` facts worth keeping: the policy summary, engine mode and app version. */
  async setHello(reply) {
    await this.#set('hello', {
      app_version: reply.app_version,
      engine_mode: reply.engine_mode,
      served_by: reply.served_by,
      at: Date.now(),
    });
    await this.#set('policy', reply.policy);
  }

  async hello() {
    return this.#get('hello', null);
  }

  /** Verdicts say which engine answered: a host that said `loading` in `hello` is ready once they do. */
  async noteEngineMode(mode) {
    const hello = await this.hello();
    if (hello && typeof mode === 'string' && hello.engine_mode !== mode) {
      await this.#set('hello', { ...hello, engine_mode: mode });
    }
  }

  /**
   * The id that keeps pseudonyms consistent (and restorable) within one tab on one site. Made here, not
   * by the content script, so a page cannot ask to restore another tab's placeholders.
   */
  async conversationId(tabId, host) {
    let salt = await this.#get('salt', null);
    if (!salt) {
      salt = globalThis.crypto.randomUUID();
      await this.#set('salt', salt);
    }
    return `${salt}.${tabId}.${host}`.slice(0, FIELD_MAX_LENGTH.conversation_id);
  }

  rememberIncident(incidentId, tabId) {
    // Read-modify-write, so one at a time: two verdicts arriving together must both be kept.
    this.#writes = this.#writes.catch(() => {}).then(async () => {
      const incidents = await this.#get('incidents', {});
      incidents[incidentId] = tabId;
      const ids = Object.keys(incidents);
      for (const old of ids.slice(0, Math.max(0, ids.length - MAX_INCIDENTS))) delete incidents[old];
      await this.#set('incidents', incidents);
    });
    return this.#writes;
  }

  async incidentTab(incidentId) {
    const incidents = await this.#get('incidents', {});
    return Object.hasOwn(incidents, incidentId) ? incidents[incidentId] : null;
  }
}

/**
 * First of the content scripts (classic scripts, run in this order in the extension's isolated world,
 * listed in the manifest): the shared namespace, strings and the runtime channel.
 *
 * Content scripts cannot be ES modules when declared in a manifest, so each file adds its part to
 * `globalThis.DLPG`, which lives in the isolated world: the page cannot see or change it.
 */
(function () {
  'use strict';
  const ns = (globalThis.DLPG ??= {});
  if (ns.core) return; // injected twice (a manifest match and a policy-site match): keep the first
  const api = globalThis.browser ?? globalThis.chrome;

  /** A localised string from _locales; the key itself when missing, so nothing shows blank. */
  function t(key, ...substitutions) {
    try {
      return api.i18n.getMessage(key, substitutions.map(String)) || key;
    } catch {
      return key;
    }
  }

  /**
   * One message to the service worker. Never rejects: when the worker cannot answer (the extension was
   * updated under this page, or the worker died) the answer says so and the caller fails closed.
   */
  async function send(message) {
    try {
      const answer = await api.runtime.sendMessage(message);
      return answer ?? { status: 'failed', reason: 'no_answer' };
    } catch (err) {
      const text = String(err?.message ?? err);
      const reason = /context invalidated|Extension context/i.test(text) ? 'extension_reloaded' : 'no_answer';
      return { status: 'failed', reason };
    }
  }

  ns.t = t;
  ns.send = send;
  ns.core = true;
})();

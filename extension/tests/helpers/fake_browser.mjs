/**
 * A stand-in for the browser's extension API as the service worker sees it: runtime messaging with a
 * `sender`, storage areas, permissions, scripting, connectNative (to a FakeNativeHost).
 */
import { manifest } from './paths.mjs';

export const EXTENSION_ID = 'ggcbdpegolmiapddhbehkhmcikpgpinj';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}/`;

function memoryArea(initial = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    async get(key) {
      if (key === null || key === undefined) return Object.fromEntries([...data].map(([k, v]) => [k, structuredClone(v)]));
      return data.has(key) ? { [key]: structuredClone(data.get(key)) } : {};
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
  };
}

function event() {
  const listeners = [];
  return { listeners, addListener: (f) => listeners.push(f) };
}

export function fakeBrowser({ host, managed = {}, granted = [] } = {}) {
  const registered = new Map();
  const permissions = new Set(granted);
  const api = {
    runtime: {
      id: EXTENSION_ID,
      lastError: undefined,
      getURL: (path) => EXTENSION_ORIGIN + path,
      getManifest: () => manifest('chromium'),
      onMessage: event(),
      connectNative: (name) => host.connect(name),
    },
    storage: {
      session: memoryArea(),
      local: memoryArea(),
      managed: memoryArea(managed),
      onChanged: event(),
    },
    permissions: {
      contains: async ({ origins }) => origins.every((o) => permissions.has(o)),
      onAdded: event(),
      onRemoved: event(),
    },
    scripting: {
      registered,
      getRegisteredContentScripts: async ({ ids }) => ids.filter((id) => registered.has(id)).map((id) => registered.get(id)),
      registerContentScripts: async (scripts) => scripts.forEach((s) => registered.set(s.id, s)),
      unregisterContentScripts: async ({ ids }) => ids.forEach((id) => registered.delete(id)),
    },
  };

  /** Delivers a runtime message as the browser would, with `sender`; resolves with the answer. */
  function send(message, sender) {
    return new Promise((resolve) => {
      let answered = false;
      const sendResponse = (response) => {
        answered = true;
        resolve(JSON.parse(JSON.stringify(response ?? null)));
      };
      for (const listener of api.runtime.onMessage.listeners) {
        if (listener(JSON.parse(JSON.stringify(message)), sender, sendResponse) === true) return;
      }
      if (!answered) resolve(undefined);
    });
  }

  return { api, send, permissions };
}

/** Senders as the browser describes them. */
export const senders = {
  content: (url, tabId = 7) => ({ id: EXTENSION_ID, url, origin: new URL(url).origin, tab: { id: tabId, url }, frameId: 0 }),
  subframe: (url, tabId = 7) => ({ id: EXTENSION_ID, url, tab: { id: tabId, url }, frameId: 3 }),
  /** An about:blank iframe the browser says inherits `origin` (Chromium's `sender.origin`). */
  blankFrame: (origin, tabId = 7) => ({ id: EXTENSION_ID, url: 'about:blank', origin, tab: { id: tabId, url: `${origin}/` }, frameId: 4 }),
  extensionPage: (path = 'options/options.html') => ({ id: EXTENSION_ID, url: EXTENSION_ORIGIN + path, tab: { id: 9 } }),
  otherExtension: (url) => ({ id: 'abcdefghijklmnopabcdefghijklmnop', url, tab: { id: 7 }, frameId: 0 }),
};

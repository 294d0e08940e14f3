/**
 * The thin layer over the browser's extension API, for the service worker and extension pages.
 * Firefox exposes `browser`, Chromium `chrome` (both with promises in MV3 for what we use). The
 * helpers take the API object, so the service worker can be run against a stand-in in tests.
 */

/** The browser's own API object: `browser` in Firefox, `chrome` in the Chromium family. */
export function defaultApi() {
  return globalThis.browser ?? globalThis.chrome;
}

/** `chrome-extension://<id>/` or `moz-extension://<uuid>/`: where only our own pages live. */
export function extensionOrigin(api) {
  return api.runtime.getURL('');
}

export function browserFamily(api) {
  return extensionOrigin(api).startsWith('moz-extension:') ? 'firefox' : 'chromium';
}

/** A storage area, or a memory stand-in where the browser lacks it (storage.session before Firefox 115). */
export function storageArea(api, name) {
  const area = api.storage?.[name];
  if (area) return area;
  const memory = new Map();
  return {
    async get(key) {
      return memory.has(key) ? { [key]: memory.get(key) } : {};
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) memory.set(k, v);
    },
  };
}

/** Managed storage as a plain object; empty when none is set or the browser has none. */
export async function readManagedStorage(api) {
  try {
    return (await api.storage.managed.get(null)) ?? {};
  } catch {
    return {}; // Firefox throws when no policy exists for the add-on
  }
}

/** Why a port closed, as the browser words it (Chromium: runtime.lastError, Firefox: port.error). */
export function disconnectReason(api, port) {
  return port?.error?.message ?? api.runtime.lastError?.message ?? 'disconnected';
}

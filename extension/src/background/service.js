/**
 * The background, wired to a browser API object: listeners for messages, managed-storage changes and
 * permission changes, the native client and the handler context.
 *
 * Listeners are added synchronously, as MV3 requires, so a message that wakes a stopped worker is
 * delivered; everything else is looked up per message, from storage.session where it must survive
 * the worker being stopped.
 */

import { browserFamily, disconnectReason, extensionOrigin, readManagedStorage, storageArea } from '../common/browser.js';
import { BUILTIN_GUARDED_SITES } from '../common/generated.js';
import { messageChecker } from '../common/protocol.js';
import { effectiveConfig, typeCheckManaged, typeCheckPrefs } from '../common/settings.js';
import { routeMessage } from './handlers.js';
import { NativeClient } from './native.js';
import { syncPolicySites } from './policy_sites.js';
import { SessionState } from './state.js';

function fetchSchema(api) {
  return fetch(api.runtime.getURL('common/protocol.schema.json')).then((response) => response.json());
}

/**
 * Starts the background on `api`. `loadSchema` gives the protocol schema (the packaged copy by
 * default). Returns the parts an extension page or a test may look at.
 */
export function startBackground(api, { loadSchema = () => fetchSchema(api) } = {}) {
  const state = new SessionState(storageArea(api, 'session'));
  const local = storageArea(api, 'local');
  const checkReply = Promise.resolve().then(loadSchema).then((schema) => messageChecker(schema, 'reply'));
  let clientEntry = null; // {hostName, promise of NativeClient}
  let sites = { registered: [], missing: [] };

  async function managed() {
    let checked = await state.managed();
    if (!checked) {
      checked = typeCheckManaged(await readManagedStorage(api));
      await state.setManaged(checked);
    }
    return checked;
  }

  const prefs = {
    async get() {
      return typeCheckPrefs((await local.get('prefs')).prefs);
    },
    async set(changes) {
      const next = typeCheckPrefs({ ...(await prefs.get()), ...changes });
      await local.set({ prefs: next });
      return next;
    },
  };

  async function config() {
    return effectiveConfig({
      managed: (await managed()).values,
      policy: await state.policy(),
      prefs: await prefs.get(),
      builtinSites: BUILTIN_GUARDED_SITES,
      engineMode: (await state.hello())?.engine_mode ?? null,
    });
  }

  async function refreshSites(guardedSites, everywhere = false) {
    try {
      sites = await syncPolicySites(api, guardedSites, { everywhere });
    } catch (err) {
      sites = { ...sites, error: String(err?.message ?? err) };
    }
  }

  async function onHello(reply) {
    await state.setHello(reply);
    await refreshSites(reply.policy.guarded_sites, reply.policy.guard_everywhere === true);
  }

  /** The client for the configured host name (an admin may change it while we run). */
  function nativeClient() {
    return config().then(({ hostName }) => {
      if (clientEntry?.hostName !== hostName) {
        const previous = clientEntry;
        clientEntry = {
          hostName,
          promise: checkReply.then(
            (check) =>
              new NativeClient({
                connect: () => api.runtime.connectNative(hostName),
                check,
                hello: { extensionVersion: api.runtime.getManifest().version, browser: browserFamily(api) },
                onHello: (reply) => onHello(reply).catch(() => {}),
                describeDisconnect: (port) => disconnectReason(api, port),
              }),
          ),
        };
        previous?.promise.then((old) => old.disconnect()).catch(() => {});
      }
      return clientEntry.promise;
    });
  }

  async function describe() {
    const client = await nativeClient();
    return {
      extension_version: api.runtime.getManifest().version,
      connected: client.connected,
      last_error: client.lastError,
      hello: await state.hello(),
      policy: await state.policy(),
      config: await config(),
      managed: await managed(),
      prefs: await prefs.get(),
      builtin_sites: [...BUILTIN_GUARDED_SITES],
      sites,
    };
  }

  async function context() {
    return {
      extensionId: api.runtime.id,
      extensionOrigin: extensionOrigin(api),
      client: await nativeClient(),
      state,
      config,
      prefs,
      describe,
    };
  }

  function connectEarly() {
    return nativeClient()
      .then((client) => client.connect())
      .catch(() => {}); // a missing host shows in the status, and fails each scan per the fail mode
  }

  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    context()
      .then((ctx) => routeMessage(message, sender, ctx))
      .then(sendResponse, () => sendResponse({ status: 'rejected', reason: 'internal' }));
    return true; // answered asynchronously
  });

  api.storage.onChanged?.addListener((_changes, areaName) => {
    if (areaName !== 'managed') return;
    readManagedStorage(api)
      .then((raw) => state.setManaged(typeCheckManaged(raw)))
      .then(connectEarly)
      .catch(() => {});
  });

  const resync = () => config().then((cfg) => refreshSites(cfg.guardedSites, cfg.guardEverywhere));
  api.permissions?.onAdded?.addListener(resync);
  api.permissions?.onRemoved?.addListener(resync);

  // Each start of the worker: learn the policy early, so the first paste does not wait for a hello.
  const started = connectEarly();
  return { started, config, describe };
}

/**
 * Guarded sites the policy adds beyond the built-in list get the same content script, registered at
 * run time. The browser only injects where the extension has host access: the manifest grants it for
 * the built-in sites; for others an admin or the user grants it (options page), and until then they
 * are reported as missing in the status.
 */

import { matchPatternFor } from '../common/sites.js';

export const POLICY_SCRIPT_ID = 'dlpguard-policy-sites';

/** Match patterns the guarded sites need that the manifest's static content script does not cover. */
export function extraMatchPatterns(guardedSites, staticMatches) {
  const covered = new Set(staticMatches);
  const extra = [];
  for (const site of guardedSites) {
    const pattern = matchPatternFor(site);
    if (!covered.has(pattern) && !extra.includes(pattern)) extra.push(pattern);
  }
  return extra;
}

/** Registers the content script for the extra sites we may access; returns `{registered, missing}`. */
export async function syncPolicySites(api, guardedSites) {
  const statics = api.runtime.getManifest().content_scripts?.[0];
  const wanted = extraMatchPatterns(guardedSites, statics?.matches ?? []);
  const registered = [];
  const missing = [];
  for (const origin of wanted) {
    (await api.permissions.contains({ origins: [origin] }) ? registered : missing).push(origin);
  }
  const existing = await api.scripting.getRegisteredContentScripts({ ids: [POLICY_SCRIPT_ID] });
  if (existing.length) await api.scripting.unregisterContentScripts({ ids: [POLICY_SCRIPT_ID] });
  if (registered.length && statics) {
    await api.scripting.registerContentScripts([
      {
        id: POLICY_SCRIPT_ID,
        matches: registered,
        js: statics.js,
        runAt: 'document_start',
        allFrames: false,
        persistAcrossSessions: true,
      },
    ]);
  }
  return { registered, missing };
}

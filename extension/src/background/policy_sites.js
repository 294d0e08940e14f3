/**
 * Guarded sites the policy adds beyond the built-in list get the same content script, registered at
 * run time. The browser only injects where the extension has host access: the manifest grants it for
 * the built-in sites; for others an admin or the user grants it (options page), and until then they
 * are reported as missing in the status.
 */

import { matchPatternFor, patternHost } from '../common/sites.js';

export const POLICY_SCRIPT_ID = 'dlpguard-policy-sites';

/**
 * True when the browser match pattern `matchPattern` (`https://host/*`, `https://*.host/*`) runs on
 * `host` (a bare host, or `*.host` for every host under it).
 */
export function matchPatternCovers(matchPattern, host) {
  const m = /^https:\/\/(\*\.)?([^/]+)\/\*$/.exec(matchPattern);
  if (!m) return false;
  const [, wildcard, base] = m;
  const wanted = host.startsWith('*.') ? host.slice(2) : host;
  if (host.startsWith('*.')) return Boolean(wildcard) && (wanted === base || wanted.endsWith(`.${base}`));
  return wanted === base || (Boolean(wildcard) && wanted.endsWith(`.${base}`));
}

/** Match patterns the guarded sites need that the manifest's static content script does not cover. */
export function extraMatchPatterns(guardedSites, staticMatches) {
  const extra = [];
  for (const site of guardedSites) {
    const host = patternHost(site);
    if (staticMatches.some((p) => matchPatternCovers(p, host))) continue;
    const pattern = matchPatternFor(site);
    if (!extra.includes(pattern)) extra.push(pattern);
  }
  return extra;
}

/** With `sites.guard_everywhere` the content script runs on every https page (the allowlist is applied
 * per message by the service worker); this needs the optional host permission for all sites. */
export const EVERYWHERE = 'https://*/*';

/**
 * Registers the content script for the extra sites we may access; returns `{registered, missing}`.
 * `everywhere` (the policy's `sites.guard_everywhere`) asks for every https site instead. The manifest's
 * own matches are excluded, so no frame gets the scripts twice (they would keep the first copy anyway).
 */
export async function syncPolicySites(api, guardedSites, { everywhere = false } = {}) {
  const statics = api.runtime.getManifest().content_scripts?.[0];
  const wanted = everywhere ? [EVERYWHERE] : extraMatchPatterns(guardedSites, statics?.matches ?? []);
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
        ...(everywhere ? { excludeMatches: statics.matches } : {}),
        js: statics.js,
        runAt: 'document_start',
        allFrames: true,
        // about:blank, srcdoc and blob: frames of a guarded page (Chromium; Firefox has no such option)
        ...(statics.match_origin_as_fallback ? { matchOriginAsFallback: true } : {}),
        persistAcrossSessions: true,
      },
    ]);
  }
  return { registered, missing };
}

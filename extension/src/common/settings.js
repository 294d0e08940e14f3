/**
 * Settings and where they come from. An admin may force a few through the browser's enterprise policy
 * (managed storage, described by managed_schema.json); the user has a few preferences of their own.
 * Every value is type-checked against the defaults here, because Firefox does not enforce the managed
 * schema and a bad value must not switch the guard off.
 */

import { DEFAULT_FAIL_MODE, DEFAULT_VERDICT_TIMEOUT_MS, FAIL_MODES, NATIVE_HOST_NAME } from './generated.js';

/** Managed keys and the check each value must pass; an absent or bad value leaves the default. */
const MANAGED_RULES = Object.freeze({
  nativeHostName: (v) => typeof v === 'string' && /^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(v) && v.length <= 128,
  failMode: (v) => FAIL_MODES.includes(v),
  verdictTimeoutMs: (v) => Number.isInteger(v) && v >= 100 && v <= 120000,
  revealPlaceholders: (v) => typeof v === 'boolean',
});

export const PREF_DEFAULTS = Object.freeze({ reveal_placeholders: true });

/** `{values, ignored}`: the managed values that passed their check, and the keys that did not. */
export function typeCheckManaged(raw) {
  const values = {};
  const ignored = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { values, ignored };
  for (const [key, value] of Object.entries(raw)) {
    const rule = MANAGED_RULES[key];
    if (rule && rule(value)) values[key] = value;
    else ignored.push(key);
  }
  return { values, ignored };
}

/** The user's preferences, defaults filled in, unknown or mistyped keys dropped. */
export function typeCheckPrefs(raw) {
  const prefs = { ...PREF_DEFAULTS };
  if (raw === null || typeof raw !== 'object') return prefs;
  for (const [key, fallback] of Object.entries(PREF_DEFAULTS)) {
    if (typeof raw[key] === typeof fallback) prefs[key] = raw[key];
  }
  return prefs;
}

/** The verdict budget while the host says its engine is still loading. */
export const WARMUP_TIMEOUT_MS = 8000;

/**
 * What the guard runs with. Managed values win (the browser-level admin control); then the policy
 * summary from the host's last `hello`; then the built-in defaults. Until a policy is known the
 * built-in site list applies and the fail mode is closed.
 */
export function effectiveConfig({ managed = {}, policy = null, prefs = PREF_DEFAULTS, builtinSites, engineMode = null }) {
  const timeoutMs = managed.verdictTimeoutMs ?? policy?.verdict_timeout_ms ?? DEFAULT_VERDICT_TIMEOUT_MS;
  return {
    hostName: managed.nativeHostName ?? NATIVE_HOST_NAME,
    failMode: managed.failMode ?? policy?.fail_mode ?? DEFAULT_FAIL_MODE,
    // A host that just started loads its engine first (2-3 s without the tray app): a budget meant for a
    // warm engine would fail the first paste after every browser start. Until it reports ready, wait longer.
    timeoutMs: engineMode === 'loading' ? Math.max(timeoutMs, WARMUP_TIMEOUT_MS) : timeoutMs,
    guardedSites: policy?.guarded_sites ?? [...builtinSites],
    allowlistedSites: policy?.allowlisted_sites ?? [],
    guardEverywhere: policy?.guard_everywhere === true,
    maxScanChars: policy?.limits?.max_scan_chars ?? null,
    policyVersion: policy?.version ?? null,
    revealPlaceholders: managed.revealPlaceholders ?? prefs.reveal_placeholders,
  };
}

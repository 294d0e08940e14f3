/**
 * Site patterns, read exactly as dlpguard/policy/sites.py reads them, so the extension and the host
 * agree on which pages are guarded.
 *
 * A pattern is a host, optionally with a leading `*.` (any subdomain, not the bare domain) and
 * optionally a path prefix (`x.com/i/grok`). Hosts compare lowercase, without port or trailing dot.
 * The built-in list (the default policy's, until the host's `hello` names the policy's) is
 * BUILTIN_GUARDED_SITES in generated.js.
 */

function cleanHost(host) {
  let h = host.toLowerCase();
  const colon = h.indexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  return h.replace(/\.+$/, '');
}

/** [host, path] of a bare host, `host/path` or a full URL; path is null when only the host is known. */
export function splitSite(site) {
  const value = String(site).trim();
  if (value.includes('://')) {
    let url;
    try {
      url = new URL(value);
    } catch {
      return ['', null];
    }
    return [cleanHost(url.hostname), url.pathname || '/'];
  }
  const slash = value.indexOf('/');
  if (slash < 0) return [cleanHost(value), null];
  return [cleanHost(value.slice(0, slash)), value.slice(slash)];
}

/** True when `site` (a URL or host) falls under `pattern`. */
export function siteMatches(pattern, site) {
  const [host, path] = splitSite(site);
  if (!host) return false;
  const slash = pattern.indexOf('/');
  const pHost = (slash < 0 ? pattern : pattern.slice(0, slash)).toLowerCase();
  const pPath = slash < 0 ? '' : pattern.slice(slash + 1);
  if (pHost.startsWith('*.')) {
    const suffix = pHost.slice(1);
    if (!(host.endsWith(suffix) && host.length > suffix.length)) return false;
  } else if (host !== pHost) {
    return false;
  }
  // Knowing only the host, a path-qualified pattern matches the whole host: guarding too much is safe.
  if (!pPath || path === null) return true;
  const prefix = '/' + pPath.replace(/\/+$/, '');
  return path === prefix || path.startsWith(prefix + '/') || path.startsWith(prefix + '?');
}

export function anySiteMatches(patterns, site) {
  return patterns.some((pattern) => siteMatches(pattern, site));
}

/** The host part of a pattern (`*.example.com`, `x.com`), lowercase. */
export function patternHost(pattern) {
  const slash = pattern.indexOf('/');
  return cleanHost(slash < 0 ? pattern : pattern.slice(0, slash));
}

/**
 * The browser match pattern that lets a content script run where `pattern` may apply. Always the whole
 * host: single-page apps change path without reloading, so the service worker checks the path per event.
 */
export function matchPatternFor(pattern) {
  return `https://${patternHost(pattern)}/*`;
}

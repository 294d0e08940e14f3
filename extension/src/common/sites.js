/**
 * Site patterns and site spellings, read exactly as dlpguard/policy/sites.py reads them, so the
 * extension and the host agree on which pages are guarded. Both test suites run the one table in
 * tests/policy/site_cases.json.
 *
 * A pattern is a host, optionally with a leading `*.` and optionally a path prefix (`x.com/i/grok`).
 * `chatgpt.com` guards that host and every host under it, label by label (`www.chatgpt.com`, never
 * `evilchatgpt.com`); `*.corp.example` guards the hosts under it, not `corp.example` itself. A path
 * prefix matches whole segments, case-insensitively.
 *
 * A site (a URL, a bare host or `host/path`) is read once: host lowercased, IDNA turned into punycode,
 * userinfo, port and one trailing dot dropped; path with dot segments resolved, repeated slashes
 * collapsed and escaped unreserved characters decoded. A site that cannot be read so (control
 * characters, lone surrogates, a backslash, empty labels, a bad port) is unreadable: guarded, never
 * allowlisted. The built-in list (the default policy's, until the host's `hello` names the policy's) is
 * BUILTIN_GUARDED_SITES in generated.js.
 */

// C0 and C1 controls, space, DEL, line and paragraph separators, lone surrogates.
const REFUSED = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const HOST = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;
const PORT = /^[0-9]{0,5}$/;
const ESCAPE = /%([0-9A-Fa-f]{2})/g;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

export const SITE_STATUS = Object.freeze({
  GUARDED: 'guarded',
  ALLOWLISTED: 'allowlisted',
  NOT_GUARDED: 'not_guarded',
  UNREADABLE: 'unreadable', // treated as guarded: an odd spelling never earns an "allow"
});

function stripSpaces(value) {
  return value.replace(/^ +| +$/g, '');
}

/** A host as browsers read it (lowercase, punycode, one trailing dot dropped), or null. */
export function readHost(host) {
  let h = host;
  if (/[^\u0000-\u007f]/.test(h)) {
    try {
      h = new URL(`http://${h}`).hostname; // the browser's own IDNA (UTS #46)
    } catch {
      return null;
    }
  }
  h = h.toLowerCase();
  if (IPV6.test(h)) return h;
  if (h.endsWith('.')) h = h.slice(0, -1);
  return HOST.test(h) ? h : null;
}

function readAuthority(authority) {
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1); // userinfo goes, as browsers drop it
  let host;
  let port;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    host = close < 0 ? hostPort : hostPort.slice(0, close + 1);
    port = close < 0 ? '' : hostPort.slice(close + 1);
    if (port && !port.startsWith(':')) return null;
    port = port.slice(1);
  } else {
    const colon = hostPort.indexOf(':');
    host = colon < 0 ? hostPort : hostPort.slice(0, colon);
    port = colon < 0 ? '' : hostPort.slice(colon + 1);
  }
  if (!PORT.test(port) || (port && Number(port) > 65535)) return null;
  return readHost(host);
}

/** `/a/./b//c/../d` -> `/a/b/d`, `%7E` -> `~`, lowercase: the spellings that name one path. */
export function readPath(path) {
  const decoded = path.replace(ESCAPE, (whole, hex) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : whole;
  });
  const segments = [];
  for (const segment of decoded.toLowerCase().split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '' && segment !== '.') segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/** `{host, path}` of a URL, a bare host or `host/path` (path null: only the host is known); null when unreadable. */
export function readSite(site) {
  let value = stripSpaces(String(site));
  if (!value || REFUSED.test(value) || value.includes('\\')) return null;
  const sep = value.indexOf('://');
  const isUrl = sep >= 0;
  if (isUrl) {
    if (!SCHEME.test(value.slice(0, sep))) return null;
    value = value.slice(sep + 3);
  }
  const found = value.search(/[/?#]/);
  const end = found < 0 ? value.length : found;
  const host = readAuthority(value.slice(0, end));
  if (host === null) return null;
  const tail = value.slice(end);
  if (!tail) return { host, path: isUrl ? '/' : null };
  return { host, path: readPath(tail.split(/[?#]/, 1)[0]) };
}

/** [host, path] of a site; ['', null] when it cannot be read. */
export function splitSite(site) {
  const address = readSite(site);
  return address ? [address.host, address.path] : ['', null];
}

function patternHostOf(host) {
  const wildcard = host.startsWith('*.');
  let h = (wildcard ? host.slice(2) : host).toLowerCase();
  const colon = h.indexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return { wildcard, host: h };
}

const patternCache = new Map();

function readPattern(pattern) {
  let read = patternCache.get(pattern);
  if (read) return read;
  const value = stripSpaces(pattern);
  const slash = value.indexOf('/');
  const { wildcard, host } = patternHostOf(slash < 0 ? value : value.slice(0, slash));
  const prefix = readPath(slash < 0 ? '' : value.slice(slash + 1));
  read = { wildcard, host, path: prefix === '/' ? null : prefix };
  if (patternCache.size < 1024) patternCache.set(pattern, read);
  return read;
}

/** How closely `pattern` names `address`, as [labels, exact host, path depth]; null when it does not. */
function specificity(pattern, address, unknownPathMatches) {
  const p = readPattern(pattern);
  const under = address.host.endsWith(`.${p.host}`);
  if (!(p.wildcard ? under : address.host === p.host || under)) return null;
  if (p.path !== null) {
    if (address.path === null) {
      if (!unknownPathMatches) return null;
    } else if (!(address.path === p.path || address.path.startsWith(`${p.path}/`))) {
      return null;
    }
  }
  return [p.host.split('.').length, p.wildcard ? 0 : 1, p.path === null ? 0 : p.path.split('/').length - 1];
}

function compare(a, b) {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function closest(patterns, address, unknownPathMatches) {
  let best = null;
  for (const pattern of patterns) {
    const score = specificity(pattern, address, unknownPathMatches);
    if (score && (best === null || compare(score, best) > 0)) best = score;
  }
  return best;
}

/**
 * Whether `site` is guarded (one of SITE_STATUS). When a guarded and an allowlisted pattern both name
 * it, the closer one wins (more host labels, then an exact host over `*.`, then a deeper path); a tie
 * goes to the allowlist. Knowing only the host, a path-qualified guarded pattern guards the whole host
 * while a path-qualified allowlisted one exempts nothing.
 */
export function siteStatus(guarded, allowlisted, site) {
  const address = readSite(site);
  if (address === null) return SITE_STATUS.UNREADABLE;
  const guard = closest(guarded, address, true);
  const allow = closest(allowlisted, address, false);
  if (allow !== null && (guard === null || compare(allow, guard) >= 0)) return SITE_STATUS.ALLOWLISTED;
  return guard !== null ? SITE_STATUS.GUARDED : SITE_STATUS.NOT_GUARDED;
}

/** True when `site` must be checked: guarded, or unreadable. */
export function siteGuarded(guarded, allowlisted, site) {
  const status = siteStatus(guarded, allowlisted, site);
  return status === SITE_STATUS.GUARDED || status === SITE_STATUS.UNREADABLE;
}

/** True when `site` (a URL or host) is readable and falls under `pattern`. */
export function siteMatches(pattern, site) {
  const address = readSite(site);
  return address !== null && specificity(pattern, address, true) !== null;
}

export function anySiteMatches(patterns, site) {
  return patterns.some((pattern) => siteMatches(pattern, site));
}

/** The host part of a pattern (`*.example.com`, `x.com`), lowercase, without port or trailing dot. */
export function patternHost(pattern) {
  const value = stripSpaces(pattern);
  const slash = value.indexOf('/');
  const { wildcard, host } = patternHostOf(slash < 0 ? value : value.slice(0, slash));
  return (wildcard ? '*.' : '') + host;
}

/**
 * The browser match pattern that lets a content script run where `pattern` may apply. Always the whole
 * host: single-page apps change path without reloading, so the service worker checks the path per event.
 */
export function matchPatternFor(pattern) {
  return `https://${patternHost(pattern)}/*`;
}

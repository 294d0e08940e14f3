/**
 * JavaScript strings count UTF-16 code units; the host's limits (and JSON Schema's lengths) count
 * code points, as Python does. Host offsets arrive in UTF-16 already (dlpguard/bridge/utf16.py), so
 * slicing is direct; these helpers cover what remains: counting as Python counts, and never cutting
 * a character above U+FFFF in half.
 */

function isHigh(code) {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code) {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** `len(text)` in Python: surrogate pairs count once. */
export function codePointLength(text) {
  let n = text.length;
  for (let i = 1; i < text.length; i += 1) {
    if (isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) n -= 1;
  }
  return n;
}

/** `text.slice(start, end)`, clamped, never starting or ending inside a surrogate pair. */
export function safeSlice(text, start, end) {
  let s = Math.max(0, Math.min(start, text.length));
  let e = Math.max(s, Math.min(end, text.length));
  if (s > 0 && isLow(text.charCodeAt(s)) && isHigh(text.charCodeAt(s - 1))) s -= 1;
  if (e < text.length && isLow(text.charCodeAt(e)) && isHigh(text.charCodeAt(e - 1))) e += 1;
  return text.slice(s, e);
}

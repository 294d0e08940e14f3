/**
 * What the user is shown about a finding, and how masked text is rebuilt.
 *
 * Offsets from the host are UTF-16 code units, which is how JavaScript indexes strings, so
 * `text.slice(start, end)` is the finding even after emoji. Previews show only a few characters of a
 * value; they exist only inside the extension's closed overlay, never in the page or a log.
 */

import { CATEGORY_ORDER } from './generated.js';
import { safeSlice } from './utf16.js';

const BULLET = '\u2022';
const MAX_BULLETS = 8;
const MAX_ITEMS_PER_CATEGORY = 5;

/** A value with most of it hidden: `AKIA••••••••MPLE` style, by code points so emoji stay whole. */
export function previewValue(value) {
  const chars = Array.from(String(value).replace(/\s+/g, ' ').trim());
  const n = chars.length;
  const keep = n >= 16 ? 3 : n >= 8 ? 2 : n >= 5 ? 1 : 0;
  const hidden = Math.min(Math.max(n - 2 * keep, 1), MAX_BULLETS);
  return chars.slice(0, keep).join('') + BULLET.repeat(hidden) + (keep ? chars.slice(n - keep).join('') : '');
}

function categoryRank(category) {
  const i = CATEGORY_ORDER.indexOf(category);
  return i < 0 ? CATEGORY_ORDER.length : i;
}

/**
 * Findings grouped by category for the overlay: `[{category, count, items: [{entity_type, preview,
 * action}]}]`, most harmful category first, at most a few items each (`count` is the full number).
 */
export function findingsDisplay(text, findings) {
  const groups = new Map();
  for (const f of findings) {
    const category = typeof f.category === 'string' && f.category ? f.category : 'other';
    let group = groups.get(category);
    if (!group) {
      group = { category, count: 0, items: [] };
      groups.set(category, group);
    }
    group.count += 1;
    if (group.items.length < MAX_ITEMS_PER_CATEGORY) {
      group.items.push({
        entity_type: f.entity_type,
        preview: previewValue(safeSlice(text, f.start, f.end)),
        action: f.action,
      });
    }
  }
  return [...groups.values()].sort((a, b) => categoryRank(a.category) - categoryRank(b.category));
}

/**
 * `text` with each replacement applied (`text.slice(start, end)` becomes `replacement`), or null when
 * the list cannot be trusted: out of range, unordered or overlapping.
 */
export function applyReplacements(text, replacements) {
  const sorted = [...replacements].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of sorted) {
    if (!Number.isInteger(r.start) || !Number.isInteger(r.end)) return null;
    if (r.start < at || r.end < r.start || r.end > text.length) return null;
    out += text.slice(at, r.start) + r.replacement;
    at = r.end;
  }
  return out + text.slice(at);
}

/**
 * The masked text a verdict offers, or null when none can be trusted. A host that had to drop the
 * masked text to stay under the message limit still sends the replacements; once findings were cut
 * too, nothing masks everything, and "send masked" must not be offered (docs/protocol.md).
 */
export function maskedTextOf(verdict, text) {
  if (verdict.findings_truncated) return null;
  if (typeof verdict.masked_text === 'string') return verdict.masked_text;
  if (!verdict.masked_text_omitted || !Array.isArray(verdict.replacements) || !verdict.replacements.length) return null;
  return applyReplacements(text, verdict.replacements);
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATEGORY_ORDER } from '../../src/common/generated.js';
import { applyReplacements, findingsDisplay, maskedTextOf, previewValue } from '../../src/common/masking.js';

const PREVIEWS = [
  ['AKIAIOSFODNN7EXAMPLE', 'AKI\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022PLE'],
  ['alice@example.com', 'ali\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022com'],
  ['4539148803436467', '453\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022467'],
  ['Jane Doe', 'Ja\u2022\u2022\u2022\u2022oe'],
  ['12345', '1\u2022\u2022\u20225'],
  ['1234', '\u2022\u2022\u2022\u2022'],
  ['x', '\u2022'],
  ['line1\nline2 \t end', 'li\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022nd'],
  ['\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}', '\u{1F600}\u2022\u2022\u2022\u{1F600}'],
];

for (const [value, preview] of PREVIEWS) {
  test(`preview of ${JSON.stringify(value)} shows only its edges`, () => {
    assert.equal(previewValue(value), preview);
  });
}

test('a preview never shows more than a few characters of a long secret', () => {
  const secret = 'ghp_' + 'a'.repeat(36);
  const preview = previewValue(secret);
  assert.ok(preview.length <= 3 + 8 + 3);
  assert.ok(!preview.includes('aaaa'));
});

test('host offsets are UTF-16: an emoji before a finding needs no conversion in JavaScript', () => {
  // docs/protocol.md's example: the card starts at code point 9 but at UTF-16 unit 11.
  const text = '\u{1F9D1}\u200D\u{1F4BB} card 4539 1488 0343 6467';
  const finding = { entity_type: 'CREDIT_CARD', category: 'financial', start: 11, end: 30, action: 'block' };
  assert.equal(text.slice(finding.start, finding.end), '4539 1488 0343 6467');
  const [group] = findingsDisplay(text, [finding]);
  assert.equal(group.items[0].preview, previewValue('4539 1488 0343 6467'));
});

test('findings are grouped by category, most harmful first, a few previews each', () => {
  const text = 'a@x.io b@x.io c@x.io d@x.io e@x.io f@x.io AKIAIOSFODNN7EXAMPLE';
  const emails = [...text.matchAll(/\S+@x\.io/g)].map((m) => ({ entity_type: 'EMAIL_ADDRESS', category: 'contact', start: m.index, end: m.index + m[0].length, action: 'mask' }));
  const key = { entity_type: 'AWS_ACCESS_KEY', category: 'secret', start: text.indexOf('AKIA'), end: text.length, action: 'block' };
  const groups = findingsDisplay(text, [...emails, key, { entity_type: 'X', category: 'mystery', start: 0, end: 1, action: 'warn' }]);
  assert.deepEqual(groups.map((g) => [g.category, g.count, g.items.length]), [['secret', 1, 1], ['contact', 6, 5], ['mystery', 1, 1]]);
});

test('categories are listed in the engine\'s order of harm (dlpguard/engine/resolve.py)', () => {
  const findings = [...CATEGORY_ORDER].reverse().map((category, i) => ({ entity_type: 'X', category, start: i, end: i + 1, action: 'warn' }));
  const groups = findingsDisplay('x'.repeat(CATEGORY_ORDER.length), findings);
  assert.deepEqual(groups.map((g) => g.category), [...CATEGORY_ORDER]);
});

test('replacements rebuild the masked text, also after an emoji', () => {
  const text = '\u{1F600} mail bob@example.com now';
  const start = text.indexOf('bob');
  const masked = applyReplacements(text, [{ start, end: start + 15, replacement: '<EMAIL_ADDRESS_1>' }]);
  assert.equal(masked, '\u{1F600} mail <EMAIL_ADDRESS_1> now');
});

test('replacements that overlap or leave the text are refused', () => {
  assert.equal(applyReplacements('abcdef', [{ start: 0, end: 3, replacement: 'x' }, { start: 2, end: 4, replacement: 'y' }]), null);
  assert.equal(applyReplacements('abc', [{ start: 1, end: 9, replacement: 'x' }]), null);
  assert.equal(applyReplacements('abc', [{ start: 1.5, end: 2, replacement: 'x' }]), null);
  assert.equal(applyReplacements('abcdef', [{ start: 4, end: 5, replacement: 'Y' }, { start: 0, end: 1, replacement: 'X' }]), 'XbcdYf');
});

test('masked text: given, rebuilt when omitted, refused when findings were cut', () => {
  const text = 'key AKIAIOSFODNN7EXAMPLE';
  const replacements = [{ start: 4, end: 24, replacement: '[REDACTED]' }];
  assert.equal(maskedTextOf({ masked_text: 'key [X]', replacements }, text), 'key [X]');
  assert.equal(maskedTextOf({ masked_text: null, masked_text_omitted: true, replacements }, text), 'key [REDACTED]');
  assert.equal(maskedTextOf({ masked_text: null, masked_text_omitted: true, findings_truncated: true, replacements }, text), null);
  assert.equal(maskedTextOf({ masked_text: null, masked_text_omitted: false, replacements: [] }, text), null);
});

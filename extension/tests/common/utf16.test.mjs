import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePointLength, safeSlice } from '../../src/common/utf16.js';

const LENGTHS = [
  ['', 0],
  ['abc', 3],
  ['\u{1F600}', 1],
  ['\u{1F9D1}\u200D\u{1F4BB} card', 8], // the protocol example: three code points, five UTF-16 units
  ['\u{1D54F}x', 2],
  ['\uD800', 1], // a lone surrogate counts once, as Python counts it
  ['\uDC00\uD800', 2],
];

for (const [text, length] of LENGTHS) {
  test(`${JSON.stringify(text)} is ${length} code points`, () => {
    assert.equal(codePointLength(text), length);
  });
}

test('a slice that would cut a surrogate pair in half keeps the whole character', () => {
  const text = 'a\u{1F600}b';
  assert.equal(safeSlice(text, 2, 4), '\u{1F600}b');
  assert.equal(safeSlice(text, 0, 2), 'a\u{1F600}');
  assert.equal(safeSlice(text, -5, 99), text);
  assert.equal(safeSlice(text, 3, 1), '');
});

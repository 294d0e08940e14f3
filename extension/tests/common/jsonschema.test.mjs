import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../src/common/jsonschema.js';

const SCHEMA = {
  $defs: {
    item: { type: 'object', additionalProperties: false, required: ['n'], properties: { n: { type: 'integer', minimum: 0, maximum: 9 } } },
  },
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name'],
  properties: {
    kind: { const: 'thing' },
    name: { type: 'string', minLength: 2, maxLength: 4, pattern: '^[a-z\u{1F600}]+$' },
    mode: { enum: ['a', 'b'] },
    note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    items: { type: 'array', minItems: 1, items: { $ref: '#/$defs/item' } },
    either: { oneOf: [{ type: 'integer' }, { type: 'number', exclusiveMinimum: 5 }] },
  },
};

const CASES = [
  ['a valid object', { kind: 'thing', name: 'ab' }, 0],
  ['a missing required field', { kind: 'thing' }, 1],
  ['an unknown field', { kind: 'thing', name: 'ab', extra: 1 }, 1],
  ['a wrong const', { kind: 'other', name: 'ab' }, 1],
  ['a string too long', { kind: 'thing', name: 'abcde' }, 1],
  ['length counted in code points, as Python counts', { kind: 'thing', name: '\u{1F600}\u{1F600}\u{1F600}\u{1F600}' }, 0],
  ['a pattern mismatch', { kind: 'thing', name: 'AB' }, 1],
  ['a value outside an enum', { kind: 'thing', name: 'ab', mode: 'c' }, 1],
  ['null where anyOf allows it', { kind: 'thing', name: 'ab', note: null }, 0],
  ['a number where anyOf does not allow it', { kind: 'thing', name: 'ab', note: 3 }, 1],
  ['a $ref item out of range', { kind: 'thing', name: 'ab', items: [{ n: 10 }] }, 1],
  ['a float where an integer is required', { kind: 'thing', name: 'ab', items: [{ n: 1.5 }] }, 1],
  ['an empty array under minItems', { kind: 'thing', name: 'ab', items: [] }, 1],
  ['oneOf matching exactly one', { kind: 'thing', name: 'ab', either: 5.5 }, 0],
  ['oneOf matching two', { kind: 'thing', name: 'ab', either: 6 }, 1],
  ['an array where an object is required', [], 1],
];

for (const [what, value, problems] of CASES) {
  test(`validator: ${what}`, () => {
    assert.equal(validate(SCHEMA, value).length, problems, JSON.stringify(validate(SCHEMA, value)));
  });
}

test('a schema keyword the validator does not know fails loudly instead of passing', () => {
  assert.throws(() => validate({ type: 'string', format: 'email', contentEncoding: 'base64' }, 'x'), /unsupported JSON Schema keyword 'contentEncoding'/);
});

test('only local references are followed', () => {
  assert.throws(() => validate({ $ref: 'https://example.org/s.json' }, 1), /only local \$ref/);
  assert.throws(() => validate({ $ref: '#/$defs/missing' }, 1), /unresolved/);
});

test('string lengths count code points both ways, however long the text', () => {
  assert.equal(validate({ minLength: 2 }, '\u{1F600}').length, 1, 'one emoji is one character');
  assert.equal(validate({ minLength: 2 }, '\u{1F600}\u{1F600}').length, 0);
  assert.equal(validate({ maxLength: 3 }, '\u{1F600}\u{1F600}\u{1F600}').length, 0);
  assert.equal(validate({ maxLength: 3 }, 'abcd').length, 1);
});

/**
 * src/common/generated.js and docs/protocol.schema.json are both generated from the Python side
 * (`python -m dlpguard.bridge.regenerate`; tests/bridge/test_regenerate.py fails while either is stale).
 * These tests need no Python: the two generated files must agree with each other.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as generated from '../../src/common/generated.js';
import { SRC, protocolSchema } from '../helpers/paths.mjs';

const schema = protocolSchema();
const defs = schema.$defs;
const refs = (kind) => defs[kind].oneOf.map((r) => r.$ref.split('/').at(-1));

test('generated.js says it is generated, and by what', () => {
  const text = readFileSync(join(SRC, 'common', 'generated.js'), 'utf8');
  assert.match(text.slice(0, 400), /Generated from Python by\s+\* `python -m dlpguard\.bridge\.regenerate`.*do not edit/s);
});

test('every generated value is frozen or a primitive', () => {
  for (const [name, value] of Object.entries(generated)) {
    if (value !== null && typeof value === 'object') assert.ok(Object.isFrozen(value), name);
  }
});

test('the message types and vocabularies are the schema\'s', () => {
  assert.deepEqual([...generated.REQUEST_TYPES], refs('request'));
  assert.deepEqual([...generated.REPLY_TYPES], refs('reply'));
  assert.equal(defs.hello.properties.v.const, generated.PROTOCOL_VERSION);
  assert.deepEqual([...generated.SCAN_EVENTS], defs.scan.properties.event.enum);
  assert.deepEqual([...generated.USER_ACTIONS], defs.decision.properties.user_action.enum);
  assert.deepEqual([...generated.VERDICT_ACTIONS], defs.verdict.properties.action.enum);
  assert.deepEqual([...generated.FAIL_MODES], defs.policy_summary.properties.fail_mode.enum);
  assert.ok(generated.FAIL_MODES.includes(generated.DEFAULT_FAIL_MODE));
});

test('the request field limits are the schema\'s', () => {
  const limits = {};
  for (const kind of generated.REQUEST_TYPES) {
    for (const [field, spec] of Object.entries(defs[kind].properties)) {
      for (const s of [spec, ...(spec.anyOf ?? [])]) if (s.maxLength !== undefined) limits[field] = s.maxLength;
    }
  }
  assert.deepEqual({ ...generated.FIELD_MAX_LENGTH }, limits);
});

test('categories and built-in sites are lists without repeats', () => {
  for (const list of [generated.CATEGORY_ORDER, generated.BUILTIN_GUARDED_SITES]) {
    assert.ok(list.length > 0);
    assert.equal(new Set(list).size, list.length);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { WARMUP_TIMEOUT_MS, effectiveConfig, typeCheckManaged, typeCheckPrefs } from '../../src/common/settings.js';
import { BUILTIN_GUARDED_SITES } from '../../src/common/generated.js';
import { EXTENSION, readJson } from '../helpers/paths.mjs';

test('managed values that pass their check are kept; the others are named and ignored', () => {
  const { values, ignored } = typeCheckManaged({
    nativeHostName: 'com.acme.dlp',
    failMode: 'sideways',
    verdictTimeoutMs: 3000,
    revealPlaceholders: 'no',
    somethingElse: 1,
  });
  assert.deepEqual(values, { nativeHostName: 'com.acme.dlp', verdictTimeoutMs: 3000 });
  assert.deepEqual(ignored.sort(), ['failMode', 'revealPlaceholders', 'somethingElse']);
});

const BAD_VALUES = [
  ['nativeHostName', 'Com.Acme'],
  ['nativeHostName', '../../evil'],
  ['verdictTimeoutMs', 50],
  ['verdictTimeoutMs', 1.5e3 + 0.5],
  ['verdictTimeoutMs', '1500'],
  ['failMode', null],
];

for (const [key, value] of BAD_VALUES) {
  test(`managed ${key}=${JSON.stringify(value)} is ignored`, () => {
    assert.deepEqual(typeCheckManaged({ [key]: value }).values, {});
  });
}

test('managed storage that is not an object is ignored whole', () => {
  for (const raw of [null, undefined, [], 'x']) assert.deepEqual(typeCheckManaged(raw), { values: {}, ignored: [] });
});

test('managed settings win over the policy, the policy over the defaults', () => {
  const policy = { fail_mode: 'open', verdict_timeout_ms: 900, guarded_sites: ['chat.example.org'], allowlisted_sites: ['a.example'], limits: { max_scan_chars: 10 }, version: 4 };
  const base = effectiveConfig({ builtinSites: BUILTIN_GUARDED_SITES });
  assert.equal(base.failMode, 'closed');
  assert.equal(base.timeoutMs, 1500);
  assert.equal(base.hostName, 'com.dlpguard.host');
  assert.deepEqual(base.guardedSites, [...BUILTIN_GUARDED_SITES]);
  const withPolicy = effectiveConfig({ policy, builtinSites: BUILTIN_GUARDED_SITES });
  assert.deepEqual([withPolicy.failMode, withPolicy.timeoutMs, withPolicy.guardedSites, withPolicy.maxScanChars], ['open', 900, ['chat.example.org'], 10]);
  const managed = effectiveConfig({ policy, managed: { failMode: 'closed', verdictTimeoutMs: 2500, revealPlaceholders: false }, builtinSites: BUILTIN_GUARDED_SITES });
  assert.deepEqual([managed.failMode, managed.timeoutMs, managed.revealPlaceholders], ['closed', 2500, false]);
});

test('user preferences keep their types and defaults', () => {
  assert.deepEqual(typeCheckPrefs({ reveal_placeholders: false, other: 1 }), { reveal_placeholders: false });
  assert.deepEqual(typeCheckPrefs({ reveal_placeholders: 'no' }), { reveal_placeholders: true });
  assert.deepEqual(typeCheckPrefs(null), { reveal_placeholders: true });
});

test('managed_schema.json describes exactly the keys the extension reads, and its examples pass', () => {
  const schema = readJson(join(EXTENSION, 'managed_schema.json'));
  const sample = { nativeHostName: 'com.dlpguard.host', failMode: 'closed', verdictTimeoutMs: 1500, revealPlaceholders: true };
  assert.deepEqual(Object.keys(schema.properties).sort(), Object.keys(sample).sort());
  assert.deepEqual(typeCheckManaged(sample).values, sample);
  assert.deepEqual(schema.properties.failMode.enum, ['closed', 'open']);
});

test('while the host is still loading its engine the verdict budget is the warm-up budget', () => {
  const policy = { verdict_timeout_ms: 900 };
  const loading = effectiveConfig({ policy, builtinSites: BUILTIN_GUARDED_SITES, engineMode: 'loading' });
  assert.equal(loading.timeoutMs, WARMUP_TIMEOUT_MS);
  const ready = effectiveConfig({ policy, builtinSites: BUILTIN_GUARDED_SITES, engineMode: 'ner' });
  assert.equal(ready.timeoutMs, 900);
  const longer = effectiveConfig({ policy: { verdict_timeout_ms: 20000 }, builtinSites: BUILTIN_GUARDED_SITES, engineMode: 'loading' });
  assert.equal(longer.timeoutMs, 20000, 'a longer policy budget is kept');
});

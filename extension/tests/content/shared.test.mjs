/**
 * The content scripts' copy of the generated values (`content/shared.js`, a classic script) holds exactly
 * what the background's ES module (`common/generated.js`) exports: both are made from Python in one run.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import * as generated from '../../src/common/generated.js';
import { SRC } from '../helpers/paths.mjs';

function loadShared() {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(join(SRC, 'content', 'shared.js'), 'utf8'), context);
  return context.DLPG.shared;
}

test('content/shared.js exposes every generated value, equal to the module', () => {
  const shared = loadShared();
  assert.deepEqual(Object.keys(shared).sort(), Object.keys(generated).sort());
  for (const [name, value] of Object.entries(generated)) {
    assert.deepEqual(JSON.parse(JSON.stringify(shared[name])), JSON.parse(JSON.stringify(value)), name);
  }
});

test('the shared values cannot be changed by a later content script', () => {
  const shared = loadShared();
  assert.ok(Object.isFrozen(shared));
  assert.ok(Object.isFrozen(shared.FAIL_MODES));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeNativeHost } from '../helpers/fake_host.mjs';
import { EXTENSION_ORIGIN, fakeBrowser, senders } from '../helpers/fake_browser.mjs';
import { waitFor } from '../helpers/page.mjs';
import { REPO } from '../helpers/paths.mjs';

test('the worker entry point wires the browser API, loading the packaged protocol schema', async () => {
  const host = new FakeNativeHost();
  const browser = fakeBrowser({ host });
  const fetched = [];
  globalThis.chrome = browser.api;
  globalThis.fetch = async (url) => {
    fetched.push(url);
    const schema = readFileSync(join(REPO, 'docs', 'protocol.schema.json'), 'utf8');
    return { json: async () => JSON.parse(schema) };
  };
  try {
    await import('../../src/background/main.js');
    assert.equal(browser.api.runtime.onMessage.listeners.length, 1);
    await waitFor(() => host.sent('hello').length === 1, { what: 'the hello at start' });
    const answer = await browser.send({ type: 'scan', event: 'paste', text: 'hello' }, senders.content('https://chatgpt.com/'));
    assert.equal(answer.status, 'verdict');
    assert.deepEqual(fetched, [`${EXTENSION_ORIGIN}common/protocol.schema.json`]);
    assert.deepEqual(host.sent('hello')[0].browser, 'chromium');
  } finally {
    delete globalThis.chrome;
    delete globalThis.fetch;
  }
});

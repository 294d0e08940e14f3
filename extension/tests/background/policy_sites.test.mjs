import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVERYWHERE, POLICY_SCRIPT_ID, extraMatchPatterns } from '../../src/background/policy_sites.js';
import { startBackground } from '../../src/background/service.js';
import { BUILTIN_GUARDED_SITES } from '../../src/common/generated.js';
import { FakeNativeHost } from '../helpers/fake_host.mjs';
import { fakeBrowser } from '../helpers/fake_browser.mjs';
import { waitFor } from '../helpers/page.mjs';
import { manifest, protocolSchema } from '../helpers/paths.mjs';

const STATIC = manifest('chromium').content_scripts[0];

test('the built-in sites need nothing beyond the manifest', () => {
  assert.deepEqual(extraMatchPatterns(BUILTIN_GUARDED_SITES, STATIC.matches), []);
});

test('sites the policy adds are turned into match patterns once each', () => {
  const sites = ['chatgpt.com', 'chat.example.org', 'chat.example.org/team', '*.llm.corp.example'];
  assert.deepEqual(extraMatchPatterns(sites, STATIC.matches), ['https://chat.example.org/*', 'https://*.llm.corp.example/*']);
});

async function backgroundWith(granted) {
  const host = new FakeNativeHost({ policy: { guarded_sites: ['chatgpt.com', 'chat.example.org', 'ai.internal.example'] } });
  const browser = fakeBrowser({ host, granted });
  const bg = startBackground(browser.api, { loadSchema: () => protocolSchema() });
  await bg.started;
  await waitFor(async () => (await bg.describe()).sites.missing.length + browser.api.scripting.registered.size > 0, { what: 'the site sync' });
  return { browser, bg };
}

test('a policy site the extension may access gets the same content scripts at document_start', async () => {
  const { browser, bg } = await backgroundWith(['https://chat.example.org/*']);
  const script = browser.api.scripting.registered.get(POLICY_SCRIPT_ID);
  assert.deepEqual(script.matches, ['https://chat.example.org/*']);
  assert.deepEqual(script.js, STATIC.js);
  assert.equal(script.runAt, 'document_start');
  assert.deepEqual((await bg.describe()).sites.missing, ['https://ai.internal.example/*']);
});

test('granting access later registers the site without a restart', async () => {
  const { browser, bg } = await backgroundWith([]);
  assert.equal(browser.api.scripting.registered.size, 0);
  browser.permissions.add('https://chat.example.org/*');
  browser.permissions.add('https://ai.internal.example/*');
  for (const listener of browser.api.permissions.onAdded.listeners) listener({ origins: [] });
  await waitFor(() => browser.api.scripting.registered.get(POLICY_SCRIPT_ID)?.matches.length === 2, { what: 'registration' });
  assert.deepEqual((await bg.describe()).sites.missing, []);
});

test('catalogue hosts and their subdomains need nothing beyond the manifest; a host outside it does', () => {
  const sites = ['www.chatgpt.com', 'eu.chat.qwen.ai', 'kimi.com/chat', '*.deepseek.com', 'chat.example.org'];
  assert.deepEqual(extraMatchPatterns(sites, STATIC.matches), ['https://chat.example.org/*']);
});

test('guard_everywhere registers the content scripts on every https site once access is granted', async () => {
  const host = new FakeNativeHost({ policy: { guard_everywhere: true, allowlisted_sites: ['intranet.example'] } });
  const browser = fakeBrowser({ host, granted: [] });
  const bg = startBackground(browser.api, { loadSchema: () => protocolSchema() });
  await bg.started;
  await waitFor(async () => (await bg.describe()).sites.missing.length > 0, { what: 'the site sync' });
  assert.deepEqual((await bg.describe()).sites.missing, [EVERYWHERE]);
  browser.permissions.add(EVERYWHERE);
  for (const listener of browser.api.permissions.onAdded.listeners) listener({ origins: [EVERYWHERE] });
  await waitFor(() => browser.api.scripting.registered.get(POLICY_SCRIPT_ID), { what: 'registration' });
  const script = browser.api.scripting.registered.get(POLICY_SCRIPT_ID);
  assert.deepEqual(script.matches, [EVERYWHERE]);
  assert.deepEqual(script.excludeMatches, STATIC.matches); // a catalogue page never gets the scripts twice
  assert.equal(script.allFrames, true);
  // Any https page is guarded now, except the allowlist.
  const { senders } = await import('../helpers/fake_browser.mjs');
  assert.equal((await browser.send({ type: 'scan', event: 'paste', text: 'x' }, senders.content('https://news.example/'))).status, 'verdict');
  assert.equal((await browser.send({ type: 'scan', event: 'paste', text: 'x' }, senders.content('https://intranet.example/'))).status, 'unguarded');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HANDLERS } from '../../src/background/handlers.js';
import { startBackground } from '../../src/background/service.js';
import { FakeNativeHost, findingOf, verdictReply } from '../helpers/fake_host.mjs';
import { fakeBrowser, senders } from '../helpers/fake_browser.mjs';
import { waitFor } from '../helpers/page.mjs';
import { protocolSchema } from '../helpers/paths.mjs';

const GUARDED = 'https://chatgpt.com/c/abc?model=x#frag';

async function background({ host = new FakeNativeHost(), managed = {}, granted = [], waitForPolicy = true } = {}) {
  const browser = fakeBrowser({ host, managed, granted });
  const bg = startBackground(browser.api, { loadSchema: () => protocolSchema() });
  await bg.started;
  if (waitForPolicy) await waitFor(async () => (await bg.describe()).policy, { what: 'hello' });
  return { host, browser, bg, send: (message, sender) => browser.send(message, sender) };
}

// -- tiers: one row per message type ----------------------------------------------------------------

const VALID = {
  guard_status: { type: 'guard_status' },
  scan: { type: 'scan', event: 'paste', text: 'hello' },
  scan_file: { type: 'scan_file', event: 'upload', name: 'a.txt', data: 'aGVsbG8=', size: 5 },
  decision: { type: 'decision', incident_id: null, user_action: 'cancel' },
  restore: { type: 'restore', text: '<PERSON_1>' },
  visit: { type: 'visit' },
  status: { type: 'status' },
  settings: { type: 'settings' },
};

const SENDERS = {
  'a content script on a guarded site': senders.content(GUARDED),
  'a content script in a subframe': senders.subframe(GUARDED),
  'a content script in an about:blank subframe of a guarded page': senders.blankFrame('https://chatgpt.com'),
  'a content script in a srcdoc subframe of a guarded page (no origin given)': { ...senders.subframe('about:srcdoc'), tab: { id: 7, url: GUARDED } },
  'a content script in a data: subframe (opaque origin)': { ...senders.subframe('data:text/html,x'), origin: 'null' },
  'a content script in an about:blank subframe of an http page': senders.blankFrame('http://chatgpt.com'),
  'a content script on a plain-http page': senders.content('http://chatgpt.com/'),
  'an extension page': senders.extensionPage(),
  'another extension': senders.otherExtension(GUARDED),
  'a sender without a tab': { id: senders.content(GUARDED).id, url: GUARDED },
};

const ALLOWED = {
  content: [
    'a content script on a guarded site',
    'a content script in a subframe',
    'a content script in an about:blank subframe of a guarded page',
    'a content script in a srcdoc subframe of a guarded page (no origin given)',
  ],
  extension: ['an extension page'],
};

test('the handler table names a tier for every message type, and the privileged ones are few', () => {
  assert.deepEqual(Object.keys(VALID).sort(), Object.keys(HANDLERS).sort());
  const ofTier = (tier) => Object.keys(HANDLERS).filter((type) => HANDLERS[type].tier === tier).sort();
  assert.deepEqual(ofTier('content'), ['decision', 'guard_status', 'restore', 'scan', 'scan_file', 'visit']);
  assert.deepEqual(ofTier('extension'), ['settings', 'status']);
  assert.equal(ofTier('content').length + ofTier('extension').length, Object.keys(HANDLERS).length);
});

for (const [type, row] of Object.entries(HANDLERS)) {
  for (const [who, sender] of Object.entries(SENDERS)) {
    const allowed = ALLOWED[row.tier].includes(who);
    test(`${type} (${row.tier} tier) from ${who} is ${allowed ? 'served' : 'refused'}`, async () => {
      const { send } = await background();
      const answer = await send(VALID[type], sender);
      if (allowed) assert.notEqual(answer.status, 'rejected', JSON.stringify(answer));
      else assert.deepEqual(answer, { status: 'rejected', reason: 'forbidden' });
    });
  }
}

const MALFORMED = [
  ['an unknown type', { type: 'eval', code: '1' }, 'unknown_type'],
  ['no type', { text: 'x' }, 'unknown_type'],
  ['a type inherited from Object', { type: 'toString' }, 'unknown_type'],
  ['a scan naming its own conversation', { type: 'scan', event: 'paste', text: 'x', conversation_id: 'tab-1' }, 'invalid'],
  ['a scan naming its own url', { type: 'scan', event: 'paste', text: 'x', url: 'https://elsewhere/' }, 'invalid'],
  ['a scan with an unknown event', { type: 'scan', event: 'typing', text: 'x' }, 'invalid'],
  ['a scan whose text is not a string', { type: 'scan', event: 'paste', text: { toString: 1 } }, 'invalid'],
  ['a decision with an unknown action', { type: 'decision', incident_id: null, user_action: 'allow' }, 'invalid'],
  ['a decision with a huge justification', { type: 'decision', incident_id: null, user_action: 'send_anyway', justification: 'x'.repeat(4001) }, 'invalid'],
  ['a restore of an empty text', { type: 'restore', text: '' }, 'invalid'],
  ['a restore of a whole page', { type: 'restore', text: 'x'.repeat(20001) }, 'invalid'],
  ['a file whose size does not match its data', { type: 'scan_file', event: 'upload', data: 'aGVsbG8=', size: 9 }, 'invalid'],
  ['a file that is not base64', { type: 'scan_file', event: 'upload', data: 'a*b=', size: 3 }, 'invalid'],
  ['a file with an unknown event', { type: 'scan_file', event: 'submit', data: 'aGVsbG8=', size: 5 }, 'invalid'],
  ['a file naming its own url', { type: 'scan_file', event: 'drop', data: 'aGVsbG8=', size: 5, url: 'https://x/' }, 'invalid'],
  ['a file over the size limit', { type: 'scan_file', event: 'drop', data: 'AAAA'.repeat(7 * 1024 * 1024 + 1), size: 21 * 1024 * 1024 + 3 }, 'invalid'],
];

for (const [what, message, reason] of MALFORMED) {
  test(`${what} from a content script is refused as ${reason}`, async () => {
    const { send, host } = await background();
    assert.deepEqual(await send(message, senders.content(GUARDED)), { status: 'rejected', reason });
    assert.equal(host.sent('scan').length + host.sent('decision').length + host.sent('restore').length + host.sent('scan_file').length, 0);
  });
}

// -- scan -----------------------------------------------------------------------------------------

test('a scan goes to the host with the URL and conversation taken from the sender, and comes back displayable', async () => {
  const text = '\u{1F600} key AKIAIOSFODNN7EXAMPLE';
  const host = new FakeNativeHost({
    onScan: (r) => verdictReply(r, { action: 'warn', findings: [findingOf(r.text, 'AKIAIOSFODNN7EXAMPLE', { action: 'warn' })], masked_text: '\u{1F600} key [REDACTED]' }),
  });
  const { send } = await background({ host });
  const answer = await send({ type: 'scan', event: 'paste', text }, senders.content(GUARDED, 7));
  const [request] = host.sent('scan');
  assert.equal(request.url, 'https://chatgpt.com/c/abc');
  assert.equal(request.site, 'chatgpt.com');
  assert.match(request.conversation_id, /\.7\.chatgpt\.com$/);
  assert.equal(answer.status, 'verdict');
  assert.equal(answer.fail_mode, 'closed');
  assert.equal(answer.verdict.action, 'warn');
  assert.equal(answer.verdict.masked_text, '\u{1F600} key [REDACTED]');
  assert.deepEqual(answer.verdict.spans, [[7, 27]]);
  assert.equal(answer.verdict.findings[0].category, 'secret');
  assert.ok(!JSON.stringify(answer.verdict.findings).includes('AKIAIOSFODNN7EXAMPLE'));
  assert.deepEqual(host.problems, []);
});

test('a chat box in a subframe is judged by the frame\'s address; an inheriting frame by its origin\'s host', async () => {
  const { send, host } = await background({ host: new FakeNativeHost({ policy: { guarded_sites: ['chat.qwen.ai', 'x.com/i/grok'] } }) });
  const embedded = { ...senders.subframe('https://chat.qwen.ai/embed?t=1'), tab: { id: 7, url: 'https://news.example/' } };
  assert.equal((await send(VALID.scan, embedded)).status, 'verdict');
  assert.equal((await send(VALID.scan, senders.blankFrame('https://chat.qwen.ai'))).status, 'verdict');
  assert.equal((await send(VALID.scan, senders.blankFrame('https://x.com'))).status, 'verdict'); // host only: path unknown
  assert.equal((await send(VALID.scan, senders.subframe('https://ads.example/frame'))).status, 'unguarded');
  const [first, second, third] = host.sent('scan');
  assert.deepEqual([first.site, first.url], ['chat.qwen.ai', 'https://chat.qwen.ai/embed']);
  assert.deepEqual([second.site, second.url], ['chat.qwen.ai', undefined]);
  assert.equal(third.site, 'x.com');
  assert.equal(host.sent('scan').length, 3);
});

test('a page the policy does not guard is answered without asking the host', async () => {
  const { send, host } = await background({ host: new FakeNativeHost({ policy: { allowlisted_sites: ['claude.ai'] } }) });
  assert.equal((await send(VALID.scan, senders.content('https://x.com/home'))).status, 'unguarded');
  assert.equal((await send(VALID.scan, senders.content('https://claude.ai/new'))).status, 'unguarded');
  assert.equal((await send(VALID.scan, senders.content('https://x.com/i/grok'))).status, 'verdict');
  assert.equal(host.sent('scan').length, 1);
  assert.deepEqual(await send(VALID.restore, senders.content('https://x.com/home')), { status: 'rejected', reason: 'unguarded' });
});

test('guard_status tells a content script whether its page is guarded, and the fail mode', async () => {
  const { send } = await background({ host: new FakeNativeHost({ policy: { fail_mode: 'open', verdict_timeout_ms: 800 } }) });
  assert.deepEqual(await send(VALID.guard_status, senders.content(GUARDED)), { status: 'guard', guarded: true, fail_mode: 'open', timeout_ms: 800, reveal_placeholders: true });
  assert.equal((await send(VALID.guard_status, senders.content('https://x.com/home'))).guarded, false);
});

test('no verdict within the policy budget fails with the policy fail mode', async () => {
  const host = new FakeNativeHost({ policy: { verdict_timeout_ms: 20 }, onScan: () => undefined });
  const { send } = await background({ host });
  assert.deepEqual(await send(VALID.scan, senders.content(GUARDED)), { status: 'failed', reason: 'timeout', fail_mode: 'closed', timeout_ms: 20 });
});

test('a managed fail mode overrides the policy when no verdict comes', async () => {
  const host = new FakeNativeHost({ policy: { fail_mode: 'closed', verdict_timeout_ms: 20 }, onScan: () => undefined });
  const { send } = await background({ host, managed: { failMode: 'open' } });
  assert.equal((await send(VALID.scan, senders.content(GUARDED))).fail_mode, 'open');
});

test('without a host the scan fails closed at once', async () => {
  const host = new FakeNativeHost();
  host.connect = () => {
    throw new Error('Specified native messaging host not found.');
  };
  const { send, bg } = await background({ host, waitForPolicy: false });
  assert.deepEqual(await send(VALID.scan, senders.content(GUARDED)), { status: 'failed', reason: 'unavailable', fail_mode: 'closed', timeout_ms: 1500 });
  const status = await bg.describe();
  assert.equal(status.connected, false);
  assert.match(status.last_error, /not found/);
});

test('host errors fail the scan; too_large is told apart', async () => {
  let code = 'engine_unavailable';
  const host = new FakeNativeHost({ onScan: (r) => ({ v: 1, id: r.id, served_by: 'app', type: 'error', code, message: 'm', supported_versions: [1] }) });
  const { send } = await background({ host });
  assert.deepEqual(await send(VALID.scan, senders.content(GUARDED)), { status: 'failed', reason: 'host_error', code: 'engine_unavailable', fail_mode: 'closed', timeout_ms: 1500 });
  code = 'too_large';
  assert.equal((await send(VALID.scan, senders.content(GUARDED))).reason, 'too_large');
});

test('a text over the policy limit is not sent to the host at all', async () => {
  const { send, host } = await background({ host: new FakeNativeHost({ policy: { limits: { max_scan_chars: 10, max_request_bytes: 100, max_reply_bytes: 100 } } }) });
  assert.equal((await send({ type: 'scan', event: 'paste', text: 'x'.repeat(11) }, senders.content(GUARDED))).reason, 'too_large');
  // ten emoji are ten characters for the host, though twenty UTF-16 units here
  assert.equal((await send({ type: 'scan', event: 'paste', text: '\u{1F600}'.repeat(10) }, senders.content(GUARDED))).status, 'verdict');
  assert.equal(host.sent('scan').length, 1);
});

test('a verdict from a newer policy makes the extension ask for the new summary', async () => {
  const host = new FakeNativeHost({ onScan: (r) => verdictReply(r, { policy_version: 4 }) });
  const { send } = await background({ host });
  await send(VALID.scan, senders.content(GUARDED));
  await waitFor(() => host.sent('hello').length === 2, { what: 'a second hello' });
});

// -- decision and restore -------------------------------------------------------------------------

test('a decision is accepted only for an incident shown in the same tab', async () => {
  const host = new FakeNativeHost({ onScan: (r) => verdictReply(r, { action: 'warn', findings: [findingOf(r.text, 'secret', { action: 'warn' })], incident_id: 'inc-1' }) });
  const { send } = await background({ host });
  await send({ type: 'scan', event: 'paste', text: 'a secret' }, senders.content(GUARDED, 7));
  const decision = { type: 'decision', incident_id: 'inc-1', user_action: 'send_anyway', justification: 'ticket 42 needs it' };
  assert.deepEqual(await send(decision, senders.content(GUARDED, 8)), { status: 'rejected', reason: 'unknown_incident' });
  assert.deepEqual(await send(decision, senders.content(GUARDED, 7)), { status: 'recorded', allowed: true, recorded: true, reason: '' });
  assert.deepEqual(host.sent('decision').map((d) => [d.incident_id, d.user_action, d.justification]), [['inc-1', 'send_anyway', 'ticket 42 needs it']]);
});

test("a host's refusal of send-anyway reaches the content script", async () => {
  const host = new FakeNativeHost({ onDecision: () => ({ allowed: false, reason: 'the policy does not let the user send this anyway' }) });
  const { send } = await background({ host });
  const answer = await send({ type: 'decision', incident_id: null, user_action: 'send_anyway' }, senders.content(GUARDED));
  assert.deepEqual([answer.status, answer.allowed], ['recorded', false]);
});

test("restore reads only the sending tab's conversation", async () => {
  const vault = new Map();
  const host = new FakeNativeHost({
    vault,
    onScan: (r) => {
      vault.set(r.conversation_id, new Map([['PERSON_1', 'Alice Smith']]));
      return verdictReply(r, { action: 'mask', masked_text: 'hi <PERSON_1>', replacements: [{ start: 3, end: 14, replacement: '<PERSON_1>', entity_type: 'PERSON', operator: 'pseudonymise' }], findings: [findingOf(r.text, 'Alice Smith', { entity_type: 'PERSON', category: 'person', action: 'mask' })] });
    },
  });
  const { send } = await background({ host });
  const scan = await send({ type: 'scan', event: 'paste', text: 'hi Alice Smith' }, senders.content(GUARDED, 7));
  assert.equal(scan.verdict.pseudonymised, true);
  const mine = await send(VALID.restore, senders.content('https://chatgpt.com/c/other', 7));
  assert.deepEqual(mine, { status: 'restored', text: 'Alice Smith', restored: 1, unknown: [] });
  const theirs = await send(VALID.restore, senders.content(GUARDED, 8));
  assert.deepEqual(theirs, { status: 'restored', text: '<PERSON_1>', restored: 0, unknown: ['<PERSON_1>'] });
});

test('restore is off when the user or the admin turned placeholders off', async () => {
  const { send } = await background();
  assert.deepEqual(await send({ type: 'settings', prefs: { reveal_placeholders: false } }, senders.extensionPage()), { status: 'ok', prefs: { reveal_placeholders: false } });
  assert.deepEqual(await send(VALID.restore, senders.content(GUARDED)), { status: 'disabled' });
  assert.equal((await send(VALID.guard_status, senders.content(GUARDED))).reveal_placeholders, false);
  const managed = await background({ managed: { revealPlaceholders: false } });
  assert.deepEqual(await managed.send(VALID.restore, senders.content(GUARDED)), { status: 'disabled' });
});

// -- privileged: status and settings --------------------------------------------------------------

test('status tells an extension page the connection, the policy and the managed settings', async () => {
  const { send } = await background({ managed: { verdictTimeoutMs: 2500, failMode: 'sideways' } });
  const status = await send(VALID.status, senders.extensionPage());
  assert.equal(status.status, 'ok');
  assert.equal(status.connected, true);
  assert.equal(status.hello.engine_mode, 'ner');
  assert.equal(status.policy.version, 3);
  assert.equal(status.config.timeoutMs, 2500);
  assert.deepEqual(status.managed, { values: { verdictTimeoutMs: 2500 }, ignored: ['failMode'] });
});

test('settings ignore preferences the extension does not have', async () => {
  const { send } = await background();
  assert.deepEqual(await send({ type: 'settings', prefs: { reveal_placeholders: 'yes', evil: true } }, senders.extensionPage()), { status: 'ok', prefs: { reveal_placeholders: true } });
  assert.deepEqual(await send({ type: 'settings', prefs: [1] }, senders.extensionPage()), { status: 'rejected', reason: 'invalid' });
});

test('a managed host name is the one connected to', async () => {
  const { host } = await background({ managed: { nativeHostName: 'com.acme.dlpguard' } });
  assert.deepEqual(host.connections, ['com.acme.dlpguard']);
});

test('the managed settings survive a restart of the worker (cached in storage.session)', async () => {
  const { browser } = await background({ managed: { failMode: 'open' } });
  browser.api.storage.managed.data.clear(); // managed storage unreadable after the restart
  browser.api.runtime.onMessage.listeners.length = 0;
  const restarted = startBackground(browser.api, { loadSchema: () => protocolSchema() });
  await restarted.started;
  assert.equal((await restarted.config()).failMode, 'open');
});

test('a host still loading its engine gets the warm-up budget until a verdict says it is ready', async () => {
  const { send } = await background({ host: new FakeNativeHost({ engineMode: 'loading' }) });
  const before = await send({ type: 'guard_status' }, senders.content(GUARDED));
  assert.equal(before.timeout_ms, 8000);
  const verdict = await send({ type: 'scan', event: 'paste', text: 'hello' }, senders.content(GUARDED));
  assert.equal(verdict.status, 'verdict');
  const after = await send({ type: 'guard_status' }, senders.content(GUARDED));
  assert.equal(after.timeout_ms, 1500);
});

// -- visits (the shadow-AI picture) -----------------------------------------------------------------

test('a page load of a guarded site is counted by host only, top frames only, guarded sites only', async () => {
  const { host, send } = await background();
  assert.deepEqual(await send(VALID.visit, senders.content(GUARDED)), { status: 'counted', service: 'chatgpt.com' });
  const [request] = host.sent('visit');
  assert.deepEqual(Object.keys(request).sort(), ['id', 'site', 'type', 'v']);
  assert.equal(request.site, 'chatgpt.com'); // no path, no query, no fragment
  assert.deepEqual(await send(VALID.visit, senders.subframe(GUARDED)), { status: 'ignored' });
  assert.deepEqual(await send(VALID.visit, senders.content('https://x.com/home')), { status: 'rejected', reason: 'unguarded' });
  assert.deepEqual(await send({ type: 'visit', site: 'evil.example' }, senders.content(GUARDED)), { status: 'rejected', reason: 'invalid' });
  assert.equal(host.sent('visit').length, 1);
});

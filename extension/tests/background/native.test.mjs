import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NativeClient } from '../../src/background/native.js';
import { messageChecker, scanRequest } from '../../src/common/protocol.js';
import { FakeNativeHost, verdictReply } from '../helpers/fake_host.mjs';
import { deferred, waitFor } from '../helpers/page.mjs';
import { protocolSchema } from '../helpers/paths.mjs';

const check = messageChecker(protocolSchema(), 'reply');

function client(host, extra = {}) {
  const hellos = [];
  const c = new NativeClient({
    connect: () => host.connect('com.dlpguard.host'),
    check,
    hello: { extensionVersion: '0.1.0', browser: 'chromium' },
    onHello: (reply) => hellos.push(reply),
    describeDisconnect: (port) => port.error?.message ?? 'disconnected',
    ...extra,
  });
  return { c, hellos };
}

test('connecting says hello first and hands the policy summary over', async () => {
  const host = new FakeNativeHost();
  const { c, hellos } = client(host);
  const reply = await c.request(scanRequest({ text: 'hi', event: 'paste' }), 1000);
  assert.equal(reply.type, 'verdict');
  assert.deepEqual(host.requests.map((r) => r.type), ['hello', 'scan']);
  assert.equal(hellos.length, 1);
  assert.equal(hellos[0].policy.fail_mode, 'closed');
  assert.deepEqual(host.problems, []);
});

test('replies are matched to requests by id, whatever their order', async () => {
  const first = deferred();
  const host = new FakeNativeHost({ onScan: (r) => (r.text === 'slow' ? first.promise.then(() => verdictReply(r, { reason: 'slow' })) : verdictReply(r, { reason: 'fast' })) });
  const { c } = client(host);
  const slow = c.request(scanRequest({ text: 'slow', event: 'paste' }), 1000);
  const fast = await c.request(scanRequest({ text: 'fast', event: 'paste' }), 1000);
  assert.equal(fast.reason, 'fast');
  first.resolve();
  assert.equal((await slow).reason, 'slow');
});

test('no answer within the budget fails with timeout, and a late answer is ignored', async () => {
  const late = deferred();
  const host = new FakeNativeHost({ onScan: (r) => late.promise.then(() => verdictReply(r)) });
  const { c } = client(host);
  await assert.rejects(c.request(scanRequest({ text: 'x', event: 'paste' }), 20), { name: 'NativeError', code: 'timeout' });
  late.resolve();
  const next = await c.request(scanRequest({ text: 'y', event: 'paste' }), 1000).catch((e) => e);
  assert.notEqual(next.code, 'timeout'); // the stale reply did not settle the new request
});

test('the host going away fails what is pending; the next request connects and says hello again', async () => {
  const host = new FakeNativeHost({ onScan: () => undefined });
  const { c, hellos } = client(host);
  const pending = c.request(scanRequest({ text: 'x', event: 'submit' }), 5000);
  await waitFor(() => host.sent('scan').length === 1 && hellos.length === 1);
  host.crash('Native host has exited.');
  await assert.rejects(pending, (err) => err.code === 'unavailable' && /exited/.test(err.message));
  assert.equal(c.connected, false);
  assert.match(c.lastError, /exited/);
  host.onScan = (r) => verdictReply(r);
  const reply = await c.request(scanRequest({ text: 'y', event: 'submit' }), 1000);
  assert.equal(reply.type, 'verdict');
  assert.equal(host.connections.length, 2);
  assert.equal(host.sent('hello').length, 2);
  assert.equal(hellos.length, 2);
});

test('a reply that breaks the schema fails its request instead of being acted on', async () => {
  const host = new FakeNativeHost({ onScan: (r) => ({ ...verdictReply(r), action: 'shrug' }) });
  const { c } = client(host);
  await assert.rejects(c.request(scanRequest({ text: 'x', event: 'paste' }), 1000), { code: 'bad_reply' });
});

test('host error replies are answers, not transport failures', async () => {
  const host = new FakeNativeHost({ onScan: (r) => ({ v: 1, id: r.id, served_by: 'native-host', type: 'error', code: 'engine_unavailable', message: 'no engine', supported_versions: [1] }) });
  const { c } = client(host);
  const reply = await c.request(scanRequest({ text: 'x', event: 'paste' }), 1000);
  assert.equal(reply.code, 'engine_unavailable');
});

test('an error the host could not attach to a request leaves that request to its budget', async () => {
  const host = new FakeNativeHost({ onScan: () => ({ v: 1, id: null, served_by: 'native-host', type: 'error', code: 'bad_json', message: 'x', supported_versions: [1] }) });
  const { c } = client(host);
  await assert.rejects(c.request(scanRequest({ text: 'x', event: 'paste' }), 30), { code: 'timeout' });
});

test('a host that cannot be started fails at once as unavailable (nothing is queued)', async () => {
  const c = new NativeClient({
    connect: () => {
      throw new Error('Specified native messaging host not found.');
    },
    check,
    hello: { extensionVersion: '0.1.0' },
  });
  assert.throws(() => c.request(scanRequest({ text: 'secret', event: 'paste' }), 1000), { code: 'unavailable' });
  assert.match(c.lastError, /not found/);
});

/**
 * The background against the real Python native host (`python -m dlpguard native-host`, as the launcher runs it), over
 * the browsers' native-messaging framing: the protocol as both sides actually implement it. Skipped
 * when the project's virtualenv is not set up (`./dev setup`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackground } from '../../src/background/service.js';
import { NATIVE_HOST_NAME } from '../../src/common/generated.js';
import { fakeBrowser, senders } from '../helpers/fake_browser.mjs';
import { waitFor } from '../helpers/page.mjs';
import { REPO, protocolSchema } from '../helpers/paths.mjs';

const PYTHON = join(REPO, '.venv', 'bin', 'python');
const skip = existsSync(PYTHON) ? false : 'the Python virtualenv is not set up (./dev setup)';

// Pattern-only (no NER model load), a generous budget for the first scan, the incident key in a file.
const POLICY = 'schema_version: 1\nversion: 7\nverdict_timeout_ms: 60000\ndetection: {ner: false}\nincidents: {keyring_fallback: file}\n';
const CARD = '4539 1488 0343 6467';
const EMAIL = 'maria.keller@northwind-traders.net';

/** A port over a child process speaking native messaging: 4-byte native-endian length, UTF-8 JSON. */
function nativePort(child) {
  const onMessage = [];
  const onDisconnect = [];
  let buffer = Buffer.alloc(0);
  const readLength = (b) => (endianness() === 'LE' ? b.readUInt32LE(0) : b.readUInt32BE(0));
  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 4 && buffer.length >= 4 + readLength(buffer)) {
      const length = readLength(buffer);
      const message = JSON.parse(buffer.subarray(4, 4 + length).toString('utf8'));
      buffer = buffer.subarray(4 + length);
      for (const f of onMessage) f(message);
    }
  });
  child.on('exit', () => onDisconnect.forEach((f) => f(port)));
  const port = {
    onMessage: { addListener: (f) => onMessage.push(f) },
    onDisconnect: { addListener: (f) => onDisconnect.push(f) },
    postMessage(message) {
      const body = Buffer.from(JSON.stringify(message), 'utf8');
      const header = Buffer.alloc(4);
      if (endianness() === 'LE') header.writeUInt32LE(body.length);
      else header.writeUInt32BE(body.length);
      child.stdin.write(Buffer.concat([header, body]));
    },
    disconnect: () => child.stdin.end(),
  };
  return port;
}

test('the real native host answers the extension, at JavaScript offsets', { skip, timeout: 120000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'dg-ext-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DLPGUARD_')));
  Object.assign(env, {
    DLPGUARD_DATA_DIR: join(root, 'data'),
    DLPGUARD_CONFIG_DIR: join(root, 'config'),
    DLPGUARD_RUNTIME_DIR: join(root, 'run'),
    DLPGUARD_MACHINE_DIR: join(root, 'machine'),
    DLPGUARD_POLICY: join(root, 'machine', 'policy.yaml'),
  });
  mkdirSync(join(root, 'machine'));
  writeFileSync(env.DLPGUARD_POLICY, POLICY);
  const children = [];
  const host = {
    connect(name) {
      assert.equal(name, NATIVE_HOST_NAME);
      const child = spawn(PYTHON, ['-m', 'dlpguard', 'native-host', 'chrome-extension://ggcbdpegolmiapddhbehkhmcikpgpinj/'], { cwd: REPO, env, stdio: ['pipe', 'pipe', 'ignore'] });
      children.push(child);
      return nativePort(child);
    },
  };
  try {
    const browser = fakeBrowser({ host });
    const bg = startBackground(browser.api, { loadSchema: () => protocolSchema() });
    await bg.started;
    const status = await waitFor(async () => (await bg.describe()).hello && bg.describe(), { tries: 6000, what: 'hello_ok' });
    assert.equal(status.policy.version, 7);
    assert.equal(status.config.timeoutMs, 60000);

    const tab = senders.content('https://chatgpt.com/c/1', 3);
    const text = `\u{1F9D1}\u200D\u{1F4BB} card ${CARD}`;
    const scan = await browser.send({ type: 'scan', event: 'paste', text }, tab);
    assert.equal(scan.status, 'verdict', JSON.stringify(scan));
    assert.equal(scan.verdict.action, 'block');
    const [[start, end]] = scan.verdict.spans;
    assert.equal(text.slice(start, end), CARD);
    assert.equal(scan.verdict.findings[0].category, 'financial');

    const mail = await browser.send({ type: 'scan', event: 'paste', text: `write to ${EMAIL}` }, tab);
    assert.equal(mail.verdict.action, 'mask');
    const placeholder = /<EMAIL_ADDRESS_\d+>/.exec(mail.verdict.masked_text)?.[0];
    assert.ok(placeholder, mail.verdict.masked_text);
    const restored = await browser.send({ type: 'restore', text: placeholder }, senders.content('https://chatgpt.com/c/1', 3));
    assert.deepEqual(restored, { status: 'restored', text: EMAIL, restored: 1, unknown: [] });
    const otherTab = await browser.send({ type: 'restore', text: placeholder }, senders.content('https://chatgpt.com/c/1', 4));
    assert.equal(otherTab.restored, 0);

    if (scan.verdict.incident_id) {
      const decision = await browser.send({ type: 'decision', incident_id: scan.verdict.incident_id, user_action: 'cancel' }, tab);
      assert.equal(decision.status, 'recorded');
    }
  } finally {
    for (const child of children) child.kill();
    rmSync(root, { recursive: true, force: true });
  }
});

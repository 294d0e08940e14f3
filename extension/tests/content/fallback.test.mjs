/**
 * The built-in check (content/fallback.js): under `fail_mode: open` with no verdict, high-confidence
 * secrets and Luhn-valid cards are still kept out; everything else goes in with the fail-open notice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { FakeNativeHost, verdictReply } from '../helpers/fake_host.mjs';
import { messages } from '../helpers/i18n.mjs';
import { openPage, waitFor } from '../helpers/page.mjs';
import { SRC } from '../helpers/paths.mjs';
import { FALLBACK_RULES } from '../../src/common/generated.js';

const t = messages('en');

function loadFallback() {
  const context = vm.createContext({});
  for (const file of ['shared.js', 'fallback.js']) vm.runInContext(readFileSync(join(SRC, 'content', file), 'utf8'), context);
  return context.DLPG.fallback;
}

/** A token made at run time so no literal secret sits in the repository. */
function token(prefix, length, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789') {
  let out = prefix;
  let seed = 7;
  while (out.length < prefix.length + length) {
    seed = (seed * 48271) % 2147483647;
    out += alphabet[seed % alphabet.length];
  }
  return out;
}

function luhnComplete(body) {
  for (let d = 0; d <= 9; d += 1) {
    const digits = body + d;
    let sum = 0;
    for (let i = 0; i < digits.length; i += 1) {
      let n = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
      sum += n;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error('unreachable');
}

const GITHUB = token('ghp_', 36);
const AWS_KEY = token('AKIA', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
const CARD = luhnComplete('453914880343646');
const GROUPED_CARD = CARD.replace(/(\d{4})(?=\d)/g, '$1 ');

test('every generated rule compiles in this JavaScript engine', () => {
  const fallback = loadFallback();
  assert.ok(FALLBACK_RULES.length >= 10, 'the engine exports its high-confidence secret rules');
  assert.equal(fallback.rules, FALLBACK_RULES.length);
});

test('finds vendor tokens, a private key header and Luhn-valid cards, naming the entity only', () => {
  const { check } = loadFallback();
  assert.deepEqual({ ...check(`token: ${GITHUB}`) }, { entity: 'GITHUB_TOKEN', category: 'secret' });
  assert.equal(check(`aws_access_key_id = ${AWS_KEY}`)?.entity, 'AWS_ACCESS_KEY');
  assert.equal(check('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n')?.entity, 'PRIVATE_KEY');
  assert.deepEqual({ ...check(`card ${GROUPED_CARD} exp 09/29`) }, { entity: 'CREDIT_CARD', category: 'financial' });
  assert.equal(check(`card ${CARD.replace(/(\d{4})(?=\d)/g, '$1-')}`)?.entity, 'CREDIT_CARD');
});

test('stays silent on clean text, published examples, placeholders and near misses', () => {
  const { check } = loadFallback();
  for (const text of [
    'Please summarise the attached meeting notes for the team.',
    'AKIAIOSFODNN7EXAMPLE is the AWS documentation key',
    'test card 4111 1111 1111 1111 and 4242424242424242',
    `token: ghp_${'x'.repeat(36)}`,
    `order ${CARD.slice(0, -1)}${(Number(CARD.at(-1)) + 1) % 10}`, // fails Luhn
    'uuid 123e4567-e89b-12d3-a456-426614174000, build 20261207.1234567',
    `${GITHUB.slice(0, 20)}`, // too short to be a token
  ]) {
    assert.equal(check(text), null, text);
  }
});

test('fail open with no verdict: a pasted token is kept out with a banner naming the category', async () => {
  const host = new FakeNativeHost({ policy: { fail_mode: 'open', verdict_timeout_ms: 20 }, onScan: () => undefined });
  const page = await openPage({ host });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: `deploy with ${GITHUB}` });
  await waitFor(() => page.toasts().some((s) => s.includes(t('category_secret'))), { what: 'the built-in check banner' });
  assert.ok(page.toasts().some((s) => s.startsWith(t('banner_failed_open_blocked', 'X').split('X')[0])));
  assert.equal(page.ui().querySelector('.toast.alert').getAttribute('role'), 'alert');
  assert.equal(box.value, '');
  host.crash(); // ends the request still waiting in the service worker
  page.close();
});

test('fail open with no verdict: clean text still goes in, with the fail-open notice', async () => {
  const late = (r) => new Promise((resolve) => setTimeout(() => resolve(verdictReply(r)), 200));
  const page = await openPage({ host: new FakeNativeHost({ policy: { fail_mode: 'open', verdict_timeout_ms: 20 }, onScan: late }) });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: 'card 4111 1111 1111 1111 for the sandbox' });
  await waitFor(() => box.value === 'card 4111 1111 1111 1111 for the sandbox');
  assert.ok(page.toasts().some((s) => s.includes(t('banner_failed_open'))));
  page.close();
});

test('fail closed is unchanged: no verdict blocks even clean text, the built-in check is not consulted', async () => {
  const host = new FakeNativeHost({ policy: { verdict_timeout_ms: 20 }, onScan: () => undefined });
  const page = await openPage({ host });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: `nothing sensitive, but ${GITHUB}` });
  await waitFor(() => page.ui()?.querySelector('.hold')?.textContent.includes(t('notice_still_checking')), { what: 'still checking' });
  host.crash();
  await waitFor(() => page.toasts().some((s) => s.includes(t('banner_unavailable'))), { what: 'the banner' });
  assert.ok(!page.toasts().some((s) => s.includes(t('category_secret'))));
  assert.equal(box.value, '');
  page.close();
});

test('fail open with no verdict for a file: a text file with a token is kept out, a clean one goes', async () => {
  const body = '<textarea id="prompt-textarea"></textarea><div id="dropzone">drop here</div>';
  const host = new FakeNativeHost({ policy: { fail_mode: 'open', verdict_timeout_ms: 20 } });
  host.onScanFile = () => { host.crash(); return undefined; }; // the host dies while reading the file
  const page = await openPage({ host, body });
  const zone = page.$('#dropzone');
  const drops = [];
  zone.addEventListener('drop', (e) => drops.push([...e.dataTransfer.files].map((f) => f.name)));
  page.drop(zone, { files: [page.file(`GITHUB_TOKEN=${GITHUB}\n`, 'ci.env')] });
  await waitFor(() => page.toasts().some((s) => s.includes(t('category_secret'))), { what: 'the built-in check banner' });
  assert.deepEqual(drops, []);
  page.drop(zone, { files: [page.file('milk, eggs, bread\n', 'list.txt')] }); // the host is gone now
  await waitFor(() => drops.length === 1, { what: 'the clean file reaching the page' });
  assert.deepEqual(drops, [['list.txt']]);
  page.close();
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNativeHost, findingOf, verdictReply } from '../helpers/fake_host.mjs';
import { messages } from '../helpers/i18n.mjs';
import { openPage, waitFor } from '../helpers/page.mjs';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const warnHost = () => new FakeNativeHost({
  onScan: (r) => verdictReply(r, { action: 'warn', findings: [findingOf(r.text, KEY, { action: 'warn' })], masked_text: r.text.replace(KEY, '[REDACTED]') }),
});

async function warned(options = {}) {
  const page = await openPage({ host: warnHost(), ...options });
  const box = page.$('#prompt-textarea');
  box.focus();
  page.paste(box, { text: `key ${KEY}` });
  await waitFor(() => page.dialog(), { what: 'the warn dialog' });
  return { page, box };
}

function keyIn(page, target, key, init = {}) {
  const event = new page.win.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true, ...init });
  target.dispatchEvent(event);
  return event;
}

test('Escape in the dialog cancels: nothing goes in and the choice is recorded', async () => {
  const { page, box } = await warned();
  keyIn(page, page.ui().activeElement, 'Escape');
  assert.equal(page.dialog(), null);
  await waitFor(() => page.host.sent('decision').length === 1);
  assert.equal(page.host.sent('decision')[0].user_action, 'cancel');
  assert.equal(box.value, '');
  assert.equal(page.doc.activeElement, box);
  page.close();
});

test('focus starts on the safe choice and Tab stays inside the dialog', async () => {
  const t = messages('en');
  const { page } = await warned();
  const buttons = [...page.dialog().querySelectorAll('button')];
  assert.deepEqual(buttons.map((b) => b.textContent), [t('button_cancel'), t('button_send_masked'), t('button_send_anyway')]);
  assert.equal(page.ui().activeElement, buttons[0]);
  buttons[2].focus();
  keyIn(page, buttons[2], 'Tab');
  assert.equal(page.ui().activeElement, buttons[0]);
  keyIn(page, buttons[0], 'Tab', { shiftKey: true });
  assert.equal(page.ui().activeElement, buttons[2]);
  page.close();
});

test("keys and clicks inside the dialog do not reach the page's listeners", async () => {
  const { page } = await warned();
  const heard = [];
  for (const type of ['keydown', 'click', 'input']) page.doc.addEventListener(type, () => heard.push(type));
  const button = page.dialog().querySelector('button');
  keyIn(page, button, 'a');
  button.dispatchEvent(new page.win.Event('input', { bubbles: true, composed: true }));
  page.button(messages('en')('button_send_anyway')).click();
  assert.deepEqual(heard, []);
  page.close();
});

test("the overlay sits outside the page's layout, in a closed shadow root", async () => {
  const { page } = await warned();
  const hosts = page.doc.getElementsByTagName('dlpguard-ui');
  assert.equal(hosts.length, 1);
  assert.equal(hosts[0].parentNode, page.doc.documentElement, 'not inside body');
  assert.equal(hosts[0].shadowRoot, null, 'closed: the page cannot open it');
  assert.match(hosts[0].getAttribute('style'), /position: fixed !important/);
  assert.match(hosts[0].getAttribute('style'), /width: 0 !important/);
  assert.equal(page.dialog().getAttribute('role'), 'dialog');
  page.close();
});

test('the overlay speaks the browser language', async () => {
  const de = messages('de');
  const { page } = await warned({ lang: 'de' });
  assert.ok(page.uiText().includes(de('overlay_title_warn')));
  assert.ok(page.uiText().includes(de('category_secret')));
  assert.ok(page.button(de('button_send_masked')));
  page.close();
});

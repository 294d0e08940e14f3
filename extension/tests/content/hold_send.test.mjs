/**
 * A send (Enter, the send button, a form submit) is held like a paste: asked with `hold: true`, a small
 * "checking this message…" state by the box, "still checking — Cancel / Wait" past the budget under fail
 * closed, and a verdict however late acts as one in time (allow → sent once; block/warn → the dialog).
 * Cancel, or an edit of the box while held, leaves the text unsent. Fail open is unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingOf } from '../helpers/fake_host.mjs';
import { messages } from '../helpers/i18n.mjs';
import { gatedHost, holdPill, openPage, waitFor } from '../helpers/page.mjs';

const t = messages('en');
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const EDITOR = '<main><div id="composer"><div id="prompt-textarea" class="ProseMirror" contenteditable="true"><p>Hi there</p></div><button data-testid="send-button" type="button">Send</button></div></main>';

/** The chat site: sends on Enter (without Shift) and on its send button, reading its editor. */
function chatSite(page) {
  const editor = page.$('#prompt-textarea');
  const sent = [];
  editor.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      sent.push(['enter', editor.textContent]);
    }
  });
  page.$('[data-testid="send-button"]').addEventListener('click', () => sent.push(['click', editor.textContent]));
  return { editor, sent };
}

async function turns(n = 5) {
  for (let i = 0; i < n; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
}

const stillChecking = (page) => waitFor(
  () => holdPill(page)?.textContent.includes(t('notice_still_checking_send')) && holdPill(page),
  { what: 'the still-checking question' },
);

test('a send is asked with hold: true and shows "checking this message…" by the box', async () => {
  const host = gatedHost({ verdict_timeout_ms: 60000 });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  assert.equal(page.key(editor).defaultPrevented, true);
  const pill = await waitFor(() => holdPill(page), { what: 'the checking state' });
  assert.ok(pill.textContent.includes(t('notice_holding_send')));
  assert.equal(pill.querySelectorAll('button').length, 0);
  assert.equal(host.sent('scan')[0].event, 'submit');
  host.release(0);
  await waitFor(() => sent.length === 1, { what: 'the send' });
  assert.equal(holdPill(page), null);
  page.close();
});

test('late verdict allow (fail closed): no banner, and the send is replayed exactly once, however often pressed', async () => {
  const host = gatedHost({ verdict_timeout_ms: 30 });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  page.click(page.$('[data-testid="send-button"]'));
  const slow = await stillChecking(page);
  assert.deepEqual([...slow.querySelectorAll('button')].map((b) => b.textContent), [t('button_cancel'), t('button_wait')]);
  assert.ok(!page.toasts().some((s) => s.includes(t('banner_timeout'))), 'no "did not answer" banner');
  assert.equal(page.key(editor).defaultPrevented, true, 'pressed again while held');
  assert.equal(page.click(page.$('[data-testid="send-button"]')).defaultPrevented, true);
  await new Promise((resolve) => setTimeout(resolve, 80)); // well past the budget
  assert.deepEqual(sent, []);
  assert.equal(host.sent('scan').length, 1, 'one check for the held send');
  host.release(0);
  await waitFor(() => sent.length === 1, { what: 'the late send' });
  await turns(10);
  assert.deepEqual(sent, [['click', 'Hi there']], 'sent once');
  assert.equal(holdPill(page), null);
  assert.deepEqual(page.toasts(), []);
  page.close();
});

test('late block: the block dialog, nothing sent', async () => {
  const host = gatedHost({ verdict_timeout_ms: 30 });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  editor.innerHTML = `<p>my key ${KEY}</p>`;
  page.key(editor);
  await stillChecking(page);
  host.release(0, (r) => ({
    action: 'block',
    findings: [findingOf(r.text, KEY)],
    override: { allowed: false, justification_required: false, min_justification_chars: 0 },
  }));
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  await turns(10);
  assert.deepEqual(sent, []);
  assert.equal(holdPill(page), null);
  page.close();
});

test('late warn: the warn dialog as in time; Cancel there sends nothing', async () => {
  const host = gatedHost({ verdict_timeout_ms: 30 });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  editor.innerHTML = `<p>my key ${KEY}</p>`;
  page.key(editor);
  await stillChecking(page);
  host.release(0, (r) => ({ action: 'warn', findings: [findingOf(r.text, KEY, { action: 'warn' })] }));
  await waitFor(() => page.dialog(), { what: 'the warn dialog' });
  page.button(t('button_cancel')).click();
  await turns(10);
  assert.deepEqual(sent, []);
  page.close();
});

test('Cancel: nothing is sent, the text stays in the box, a later verdict changes nothing', async () => {
  const host = gatedHost({ verdict_timeout_ms: 30 });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  page.key(editor);
  await stillChecking(page);
  page.button(t('button_cancel')).click();
  assert.equal(holdPill(page), null);
  host.release(0);
  await turns(10);
  assert.deepEqual(sent, []);
  assert.equal(editor.textContent, 'Hi there');
  assert.deepEqual(page.toasts(), [], 'the user chose it: no banner');
  // Sending again checks again and sends.
  page.key(editor);
  await waitFor(() => host.sent('scan').length === 2);
  host.release(1);
  await waitFor(() => sent.length === 1);
  assert.deepEqual(sent, [['enter', 'Hi there']]);
  page.close();
});

test('Wait: back to checking and still waiting; the verdict then sends', async () => {
  const host = gatedHost({ verdict_timeout_ms: 30 });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  page.key(editor);
  await stillChecking(page);
  page.button(t('button_wait')).click();
  assert.ok(holdPill(page).textContent.includes(t('notice_holding_send')), 'back to checking');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(sent, [], 'still waiting');
  assert.ok(holdPill(page), 'still held');
  host.release(0);
  await waitFor(() => sent.length === 1, { what: 'the send' });
  assert.deepEqual(sent, [['enter', 'Hi there']]);
  page.close();
});

test('an edit of the box while the send is held cancels it: nothing is sent, the edit stays', async () => {
  const host = gatedHost({ verdict_timeout_ms: 30 });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  page.key(editor);
  await waitFor(() => host.sent('scan').length === 1);
  editor.querySelector('p').firstChild.appendData(' and more');
  editor.dispatchEvent(new page.win.InputEvent('input', { bubbles: true, inputType: 'insertText', data: ' and more' }));
  await turns();
  assert.equal(holdPill(page), null, 'no longer held');
  host.release(0);
  await turns(10);
  assert.deepEqual(sent, [], 'the changed message is not sent');
  assert.equal(host.sent('scan').length, 1, 'nor checked again by itself');
  assert.equal(editor.textContent, 'Hi there and more');
  page.key(editor);
  await waitFor(() => host.sent('scan').length === 2);
  host.release(1);
  await waitFor(() => sent.length === 1);
  assert.deepEqual(sent, [['enter', 'Hi there and more']]);
  page.close();
});

test('fail open is unchanged: held up to the budget, then sent unchecked with the notice; the late verdict changes nothing', async () => {
  const host = gatedHost({ fail_mode: 'open', verdict_timeout_ms: 60 });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  page.key(editor);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(sent, [], 'held within the budget');
  await waitFor(() => sent.length === 1, { what: 'the fail-open send' });
  assert.ok(page.toasts().some((s) => s.includes(t('banner_failed_open'))));
  assert.equal(page.button(t('button_wait')), null, 'no question under fail open');
  host.releaseAll();
  await turns(10);
  assert.deepEqual(sent, [['enter', 'Hi there']], 'sent once');
  page.close();
});

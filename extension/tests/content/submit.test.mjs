import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNativeHost, findingOf, verdictReply } from '../helpers/fake_host.mjs';
import { messages } from '../helpers/i18n.mjs';
import { deferred, openPage, waitFor } from '../helpers/page.mjs';

const t = messages('en');
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const EDITOR = '<main><div id="composer"><div id="prompt-textarea" class="ProseMirror" contenteditable="true"><p>Hi there</p></div><button data-testid="send-button" type="button">Send</button><button id="attach" type="button">+</button></div></main><nav><button id="elsewhere" type="button">Menu</button></nav>';

function hostFor(action, extra = {}) {
  return new FakeNativeHost({
    onScan: (r) => (r.text.includes(KEY)
      ? verdictReply(r, { action, findings: [findingOf(r.text, KEY, { action })], masked_text: r.text.replace(KEY, '[REDACTED]'), ...extra })
      : verdictReply(r)),
  });
}

/** The chat site: sends on Enter (without Shift) and on its send button, reading its editor. */
function chatSite(page) {
  const editor = page.$('#prompt-textarea');
  const sent = [];
  const text = () => editor.textContent;
  editor.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      sent.push(['enter', text()]);
    }
  });
  page.$('[data-testid="send-button"]').addEventListener('click', () => sent.push(['click', text()]));
  return { editor, sent };
}

async function turns(n = 5) {
  for (let i = 0; i < n; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
}

test('Enter in the prompt box is held, the text scanned, and on allow the submission replayed exactly once', async () => {
  const gate = deferred();
  const host = new FakeNativeHost({ onScan: (r) => gate.promise.then(() => verdictReply(r)) });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  const event = page.key(editor);
  assert.equal(event.defaultPrevented, true);
  await waitFor(() => host.sent('scan').length === 1);
  assert.deepEqual(sent, [], 'nothing is sent while no verdict is known');
  gate.resolve();
  await waitFor(() => sent.length === 1, { what: 'the replay' });
  await turns();
  assert.deepEqual(sent, [['enter', 'Hi there']]);
  assert.deepEqual(host.sent('scan').map((r) => [r.event, r.text]), [['submit', 'Hi there']]);
  page.close();
});

test('Shift+Enter is left to the page; an IME confirming a word keeps its default but never reaches the page', async () => {
  const page = await openPage({ body: EDITOR });
  const { editor, sent } = chatSite(page);
  assert.equal(page.key(editor, 'Enter', { shiftKey: true }).defaultPrevented, false);
  assert.equal(page.key(editor, 'Enter', { isComposing: true }).defaultPrevented, false); // see submit_keys.test.mjs
  assert.deepEqual(sent, []);
  assert.equal(page.host.sent('scan').length, 0);
  page.close();
});

test('the send button is held and its click replayed once on allow', async () => {
  const page = await openPage({ body: EDITOR });
  const { sent } = chatSite(page);
  const event = page.click(page.$('[data-testid="send-button"]'));
  assert.equal(event.defaultPrevented, true);
  await waitFor(() => sent.length === 1);
  await turns();
  assert.deepEqual(sent, [['click', 'Hi there']]);
  page.close();
});

test('other buttons in the composer are held too (selectors drift); buttons elsewhere are not', async () => {
  const page = await openPage({ body: EDITOR });
  chatSite(page);
  const attached = [];
  page.$('#attach').addEventListener('click', () => attached.push('attach'));
  assert.equal(page.click(page.$('#attach')).defaultPrevented, true);
  await waitFor(() => attached.length === 1);
  assert.equal(page.click(page.$('#elsewhere')).defaultPrevented, false);
  assert.equal(page.host.sent('scan').length, 1);
  page.close();
});

test('an empty box is sent without asking; text approved once is not asked about again', async () => {
  const page = await openPage({ body: EDITOR });
  const { editor, sent } = chatSite(page);
  page.key(editor);
  await waitFor(() => sent.length === 1);
  assert.equal(page.key(editor).defaultPrevented, true, 'the replayed approval passes; the page handles a new Enter itself');
  assert.equal(page.host.sent('scan').length, 1);
  editor.innerHTML = '<p><br></p>';
  assert.equal(page.click(page.$('[data-testid="send-button"]')).defaultPrevented, false);
  assert.equal(page.host.sent('scan').length, 1);
  page.close();
});

test('a form submit is held and replayed once, with its submitter', async () => {
  const page = await openPage({ url: 'https://huggingface.co/chat/', body: '<form id="f"><textarea name="q">hello there</textarea><button type="submit" name="submit" id="go">Go</button></form>' });
  const submits = [];
  page.$('#f').addEventListener('submit', (e) => {
    e.preventDefault();
    submits.push(e.submitter?.id ?? null);
  });
  page.click(page.$('#go'));
  await waitFor(() => submits.length === 1, { what: 'the replayed submit' });
  page.$('#f').querySelector('textarea').value = 'something new';
  page.$('#f').requestSubmit();
  await waitFor(() => submits.length === 2);
  await turns();
  assert.deepEqual(submits, ['go', null]);
  assert.deepEqual(page.host.sent('scan').map((r) => r.text), ['hello there', 'something new']);
  page.close();
});

test('Enter the page leaves alone gets its new line after the check', async () => {
  const page = await openPage({ body: '<textarea id="prompt-textarea">first line</textarea>' });
  const box = page.$('#prompt-textarea');
  box.setSelectionRange(10, 10);
  page.key(box);
  await waitFor(() => box.value === 'first line\n', { what: 'the new line' });
  page.close();
});

test('block on submit: nothing is sent, the text stays for the user to fix', async () => {
  const page = await openPage({ host: hostFor('block'), body: EDITOR });
  const { editor, sent } = chatSite(page);
  editor.innerHTML = `<p>my key ${KEY}</p>`;
  page.key(editor);
  await waitFor(() => page.dialog());
  assert.deepEqual(sent, []);
  assert.equal(editor.textContent, `my key ${KEY}`);
  page.close();
});

test('mask on submit: the box gets the masked text, is not sent, and Undo brings the typed text back', async () => {
  const page = await openPage({ host: hostFor('mask'), body: EDITOR });
  const { editor, sent } = chatSite(page);
  editor.innerHTML = `<p>my key ${KEY}</p>`;
  page.key(editor);
  await waitFor(() => editor.textContent === 'my key [REDACTED]', { what: 'the masked text' });
  await turns();
  assert.deepEqual(sent, []);
  page.button(t('button_undo')).click();
  assert.equal(editor.textContent, `my key ${KEY}`);
  page.close();
});

test('warn, send masked on submit: the masked text is sent, once', async () => {
  const page = await openPage({ host: hostFor('warn'), body: EDITOR });
  const { editor, sent } = chatSite(page);
  editor.innerHTML = `<p>my key ${KEY}</p>`;
  page.click(page.$('[data-testid="send-button"]'));
  await waitFor(() => page.dialog());
  page.button(t('button_send_masked')).click();
  await waitFor(() => sent.length === 1, { what: 'the masked send' });
  await turns();
  assert.deepEqual(sent, [['click', 'my key [REDACTED]']]);
  page.close();
});

test('a value the user already sent anyway when pasting is not asked about again on submit', async () => {
  const host = hostFor('warn', { override: { allowed: true, justification_required: false, min_justification_chars: 0 } });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  editor.innerHTML = '<p>x</p>';
  page.paste(editor.querySelector('p').firstChild, { text: `key ${KEY}` });
  await waitFor(() => page.dialog());
  page.button(t('button_send_anyway')).click();
  await waitFor(() => editor.textContent.includes(KEY));
  page.key(editor);
  await waitFor(() => sent.length === 1, { what: 'the send' });
  assert.equal(host.sent('scan').length, 2, 'still checked on submit');
  assert.equal(page.dialog(), null, 'but not asked again');
  page.close();
});

test('text typed while the check ran is checked before anything is sent', async () => {
  const gate = deferred();
  const host = new FakeNativeHost({ onScan: (r) => (r.text === 'Hi there' ? gate.promise.then(() => verdictReply(r)) : verdictReply(r)) });
  const page = await openPage({ host, body: EDITOR });
  const { editor, sent } = chatSite(page);
  page.key(editor);
  await waitFor(() => host.sent('scan').length === 1);
  editor.innerHTML = '<p>Hi there and more</p>';
  gate.resolve();
  await waitFor(() => sent.length === 1);
  assert.deepEqual(host.sent('scan').map((r) => r.text), ['Hi there', 'Hi there and more']);
  assert.deepEqual(sent, [['enter', 'Hi there and more']]);
  page.close();
});

test('no verdict in time on submit (fail closed): nothing is sent, no banner, the send stays held (hold_send.test.mjs)', async () => {
  const page = await openPage({ host: new FakeNativeHost({ policy: { verdict_timeout_ms: 20 }, onScan: () => undefined }), body: EDITOR });
  const { editor, sent } = chatSite(page);
  page.key(editor);
  await waitFor(() => page.button(t('button_wait')), { what: 'the still-checking question' });
  await turns();
  assert.deepEqual(sent, []);
  assert.ok(!page.toasts().some((s) => s.includes(t('banner_timeout'))), 'no "did not answer" banner');
  assert.equal(editor.textContent, 'Hi there');
  page.close();
});

test('an extension reloaded under the page blocks and asks for a reload', async () => {
  const page = await openPage({ body: EDITOR });
  const { editor, sent } = chatSite(page);
  page.win.chrome.runtime.sendMessage = () => Promise.reject(new Error('Extension context invalidated.'));
  page.key(editor);
  await waitFor(() => page.toasts().some((s) => s.includes(t('banner_extension_reloaded'))));
  assert.deepEqual(sent, []);
  page.close();
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNativeHost, findingOf, verdictReply } from '../helpers/fake_host.mjs';
import { messages } from '../helpers/i18n.mjs';
import { deferred, openPage, waitFor } from '../helpers/page.mjs';

const t = messages('en');
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const PROSEMIRROR = '<form><div id="prompt-textarea" class="ProseMirror" contenteditable="true"><p>Hi </p></div><button data-testid="send-button" type="button">Send</button></form>';

/** A host whose verdict on any text holding KEY is `action`, masking it as [REDACTED]. */
function hostFor(action, extra = {}) {
  return new FakeNativeHost({
    onScan: (r) => (r.text.includes(KEY)
      ? verdictReply(r, { action, findings: [findingOf(r.text, KEY, { action })], masked_text: r.text.replace(KEY, '[REDACTED]'), ...extra })
      : verdictReply(r)),
  });
}

function watch(target, types) {
  const seen = [];
  for (const type of types) target.addEventListener(type, (e) => seen.push(type === 'input' ? `input:${e.inputType}` : type));
  return seen;
}

test('a paste into a textarea is held until the verdict, then inserted at the caret', async () => {
  const gate = deferred();
  const host = new FakeNativeHost({ onScan: (r) => gate.promise.then(() => verdictReply(r)) });
  const page = await openPage({ host, body: '<textarea id="prompt-textarea">Hello world</textarea>' });
  const box = page.$('#prompt-textarea');
  box.setSelectionRange(6, 6);
  const seen = watch(box, ['paste', 'input']);
  const event = page.paste(box, { text: 'big ' });
  assert.equal(event.defaultPrevented, true);
  await waitFor(() => host.sent('scan').length === 1, { what: 'the scan' });
  assert.equal(box.value, 'Hello world', 'nothing is inserted while no verdict is known');
  assert.deepEqual(seen, [], "the page's own paste handlers never run");
  gate.resolve();
  await waitFor(() => box.value === 'Hello big world', { what: 'the insertion' });
  assert.deepEqual(seen, ['input:insertText'], 'the page sees an ordinary edit');
  assert.deepEqual(host.sent('scan').map((r) => [r.event, r.text]), [['paste', 'big ']]);
  page.close();
});

test('a paste into a ProseMirror-like editor is held, then inserted as lines', async () => {
  const gate = deferred();
  const host = new FakeNativeHost({ onScan: (r) => gate.promise.then(() => verdictReply(r)) });
  const page = await openPage({ host, body: PROSEMIRROR });
  const editor = page.$('#prompt-textarea');
  const seen = watch(editor, ['paste', 'beforeinput', 'input']);
  const text = editor.querySelector('p').firstChild;
  const range = page.doc.createRange();
  range.setStart(text, 3);
  page.doc.getSelection().removeAllRanges();
  page.doc.getSelection().addRange(range);
  assert.equal(page.paste(text, { text: 'line one\nline two', html: '<b>line one</b><br>line two' }).defaultPrevented, true);
  await waitFor(() => host.sent('scan').length === 1);
  assert.equal(editor.textContent, 'Hi ');
  gate.resolve();
  await waitFor(() => editor.textContent.includes('line two'), { what: 'the insertion' });
  assert.equal(editor.innerHTML, '<p>Hi line one<br>line two</p>');
  assert.deepEqual(seen, ['beforeinput', 'input:insertText']);
  page.close();
});

test('where the browser has execCommand, it inserts the text (and nothing is inserted twice)', async () => {
  const page = await openPage();
  const box = page.$('#prompt-textarea');
  const calls = [];
  page.doc.execCommand = (command, _ui, value) => {
    calls.push([command, value]);
    box.setRangeText(value, box.selectionStart, box.selectionEnd, 'end');
    return true;
  };
  page.paste(box, { text: 'via the browser' });
  await waitFor(() => box.value === 'via the browser');
  assert.deepEqual(calls, [['insertText', 'via the browser']]);
  page.close();
});

test('mask: the masked text goes in instead, with a notice whose Undo takes it out again', async () => {
  const page = await openPage({ host: hostFor('mask') });
  const box = page.$('#prompt-textarea');
  box.value = 'Config: ';
  box.setSelectionRange(8, 8);
  page.paste(box, { text: `key ${KEY}` });
  await waitFor(() => box.value === 'Config: key [REDACTED]', { what: 'the masked insertion' });
  assert.ok(!box.value.includes(KEY));
  assert.deepEqual(page.toasts().map((s) => s.includes(t('notice_masked', ['1']))), [true]);
  page.button(t('button_undo')).click();
  assert.equal(box.value, 'Config: ');
  page.close();
});

test('block: nothing goes in, and a dialog explains what was found without showing it', async () => {
  const page = await openPage({ host: hostFor('block', { override: { allowed: false, justification_required: false, min_justification_chars: 0 } }) });
  const box = page.$('#prompt-textarea');
  box.focus();
  page.paste(box, { text: `key ${KEY}` });
  const dialog = await waitFor(() => page.dialog(), { what: 'the block dialog' });
  assert.equal(box.value, '');
  assert.equal(dialog.getAttribute('aria-modal'), 'true');
  assert.equal(page.ui().getElementById(dialog.getAttribute('aria-labelledby')).textContent, t('overlay_title_block'));
  assert.ok(page.uiText().includes(t('category_secret')));
  assert.ok(page.uiText().includes('AKI\u2022'));
  assert.ok(!page.uiText().includes(KEY), 'the value itself is never shown');
  assert.ok(page.uiText().includes(t('block_what_to_do')));
  assert.ok(!page.doc.body.innerHTML.includes('AKI'), "nothing of it reaches the page's DOM");
  page.button(t('button_ok')).click();
  assert.equal(page.dialog(), null);
  assert.equal(page.doc.activeElement, box, 'focus goes back where it was');
  assert.equal(box.value, '');
  page.close();
});

test('warn, cancel: nothing goes in and the choice is recorded', async () => {
  const page = await openPage({ host: hostFor('warn') });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: `key ${KEY}` });
  await waitFor(() => page.dialog());
  assert.ok(page.button(t('button_send_masked')));
  page.button(t('button_cancel')).click();
  await waitFor(() => page.host.sent('decision').length === 1, { what: 'the decision' });
  assert.equal(page.host.sent('decision')[0].user_action, 'cancel');
  assert.equal(box.value, '');
  page.close();
});

test('warn, send masked: the masked text goes in and the choice is recorded', async () => {
  const page = await openPage({ host: hostFor('warn') });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: `key ${KEY}` });
  await waitFor(() => page.dialog());
  page.button(t('button_send_masked')).click();
  await waitFor(() => box.value === 'key [REDACTED]');
  await waitFor(() => page.host.sent('decision').length === 1);
  assert.equal(page.host.sent('decision')[0].user_action, 'send_masked');
  page.close();
});

test('warn, send anyway: a justification of the required length is asked for, then the original goes in', async () => {
  const page = await openPage({ host: hostFor('warn') });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: `key ${KEY}` });
  await waitFor(() => page.dialog());
  page.button(t('button_send_anyway')).click();
  const why = page.ui().querySelector('textarea');
  assert.ok(why, 'a justification field appears');
  assert.equal(page.ui().activeElement, why);
  const confirm = page.button(t('button_confirm_send_anyway'));
  assert.equal(confirm.disabled, true);
  why.value = 'too short';
  why.dispatchEvent(new page.win.Event('input', { bubbles: true }));
  assert.equal(confirm.disabled, true);
  why.value = 'ticket 4711 needs the real key';
  why.dispatchEvent(new page.win.Event('input', { bubbles: true }));
  assert.equal(confirm.disabled, false);
  confirm.click();
  await waitFor(() => box.value === `key ${KEY}`, { what: 'the original text' });
  const [decision] = page.host.sent('decision');
  assert.deepEqual([decision.user_action, decision.justification], ['send_anyway', 'ticket 4711 needs the real key']);
  page.close();
});

test('warn, send anyway refused by the host: nothing goes in and the user is told', async () => {
  const host = hostFor('warn', { override: { allowed: true, justification_required: false, min_justification_chars: 0 } });
  host.onDecision = () => ({ allowed: false, reason: 'the policy does not let the user send this anyway' });
  const page = await openPage({ host });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: `key ${KEY}` });
  await waitFor(() => page.dialog());
  page.button(t('button_send_anyway')).click();
  await waitFor(() => page.uiText().includes(t('decision_refused')), { what: 'the refusal' });
  assert.equal(box.value, '');
  page.close();
});

test('warn without override or masked text offers only Cancel', async () => {
  const page = await openPage({ host: hostFor('warn', { masked_text: null, override: { allowed: false, justification_required: false, min_justification_chars: 0 } }) });
  page.paste(page.$('#prompt-textarea'), { text: `key ${KEY}` });
  await waitFor(() => page.dialog());
  assert.deepEqual([...page.dialog().querySelectorAll('button')].map((b) => b.textContent), [t('button_cancel')]);
  page.close();
});

test('no verdict in time: the paste is held, not dropped (see hold.test.mjs); a host that dies says so', async () => {
  const host = new FakeNativeHost({ policy: { verdict_timeout_ms: 20 }, onScan: () => undefined });
  const page = await openPage({ host });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: 'anything' });
  await waitFor(() => page.ui()?.querySelector('.hold')?.textContent.includes(t('notice_still_checking')), { what: 'still checking' });
  assert.ok(!page.toasts().some((s) => s.includes(t('banner_timeout'))), 'the budget alone never drops a paste');
  host.crash(); // the host goes away: the held request fails at once, and the user is told
  await waitFor(() => page.toasts().some((s) => s.includes(t('banner_unavailable'))), { what: 'the banner' });
  assert.equal(page.ui().querySelector('.toast.alert').getAttribute('role'), 'alert');
  assert.equal(page.ui().querySelector('.hold'), null);
  assert.equal(box.value, '');
  page.close();
});

test('fail open: without a verdict the paste goes in, with a notice', async () => {
  const late = (r) => new Promise((resolve) => setTimeout(() => resolve(verdictReply(r)), 200));
  const page = await openPage({ host: new FakeNativeHost({ policy: { fail_mode: 'open', verdict_timeout_ms: 20 }, onScan: late }) });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: 'anything' });
  await waitFor(() => box.value === 'anything');
  assert.ok(page.toasts().some((s) => s.includes(t('banner_failed_open'))));
  page.close();
});

test('a paste of only an image (a screenshot) is held and sent to the host to be read', async () => {
  const page = await openPage();
  const box = page.$('#prompt-textarea');
  const pastes = [];
  box.addEventListener('paste', (e) => pastes.push([...e.clipboardData.files].map((f) => f.name)));
  const event = page.paste(box, { files: [page.file('PNG', 'shot.png', 'image/png')] });
  assert.equal(event.defaultPrevented, true);
  await waitFor(() => pastes.length === 1, { what: 'the approved paste' });
  assert.deepEqual(page.host.sent('scan_file').map((r) => [r.event, r.name]), [['paste', 'shot.png']]);
  assert.deepEqual(pastes, [['shot.png']]);
  page.close();
});

test('on a page the policy does not guard, pastes are not touched', async () => {
  const page = await openPage({ url: 'https://x.com/home' });
  const box = page.$('#prompt-textarea');
  const seen = watch(box, ['paste']);
  const event = page.paste(box, { text: 'hello' });
  assert.equal(event.defaultPrevented, false);
  assert.deepEqual(seen, ['paste']);
  page.close();
});

test('text pasted with an image reaches the page as one new event; a plain field still gets the text', async () => {
  const page = await openPage();
  const box = page.$('#prompt-textarea');
  const pastes = [];
  box.addEventListener('paste', (e) => pastes.push([e.clipboardData.getData('text/plain'), [...e.clipboardData.files].map((f) => f.name)]));
  page.paste(box, { text: 'a caption', files: [page.file('PNG', 'shot.png', 'image/png')] });
  await waitFor(() => box.value === 'a caption', { what: 'the text' });
  assert.deepEqual(pastes, [['a caption', ['shot.png']]]);
  assert.deepEqual(page.host.sent('scan').map((r) => r.text), ['a caption']);
  assert.equal(page.host.sent('scan_file').length, 1, 'the image is read by the host too');
  page.close();
});

test('HTML-only clipboard content is checked and inserted as its visible text (hidden parts checked too, see html_clipboard.test.mjs)', async () => {
  const page = await openPage();
  const box = page.$('#prompt-textarea');
  page.paste(box, { html: '<html><head><style>p { color: red }</style></head><body><p>Hello <b>there</b></p><p>second</p></body></html>' });
  await waitFor(() => box.value === 'Hello there\nsecond');
  assert.deepEqual(page.host.sent('scan').map((r) => r.text), ['Hello there\nsecond\n\n[other clipboard content]\np { color: red }']);
  page.close();
});

test('a block the policy lets the user override asks like a warning, under the block title', async () => {
  const host = hostFor('block', { override: { allowed: true, justification_required: false, min_justification_chars: 0 } });
  const page = await openPage({ host });
  const box = page.$('#prompt-textarea');
  box.focus();
  page.paste(box, { text: `key ${KEY}` });
  const dialog = await waitFor(() => page.dialog(), { what: 'the override dialog' });
  assert.equal(page.ui().getElementById(dialog.getAttribute('aria-labelledby')).textContent, t('overlay_title_block'));
  assert.equal(box.value, '');
  page.button(t('button_send_anyway')).click();
  await waitFor(() => box.value !== '', { what: 'the original text after send anyway' });
  assert.equal(box.value, `key ${KEY}`);
  page.close();
});
